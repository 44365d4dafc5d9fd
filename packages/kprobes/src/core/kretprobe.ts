import { type Cpu, EmulatorError } from '@armprobe/emulator';
import { KprobeError } from './errors.js';
import type { Kprobes } from './kprobes.js';
import type { Kprobe } from './probe.js';
import { PT_REGS_CPSR_WRITABLE, PtRegs } from './pt-regs.js';

/** The kernel's kretprobe trampoline_handler path (instance lookup, handler dispatch), in emulated cycles. */
export const KRETPROBE_HANDLER_CYCLES = 40;

/** One pending return of a probed function (the kernel's kretprobe_instance). */
export interface KretprobeInstance {
  readonly kretprobe: Kretprobe;
  readonly cpu: number;
  /** Where the function returns to (the LR at entry). */
  readonly returnAddress: number;
  /** SP at entry (identifies the frame). */
  readonly stackPointer: number;
  /** Per-instance scratch space for the entry and return handlers. */
  readonly data: Record<string, unknown>;
}

export interface KretprobeSpec {
  readonly address?: number;
  readonly symbol?: string;
  readonly offset?: number;
  /** Runs at function entry; a truthy return skips this instance (no return handler). */
  readonly entry?: (instance: KretprobeInstance, regs: PtRegs) => unknown;
  /** Runs when the function returns; `regs.r(0)` is the return value. */
  readonly handler: (instance: KretprobeInstance, regs: PtRegs) => void;
  /** Concurrent instances allowed (default: max(10, 2 × CPUs), the kernel's default). */
  readonly maxactive?: number;
}

/**
 * A return probe: an entry probe replaces the function's LR with the kprobes trampoline; when the
 * function returns there, the handler sees the return value and execution continues at the real
 * return address. Instances are tracked per CPU (LIFO, so recursion works).
 */
export class Kretprobe {
  /** Returns observed. */
  hits = 0;
  /** Entries that found no free instance (maxactive reached). */
  missed = 0;
  active = 0;
  readonly entryProbe: Kprobe;

  constructor(
    private readonly owner: KretprobeManager,
    readonly spec: KretprobeSpec,
    readonly maxactive: number,
    kprobes: Kprobes,
  ) {
    this.entryProbe = kprobes.register({
      ...(spec.address !== undefined ? { address: spec.address } : {}),
      ...(spec.symbol !== undefined ? { symbol: spec.symbol } : {}),
      ...(spec.offset !== undefined ? { offset: spec.offset } : {}),
      pre: (_probe, regs, cpu) => {
        this.owner.enter(this, regs, cpu);
        return 0;
      },
    });
  }
}

/** Owns the trampoline's return path for every kretprobe of a Kprobes instance. */
export class KretprobeManager {
  /**
   * Pending returns per task, newest last. The kernel keys them by `current`: a guest thread of a Linux
   * program may block and resume on another CPU between entry and return, so its instances travel with it.
   * Code with no guest thread on the CPU (bare programs, or a host-started CPU before its first syscall)
   * uses the CPU itself as the task.
   */
  private readonly stacks = new Map<object | number, KretprobeInstance[]>();
  private readonly probes = new Set<Kretprobe>();

  constructor(private readonly kprobes: Kprobes) {
    kprobes.trampolineHandler = (cpu) => this.returned(cpu);
  }

  /** The task running on `cpu`: its guest thread when the Linux personality has one there, else the CPU. */
  private task(cpu: number): object | number {
    const machine = this.kprobes.machine;
    return machine.linux?.threads.runningOn(machine.cpus[cpu]!) ?? cpu;
  }

  private stackOf(task: object | number): KretprobeInstance[] {
    let stack = this.stacks.get(task);
    if (stack === undefined) {
      stack = [];
      this.stacks.set(task, stack);
    }
    return stack;
  }

  register(spec: KretprobeSpec): Kretprobe {
    const maxactive = spec.maxactive ?? Math.max(10, 2 * this.kprobes.machine.cpus.length);
    if (!Number.isInteger(maxactive) || maxactive < 1) {
      throw new KprobeError('bad-option', `maxactive must be a positive integer, got ${maxactive}`);
    }
    const rp = new Kretprobe(this, spec, maxactive, this.kprobes);
    this.probes.add(rp);
    return rp;
  }

  /** Unregisters the entry probe; instances already in flight still return through the trampoline. */
  unregister(rp: Kretprobe): void {
    if (!this.probes.delete(rp)) throw new KprobeError('not-registered', 'this kretprobe is not registered');
    this.kprobes.unregister(rp.entryProbe);
  }

  enter(rp: Kretprobe, regs: PtRegs, cpu: number): void {
    if (rp.active >= rp.maxactive) {
      rp.missed++;
      return;
    }
    const instance: KretprobeInstance = {
      kretprobe: rp,
      cpu,
      returnAddress: regs.lr,
      stackPointer: regs.sp,
      data: {},
    };
    if (rp.spec.entry?.(instance, regs)) return;
    rp.active++;
    this.stackOf(this.task(cpu)).push(instance);
    // The trampoline in the function's own state: a Thumb function may return without interworking
    // (`mov pc, lr`), and `bx lr` / `pop {pc}` take bit 0 as the state.
    regs.lr = rp.entryProbe.isa === 'thumb' ? (this.kprobes.thumbTrampoline | 1) >>> 0 : this.kprobes.trampoline;
  }

  /** The trampoline was reached: run the newest instance's handler and return to the real caller. */
  private returned(cpu: Cpu): number {
    // A CPU's first guest thread may have appeared (first syscall) since an entry keyed by the CPU.
    const own = this.stacks.get(this.task(cpu.index));
    const instance = own !== undefined && own.length > 0 ? own.pop() : this.stacks.get(cpu.index)?.pop();
    if (instance === undefined) {
      // Nothing to return to: the guest jumped to the trampoline by itself. Treat it as the undefined
      // instruction it is.
      this.kprobes.machine.stop(
        {
          reason: 'fault',
          status: 132,
          error: new EmulatorError(
            'internal-error',
            `CPU ${cpu.index} reached the kretprobe trampoline with no pending return`,
          ),
        },
        cpu.index,
      );
      return cpu.pc >>> 0;
    }
    cpu.cycles += KRETPROBE_HANDLER_CYCLES;
    const rp = instance.kretprobe;
    rp.active--;
    rp.hits++;
    const regs = new PtRegs();
    for (let i = 0; i < 15; i++) regs.uregs[i] = cpu.regs[i]! >>> 0;
    regs.uregs[15] = instance.returnAddress;
    regs.uregs[16] = cpu.cpsr;
    rp.spec.handler(instance, regs);
    for (let i = 0; i < 15; i++) cpu.regs[i] = regs.uregs[i]! | 0;
    if (((regs.cpsr ^ cpu.cpsr) & PT_REGS_CPSR_WRITABLE) !== 0) cpu.writeCpsr(regs.cpsr, PT_REGS_CPSR_WRITABLE);
    return regs.pc;
  }
}
