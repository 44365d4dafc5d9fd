import type { Cpu } from '../cpu/cpu.js';
import type { GuestFault } from '../cpu/stop.js';
import { describeFault, instructionHex, requestStop } from '../exceptions/dispatcher.js';
import type { ExceptionEvent, ExceptionHooks } from '../exceptions/hooks.js';
import type { ElfFile } from '../loader/elf.js';
import { MemoryFault } from '../memory/fault.js';
import type { PhysicalMemory } from '../memory/memory.js';
import { PAGE_SIZE } from '../memory/page.js';
import { AddressSpace, type BreakRegion, MAP_ANONYMOUS } from './address-space.js';
import type { GuestFileSystem } from './file-system.js';
import { FileTable } from './files.js';
import { FutexTable } from './futex.js';
import { LinuxGuestMemory } from './guest-memory.js';
import { IntervalTimer } from './interval-timer.js';
import { mapKuserPage } from './kuser.js';
import { applyContext, contextOf, GuestSignals } from './signal-delivery.js';
import { faultInfo } from './signal-faults.js';
import { SIGABRT, SIGNAL_NAMES, signalFor, signalStatus } from './signals.js';
import {
  EFAULT,
  ENOSYS,
  NR_ARM_cacheflush,
  NR_ARM_set_tls,
  NR_brk,
  NR_madvise,
  NR_mmap2,
  NR_mprotect,
  NR_mremap,
  NR_munmap,
  SYSCALL_NAMES,
} from './syscalls.js';
import { fileSyscall } from './syscalls-files.js';
import { signalSyscall } from './syscalls-signals.js';
import { systemSyscall } from './syscalls-system.js';
import { threadSyscall } from './syscalls-threads.js';
import { GuestThreads, type LinuxThread, type ThreadHost } from './threads.js';

export type { BreakRegion } from './address-space.js';

export interface LinuxUserOptions {
  /** Guest writes to fd 1. */
  readonly onStdout?: (bytes: Uint8Array) => void;
  /** Guest writes to fd 2, and the emulator's fatal-signal message. */
  readonly onStderr?: (bytes: Uint8Array) => void;
  /** Unknown syscalls and other oddities (the syscall still returns -ENOSYS). */
  readonly onWarning?: (message: string) => void;
  /** One line per syscall (`--strace`), without the newline. */
  readonly onStrace?: (line: string) => void;
  /** Reads up to `length` bytes of the guest's stdin (empty: end of file; default: always end of file). */
  readonly stdin?: (length: number) => Uint8Array;
  /** The guest's `/` (default: none — every path is ENOENT). */
  readonly fileSystem?: GuestFileSystem;
  /** Seed of getrandom and of AT_RANDOM (default 0). */
  readonly randomSeed?: number;
  /** Emulated wall-clock time at cycle 0, in seconds since the epoch (default 1,767,225,600: 2026-01-01). */
  readonly epochSeconds?: number;
  /** What readlink("/proc/self/exe") answers (default "/program"). */
  readonly executablePath?: string;
}

/** How the Linux personality sees the machine (the Machine satisfies it). */
export interface LinuxHost extends ThreadHost {
  readonly memory: PhysicalMemory;
  readonly hooks: ExceptionHooks;
  /** Symbolizer for messages (`name+0x10`), optional. */
  symbolize?(address: number): string | null;
  /** Cache maintenance to PoU for `cacheflush` (the machine's host maintenance), optional. */
  cacheMaintenance?(address: number, size: number): void;
  /** Emulated cycles so far (1 cycle = 1 ns of the guest's clocks); without it the clocks stand still. */
  cycles?(): number;
  /** The loaded executable, whose PT_LOAD segments are mappings of its file (for madvise), if any. */
  readonly program?: { readonly elf: ElfFile } | null;
}

/** What a syscall handler may use. */
export interface SyscallContext {
  readonly cpu: Cpu;
  readonly thread: LinuxThread;
  readonly mem: LinuxGuestMemory;
  readonly files: FileTable;
  readonly user: LinuxUser;
}

/**
 * Linux user-mode personality (like qemu-arm): `svc 0` with the syscall number in r7 and arguments in
 * r0–r6; a guest fault nobody else handles kills the process with the matching signal (exit status
 * 128 + signal) after printing the PC and the instruction to stderr.
 */
