/**
 * Signal syscalls: rt_sigaction, rt_sigprocmask, rt_sigpending, rt_sigsuspend, pause, sigaltstack, kill, tkill,
 * tgkill, sigreturn and rt_sigreturn, and the real-time interval timer (alarm, setitimer, getitimer: ITIMER_REAL) (signal-delivery.ts delivers; this file checks arguments as the kernel
 * does and moves the guest's structures).
 */
import type { ExceptionEvent } from '../exceptions/hooks.js';
import { StructWriter } from './guest-memory.js';
import type { SyscallContext } from './personality.js';
import { applyContext, contextOf, SI_KERNEL, SI_TKILL, SI_USER, SS_AUTODISARM, userInfo } from './signal-delivery.js';
import { SIGKILL, SIGSEGV } from './signals.js';
import {
  EINTR,
  EINVAL,
  ENOSYS,
  ESRCH,
  NR_alarm,
  NR_getitimer,
  NR_kill,
  NR_pause,
  NR_rt_sigaction,
  NR_rt_sigpending,
  NR_rt_sigprocmask,
  NR_rt_sigreturn,
  NR_rt_sigsuspend,
  NR_setitimer,
  NR_sigaltstack,
  NR_sigreturn,
  NR_tgkill,
  NR_tkill,
} from './syscalls.js';
import { LINUX_PID } from './threads.js';

const SIGSTOP = 19;
const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
const SIG_SETMASK = 2;
/** SIGKILL and SIGSTOP: never blocked, never caught. */
const UNBLOCKABLE_LO = (1 << (SIGKILL - 1)) | (1 << (SIGSTOP - 1));

/** Blocks the calling thread until a signal is delivered to it (rt_sigsuspend, pause): -EINTR then. */
function waitForSignal(c: SyscallContext, event: ExceptionEvent): 'switched' {
  c.user.threads.block(c.cpu, event, {
    kind: 'signal',
    address: 0,
    private: true,
    bitset: 0,
    deadline: null,
    timeoutResult: -EINTR,
  });
  return 'switched';
}

/**
 * Runs a signal syscall: a result; 'restored' (sigreturn put the frame's registers, r0 included, on the CPU);
 * 'switched' (rt_sigsuspend or pause blocked); 'stopped' (the process ended); undefined when `nr` is not one.
 */
