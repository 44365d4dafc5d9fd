/**
 * The full SMP sweep of the -mthumb SMP fixtures (fixtures/programs-thumb, `smp: true`): every binary on 1, 2,
 * 4 and 8 CPUs, in both fetch models, over SEEDS seeds each (default 50; `--seeds N`), quanta rotating
 * through exploration (1), 1..64, 50..500 and 1000..10000. Every run must print the sequential qemu-arm
 * output, exit with its status and record no CMODX violation. `npm run sweep:thumb-smp` (the tests run a subset).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Machine } from '../src/index.js';

const DIR = fileURLToPath(new URL('../../../fixtures/programs-thumb/', import.meta.url));
const seedsArg = process.argv.indexOf('--seeds');
const SEEDS = seedsArg >= 0 ? Number(process.argv[seedsArg + 1]) : 50;
const QUANTA: readonly [number, number][] = [
  [1, 64],
  [50, 500],
  [1000, 10000],
];

interface Entry {
  readonly elf: string;
  readonly stdout: string;
  readonly status: number;
  readonly smp?: boolean;
  readonly entry?: string;
}
const manifest = JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8')) as { programs: Entry[] };
let runs = 0;
let failures = 0;
const started = performance.now();
for (const p of manifest.programs.filter((e) => e.smp === true)) {
  const elf = new Uint8Array(readFileSync(`${DIR}${p.elf}`));
  const want = readFileSync(`${DIR}${p.stdout}`).toString('latin1');
  const t0 = performance.now();
  let instructions = 0;
  let programRuns = 0;
  for (const cpus of [1, 2, 4, 8]) {
    for (const fetch of ['coherent', 'architectural'] as const) {
      for (let seed = 0; seed < SEEDS; seed++) {
        // Exploration (quantum 1) every 10th seed: it is ~10× slower.
        const quantum: [number, number] = seed % 10 === 9 ? [1, 1] : QUANTA[seed % 3]!;
        const out: Uint8Array[] = [];
        const m = new Machine({ cpus, seed, quantum, fetch, onStdout: (b) => out.push(b) });
        m.loadElf(elf, { argv: [p.elf] });
        m.startSmp({ entry: p.entry ?? 'cpu_entry', cpus });
        const r = m.run({ maxInstructions: 200_000_000 });
        const got = Buffer.concat(out).toString('latin1');
        runs++;
        programRuns++;
        instructions += r.instructions;
        const violations = m.statistics().violations;
        if (got !== want || r.status !== p.status || r.error !== undefined || violations !== 0) {
          failures++;
          console.log(
            `FAIL ${p.elf} seed ${seed} ${cpus} CPUs ${fetch} quantum ${quantum.join('..')}: status ${r.status} ` +
              `(want ${p.status}), ${r.reason}, violations ${violations}${r.error ? `, ${r.error.message}` : ''}` +
              `${got !== want ? ', stdout differs' : ''}`,
          );
        }
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `${p.elf.padEnd(32)} ${programRuns} runs (1/2/4/8 CPUs × coherent/architectural × ${SEEDS} seeds)  ` +
      `${(instructions / 1e6).toFixed(0)} M insns  ${seconds.toFixed(1)} s`,
  );
}
console.log(`${runs} runs, ${failures} failures, ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = failures === 0 ? 0 : 1;
