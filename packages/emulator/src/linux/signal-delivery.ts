/**
 * Guest signal delivery with Linux 6.1's ARM semantics (kernel/signal.c, arch/arm/kernel/signal.c).
 *
 * Signals pend per thread (tkill, tgkill, faults) or per process (kill); a thread's blocked mask holds them back.
 * A pending, unblocked signal is taken where the kernel takes it — on the way back to user mode: after a
 * syscall, after a fault, when a thread is put back on a CPU, and at a slice boundary for a thread already
 * running on another CPU (the kernel's reschedule IPI) — synchronous signals (SEGV, BUS, ILL, TRAP, FPE, SYS)
 * first, then the lowest number. A handler gets the frame signal-frame.ts describes on its stack (or the
 * alternate stack with SA_ONSTACK), r0 = signo (r1 = &info, r2 = &uc with SA_SIGINFO), LR = sa_restorer
 * (SA_RESTORER) or the return code in the vectors page, its instruction set from bit 0 of its address, the
 * flags and IT state cleared; sa_mask and the signal itself (unless SA_NODEFER) are blocked while it runs.
 * Default actions: terminate, or terminate with a core; ignore for SIGCHLD, SIGURG, SIGWINCH and SIGCONT; the
 * job-control stops SIGTSTP, SIGTTIN and SIGTTOU are discarded (a lone process is an orphaned process group,
 * whose stops the kernel drops); SIGSTOP stops the process, which nothing can continue, so the run ends with
 * a `guest-deadlock` error saying so. A thread blocked in futex, nanosleep or sigsuspend is interrupted by a signal it
 * does not block: -EINTR, or a restarted futex wait when the handler has SA_RESTART.
 */
import type { Cpu } from '../cpu/cpu.js';
import { EmulatorError } from '../cpu/stop.js';
import { requestStop } from '../exceptions/dispatcher.js';
import { MemoryFault } from '../memory/fault.js';
import type { LinuxGuestMemory } from './guest-memory.js';
import { KUSER_SIGRETURN } from './kuser.js';
import {
  decodeUcontext,
  encodeSiginfo,
  encodeUcontext,
  type FrameState,
  RT_SIGFRAME_SIZE,
  SIGFRAME_RETCODE,
  SIGFRAME_SIZE,
  SIGINFO_SIZE,
  SIGRETURN_CODES,
  type SignalInfo,
  UC_SIGMASK,
} from './signal-frame.js';
import { SIGBUS, SIGILL, SIGKILL, SIGSEGV, SIGTRAP } from './signals.js';
import { EINTR, EINVAL, ENOMEM, EPERM } from './syscalls.js';
import { type GuestThreads, LINUX_PID, type LinuxThread, type ThreadContext } from './threads.js';

export const SIG_DFL = 0;
export const SIG_IGN = 1;
export const SA_SIGINFO = 0x4;
export const SA_RESTORER = 0x04000000;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;
export const SI_USER = 0;
export const SI_TKILL = -6;
export const SI_KERNEL = 0x80;
export const SEGV_MAPERR = 1;
export const SEGV_ACCERR = 2;
export const BUS_ADRALN = 1;
export const ILL_ILLOPC = 1;
export const TRAP_BRKPT = 1;
export const SS_ONSTACK = 1;
export const SS_DISABLE = 2;
export const SS_AUTODISARM = 0x80000000;
export const MINSIGSTKSZ = 2048;

const SIGFPE = 8;
const SIGSTOP = 19;
const SIGSYS = 31;
const SYNCHRONOUS = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGSYS];
const UNBLOCKABLE_LO = (1 << (SIGKILL - 1)) | (1 << (SIGSTOP - 1));

/** What the kernel does with a signal whose handler is SIG_DFL. */
export type DefaultAction = 'terminate' | 'core' | 'ignore' | 'stop';

/** The default action of `signal` (kernel/signal.c's SIG_KERNEL_*_MASK; real-time signals terminate). */
export function defaultAction(signal: number): DefaultAction {
  switch (signal) {
    case 3: // SIGQUIT
    case SIGILL:
    case SIGTRAP:
    case 6: // SIGABRT
    case SIGBUS:
    case SIGFPE:
    case SIGSEGV:
    case 24: // SIGXCPU
    case 25: // SIGXFSZ
    case SIGSYS:
      return 'core';
    case 17: // SIGCHLD
    case 18: // SIGCONT
    case 23: // SIGURG
    case 28: // SIGWINCH
    // SIGTSTP, SIGTTIN, SIGTTOU: a stop of an orphaned process group, which the kernel discards.
    case 20:
    case 21:
    case 22:
      return 'ignore';
    case SIGSTOP:
      return 'stop';
    default:
      return 'terminate';
  }
}