export class LinuxUser {
  readonly space: AddressSpace;
  readonly files: FileTable;
  readonly mem: LinuxGuestMemory;
  /** rt_sigaction: signal → its 20-byte k_sigaction as the guest gave it. */
  readonly signalActions = new Map<number, Uint8Array>();
  /** The process's threads on the machine's CPUs (threads.ts). */
  readonly threads: GuestThreads;
  /** Futex wait queues. */
  readonly futexes = new FutexTable();
  /** Pending signals and their delivery to guest handlers (signal-delivery.ts). */
  readonly signals: GuestSignals;
  /** ITIMER_REAL: alarm, setitimer (interval-timer.ts). */
  readonly timer: IntervalTimer;
  private readonly random: LinuxUserRandom;
  private readonly encoder = new TextEncoder();
  private readonly removers: (() => void)[] = [];

  constructor(
    private readonly host: LinuxHost,
    region: BreakRegion,
    readonly options: LinuxUserOptions = {},
  ) {
    this.space = new AddressSpace(host.memory, region, 0xb0000000);
    this.mem = new LinuxGuestMemory(host.memory, (address, length) => this.space.populate(address, length));
    const elf = host.program?.elf;
    if (elf) {
      // As Linux's ELF loader maps them: the pages from the segment's first to the one with its last file byte
      // are a private mapping of the file (the rest of the segment, bss, is anonymous).
      for (const s of elf.segments) {
        if (s.filesz === 0) continue;
        const start = s.vaddr - (s.vaddr % PAGE_SIZE);
        const end = Math.ceil((s.vaddr + s.filesz) / PAGE_SIZE) * PAGE_SIZE;
        const offset = s.offset - (s.vaddr - start);
        let bytes = elf.bytes.subarray(Math.max(0, offset), offset + (end - start));
        if (offset < 0 || offset % PAGE_SIZE !== 0) {
          // p_offset and p_vaddr disagree modulo the page (Linux would not map it): the bytes as the loader put them.
          bytes = new Uint8Array(end - start);
          bytes.set(elf.bytes.subarray(s.offset, s.offset + s.filesz), s.vaddr - start);
        }
        this.space.recordFileMapping(start, end, bytes);
      }
    }
    this.files = new FileTable(options.fileSystem ?? null, {
      ...(options.onStdout ? { stdout: options.onStdout } : {}),
      ...(options.onStderr ? { stderr: options.onStderr } : {}),
      ...(options.stdin ? { stdin: options.stdin } : {}),
    });
    this.random = new LinuxUserRandom((options.randomSeed ?? 0) >>> 0);
    this.threads = new GuestThreads(host, () => host.cycles?.() ?? 0, options.randomSeed ?? 0);
    this.threads.onTimeout = (thread) => this.futexes.remove(thread);
    this.signals = new GuestSignals({
      mem: this.mem,
      threads: this.threads,
      actions: this.signalActions,
      kill: (cpu, signal, core) => this.killProcess(cpu, signal, core),
      cancelWait: (thread) => this.futexes.remove(thread),
    });
    const signals = this.signals;
    this.timer = new IntervalTimer(signals, () => this.threads.now());
    this.threads.signals = {
      deliverable: (thread) => signals.deliverable(thread),
      timerDeadline: () => this.timer.deadline(),
      timerExpired: (cpu) => this.timer.expired(cpu),
      // A switched-in thread: into its saved context, before the scheduler loads it.
      resume: (cpu, thread) => {
        signals.deliver(cpu, thread, thread.context);
      },
      // A thread already on its CPU (signalled from another CPU): on the CPU's registers.
      slice: (cpu, thread) => {
        const context = contextOf(cpu, cpu.pc);
        if (signals.deliver(cpu, thread, context)) cpu.pc = cpu.nextPc = applyContext(cpu, context);
      },
    };
    if (!host.memory.isMapped(0xffff0000)) mapKuserPage(host.memory);
    this.removers.push(host.hooks.on('svc', (e) => this.syscall(e)));
    this.removers.push(host.hooks.on('und', (e) => this.faultSignal(e)));
    for (const kind of ['pabt', 'dabt'] as const) {
      this.removers.push(host.hooks.on(kind, (e) => this.pageFault(e) ?? this.faultSignal(e)));
    }
  }

  /** Current program break. */
  get brk(): number {
    return this.space.brk;
  }

  /** Removes the personality's hooks. */
  detach(): void {
    for (const remove of this.removers.splice(0)) remove();
  }

