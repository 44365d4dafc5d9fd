/**
 * Guest threads on the machine's CPUs (issue 19): each Linux thread has its own user-mode context (r0–r15,
 * CPSR, VFP registers and FPSCR, TPIDRURO/TPIDRURW), and the threads are multiplexed onto the CPUs the way
 * the kernel's scheduler would: a thread that blocks (futex, sleep) or exits leaves its CPU to a runnable
 * thread, or the CPU goes idle (powered off: it executes nothing and is not "running" for the CMODX
 * detector); a thread that becomes runnable takes an idle CPU, else it queues and gets a CPU when the
 * machine's seeded scheduler next gives a slice to a CPU running a thread (preemption at a slice boundary,
 * charged as the timer interrupt that causes it in the kernel). Every choice — which idle CPU, which queued
 * thread — is drawn from the scheduler's seeded generator: same seed, same run.
 *
 * A context switch clears the CPU's local exclusive monitor (the kernel's CLREX on switch) and is a
 * context-synchronisation event (an exception return).
 */
import type { Cpu } from '../cpu/cpu.js';
import { MODE_USR } from '../cpu/modes.js';
import { EmulatorError } from '../cpu/stop.js';
import { requestStop } from '../exceptions/dispatcher.js';
import type { ExceptionEvent } from '../exceptions/hooks.js';
import { COST } from '../exec/cost-model.js';
import { Random } from '../smp/scheduler.js';

/** The process's pid, and its first thread's tid. */
export const LINUX_PID = 1000;

/** Cycles charged to a CPU for a preemptive switch: the timer interrupt's entry and return. */
export const PREEMPTION_CYCLES = COST.exceptionEntry + COST.exceptionReturn;

/** A thread's user-mode register state while it is off its CPU. */
export interface ThreadContext {
  /** r0–r14, and the PC to resume at in [15]. */
  readonly regs: Int32Array;
  cpsr: number;
  readonly vfp: Uint32Array;
  fpscr: number;
  tpidruro: number;
  tpidrurw: number;
}

export type ThreadState = 'running' | 'runnable' | 'blocked' | 'exited';

/** What a blocked thread waits for. */
export interface ThreadWait {
  /** `futex`: a futex word's wait queue; `sleep`: only its deadline; `signal`: rt_sigsuspend. */
  readonly kind: 'futex' | 'sleep' | 'signal';
  /** Futex: the guest address of the word and whether the wait was FUTEX_PRIVATE_FLAG. */
  address: number;
  private: boolean;
  /** Futex: FUTEX_WAIT_BITSET's mask (all ones for FUTEX_WAIT). */
  readonly bitset: number;
  /** Monotonic nanoseconds at which the wait times out, or null (forever). */
  readonly deadline: number | null;
  /** The syscall's result when the deadline passes (-ETIMEDOUT for futex, 0 for a sleep). */
  readonly timeoutResult: number;
}

/** One Linux thread of the guest process. */
export class LinuxThread {
  /** set_tid_address / CLONE_CHILD_CLEARTID: the word cleared (and futex-woken) at thread exit. */
  clearChildTid = 0;
  /** Blocked signals (rt_sigprocmask), 64 bits as two words. */
  readonly signalMask = new Uint32Array(2);
  /** sigaltstack: ss_sp, the flags it was set with (SS_AUTODISARM), ss_size (0: disabled). */
  readonly altStack = new Uint32Array(3);
  state: ThreadState = 'running';
  /** The CPU running it (state `running`), else -1. */
  cpu = -1;
  /** Saved registers while not running. */
  readonly context: ThreadContext = {
    regs: new Int32Array(16),
    cpsr: MODE_USR,
    vfp: new Uint32Array(64),
    fpscr: 0,
    tpidruro: 0,
    tpidrurw: 0,
  };
  wait: ThreadWait | null = null;

  constructor(
    readonly tid: number,
    /**
     * A thread the host started on a CPU of its own (`startSmp`, `startCpu`): it is never preempted at a
     * slice boundary (only a blocking call of its own gives its CPU away) and does not keep the process
     * alive. Threads from `clone` and the first thread are scheduled.
     */
    readonly bound: boolean,
  ) {}
}

/** What the thread layer needs from the machine. */
export interface ThreadHost {
  readonly cpus: readonly Cpu[];
  /** A context-synchronisation event on `cpu` (the fetch model acts on it). */
  contextSynchronize?(cpu: Cpu): void;
  /** The seeded scheduler's generator, so thread choices replay with the machine's seed. */
  schedulerRandom?(): Random | null;
}

