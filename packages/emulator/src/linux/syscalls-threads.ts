/**
 * Thread syscalls: clone (glibc's pthread flags), exit (one thread), futex and futex_time64, sched_yield,
 * nanosleep and clock_nanosleep. Blocking ones answer 'switched': the calling thread left its CPU and the
 * registers now belong to another thread (or the CPU is idle), so the caller must not write r0.
 */
import type { ExceptionEvent } from '../exceptions/hooks.js';
import { MemoryFault } from '../memory/fault.js';
import {
  FUTEX_BITSET_MATCH_ANY,
  FUTEX_CLOCK_REALTIME,
  FUTEX_CMP_REQUEUE,
  FUTEX_CMP_REQUEUE_PI,
  FUTEX_LOCK_PI,
  FUTEX_LOCK_PI2,
  FUTEX_PRIVATE_FLAG,
  FUTEX_REQUEUE,
  FUTEX_TRYLOCK_PI,
  FUTEX_UNLOCK_PI,
  FUTEX_WAIT,
  FUTEX_WAIT_BITSET,
  FUTEX_WAIT_REQUEUE_PI,
  FUTEX_WAKE,
  FUTEX_WAKE_BITSET,
  FUTEX_WAKE_OP,
} from './futex.js';
import { StructWriter } from './guest-memory.js';
import type { SyscallContext } from './personality.js';
import {
  EAGAIN,
  EINVAL,
  ENOSYS,
  ETIMEDOUT,
  NR_clock_nanosleep,
  NR_clock_nanosleep_time64,
  NR_clone,
  NR_exit,
  NR_futex,
  NR_futex_time64,
  NR_nanosleep,
  NR_sched_yield,
} from './syscalls.js';

export const CLONE_VM = 0x100;
export const CLONE_FS = 0x200;
export const CLONE_FILES = 0x400;
export const CLONE_SIGHAND = 0x800;
export const CLONE_VFORK = 0x4000;
export const CLONE_THREAD = 0x10000;
export const CLONE_SYSVSEM = 0x40000;
export const CLONE_SETTLS = 0x80000;
export const CLONE_PARENT_SETTID = 0x100000;
export const CLONE_CHILD_CLEARTID = 0x200000;
export const CLONE_DETACHED = 0x400000;
export const CLONE_CHILD_SETTID = 0x1000000;
export const CLONE_IO = 0x80000000;
/** What a thread (as opposed to a process) needs: qemu-arm's CLONE_THREAD_FLAGS. */
export const CLONE_THREAD_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
const CLONE_OPTIONAL_THREAD_FLAGS = CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;
const CLONE_IGNORED_FLAGS = CLONE_DETACHED | CLONE_IO;
/** The exit signal in the low byte. */
const CSIGNAL = 0xff;

const TIMER_ABSTIME = 1;

/** Runs a thread syscall: a result, 'switched' (see above), 'stopped' (the process ended), or undefined. */
export function threadSyscall(
  c: SyscallContext,
  nr: number,
  event: ExceptionEvent,
): number | 'switched' | 'stopped' | undefined {
  switch (nr) {
    case NR_clone:
      return clone(c, event);
    case NR_exit:
      return exitThread(c, event);
    case NR_futex:
    case NR_futex_time64:
      return futex(c, event, nr === NR_futex_time64);
    case NR_sched_yield:
      return c.user.threads.yield(c.cpu, event) ? 'switched' : 0;
    case NR_nanosleep:
      return sleep(c, event, 1, 0, c.cpu.regs[0]! >>> 0, false);
    case NR_clock_nanosleep:
    case NR_clock_nanosleep_time64: {
      const r = c.cpu.regs;
      return sleep(c, event, r[0]!, r[1]! >>> 0, r[2]! >>> 0, nr === NR_clock_nanosleep_time64);
    }
    default:
      return undefined;
  }
}

