import type { Cpu, ExceptionEvent, Machine } from '@armprobe/emulator';
import {
  MAX_THUMB_TRAMPOLINE_WORDS,
  MAX_TRAMPOLINE_WORDS,
  planOptimization,
  planThumbOptimization,
  readPtRegsFrame,
  thumbTrappingSlot,
  writePtRegsFrame,
} from '@armprobe/optprobe';
import { hex } from './errors.js';
import type { Kprobe, ProbeSite, ThumbProbeSite } from './probe.js';
import type { PtRegs } from './pt-regs.js';
import type { SlotArea } from './slots.js';
import type { TextBatch } from './text-batch.js';
import { type PairWrite, ThumbScopes, writePairs } from './thumb-optimizer.js';

/** The optprobe callback's software path (the kernel's optimized_callback: lookup, handler dispatch). */
export const GATE_HANDLER_CYCLES = 20;

/** Counters the optimizer feeds (a subset of KprobesStatistics, owned by Kprobes). */
export interface OptimizerCounters {
  hits: number;
  missed: number;
  writes: number;
  optimizations: number;
  unoptimizations: number;
  /** Thumb pairs are written under the optimizer's own stop_machine. */
  rendezvous: number;
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
 * skips stay breakpoints with this as their `notOptimized` reason. Every site may be tried: ARM sites with
 * a `B`, Thumb sites with a `B.W` (see @armprobe/optprobe's Thumb optprobes).
 */
export function optimizerSkips(_site: ProbeSite): string | null {
  return null;
}

/** An armed site may become an optprobe: it has enabled probes and none with a post handler. */
function optimizableSite(site: ProbeSite): boolean {
  return site.probes.some((p) => p.enabled) && !site.probes.some((p) => p.enabled && p.post !== undefined);
}

/** Above kprobes' own hooks and any personality: the detour is the optimizer's own text. */
const DETOUR_HOOK_PRIORITY = 110;

/** A Thumb optprobe whose B.W covers two probe sites: the 16-bit leader and the instruction after it. */
interface ThumbPair {
  readonly leader: ThumbProbeSite;
  readonly member: ThumbProbeSite;
  readonly optimized: NonNullable<ProbeSite['optimized']>;
  readonly faults: readonly number[];
}

/** A trampoline address whose fault is a probed (or covered) instruction's fault. */
interface TrampolineFault {
  readonly site: ProbeSite;
  /** The covered instruction's address and encoding (the site's own, or the pair's second instruction). */
  readonly address: number;
  readonly word: number;
  /** The registers are in the pt_regs frame at SP (put them back before raising). */
  readonly frame: boolean;
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
  private readonly trampolineFaults = new Map<number, TrampolineFault>();
  /** Thumb sites by address (for the original text and the pair rule). */
  private readonly thumbSites = new Map<number, ThumbProbeSite>();
  /** Thumb pairs by leader and by member. */
  private readonly pairs = new Map<ProbeSite, ThumbPair>();
  /** A pair's second instruction → its trampoline step: where a CPU arriving there half way continues. */
  private readonly detours = new Map<number, number>();
  /** Arrivals at a pair's second instruction sent to its trampoline. */
  detoured = 0;
  private readonly scopes: ThumbScopes;
  private readonly removeHook: () => void;
  /** Pairs going back to breakpoints in this batch: written at its flush (or before new pairs). */
  private pendingRestores: PairWrite[] = [];
  /** Trampolines of unoptimised probes, freed once no CPU can be running in them. */
  private retired: NonNullable<ProbeSite['optimized']>[] = [];
  /** Timer ticks seen (the optimizer's clock). */
  private ticks = 0;

  constructor(
    private readonly host: OptimizerHost,
    readonly enabled: boolean,
    readonly delay: number,
  ) {
    this.scopes = new ThumbScopes(host.machine, (a) => this.thumbSites.get(a >>> 0));
    // A pair's B.W has a `bkpt` as its second halfword: a CPU entering there half way is sent on.
    this.removeHook = host.machine.hooks.on('pabt', (e) => this.detour(e), { priority: DETOUR_HOOK_PRIORITY });
    host.text.onFlush(() => this.flushPairs([], []));
  }

  /**
   * Writes the pending pair restores, then `writes` (new pairs), in ONE stop_machine: restores first, since a
   * new pair may cover what a restore puts back.
   */
  private flushPairs(writes: readonly PairWrite[], maintain: readonly [number, number][]): void {
    const all = [...this.pendingRestores, ...writes];
    this.pendingRestores = [];
    if (all.length === 0) return;
    writePairs(this.host.machine, all, maintain);
    this.host.counters.rendezvous++;
  }

  /** Detaches the detour hook (every pair must have been unoptimized). */
  dispose(): void {
    this.removeHook();
  }

  /**
   * The breakpoint debug event of a pair's B.W entered half way (a branch, a call's return, an interrupted
   * context resuming at the second covered instruction): continue at the trampoline's second step, which
   * runs (and probes) that instruction and returns after the pair.
   */
  private detour(e: ExceptionEvent): boolean {
    if (!e.breakpoint || !e.thumb) return false;
    const to = this.detours.get(e.pc >>> 0);
    if (to === undefined) return false;
    this.detoured++;
    e.resumeAt = to;
    return true;
  }

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
    if (site.isa !== 'thumb') return;
    this.thumbSites.set(site.address, site);
    // A 16-bit site before it that waited for a probe here may now be optimized with it.
    const before = this.thumbSites.get(site.address - 2);
    if (before !== undefined && before.length === 2 && before.notOptimized?.startsWith('pair-not-probed') === true) {
      before.notOptimized = null;
      this.schedule(before, optimizableSite(before));
    }
  }

  removeSite(site: ProbeSite): void {
    this.sitesById.delete(site.id);
    this.queue.delete(site);
    if (this.thumbSites.get(site.address) === site) this.thumbSites.delete(site.address);
  }

  /**
   * The optimized site must stop being an optprobe: its branch goes back to the breakpoint (`wanted`,
   * probes remain) or to the original instruction; the trampoline is retired.
   */
  unoptimize(site: ProbeSite, wanted: boolean): void {
    const pair = this.pairs.get(site);
    if (pair !== undefined) {
      this.unoptimizePair(pair, site, wanted);
      return;
    }
    const to = wanted ? site.breakpoint : site.insn.word;
    this.host.text.queue(site.address, site.optimized!.branchWord, to, 'unoptimize', site.isa, site.length);
    site.state = wanted ? 'armed' : 'disarmed';
    this.retire(site.optimized!);
    site.optimized = null;
    this.host.counters.unoptimizations++;
  }

  private retire(optimized: NonNullable<ProbeSite['optimized']>): void {
    this.retired.push(optimized);
  }

  /**
   * A pair goes back to breakpoints as a whole when either of its sites stops being optimizable: the B.W's
   * halfwords become the leader's breakpoint (or original) and the member's (its first halfword; a 32-bit
   * member that is not wanted gets its second halfword back too), written at the batch's flush under one
   * stop_machine with every other pair going back. The site that is still wanted is queued to be optimized
   * again (alone or in a new pair).
   */
  private unoptimizePair(pair: ThumbPair, site: ProbeSite, wanted: boolean): void {
    const { leader, member } = pair;
    const wants = (s: ThumbProbeSite) => (s === site ? wanted : s.probes.some((p) => p.enabled));
    const leaderWanted = wants(leader);
    const memberWanted = wants(member);
    const memberText = memberWanted ? member.breakpoint : member.insn.word;
    const halfwords = [
      leaderWanted ? leader.breakpoint : leader.insn.word & 0xffff,
      member.length === 4 ? memberText >>> 16 : memberText & 0xffff,
    ];
    // A 32-bit member's second halfword holds its breakpoint's second half (the B.W replaced only the first).
    if (member.length === 4 && !memberWanted) halfwords.push(member.insn.word & 0xffff);
    // Written with the batch: before its plan, in one stop_machine with every other pair going back.
    this.pendingRestores.push({ address: leader.address, halfwords });
    this.detours.delete(member.address);
    this.host.counters.writes += halfwords.length;
    for (const [s, w] of [
      [leader, leaderWanted],
      [member, memberWanted],
    ] as const) {
      s.state = w ? 'armed' : 'disarmed';
      s.optimized = null;
      this.pairs.delete(s);
      this.host.counters.unoptimizations++;
    }
    for (const at of pair.faults) this.trampolineFaults.delete(at);
    this.retire(pair.optimized);
    // The other site, still wanted, is optimized again later (the caller reschedules `site` itself).
    for (const s of [leader, member]) {
      if (s === site || s.state !== 'armed') continue;
      s.notOptimized = null;
      this.schedule(s, optimizableSite(s));
    }
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
    const due: ProbeSite[] = [];
    for (const site of [...this.queue]) {
      if (site.state !== 'armed' || site.optimizeAt === null) {
        this.queue.delete(site);
        continue;
      }
      if (!force && site.optimizeAt > this.ticks) continue;
      due.push(site);
    }
    // In address order, so that a 16-bit Thumb site pairs with the site after it before that one is tried.
    due.sort((a, b) => a.address - b.address);
    const pairWrites: PairWrite[] = [];
    const maintain: [number, number][] = [];
    // Sites a deferred pair leader will cover: not optimized alone in this step.
    const held = new Set<ProbeSite>();
    for (const site of due) {
      if (site.state !== 'armed' || !this.queue.has(site)) continue;
      if (held.has(site)) {
        site.optimizeAt = this.ticks + 1;
        continue;
      }
      this.queue.delete(site);
      site.optimizeAt = null;
      if (site.isa === 'thumb') this.optimizeThumbSite(site, pairWrites, maintain, held);
      else this.optimizeSite(site);
    }
    this.flushPairs(pairWrites, maintain);
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
      this.trampolineFaults.set(result.trampoline.originalAt, {
        site,
        address: site.address,
        word: site.insn.word,
        frame: result.trampoline.mode === 'relocated',
      });
    }
    site.timesOptimized++;
    this.host.counters.optimizations++;
  }

