import { inItBlock, itAdvance, itCondition } from '@armprobe/decoder';
import { type Cpu, type ExceptionEvent, type Machine, TIMER_PPI } from '@armprobe/emulator';
import { OPTPROBE_GATE_WORD } from '@armprobe/optprobe';
import { breakpointKind, type Platform, type Strategy } from '@armprobe/patcher';
import { enterSlot, leaveSlot, type SlotFrame } from '../single-step/emulate.js';
import { SimulationFault, simulate } from '../single-step/simulate.js';
import {
  enterThumbSlot,
  leaveThumbSlot,
  type ThumbSlotFrame,
  thumbSlotHalfwords,
} from '../single-step/thumb-emulate.js';
import { type InterworkingAddress, simulateThumb } from '../single-step/thumb-simulate.js';
import { conditionPasses } from './condition.js';
import { hex, KprobeError } from './errors.js';
import { type Kretprobe, KretprobeManager, type KretprobeSpec } from './kretprobe.js';
import { Optimizer } from './optimizer.js';
import { newSite, probePlace, resolveAddress } from './placement.js';
import { Kprobe, type KprobeSpec, type ProbeSite, type ThumbProbeSite } from './probe.js';
import { PT_REGS_CPSR_WRITABLE, PtRegs } from './pt-regs.js';
import { defaultSlotBase, SLOT_AREA_SIZE, SlotArea, textStart } from './slots.js';
import { TextBatch } from './text-batch.js';
import { ThumbLayout } from './thumb-layout.js';

/** The word after a slot's instruction: a permanently-undefined encoding that returns control to kprobes. */
export const SLOT_RETURN = 0xe7f002fa;
/** kprobes sees undefined-instruction traps before a personality that would make them fatal. */
export const KPROBES_HOOK_PRIORITY = 100;

/** The kretprobe trampoline word (also permanently undefined). */
export const KRETPROBE_TRAMPOLINE = 0xe7f003fa;

/** The Thumb halfword after a Thumb slot's instruction (UDF #0xfa): returns control to kprobes. */
export const THUMB_SLOT_RETURN_UDF = 0xdefa;
/** The Thumb kretprobe trampoline halfword (UDF #0xfb): Thumb functions return into it in Thumb state. */
export const THUMB_KRETPROBE_TRAMPOLINE = 0xdefb;

const PSR_T = 1 << 5;

export interface KprobesOptions {
  /** How text is patched (see @armprobe/patcher). Default `auto`. */
  readonly strategy?: Strategy;
  /** Guest address of the kprobes area (slots, trampolines); default: near the text, clear of it. */
  readonly areaBase?: number;
  readonly areaSize?: number;
  /** Extra addresses or [start, end) ranges where probes are refused. */
  readonly blacklist?: readonly (number | readonly [number, number])[];
  /** The patch target; default: the machine itself. */
  readonly platform?: Platform;
  /**
   * Turn breakpoint probes into optprobes (a branch to a per-probe trampoline) once they have been armed
   * for `optimizeDelay` timer ticks, in batches: one patch plan per batch. Default false.
   */
  readonly optimize?: boolean;
  /** Ticks between arming and optimizing (the kernel waits 5 jiffies). Default 5. */
  readonly optimizeDelay?: number;
}

export interface KprobesStatistics {
  readonly hits: number;
  readonly missed: number;
  /** Breakpoint traps at an address with no probe (removed while the trap was in flight): re-executed. */
  readonly spuriousTraps: number;
  readonly plans: number;
  readonly rendezvous: number;
  readonly directWrites: number;
  readonly writes: number;
  /** Sites turned into optprobes and back (each optimization batch is one plan). */
  readonly optimizations: number;
  readonly unoptimizations: number;
}

interface CpuState {
  /** Probe sites being single-stepped on this CPU (outermost first). */
  readonly active: { site: ProbeSite; frame: SlotFrame | ThumbSlotFrame; runHandlers: boolean }[];
}

