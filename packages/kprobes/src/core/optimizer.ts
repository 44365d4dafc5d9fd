import type { Cpu, ExceptionEvent, Machine } from '@armprobe/emulator';
import { MAX_TRAMPOLINE_WORDS, planOptimization, readPtRegsFrame, writePtRegsFrame } from '@armprobe/optprobe';
import type { Kprobe, ProbeSite } from './probe.js';
import type { PtRegs } from './pt-regs.js';
import type { SlotArea } from './slots.js';
import type { TextBatch } from './text-batch.js';

/** The optprobe callback's software path (the kernel's optimized_callback: lookup, handler dispatch). */
export const GATE_HANDLER_CYCLES = 20;

/** Counters the optimizer feeds (a subset of KprobesStatistics, owned by Kprobes). */
export interface OptimizerCounters {
  hits: number;
  missed: number;
  writes: number;
  optimizations: number;
  unoptimizations: number;
}

/** What the optimizer needs from the kprobes core it serves. */
export interface OptimizerHost {
  readonly machine: Machine;
  readonly area: SlotArea;
  /** The optprobe host-call gate's address. */
  readonly gate: number;
  readonly text: TextBatch;
  readonly counters: OptimizerCounters;
  /** True while `cpu` is single-stepping a probe (a hit now is a reentry: counted as missed). */
  cpuBusy(cpu: number): boolean;
  /** The CPU's pt_regs scratch view. */
  scratchRegs(cpu: number): PtRegs;
  /** Frees instruction slots no CPU uses any more (done with every reclaim of trampolines). */
  reclaimSlots(): void;
}

/**
 * Why the optimizer does not try a site at all (before any analysis), or null when it may. Sites it
 * skips stay breakpoints with this as their `notOptimized` reason.
 */
export function optimizerSkips(site: ProbeSite): string | null {
  if (site.isa === 'thumb') return 'thumb: Thumb probes are not optimized yet (breakpoint)';
  return null;
}

/**
 * The delayed, batched optimizer: armed probe sites become optprobes (a branch to a per-probe trampoline
 * from @armprobe/optprobe) once their delay in timer ticks has passed, and go back to breakpoints when a
 * probe is disabled, gains a post handler or goes away. Retired trampolines are reused once no CPU can be
 * running in one. The text changes go into the caller's batch (one patch plan).
 */
export class Optimizer {
  private readonly queue = new Set<ProbeSite>();
  private readonly sitesById = new Map<number, ProbeSite>();
  /** Trampoline words that stand for a probed instruction: a fault there is that instruction's fault. */
  private readonly trampolineFaults = new Map<number, { site: ProbeSite; mode: 'direct' | 'relocated' }>();
  /** Trampolines of unoptimised probes, freed once no CPU can be running in them. */
  private retired: NonNullable<ProbeSite['optimized']>[] = [];
  /** Timer ticks seen (the optimizer's clock). */
  private ticks = 0;

  constructor(
    private readonly host: OptimizerHost,
    readonly enabled: boolean,
    readonly delay: number,
  ) {}

  /** True when sites wait for their delay. */
  get waiting(): boolean {
    return this.queue.size > 0;
  }

  /** Advances the optimizer's clock by one timer tick. */
  advance(): void {
    this.ticks++;
  }

  addSite(site: ProbeSite): void {
    this.sitesById.set(site.id, site);
  }

  removeSite(site: ProbeSite): void {
    this.sitesById.delete(site.id);
    this.queue.delete(site);
  }

  /**
   * The optimized site must stop being an optprobe: its branch goes back to the breakpoint (`wanted`,
   * probes remain) or to the original instruction; the trampoline is retired.
   */
  unoptimize(site: ProbeSite, wanted: boolean): void {
    const to = wanted ? site.breakpoint : site.insn.word;
    this.host.text.queue(site.address, site.optimized!.branchWord, to, 'unoptimize');
    site.state = wanted ? 'armed' : 'disarmed';
    this.retired.push(site.optimized!);
    site.optimized = null;
    this.host.counters.unoptimizations++;
  }

  /** Queues an armed, optimizable site for optimization after the delay, or takes any other site off the queue. */
  schedule(site: ProbeSite, optimizable: boolean): void {
    if (site.state === 'armed' && optimizable && site.notOptimized === null) {
      const skip = optimizerSkips(site);
      if (skip !== null) {
        site.notOptimized = skip;
        return;
      }
      if (site.optimizeAt === null) {
        site.optimizeAt = this.ticks + this.delay;
        this.queue.add(site);
      }
    } else {
      site.optimizeAt = null;
      this.queue.delete(site);
    }
  }

  /**
   * Turns due armed sites into optprobes: trampolines first (written while unreachable), then breakpoint →
   * branch, all in the batch's plan. A site for which the kprobes area has no room within branch range
   * stays a breakpoint, with the reason.
   */
  optimizeDue(force: boolean): void {
    this.host.reclaimSlots();
    this.reclaim();
    for (const site of [...this.queue]) {
      if (site.state !== 'armed' || site.optimizeAt === null) {
        this.queue.delete(site);
        continue;
      }
      if (!force && site.optimizeAt > this.ticks) continue;
      this.queue.delete(site);
      site.optimizeAt = null;
      this.optimizeSite(site);
    }
  }

