/**
 * The results model: the space of (scenario, strategy, cpus, seed) runs, its deterministic division into
 * shards and tasks, the per-combination sums, and their merge. Every figure but `hostSeconds` is an integer
 * sum (or a minimum), so results do not depend on which worker or shard ran which seeds, nor in what order.
 */
import { PhysicalMemory } from '@armprobe/emulator';
import { SCENARIOS, scenario } from './scenarios/index.js';
import { MAX_CPUS, type SeedOutcome, STRATEGIES, type StrategyName, type UserWorkload } from './scenarios/scenario.js';

export const RESULTS_FORMAT = 'armprobe-explore/1';

/** A bad space, shard, task or results file: `code` says which, the message names the value. */
export class ExploreError extends Error {
  override readonly name = 'ExploreError';
  constructor(
    readonly code: 'bad-space' | 'bad-shard' | 'bad-results' | 'merge-mismatch',
    message: string,
  ) {
    super(message);
  }
}

/** What to run: every combination of these, for every seed in [from, to]. */
export interface ExploreSpace {
  readonly scenarios: readonly string[];
  readonly strategies: readonly StrategyName[];
  readonly cpus: readonly number[];
  readonly seeds: { readonly from: number; readonly to: number };
  /** The `user` scenario's program (recorded by name; the bytes are not part of the results). */
  readonly user?: { readonly name: string; readonly entryPerCpu: string; readonly probes: readonly string[] };
}

/** One slice of the seeds: seed s belongs to shard ((s − from) mod count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface Combination {
  readonly scenario: string;
  readonly strategy: StrategyName;
  readonly cpus: number;
  /** Seeds run. */
  seeds: number;
  /** Violations found, in total and by kind. */
  violations: number;
  violationsByKind: Record<string, number>;
  /** Seeds with at least one violation. */
  seedsWithViolations: number;
  /** The smallest seed with a violation, or null. */
  firstViolationSeed: number | null;
  rendezvous: number;
  /** Emulated cycles of the patching (rendezvous + sync IPIs + cache maintenance), summed over CPUs. */
  cycles: number;
  rendezvousCycles: number;
  /** Instruction changes made: cost per probe change = cycles / changes. */
  changes: number;
  /** Host time spent (the only figure that differs between runs). */
  hostSeconds: number;
}

export interface ExploreResults {
  readonly format: typeof RESULTS_FORMAT;
  readonly space: ExploreSpace;
  /** The shards these results cover: all of them (`indices` 0…count−1) for a whole run or a complete merge. */
  shards: { count: number; indices: number[] };
  /** Every seed of every combination of the covered shards ran. */
  complete: boolean;
  /** The run was stopped (Ctrl-C) before it finished; what finished is here. */
  interrupted: boolean;
  readonly unavailable: readonly { readonly scenario: string; readonly reason: string }[];
  readonly combinations: Combination[];
}

/** A unit of work: `count` seeds of one combination, `first`, `first + step`, … */
export interface ExploreTask {
  readonly scenario: string;
  readonly strategy: StrategyName;
  readonly cpus: number;
  readonly first: number;
  readonly step: number;
  readonly count: number;
}

/** What a task found: a combination's sums over its seeds. */
export type TaskResult = Combination;

/** `A..B` (inclusive) or a single seed. */
export function parseSeedRange(text: string): { from: number; to: number } {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text.trim());
  if (m === null)
    throw new ExploreError('bad-space', `seeds ${JSON.stringify(text)}: expected A..B or A (non-negative integers)`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from) {
    throw new ExploreError('bad-space', `seeds ${JSON.stringify(text)}: B must be ≥ A`);
  }
  return { from, to };
}

/** `I/N` with 0 ≤ I < N. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || index >= count || !Number.isSafeInteger(count)) {
    throw new ExploreError('bad-shard', `shard ${JSON.stringify(text)}: expected I/N with 0 ≤ I < N`);
  }
  return { index, count };
}

/** Checks a space: known names, CPU counts 1–64, no duplicates. */
export function checkSpace(space: ExploreSpace): void {
  const dup = (xs: readonly unknown[]): unknown => xs.find((x, i) => xs.indexOf(x) !== i);
  for (const name of space.scenarios) {
    if (scenario(name) === undefined) {
      throw new ExploreError(
        'bad-space',
        `unknown scenario ${JSON.stringify(name)} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`,
      );
    }
  }
  for (const s of space.strategies) {
    if (!(STRATEGIES as readonly string[]).includes(s)) {
      throw new ExploreError('bad-space', `unknown strategy ${JSON.stringify(s)} (known: ${STRATEGIES.join(', ')})`);
    }
  }
  for (const c of space.cpus) {
    if (!Number.isInteger(c) || c < 1 || c > MAX_CPUS)
      throw new ExploreError('bad-space', `cpus must be 1–${MAX_CPUS}, got ${c}`);
  }
  for (const [what, xs] of [
    ['scenario', space.scenarios],
    ['strategy', space.strategies],
    ['cpus', space.cpus],
  ] as const) {
    const d = dup(xs);
    if (d !== undefined) throw new ExploreError('bad-space', `${what} ${String(d)} given twice`);
  }
  if (space.scenarios.includes('user') && space.user === undefined) {
    throw new ExploreError('bad-space', 'the user scenario needs a workload (--elf, --entry-per-cpu, --probe)');
  }
  if (space.scenarios.length === 0 || space.strategies.length === 0 || space.cpus.length === 0) {
    throw new ExploreError('bad-space', 'nothing to run: no scenario, strategy or CPU count');
  }
}

