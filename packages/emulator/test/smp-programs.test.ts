import { describe, expect, it } from 'vitest';
import { runSmpProgram, smpCases } from './fixtures.js';
import { describeSmpPrograms } from './smp-matrix.js';

describeSmpPrograms('-O2');

const cases = smpCases();

describe('seeded interleaving', () => {
  const counter = cases.find((c) => c.name === 'smp-counter-O2');
  const ticket = cases.find((c) => c.name === 'smp-ticket-O2');

  it('the same seed gives identical statistics and output', () => {
    for (const c of [counter!, ticket!]) {
      for (const quantum of [[1, 1] as const, [1, 100] as const, [1000, 10000] as const]) {
        const a = runSmpProgram(c.elf, { cpus: 4, seed: 42, quantum, fetch: 'architectural' });
        const b = runSmpProgram(c.elf, { cpus: 4, seed: 42, quantum, fetch: 'architectural' });
        expect(b.machine.statistics()).toEqual(a.machine.statistics());
        expect(b.stdout.equals(a.stdout)).toBe(true);
        expect(b.result).toEqual(a.result);
      }
    }
  });

  it('different seeds give different interleavings', () => {
    const runs = [1, 2, 3, 4, 5].map((seed) => runSmpProgram(counter!.elf, { cpus: 4, seed, quantum: [1, 100] }));
    const digests = new Set(runs.map((r) => r.machine.statistics().schedule!.digest));
    expect(digests.size).toBe(5);
    const perCpu = new Set(runs.map((r) => JSON.stringify(r.machine.statistics().perCpu.map((c) => c.instructions))));
    expect(perCpu.size).toBe(5);
    // ... and yet every one of them prints the same.
    for (const r of runs) expect(r.stdout.equals(runs[0]!.stdout)).toBe(true);
  });

  it('quantum 1 interleaves at every instruction; every CPU does part of the work', () => {
    const run = runSmpProgram(counter!.elf, { cpus: 4, seed: 9, quantum: 1 });
    const s = run.machine.statistics();
    expect(s.schedule!.slices).toBeGreaterThan(s.instructions * 0.9);
    for (const c of s.perCpu) expect(c.instructions).toBeGreaterThan(1000);
  });
});