/** Counters of the thread layer (all emulated: the same seed gives the same numbers). */
export interface ThreadStatistics {
  /** Threads ever created (the first thread included) and exited. */
  readonly created: number;
  readonly exited: number;
  /** Threads put onto a CPU, of which because the machine preempted another thread at a slice boundary. */
  readonly switches: number;
  readonly preemptions: number;
  /** A thread resumed on a different CPU than the one it last ran on. */
  readonly migrations: number;
  /** Waits that blocked, wake-ups, and waits that ended by their deadline. */
  readonly blocks: number;
  readonly wakeups: number;
  readonly timeouts: number;
  /** Nanoseconds the clocks skipped while every thread was blocked waiting for a deadline. */
  readonly idleNanoseconds: number;
  /** FNV-1a hash of the sequence of (CPU, tid) switches: tells schedules apart. */
  readonly digest: number;
}

/** Signal delivery's entry points in the scheduler (signal-delivery.ts). */
export interface ThreadSignalHook {
  /** `thread` is about to be put on a CPU: pending signals are delivered into its saved context. */
  resume(cpu: Cpu, thread: LinuxThread): void;
  /** A slice is about to run `thread` (already on `cpu`): pending signals are delivered on the CPU. */
  slice(cpu: Cpu, thread: LinuxThread): void;
  /** Whether `thread` has a deliverable signal (cheap: false when nothing pends anywhere). */
  deliverable(thread: LinuxThread): boolean;
  /** When the process's real-time interval timer (alarm, setitimer) expires next (monotonic ns), or null. */
  timerDeadline(): number | null;
  /** The timer expired: SIGALRM for the process (`cpu` acts for it). */
  timerExpired(cpu: Cpu): void;
}

/** The run queue, the thread on each CPU, blocking, waking, preemption, timeouts and deadlock detection. */
export class GuestThreads {
  /** Live threads by tid. */
  private readonly live = new Map<number, LinuxThread>();
  /** The thread on each CPU (null: none yet, or the CPU is idle). */
  private readonly running: (LinuxThread | null)[];
  /** Runnable threads without a CPU, in the order they became runnable. */
  private readonly queue: LinuxThread[] = [];
  private readonly lastCpu = new Map<LinuxThread, number>();
  private nextTid = LINUX_PID;
  private mainSeen = false;
  private readonly fallbackRandom: Random;
  /** Monotonic nanoseconds added to the machine's cycle clock while every thread waited for a deadline. */
  private skipped = 0;
  private counts = {
    created: 0,
    exited: 0,
    switches: 0,
    preemptions: 0,
    migrations: 0,
    blocks: 0,
    wakeups: 0,
    timeouts: 0,
  };
  private digestValue = 0x811c9dc5;
  /** Called when a blocked thread is woken by its deadline (the futex table drops it from its queue). */
  onTimeout: ((thread: LinuxThread) => void) | null = null;
  /** Signal delivery when a thread returns to user mode by a switch or a slice (the personality sets it). */
  signals: ThreadSignalHook | null = null;

  constructor(
    private readonly host: ThreadHost,
    private readonly cycles: () => number,
    seed: number,
  ) {
    this.running = host.cpus.map(() => null);
    this.fallbackRandom = new Random(seed);
  }

  /** Monotonic emulated nanoseconds: the machine's cycles plus the time skipped while all threads waited. */
  now(): number {
    return this.cycles() + this.skipped;
  }

  /**
   * The thread running on `cpu`, created the first time a CPU without one asks (the first one gets the pid as
   * its tid); only the first such thread on CPU 0 is scheduled, the others are bound to their CPU.
   */
  threadOf(cpu: Cpu): LinuxThread {
    const current = this.running[cpu.index];
    if (current !== null && current !== undefined) return current;
    // The process's own thread is the one on CPU 0 (where the loader starts it); a thread found on another
    // CPU, or on CPU 0 after that, was started there by the host and stays bound to it.
    const thread = this.newThread(cpu.index !== 0 || this.mainSeen);
    if (cpu.index === 0) this.mainSeen = true;
    thread.cpu = cpu.index;
    this.running[cpu.index] = thread;
    this.lastCpu.set(thread, cpu.index);
    return thread;
  }

  /**
   * The thread running on `cpu`, or null when none has been seen there yet (no side effect, unlike
   * `threadOf`): for callers that key per-task state, as the kernel keys it by `current`.
   */
  runningOn(cpu: Cpu): LinuxThread | null {
    return this.running[cpu.index] ?? null;
  }

  /** A live thread by tid (any state but exited). */
  find(tid: number): LinuxThread | undefined {
    return this.live.get(tid);
  }

  /** Live threads, by tid. */
  threads(): LinuxThread[] {
    return [...this.live.values()];
  }

  /**
   * A new scheduled thread (clone) with the context `init` fills in; it becomes runnable at once (an idle
   * CPU takes it, else it queues).
   */
  spawn(init: (context: ThreadContext) => void): LinuxThread {
    const thread = this.newThread(false);
    thread.state = 'runnable';
    init(thread.context);
    this.makeRunnable(thread);
    return thread;
  }

