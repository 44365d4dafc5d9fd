/**
 * Issue 6 acceptance on the emulator: a 4-CPU architectural-fetch machine running a shared hot loop
 * (test/smp-loop.ts), patched live by `execute(plan(...), machine)`.
 *
 * Definitions used by the oracle:
 * - **torn**: a CPU executes, at a patch site, a word that is neither the old nor the new instruction
 *   (or any instruction the site was ever written with);
 * - **stale**: after `execute(plan, machine)` has returned, a CPU executes the OLD instruction at a
 *   patched address. Observed exactly: each instruction a site can hold has its own effect in the CPU's
 *   registers (see smp-loop.ts), so every execution of a site between two quiescent points is attributed
 *   to one word, and the old word's count must be 0.
 */
import type { CmodxViolation, Machine } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import { execute, type PatchRequest, type Platform, plan, type Strategy } from '../src/index.js';
import {
  ADD_R5,
  B_T1,
  B_T2,
  checkInterval,
  executions,
  hotLoop,
  NOP,
  Random,
  SA,
  SB,
  snapshot,
  UDF_BP,
} from './smp-loop.js';

const SEEDS = 1000;

interface Step {
  readonly requests: readonly PatchRequest[];
  readonly expect: { sa: number; sb: number };
}

const arm = (purpose: 'arm' | 'disarm', old: number, neu: number): PatchRequest => ({
  address: SA,
  isa: 'arm',
  width: 4,
  old,
  new: neu,
  purpose,
});
const jump = (old: number, neu: number): PatchRequest => ({
  address: SB,
  isa: 'arm',
  width: 4,
  old,
  new: neu,
  purpose: 'jump-label',
});

/** Arm a probe on a hot instruction with a NOP → B flip, retarget B → B, disarm, B → NOP. */
const SEQUENCE: readonly Step[] = [
  { requests: [arm('arm', ADD_R5, UDF_BP), jump(NOP, B_T1)], expect: { sa: UDF_BP, sb: B_T1 } },
  { requests: [jump(B_T1, B_T2)], expect: { sa: UDF_BP, sb: B_T2 } },
  { requests: [arm('disarm', UDF_BP, ADD_R5)], expect: { sa: ADD_R5, sb: B_T2 } },
  { requests: [jump(B_T2, NOP)], expect: { sa: ADD_R5, sb: NOP } },
];

interface SeedResult {
  readonly violations: CmodxViolation[];
  readonly problems: string[];
  readonly rendezvous: number[];
  readonly syncs: number[];
  readonly checked: number;
  readonly hits: number;
  readonly races: number;
}

/** One seed: run, then each step of the sequence executed live, each followed by a checked interval. */
function runSeed(seed: number, strategy: Strategy, platform?: (m: Machine) => Platform): SeedResult {
  const loop = hotLoop({ seed });
  const m = loop.machine;
  const target = platform?.(m) ?? m;
  const rng = new Random(seed * 7919 + 17);
  const problems: string[] = [];
  const rendezvous: number[] = [];
  const syncs: number[] = [];
  let checked = 0;
  m.run({ maxInstructions: 100 + rng.below(300) });
  for (const step of SEQUENCE) {
    const report = execute(plan(step.requests, { strategy, cpus: 4 }), target);
    rendezvous.push(report.rendezvous);
    syncs.push(report.syncs);
    const before = snapshot(loop);
    m.run({ maxInstructions: 150 + rng.below(300) });
    const after = snapshot(loop);
    checked += executions(before, after);
    for (const p of checkInterval(before, after, step.expect)) problems.push(`seed ${seed} ${strategy}: ${p}`);
  }
  return {
    violations: m.violations(),
    problems,
    rendezvous,
    syncs,
    checked,
    hits: loop.hits.reduce((a, b) => a + b, 0),
    races: loop.races.length,
  };
}