/**
 * Emulated cost of the kernel's software path that the JavaScript here stands for, on top of the
 * exception entry and return the emulator charges (30). Per breakpoint trap (380): the kernel's
 * undefined-instruction entry saving pt_regs (svc_entry), the undef-hook lookup, kprobe_handler (probe
 * lookup, per-CPU state, condition check, handler dispatch) and the exit restoring pt_regs — calibrated so
 * a hit costs the middle of the ~280–550 ns reported per kprobe hit on ARM (ARM-FACTS), taken as cycles
 * at 1 GHz. Per out-of-line step (20): loading the renamed registers and copying results back around the
 * slot call. Handlers themselves cost nothing in emulated time.
 */
export const TRAP_HANDLER_CYCLES = 380;
export const SLOT_RETURN_CYCLES = 20;

const VECTORS: readonly (readonly [number, number])[] = [
  [0x00000000, 0x00000020],
  [0xffff0000, 0xffff0020],
];

/**
 * kprobes on an emulated machine: breakpoints at instructions, handlers in JavaScript that see and may
 * change pt_regs, single-step by simulation or out of line in instruction slots, aggregates, reentry
 * counted as missed. Text changes go through @armprobe/patcher, batched per call (or per `batch`).
 */
export class Kprobes {
  readonly area: SlotArea;
  readonly platform: Platform;
  readonly strategy: Strategy;
  private readonly sites = new Map<number, ProbeSite>();
  /** Slot-return host calls by address, with the function that unmaps each. */
  private readonly slotReturns = new Map<number, () => void>();
  private readonly perCpu: CpuState[];
  /**
   * One pt_regs view per CPU, refilled for every hit (like the kernel's pt_regs on the exception stack):
   * a handler may read and change it during its call, and must not keep it afterwards.
   */
  private readonly scratchRegs: PtRegs[];
  private readonly blacklist: (readonly [number, number])[];
  /** Text changes of the current batch: one patch plan per batch. */
  private readonly text: TextBatch;
  /** Sites removed while their slot may still be in use by a CPU's single-step. */
  private retiredSlots: ProbeSite[] = [];
  private nextSiteId = 1;
  private readonly optimizer: Optimizer;
  readonly optimizing: boolean;
  readonly optimizeDelay: number;
  /** The optprobe host-call gate (see @armprobe/optprobe). */
  readonly gate: number;
  private kretprobes: KretprobeManager | null = null;
  private readonly removeHooks: (() => void)[];
  private counters = {
    hits: 0,
    missed: 0,
    spuriousTraps: 0,
    plans: 0,
    rendezvous: 0,
    directWrites: 0,
    writes: 0,
    optimizations: 0,
    unoptimizations: 0,
  };
  /** Called when the trampoline of a kretprobe is reached (set by the kretprobe layer). */
  trampolineHandler: ((cpu: Cpu) => number) | null = null;
  /** The kretprobe trampoline ARM functions return into (ARM state). */
  readonly trampoline: number;
  /** The kretprobe trampoline Thumb functions return into (Thumb state; the address without bit 0). */
  readonly thumbTrampoline: number;
  /** Instruction starts and IT states of the program's Thumb code. */
  private readonly thumbLayout: ThumbLayout;

