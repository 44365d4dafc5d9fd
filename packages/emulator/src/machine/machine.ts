import type { Cp15Operation } from '../cpu/cp15.js';
import { Cpu, type CpuSystem } from '../cpu/cpu.js';
import { MODE_SVC, MODE_USR } from '../cpu/modes.js';
import { EmulatorError, type StopRequest } from '../cpu/stop.js';
import { type ExceptionRequest, raiseException, requestStop } from '../exceptions/dispatcher.js';
import { vectorAddress } from '../exceptions/entry.js';
import { ExceptionHooks } from '../exceptions/hooks.js';
import type { ExceptionKind } from '../exceptions/kinds.js';
import { COST } from '../exec/cost-model.js';
import { DecodedLines, MAX_BLOCK_LENGTH } from '../exec/decoded-lines.js';
import { type ExecutionMode, runSlice } from '../exec/run.js';
import { CACHE_LINE, type CmodxViolation, type FetchMode, InstructionFetch } from '../fetch/instruction-fetch.js';
import { MMAP_BASE } from '../linux/address-space.js';
import { atRandomBytes, LinuxUser } from '../linux/personality.js';
import { type LoadedProgram, type LoadOptions, loadElf } from '../loader/load.js';
import { PhysicalMemory } from '../memory/memory.js';
import { PERM_EXECUTE } from '../memory/page.js';
import { GlobalMonitor } from '../smp/global-monitor.js';
import { InterruptController, TIMER_PPI } from '../smp/interrupts.js';
import { type QuantumRange, type Random, SeededScheduler } from '../smp/scheduler.js';
import { HALT_STUB, HALT_STUB_WORD, type MachineOptions, type StopMachineOptions, smpStackTop } from './options.js';
import type { MachineStatistics, RunOptions, RunResult } from './result.js';
import type { Scheduler, ThreadSwitcher } from './scheduler.js';

const DEFAULT_QUANTUM: QuantumRange = [1000, 10000];
const DEFAULT_TICK_PERIOD = 100_000;
/** Quanta from this size up end at a block boundary (see runCpu). */
const SOFT_QUANTUM = 256;
const RENDEZVOUS_STEPS = 4;

interface Counters {
  ticks: number;
  ticksDropped: number;
  interrupts: number;
  interruptsDropped: number;
  ipis: number;
  trapWindows: number;
  rendezvousCount: number;
  rendezvousCycles: number;
  rendezvousLatency: number;
  rendezvousTrapWaits: number;
  syncCount: number;
  syncCycles: number;
  maintenanceCount: number;
  maintenanceCycles: number;
}

/** A trap window in progress: the delivery of the trapped CPU's exception to the hooks. */
interface OpenTrapWindow {
  readonly deliver: () => void;
  /** The hooks have seen the exception (a rendezvous inside the window ran them early). */
  delivered: boolean;
  /** Each CPU's clock (cycles + idle) when the window opened. */
  readonly opened: Float64Array;
}

/**
 * An ARMv7-A SMP machine: flat physical memory, N CPUs (each with its decoded lines = instruction cache),
 * a seeded scheduler, per-CPU timer ticks and an interrupt controller with IPIs, the global exclusive
 * monitor, the instruction-fetch model with its CMODX detector, host exception hooks, and the services
 * the patcher needs (it satisfies the patcher's `Platform` interface structurally).
 */
export class Machine implements CpuSystem {
  readonly memory: PhysicalMemory;
  readonly cpus: readonly Cpu[];
  readonly hooks = new ExceptionHooks();
  readonly fetch: FetchMode;
  execution: ExecutionMode;
  program: LoadedProgram | null = null;
  linux: LinuxUser | null = null;
  /** The scheduler slot (seeded by default). */
  scheduler: Scheduler;
  /** Guest threads over the CPUs (the Linux personality's, once a program is loaded), or null. */
  threads: ThreadSwitcher | null = null;
  readonly interrupts: InterruptController;
  readonly tickPeriod: number;
  readonly preemption: 'tick' | 'ipi';
  /** Trap window in cycles (may be changed between runs). */
  trapWindow: number;
  trapWindowKinds: readonly ExceptionKind[];
  private readonly lines: readonly DecodedLines[];
  private readonly fetchModel: InstructionFetch;
  private readonly nextTick: Float64Array;
  /** The tick (a `nextTick` value) at which each CPU last joined a rendezvous; -1 before any. */
  private readonly joinedAtTick: Float64Array;
  private readonly tickCounts: Float64Array;
  private readonly interruptCounts: Float64Array;
  private halted = false;
  private exitRequest: StopRequest | null = null;
  /** CPU on whose behalf host code runs (a hook's CPU, a rendezvous writer), -1 between runs. */
  private actingCpu = -1;
  private inRendezvous = false;
  /** The open trap window (see runTrapWindow), or null: windows do not nest. */
  private openWindow: OpenTrapWindow | null = null;
  private readonly counters: Counters = {
    ticks: 0,
    ticksDropped: 0,
    interrupts: 0,
    interruptsDropped: 0,
    ipis: 0,
    trapWindows: 0,
    rendezvousCount: 0,
    rendezvousCycles: 0,
    rendezvousLatency: 0,
    rendezvousTrapWaits: 0,
    syncCount: 0,
    syncCycles: 0,
    maintenanceCount: 0,
    maintenanceCycles: 0,
  };

