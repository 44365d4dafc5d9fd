/**
 * Issue 6 acceptance: jump-label flips on the 4-CPU architectural-fetch machine. A `StaticKey` whose
 * first site is SB of the shared hot loop (smp-loop.ts) and whose other sites are registered text no CPU
 * is executing: every flip with the architected NOP is direct — one `syncCores` for all sites, no
 * rendezvous, 0 CMODX violations, and (the oracle) no CPU branches or falls through by the old word after
 * `execute` returns. The kernel's `mov r0, r0` NOP is outside the safe set: `auto` takes a rendezvous,
 * and writing it directly is flagged.
 */
import { describe, expect, it } from 'vitest';
import { execute, StaticKey, type Strategy } from '../src/index.js';
import {
  ADD_R5,
  B_T1,
  CODE,
  checkInterval,
  executions,
  hotLoop,
  MOV_R0_R0,
  NOP,
  Random,
  SB,
  snapshot,
  T1,
} from './smp-loop.js';

const SEEDS = 300;
const FLIPS = 4;
/** Extra sites: registered text, branching to their own next-but-one word. */
const EXTRA = [CODE + 0x100, CODE + 0x108, CODE + 0x110];

interface FlipRun {
  readonly violations: number;
  readonly problems: string[];
  readonly checked: number;
  readonly reports: { rendezvous: number; syncs: number; steps: string[] }[];
}

function flipRun(seed: number, nop: 'architected' | 'kernel', strategy: Strategy = 'auto'): FlipRun {
  const nopWord = nop === 'architected' ? NOP : MOV_R0_R0;
  const loop = hotLoop({ seed, sb: nopWord });
  const m = loop.machine;
  for (const a of EXTRA) m.memory.poke32(a, nopWord);
  m.registerText(CODE + 0x100, 0x20);
  const key = new StaticKey({
    nop,
    sites: [{ address: SB, target: T1 }, ...EXTRA.map((a) => ({ address: a, target: a + 8 }))],
  });
  const rng = new Random(seed ^ 0x5bd1e995);
  const problems: string[] = [];
  const reports: FlipRun['reports'] = [];
  let checked = 0;
  m.run({ maxInstructions: 100 + rng.below(200) });
  for (let i = 0; i < FLIPS; i++) {
    const update = key.enabled ? key.disable({ cpus: 4, strategy }) : key.enable({ cpus: 4, strategy });
    const report = execute(update.plan, m);
    reports.push({ rendezvous: report.rendezvous, syncs: report.syncs, steps: update.plan.steps.map((s) => s.kind) });
    const before = snapshot(loop);
    m.run({ maxInstructions: 150 + rng.below(250) });
    const after = snapshot(loop);
    checked += executions(before, after);
    const expected = { sa: ADD_R5, sb: key.enabled ? B_T1 : nopWord };
    for (const p of checkInterval(before, after, expected)) problems.push(`seed ${seed} flip ${i}: ${p}`);
  }
  return { violations: m.violations().length, problems, checked, reports };
}

describe(`acceptance: jump-label flips on a running 4-CPU machine, ${SEEDS} seeds × ${FLIPS} flips`, () => {
  it('architected NOP ↔ B: one direct step, one sync, no rendezvous, 0 violations, never stale', () => {
    let checked = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = flipRun(seed, 'architected');
      expect(r.problems).toEqual([]);
      expect(r.violations).toBe(0);
      for (const rep of r.reports) expect(rep).toEqual({ rendezvous: 0, syncs: 1, steps: ['direct'] });
      checked += r.checked;
    }
    expect(checked).toBeGreaterThan(SEEDS * FLIPS * 10);
  });

  it('kernel NOP (mov r0, r0) ↔ B: auto needs one rendezvous per flip (one CPU writing), 0 violations, never stale', () => {
    for (let seed = 1; seed <= SEEDS; seed += 3) {
      const r = flipRun(seed, 'kernel');
      expect(r.problems).toEqual([]);
      expect(r.violations).toBe(0);
      for (const rep of r.reports) expect(rep).toEqual({ rendezvous: 1, syncs: 0, steps: ['stop-one'] });
    }
  });

  it('kernel NOP written directly is flagged: every site, every flip', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const r = flipRun(seed, 'kernel', 'direct');
      expect(r.violations).toBe(FLIPS * (1 + EXTRA.length));
      expect(r.problems).toEqual([]); // still synchronised: the hazard is the store, not staleness
    }
  });
});
