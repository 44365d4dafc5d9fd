import { describe, expect, it } from 'vitest';
import { runTask, SCENARIOS, type SeedOutcome, STRATEGIES } from '../src/index.js';

/**
 * runTask builds each seed's machine on one memory, cleared between seeds (no 4 MiB page table per seed). Every
 * seed must come out exactly as on a machine with a memory of its own.
 */
describe('a task reuses one memory across its seeds', () => {
  const builtIn = SCENARIOS.filter((s) => s.name !== 'user');

  it.each(builtIn.map((s) => s.name))('%s: every strategy and CPU count sums as seeds run alone', (name) => {
    const s = builtIn.find((x) => x.name === name)!;
    for (const strategy of STRATEGIES) {
      for (const cpus of [1, 2, 4]) {
        const first = 21;
        const count = 6;
        const task = runTask({ scenario: name, strategy, cpus, first, step: 3, count });
        const alone = { violations: 0, rendezvous: 0, cycles: 0, rendezvousCycles: 0, changes: 0 };
        const kinds: Record<string, number> = {};
        for (let i = 0; i < count; i++) {
          const o: SeedOutcome = s.run({ seed: first + 3 * i, strategy, cpus });
          for (const [k, n] of Object.entries(o.violationsByKind)) {
            kinds[k] = (kinds[k] ?? 0) + n;
            alone.violations += n;
          }
          alone.rendezvous += o.rendezvous;
          alone.cycles += o.cycles;
          alone.rendezvousCycles += o.rendezvousCycles;
          alone.changes += o.changes;
        }
        const where = `${name} ${strategy} ${cpus} CPUs`;
        expect(task.seeds, where).toBe(count);
        expect(task.violationsByKind, where).toEqual(kinds);
        expect(
          {
            violations: task.violations,
            rendezvous: task.rendezvous,
            cycles: task.cycles,
            rendezvousCycles: task.rendezvousCycles,
            changes: task.changes,
          },
          where,
        ).toEqual(alone);
        if (cpus > 1) expect(task.cycles, where).toBeGreaterThan(0);
      }
    }
  });
});