  private optimizeSite(site: ProbeSite): void {
    const area = this.host.area;
    const place = area.placeTrampoline(site.address, MAX_TRAMPOLINE_WORDS);
    if (!place.ok) {
      site.notOptimized = `${place.reason}: ${place.detail}`;
      return;
    }
    const query = {
      address: site.address,
      word: site.insn.word,
      slotAddress: place.address,
      gateAddress: this.host.gate,
      probeId: site.id,
      hasPostHandler: site.probes.some((p) => p.enabled && p.post !== undefined),
    };
    let result = planOptimization(query);
    if (!result.ok) {
      site.notOptimized = `${result.reason}: ${result.detail}`;
      return;
    }
    let trampoline = place.address;
    // A retired trampoline of the same size in range is reused (built again for its address).
    const reused = area.reusableTrampoline(site.address, result.trampoline.words.length);
    if (reused !== null) {
      const again = planOptimization({ ...query, slotAddress: reused });
      if (again.ok && again.trampoline.words.length === result.trampoline.words.length) {
        trampoline = reused;
        result = again;
      } else {
        area.releaseTrampoline(reused, result.trampoline.words.length);
      }
    }
    const words = result.trampoline.words;
    if (trampoline === place.address) area.commitTrampoline(trampoline, words.length);
    area.poke(trampoline, words);
    this.host.text.wroteCode(trampoline, trampoline + ((4 * words.length + 7) & ~7), true);
    this.host.counters.writes += words.length;
    this.host.text.queue(site.address, site.breakpoint, result.branchWord, 'optimize');
    site.state = 'optimized';
    site.optimized = {
      trampoline,
      words: words.length,
      branchWord: result.branchWord,
      originalAt: result.trampoline.originalAt,
      mode: result.trampoline.mode,
    };
    if (result.trampoline.originalAt !== null) {
      this.trampolineFaults.set(result.trampoline.originalAt, { site, mode: result.trampoline.mode });
    }
    site.timesOptimized++;
    this.host.counters.optimizations++;
  }

  /**
   * Frees retired trampolines that no CPU can be executing: none has its PC, or a return address (LR of
   * the current mode, or any exception mode's), inside one. The kernel waits for an RCU-tasks grace
   * period for the same guarantee. The branches into them were removed by an earlier plan.
   */
  reclaim(): void {
    if (this.retired.length === 0) return;
    const inUse = (t: number, bytes: number) =>
      this.host.machine.cpus.some((cpu) => {
        const inside = (a: number) => a >>> 0 >= t && a >>> 0 < t + bytes;
        if (inside(cpu.pc) || inside(cpu.regs[14]!)) return true;
        for (const mode of [0x11, 0x12, 0x13, 0x17, 0x1b]) if (inside(cpu.readRegisterOf(mode, 14))) return true;
        return false;
      });
    const keep: NonNullable<ProbeSite['optimized']>[] = [];
    for (const t of this.retired) {
      if (inUse(t.trampoline, 4 * t.words)) keep.push(t);
      else {
        if (t.originalAt !== null) this.trampolineFaults.delete(t.originalAt);
        this.host.area.releaseTrampoline(t.trampoline, t.words);
      }
    }
    this.retired = keep;
  }

  /**
   * A fault at a trampoline word that stands for a probed instruction is delivered as if that instruction
   * had raised it in place. Returns false when the fault is not in a trampoline.
   */
  trampolineFault(e: ExceptionEvent): boolean {
    const cpu = e.cpu;
    const trampolineFault = this.trampolineFaults.get(e.pc >>> 0);
    if (trampolineFault === undefined) return false;
    const inTrampoline = trampolineFault.site;
    const machine = this.host.machine;
    // Relocated trampolines run the copy with r0–r14 in the frame at SP: put them back first.
    if (trampolineFault.mode === 'relocated') {
      const frame = readPtRegsFrame(machine.memory, cpu.regs[13]! >>> 0);
      for (let i = 0; i < 15; i++) cpu.regs[i] = frame[i]! | 0;
    }
    machine.raise(cpu, {
      kind: e.kind,
      pc: inTrampoline.address,
      word: inTrampoline.insn.word,
      faultAddress: e.faultAddress,
      access: e.access,
      reason: e.reason,
    });
    e.resumeAt = cpu.nextPc;
    return true;
  }

  /**
   * The optprobe host-call gate: a trampoline called it with r0 = site id and r1 = its pt_regs frame. The
   * pre handlers run on the frame (hits and missed counted as for a breakpoint hit) and the call returns
   * to LR; the trampoline then reloads every register, the flags and the PC from the frame. Mapped with
   * the emulator's `onHostCall`, so it costs a call and return (plus `GATE_HANDLER_CYCLES`), not an
   * exception.
   */
  gateCall(cpu: Cpu): number {
    const resume = cpu.regs[14]! >>> 0;
    const site = this.sitesById.get(cpu.regs[0]! >>> 0);
    if (site === undefined) return resume;
    cpu.cycles += GATE_HANDLER_CYCLES;
    const counters = this.host.counters;
    const enabled: Kprobe[] = site.probes.filter((p) => p.enabled);
    if (this.host.cpuBusy(cpu.index)) {
      for (const p of enabled) p.missed++;
      counters.missed += enabled.length;
      return resume;
    }
    for (const p of enabled) p.hits++;
    counters.hits += enabled.length;
    const frame = cpu.regs[1]! >>> 0;
    const regs = this.host.scratchRegs(cpu.index);
    const memory = this.host.machine.memory;
    for (let i = 0; i < 18; i++) regs.uregs[i] = memory.peek32(frame + 4 * i);
    let tookOver = false;
    for (const p of enabled) {
      if (p.pre?.(p, regs, cpu.index)) {
        tookOver = true;
        break;
      }
    }
    // As at a breakpoint, a handler's PC only counts when it says it took over.
    if (!tookOver) regs.pc = site.address;
    writePtRegsFrame(memory, frame, regs.uregs);
    return resume;
  }
}