  /**
   * Blocks the thread on `cpu` (inside its syscall, `event`): it resumes after the SVC with r0 = the result
   * its waker (or its deadline) gives. Its CPU switches to a runnable thread or goes idle.
   */
  block(cpu: Cpu, event: ExceptionEvent, wait: ThreadWait): LinuxThread {
    const thread = this.threadOf(cpu);
    this.save(cpu, thread, event.resumeAt);
    thread.state = 'blocked';
    thread.wait = wait;
    this.counts.blocks++;
    this.leave(cpu, event);
    return thread;
  }

  /** Wakes a blocked thread with `result` in r0 (it takes an idle CPU or queues). */
  wake(thread: LinuxThread, result: number): void {
    if (thread.state !== 'blocked') return;
    thread.wait = null;
    thread.context.regs[0] = result;
    thread.state = 'runnable';
    this.counts.wakeups++;
    this.makeRunnable(thread);
  }

  /**
   * The thread on `cpu` ends (SYS_exit). Returns true when it was the last scheduled thread (the process
   * ends: the caller stops the machine); otherwise its CPU switches to a runnable thread or goes idle.
   */
  exit(cpu: Cpu, event: ExceptionEvent): boolean {
    const thread = this.threadOf(cpu);
    thread.state = 'exited';
    thread.wait = null;
    this.live.delete(thread.tid);
    this.lastCpu.delete(thread);
    this.counts.exited++;
    for (const t of this.live.values())
      if (!t.bound) {
        this.leave(cpu, event);
        return false;
      }
    return true;
  }

  /** sched_yield: the thread on `cpu` lets a queued thread run (it queues behind it); r0 = 0. */
  yield(cpu: Cpu, event: ExceptionEvent): boolean {
    const thread = this.threadOf(cpu);
    if (thread.bound || this.queue.length === 0) return false;
    this.save(cpu, thread, event.resumeAt);
    thread.context.regs[0] = 0;
    thread.state = 'runnable';
    const next = this.takeQueued();
    this.queue.push(thread);
    this.load(cpu, next);
    event.resumeAt = next.context.regs[15]! >>> 0;
    return true;
  }

  /**
   * The machine is about to give `cpu` a slice: deadlines that passed wake their threads, and when runnable
   * threads wait for a CPU, the scheduled thread on this one is preempted in favour of one of them (unless
   * `cpu.preemptCount` holds it there).
   */
  beforeSlice(cpu: Cpu): void {
    this.expire();
    const signals = this.signals;
    if (signals !== null) {
      const current = this.running[cpu.index];
      if (current != null && signals.deliverable(current)) signals.slice(cpu, current);
    }
    if (this.queue.length === 0 || !cpu.poweredOn || cpu.preemptCount !== 0) return;
    const current = this.running[cpu.index];
    if (current === null || current === undefined || current.bound) return;
    this.save(cpu, current, cpu.pc);
    current.state = 'runnable';
    const next = this.takeQueued();
    this.queue.push(current);
    cpu.cycles += PREEMPTION_CYCLES;
    this.counts.preemptions++;
    this.load(cpu, next);
  }

  /**
   * No CPU can run. With every CPU idle and threads blocked: the clocks skip to the earliest deadline (a wait's,
   * or the interval timer's) and its threads wake (true); with no deadline pending the guest is deadlocked — the run stops with a
   * `guest-deadlock` error naming what each thread waits for (true). False when there is nothing to do here.
   */
  idle(): boolean {
    if (this.host.cpus.some((c) => c.poweredOn)) return false;
    let blocked = 0;
    let earliest = Number.POSITIVE_INFINITY;
    for (const t of this.live.values()) {
      if (t.bound || t.state !== 'blocked') continue;
      blocked++;
      if (t.wait?.deadline != null) earliest = Math.min(earliest, t.wait.deadline);
    }
    const timer = this.signals?.timerDeadline() ?? null;
    if (timer !== null) earliest = Math.min(earliest, timer);
    if (blocked === 0) return false;
    if (earliest !== Number.POSITIVE_INFINITY) {
      const now = this.now();
      if (earliest > now) this.skipped += Math.ceil(earliest - now);
      this.expire();
      return true;
    }
    const waits = [...this.live.values()]
      .filter((t) => !t.bound)
      .map((t) => `tid ${t.tid}: ${describeWait(t)}`)
      .join('; ');
    requestStop(this.host.cpus[0]!, {
      reason: 'fault',
      status: null,
      error: new EmulatorError(
        'guest-deadlock',
        `guest deadlock: every thread is blocked and no timeout is pending (${waits})`,
      ),
    });
    return true;
  }

