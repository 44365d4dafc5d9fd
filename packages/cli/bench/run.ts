/**
 * `npm run bench -w @armprobe/cli`: the acceptance figures of `armprobe explore` (issue 18), measured by
 * running the built command as a user would.
 *
 * 1. Unsafe pairs: `direct` and `stop-one` on every scenario, seeds 1..UNSAFE at 4 CPUs: the first seed that
 *    shows a hazard and the share of seeds that do.
 * 2. Safe strategies: `stop-all`, `auto`, `kernel` on every scenario, seeds 1..SAFE each at 4 CPUs
 *    (3 × SAFE seed-runs per scenario): violations must be 0. Wall time printed.
 * 3. Parallel speed: the same space with 1 and 2 workers, interleaved and repeated: seed-runs per second, the
 *    CPU time the command used (all its threads: the workers, V8's collector and compiler threads), the load
 *    average around each run, and the ratio of each 2-worker run to the 1-worker run before it.
 * 4. Cost per probe change at 1, 2, 4, …, 64 CPUs for `kernel` and `auto`: rendezvous and emulated cycles.
 *
 * Sizes: `--unsafe-seeds N` (10,000), `--safe-seeds N` (34,000: 102,000 seed-runs per scenario),
 * `--speed-seeds N` (6,000: 150,000 seed-runs per run, so that each worker's start-up and JIT warm-up — about
 * 1.5 s of CPU per worker, V8 optimising the emulator and the block functions again in each — are a small part;
 * since a seed-run costs ~0.25 ms, 2,000 seeds are an 11 s run of which warm-up is a tenth), `--speed-repeats N`
 * (3), `--scaling-seeds N` (5); e.g.
 * `npm run bench -w @armprobe/cli -- --safe-seeds 1000`. `--only 1,3` runs only those sections.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'unsafe-seeds': { type: 'string', default: '10000' },
    'safe-seeds': { type: 'string', default: '34000' },
    'speed-seeds': { type: 'string', default: '6000' },
    'speed-repeats': { type: 'string', default: '3' },
    'scaling-seeds': { type: 'string', default: '5' },
    only: { type: 'string', default: '1,2,3,4' },
  },
});
const UNSAFE = Number(values['unsafe-seeds']);
const SAFE = Number(values['safe-seeds']);
const SPEED = Number(values['speed-seeds']);
const SCALING = Number(values['scaling-seeds']);
const REPEATS = Number(values['speed-repeats']);
const ONLY = new Set(values.only.split(',').map((x) => x.trim()));

const BIN = join(import.meta.dirname, '../dist/armprobe.cjs');
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

/**
 * CPU seconds (user + system) of this process's finished children, from /proc/self/stat (Linux); null elsewhere.
 * A child's time is counted once it has been waited for, which spawnSync does.
 */
function childrenCpuSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]); // cutime, cstime (fields 16 and 17 of stat)
    return Number.isFinite(ticks) ? ticks / 100 : null; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

interface ExploreRun {
  combinations: Combination[];
  seconds: number;
  seedRuns: number;
  /** CPU seconds of the command, all threads (null when not measurable here). */
  cpuSeconds: number | null;
}

let runs = 0;
function explore(args: string[]): ExploreRun {
  const out = join(root, `run-${runs++}`);
  const cpuBefore = childrenCpuSeconds();
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'explore', ...args, '--quiet', '--out', out], { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  const cpuAfter = childrenCpuSeconds();
  if (r.status !== 0) throw new Error(`armprobe explore ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  const combinations = results.combinations as Combination[];
  return {
    combinations,
    seconds,
    seedRuns: combinations.reduce((n, c) => n + c.seeds, 0),
    cpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
  };
}

const load = (): string => loadavg()[0]!.toFixed(2);

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pad = (cells: (string | number)[], widths: number[]): string =>
  cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');

function unsafePairs(): void {
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
}

function safeStrategies(): void {
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
}

function workers(): void {
  console.log(
    `\n3. Workers: every scenario and strategy, seeds 1..${fmt(SPEED)}, 4 CPUs; 1 and 2 workers in turn, ${REPEATS}×`,
  );
  const ratios: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const rates = [1, 2].map((workers) => {
      const loadBefore = load();
      const r = explore(['--seeds', `1..${SPEED}`, '--cpus', '4', '--workers', String(workers)]);
      const rate = r.seedRuns / r.seconds;
      const cpu =
        r.cpuSeconds === null ? '' : `; CPU ${fmt(r.cpuSeconds, 1)} s = ${fmt(r.cpuSeconds / r.seconds, 2)} cores`;
      console.log(
        `   ${workers} worker${workers > 1 ? 's' : ' '}: ${fmt(r.seedRuns)} seed-runs in ${fmt(r.seconds, 2)} s = ` +
          `${fmt(rate, 1)} seed-runs/s${cpu} (load ${loadBefore} → ${load()})`,
      );
      return rate;
    });
    ratios.push(rates[1]! / rates[0]!);
    console.log(`   2 vs 1 workers: ${fmt(ratios.at(-1)!, 2)}×`);
  }
  if (REPEATS > 1) {
    const sorted = [...ratios].sort((a, b) => a - b);
    console.log(
      `   2 vs 1 workers over ${REPEATS} pairs: median ${fmt(sorted[Math.floor(sorted.length / 2)]!, 2)}×, ` +
        `best ${fmt(sorted.at(-1)!, 2)}× (a machine busy with other work lowers it)`,
    );
  }
}

function costPerChange(): void {
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
}

try {
  if (ONLY.has('1')) unsafePairs();
  if (ONLY.has('2')) safeStrategies();
  if (ONLY.has('3')) workers();
  if (ONLY.has('4')) costPerChange();
} finally {
  rmSync(root, { recursive: true, force: true });
}
