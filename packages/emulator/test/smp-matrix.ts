import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSmpProgram, smpCases } from './fixtures.js';

// The SMP fixture programs (fixtures/README.md, "SMP programs") must print what their sequential qemu-arm
// run printed, for every CPU count, interleaving and fetch model. 50 runs per binary (400 in all): the run
// index picks the CPU count (1, 2, 4, 8), the fetch model and the quantum range (1 = exploration mode).
const SEEDS_PER_PROGRAM = 50;
const CPU_COUNTS = [1, 2, 4, 8] as const;
const QUANTA: readonly (readonly [number, number])[] = [
  [1, 1],
  [1, 64],
  [50, 500],
  [1000, 10000],
];

/** One test per SMP binary whose name ends with `suffix` (split over two files so they run in parallel). */
export function describeSmpPrograms(suffix: '-O0' | '-O2'): void {
  const cases = smpCases().filter((c) => c.name.endsWith(suffix));
  describe(`SMP fixture programs (${suffix}): same output as the sequential qemu-arm run`, () => {
    it('has the SMP fixtures', () => {
      expect(cases.length).toBe(4);
    });
    for (const c of cases) {
      it(`${c.name}: ${SEEDS_PER_PROGRAM} seeds × CPU counts × fetch models × quanta`, () => {
        const stdout = readFileSync(c.stdout);
        const status = Number(readFileSync(c.status, 'utf8').trim());
        const heavy = c.name.endsWith('-O0');
        for (let seed = 0; seed < SEEDS_PER_PROGRAM; seed++) {
          const cpus = CPU_COUNTS[seed % 4]!;
          const fetch = (seed >> 2) % 2 === 0 ? 'coherent' : 'architectural';
          // Exploration mode (quantum 1) is ~10× slower: every 8th run of an -O0 binary, every 4th otherwise.
          let quantum = QUANTA[(seed >> 3) % 4]!;
          if (quantum[1] === 1 && heavy && seed % 16 !== 0) quantum = QUANTA[1]!;
          const run = runSmpProgram(c.elf, { cpus, seed, quantum, fetch });
          const where = `seed ${seed}, ${cpus} CPUs, ${fetch}, quantum ${quantum.join('..')}`;
          expect(run.result.error, where).toBeUndefined();
          expect(run.stdout.toString('latin1'), where).toBe(stdout.toString('latin1'));
          expect(run.result.status, where).toBe(status);
          expect(run.machine.statistics().violations, where).toBe(0);
        }
      });
    }
  });
}