export function signalSyscall(
  c: SyscallContext,
  nr: number,
  event: ExceptionEvent,
): number | 'restored' | 'switched' | 'stopped' | undefined {
  const r = c.cpu.regs;
  const { mem, user, thread } = c;
  const signals = user.signals;
  const a0 = r[0]! >>> 0;
  const a1 = r[1]! >>> 0;
  const a2 = r[2]! >>> 0;
  switch (nr) {
    case NR_rt_sigaction: {
      // Querying SIGKILL/SIGSTOP is allowed; changing them is not.
      if (a0 < 1 || a0 > 64 || (a1 !== 0 && (a0 === SIGKILL || a0 === SIGSTOP)) || r[3] !== 8) return -EINVAL;
      const old = user.signalActions.get(a0) ?? new Uint8Array(20);
      let next: Uint8Array | null = null;
      if (a1 !== 0) {
        next = mem.read(a1, 20);
        const v = new DataView(next.buffer, next.byteOffset, 20);
        v.setUint32(12, v.getUint32(12, true) & ~UNBLOCKABLE_LO, true);
      }
      if (a2 !== 0) mem.write(a2, old);
      if (next !== null) {
        user.signalActions.set(a0, next);
        signals.flushIgnored(a0);
      }
      return 0;
    }
    case NR_rt_sigprocmask: {
      if (r[3] !== 8) return -EINVAL;
      const old = thread.signalMask.slice();
      if (a1 !== 0) {
        const lo = mem.word(a1);
        const hi = mem.word(a1 + 4);
        const m = thread.signalMask;
        if (a0 === SIG_BLOCK) {
          m[0] = m[0]! | lo;
          m[1] = m[1]! | hi;
        } else if (a0 === SIG_UNBLOCK) {
          m[0] = m[0]! & ~lo;
          m[1] = m[1]! & ~hi;
        } else if (a0 === SIG_SETMASK) {
          m[0] = lo;
          m[1] = hi;
        } else return -EINVAL;
        m[0] = m[0]! & ~UNBLOCKABLE_LO;
      }
      if (a2 !== 0) mem.write(a2, new StructWriter(8).u32(0, old[0]!).u32(4, old[1]!).bytes);
      return 0;
    }
    case NR_rt_sigpending: {
      if (a1 > 8) return -EINVAL;
      const [lo, hi] = signals.pendingOf(thread);
      mem.write(a0, new StructWriter(8).u32(0, lo).u32(4, hi).bytes.subarray(0, a1));
      return 0;
    }
    case NR_rt_sigsuspend: {
      if (a1 !== 8) return -EINVAL;
      const mask = new Uint32Array([mem.word(a0), mem.word(a0 + 4)]);
      signals.suspendWith(thread, mask);
      // Returns -EINTR once a signal was delivered (the frame saves the mask from before the call).
      if (signals.deliverable(thread)) return -EINTR;
      return waitForSignal(c, event);
    }
    case NR_sigaltstack: {
      // Read the new stack first (a bad pointer fails before anything changes), then report the old one.
      const sp = r[13]! >>> 0;
      const alt = thread.altStack;
      const old = new StructWriter(12)
        .u32(0, alt[0]!)
        .u32(4, signals.altStackFlags(thread, sp) | (alt[1]! & SS_AUTODISARM))
        .u32(8, alt[2]!);
      if (a0 !== 0) {
        const result = signals.setAltStack(thread, mem.word(a0), mem.word(a0 + 4), mem.word(a0 + 8), sp);
        if (result !== 0) return result;
      }
      if (a1 !== 0) mem.write(a1, old.bytes);
      return 0;
    }
    case NR_kill:
    case NR_tkill:
    case NR_tgkill: {
      const [target, signal] = nr === NR_tgkill ? [r[1]!, a2] : [r[0]!, a1];
      if (signal > 64) return -EINVAL;
      let victim = null;
      if (nr === NR_kill) {
        // This pid or its process group (0, -pid). kill(-1) signals every process but the caller: none here.
        if (target !== LINUX_PID && target !== 0 && target !== -LINUX_PID) return -ESRCH;
      } else {
        if (target <= 0 || (nr === NR_tgkill && r[0]! <= 0)) return -EINVAL;
        if (nr === NR_tgkill && r[0] !== LINUX_PID) return -ESRCH;
        victim = user.threads.find(target) ?? null;
        if (victim === null) return -ESRCH;
      }
      if (signal === 0) return 0;
      const info = userInfo(signal, nr === NR_kill ? SI_USER : SI_TKILL);
      return signals.send(c.cpu, victim, info) ? 'stopped' : 0;
    }
    case NR_alarm: {
      // The previous alarm's seconds, rounded to nearest (a pending alarm under 1 s reports 1), as alarm_setitimer.
      const [left] = user.timer.get();
      user.timer.set(a0 * 1e9, 0);
      const seconds = Math.floor(left / 1e9);
      const micros = Math.floor((left - seconds * 1e9) / 1e3);
      return left === 0 ? 0 : (seconds === 0 && micros > 0) || micros >= 500_000 ? seconds + 1 : seconds;
    }
    case NR_getitimer:
    case NR_setitimer: {
      // ITIMER_REAL only; ITIMER_VIRTUAL and ITIMER_PROF (CPU time) are not modelled.
      if (a0 > 2) return -EINVAL;
      if (a0 !== 0) {
        user.options.onWarning?.(
          `${nr === NR_setitimer ? 'setitimer' : 'getitimer'} of timer ${a0} (CPU time) is not supported: ENOSYS`,
        );
        return -ENOSYS;
      }
      const old = user.timer.get();
      const timeval = (ns: number, w: StructWriter, at: number): void => {
        const seconds = Math.floor(ns / 1e9);
        w.u32(at, seconds).u32(at + 4, Math.floor((ns - seconds * 1e9) / 1e3));
      };
      const previous = new StructWriter(16);
      timeval(old[1], previous, 0);
      timeval(old[0], previous, 8);
      if (nr === NR_getitimer) {
        mem.write(a1, previous.bytes);
        return 0;
      }
      if (a1 !== 0) {
        const v = new DataView(mem.read(a1, 16).buffer);
        const fields = [v.getInt32(0, true), v.getInt32(4, true), v.getInt32(8, true), v.getInt32(12, true)];
        if (fields[1]! < 0 || fields[1]! >= 1e6 || fields[3]! < 0 || fields[3]! >= 1e6) return -EINVAL;
        if (fields[0]! < 0 || fields[2]! < 0) return -EINVAL;
        user.timer.set(fields[2]! * 1e9 + fields[3]! * 1e3, fields[0]! * 1e9 + fields[1]! * 1e3);
      } else user.timer.set(0, 0);
      if (a2 !== 0) mem.write(a2, previous.bytes);
      return 0;
    }
    case NR_pause: {
      if (signals.deliverable(thread)) return -EINTR;
      return waitForSignal(c, event);
    }
    case NR_sigreturn:
    case NR_rt_sigreturn: {
      const context = contextOf(c.cpu, event.resumeAt);
      if (!signals.sigreturn(thread, context, nr === NR_rt_sigreturn)) {
        // badframe: SIGSEGV (its handler runs unless it is blocked), and the call returns 0.
        signals.force(thread, { signo: SIGSEGV, code: SI_KERNEL, fields: [0] });
        return 0;
      }
      event.resumeAt = applyContext(c.cpu, context);
      return 'restored';
    }
    default:
      return undefined;
  }
}