  constructor(
    readonly machine: Machine,
    options: KprobesOptions = {},
  ) {
    const size = options.areaSize ?? SLOT_AREA_SIZE;
    this.area = new SlotArea(machine, options.areaBase ?? defaultSlotBase(machine, size), size, textStart(machine));
    // The machine implements the patcher's Platform: stop_machine, sync_core IPIs, cache maintenance.
    this.platform = options.platform ?? machine;
    this.strategy = options.strategy ?? 'auto';
    this.text = new TextBatch(this.platform, this.strategy, this.counters);
    this.perCpu = machine.cpus.map(() => ({ active: [] }));
    this.scratchRegs = machine.cpus.map(() => new PtRegs());
    this.blacklist = [
      ...VECTORS,
      [this.area.base, this.area.base + this.area.size],
      ...(options.blacklist ?? []).map((b): readonly [number, number] => (typeof b === 'number' ? [b, b + 4] : b)),
    ];
    this.trampoline = this.area.allocate(2);
    // The ARM trampoline word, then the Thumb one (two UDF halfwords) in the same 8-byte allocation.
    this.thumbTrampoline = this.trampoline + 4;
    this.area.write(this.trampoline, [
      KRETPROBE_TRAMPOLINE,
      (THUMB_KRETPROBE_TRAMPOLINE | (THUMB_KRETPROBE_TRAMPOLINE << 16)) >>> 0,
    ]);
    this.thumbLayout = new ThumbLayout(machine.memory);
    this.gate = this.area.allocate(2);
    this.area.write(this.gate, [OPTPROBE_GATE_WORD, OPTPROBE_GATE_WORD]);
    this.optimizing = options.optimize ?? false;
    this.optimizeDelay = options.optimizeDelay ?? 5;
    if (!Number.isInteger(this.optimizeDelay) || this.optimizeDelay < 0) {
      throw new KprobeError('bad-option', `optimizeDelay must be a non-negative integer, got ${this.optimizeDelay}`);
    }
    this.optimizer = new Optimizer(
      {
        machine,
        area: this.area,
        gate: this.gate,
        text: this.text,
        counters: this.counters,
        cpuBusy: (cpu) => this.perCpu[cpu]!.active.length > 0,
        scratchRegs: (cpu) => this.scratchRegs[cpu]!,
        reclaimSlots: () => this.reclaimSlots(),
      },
      this.optimizing,
      this.optimizeDelay,
    );
    this.removeHooks = [
      machine.hooks.on('und', (e) => this.onUndefined(e), { priority: KPROBES_HOOK_PRIORITY }),
      machine.hooks.on('dabt', (e) => this.slotFault(e), { priority: KPROBES_HOOK_PRIORITY }),
      // The optprobe gate is a host call: the trampoline's `blx` into it costs a call, not an exception.
      machine.hooks.onHostCall(this.gate, (cpu) => this.optimizer.gateCall(cpu)),
      // Functions return into the kretprobe trampoline like into any code: a host call too.
      machine.hooks.onHostCall(this.trampoline, (cpu) => this.kretprobeReturn(cpu)),
      machine.hooks.onHostCall(this.thumbTrampoline, (cpu) => this.kretprobeReturn(cpu)),
    ];
    if (this.optimizing) {
      // The optimizer's clock is the timer tick, like the kernel's jiffies: CPU 0's tick advances it. The
      // hook takes the timer interrupt (the emulated kernel's tick handler), so ticks cost their exception.
      this.removeHooks.push(
        machine.hooks.on('irq', (e) => {
          if (e.interrupt !== TIMER_PPI) return false;
          if (e.cpu.index === 0) this.tick();
          return true;
        }),
      );
    }
  }

  private kretprobeReturn(cpu: Cpu): number {
    if (this.trampolineHandler !== null) return this.trampolineHandler(cpu);
    this.machine.stop({ reason: 'fault', status: 132 }, cpu.index);
    return (cpu.pc | cpu.thumb) >>> 0;
  }

  /** Detaches from the machine (probes must be unregistered first to restore the text). */
  dispose(): void {
    for (const remove of this.removeHooks) remove();
  }

  // ---- registration -------------------------------------------------------------------------------

  /** Registers (and arms, unless `disabled`) a probe. Throws KprobeError naming what is wrong. */
  register(spec: KprobeSpec): Kprobe {
    return this.batch(() => this.registerOne(spec));
  }

  /**
   * Runs `fn` and applies every text change it causes as ONE patch plan (the batching kprobes and
   * optprobes use to keep the number of rendezvous down). Nested batches join the outer one.
   */
  batch<T>(fn: () => T): T {
    if (this.text.open) return fn();
    this.text.begin();
    this.reclaimSlots();
    this.optimizer.reclaim();
    try {
      const result = fn();
      // Probes registered before the machine runs are optimised at once, in this same plan.
      if (this.optimizing && !this.machineStarted()) this.optimizer.optimizeDue(true);
      this.text.flush();
      return result;
    } finally {
      this.text.end();
    }
  }

  /**
   * One optimizer step: the armed sites whose delay has passed become optprobes, all in one plan (with
   * `force`, every queued site). Called on every timer tick by `tick()`; callable by hosts directly.
   */
  optimizeNow(force = true): void {
    this.batch(() => this.optimizer.optimizeDue(force));
  }