  /**
   * A Thumb site: the analysis of @armprobe/optprobe over the function's scan. A 32-bit instruction gets a
   * B.W through the batch's plan like an ARM site. A 16-bit one is covered together with the next
   * instruction, which must be an armed probe site too (a later probe there must find a site: kprobes
   * reads a new site's instruction from the text); both run from one trampoline, each with its gate call,
   * and the B.W is written by `writePairs` (not one instruction: no patch request can carry it).
   */
  private optimizeThumbSite(
    site: ThumbProbeSite,
    pairWrites: PairWrite[],
    maintain: [number, number][],
    held: Set<ProbeSite>,
  ): void {
    let member: ThumbProbeSite | null = null;
    if (site.length === 2) {
      const next = this.thumbSites.get(site.address + 2);
      if (next === undefined || next.state !== 'armed' || !optimizableSite(next)) {
        const what =
          next === undefined ? 'not probed' : next.state !== 'armed' ? `${next.state}` : 'has a post handler';
        site.notOptimized = `pair-not-probed: the 16-bit instruction is replaced with the next one, and the instruction at ${hex(site.address + 2)} is ${what} (only an armed, optimizable probe site may be covered)`;
        return;
      }
      // The breakpoints must be in the text already (not still queued in this batch's plan).
      const memory = this.host.machine.memory;
      const nextBreakpoint = next.length === 4 ? next.breakpoint >>> 16 : next.breakpoint;
      if (memory.peek16(site.address) !== site.breakpoint || memory.peek16(site.address + 2) !== nextBreakpoint) {
        site.optimizeAt = this.ticks + 1;
        this.queue.add(site);
        held.add(next);
        return;
      }
      member = next;
    }
    const scope = this.scopes.scanFor(site, member);
    if (!scope.ok) {
      site.notOptimized = `no-function-scan: ${scope.detail}`;
      return;
    }
    const probes = new Map([[site.address, site.id]]);
    if (member !== null) probes.set(member.address, member.id);
    const area = this.host.area;
    // The area places trampolines within A32 reach of a word address; the plan checks the exact B.W reach.
    const near = site.address & ~3;
    const bytes = 4 * MAX_THUMB_TRAMPOLINE_WORDS;
    let place = area.placeTrampoline(near, MAX_THUMB_TRAMPOLINE_WORDS);
    let slot = place.ok ? place.address : 0;
    if (place.ok && member !== null) {
      // A pair's trampoline goes where its B.W's second halfword is a `bkpt` (within 4 KiB after the free
      // address, on this page or the next fresh one); the bytes skipped stay with it.
      const trapping = (from: number) => {
        const at = thumbTrappingSlot(site.address, from);
        return at !== null && at + bytes <= ((from & ~0xfff) >>> 0) + 0x1000 ? at : null;
      };
      let at = trapping(place.address);
      if (at !== null) {
        // On the current page, the padding and the trampoline must fit after its free address.
        const padded = area.placeTrampoline(near, (at - place.address) / 4 + MAX_THUMB_TRAMPOLINE_WORDS);
        if (!padded.ok || padded.address !== place.address) at = null;
      }
      if (at === null) {
        // A fresh page (asking for a whole one): the window recurs every 4 KiB, so one fits on it.
        place = area.placeTrampoline(near, 0x1000 / 4);
        at = place.ok ? trapping(place.address) : null;
      }
      if (place.ok && at === null) {
        site.notOptimized = `no-trampoline-space: a pair's trampoline must be within ±4 MiB of it (where the B.W's second halfword can be a bkpt), and the kprobes area's next page is not`;
        return;
      }
      slot = at ?? 0;
    }
    if (!place.ok) {
      site.notOptimized = `${place.reason}: ${place.detail}`;
      return;
    }
    const plan = planThumbOptimization({
      address: site.address,
      scan: scope.scan,
      probes,
      slotAddress: slot,
      gateAddress: this.host.gate,
      hasPostHandler: site.probes.some((p) => p.enabled && p.post !== undefined),
    });
    if (!plan.ok) {
      site.notOptimized = `${plan.reason}: ${plan.detail}`;
      return;
    }
    const words = plan.trampoline.words;
    const base = place.address;
    const claimed = (slot - base) / 4 + words.length;
    area.commitTrampoline(base, claimed);
    area.poke(slot, words);
    this.host.counters.writes += words.length;
    const first = plan.trampoline.steps[0]!;
    const faultSites = plan.trampoline.faultSites;
    const optimized = {
      trampoline: base,
      words: claimed,
      branchWord: plan.branch,
      originalAt: faultSites.find((f) => f.address === site.address)?.at ?? null,
      mode: first.how === 'direct' ? ('direct' as const) : ('relocated' as const),
    };
    const covered = (s: ThumbProbeSite) => {
      s.state = 'optimized';
      s.optimized = optimized;
      s.notOptimized = null;
      s.optimizeAt = null;
      this.queue.delete(s);
      s.timesOptimized++;
      this.host.counters.optimizations++;
    };
    const recordFaults = (owner: ProbeSite) => {
      for (const f of faultSites) {
        this.trampolineFaults.set(f.at, {
          site: owner,
          address: f.address,
          word: f.word,
          frame: f.registers === 'frame',
        });
      }
    };
    if (member === null) {
      this.host.text.wroteCode(slot, slot + ((4 * words.length + 7) & ~7), true);
      this.host.text.queue(site.address, site.breakpoint, plan.branch, 'optimize', 'thumb', 4);
      covered(site);
      recordFaults(site);
      return;
    }
    maintain.push([slot, slot + 4 * words.length]);
    pairWrites.push({ address: site.address, halfwords: plan.branchHalfwords });
    covered(site);
    covered(member);
    const pair: ThumbPair = { leader: site, member, optimized, faults: faultSites.map((f) => f.at) };
    this.pairs.set(site, pair);
    this.pairs.set(member, pair);
    recordFaults(site);
    this.detours.set(member.address, plan.detour!);
    this.host.counters.writes += 2;
  }

