/**
 * `armprobe explore` and `armprobe explore merge`: argument parsing, the run on the worker pool (with the
 * progress bar and Ctrl-C), and writing DIR/results.json and DIR/report.html.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkSpace,
  ExploreError,
  type ExploreResults,
  type ExploreSpace,
  MAX_CPUS,
  mergeResults,
  parseProbePlace,
  parseSeedRange,
  parseShard,
  renderReport,
  SCENARIOS,
  type Shard,
  STRATEGIES,
  type StrategyName,
  scenario,
  shardSeedCount,
  WorkloadError,
} from '@armprobe/explore';
import { UsageError } from '../../errors.js';
import { parseCount, readProgram } from '../run.js';
import { defaultWorkers, runExplore } from './pool.js';
import { progressBar } from './progress.js';

interface Io {
  readonly out: (s: string) => void;
  readonly err: NodeJS.WriteStream;
}

const list = (values: readonly string[] | undefined): string[] | undefined =>
  values
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');

function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ExploreError || error instanceof WorkloadError) throw new UsageError(error.message);
    throw error;
  }
}

/** The chart library inlined into the report: Chart.js's browser (UMD) build from its installed package. */
export function chartLibrary(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

export function writeOutputs(dir: string, results: ExploreResults): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'results.json');
  const html = join(dir, 'report.html');
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(html, renderReport(results, { chartLibrary: chartLibrary() }));
  return { json, html };
}

function summary(results: ExploreResults, files: { json: string; html: string }): string {
  const seeds = results.combinations.reduce((n, c) => n + c.seeds, 0);
  const violations = results.combinations.reduce((n, c) => n + c.violations, 0);
  const lines = [
    `${results.interrupted ? 'interrupted: ' : ''}${results.combinations.length} combinations, ${seeds} seed-runs, ${violations} violations`,
    ...results.combinations
      .filter((c) => c.violations > 0)
      .map(
        (c) =>
          `  ${c.scenario} ${c.strategy} ${c.cpus} CPUs: ${c.seedsWithViolations}/${c.seeds} seeds, first at seed ${c.firstViolationSeed}`,
      ),
    ...results.unavailable.map((u) => `  ${u.scenario}: unavailable (${u.reason})`),
    `wrote ${files.json} and ${files.html}`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function exploreCommand(args: readonly string[], io: Io): Promise<number> {
  if (args[0] === 'merge') return merge(args.slice(1), io);
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      scenario: { type: 'string', multiple: true },
      strategy: { type: 'string', multiple: true },
      seeds: { type: 'string' },
      cpus: { type: 'string', multiple: true },
      workers: { type: 'string' },
      shard: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean' },
      elf: { type: 'string' },
      'entry-per-cpu': { type: 'string' },
      probe: { type: 'string', multiple: true },
      'max-insns': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0)
    throw new UsageError(`explore takes no file arguments (got ${positionals.join(' ')}); see --elf`);
  const workers = parseCount('--workers', values.workers) ?? defaultWorkers();
  if (workers < 1) throw new UsageError('--workers must be at least 1');
  const cpus = (list(values.cpus) ?? ['4']).map((c) => {
    const n = parseCount('--cpus', c)!;
    if (n < 1 || n > MAX_CPUS) throw new UsageError(`--cpus must be 1–${MAX_CPUS}, not ${n}`);
    return n;
  });
  const user =
    values.elf === undefined
      ? undefined
      : (() => {
          if (values['entry-per-cpu'] === undefined) throw new UsageError('--elf needs --entry-per-cpu SYMBOL');
          const probes = list(values.probe) ?? [];
          if (probes.length === 0) throw new UsageError('--elf needs at least one --probe SYMBOL[+OFF]');
          for (const p of probes) usage(() => parseProbePlace(p));
          readProgram(values.elf); // readable now, not in every worker
          const maxInstructions = parseCount('--max-insns', values['max-insns']);
          return {
            file: resolve(values.elf),
            name: values.elf,
            entryPerCpu: values['entry-per-cpu'],
            probes,
            ...(maxInstructions === undefined ? {} : { maxInstructions }),
          };
        })();
  if (user === undefined) {
    for (const o of ['entry-per-cpu', 'probe', 'max-insns'] as const) {
      if (values[o] !== undefined) throw new UsageError(`--${o} belongs to the user workload and needs --elf`);
    }
  }
  const scenarios =
    list(values.scenario) ?? SCENARIOS.map((s) => s.name).filter((name) => name !== 'user' || user !== undefined);
  const space: ExploreSpace = {
    scenarios,
    strategies: (list(values.strategy) ?? [...STRATEGIES]) as StrategyName[],
    cpus,
    seeds: usage(() => parseSeedRange(values.seeds ?? '1..100')),
    ...(user === undefined ? {} : { user: { name: user.name, entryPerCpu: user.entryPerCpu, probes: user.probes } }),
  };
  const shard = values.shard === undefined ? undefined : usage(() => parseShard(values.shard!));
  const out = values.out ?? 'explore-out';
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const total = usage(() => countSeedRuns(space, shard));
    const progress = progressBar(total, io.err, values.quiet !== true && io.err.isTTY === true);
    const results = await runExplore({
      space,
      workers,
      signal: abort.signal,
      onProgress: (n) => progress.add(n),
      ...(shard === undefined ? {} : { shard }),
      ...(user === undefined ? {} : { user }),
    });
    progress.done();
    const files = writeOutputs(out, results);
    if (values.quiet !== true) io.out(summary(results, files));
    return results.interrupted ? 130 : 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Seed-runs this invocation will make (for the progress bar); checks the space first. */
function countSeedRuns(space: ExploreSpace, shard: Shard | undefined): number {
  checkSpace(space);
  const runnable = space.scenarios.filter((name) => scenario(name)?.unavailable === null);
  return (
    shardSeedCount(space, shard ?? { index: 0, count: 1 }) *
    runnable.length *
    space.strategies.length *
    space.cpus.length
  );
}

async function merge(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { out: { type: 'string' }, quiet: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new UsageError('explore merge needs at least one results directory');
  if (values.out === undefined) throw new UsageError('explore merge needs --out DIR');
  const parts = positionals.map((dir) => {
    const file = join(dir, 'results.json');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    try {
      return JSON.parse(text) as ExploreResults;
    } catch {
      throw new UsageError(`${file} is not JSON`);
    }
  });
  let merged: ExploreResults;
  try {
    merged = mergeResults(parts);
  } catch (error) {
    if (error instanceof ExploreError) {
      io.err.write(`armprobe: explore merge: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const files = writeOutputs(values.out, merged);
  if (values.quiet !== true) io.out(summary(merged, files));
  return 0;
}