  /** Advances the optimizer's clock by one timer tick and optimises what is due. */
  tick(): void {
    this.optimizer.advance();
    if (this.optimizer.waiting) this.batch(() => this.optimizer.optimizeDue(false));
  }

  unregister(probe: Kprobe): void {
    this.batch(() => this.unregisterOne(probe));
  }

  /** Registers a return probe on a function (see Kretprobe). */
  registerKretprobe(spec: KretprobeSpec): Kretprobe {
    this.kretprobes ??= new KretprobeManager(this);
    return this.kretprobes.register(spec);
  }

  unregisterKretprobe(rp: Kretprobe): void {
    if (this.kretprobes === null) throw new KprobeError('not-registered', 'no kretprobe is registered');
    this.kretprobes.unregister(rp);
  }

  enable(probe: Kprobe): void {
    this.requireRegistered(probe);
    if (probe.enabled) return;
    probe.enabled = true;
    this.batch(() => this.sync(this.sites.get(probe.address)!));
  }

  disable(probe: Kprobe): void {
    this.requireRegistered(probe);
    if (!probe.enabled) return;
    probe.enabled = false;
    this.batch(() => this.sync(this.sites.get(probe.address)!));
  }

  /** Every registered probe, in address order. */
  probes(): Kprobe[] {
    return [...this.sites.values()].sort((a, b) => a.address - b.address).flatMap((s) => s.probes);
  }

  statistics(): KprobesStatistics {
    return { ...this.counters };
  }

  /** Resolves `symbol+offset` or an address (bit 0 set on either selects Thumb state). */
  resolve(spec: Pick<KprobeSpec, 'address' | 'symbol' | 'offset'>): {
    address: number;
    symbol: string | null;
    offset: number;
  } {
    const { address, symbol, offset } = resolveAddress(this.machine, spec);
    return { address, symbol, offset };
  }

  private registerOne(spec: KprobeSpec): Kprobe {
    const resolved = resolveAddress(this.machine, spec);
    const { address, symbol, offset } = resolved;
    const place = probePlace(this.machine, this.thumbLayout, this.blacklist, resolved);
    let site = this.sites.get(address);
    if (site !== undefined && site.isa !== place.isa) {
      throw new KprobeError(
        'wrong-state',
        `${hex(address)} is already probed in ${site.isa === 'arm' ? 'ARM' : 'Thumb'} state`,
      );
    }
    if (site === undefined) {
      site = newSite(this.machine, this.thumbLayout, address, place, this.nextSiteId++);
      this.sites.set(address, site);
      this.optimizer.addSite(site);
    }
    const probe = new Kprobe(address, symbol, offset, site, spec.pre, spec.post, spec.disabled !== true);
    probe.registered = true;
    site.probes.push(probe);
    this.sync(site);
    return probe;
  }

  private unregisterOne(probe: Kprobe): void {
    this.requireRegistered(probe);
    const site = this.sites.get(probe.address)!;
    site.probes.splice(site.probes.indexOf(probe), 1);
    probe.registered = false;
    probe.enabled = false;
    this.sync(site);
    if (site.probes.length === 0 && site.state === 'disarmed') {
      this.sites.delete(site.address);
      this.optimizer.removeSite(site);
      // A CPU may be in the middle of this site's out-of-line step: the slot (and its return trap) stays
      // until no CPU is using it.
      if (site.slot !== null) this.retiredSlots.push(site);
    }
  }

  private requireRegistered(probe: Kprobe): void {
    if (!probe.registered || this.sites.get(probe.address)?.probes.includes(probe) !== true) {
      throw new KprobeError('not-registered', `the probe at ${hex(probe.address)} is not registered here`);
    }
  }