/** A k_sigaction as the guest gave it (rt_sigaction's 20 bytes). */
export interface SignalAction {
  readonly handler: number;
  readonly flags: number;
  readonly restorer: number;
  readonly mask: readonly [number, number];
}

/** Per-thread signal state beyond the mask and alternate stack (which live on LinuxThread). */
interface ThreadSignals {
  readonly pending: Uint32Array;
  readonly queue: SignalInfo[];
  /** rt_sigsuspend's mask to put back once a handler frame saved it (the kernel's saved_sigmask). */
  savedMask: Uint32Array | null;
  /** The last fault's trap number, FSR and address (thread.trap_no / error_code / address). */
  trapNo: number;
  errorCode: number;
  faultAddress: number;
}

/** What delivery needs from the personality. */
export interface SignalHost {
  readonly mem: LinuxGuestMemory;
  readonly threads: GuestThreads;
  readonly actions: Map<number, Uint8Array>;
  /** Ends the process with the default action of `signal` (message, status 128 + signal). */
  kill(cpu: Cpu, signal: number, core: boolean): void;
  /** Drops a blocked thread from whatever queue its wait put it on (the futex table). */
  cancelWait(thread: LinuxThread): void;
}

const bit = (signal: number): [number, number] => (signal <= 32 ? [0, 1 << (signal - 1)] : [1, 1 << (signal - 33)]);

export function hasSignal(set: Uint32Array, signal: number): boolean {
  const [w, b] = bit(signal);
  return (set[w]! & b) !== 0;
}

/** The guest process's signals: pending sets, delivery into thread contexts, sigreturn. */
export class GuestSignals {
  private readonly shared = new Uint32Array(2);
  private readonly sharedQueue: SignalInfo[] = [];
  private readonly state = new WeakMap<LinuxThread, ThreadSignals>();
  /** Anything pending anywhere (checked after every syscall; cheap). */
  private pendingCount = 0;
  /** Handler frames set up so far (a handler entered). */
  private entered = 0;

  constructor(private readonly host: SignalHost) {}

  get anyPending(): boolean {
    return this.pendingCount !== 0;
  }

  /** How many times a guest handler was entered (a frame set up), in this process so far. */
  get handlersEntered(): number {
    return this.entered;
  }

  of(thread: LinuxThread): ThreadSignals {
    let s = this.state.get(thread);
    if (s === undefined) {
      s = {
        pending: new Uint32Array(2),
        queue: [],
        savedMask: null,
        trapNo: 0,
        errorCode: 0,
        faultAddress: 0,
      };
      this.state.set(thread, s);
    }
    return s;
  }

  action(signal: number): SignalAction {
    const b = this.host.actions.get(signal);
    if (b === undefined) return { handler: SIG_DFL, flags: 0, restorer: 0, mask: [0, 0] };
    const v = new DataView(b.buffer, b.byteOffset, 20);
    return {
      handler: v.getUint32(0, true),
      flags: v.getUint32(4, true),
      restorer: v.getUint32(8, true),
      mask: [v.getUint32(12, true), v.getUint32(16, true)],
    };
  }

  /** Sets the handler word only (SA_RESETHAND, force_sig), keeping the rest of the action. */
  private setHandler(signal: number, handler: number): void {
    const b = this.host.actions.get(signal);
    if (b === undefined) return;
    new DataView(b.buffer, b.byteOffset, 20).setUint32(0, handler, true);
  }

  /** Handler SIG_IGN, or SIG_DFL with a default of ignoring. */
  private ignored(signal: number): boolean {
    const h = this.action(signal).handler;
    return h === SIG_IGN || (h === SIG_DFL && defaultAction(signal) === 'ignore');
  }