function emptyCombination(scenarioName: string, strategy: StrategyName, cpus: number): Combination {
  return {
    scenario: scenarioName,
    strategy,
    cpus,
    seeds: 0,
    violations: 0,
    violationsByKind: {},
    seedsWithViolations: 0,
    firstViolationSeed: null,
    rendezvous: 0,
    cycles: 0,
    rendezvousCycles: 0,
    changes: 0,
    hostSeconds: 0,
  };
}

/** Results with every available combination at zero; unavailable scenarios listed with their reason. */
export function emptyResults(space: ExploreSpace, shard: Shard = { index: 0, count: 1 }): ExploreResults {
  checkSpace(space);
  const unavailable: { scenario: string; reason: string }[] = [];
  const combinations: Combination[] = [];
  for (const name of space.scenarios) {
    const s = scenario(name)!;
    if (s.unavailable !== null) {
      unavailable.push({ scenario: name, reason: s.unavailable });
      continue;
    }
    for (const strategy of space.strategies)
      for (const cpus of space.cpus) combinations.push(emptyCombination(name, strategy, cpus));
  }
  return {
    format: RESULTS_FORMAT,
    space,
    shards: { count: shard.count, indices: [shard.index] },
    complete: false,
    interrupted: false,
    unavailable,
    combinations,
  };
}

/** Seeds per task: about the same work whatever the machine size (bigger machines cost more per seed). */
export function seedsPerTask(cpus: number): number {
  return Math.max(1, Math.ceil(200 / cpus));
}

/** The tasks of one shard, in a fixed order: combination by combination, seeds ascending. */
export function tasks(space: ExploreSpace, shard: Shard = { index: 0, count: 1 }): ExploreTask[] {
  const out: ExploreTask[] = [];
  const first = space.seeds.from + shard.index;
  if (first > space.seeds.to) return out;
  const total = Math.floor((space.seeds.to - first) / shard.count) + 1;
  for (const c of emptyResults(space, shard).combinations) {
    const per = seedsPerTask(c.cpus);
    for (let done = 0; done < total; done += per) {
      out.push({
        scenario: c.scenario,
        strategy: c.strategy,
        cpus: c.cpus,
        first: first + done * shard.count,
        step: shard.count,
        count: Math.min(per, total - done),
      });
    }
  }
  return out;
}

/** Seeds of the space in a shard. */
export function shardSeedCount(space: ExploreSpace, shard: Shard): number {
  const first = space.seeds.from + shard.index;
  return first > space.seeds.to ? 0 : Math.floor((space.seeds.to - first) / shard.count) + 1;
}

/** Runs a task's seeds (the library side of a worker). `clock` gives host seconds (default: none, 0). */
export function runTask(task: ExploreTask, user?: UserWorkload, clock: () => number = () => 0): TaskResult {
  const s = scenario(task.scenario);
  if (s === undefined || s.unavailable !== null) {
    throw new ExploreError('bad-space', `scenario ${task.scenario} cannot run${s ? `: ${s.unavailable}` : ''}`);
  }
  const start = clock();
  const r = emptyCombination(task.scenario, task.strategy, task.cpus);
  // One memory for every seed of every task of this thread (taken, so that a nested call gets its own).
  const memory = spareMemory ?? new PhysicalMemory();
  spareMemory = null;
  try {
    for (let i = 0; i < task.count; i++) {
      const seed = task.first + i * task.step;
      memory.clear(); // the previous seed's machine is done with it
      const o: SeedOutcome = s.run({
        seed,
        strategy: task.strategy,
        cpus: task.cpus,
        memory,
        ...(user ? { user } : {}),
      });
      addSeed(r, seed, o);
    }
  } finally {
    memory.clear(); // drop the last seed's pages and machine
    spareMemory = memory;
  }
  r.hostSeconds = clock() - start;
  return r;
}

/** The memory runTask builds seeds on, between tasks (see `SeedRun.memory`). */
let spareMemory: PhysicalMemory | null = null;