  /** Arms, disarms, optimizes or unoptimizes a site to match its probes, queuing the text changes. */
  private sync(site: ProbeSite): void {
    const wanted = site.probes.some((p) => p.enabled);
    // The kernel never optimises a probe with a post handler: there is no single-step to run it after.
    const optimizable = this.optimizing && wanted && !site.probes.some((p) => p.enabled && p.post !== undefined);
    if (site.state === 'disarmed') {
      if (!wanted) return;
      if (site.decision.action === 'emulate' && site.slot === null) this.allocateSlot(site);
      this.text.queue(site.address, site.insn.word, site.breakpoint, 'arm', site.isa, site.length);
      site.state = 'armed';
    } else if (site.state === 'armed') {
      if (!wanted) {
        this.text.queue(site.address, site.breakpoint, site.insn.word, 'disarm', site.isa, site.length);
        site.state = 'disarmed';
      }
    } else if (!wanted || !optimizable) {
      // Optimized: back to the original instruction, or to the breakpoint while probes remain.
      this.optimizer.unoptimize(site, wanted);
    }
    this.optimizer.schedule(site, optimizable);
  }

  /**
   * The site's instruction slot, written while unreachable (only its breakpoint leads there, armed by the
   * batch's plan after the maintenance): ARM `copy; udf` (SLOT_RETURN), or the Thumb copy's halfwords and
   * THUMB_SLOT_RETURN_UDF. The slot is called like a function (the kernel's `blx` into its insn slot): its
   * return trap is a host call.
   */
  private allocateSlot(site: ProbeSite): void {
    const slot = this.area.allocate(2);
    let slotReturn: number;
    if (site.isa === 'arm') {
      if (site.decision.action !== 'emulate') return;
      this.area.poke(slot, [site.decision.slotWord, SLOT_RETURN]);
      slotReturn = slot + 4;
    } else {
      if (site.decision.action !== 'emulate') return;
      const halfwords = thumbSlotHalfwords(site.decision, THUMB_SLOT_RETURN_UDF);
      this.area.poke(slot, [halfwords[0]! | (halfwords[1]! << 16), halfwords[2]! | (halfwords[3]! << 16)]);
      slotReturn = slot + 2 * (site.decision.slot.length - 1);
    }
    site.slot = slot;
    site.slotReturn = slotReturn;
    this.text.wroteCode(slot, slot + 8, false);
    this.slotReturns.set(
      slotReturn,
      this.machine.hooks.onHostCall(slotReturn, (cpu) => this.slotReturned(cpu, site)),
    );
  }

  /** Frees the instruction slots of removed sites once no CPU is single-stepping in one. */
  private reclaimSlots(): void {
    if (this.retiredSlots.length === 0) return;
    const busy = new Set(this.perCpu.flatMap((c) => c.active.map((a) => a.site)));
    this.retiredSlots = this.retiredSlots.filter((site) => {
      const slot = site.slot!;
      if (busy.has(site) || this.machine.cpus.some((cpu) => cpu.pc >>> 0 >= slot && cpu.pc >>> 0 < slot + 8)) {
        return true;
      }
      this.slotReturns.get(site.slotReturn!)?.();
      this.slotReturns.delete(site.slotReturn!);
      this.area.release(slot, 2);
      site.slot = null;
      site.slotReturn = null;
      return false;
    });
  }

  /** Has the machine executed anything yet? */
  private machineStarted(): boolean {
    return this.machine.cpus.some((c) => c.instructions > 0);
  }

  // ---- the trap path --------------------------------------------------------------------------------

  private onUndefined(e: ExceptionEvent): boolean {
    const cpu = e.cpu;
    const pc = e.pc >>> 0;
    if (this.slotFault(e)) return true;
    const isa = e.thumb ? 'thumb' : 'arm';
    const word = e.word ?? this.machine.memory.peek32(pc);
    if (breakpointKind(isa, e.length, word) !== 'kprobe-udf') return false;
    cpu.cycles += TRAP_HANDLER_CYCLES;
    const site = this.sites.get(pc);
    if (site === undefined || site.state !== 'armed' || site.isa !== isa) {
      // The probe went away while this trap was in flight: run whatever is there now.
      this.counters.spuriousTraps++;
      e.resumeAt = pc;
      return true;
    }
    if (!this.conditionPasses(cpu, site, e.itState)) {
      // Skipped like the kernel's singlestep_skip: past the instruction, ITSTATE advanced.
      e.resumeAt = (pc + site.length) >>> 0;
      if (site.isa === 'thumb') cpu.itState = itAdvance(e.itState);
      return true;
    }
    const state = this.perCpu[cpu.index]!;
    const enabled = site.probes.filter((p) => p.enabled);
    if (state.active.length > 0) {
      for (const p of enabled) p.missed++;
      this.counters.missed += enabled.length;
      return this.singleStep(e, site, false);
    }
    for (const p of enabled) p.hits++;
    this.counters.hits += enabled.length;
    const regs = this.ptRegs(cpu, pc);
    for (const p of enabled) {
      if (p.pre?.(p, regs, cpu.index)) {
        // The handler took over the PC: skip the single-step (and post handlers), as the kernel does.
        this.writeBack(cpu, regs);
        e.resumeAt = site.isa === 'thumb' ? regs.pc & ~1 : regs.pc;
        return true;
      }
    }
    this.writeBack(cpu, regs);
    return this.singleStep(e, site, true);
  }