describe(`acceptance: live patching of a shared hot loop on 4 CPUs, ${SEEDS} seeds`, () => {
  for (const strategy of ['auto', 'kernel'] as const) {
    it(`${strategy}: 0 CMODX violations, nothing torn, nothing stale after execute returns`, () => {
      let violations = 0;
      let checked = 0;
      let hits = 0;
      let races = 0;
      const problems: string[] = [];
      const rendezvous = new Map<string, number>();
      const syncs = new Map<string, number>();
      for (let seed = 1; seed <= SEEDS; seed++) {
        const r = runSeed(seed, strategy);
        violations += r.violations.length;
        checked += r.checked;
        hits += r.hits;
        races += r.races;
        problems.push(...r.problems);
        const key = r.rendezvous.join(',');
        rendezvous.set(key, (rendezvous.get(key) ?? 0) + 1);
        const skey = r.syncs.join(',');
        syncs.set(skey, (syncs.get(skey) ?? 0) + 1);
      }
      expect(problems.slice(0, 10)).toEqual([]);
      expect(violations).toBe(0);
      expect(races).toBe(0);
      // The checks had work to do: thousands of site executions after every patch, breakpoints hit.
      expect(checked).toBeGreaterThan(SEEDS * 4 * 20);
      expect(hits).toBeGreaterThan(SEEDS);
      // Per step: auto = arm (stop-one) + NOP→B (direct, one sync) | B→B direct | disarm (stop-all) | B→NOP direct.
      // kernel = one stop_machine per write, never a sync.
      if (strategy === 'auto') {
        expect([...rendezvous]).toEqual([['1,0,1,0', SEEDS]]);
        expect([...syncs]).toEqual([['1,1,0,1', SEEDS]]);
      } else {
        expect([...rendezvous]).toEqual([['2,1,1,1', SEEDS]]);
        expect([...syncs]).toEqual([['0,0,0,0', SEEDS]]);
      }
    });
  }
});

/** The machine as a Platform, except that `syncCores` does nothing (a patcher that forgot the IPI + ISB). */
function withoutSync(m: Machine): Platform {
  return {
    cpuCount: () => m.cpuCount(),
    read: (a, size) => m.read(a, size),
    write: (a, v, size) => m.write(a, v, size),
    cacheMaintenance: (a, size) => m.cacheMaintenance(a, size),
    syncCores: () => {},
    stopMachine: (fn, o) => m.stopMachine(fn, o),
    cycles: () => m.cycles(),
  };
}

describe('acceptance: the oracle and the detector catch the unsafe ways', () => {
  it('a forced direct write of the breakpoint over the live instruction (and its direct removal) is flagged', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = runSeed(seed, 'direct');
      // Only the two writes at SA (add ↔ UDF); the NOP/B flips at SB are in the safe set.
      expect(r.violations.map((v) => [v.address, v.old, v.new, v.reason])).toEqual([
        [SA, ADD_R5, UDF_BP, 'old-not-safe'],
        [SA, UDF_BP, ADD_R5, 'old-not-safe'],
      ]);
      expect(r.violations[0]).toMatchObject({ writer: 'host', running: [1, 2, 3] });
      expect(r.rendezvous).toEqual([0, 0, 0, 0]);
      // Maintenance + syncCores still ran: what memory holds is what every CPU executes afterwards.
      expect(r.problems).toEqual([]);
    }
  });

  it('without syncCores after a direct write the oracle sees CPUs run the old instruction (stale)', () => {
    let stale = 0;
    let staleSb = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = runSeed(seed, 'auto', withoutSync);
      expect(r.violations).toEqual([]); // the detector judges stores, not synchronisation
      if (r.problems.length > 0) stale++;
      if (r.problems.some((p) => p.includes('SB stale'))) staleSb++;
    }
    // B T2 → NOP with no context synchronisation: CPUs that hold the old line keep branching to T2.
    expect(stale).toBeGreaterThan(190);
    expect(staleSb).toBe(stale);
  });
});
