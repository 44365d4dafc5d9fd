import { Cpu, type CpuSystem } from '../cpu/cpu.js';
import { MODE_SVC, MODE_USR } from '../cpu/modes.js';
import { EmulatorError, type StopRequest } from '../cpu/stop.js';
import { type ExceptionRequest, raiseException, requestStop } from '../exceptions/dispatcher.js';
import { ExceptionHooks } from '../exceptions/hooks.js';
import { DecodedLines } from '../exec/decoded-lines.js';
import { type ExecutionMode, runSlice } from '../exec/run.js';
import { LinuxUser, type LinuxUserOptions } from '../linux/personality.js';
import { type LoadedProgram, type LoadOptions, loadElf } from '../loader/load.js';
import { STACK_SIZE, STACK_TOP } from '../loader/stack.js';
import { PhysicalMemory } from '../memory/memory.js';
import type { MachineStatistics, RunOptions, RunResult } from './result.js';
import { RoundRobinScheduler, type Scheduler } from './scheduler.js';

export interface MachineOptions extends LinuxUserOptions {
  /** Number of CPUs (issue 4: 1; the structure is N-ready for issue 5). */
  readonly cpus?: number;
  /** Existing memory to use (default: a new empty one). */
  readonly memory?: PhysicalMemory;
  /** Instruction fetch model: `coherent` (writes visible to fetch at once, like QEMU). */
  readonly fetch?: 'coherent';
  /** `blocks` (compiled basic blocks, default) or `interpreter` (one decoded line at a time). */
  readonly execution?: ExecutionMode;
  /** Instructions a CPU runs before the (default round-robin) scheduler moves to the next CPU. */
  readonly quantum?: number;
  /** Replaces the round-robin scheduler (issue 5: seeded interleaving). */
  readonly scheduler?: Scheduler;
  /** Install the Linux user-mode personality when a program is loaded (default true). */
  readonly linuxUser?: boolean;
}

/**
 * An ARMv7-A machine: flat physical memory, N CPUs (each with its decoded lines), host exception hooks,
 * and a run loop with a scheduler slot. `loadElf` prepares a Linux user-mode process on CPU 0.
 */
export class Machine implements CpuSystem {
  readonly memory: PhysicalMemory;
  readonly cpus: readonly Cpu[];
  readonly hooks = new ExceptionHooks();
  readonly fetch: 'coherent';
  execution: ExecutionMode;
  program: LoadedProgram | null = null;
  linux: LinuxUser | null = null;
  private readonly lines: readonly DecodedLines[];
  /** The scheduler slot (round robin with `quantum` by default). */
  scheduler: Scheduler;
  private halted = false;