  /**
   * Does the probed instruction run? ARM: its condition. Thumb: a B<c>'s own condition, else the IT block's
   * current one from the trap's ITSTATE (always outside a block), as the kernel's Thumb check does.
   */
  private conditionPasses(cpu: Cpu, site: ProbeSite, itState: number): boolean {
    if (site.isa === 'arm') return conditionPasses(site.insn.cond, cpu.n, cpu.z, cpu.c, cpu.v);
    const condition = site.decision.condition;
    if (condition.source === 'branch') return conditionPasses(condition.cond, cpu.n, cpu.z, cpu.c, cpu.v);
    return !inItBlock(itState) || conditionPasses(itCondition(itState), cpu.n, cpu.z, cpu.c, cpu.v);
  }

  private singleStep(e: ExceptionEvent, site: ProbeSite, runHandlers: boolean): boolean {
    if (site.isa === 'thumb') return this.singleStepThumb(e, site, runHandlers);
    const cpu = e.cpu;
    const decision = site.decision;
    if (decision.action === 'simulate') {
      try {
        e.resumeAt = simulate(cpu, decision.handler, site.insn);
      } catch (error) {
        if (!(error instanceof SimulationFault)) throw error;
        e.stop({ reason: 'fault', status: error.reason === 'alignment' ? 135 : 139 });
        return true;
      }
      if (runHandlers) this.runPost(cpu, site, e.resumeAt);
      return true;
    }
    const frame = enterSlot(cpu, decision, site.insn);
    this.perCpu[cpu.index]!.active.push({ site, frame, runHandlers });
    // The guest thread stays on this CPU until the slot returns (the kernel single-steps with preemption off).
    cpu.preemptCount++;
    e.resumeAt = site.slot!;
    return true;
  }

  /**
   * Thumb single-step: simulate on the register file, or run the slot (outside any IT block, ITSTATE 0).
   * ITSTATE advances past the instruction either way (IT itself sets it).
   */
  private singleStepThumb(e: ExceptionEvent, site: ThumbProbeSite, runHandlers: boolean): boolean {
    const cpu = e.cpu;
    const decision = site.decision;
    if (decision.action === 'simulate') {
      let target: InterworkingAddress;
      try {
        target = simulateThumb(cpu, decision.handler, site.insn.word, site.address, site.length);
      } catch (error) {
        if (!(error instanceof SimulationFault)) throw error;
        e.stop({ reason: 'fault', status: error.reason === 'alignment' ? 135 : 139 });
        return true;
      }
      if (decision.handler !== 't16-it') cpu.itState = itAdvance(e.itState);
      e.resumeAt = this.interwork(cpu, target);
      if (runHandlers) this.runPost(cpu, site, e.resumeAt);
      return true;
    }
    const frame = enterThumbSlot(cpu, decision, site.insn, site.address, e.itState);
    this.perCpu[cpu.index]!.active.push({ site, frame, runHandlers });
    cpu.preemptCount++;
    e.resumeAt = site.slot!;
    return true;
  }

  /** Continues at a BX-style target from a hook: bit 0 selects Thumb state (entering ARM ends any IT block). */
  private interwork(cpu: Cpu, target: InterworkingAddress): number {
    if ((target & 1) !== 0) {
      if (cpu.thumb === 0) cpu.writeCpsr(PSR_T, PSR_T);
      return (target & ~1) >>> 0;
    }
    if (cpu.thumb !== 0) cpu.writeCpsr(0, PSR_T);
    cpu.itState = 0;
    return (target & ~3) >>> 0;
  }