  /**
   * The thread running on `cpu` (the first one seen gets the pid as its tid; a CPU the host started by itself
   * gets a thread bound to it the first time it makes a syscall).
   */
  threadOf(cpu: Cpu): LinuxThread {
    return this.threads.threadOf(cpu);
  }

  /** `length` bytes of the seeded generator (getrandom, AT_RANDOM): mulberry32. */
  randomBytes(length: number): Uint8Array {
    return this.random.bytes(length);
  }

  /**
   * Emulated nanoseconds since the machine started (the monotonic clock): the machine's cycles, plus the time
   * skipped while every thread was blocked waiting for a deadline.
   */
  nanoseconds(): number {
    return this.threads.now();
  }

  get epochSeconds(): number {
    return this.options.epochSeconds ?? 1_767_225_600;
  }

  /**
   * Kills the process with `signal` (its default action): status 128 + signal; with a core (SIGABRT, SIGQUIT…)
   * qemu-arm's line `uncaught target signal N (Name) - core dumped` under our name first.
   */
  killProcess(cpu: Cpu, signal: number, core: boolean): void {
    if (core) {
      this.options.onStderr?.(
        this.encoder.encode(`armprobe: uncaught target signal ${signal} (${SIGNAL_NAMES[signal]}) - core dumped\n`),
      );
    }
    requestStop(cpu, { reason: 'exit', status: signalStatus(signal) });
  }

  private syscall(event: ExceptionEvent): 'handled' {
    const { cpu } = event;
    const r = cpu.regs;
    const nr = r[7]! >>> 0;
    const thread = this.threadOf(cpu);
    const context: SyscallContext = { cpu, thread, mem: this.mem, files: this.files, user: this };
    // The arguments as the call made them (a blocking call leaves the registers to another thread).
    const args = this.options.onStrace ? Array.from(r.subarray(0, 6), (v) => v >>> 0) : [];
    let result: number | 'stopped' | 'switched' | 'restored' | undefined;
    try {
      result =
        this.memorySyscall(nr, r) ??
        threadSyscall(context, nr, event) ??
        fileSyscall(context, nr) ??
        signalSyscall(context, nr, event) ??
        systemSyscall(context, nr, event);
    } catch (error) {
      if (!(error instanceof MemoryFault)) throw error;
      result = -EFAULT;
    }
    if (result === 'stopped' || result === 'switched') {
      // The thread ended or blocked: its result (if any) is written when it resumes.
      this.strace(thread, nr, args, null);
      return 'handled';
    }
    if (result === 'restored') {
      // sigreturn: the registers are the frame's (r0 included).
      this.strace(thread, nr, args, null);
      this.afterSyscall(event, thread);
      return 'handled';
    }
    if (result === undefined) {
      this.options.onWarning?.(`unsupported syscall ${nr} at pc 0x${hex(event.pc)}`);
      result = -ENOSYS;
    }
    this.strace(thread, nr, args, result);
    r[0] = result;
    this.afterSyscall(event, thread);
    return 'handled';
  }

  /** The way back to user mode from a syscall: deliverable signals are delivered (the kernel's do_work_pending). */
  private afterSyscall(event: ExceptionEvent, thread: LinuxThread): void {
    if (!this.signals.deliverable(thread) || event.cpu.stopRequest !== null) return;
    const context = contextOf(event.cpu, event.resumeAt);
    if (this.signals.deliver(event.cpu, thread, context)) event.resumeAt = applyContext(event.cpu, context);
  }

  private strace(thread: LinuxThread, nr: number, argv: readonly number[], result: number | null): void {
    if (!this.options.onStrace) return;
    const name = SYSCALL_NAMES[nr];
    if (name === undefined) {
      this.options.onStrace(`${thread.tid} Unknown syscall ${nr}`);
      return;
    }
    const args = argv.map((v) => `0x${v.toString(16)}`).join(',');
    const outcome =
      result === null
        ? ''
        : result < 0 && result > -4096
          ? ` = -1 errno=${-result}`
          : ` = 0x${(result >>> 0).toString(16)}`;
    this.options.onStrace(`${thread.tid} ${name}(${args})${outcome}`);
  }