  constructor(private readonly options: MachineOptions = {}) {
    const count = options.cpus ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 64) {
      throw new EmulatorError('bad-configuration', `cpus must be 1–64, got ${count}`);
    }
    this.memory = options.memory ?? new PhysicalMemory();
    this.fetch = options.fetch ?? 'coherent';
    this.execution = options.execution ?? 'blocks';
    this.scheduler = options.scheduler ?? new RoundRobinScheduler(options.quantum ?? 100_000);
    const cpus: Cpu[] = [];
    for (let i = 0; i < count; i++) {
      const cpu = new Cpu(i, this);
      cpu.reset(0);
      cpu.poweredOn = i === 0;
      cpus.push(cpu);
    }
    this.cpus = cpus;
    this.lines = cpus.map((cpu) => new DecodedLines(cpu, this.memory));
    // Coherent fetch: a write to decoded code drops the stale lines of every CPU at once.
    this.memory.addCodeWriteListener((address, size) => {
      for (const l of this.lines) l.invalidate(address, size);
    });
  }

  /** CpuSystem: routes an exception through the host hooks and the guest vectors. */
  raise(cpu: Cpu, request: ExceptionRequest): void {
    raiseException(cpu, this.hooks, request);
  }

  /**
   * Loads a static ELF32 ARM executable as a Linux user process on CPU 0: USR mode, SP at the initial
   * stack, PC at the entry (Thumb if bit 0), and the Linux personality (unless disabled).
   */
  loadElf(bytes: Uint8Array, options: LoadOptions = {}): LoadedProgram {
    const program = loadElf(this.memory, bytes, options);
    this.program = program;
    const cpu = this.cpus[0]!;
    cpu.reset(program.entry);
    cpu.writeCpsr(MODE_USR | (program.thumb ? 0x20 : 0), -1);
    cpu.regs[13] = program.stackPointer;
    for (const l of this.lines) l.clear();
    if (this.options.linuxUser !== false) {
      this.linux?.detach();
      this.linux = new LinuxUser(this, { start: program.brk, limit: STACK_TOP - STACK_SIZE - (1 << 20) }, this.options);
    }
    return program;
  }

  /** `symbol+0xoff` for an address, when a program with symbols is loaded. */
  symbolize(address: number): string | null {
    return this.program?.symbols.format(address) ?? null;
  }

  /** SEV: sets the event register of every CPU (waking those in WFE). */
  sendEvent(_from?: Cpu): void {
    for (const cpu of this.cpus) {
      cpu.eventRegister = true;
      cpu.attention = 1;
    }
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
   * Runs until a CPU stops (exit, unhandled fault), every CPU sleeps with no way to wake (halt), the host
   * halts the machine, or `maxInstructions` retire (limit). Never throws for guest behaviour.
   */
  run(options: RunOptions = {}): RunResult {
    const max = options.maxInstructions ?? Number.POSITIVE_INFINITY;
    const startInstructions = this.totalInstructions();
    const startCycles = this.totalCycles();
    const done = (stop: StopRequest): RunResult => {
      const result: RunResult = {
        reason: stop.reason,
        status: stop.status,
        instructions: this.totalInstructions() - startInstructions,
        cycles: this.totalCycles() - startCycles,
        ...(stop.fault ? { fault: stop.fault } : {}),
        ...(stop.error ? { error: stop.error } : {}),
      };
      return result;
    };
    this.halted = false;
    for (const cpu of this.cpus) {
      cpu.attention = 1;
      // A finished program stays finished; any other stop (fault, halt) may be resumed after the host fixed it.
      if (cpu.stopRequest !== null && cpu.stopRequest.reason !== 'exit') cpu.stopRequest = null;
    }
    // Halt when every powered-on CPU has had a slice in a row without retiring anything (all asleep).
    let idleSlices = 0;
    for (;;) {
      const slice = this.scheduler.next(this.cpus);
      if (slice === null) return done({ reason: 'halt', status: null });
      const cpu = this.cpus[slice.cpu]!;
      if (cpu.stopRequest !== null) return done(cpu.stopRequest);
      const remaining = max - (this.totalInstructions() - startInstructions);
      if (remaining <= 0) return done({ reason: 'limit', status: null });
      const before = cpu.instructions;
      const limit = cpu.instructions + Math.min(slice.quantum, remaining);
      const end = runSlice(cpu, this.lines[slice.cpu]!, limit, this.execution);
      if (end === 'stopped' && cpu.stopRequest !== null) return done(cpu.stopRequest);
      if (this.halted) return done({ reason: 'halt', status: null });
      idleSlices = cpu.instructions !== before || end !== 'waiting' ? 0 : idleSlices + 1;
      if (idleSlices >= this.poweredOnCount()) return done({ reason: 'halt', status: null });
    }
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

  private poweredOnCount(): number {
    let n = 0;
    for (const cpu of this.cpus) if (cpu.poweredOn) n++;
    return n;
  }

  statistics(): MachineStatistics {
    return {
      instructions: this.totalInstructions(),
      cycles: this.totalCycles(),
      perCpu: this.cpus.map((c) => ({ instructions: c.instructions, cycles: c.cycles })),
      decodes: this.lines.reduce((s, l) => s + l.decodes, 0),
      compiles: this.lines.reduce((s, l) => s + l.compiles, 0),
      invalidations: this.lines.reduce((s, l) => s + l.invalidations, 0),
    };
  }

  /** The decoded lines of a CPU (issue 5's fetch model works on these). */
  decodedLines(cpuIndex = 0): DecodedLines {
    return this.lines[cpuIndex]!;
  }

  private totalInstructions(): number {
    let n = 0;
    for (const cpu of this.cpus) n += cpu.instructions;
    return n;
  }

  private totalCycles(): number {
    let n = 0;
    for (const cpu of this.cpus) n += cpu.cycles;
    return n;
  }
}
