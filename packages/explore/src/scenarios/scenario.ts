/**
 * What a scenario is: a small, deterministic experiment run once per seed with one patching strategy on a
 * machine of N CPUs, returning what went wrong (violations by kind) and what the patching cost.
 */
import type { CmodxViolation, Machine, PhysicalMemory } from '@armprobe/emulator';
import type { Strategy } from '@armprobe/patcher';

/** The patching strategies compared (the patcher's `Strategy`). */
export const STRATEGIES = ['direct', 'stop-one', 'stop-all', 'auto', 'kernel'] as const satisfies readonly Strategy[];
export type StrategyName = (typeof STRATEGIES)[number];

/** Largest machine the emulator builds. */
export const MAX_CPUS = 64;

/** A program the `user` scenario runs and probes (`--elf FILE --entry-per-cpu SYM --probe SYM[+OFF]…`). */
export interface UserWorkload {
  /** The ELF file's bytes. */
  readonly elf: Uint8Array;
  /** Its name, for messages and the results file. */
  readonly name: string;
  /** CPU k starts at this symbol with r0 = k. */
  readonly entryPerCpu: string;
  /** Probe places, `SYMBOL` or `SYMBOL+OFFSET` (decimal or 0x hex). */
  readonly probes: readonly string[];
  /** Instructions (all CPUs) before the run is cut off (default 50,000,000). */
  readonly maxInstructions?: number;
}

export interface SeedRun {
  readonly seed: number;
  readonly strategy: StrategyName;
  readonly cpus: number;
  /** Only for the `user` scenario. */
  readonly user?: UserWorkload;
  /**
   * An empty memory the seed's machine may be built on (`MachineOptions.memory`), handed from seed to seed by
   * the caller (`runTask`), which clears it in between: a machine per seed without a new 4 MiB page table
   * each time. Without it each machine gets a new memory; the results are the same.
   */
  readonly memory?: PhysicalMemory;
}

/** What one seed found and cost. All integers: sums of these merge exactly, in any order. */
export interface SeedOutcome {
  /** Violations by kind (kinds with 0 left out). */
  readonly violationsByKind: Readonly<Record<string, number>>;
  /** Rendezvous (stop_machine calls) the patching took. */
  readonly rendezvous: number;
  /** Emulated cycles the patching took, summed over CPUs: rendezvous + sync IPIs + cache maintenance. */
  readonly cycles: number;
  /** Of those, the rendezvous' cycles (every CPU's join wait and lockstep steps). */
  readonly rendezvousCycles: number;
  /** Instruction changes made (patch requests executed): the denominator of cost per probe change. */
  readonly changes: number;
}

export interface Scenario {
  readonly name: string;
  /** One line: what is patched, under what load. */
  readonly description: string;
  /** null when the scenario can run; else why not (listed, never silently dropped). */
  readonly unavailable: string | null;
  readonly run: (run: SeedRun) => SeedOutcome;
}

/** The machine's patching counters, to take a difference over the patch phase of a scenario. */
export interface PatchCounters {
  readonly rendezvous: number;
  readonly rendezvousCycles: number;
  readonly cycles: number;
}

export function patchCounters(machine: Machine): PatchCounters {
  const s = machine.statistics();
  return {
    rendezvous: s.rendezvous.count,
    rendezvousCycles: s.rendezvous.cycles,
    cycles: s.rendezvous.cycles + s.syncCores.cycles + s.maintenance.cycles,
  };
}

/** Counts as violations and cost since `from`, plus `changes`. */
export function outcome(
  machine: Machine,
  from: PatchCounters,
  changes: number,
  kinds: Readonly<Record<string, number>>,
): SeedOutcome {
  const now = patchCounters(machine);
  const violationsByKind: Record<string, number> = {};
  for (const v of machine.violations()) addKind(violationsByKind, cmodxKind(v), 1);
  for (const [kind, n] of Object.entries(kinds)) addKind(violationsByKind, kind, n);
  return {
    violationsByKind,
    rendezvous: now.rendezvous - from.rendezvous,
    rendezvousCycles: now.rendezvousCycles - from.rendezvousCycles,
    cycles: now.cycles - from.cycles,
    changes,
  };
}

/** `cmodx-<reason>`: a write the CMODX detector classified outside ARMv7 A3.5.4. */
export function cmodxKind(v: CmodxViolation): string {
  return `cmodx-${v.reason}`;
}

function addKind(into: Record<string, number>, kind: string, n: number): void {
  if (n > 0) into[kind] = (into[kind] ?? 0) + n;
}

/**
 * Values a scenario makes the same way for every seed — a change set and its plan, fixed by the requests, the
 * strategy and the CPU count — made once per thread and shared by the seeds (a plan is data; executing it does
 * not change it). `key` names everything the value depends on.
 */
export function perThread<T>(key: string, make: () => T): T {
  let value = made.get(key) as T | undefined;
  if (value === undefined) {
    value = make();
    made.set(key, value);
  }
  return value;
}

const made = new Map<string, unknown>();
