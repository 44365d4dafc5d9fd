/**
 * SMP throughput: the bench programs (fixtures/programs/bin/bench-*.elf) on 1 CPU from the ELF entry, then
 * the same program's `main` started on each of 4 CPUs (`startSmp`), run for the same number of instructions,
 * so both runs execute the same code mix and only the scheduling differs. Reports emulated instructions per
 * host second and the 4-CPU/1-CPU ratio for several quantum ranges (the target: ≥ 70% with quantum ≥ 1000),
 * the quantum-1 exploration cost, and the SMP fixtures on 4 CPUs. `npm run bench` (never in tests).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Machine, type QuantumRange } from '../src/index.js';

const BIN = fileURLToPath(new URL('../../../fixtures/programs/bin/', import.meta.url));
const quick = process.argv.includes('--quick');

function measure(
  bytes: Uint8Array,
  options: { cpus: number; quantum?: QuantumRange; fetch?: 'coherent' | 'architectural'; entry?: string },
  maxInstructions: number,
) {
  const machine = new Machine({
    cpus: options.cpus,
    seed: 1,
    ...(options.quantum ? { quantum: options.quantum } : {}),
    fetch: options.fetch ?? 'coherent',
    onStdout: () => {},
  });
  machine.loadElf(bytes);
  if (options.entry !== undefined) machine.startSmp({ entry: options.entry, cpus: options.cpus });
  const start = process.hrtime.bigint();
  const result = machine.run({ maxInstructions });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { result, seconds, mips: result.instructions / seconds / 1e6, machine };
}

/** Best of three runs after a warm-up run. */
function best(bytes: Uint8Array, options: Parameters<typeof measure>[1], maxInstructions: number) {
  measure(bytes, options, maxInstructions);
  let top: ReturnType<typeof measure> | null = null;
  for (let i = 0; i < 3; i++) {
    const r = measure(bytes, options, maxInstructions);
    if (top === null || r.mips > top.mips) top = r;
  }
  return top!;
}

function line(label: string, r: { result: { instructions: number }; seconds: number; mips: number }, ratio?: number) {
  console.log(
    `${label.padEnd(48)} ${(r.result.instructions / 1e6).toFixed(1).padStart(7)} M insns ${r.seconds.toFixed(2).padStart(6)} s ` +
      `${r.mips.toFixed(1).padStart(6)} M insns/s${ratio === undefined ? '' : `  ${(ratio * 100).toFixed(0).padStart(4)}% of 1 CPU`}`,
  );
}

const programs = existsSync(BIN) ? readdirSync(BIN).filter((f) => f.startsWith('bench-') && f.endsWith('.elf')) : [];
const ROUNDS = quick ? 1 : 5;
for (const file of programs.sort()) {
  const bytes = new Uint8Array(readFileSync(`${BIN}${file}`));
  const budget = quick ? 30e6 : 100e6;
  // Every configuration runs the same number of instructions; the rounds interleave the configurations so
  // that load from other processes on the host hits them alike, and each keeps its best round.
  const configs: { label: string; options: Parameters<typeof measure>[1]; budget: number }[] = [
    { label: '1 CPU (ELF entry)', options: { cpus: 1 }, budget },
    ...(
      [
        [1000, 1000],
        [1000, 10000],
        [10000, 100000],
      ] as QuantumRange[]
    ).map((quantum) => ({
      label: `4 CPUs main, quantum ${quantum.join('..')}`,
      options: { cpus: 4, quantum, entry: 'main' },
      budget,
    })),
    {
      label: '4 CPUs main, 1000..10000, architectural',
      options: { cpus: 4, quantum: [1000, 10000], entry: 'main', fetch: 'architectural' },
      budget,
    },
    ...(
      [
        [1, 1],
        [1, 64],
      ] as QuantumRange[]
    ).map((quantum) => ({
      label: `4 CPUs main, quantum ${quantum.join('..')}`,
      options: { cpus: 4, quantum, entry: 'main' },
      budget: quick ? 2e6 : 5e6,
    })),
  ];
  const bestRuns: (ReturnType<typeof measure> | null)[] = configs.map(() => null);
  for (const c of configs) measure(bytes, c.options, Math.min(c.budget, 10e6)); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    configs.forEach((c, i) => {
      const r = measure(bytes, c.options, c.budget);
      if (bestRuns[i] === null || r.mips > bestRuns[i]!.mips) bestRuns[i] = r;
    });
  }
  const one = bestRuns[0]!;
  configs.forEach((c, i) => {
    line(`${file} ${c.label}`, bestRuns[i]!, i === 0 ? undefined : bestRuns[i]!.mips / one.mips);
  });
}

// The SMP fixtures are small (0.1–0.6 M instructions): their rates include decoding and compiling.
for (const file of readdirSync(BIN)
  .filter((f) => f.startsWith('smp-') && f.endsWith('.elf'))
  .sort()) {
  const bytes = new Uint8Array(readFileSync(`${BIN}${file}`));
  const one = best(bytes, { cpus: 1, entry: 'cpu_entry' }, 1e9);
  line(`${file} 1 CPU`, one);
  const four = best(bytes, { cpus: 4, quantum: [1000, 10000], entry: 'cpu_entry' }, 1e9);
  line(`${file} 4 CPUs, 1000..10000`, four, four.mips / one.mips);
}