  /** After rt_sigaction made `signal` ignored: its pending instances are discarded everywhere. */
  flushIgnored(signal: number): void {
    if (!this.ignored(signal)) return;
    const [w, b] = bit(signal);
    const drop = (set: Uint32Array, queue: SignalInfo[]): void => {
      if ((set[w]! & b) === 0) return;
      set[w] = set[w]! & ~b;
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.signo === signal) queue.splice(i, 1);
    };
    drop(this.shared, this.sharedQueue);
    for (const t of this.host.threads.threads()) {
      const s = this.of(t);
      drop(s.pending, s.queue);
    }
    this.recount();
  }

  /** Pending signals of `thread` (its own and the process's), as rt_sigpending reports them: blocked ones. */
  pendingOf(thread: LinuxThread): [number, number] {
    const s = this.of(thread);
    const m = thread.signalMask;
    return [((s.pending[0]! | this.shared[0]!) & m[0]!) >>> 0, ((s.pending[1]! | this.shared[1]!) & m[1]!) >>> 0];
  }

  /**
   * Sends `info` to one thread (`target`) or to the process (null). `sender` is the CPU acting (for a fatal
   * default action). Returns true when the process was killed.
   */
  send(sender: Cpu, target: LinuxThread | null, info: SignalInfo): boolean {
    const signal = info.signo;
    // A signal nobody blocks and that is ignored is dropped at once (blocked ones pend: the handler may change).
    const blockedByTarget = target !== null && hasSignal(target.signalMask, signal);
    if (signal !== SIGKILL && !blockedByTarget && this.ignored(signal)) {
      if (target !== null || !this.host.threads.threads().every((t) => hasSignal(t.signalMask, signal))) return false;
    }
    if (signal === SIGKILL) {
      this.host.kill(sender, SIGKILL, false);
      return true;
    }
    const [set, queue] =
      target === null ? [this.shared, this.sharedQueue] : [this.of(target).pending, this.of(target).queue];
    const [w, b] = bit(signal);
    // Standard signals do not queue: a second one while one is pending is merged into it.
    if (signal < 32 && (set[w]! & b) !== 0) return false;
    set[w] = set[w]! | b;
    queue.push(info);
    this.pendingCount++;
    // wants_signal: the target thread if it does not block the signal; for the process, a thread that does not.
    const wanting = target === null ? this.wantingThread(sender, signal) : blockedByTarget ? null : target;
    if (wanting === null) return false;
    const a = this.action(signal);
    if (a.handler === SIG_DFL && (defaultAction(signal) === 'terminate' || defaultAction(signal) === 'core')) {
      // complete_signal: a fatal signal some thread does not block takes the whole process down now.
      this.take(wanting, signal);
      this.host.kill(sender, signal, defaultAction(signal) === 'core');
      return true;
    }
    this.interrupt(wanting, signal);
    return false;
  }

  /** A thread that does not block `signal`: the sender's own first, else the lowest tid. */
  private wantingThread(sender: Cpu, signal: number): LinuxThread | null {
    const threads = this.host.threads;
    const current = threads.runningOn(sender);
    return (
      [current, ...threads.threads()].find(
        (t): t is LinuxThread =>
          t !== null && t !== undefined && t.state !== 'exited' && !hasSignal(t.signalMask, signal),
      ) ?? null
    );
  }

  /** A blocked thread (futex, sleep, sigsuspend) with a deliverable signal is woken with -EINTR (or restarts). */
  private interrupt(thread: LinuxThread, signal: number): void {
    if (thread.state !== 'blocked' || hasSignal(thread.signalMask, signal)) return;
    const wait = thread.wait!;
    const threads = this.host.threads;
    const context = thread.context;
    const restart = wait.kind === 'futex' && wait.deadline === null && (this.action(signal).flags & SA_RESTART) !== 0;
    const arg0 = context.regs[0]!;
    this.host.cancelWait(thread);
    threads.wake(thread, -EINTR);
    if (restart) {
      context.regs[0] = arg0;
      context.regs[15] = (context.regs[15]! - ((context.cpsr & 0x20) !== 0 ? 2 : 4)) | 0;
    }
  }

  /** True when `thread` has a pending signal it does not block. */
  deliverable(thread: LinuxThread): boolean {
    if (this.pendingCount === 0) return false;
    const s = this.of(thread);
    const m = thread.signalMask;
    return ((s.pending[0]! | this.shared[0]!) & ~m[0]!) !== 0 || ((s.pending[1]! | this.shared[1]!) & ~m[1]!) !== 0;
  }

  /** Removes one pending `signal` of the thread or the process and returns its info. */
  private take(thread: LinuxThread, signal: number): SignalInfo | null {
    const s = this.of(thread);
    const [w, b] = bit(signal);
    for (const [set, queue] of [
      [s.pending, s.queue],
      [this.shared, this.sharedQueue],
    ] as const) {
      if ((set[w]! & b) === 0) continue;
      const i = queue.findIndex((q) => q.signo === signal);
      const info = queue.splice(i, 1)[0]!;
      if (!queue.some((q) => q.signo === signal)) set[w] = set[w]! & ~b;
      this.pendingCount--;
      return info;
    }
    return null;
  }

  /** The next signal to deliver (synchronous first, then the lowest number), or 0. */
  private next(thread: LinuxThread): number {
    const s = this.of(thread);
    const m = thread.signalMask;
    const lo = (s.pending[0]! | this.shared[0]!) & ~m[0]!;
    const hi = (s.pending[1]! | this.shared[1]!) & ~m[1]!;
    if (lo === 0 && hi === 0) return 0;
    for (const sig of SYNCHRONOUS) if ((lo >>> (sig - 1)) & 1) return sig;
    if (lo !== 0) return 32 - Math.clz32(lo & -lo);
    return 64 - Math.clz32(hi & -hi);
  }

  private recount(): void {
    let n = this.sharedQueue.length;
    for (const t of this.host.threads.threads()) n += this.of(t).queue.length;
    this.pendingCount = n;
  }

  /**
   * Delivers the thread's deliverable signals into `context` (its registers as they return to user mode),
   * as get_signal and do_work_pending loop: each handler's frame goes on top of the previous one. Returns
   * false when the process ended (a default action; `cpu` is where the stop is requested).
   */
  deliver(cpu: Cpu, thread: LinuxThread, context: FrameState): boolean {
    const s = this.of(thread);
    for (let guard = 0; guard < 130; guard++) {
      const signal = this.next(thread);
      if (signal === 0) break;
      const info = this.take(thread, signal)!;
      const a = this.action(signal);
      if (a.handler === SIG_IGN) continue;
      if (a.handler === SIG_DFL) {
        const d = defaultAction(signal);
        if (d === 'ignore') continue;
        if (d === 'stop') {
          requestStop(cpu, {
            reason: 'fault',
            status: null,
            // Stopped for good: nothing outside the process can send SIGCONT, the same end as a deadlock.
            error: new EmulatorError(
              'guest-deadlock',
              `guest stopped: it sent itself SIGSTOP (${signal}) and nothing outside a lone process can continue it`,
            ),
          });
          return false;
        }
        this.host.kill(cpu, signal, d === 'core');
        return false;
      }
      if (a.flags & SA_RESETHAND) this.setHandler(signal, SIG_DFL);
      const oldMask = s.savedMask ?? thread.signalMask.slice();
      s.savedMask = null;
      if (!this.setupFrame(thread, context, signal, info, a, oldMask)) {
        // force_sigsegv: the frame could not be written; SIGSEGV, with its default action if it was this one.
        if (signal === SIGSEGV) this.setHandler(SIGSEGV, SIG_DFL);
        this.force(thread, { signo: SIGSEGV, code: SI_KERNEL, fields: [0] });
        continue;
      }
      const m = thread.signalMask;
      m[0] = m[0]! | a.mask[0];
      m[1] = m[1]! | a.mask[1];
      if (!(a.flags & SA_NODEFER)) {
        const [w, b] = bit(signal);
        m[w] = m[w]! | b;
      }
      m[0] = m[0]! & ~UNBLOCKABLE_LO;
    }
    if (s.savedMask !== null) {
      thread.signalMask.set(s.savedMask);
      s.savedMask = null;
    }
    return true;
  }

  /**
   * force_sig: a synchronous signal for `thread`; when it is blocked or ignored its handler becomes SIG_DFL and
   * it is unblocked (a fault inside its own handler kills the process).
   */
  force(thread: LinuxThread, info: SignalInfo): void {
    const signal = info.signo;
    const blocked = hasSignal(thread.signalMask, signal);
    if (blocked || this.action(signal).handler === SIG_IGN) {
      this.setHandler(signal, SIG_DFL);
      if (blocked) {
        const [w, b] = bit(signal);
        thread.signalMask[w] = thread.signalMask[w]! & ~b;
      }
    }
    const s = this.of(thread);
    const [w, b] = bit(signal);
    if (signal < 32 && (s.pending[w]! & b) !== 0) return;
    s.pending[w] = s.pending[w]! | b;
    s.queue.push(info);
    this.pendingCount++;
  }

  /** Records a fault's trap_no, error_code (FSR) and address on the thread, as the kernel's fault paths do. */
  recordFault(thread: LinuxThread, trapNo: number, errorCode: number, address: number): void {
    const s = this.of(thread);
    s.trapNo = trapNo;
    s.errorCode = errorCode >>> 0;
    s.faultAddress = address >>> 0;
  }

  /** sigsuspend: the mask to restore once a handler frame has saved it. */
  suspendWith(thread: LinuxThread, mask: Uint32Array): void {
    this.of(thread).savedMask = thread.signalMask.slice();
    thread.signalMask.set(mask);
    thread.signalMask[0] = thread.signalMask[0]! & ~UNBLOCKABLE_LO;
  }

  // ---- frames ------------------------------------------------------------------------------------

  /** sas_ss_flags(sp). */
  altStackFlags(thread: LinuxThread, sp: number): number {
    if (thread.altStack[2] === 0) return SS_DISABLE;
    return onStack(thread, sp) ? SS_ONSTACK : 0;
  }

  private setupFrame(
    thread: LinuxThread,
    context: FrameState,
    signal: number,
    info: SignalInfo,
    a: SignalAction,
    oldMask: Uint32Array,
  ): boolean {
    const s = this.of(thread);
    const rt = (a.flags & SA_SIGINFO) !== 0;
    const size = rt ? RT_SIGFRAME_SIZE : SIGFRAME_SIZE;
    const userSp = context.regs[13]! >>> 0;
    let sp = userSp;
    const alt = thread.altStack;
    if (a.flags & SA_ONSTACK && this.altStackFlags(thread, sp) === 0) sp = (alt[0]! + alt[2]!) >>> 0;
    const frame = ((sp - size) & ~7) >>> 0;
    const stack: [number, number, number] = [alt[0]!, this.altStackFlags(thread, userSp), alt[2]!];
    let bytes: Uint8Array;
    try {
      bytes = this.host.mem.read(frame, size);
    } catch (error) {
      if (error instanceof MemoryFault) return false;
      throw error;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, size);
    const uc = rt ? SIGINFO_SIZE : 0;
    if (rt) encodeSiginfo(view, 0, info);
    encodeUcontext(
      view,
      uc,
      context,
      { trapNo: s.trapNo, errorCode: s.errorCode, faultAddress: s.faultAddress, mask: oldMask, stack },
      rt,
    );
    const handler = a.handler >>> 0;
    const thumb = handler & 1;
    let retcode: number;
    if (a.flags & SA_RESTORER) retcode = a.restorer >>> 0;
    else {
      const idx = (thumb << 1) + (rt ? 3 : 0);
      view.setUint32(uc + SIGFRAME_RETCODE, SIGRETURN_CODES[idx]!, true);
      view.setUint32(uc + SIGFRAME_RETCODE + 4, SIGRETURN_CODES[idx + 1] ?? 0, true);
      retcode = (KUSER_SIGRETURN + (idx << 2) + thumb) >>> 0;
    }
    try {
      this.host.mem.write(frame, bytes);
    } catch (error) {
      if (error instanceof MemoryFault) return false;
      throw error;
    }
    // __save_altstack: SS_AUTODISARM disarms the alternate stack once a frame recorded it.
    if (rt && (alt[1]! & SS_AUTODISARM) !== 0) alt.set([0, 0, 0]);
    // setup_return: NZCVQ, J, E and the IT state cleared; T from the handler's bit 0; FPSCR's LEN and STRIDE cleared.
    let cpsr = context.cpsr & ~(0xff000000 | 0x200 | 0x0600fc00);
    cpsr = thumb ? cpsr | 0x20 : cpsr & ~0x20;
    context.cpsr = cpsr >>> 0;
    context.fpscr = (context.fpscr & ~0x00370000) >>> 0;
    const r = context.regs;
    r[0] = signal;
    if (rt) {
      r[1] = frame;
      r[2] = (frame + SIGINFO_SIZE) | 0;
    }
    r[13] = frame | 0;
    r[14] = retcode | 0;
    this.entered++;
    r[15] = (thumb ? handler & ~1 : handler & ~3) | 0;
    return true;
  }

  /**
   * sigreturn / rt_sigreturn on `context` (the registers at the SVC): restores what the frame at SP holds.
   * False for a bad frame (misaligned SP, unreadable, invalid CPSR or VFP record): the caller forces SIGSEGV.
   */
  sigreturn(thread: LinuxThread, context: FrameState, rt: boolean): boolean {
    const sp = context.regs[13]! >>> 0;
    if (sp & 7) return false;
    const size = rt ? RT_SIGFRAME_SIZE : SIGFRAME_SIZE;
    let bytes: Uint8Array;
    try {
      bytes = this.host.mem.read(sp, size);
    } catch (error) {
      if (error instanceof MemoryFault) return false;
      throw error;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, size);
    const decoded = decodeUcontext(view, rt ? SIGINFO_SIZE : 0);
    // The mask is restored before the registers are checked, as restore_sigframe does.
    const at = (rt ? SIGINFO_SIZE : 0) + UC_SIGMASK;
    thread.signalMask[0] = view.getUint32(at, true) & ~UNBLOCKABLE_LO;
    thread.signalMask[1] = view.getUint32(at + 4, true);
    if (!decoded.ok) return false;
    context.regs.set(decoded.regs);
    // User-writable bits only: NZCVQ, IT, GE, T and the mode (USR, checked); J and E are not restored.
    context.cpsr = (decoded.cpsr & (0xf8000000 | 0x0600fc00 | 0x000f0000 | 0x20 | 0x1f)) >>> 0;
    context.vfp.set(decoded.vfp);
    context.fpscr = decoded.fpscr;
    if (rt) this.restoreAltStack(thread, decoded.stack, context.regs[13]! >>> 0);
    return true;
  }

  /** restore_altstack: do_sigaltstack with the saved stack_t, its result ignored. */
  private restoreAltStack(thread: LinuxThread, stack: readonly [number, number, number], sp: number): void {
    this.setAltStack(thread, stack[0], stack[1], stack[2], sp);
  }

  /** do_sigaltstack's update: 0 or -errno. */
  setAltStack(thread: LinuxThread, ssSp: number, flags: number, size: number, sp: number): number {
    if (onStack(thread, sp)) return -EPERM;
    const mode = (flags & ~SS_AUTODISARM) >>> 0;
    if (mode !== SS_DISABLE && mode !== SS_ONSTACK && mode !== 0) return -EINVAL;
    const alt = thread.altStack;
    if (alt[0] === ssSp >>> 0 && alt[2] === size >>> 0 && alt[1] === flags >>> 0) return 0;
    if (mode === SS_DISABLE) {
      alt.set([0, flags >>> 0, 0]);
      return 0;
    }
    if (size >>> 0 < MINSIGSTKSZ) return -ENOMEM;
    alt.set([ssSp >>> 0, flags >>> 0, size >>> 0]);
    return 0;
  }
}