  private memorySyscall(nr: number, r: Int32Array): number | 'stopped' | undefined {
    const a0 = r[0]! >>> 0;
    const a1 = r[1]! >>> 0;
    const a2 = r[2]! >>> 0;
    const a3 = r[3]! >>> 0;
    switch (nr) {
      case NR_brk:
        return this.space.setBreak(a0);
      case NR_mmap2: {
        const fd = r[4]!;
        let content: Uint8Array | null = null;
        if (!(a3 & MAP_ANONYMOUS)) {
          const bytes = this.files.contents(fd, (r[5]! >>> 0) * 4096, a1);
          if (typeof bytes === 'number') return bytes;
          content = bytes;
        }
        return this.space.map(a0, a1, a2, a3, content);
      }
      case NR_munmap:
        return this.space.unmap(a0, a1);
      case NR_mprotect:
        return this.space.protect(a0, a1, a2);
      case NR_mremap:
        return this.space.remap(a0, a1, a2, a3);
      case NR_madvise:
        return this.space.advise(a0, a1, r[2]!);
      case NR_ARM_set_tls:
        return undefined;
      case NR_ARM_cacheflush: {
        // cacheflush(start, end, flags): flush_icache_range — clean D, invalidate I on every CPU; the
        // return from the SVC is this CPU's context-synchronisation event.
        if (a1 > a0) this.host.cacheMaintenance?.(a0, a1 - a0);
        return 0;
      }
      default:
        return undefined;
    }
  }

  /**
   * A translation fault on a demand-zero page of an anonymous mapping: the page is backed and the
   * instruction retried (the abort's default `resumeAt`). Undefined for any other fault.
   */
  private pageFault(event: ExceptionEvent): 'handled' | undefined {
    if (event.breakpoint || event.reason !== 'unmapped' || event.faultAddress === null) return undefined;
    return this.space.fault(event.faultAddress) ? 'handled' : undefined;
  }

  /**
   * A fault in user mode: its signal is forced on the thread (force_sig: a blocked or ignored one gets its
   * default action) and delivered at once with the faulting instruction as the interrupted PC; with no
   * handler, the process dies with the fault described on stderr.
   */
  private faultSignal(event: ExceptionEvent): 'handled' {
    const thread = this.threadOf(event.cpu);
    const fault = faultInfo(event);
    this.signals.recordFault(thread, fault.trapNo, fault.errorCode, fault.address);
    this.signals.force(thread, fault.info);
    if (this.signals.action(fault.info.signo).handler === 0) {
      // The default action: nothing else is taken first (the kernel's get_signal takes synchronous signals first).
      return this.fatalSignal(event);
    }
    const context = contextOf(event.cpu, event.pc);
    if (this.signals.deliver(event.cpu, thread, context)) event.resumeAt = applyContext(event.cpu, context);
    return 'handled';
  }

  private fatalSignal(event: ExceptionEvent): 'handled' {
    const signal = signalFor(event);
    const fault: GuestFault = describeFault(event.cpu, {
      kind: event.kind,
      pc: event.pc,
      word: event.word,
      breakpoint: event.breakpoint,
      faultAddress: event.faultAddress,
      access: event.access,
      reason: event.reason,
    });
    const where = this.host.symbolize?.(event.pc);
    const insn =
      fault.word === null ? '' : `: ${instructionHex(fault.word, event.thumb)} ${fault.text.replace('\t', ' ')}`;
    const data =
      event.kind === 'dabt' && event.faultAddress !== null
        ? ` (${event.reason} ${event.access} at 0x${hex(event.faultAddress)})`
        : '';
    const message = `armprobe: uncaught target signal ${signal} (${SIGNAL_NAMES[signal]}) at pc 0x${hex(event.pc)}${where ? ` <${where}>` : ''}${insn}${data}\n`;
    this.options.onStderr?.(this.encoder.encode(message));
    event.stop({ reason: 'fault', status: signalStatus(signal), fault: { ...fault, message: message.trimEnd() } });
    return 'handled';
  }
}

export { SIGABRT };

/** The 16 AT_RANDOM bytes of a run seeded with `seed` (a stream apart from getrandom's). */
export function atRandomBytes(seed: number): Uint8Array {
  const generator = new LinuxUserRandom((seed ^ 0xa7a7a7a7) >>> 0);
  return generator.bytes(16);
}

/** mulberry32 as a byte stream. */
export class LinuxUserRandom {
  constructor(private state: number) {}
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      this.state = (this.state + 0x6d2b79f5) >>> 0;
      let t = this.state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
    }
    return out;
  }
}

function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