  statistics(): ThreadStatistics {
    return { ...this.counts, idleNanoseconds: this.skipped, digest: this.digestValue };
  }

  // ---- internals ---------------------------------------------------------------------------------

  private newThread(bound: boolean): LinuxThread {
    const thread = new LinuxThread(this.nextTid++, bound);
    this.live.set(thread.tid, thread);
    this.counts.created++;
    return thread;
  }

  private random(): Random {
    return this.host.schedulerRandom?.() ?? this.fallbackRandom;
  }

  /** Wakes every blocked thread whose deadline has passed, and fires the interval timer when it is due. */
  private expire(): void {
    let now = -1;
    const timer = this.signals?.timerDeadline() ?? null;
    if (timer !== null && timer <= this.now()) this.signals!.timerExpired(this.host.cpus[0]!);
    for (const t of this.live.values()) {
      const deadline = t.wait?.deadline;
      if (t.state !== 'blocked' || deadline == null) continue;
      if (now < 0) now = this.now();
      if (deadline > now) continue;
      this.onTimeout?.(t);
      this.counts.timeouts++;
      this.wake(t, t.wait!.timeoutResult);
    }
  }

  /** A runnable thread takes an idle CPU (drawn from the seeded generator) or joins the queue. */
  private makeRunnable(thread: LinuxThread): void {
    const idle: Cpu[] = [];
    for (const c of this.host.cpus) if (!c.poweredOn && c.stopRequest === null) idle.push(c);
    if (idle.length === 0) {
      this.queue.push(thread);
      return;
    }
    const cpu = idle.length === 1 ? idle[0]! : idle[this.random().below(idle.length)]!;
    this.load(cpu, thread);
  }

  private takeQueued(): LinuxThread {
    const q = this.queue;
    const i = q.length === 1 ? 0 : this.random().below(q.length);
    return q.splice(i, 1)[0]!;
  }

  /** `cpu` gives up its thread (blocked or exited): the next queued thread runs there, or the CPU idles. */
  private leave(cpu: Cpu, event: ExceptionEvent): void {
    this.running[cpu.index] = null;
    cpu.monitor.clear();
    if (this.queue.length > 0) {
      const next = this.takeQueued();
      this.load(cpu, next);
      event.resumeAt = next.context.regs[15]! >>> 0;
      return;
    }
    cpu.poweredOn = false;
    cpu.waitingForEvent = cpu.waitingForInterrupt = false;
    cpu.attention = 1;
  }

  private save(cpu: Cpu, thread: LinuxThread, pc: number): void {
    const c = thread.context;
    c.regs.set(cpu.regs);
    c.regs[15] = pc;
    c.cpsr = cpu.cpsr;
    c.vfp.set(cpu.vfp);
    c.fpscr = cpu.fpscr;
    c.tpidruro = cpu.cp15.tpidruro;
    c.tpidrurw = cpu.cp15.tpidrurw;
    thread.cpu = -1;
    cpu.monitor.clear();
  }

  /** Puts `thread` on `cpu` (powering it on when idle): its registers, CLREX, a context-synchronisation event. */
  private load(cpu: Cpu, thread: LinuxThread): void {
    if (this.signals?.deliverable(thread)) this.signals.resume(cpu, thread);
    const c = thread.context;
    cpu.writeCpsr(c.cpsr, -1);
    cpu.regs.set(c.regs);
    cpu.pc = cpu.nextPc = c.regs[15]! >>> 0;
    cpu.vfp.set(c.vfp);
    cpu.fpscr = c.fpscr;
    cpu.cp15.tpidruro = c.tpidruro;
    cpu.cp15.tpidrurw = c.tpidrurw;
    cpu.monitor.clear();
    cpu.waitingForEvent = cpu.waitingForInterrupt = false;
    cpu.poweredOn = true;
    cpu.attention = 1;
    thread.state = 'running';
    thread.cpu = cpu.index;
    this.running[cpu.index] = thread;
    const last = this.lastCpu.get(thread);
    if (last !== undefined && last !== cpu.index) this.counts.migrations++;
    this.lastCpu.set(thread, cpu.index);
    this.counts.switches++;
    this.digestValue = Math.imul(this.digestValue ^ cpu.index, 16777619) >>> 0;
    this.digestValue = Math.imul(this.digestValue ^ thread.tid, 16777619) >>> 0;
    this.host.contextSynchronize?.(cpu);
  }
}

function describeWait(t: LinuxThread): string {
  const w = t.wait;
  if (t.state !== 'blocked' || w === null) return t.state;
  if (w.kind === 'sleep') return 'sleeping';
  if (w.kind === 'signal') return 'waiting for a signal (sigsuspend)';
  return `futex wait on 0x${(w.address >>> 0).toString(16).padStart(8, '0')}${w.private ? ' (private)' : ''}`;
}
