/**
 * `npm run bench -w @armprobe/cli`: the acceptance figures of `armprobe explore` (issue 18), measured by
 * running the built command as a user would.
 *
 * 1. Unsafe pairs: `direct` and `stop-one` on every scenario, seeds 1..UNSAFE at 4 CPUs: the first seed that
 *    shows a hazard and the share of seeds that do.
 * 2. Safe strategies: `stop-all`, `auto`, `kernel` on every scenario, seeds 1..SAFE each at 4 CPUs
 *    (3 × SAFE seed-runs per scenario): violations must be 0. Wall time printed.
 * 3. Parallel speed: the same space with 1 and 2 workers: seed-runs per second, and the ratio.
 * 4. Cost per probe change at 1, 2, 4, …, 64 CPUs for `kernel` and `auto`: rendezvous and emulated cycles.
 *
 * Sizes: `--unsafe-seeds N` (10,000), `--safe-seeds N` (34,000: 102,000 seed-runs per scenario),
 * `--speed-seeds N` (300), `--scaling-seeds N` (5); e.g. `npm run bench -w @armprobe/cli -- --safe-seeds 1000`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'unsafe-seeds': { type: 'string', default: '10000' },
    'safe-seeds': { type: 'string', default: '34000' },
    'speed-seeds': { type: 'string', default: '300' },
    'scaling-seeds': { type: 'string', default: '5' },
  },
});
const UNSAFE = Number(values['unsafe-seeds']);
const SAFE = Number(values['safe-seeds']);
const SPEED = Number(values['speed-seeds']);
const SCALING = Number(values['scaling-seeds']);

const BIN = join(import.meta.dirname, '../dist/armprobe.js');
const root = mkdtempSync(join(tmpdir(), 'armprobe-explore-bench-'));

interface Combination {
  scenario: string;
  strategy: string;
  cpus: number;
  seeds: number;
  violations: number;
  violationsByKind: Record<string, number>;
  seedsWithViolations: number;
  firstViolationSeed: number | null;
  rendezvous: number;
  cycles: number;
  rendezvousCycles: number;
  changes: number;
}

let runs = 0;
function explore(args: string[]): { combinations: Combination[]; seconds: number; seedRuns: number } {
  const out = join(root, `run-${runs++}`);
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'explore', ...args, '--quiet', '--out', out], { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`armprobe explore ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  const combinations = results.combinations as Combination[];
  return { combinations, seconds, seedRuns: combinations.reduce((n, c) => n + c.seeds, 0) };
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pad = (cells: (string | number)[], widths: number[]): string =>
  cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');

try {
  console.log(`\n1. Unsafe pairs: direct and stop-one, seeds 1..${fmt(UNSAFE)}, 4 CPUs`);
  const unsafe = explore(['--strategy', 'direct,stop-one', '--seeds', `1..${UNSAFE}`, '--cpus', '4']);
  const w1 = [18, 9, 8, 12, 12, 40];
  console.log(pad(['scenario', 'strategy', 'seeds', 'first seed', 'rate', 'violations by kind'], w1));
  for (const c of unsafe.combinations) {
    const kinds = Object.entries(c.violationsByKind)
      .map(([k, n]) => `${k} ${fmt(n)}`)
      .join(', ');
    const rate = `${fmt((100 * c.seedsWithViolations) / c.seeds, 1)}%`;
    console.log(pad([c.scenario, c.strategy, fmt(c.seeds), c.firstViolationSeed ?? 'none', rate, kinds || '—'], w1));
  }
  console.log(`   ${fmt(unsafe.seedRuns)} seed-runs in ${fmt(unsafe.seconds, 1)} s`);

  console.log(`\n2. Safe strategies: stop-all, auto, kernel, seeds 1..${fmt(SAFE)} each, 4 CPUs`);
  const safe = explore(['--strategy', 'stop-all,auto,kernel', '--seeds', `1..${SAFE}`, '--cpus', '4']);
  const w2 = [18, 9, 10, 11, 12];
  console.log(pad(['scenario', '', 'seed-runs', 'violations', 'rendezvous'], w2));
  for (const scenario of [...new Set(safe.combinations.map((c) => c.scenario))]) {
    const cs = safe.combinations.filter((c) => c.scenario === scenario);
    const sum = (f: (c: Combination) => number) => cs.reduce((n, c) => n + f(c), 0);
    console.log(
      pad([scenario, '', fmt(sum((c) => c.seeds)), fmt(sum((c) => c.violations)), fmt(sum((c) => c.rendezvous))], w2),
    );
  }
  console.log(
    `   ${fmt(safe.seedRuns)} seed-runs in ${fmt(safe.seconds, 1)} s (${fmt(safe.seedRuns / safe.seconds)} seed-runs/s); ` +
      `violations: ${fmt(safe.combinations.reduce((n, c) => n + c.violations, 0))}`,
  );

  console.log(`\n3. Workers: every scenario and strategy, seeds 1..${SPEED}, 4 CPUs`);
  const speed = [1, 2].map((workers) => {
    const r = explore(['--seeds', `1..${SPEED}`, '--cpus', '4', '--workers', String(workers)]);
    const rate = r.seedRuns / r.seconds;
    console.log(
      `   ${workers} worker${workers > 1 ? 's' : ' '}: ${fmt(r.seedRuns)} seed-runs in ${fmt(r.seconds, 2)} s = ${fmt(rate, 1)} seed-runs/s`,
    );
    return rate;
  });
  console.log(`   2 vs 1 workers: ${fmt(speed[1]! / speed[0]!, 2)}×`);

  console.log(`\n4. Cost per probe change against CPUs (kernel vs auto, seeds 1..${SCALING})`);
  const cpus = [1, 2, 4, 8, 16, 32, 64];
  const scaling = explore(['--strategy', 'kernel,auto', '--seeds', `1..${SCALING}`, '--cpus', cpus.join(',')]);
  const w4 = [18, 7, ...cpus.map(() => 9)];
  for (const [title, f] of [
    ['rendezvous per change', (c: Combination) => fmt(c.rendezvous / c.changes, 3)],
    ['emulated cycles per change', (c: Combination) => fmt(c.cycles / c.changes)],
  ] as const) {
    console.log(`   ${title}`);
    console.log(pad(['scenario', 'policy', ...cpus.map((n) => `${n} CPU`)], w4));
    for (const scenario of [...new Set(scaling.combinations.map((c) => c.scenario))]) {
      for (const strategy of ['kernel', 'auto']) {
        const row = cpus.map((n) => {
          const c = scaling.combinations.find(
            (x) => x.scenario === scenario && x.strategy === strategy && x.cpus === n,
          )!;
          return f(c);
        });
        console.log(pad([scenario, strategy, ...row], w4));
      }
    }
  }
  console.log(`   ${fmt(scaling.seedRuns)} seed-runs in ${fmt(scaling.seconds, 1)} s`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
