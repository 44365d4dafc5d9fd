import { PatchError } from '../errors.js';
import { maintenanceRanges, storesFor } from '../execute/patch-text.js';
import { normalizeRequests, type PatchRequest, type PatchWrite } from '../request.js';
import { decideWrite, type RuleDecision } from '../rules/decide.js';
import { type CostModel, DEFAULT_COST_MODEL, estimateStep } from './cost.js';

/**
 * - `auto`: per write the cheapest safe choice — direct where A3.5.4 allows it, otherwise a rendezvous
 *   (every CPU writing when a breakpoint is removed); all directs share one `syncCores`, everything else
 *   shares one rendezvous (or as few as `maxPerRendezvous` allows).
 * - `kernel`: the ARM kernel's policy exactly: one `stop_machine` per write, no batching; every CPU writes
 *   when a breakpoint is removed (disarm, breakpoint → branch), one CPU otherwise. Even on one CPU.
 * - `direct` / `stop-one` / `stop-all`: forced, batched like `auto`, whether safe or not (experiments).
 * Writes flagged `unreachable` are always plain stores, first, under every strategy.
 */
export type Strategy = 'auto' | 'kernel' | 'direct' | 'stop-one' | 'stop-all';

export type StepKind = 'unreachable' | 'direct' | 'stop-one' | 'stop-all';

export interface PlanStep {
  readonly kind: StepKind;
  readonly writes: readonly PatchWrite[];
  /** `syncCores` after the writes and maintenance (rendezvous steps synchronise by leaving the rendezvous). */
  readonly sync: boolean;
  readonly estimatedCycles: number;
}

/** How and why one request is written. */
export interface PlanDecision {
  readonly index: number;
  readonly address: number;
  /** Index into `Plan.steps`. */
  readonly step: number;
  readonly kind: StepKind;
  /** What the A3.5.4 rules allow for it (true also when forced otherwise). */
  readonly directAllowed: boolean;
  readonly reason: string;
}

/** A plan is plain data: it can be logged, serialised, compared, and executed later by `execute`. */
export interface Plan {
  readonly strategy: Strategy;
  /** CPUs the plan was made for; null = "more than one" (the safe assumption). */
  readonly cpus: number | null;
  readonly steps: readonly PlanStep[];
  /** One per request, in request order. */
  readonly decisions: readonly PlanDecision[];
  readonly rendezvousCount: number;
  readonly directCount: number;
  readonly unreachableCount: number;
  readonly syncCount: number;
  readonly writeCount: number;
  readonly estimatedCycles: number;
}

export interface PlanOptions {
  /** Default `auto`. */
  readonly strategy?: Strategy;
  /** CPUs online; omitted = assume more than one. A plan made for 1 CPU refuses to run on more. */
  readonly cpus?: number;
  /** Most writes carried by one rendezvous (default: unlimited). The `kernel` strategy always uses 1. */
  readonly maxPerRendezvous?: number;
  readonly costModel?: Partial<CostModel>;
}

/** CPU count used for cost estimates when the plan does not know it. */
const ESTIMATE_CPUS_UNKNOWN = 2;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function checkOptions(options: PlanOptions): void {
  const { cpus, maxPerRendezvous, strategy } = options;
  if (cpus !== undefined && (!Number.isInteger(cpus) || cpus < 1)) {
    throw new PatchError('invalid-request', `cpus must be a positive integer, got ${cpus}`);
  }
  if (maxPerRendezvous !== undefined && (!Number.isInteger(maxPerRendezvous) || maxPerRendezvous < 1)) {
    throw new PatchError('invalid-request', `maxPerRendezvous must be a positive integer, got ${maxPerRendezvous}`);
  }
  if (strategy !== undefined && !['auto', 'kernel', 'direct', 'stop-one', 'stop-all'].includes(strategy)) {
    throw new PatchError('invalid-request', `unknown strategy ${String(strategy)}`);
  }
}

interface Group {
  kind: StepKind;
  writes: PatchWrite[];
}