  constructor(private readonly options: MachineOptions = {}) {
    const count = options.cpus ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 64) {
      throw new EmulatorError('bad-configuration', `cpus must be 1–64, got ${count}`);
    }
    const fetch = options.fetch ?? 'coherent';
    if (fetch !== 'coherent' && fetch !== 'architectural') {
      throw new EmulatorError('bad-configuration', `fetch must be coherent or architectural, got ${String(fetch)}`);
    }
    this.memory = options.memory ?? new PhysicalMemory();
    this.fetch = fetch;
    this.execution = options.execution ?? 'blocks';
    const q = options.quantum ?? DEFAULT_QUANTUM;
    this.scheduler = options.scheduler ?? new SeededScheduler(options.seed ?? 0, typeof q === 'number' ? [q, q] : q);
    this.tickPeriod = options.tickPeriod ?? DEFAULT_TICK_PERIOD;
    if (!(this.tickPeriod >= 0)) throw new EmulatorError('bad-configuration', 'tickPeriod must be ≥ 0');
    this.preemption = options.preemption ?? 'tick';
    this.trapWindow = options.trapWindow ?? 0;
    this.trapWindowKinds = options.trapWindowKinds ?? ['und', 'pabt'];
    const cpus: Cpu[] = [];
    for (let i = 0; i < count; i++) {
      const cpu = new Cpu(i, this);
      cpu.reset(0);
      cpu.poweredOn = i === 0;
      cpus.push(cpu);
    }
    this.cpus = cpus;
    this.interrupts = new InterruptController(cpus);
    this.nextTick = new Float64Array(count).fill(this.tickPeriod);
    this.joinedAtTick = new Float64Array(count).fill(-1);
    this.tickCounts = new Float64Array(count);
    this.interruptCounts = new Float64Array(count);
    const lines: DecodedLines[] = [];
    this.lines = lines;
    this.fetchModel = new InstructionFetch(
      fetch,
      lines,
      {
        memory: this.memory,
        runningFor: (writer) => this.runningFor(writer),
        clock: () => this.cycles(),
      },
      count,
    );
    this.fetchModel.throwOnViolation = options.throwOnViolation ?? false;
    for (const [k, cpu] of cpus.entries())
      lines.push(new DecodedLines(cpu, this.memory, this.fetchModel.sourceFor(k), fetch === 'coherent'));
    const monitor = new GlobalMonitor(cpus, this.memory);
    const fetchModel = this.fetchModel;
    this.memory.observer = {
      beforeWrite: (address, size, writer, atomic) => fetchModel.beforeWrite(address, size, writer, atomic),
      afterWrite: (address, size, writer) => {
        monitor.stored(address, size, writer);
        fetchModel.afterWrite(address, size, writer);
      },
    };
    if (fetch === 'coherent') {
      // Coherent fetch: a write to decoded code drops the stale lines of every CPU at once.
      this.memory.addCodeWriteListener((address, size) => {
        for (const l of this.lines) l.invalidate(address, size);
      });
    }
    for (const cpu of cpus) cpu.cp15.onOperation((operation) => this.cp15Operation(cpu, operation));
  }

  // ---- CpuSystem ---------------------------------------------------------------------------------

  /** Routes an exception through the host hooks and the guest vectors (with the trap window, the halt stub and interrupt acknowledge). */
  raise(cpu: Cpu, request: ExceptionRequest): void {
    const { kind } = request;
    if (kind === 'und' && request.pc >>> 0 === HALT_STUB && this.memory.isMapped(HALT_STUB)) {
      this.powerOff(cpu);
      return;
    }
    let interrupt: number | null = null;
    if (kind === 'irq') {
      interrupt = this.interrupts.acknowledge(cpu.index);
      this.counters.interrupts++;
      this.interruptCounts[cpu.index]!++;
    }
    // A host-call gate is a function call, not a trap (see raiseException): it opens no window.
    if (this.trapWindow > 0 && this.openWindow === null && this.trapWindowKinds.includes(kind)) {
      const hostCall = kind === 'und' && this.hooks.hostCall(request.pc >>> 0) !== undefined;
      if (!hostCall) {
        const window = this.runTrapWindow(cpu, () => this.deliver(cpu, request, interrupt));
        // A rendezvous requested inside the window already ran the trapped CPU's handler (see stopMachine).
        if (window?.delivered === true) return;
      }
    }
    this.deliver(cpu, request, interrupt);
  }

  /**
   * Hands an exception to raiseException as `cpu` (without a closure per exception: they are frequent), with
   * the interrupt ID an IRQ was acknowledged as.
   */
  private deliver(cpu: Cpu, request: ExceptionRequest, interrupt: number | null): void {
    const { kind } = request;
    const previous = this.actingCpu;
    this.actingCpu = cpu.index;
    try {
      const outcome = raiseException(cpu, this.hooks, request, kind !== 'irq' && kind !== 'fiq', interrupt);
      if (outcome === 'unhandled' && (kind === 'irq' || kind === 'fiq')) this.counters.interruptsDropped++;
    } finally {
      this.actingCpu = previous;
    }
  }

  /** SEV: sets the event register of every CPU (waking those in WFE). */
  sendEvent(_from?: Cpu): void {
    for (const cpu of this.cpus) {
      cpu.eventRegister = true;
      cpu.attention = 1;
    }
  }

  /** A context-synchronisation event on `cpu`: pending I-cache invalidations reach its instruction side. */
  contextSynchronize(cpu: Cpu): void {
    if (this.fetch === 'architectural') this.fetchModel.contextSynchronize(cpu.index);
  }

  // ---- programs ----------------------------------------------------------------------------------

  /**
   * Loads a static ELF32 ARM executable as a Linux user process on CPU 0: USR mode, SP at the initial
   * stack, PC at the entry (Thumb if bit 0), and the Linux personality (unless disabled).
   */
  loadElf(bytes: Uint8Array, options: LoadOptions = {}): LoadedProgram {
    const random = options.random ?? atRandomBytes(this.options.randomSeed ?? 0);
    const program = loadElf(this.memory, bytes, { ...options, random });
    this.program = program;
    const cpu = this.cpus[0]!;
    cpu.reset(program.entry);
    cpu.writeCpsr(MODE_USR | (program.thumb ? 0x20 : 0), -1);
    cpu.regs[13] = program.stackPointer;
    for (const l of this.lines) l.clear();
    this.exitRequest = null;
    if (this.options.linuxUser !== false) {
      this.linux?.detach();
      this.linux = new LinuxUser(this, { start: program.brk, limit: MMAP_BASE }, this.options);
      this.threads = this.linux.threads;
    }
    return program;
  }

  /**
   * Starts an SMP program (fixtures/README.md, "SMP programs"): CPU k (k < `cpus`, default every CPU) starts
   * at `entry` (a symbol of the loaded program, `symbol+off`, or an address) in USR mode with r0 = k,
   * SP = `smpStackTop(k, cpus)` and LR = `HALT_STUB`; the other CPUs are powered off. Returning from the
   * entry function executes the halt stub, which powers that CPU off. Call after `loadElf`.
   */
  startSmp(options: { entry: string | number; cpus?: number }): void {
    const n = options.cpus ?? this.cpus.length;
    if (!Number.isInteger(n) || n < 1 || n > this.cpus.length) {
      throw new EmulatorError('bad-configuration', `startSmp: cpus must be 1–${this.cpus.length}, got ${n}`);
    }
    const entry = typeof options.entry === 'number' ? options.entry : this.program?.symbols.resolve(options.entry);
    if (entry === undefined) {
      throw new EmulatorError(
        'bad-configuration',
        `startSmp: no symbol ${String(options.entry)} in the loaded program`,
      );
    }
    this.mapHaltStub();
    for (const cpu of this.cpus) {
      if (cpu.index >= n) {
        cpu.poweredOn = false;
        continue;
      }
      cpu.reset(entry & ~1);
      cpu.writeCpsr(MODE_USR | ((entry & 1) << 5), -1);
      cpu.regs[0] = cpu.index;
      cpu.regs[13] = smpStackTop(cpu.index, n);
      cpu.regs[14] = HALT_STUB;
      cpu.poweredOn = true;
      cpu.attention = 1;
    }
    for (const l of this.lines) l.clear();
    this.exitRequest = null;
  }

  /** The seeded scheduler's generator (null with a custom scheduler): guest-thread choices draw from it. */
  schedulerRandom(): Random | null {
    return this.scheduler instanceof SeededScheduler ? this.scheduler.rng : null;
  }

  /** `symbol+0xoff` for an address, when a program with symbols is loaded. */
  symbolize(address: number): string | null {
    return this.program?.symbols.format(address) ?? null;
  }

  /** Stops the run as soon as possible (reason `halt`). */
  halt(): void {
    this.halted = true;
    for (const cpu of this.cpus) cpu.attention = 1;
  }

  /** Stops a CPU's run with the given request (used by hooks and services). */
  stop(request: StopRequest, cpuIndex = 0): void {
    requestStop(this.cpus[cpuIndex]!, request);
  }

  /**
   * Starts (powers on) a CPU at `entry` in `mode` with the given registers, e.g. a secondary CPU of an SMP
   * program. CPU 0 is powered on at construction; the others wait for this call.
   */
  startCpu(
    index: number,
    entry: number,
    options: { mode?: number; regs?: Readonly<Record<number, number>> } = {},
  ): Cpu {
    const cpu = this.cpus[index];
    if (cpu === undefined) throw new EmulatorError('bad-configuration', `no CPU ${index}`);
    cpu.reset(entry & ~1);
    if (options.mode !== undefined || (entry & 1) !== 0)
      cpu.writeCpsr((options.mode ?? MODE_SVC) | ((entry & 1) << 5), -1);
    for (const [n, v] of Object.entries(options.regs ?? {})) cpu.regs[Number(n)] = v;
    cpu.poweredOn = true;
    cpu.attention = 1;
    return cpu;
  }

  // ---- running -----------------------------------------------------------------------------------

  /**
   * Runs until a CPU stops (exit, unhandled fault), every CPU sleeps with no way to wake or is powered off
   * (halt), the host halts the machine, or `maxInstructions` retire (limit). Never throws for guest behaviour.
   */
  run(options: RunOptions = {}): RunResult {
    const max = options.maxInstructions ?? Number.POSITIVE_INFINITY;
    const startInstructions = this.totalInstructions();
    const startCycles = this.cycles();
    const done = (stop: StopRequest): RunResult => ({
      reason: stop.reason,
      status: stop.status,
      instructions: this.totalInstructions() - startInstructions,
      cycles: this.cycles() - startCycles,
      ...(stop.fault ? { fault: stop.fault } : {}),
      ...(stop.error ? { error: stop.error } : {}),
    });
    if (this.exitRequest !== null) return done(this.exitRequest);
    this.halted = false;
    for (const cpu of this.cpus) {
      cpu.attention = 1;
      // A finished program stays finished; any other stop (fault, halt) may be resumed after the host fixed it.
      if (cpu.stopRequest !== null && cpu.stopRequest.reason !== 'exit') cpu.stopRequest = null;
    }
    const cpus = this.cpus;
    for (;;) {
      for (let i = 0; i < cpus.length; i++) {
        const stop = cpus[i]!.stopRequest;
        if (stop !== null) {
          if (stop.reason === 'exit') this.exitRequest = stop;
          return done(stop);
        }
      }
      if (this.halted) return done({ reason: 'halt', status: null });
      const remaining = max - (this.totalInstructions() - startInstructions);
      if (remaining <= 0) return done({ reason: 'limit', status: null });
      if (!this.anyRunnable()) {
        if (this.threads?.idle() === true) continue;
        if (!this.fastForwardToTick()) return done({ reason: 'halt', status: null });
        continue;
      }
      const slice = this.scheduler.next(cpus);
      if (slice === null) return done({ reason: 'halt', status: null });
      const cpu = cpus[slice.cpu]!;
      this.threads?.beforeSlice(cpu);
      this.runCpu(cpu, slice.quantum, remaining);
    }
  }

  /**
   * Runs one CPU for `quantum` instructions (a sleeping CPU idles for that many cycles instead), splitting
   * the slice at its timer ticks, never beyond `maxInstructions`. A quantum of at least `SOFT_QUANTUM` ends
   * at the first block boundary after it (at most MAX_BLOCK_LENGTH instructions later; deterministic), so
   * slices do not end in single-instruction steps; shorter quanta (exploration) end exactly.
   */
  private runCpu(cpu: Cpu, quantum: number, maxInstructions = quantum): void {
    const i = cpu.index;
    const lines = this.lines[i]!;
    const memory = this.memory;
    const previousWriter = memory.writer;
    memory.writer = i;
    const period = this.tickPeriod;
    let left = Math.min(quantum, maxInstructions);
    let hardLeft = maxInstructions;
    const soft = quantum >= SOFT_QUANTUM;
    try {
      while (left > 0 && cpu.poweredOn && cpu.stopRequest === null && !this.halted) {
        let budget = left;
        let untilTick = Number.POSITIVE_INFINITY;
        if (period > 0) {
          untilTick = this.nextTick[i]! - (cpu.cycles + cpu.idleCycles);
          if (untilTick <= 0) {
            this.tick(cpu);
            continue;
          }
          if (untilTick < budget) budget = Math.ceil(untilTick);
        }
        const before = cpu.instructions;
        const hard = soft ? Math.min(hardLeft, budget + MAX_BLOCK_LENGTH) : budget;
        const end = runSlice(cpu, lines, before + budget, this.execution, before + hard);
        left -= cpu.instructions - before;
        hardLeft -= cpu.instructions - before;
        if (end === 'budget') continue;
        if (end !== 'waiting') break;
        // Asleep: the rest of the slice passes idle (or until the tick, which may wake it).
        const idle = Math.min(left, Math.ceil(untilTick));
        if (idle <= 0) break;
        cpu.idleCycles += idle;
        left -= idle;
        if (idle < Math.ceil(untilTick)) break;
      }
    } finally {
      memory.writer = previousWriter;
    }
  }

  /** A timer tick on `cpu`: the timer PPI becomes pending if some hook or guest vector can take it. */
  private tick(cpu: Cpu): void {
    const i = cpu.index;
    this.nextTick[i]! += this.tickPeriod;
    this.tickCounts[i]!++;
    this.counters.ticks++;
    if (this.interruptDeliverable(cpu)) this.interrupts.raise(i, TIMER_PPI);
    else this.counters.ticksDropped++;
  }

  /** An IRQ on `cpu` reaches something: an `irq` host hook, or an executable guest IRQ vector. */
  private interruptDeliverable(cpu: Cpu): boolean {
    return this.hooks.has('irq') || (this.memory.permissions(vectorAddress(cpu, 'irq')) & PERM_EXECUTE) !== 0;
  }

  /** True when some powered-on CPU is awake or has a wake-up condition already met. */
  private anyRunnable(): boolean {
    for (const cpu of this.cpus) {
      if (!cpu.poweredOn) continue;
      if (cpu.stopRequest !== null) return true;
      if (cpu.waitingForInterrupt) {
        if (cpu.irqLine || cpu.fiqLine) return true;
      } else if (cpu.waitingForEvent) {
        if (cpu.eventRegister || (cpu.irqLine && cpu.maskI === 0) || (cpu.fiqLine && cpu.maskF === 0)) return true;
      } else return true;
    }
    return false;
  }

  /**
   * Every powered-on CPU sleeps: time passes (idle) until the earliest tick that can wake one of them.
   * False when no tick can (the machine halts).
   */
  private fastForwardToTick(): boolean {
    if (this.tickPeriod <= 0) return false;
    let delta = Number.POSITIVE_INFINITY;
    for (const cpu of this.cpus) {
      if (!cpu.poweredOn || !this.interruptDeliverable(cpu)) continue;
      if (cpu.waitingForEvent && cpu.maskI !== 0) continue;
      delta = Math.min(delta, this.nextTick[cpu.index]! - (cpu.cycles + cpu.idleCycles));
    }
    if (delta === Number.POSITIVE_INFINITY) return false;
    delta = Math.max(0, Math.ceil(delta));
    for (const cpu of this.cpus) {
      if (!cpu.poweredOn) continue;
      cpu.idleCycles += delta;
      cpu.attention = 1;
      while (this.nextTick[cpu.index]! - (cpu.cycles + cpu.idleCycles) <= 0) this.tick(cpu);
    }
    return true;
  }

  /** The halt stub: the CPU powers off (not running for the detector, never scheduled again). */
  private powerOff(cpu: Cpu): void {
    cpu.poweredOn = false;
    cpu.waitingForEvent = cpu.waitingForInterrupt = false;
    cpu.attention = 1;
  }

  private mapHaltStub(): void {
    if (this.memory.isMapped(HALT_STUB)) return;
    this.memory.map(HALT_STUB, 0x1000, 'rx');
    this.memory.poke32(HALT_STUB, HALT_STUB_WORD);
  }

  /**
   * The trap window: before the hooks see an exception taken by `trapped`, every other running CPU (in an
   * order drawn from the scheduler's seed) executes until its clock has advanced by `trapWindow` cycles.
   * The trapped CPU is charged the window. Windows do not nest. `deliver` runs the trapped CPU's hooks; the
   * caller runs it after the window unless a rendezvous inside the window already did (`delivered`): a
   * `stop_machine` cannot complete while a CPU is between its trap and its handler, so `stopMachine` closes
   * the window by running that handler first, and the window ends there.
   */
  private runTrapWindow(trapped: Cpu, deliver: () => void): OpenTrapWindow | null {
    const others = this.cpus.filter((c) => c !== trapped && c.poweredOn && c.stopRequest === null);
    if (others.length === 0) return null;
    const rng = this.scheduler instanceof SeededScheduler ? this.scheduler.rng : null;
    for (let k = others.length - 1; k > 0 && rng !== null; k--) {
      const j = rng.below(k + 1);
      [others[k], others[j]] = [others[j]!, others[k]!];
    }
    const window: OpenTrapWindow = {
      deliver,
      delivered: false,
      opened: Float64Array.from(this.cpus, (c) => c.cycles + c.idleCycles),
    };
    this.openWindow = window;
    this.counters.trapWindows++;
    try {
      for (const cpu of others) {
        const target = cpu.cycles + cpu.idleCycles + this.trapWindow;
        let guard = 0;
        while (
          !window.delivered &&
          cpu.poweredOn &&
          cpu.stopRequest === null &&
          cpu.cycles + cpu.idleCycles < target &&
          guard++ < 1e6
        ) {
          this.runCpu(cpu, Math.ceil(target - (cpu.cycles + cpu.idleCycles)));
        }
      }
    } finally {
      this.openWindow = null;
    }
    trapped.cycles += this.trapWindow;
    return window;
  }

  /**
   * A rendezvous requested while a CPU is inside its trap window waits for that CPU's handler: it runs the
   * handler now (the window ends) and returns the cycles the caller waits for it — what is left of the window
   * on the caller's clock. 0 when no window is open (or its handler already ran).
   */
  private closeTrapWindowForRendezvous(caller: number): number {
    const window = this.openWindow;
    if (window === null || window.delivered) return 0;
    // The caller is another CPU: the trapped one does not run until its hooks have.
    const self = this.cpus[caller]!;
    const elapsed = self.cycles + self.idleCycles - window.opened[caller]!;
    window.delivered = true;
    this.counters.rendezvousTrapWaits++;
    window.deliver();
    return Math.max(0, this.trapWindow - elapsed);
  }

  // ---- the patcher's Platform --------------------------------------------------------------------

  /** Platform: CPUs online (powered on). */
  cpuCount(): number {
    let n = 0;
    for (const cpu of this.cpus) if (cpu.poweredOn) n++;
    return n;
  }

  /** Platform: `size` bytes at `address` through the data side (memory as written), little-endian. */
  read(address: number, size: 2 | 4): number {
    return size === 4 ? this.memory.peek32(address) : this.memory.peek16(address);
  }

  /**
   * Platform: ONE host store of `size` bytes (single-copy atomic when aligned), made on behalf of the acting
   * CPU (the hook's CPU, the rendezvous writer, else the first online CPU); classified by the CMODX detector.
   * Not visible to any instruction side until `cacheMaintenance` and a context-synchronisation event.
   */
  write(address: number, value: number, size: 2 | 4): void {
    if (size === 4) this.memory.poke32(address, value);
    else this.memory.poke16(address, value);
    this.cpus[this.hostCpu()]!.cycles += COST.store;
  }

  /**
   * Platform and guest-independent maintenance: D-cache clean to PoU, I-cache invalidate (broadcast to every
   * CPU) and branch-predictor invalidate for the lines covering [address, address + size), then DSB. Each CPU
   * still needs a context-synchronisation event before it must fetch the new instructions. Charged to the
   * acting CPU: 3 operations per line × `COST.maintenanceLine` + 2 DSB.
   */
  cacheMaintenance(address: number, size: number): void {
    this.fetchModel.cleanData(address, size);
    this.fetchModel.invalidateInstructions('all', address, size);
    const lines = Math.max(1, Math.ceil(((address % CACHE_LINE) + size) / CACHE_LINE));
    const cost = 3 * lines * COST.maintenanceLine + 2 * COST.barrier;
    this.cpus[this.hostCpu()]!.cycles += cost;
    this.counters.maintenanceCount++;
    this.counters.maintenanceCycles += cost;
  }

  /**
   * Platform: `kick_all_cpus_sync` — an IPI to every other online CPU, each of which takes it (exception entry
   * and return: a context-synchronisation event, which also ends WFI/WFE) at its current instruction
   * boundary; the caller waits for all of them and executes an ISB. Completes synchronously: when it returns,
   * every online CPU has synchronised. Cycles: the caller `ipiSend` per target + the slowest target's
   * `ipiDelivery` + entry + return + an ISB; each target entry + return.
   */
  syncCores(): void {
    const caller = this.hostCpu();
    let cycles = 0;
    let targets = 0;
    for (const cpu of this.cpus) {
      if (!cpu.poweredOn || cpu.index === caller) continue;
      targets++;
      const cost = COST.exceptionEntry + COST.exceptionReturn;
      cpu.cycles += cost;
      cycles += cost;
      if (cpu.waitingForInterrupt) cpu.waitingForInterrupt = false;
      cpu.eventRegister = true;
      cpu.attention = 1;
      this.contextSynchronize(cpu);
    }
    const self = this.cpus[caller]!;
    const wait =
      targets * COST.ipiSend +
      (targets > 0 ? COST.ipiDelivery + COST.exceptionEntry + COST.exceptionReturn : 0) +
      COST.barrier;
    self.cycles += wait;
    cycles += wait;
    this.contextSynchronize(self);
    this.counters.ipis += targets;
    this.counters.syncCount++;
    this.counters.syncCycles += cycles;
  }

  /**
   * Platform: the kernel's `stop_machine`. Every other online CPU joins a rendezvous at its next scheduling
   * point — preemption `tick`: its next timer tick (a sleeping CPU: after an IPI), `ipi`: after an IPI — which
   * is accounted in cycles, not executed: the CPUs stay at their current instruction boundary and are charged
   * the time they would have taken to get there. The rendezvous moves in lockstep (prepare, disable IRQs, run,
   * exit: `COST.rendezvousStep` each), so every CPU is charged the slowest join plus the steps. While `fn`
   * runs every CPU is parked (not running for the detector). `writers: 'one'`: `fn(caller)` once; `'all'`:
   * `fn(k)` for every online CPU k in index order. On release every CPU takes a context-synchronisation
   * event. Works between runs (the caller is the first online CPU) and from inside a host hook (the caller
   * is the hook's CPU; the others are between their slices, at instruction boundaries). A CPU inside its trap
   * window (between taking the exception and its handler, IRQs off) cannot join until its handler has run: a
   * rendezvous requested then runs that handler first and the caller waits out the rest of the window
   * (`rendezvous.trapWaits` counts these). If `fn` throws, the CPUs are released and the exception
   * propagates. Nested calls (from `fn`) run `fn` directly.
   */
  stopMachine(fn: (cpu: number) => void, options: StopMachineOptions = { writers: 'one' }): void {
    const caller = this.hostCpu();
    if (this.inRendezvous) {
      this.runWriters(
        fn,
        options,
        caller,
        this.cpus.filter((c) => c.poweredOn),
      );
      return;
    }
    let latency = this.closeTrapWindowForRendezvous(caller);
    const live = this.cpus.filter((c) => c.poweredOn);
    for (const cpu of live) {
      if (cpu.index === caller) continue;
      const asleep = cpu.waitingForInterrupt || cpu.waitingForEvent;
      let join: number;
      if (this.preemption === 'tick' && this.tickPeriod > 0 && !asleep) {
        // A tick this CPU already spent joining an earlier rendezvous (not yet delivered) does not count twice.
        const i = cpu.index;
        const at = Math.max(this.nextTick[i]!, this.joinedAtTick[i]! + this.tickPeriod);
        this.joinedAtTick[i] = at;
        join = Math.max(0, Math.ceil(at - (cpu.cycles + cpu.idleCycles)));
      } else join = COST.ipiDelivery + COST.exceptionEntry;
      latency = Math.max(latency, join);
    }
    const others = live.length - 1;
    const steps = RENDEZVOUS_STEPS * COST.rendezvousStep;
    let cycles = 0;
    for (const cpu of live) {
      const charge = latency + steps + (cpu.index === caller ? others * COST.ipiSend : 0);
      cpu.cycles += charge;
      cycles += charge;
    }
    this.counters.ipis += this.preemption === 'ipi' ? others : 0;
    this.counters.rendezvousCount++;
    this.counters.rendezvousCycles += cycles;
    this.counters.rendezvousLatency += latency + steps;
    this.inRendezvous = true;
    for (const cpu of live) cpu.parked = true;
    try {
      this.runWriters(fn, options, caller, live);
    } finally {
      this.inRendezvous = false;
      for (const cpu of live) {
        cpu.parked = false;
        cpu.attention = 1;
        this.contextSynchronize(cpu);
      }
    }
  }

  private runWriters(fn: (cpu: number) => void, options: StopMachineOptions, caller: number, live: Cpu[]): void {
    const previous = this.actingCpu;
    try {
      if (options.writers === 'all') {
        for (const cpu of live) {
          this.actingCpu = cpu.index;
          fn(cpu.index);
        }
      } else {
        this.actingCpu = caller;
        fn(caller);
      }
    } finally {
      this.actingCpu = previous;
    }
  }

  /** Platform: the emulated clock — cycles spent by all CPUs (instructions, exceptions, services; not idle). */
  cycles(): number {
    let n = 0;
    for (const cpu of this.cpus) n += cpu.cycles;
    return n;
  }

  /** Makes interrupt `id` (an SGI 0–15 by default 0) pending on CPU `target`, sent by the acting CPU. */
  sendIpi(target: number, id = 0): void {
    if (this.cpus[target] === undefined) throw new EmulatorError('bad-configuration', `no CPU ${target}`);
    this.interrupts.raise(target, id);
    this.cpus[this.hostCpu()]!.cycles += COST.ipiSend;
    this.counters.ipis++;
  }

  // ---- fetch model and detector ------------------------------------------------------------------

  /** Declares [address, address + size) as instruction memory for the CMODX detector (decoded or not). */
  registerText(address: number, size: number, isa: 'arm' | 'thumb' = 'arm'): void {
    this.fetchModel.registerText(address, size, isa);
  }

  /** CMODX violations recorded since the last `clearViolations` (architectural fetch model only). */
  violations(): CmodxViolation[] {
    return this.fetchModel.violations();
  }

  clearViolations(): void {
    this.fetchModel.clearViolations();
  }

  /** Throw / stop at the first CMODX violation. */
  set throwOnViolation(value: boolean) {
    this.fetchModel.throwOnViolation = value;
  }

  get throwOnViolation(): boolean {
    return this.fetchModel.throwOnViolation;
  }

  /** True when CPU `index` has I-cache invalidations waiting for a context-synchronisation event. */
  pendingSynchronization(index: number): boolean {
    return this.fetchModel.hasPending(index);
  }

  private cp15Operation(cpu: Cpu, operation: Cp15Operation): void {
    const f = this.fetchModel;
    switch (operation.name) {
      case 'ICIALLUIS':
        f.invalidateInstructions('all', 'all');
        break;
      case 'ICIALLU':
        f.invalidateInstructions(cpu.index, 'all');
        break;
      case 'ICIMVAU':
        // ARMv7 with the Multiprocessing Extensions: broadcast to the inner-shareable domain. By MVA: the one
        // line holding the address (an unaligned MVA does not reach into the next line).
        f.invalidateInstructions('all', operation.value & -CACHE_LINE, CACHE_LINE);
        break;
      case 'DCCMVAU':
      case 'DCCMVAC':
      case 'DCCIMVAC':
      case 'DCIMVAC':
        f.cleanData(operation.value & -CACHE_LINE, CACHE_LINE);
        break;
      case 'DCCSW':
      case 'DCCISW':
      case 'DCISW':
        f.cleanData('all');
        break;
      case 'CP15ISB':
        this.contextSynchronize(cpu);
        break;
      default:
        break;
    }
  }

  /** CPUs that count as running for a write by `writer` (-1: the host, acting for `hostCpu()`). */
  private runningFor(writer: number): number[] {
    const self = writer >= 0 ? writer : this.hostCpu();
    const running: number[] = [];
    for (const cpu of this.cpus) if (cpu.poweredOn && !cpu.parked && cpu.index !== self) running.push(cpu.index);
    return running;
  }

  /** The CPU host code acts for: the hook's or rendezvous writer's CPU, else the first online CPU. */
  private hostCpu(): number {
    if (this.actingCpu >= 0) return this.actingCpu;
    for (const cpu of this.cpus) if (cpu.poweredOn) return cpu.index;
    return 0;
  }

  // ---- statistics --------------------------------------------------------------------------------

  statistics(): MachineStatistics {
    const c = this.counters;
    const schedule = this.scheduler instanceof SeededScheduler ? this.scheduler : null;
    return {
      instructions: this.totalInstructions(),
      cycles: this.cycles(),
      idleCycles: this.cpus.reduce((s, cpu) => s + cpu.idleCycles, 0),
      perCpu: this.cpus.map((cpu) => ({
        instructions: cpu.instructions,
        cycles: cpu.cycles,
        idleCycles: cpu.idleCycles,
        ticks: this.tickCounts[cpu.index]!,
        interrupts: this.interruptCounts[cpu.index]!,
      })),
      decodes: this.lines.reduce((s, l) => s + l.decodes, 0),
      compiles: this.lines.reduce((s, l) => s + l.compiles, 0),
      invalidations: this.lines.reduce((s, l) => s + l.invalidations, 0),
      ticks: c.ticks,
      ticksDropped: c.ticksDropped,
      interrupts: c.interrupts,
      interruptsDropped: c.interruptsDropped,
      ipis: c.ipis,
      trapWindows: c.trapWindows,
      rendezvous: {
        count: c.rendezvousCount,
        cycles: c.rendezvousCycles,
        latency: c.rendezvousLatency,
        trapWaits: c.rendezvousTrapWaits,
      },
      syncCores: { count: c.syncCount, cycles: c.syncCycles },
      maintenance: {
        count: c.maintenanceCount,
        cycles: c.maintenanceCycles,
        operations: this.fetchModel.maintenanceOperations,
      },
      violations: this.fetchModel.violationCount,
      schedule: schedule === null ? null : { slices: schedule.slices, digest: schedule.digest },
    };
  }

  /** The decoded lines (instruction cache) of a CPU. */
  decodedLines(cpuIndex = 0): DecodedLines {
    return this.lines[cpuIndex]!;
  }

  private totalInstructions(): number {
    let n = 0;
    for (const cpu of this.cpus) n += cpu.instructions;
    return n;
  }
}