function clone(c: SyscallContext, event: ExceptionEvent): number | 'switched' {
  const r = c.cpu.regs;
  let flags = r[0]! >>> 0;
  const stack = r[1]! >>> 0;
  const parentTid = r[2]! >>> 0;
  const tls = r[3]! >>> 0;
  const childTid = r[4]! >>> 0;
  // vfork shares nothing here: it is a fork (qemu-arm does the same).
  if (flags & CLONE_VFORK) flags = (flags & ~(CLONE_VFORK | CLONE_VM)) >>> 0;
  if (!(flags & CLONE_VM)) {
    c.user.options.onWarning?.(
      `clone without CLONE_VM (a new process, flags 0x${flags.toString(16)}) is not supported: ENOSYS`,
    );
    return -ENOSYS;
  }
  const allowed = CSIGNAL | CLONE_THREAD_FLAGS | CLONE_OPTIONAL_THREAD_FLAGS | CLONE_IGNORED_FLAGS;
  if ((flags & CLONE_THREAD_FLAGS) >>> 0 !== CLONE_THREAD_FLAGS || (flags & ~allowed) !== 0) {
    c.user.options.onWarning?.(
      `clone flags 0x${flags.toString(16)} are not a thread's (CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM, optionally SETTLS, PARENT_SETTID, CHILD_SETTID, CHILD_CLEARTID): EINVAL`,
    );
    return -EINVAL;
  }
  const cpu = c.cpu;
  const parent = c.thread;
  const child = c.user.threads.spawn((context) => {
    context.regs.set(cpu.regs);
    context.regs[0] = 0;
    if (stack !== 0) context.regs[13] = stack;
    context.regs[15] = event.resumeAt;
    context.cpsr = cpu.cpsr;
    context.vfp.set(cpu.vfp);
    context.fpscr = cpu.fpscr;
    context.tpidruro = flags & CLONE_SETTLS ? tls : cpu.cp15.tpidruro;
    context.tpidrurw = cpu.cp15.tpidrurw;
  });
  child.signalMask.set(parent.signalMask);
  if (flags & CLONE_CHILD_CLEARTID) child.clearChildTid = childTid;
  const put = (address: number): void => {
    try {
      c.mem.write(address, new StructWriter(4).u32(0, child.tid).bytes);
    } catch (error) {
      // The kernel ignores a bad tid pointer here too.
      if (!(error instanceof MemoryFault)) throw error;
    }
  };
  if (flags & CLONE_PARENT_SETTID) put(parentTid);
  if (flags & CLONE_CHILD_SETTID) put(childTid);
  return child.tid;
}

/**
 * SYS_exit of one thread: its CLONE_CHILD_CLEARTID word is cleared and one shared waiter on it woken (the
 * kernel's mm_release: how pthread_join learns of it); the last thread's exit ends the process.
 */
function exitThread(c: SyscallContext, event: ExceptionEvent): 'switched' | 'stopped' {
  const status = c.cpu.regs[0]! & 0xff;
  const threads = c.user.threads;
  const thread = c.thread;
  if (thread.clearChildTid !== 0) {
    const address = thread.clearChildTid;
    try {
      c.mem.write(address, new Uint8Array(4));
      for (const t of c.user.futexes.take(address, false, 1)) threads.wake(t, 0);
    } catch (error) {
      if (!(error instanceof MemoryFault)) throw error;
    }
  }
  if (threads.exit(c.cpu, event)) {
    event.stop({ reason: 'exit', status });
    return 'stopped';
  }
  return 'switched';
}

/** A timespec at `address`: 32-bit fields, or time64 (s64 seconds, nanoseconds in the low word). Null when invalid. */
function readTimespec(c: SyscallContext, address: number, time64: boolean): number | null {
  let seconds: number;
  let nanoseconds: number;
  if (time64) {
    const b = c.mem.read(address, 12);
    const v = new DataView(b.buffer, b.byteOffset, 12);
    seconds = v.getInt32(4, true) * 2 ** 32 + v.getUint32(0, true);
    nanoseconds = v.getInt32(8, true);
  } else {
    const b = c.mem.read(address, 8);
    const v = new DataView(b.buffer, b.byteOffset, 8);
    seconds = v.getInt32(0, true);
    nanoseconds = v.getInt32(4, true);
  }
  if (seconds < 0 || nanoseconds < 0 || nanoseconds >= 1e9) return null;
  return seconds * 1e9 + nanoseconds;
}

/** An absolute time on clock `clock` (0 REALTIME, else monotonic) as monotonic nanoseconds. */
function monotonicDeadline(c: SyscallContext, value: number, realtime: boolean): number {
  return realtime ? value - c.user.epochSeconds * 1e9 : value;
}