/** Groups the reachable writes into steps (in execution order) for a strategy. */
function groupReachable(
  strategy: Strategy,
  writes: readonly PatchWrite[],
  rules: ReadonlyMap<number, RuleDecision>,
  cap: number,
): Group[] {
  const rule = (w: PatchWrite): RuleDecision => rules.get(w.index)!;
  const groups: Group[] = [];
  const rendezvous = (kind: 'stop-one' | 'stop-all', ws: readonly PatchWrite[]): void => {
    for (const part of chunk(ws, cap)) groups.push({ kind, writes: part });
  };
  switch (strategy) {
    case 'kernel':
      for (const w of writes) groups.push({ kind: rule(w).writers === 'all' ? 'stop-all' : 'stop-one', writes: [w] });
      break;
    case 'direct':
      if (writes.length > 0) groups.push({ kind: 'direct', writes: [...writes] });
      break;
    case 'stop-one':
    case 'stop-all':
      rendezvous(strategy, writes);
      break;
    case 'auto': {
      const direct = writes.filter((w) => rule(w).direct);
      if (direct.length > 0) groups.push({ kind: 'direct', writes: direct });
      // Writes needing every CPU first, so that a capped tail of one-writer writes can stay `stop-one`.
      const all = writes.filter((w) => !rule(w).direct && rule(w).writers === 'all');
      const one = writes.filter((w) => !rule(w).direct && rule(w).writers === 'one');
      for (const part of chunk([...all, ...one], cap)) {
        const kind = part.some((w) => rule(w).writers === 'all') ? 'stop-all' : 'stop-one';
        groups.push({ kind, writes: part });
      }
      break;
    }
  }
  return groups;
}

function reasonFor(strategy: Strategy, kind: StepKind, rule: RuleDecision): string {
  if (kind === 'unreachable') {
    return 'unreachable: no CPU can execute it yet; plain stores before the writes that reach it';
  }
  if (strategy === 'auto') {
    return kind === 'stop-all' && rule.writers === 'one'
      ? `${rule.reason}; shares an every-CPU rendezvous`
      : rule.reason;
  }
  if (strategy === 'kernel') {
    const writers = kind === 'stop-all' ? 'every CPU writing' : 'one CPU writing';
    return `kernel policy: stop_machine, ${writers}; rules say ${rule.reason}`;
  }
  return `forced ${kind}; rules say ${rule.reason}`;
}

/**
 * Turns patch requests into a plan: validated, decided by the A3.5.4 rules, grouped and ordered —
 * unreachable writes first (plain stores), then all directs with one `syncCores`, then the rest under as
 * few rendezvous as the strategy and cap allow. Throws `PatchError` for invalid or overlapping requests.
 */
export function plan(requests: readonly PatchRequest[], options: PlanOptions = {}): Plan {
  checkOptions(options);
  const strategy = options.strategy ?? 'auto';
  const cpus = options.cpus ?? null;
  const model: CostModel = { ...DEFAULT_COST_MODEL, ...options.costModel };
  const cap = strategy === 'kernel' ? 1 : (options.maxPerRendezvous ?? Number.POSITIVE_INFINITY);
  const writes = normalizeRequests(requests);
  const rules = new Map(writes.map((w) => [w.index, decideWrite(w, cpus ?? Number.POSITIVE_INFINITY)]));

  const unreachable = writes.filter((w) => w.unreachable);
  const groups = groupReachable(
    strategy,
    writes.filter((w) => !w.unreachable),
    rules,
    cap,
  );
  if (unreachable.length > 0) groups.unshift({ kind: 'unreachable', writes: unreachable });

  const estimateCpus = cpus ?? ESTIMATE_CPUS_UNKNOWN;
  const steps: PlanStep[] = groups.map((g, i) => {
    // After unreachable writes, CPUs need a context-synchronisation event before a direct write can make
    // them reachable; a rendezvous provides one by itself.
    const sync =
      g.kind === 'direct' || (g.kind === 'unreachable' && groups.slice(i + 1).some((h) => h.kind === 'direct'));
    const shape = {
      kind: g.kind,
      stores: g.writes.reduce((n, w) => n + storesFor(w), 0),
      ranges: maintenanceRanges(g.writes).length,
      sync,
    };
    return { kind: g.kind, writes: g.writes, sync, estimatedCycles: estimateStep(shape, estimateCpus, model) };
  });

  const decisions: PlanDecision[] = new Array(writes.length);
  steps.forEach((step, stepIndex) => {
    for (const w of step.writes) {
      const rule = rules.get(w.index)!;
      decisions[w.index] = {
        index: w.index,
        address: w.address,
        step: stepIndex,
        kind: step.kind,
        directAllowed: rule.direct,
        get reason() {
          return reasonFor(strategy, step.kind, rule);
        },
      };
    }
  });

  const count = (kind: StepKind): number =>
    steps.filter((s) => s.kind === kind).reduce((n, s) => n + s.writes.length, 0);
  return {
    strategy,
    cpus,
    steps,
    decisions,
    rendezvousCount: steps.filter((s) => s.kind === 'stop-one' || s.kind === 'stop-all').length,
    directCount: count('direct'),
    unreachableCount: count('unreachable'),
    syncCount: steps.filter((s) => s.sync).length,
    writeCount: writes.length,
    estimatedCycles: steps.reduce((n, s) => n + s.estimatedCycles, 0),
  };
}