/** on_sig_stack: never with SS_AUTODISARM (the stack was disarmed when a frame went on it). */
function onStack(thread: LinuxThread, sp: number): boolean {
  const [base, flags, size] = thread.altStack;
  if ((flags! & SS_AUTODISARM) !== 0) return false;
  return sp > base! && sp - base! <= size!;
}

/** A snapshot of `cpu`'s user context, resuming at `pc`, as delivery works on it. */
export function contextOf(cpu: Cpu, pc: number): ThreadContext {
  const regs = new Int32Array(cpu.regs);
  regs[15] = pc | 0;
  return {
    regs,
    cpsr: cpu.cpsr,
    vfp: new Uint32Array(cpu.vfp),
    fpscr: cpu.fpscr,
    tpidruro: cpu.cp15.tpidruro,
    tpidrurw: cpu.cp15.tpidrurw,
  };
}

/** Puts a context back on `cpu`; returns the address to resume at. */
export function applyContext(cpu: Cpu, context: ThreadContext): number {
  cpu.writeCpsr(context.cpsr, -1);
  cpu.regs.set(context.regs);
  cpu.vfp.set(context.vfp);
  cpu.fpscr = context.fpscr;
  return context.regs[15]! >>> 0;
}

/** The siginfo of a kill (SI_USER) or tkill/tgkill (SI_TKILL) from this process. */
export function userInfo(signal: number, code: number): SignalInfo {
  return { signo: signal, code, fields: [LINUX_PID, 0] };
}