  /** The slot's instruction ran: copy the results back and continue after the probed instruction. */
  private slotReturned(cpu: Cpu, site: ProbeSite): number {
    const active = this.perCpu[cpu.index]!.active;
    const top = active[active.length - 1];
    if (top === undefined || top.site !== site) {
      // Only a guest that jumps into a slot by itself gets here: it is the undefined instruction it is.
      this.machine.stop({ reason: 'fault', status: 132 }, cpu.index);
      return cpu.pc >>> 0;
    }
    active.pop();
    cpu.preemptCount--;
    cpu.cycles += SLOT_RETURN_CYCLES;
    if (site.isa === 'thumb') {
      const frame = top.frame as ThumbSlotFrame;
      const target = leaveThumbSlot(cpu, frame, site.insn);
      // Back in the probed code: ITSTATE advanced past the instruction (the host call's BX-like return
      // keeps it in Thumb state and clears it in ARM state).
      cpu.itState = itAdvance(frame.itState);
      if (top.runHandlers) this.runPost(cpu, site, target & ~1);
      return target;
    }
    const next = leaveSlot(cpu, top.frame as SlotFrame, site.insn);
    if (top.runHandlers) this.runPost(cpu, site, next);
    // A host call returns like BX: bit 0 of its result selects the state. leaveSlot has already applied the
    // instruction's own interworking (an ALU or load write of the PC may have switched to Thumb).
    return (next | cpu.thumb) >>> 0;
  }

  /**
   * The copy in a slot faulted (a data abort, or an encoding this core treats as undefined): undo the
   * slot's register borrowing and deliver the same exception as if the probed instruction had raised it
   * in place, the way the kernel's fixup makes a fault in an emulated instruction look.
   */
  private slotFault(e: ExceptionEvent): boolean {
    const cpu = e.cpu;
    if (this.optimizer.trampolineFault(e)) return true;
    const active = this.perCpu[cpu.index]!.active;
    const top = active[active.length - 1];
    if (top === undefined || top.site.slot !== e.pc >>> 0) return false;
    active.pop();
    cpu.preemptCount--;
    for (let i = 0; i < 15; i++) if ((top.frame.borrowed & (1 << i)) !== 0) cpu.regs[i] = top.frame.saved[i]!;
    if ('itState' in top.frame) {
      // The instruction faulted: the flags and ITSTATE are what they were when it was reached.
      if (!top.frame.keepFlags) cpu.writeCpsr(top.frame.apsr, PT_REGS_CPSR_WRITABLE);
      cpu.itState = top.frame.itState;
    }
    this.machine.raise(cpu, {
      kind: e.kind,
      pc: top.site.address,
      word: top.site.insn.word,
      faultAddress: e.faultAddress,
      access: e.access,
      reason: e.reason,
    });
    e.resumeAt = cpu.nextPc;
    return true;
  }

  private runPost(cpu: Cpu, site: ProbeSite, next: number): void {
    const withPost = site.probes.filter((p) => p.enabled && p.post !== undefined);
    if (withPost.length === 0) return;
    const regs = this.ptRegs(cpu, next);
    for (const p of withPost) p.post!(p, regs, cpu.index);
    this.writeBack(cpu, regs);
  }

  private ptRegs(cpu: Cpu, pc: number): PtRegs {
    const regs = this.scratchRegs[cpu.index]!;
    for (let i = 0; i < 15; i++) regs.uregs[i] = cpu.regs[i]! >>> 0;
    regs.uregs[15] = pc >>> 0;
    regs.uregs[16] = cpu.cpsr;
    regs.uregs[17] = cpu.regs[0]! >>> 0;
    return regs;
  }

  private writeBack(cpu: Cpu, regs: PtRegs): void {
    for (let i = 0; i < 15; i++) cpu.regs[i] = regs.uregs[i]! | 0;
    if (((regs.cpsr ^ cpu.cpsr) & PT_REGS_CPSR_WRITABLE) !== 0) cpu.writeCpsr(regs.cpsr, PT_REGS_CPSR_WRITABLE);
  }
}