function addSeed(into: Combination, seed: number, o: SeedOutcome): void {
  into.seeds++;
  let n = 0;
  for (const [kind, count] of Object.entries(o.violationsByKind)) {
    into.violationsByKind[kind] = (into.violationsByKind[kind] ?? 0) + count;
    n += count;
  }
  into.violations += n;
  if (n > 0) {
    into.seedsWithViolations++;
    if (into.firstViolationSeed === null || seed < into.firstViolationSeed) into.firstViolationSeed = seed;
  }
  into.rendezvous += o.rendezvous;
  into.cycles += o.cycles;
  into.rendezvousCycles += o.rendezvousCycles;
  into.changes += o.changes;
}

/** Adds one combination's sums into another (same scenario, strategy and CPU count). */
function addCombination(into: Combination, from: Combination): void {
  into.seeds += from.seeds;
  into.violations += from.violations;
  for (const [kind, count] of Object.entries(from.violationsByKind)) {
    into.violationsByKind[kind] = (into.violationsByKind[kind] ?? 0) + count;
  }
  into.violationsByKind = sortedKinds(into.violationsByKind);
  into.seedsWithViolations += from.seedsWithViolations;
  if (
    from.firstViolationSeed !== null &&
    (into.firstViolationSeed === null || from.firstViolationSeed < into.firstViolationSeed)
  ) {
    into.firstViolationSeed = from.firstViolationSeed;
  }
  into.rendezvous += from.rendezvous;
  into.cycles += from.cycles;
  into.rendezvousCycles += from.rendezvousCycles;
  into.changes += from.changes;
  into.hostSeconds += from.hostSeconds;
}

function sortedKinds(kinds: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function find(results: ExploreResults, c: { scenario: string; strategy: string; cpus: number }): Combination {
  const found = results.combinations.find(
    (x) => x.scenario === c.scenario && x.strategy === c.strategy && x.cpus === c.cpus,
  );
  if (found === undefined)
    throw new ExploreError('bad-results', `no combination ${c.scenario}/${c.strategy}/${c.cpus} CPUs in this space`);
  return found;
}

/** Adds a finished task's sums to the results. */
export function addTaskResult(results: ExploreResults, r: TaskResult): void {
  addCombination(find(results, r), r);
}

/** Marks `complete` by counting seeds: every combination has every seed of the covered shards. */
export function settle(results: ExploreResults): ExploreResults {
  const expected = results.shards.indices.reduce(
    (n, index) => n + shardSeedCount(results.space, { index, count: results.shards.count }),
    0,
  );
  results.complete = !results.interrupted && results.combinations.every((c) => c.seeds === expected);
  return results;
}

const sameSpace = (a: ExploreSpace, b: ExploreSpace): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Merges shard outputs of one space. Shards must be of the same split and not overlap; when they cover all
 * of it the merge is the whole run (`shards` 1, index 0): equal to one unsharded run, host time aside.
 */
export function mergeResults(parts: readonly ExploreResults[]): ExploreResults {
  if (parts.length === 0) throw new ExploreError('merge-mismatch', 'nothing to merge');
  for (const [i, p] of parts.entries()) {
    if (p?.format !== RESULTS_FORMAT || !Array.isArray(p.combinations) || typeof p.shards?.count !== 'number') {
      throw new ExploreError(
        'bad-results',
        `input ${i + 1} is not an armprobe explore results file (${RESULTS_FORMAT})`,
      );
    }
  }
  const first = parts[0]!;
  for (const [i, p] of parts.entries()) {
    if (!sameSpace(first.space, p.space))
      throw new ExploreError('merge-mismatch', `input ${i + 1} explored a different space`);
  }
  const covered = new Set<number>();
  const wholeRuns = parts.filter((p) => p.shards.count === 1).length;
  for (const [i, p] of parts.entries()) {
    if (p.shards.count !== first.shards.count) {
      throw new ExploreError(
        'merge-mismatch',
        `input ${i + 1} is split in ${p.shards.count} shards, input 1 in ${first.shards.count}`,
      );
    }
    for (const index of p.shards.indices) {
      if (covered.has(index))
        throw new ExploreError('merge-mismatch', `shard ${index}/${p.shards.count} is given twice`);
      covered.add(index);
    }
  }
  if (wholeRuns > 1) throw new ExploreError('merge-mismatch', 'two whole runs of the same space overlap');
  const count = first.shards.count;
  const indices = [...covered].sort((a, b) => a - b);
  const all = indices.length === count;
  const merged = emptyResults(first.space, { index: 0, count: all ? 1 : count });
  merged.shards = all ? { count: 1, indices: [0] } : { count, indices };
  for (const p of parts) for (const c of p.combinations) addCombination(find(merged, c), c);
  merged.interrupted = parts.some((p) => p.interrupted);
  return settle(merged);
}

/** Results with host time removed: what must be identical between runs of one space. */
export function withoutHostTime(results: ExploreResults): unknown {
  return { ...results, combinations: results.combinations.map(({ hostSeconds: _, ...c }) => c) };
}
