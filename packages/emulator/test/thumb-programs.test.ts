import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runProgram, runSmpProgram, thumbProgramCases } from './fixtures.js';

// qemu-arm oracle for Thumb code: fixtures/programs-thumb (manifest.json) holds every program built -mthumb
// and, where it divides or counts bits, -marm linked with Debian's Thumb-2 libgcc (reached through BLX), at
// -O0 and -O2. Each must print qemu-arm's stdout and exit with its status — through the block compiler and
// through the interpreter, which must also agree on instructions and cycles.
const cases = thumbProgramCases();

describe('Thumb fixture programs against qemu-arm', () => {
  it('has the Thumb fixture programs (fails once the directory exists but the manifest is empty)', () => {
    if (cases === null) return;
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.some((c) => c.variant === 'libgcc')).toBe(true);
  });
  for (const c of (cases ?? []).filter((c) => !c.bench)) {
    it(`${c.name}: same stdout and exit status as qemu-arm, blocks and interpreter agree`, () => {
      const want = readFileSync(c.stdout).toString('latin1');
      const status = Number(readFileSync(c.status, 'utf8').trim());
      expect(status).toBe(c.expectedStatus);
      const blocks = runProgram(c.elf);
      expect(blocks.result.error).toBeUndefined();
      expect(blocks.stdout.toString('latin1')).toBe(want);
      expect(blocks.result.status).toBe(status);
      const interpreter = runProgram(c.elf, { execution: 'interpreter' });
      expect(interpreter.stdout.toString('latin1')).toBe(want);
      expect(interpreter.result.status).toBe(status);
      expect(interpreter.result.instructions).toBe(blocks.result.instructions);
      expect(interpreter.result.cycles).toBe(blocks.result.cycles);
    });
  }
  // The two benchmarks run ~300 M instructions each: the block compiler only (about 2 s each).
  for (const c of (cases ?? []).filter((c) => c.bench)) {
    it(`${c.name}: same stdout and exit status as qemu-arm`, () => {
      const run = runProgram(c.elf);
      expect(run.result.error).toBeUndefined();
      expect(run.stdout.toString('latin1')).toBe(readFileSync(c.stdout).toString('latin1'));
      expect(run.result.status).toBe(Number(readFileSync(c.status, 'utf8').trim()));
    });
  }
});

// The SMP programs built -mthumb (cpu_entry is a Thumb function: startSmp enters it in Thumb state, and its
// return to the ARM halt stub interworks) print their sequential qemu-arm output on 1, 2, 4 and 8 CPUs in both
// fetch models. 16 seeded runs per binary here (128 in all); `npm run sweep:thumb-smp` (bench/thumb-smp-sweep.ts) runs 400 per binary.
const SEEDS = 16;
const CPU_COUNTS = [1, 2, 4, 8] as const;
const QUANTA: readonly (readonly [number, number])[] = [
  [1, 64],
  [50, 500],
  [1000, 10000],
  [1, 1],
];

describe('Thumb SMP fixture programs: the sequential output on 1–8 CPUs', () => {
  for (const c of (cases ?? []).filter((c) => c.smp)) {
    it(`${c.name}: ${SEEDS} seeds × CPU counts × fetch models × quanta`, () => {
      const stdout = readFileSync(c.stdout).toString('latin1');
      const status = Number(readFileSync(c.status, 'utf8').trim());
      for (let seed = 0; seed < SEEDS; seed++) {
        const cpus = CPU_COUNTS[seed % 4]!;
        const fetch = (seed >> 2) % 2 === 0 ? 'coherent' : 'architectural';
        // Exploration (quantum 1) once per binary: it is ~10× slower.
        const quantum = QUANTA[seed === SEEDS - 1 ? 3 : (seed >> 3) % 3]!;
        const run = runSmpProgram(c.elf, { cpus, seed, quantum, fetch });
        const where = `seed ${seed}, ${cpus} CPUs, ${fetch}, quantum ${quantum.join('..')}`;
        expect(run.result.error, where).toBeUndefined();
        expect(run.stdout.toString('latin1'), where).toBe(stdout);
        expect(run.result.status, where).toBe(status);
        expect(run.machine.statistics().violations, where).toBe(0);
      }
    });
  }
});