  /**
   * Frees retired trampolines that no CPU or parked guest thread can be executing: none has its PC, or a
   * return address (LR of the current mode, or any exception mode's; a parked thread's saved PC and LR),
   * inside one. The kernel waits for an RCU-tasks grace period for the same guarantee. The branches into them were removed by an earlier plan.
   */
  reclaim(): void {
    if (this.retired.length === 0) return;
    // Guest threads switched off their CPU keep their PC and LR in their saved context.
    const parked = (this.host.machine.linux?.threads.threads() ?? []).filter((th) => th.state !== 'running');
    const inUse = (t: number, bytes: number) => {
      const inside = (a: number) => a >>> 0 >= t && a >>> 0 < t + bytes;
      return (
        this.host.machine.cpus.some((cpu) => {
          if (inside(cpu.pc) || inside(cpu.regs[14]!)) return true;
          for (const mode of [0x11, 0x12, 0x13, 0x17, 0x1b]) if (inside(cpu.readRegisterOf(mode, 14))) return true;
          return false;
        }) || parked.some((th) => inside(th.context.regs[15]!) || inside(th.context.regs[14]!))
      );
    };
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
    const machine = this.host.machine;
    // A relocation that runs with r0–r14 in the frame at SP: put them back first.
    if (trampolineFault.frame) {
      const frame = readPtRegsFrame(machine.memory, cpu.regs[13]! >>> 0);
      for (let i = 0; i < 15; i++) cpu.regs[i] = frame[i]! | 0;
    }
    machine.raise(cpu, {
      kind: e.kind,
      pc: trampolineFault.address,
      word: trampolineFault.word,
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
