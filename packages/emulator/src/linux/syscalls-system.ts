/** Process, identity, time, limits and randomness syscalls (the signal ones are in syscalls-signals.ts). */
import type { ExceptionEvent } from '../exceptions/hooks.js';
import { StructWriter } from './guest-memory.js';
import type { SyscallContext } from './personality.js';
import {
  EINVAL,
  ENOSYS,
  ESRCH,
  NR_ARM_set_tls,
  NR_clock_getres,
  NR_clock_getres_time64,
  NR_clock_gettime,
  NR_clock_gettime64,
  NR_exit_group,
  NR_getegid,
  NR_getegid32,
  NR_geteuid,
  NR_geteuid32,
  NR_getgid,
  NR_getgid32,
  NR_getpid,
  NR_getppid,
  NR_getrandom,
  NR_gettid,
  NR_gettimeofday,
  NR_getuid,
  NR_getuid32,
  NR_prlimit64,
  NR_rseq,
  NR_set_robust_list,
  NR_set_tid_address,
  NR_sysinfo,
  NR_time,
  NR_ugetrlimit,
  NR_uname,
} from './syscalls.js';
import { LINUX_PID } from './threads.js';

/** What uname(2) reports (qemu-arm reports the host's names with machine "armv7l"; ours are fixed). */
export const UNAME = {
  sysname: 'Linux',
  nodename: 'armprobe',
  release: '6.1.0',
  version: '#1 SMP PREEMPT armprobe',
  machine: 'armv7l',
  domainname: '(none)',
} as const;

const RLIMIT_STACK = 3;
const RLIMIT_NOFILE = 7;
const RLIM_INFINITY = 0xffffffff;
/** RLIMIT_STACK: 8 MiB soft, unlimited hard; RLIMIT_NOFILE: 1024 / 4096; the rest unlimited. */
function limitOf(resource: number): [number, number] | null {
  if (resource >= 16) return null;
  if (resource === RLIMIT_STACK) return [8 << 20, Number.POSITIVE_INFINITY];
  if (resource === RLIMIT_NOFILE) return [1024, 4096];
  return [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
}

/** Runs a system syscall; 'stopped' when it ended the process; undefined when `nr` is not one. */
export function systemSyscall(c: SyscallContext, nr: number, event: ExceptionEvent): number | 'stopped' | undefined {
  const r = c.cpu.regs;
  const { mem, user, thread } = c;
  const a0 = r[0]! >>> 0;
  const a1 = r[1]! >>> 0;
  const a2 = r[2]! >>> 0;
  const a3 = r[3]! >>> 0;
  const ns = user.nanoseconds();
  /** [seconds, nanoseconds] of a clock (kept apart: the epoch in nanoseconds is beyond a double's integers). */
  const clock = (id: number): [number, number] | null => {
    // REALTIME 0, MONOTONIC 1, PROCESS/THREAD_CPUTIME 2/3, MONOTONIC_RAW 4, *_COARSE 5/6, BOOTTIME 7.
    if (id < 0 || id > 7) return null;
    const seconds = Math.floor(ns / 1e9);
    return [(id === 0 || id === 5 ? user.epochSeconds : 0) + seconds, ns - seconds * 1e9];
  };
  switch (nr) {
    case NR_exit_group:
      event.stop({ reason: 'exit', status: r[0]! & 0xff });
      return 'stopped';
    case NR_ARM_set_tls:
      c.cpu.cp15.tpidruro = a0;
      return 0;
    case NR_getpid:
      return LINUX_PID;
    case NR_gettid:
      return thread.tid;
    case NR_getppid:
      return LINUX_PID - 1;
    case NR_getuid:
    case NR_geteuid:
    case NR_getgid:
    case NR_getegid:
    case NR_getuid32:
    case NR_geteuid32:
    case NR_getgid32:
    case NR_getegid32:
      return 0;
    case NR_set_tid_address:
      thread.clearChildTid = a0;
      return thread.tid;
    case NR_set_robust_list:
    case NR_rseq:
      // qemu-arm 7.2 implements neither: glibc falls back (no robust futexes, no restartable sequences).
      return -ENOSYS;
    case NR_time: {
      const seconds = clock(0)![0];
      if (a0 !== 0) mem.write(a0, new StructWriter(4).u32(0, seconds).bytes);
      return seconds;
    }
    case NR_gettimeofday: {
      const [sec, nsec] = clock(0)!;
      if (a0 !== 0) mem.write(a0, new StructWriter(8).u32(0, sec).u32(4, Math.floor(nsec / 1e3)).bytes);
      if (a1 !== 0) mem.write(a1, new Uint8Array(8));
      return 0;
    }
    case NR_clock_gettime:
    case NR_clock_gettime64:
    case NR_clock_getres:
    case NR_clock_getres_time64: {
      const t = clock(r[0]!);
      if (t === null) return -EINVAL;
      const [sec, nsec] = nr === NR_clock_getres || nr === NR_clock_getres_time64 ? [0, 1] : t;
      if (a1 === 0) return 0;
      const wide = nr === NR_clock_gettime64 || nr === NR_clock_getres_time64;
      mem.write(
        a1,
        wide ? new StructWriter(16).u64(0, sec).u32(8, nsec).bytes : new StructWriter(8).u32(0, sec).u32(4, nsec).bytes,
      );
      return 0;
    }
    case NR_uname: {
      const s = new StructWriter(390);
      const fields = [UNAME.sysname, UNAME.nodename, UNAME.release, UNAME.version, UNAME.machine, UNAME.domainname];
      for (const [i, v] of fields.entries()) s.text(i * 65, v);
      mem.write(a0, s.bytes);
      return 0;
    }
    case NR_sysinfo: {
      const s = new StructWriter(64);
      s.u32(0, Math.floor(ns / 1e9))
        .u32(16, 1 << 30)
        .u32(20, 1 << 29)
        .u16(40, 1)
        .u32(52, 1);
      mem.write(a0, s.bytes);
      return 0;
    }
    case NR_ugetrlimit: {
      const limit = limitOf(a0);
      if (!limit) return -EINVAL;
      const word = (v: number): number => (Number.isFinite(v) ? v : RLIM_INFINITY);
      mem.write(a1, new StructWriter(8).u32(0, word(limit[0])).u32(4, word(limit[1])).bytes);
      return 0;
    }
    case NR_prlimit64: {
      if (a0 !== 0 && a0 !== LINUX_PID) return -ESRCH;
      const limit = limitOf(a1);
      if (!limit) return -EINVAL;
      if (a3 !== 0) {
        const s = new StructWriter(16);
        const put = (at: number, v: number): void => {
          if (Number.isFinite(v)) s.u64(at, v);
          else s.u32(at, 0xffffffff).u32(at + 4, 0xffffffff);
        };
        put(0, limit[0]);
        put(8, limit[1]);
        mem.write(a3, s.bytes);
      }
      return 0;
    }
    case NR_getrandom: {
      if (a2 & ~7) return -EINVAL;
      mem.write(a0, user.randomBytes(a1));
      return a1;
    }
    default:
      return undefined;
  }
}