function futex(c: SyscallContext, event: ExceptionEvent, time64: boolean): number | 'switched' {
  const r = c.cpu.regs;
  const address = r[0]! >>> 0;
  const op = r[1]! >>> 0;
  const val = r[2]! >>> 0;
  const timeout = r[3]! >>> 0;
  const address2 = r[4]! >>> 0;
  const val3 = r[5]! >>> 0;
  const isPrivate = (op & FUTEX_PRIVATE_FLAG) !== 0;
  const realtime = (op & FUTEX_CLOCK_REALTIME) !== 0;
  const cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
  const { futexes, threads } = c.user;
  if (
    realtime &&
    cmd !== FUTEX_WAIT &&
    cmd !== FUTEX_WAIT_BITSET &&
    cmd !== FUTEX_WAIT_REQUEUE_PI &&
    cmd !== FUTEX_LOCK_PI2
  )
    return -ENOSYS;
  const wakeUp = (from: number, count: number, bitset = FUTEX_BITSET_MATCH_ANY): number => {
    const woken = futexes.take(from, isPrivate, count, bitset);
    for (const t of woken) threads.wake(t, 0);
    return woken.length;
  };
  switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      const bitset = cmd === FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3;
      if (bitset === 0 || address & 3) return -EINVAL;
      let deadline: number | null = null;
      if (timeout !== 0) {
        const t = readTimespec(c, timeout, time64);
        if (t === null) return -EINVAL;
        // FUTEX_WAIT: relative (CLOCK_MONOTONIC); FUTEX_WAIT_BITSET: absolute on the flag's clock.
        deadline = cmd === FUTEX_WAIT ? threads.now() + t : monotonicDeadline(c, t, realtime);
      }
      if (c.mem.word(address) >>> 0 !== val) return -EAGAIN;
      if (deadline !== null && deadline <= threads.now()) return -ETIMEDOUT;
      const thread = threads.block(c.cpu, event, {
        kind: 'futex',
        address,
        private: isPrivate,
        bitset,
        deadline,
        timeoutResult: -ETIMEDOUT,
      });
      futexes.enqueue(thread);
      return 'switched';
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
      const bitset = cmd === FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3;
      if (bitset === 0 || address & 3) return -EINVAL;
      return wakeUp(address, Math.max(0, val | 0), bitset);
    }
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE: {
      const wakeCount = val | 0;
      const requeueCount = timeout | 0;
      if (wakeCount < 0 || requeueCount < 0 || address & 3 || address2 & 3) return -EINVAL;
      if (cmd === FUTEX_CMP_REQUEUE && c.mem.word(address) >>> 0 !== val3) return -EAGAIN;
      const woken = wakeUp(address, wakeCount);
      return woken + futexes.requeue(address, address2, isPrivate, requeueCount);
    }
    case FUTEX_WAKE_OP:
      return wakeOp(c, address, address2, val | 0, timeout | 0, val3, wakeUp);
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI:
    case FUTEX_WAIT_REQUEUE_PI:
    case FUTEX_CMP_REQUEUE_PI:
      c.user.options.onWarning?.(`futex op ${cmd} (priority inheritance) is not supported: ENOSYS`);
      return -ENOSYS;
    default:
      return -ENOSYS;
  }
}

/**
 * FUTEX_WAKE_OP: atomically `*address2 = oldval OP oparg`, wake `wake` waiters on `address`, and when
 * `oldval CMP cmparg` also `wake2` on `address2` (val3 encodes op, cmp, oparg, cmparg as the kernel does).
 */
function wakeOp(
  c: SyscallContext,
  address: number,
  address2: number,
  wake: number,
  wake2: number,
  encoded: number,
  wakeUp: (from: number, count: number) => number,
): number {
  if (address & 3 || address2 & 3) return -EINVAL;
  const operation = (encoded >>> 28) & 7;
  const comparison = (encoded >>> 24) & 15;
  let oparg = (encoded << 8) >> 20;
  const cmparg = (encoded << 20) >> 20;
  if (encoded & (8 << 28)) oparg = 1 << (oparg & 31);
  if (operation > 4 || comparison > 5) return -ENOSYS;
  const old = c.mem.word(address2) | 0;
  const next = [oparg, old + oparg, old | oparg, old & ~oparg, old ^ oparg][operation]!;
  c.mem.write(address2, new StructWriter(4).u32(0, next).bytes);
  let woken = wakeUp(address, Math.max(0, wake));
  const holds = [old === cmparg, old !== cmparg, old < cmparg, old <= cmparg, old > cmparg, old >= cmparg][comparison]!;
  if (holds) woken += wakeUp(address2, Math.max(0, wake2));
  return woken;
}

/** nanosleep / clock_nanosleep: the thread blocks until the deadline (result 0). */
function sleep(
  c: SyscallContext,
  event: ExceptionEvent,
  clock: number,
  flags: number,
  request: number,
  time64: boolean,
): number | 'switched' {
  // REALTIME 0, MONOTONIC 1, BOOTTIME 7, TAI 11; the CPU-time clocks cannot be slept on here.
  if (clock !== 0 && clock !== 1 && clock !== 7 && clock !== 11) return -EINVAL;
  const t = readTimespec(c, request, time64);
  if (t === null) return -EINVAL;
  const threads = c.user.threads;
  const deadline = flags & TIMER_ABSTIME ? monotonicDeadline(c, t, clock === 0) : threads.now() + t;
  if (deadline <= threads.now()) return 0;
  threads.block(c.cpu, event, {
    kind: 'sleep',
    address: 0,
    private: true,
    bitset: 0,
    deadline,
    timeoutResult: 0,
  });
  return 'switched';
}
