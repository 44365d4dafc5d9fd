import { hex, PatchError } from '../errors.js';
import type { Plan, PlanStep, StepKind } from '../plan/plan.js';
import type { Platform } from '../platform.js';
import type { PatchWrite } from '../request.js';
import { maintenanceRanges, patchText, readText } from './patch-text.js';

export interface StepReport {
  readonly kind: StepKind;
  readonly writes: number;
  /** Emulated cycles the step took, or null when the platform has no clock. */
  readonly cycles: number | null;
}

/** What `execute` did. Counts are operations performed on the platform. */
export interface ExecutionReport {
  readonly rendezvous: number;
  /** Writes (instructions) replaced. */
  readonly writes: number;
  /** Stores performed, on every CPU (a write done by every CPU of a 4-CPU rendezvous counts 4). */
  readonly stores: number;
  readonly maintenance: number;
  readonly syncs: number;
  readonly cycles: number | null;
  readonly steps: readonly StepReport[];
}

function verify(platform: Platform, writes: readonly PatchWrite[]): void {
  for (const w of writes) {
    const found = readText(platform, w.isa, w.width, w.address);
    if (found !== w.old) {
      const digits = w.width * 2;
      throw new PatchError(
        'old-mismatch',
        `request ${w.index}: expected ${hex(w.old, digits)} at ${hex(w.address)}, found ${hex(found, digits)}`,
        { request: w.index, address: w.address, expected: w.old, found },
      );
    }
  }
}

function checkPlan(plan: Plan, platform: Platform): void {
  if (!Array.isArray(plan?.steps)) throw new PatchError('plan-mismatch', 'not a plan');
  const online = platform.cpuCount();
  if (plan.cpus === 1 && online > 1) {
    throw new PatchError('plan-mismatch', `plan made for 1 CPU (all writes direct), ${online} CPUs are online`);
  }
}

/**
 * Performs a plan on a platform, step by step: every request's old instruction is checked against
 * memory first (nothing is written if one differs), and again at the start of each step (inside the
 * rendezvous for rendezvous steps), since other code may patch meanwhile. Not transactional: a mismatch
 * found by a later step leaves earlier steps applied; the `PatchError` names the request.
 */
export function execute(plan: Plan, platform: Platform): ExecutionReport {
  checkPlan(plan, platform);
  verify(
    platform,
    plan.steps.flatMap((s) => s.writes),
  );
  const clock = platform.cycles ? (): number => platform.cycles!() : null;
  const start = clock?.() ?? 0;
  const counts = { rendezvous: 0, writes: 0, stores: 0, maintenance: 0, syncs: 0 };
  const steps: StepReport[] = [];

  const writeAll = (step: PlanStep): void => {
    for (const w of step.writes) counts.stores += patchText(platform, w.isa, w.width, w.address, w.new);
    for (const r of maintenanceRanges(step.writes)) {
      platform.cacheMaintenance(r.address, r.size);
      counts.maintenance++;
    }
  };

  for (const step of plan.steps) {
    const stepStart = clock?.() ?? 0;
    if (step.kind === 'unreachable' || step.kind === 'direct') {
      verify(platform, step.writes);
      writeAll(step);
    } else {
      const writers = step.kind === 'stop-all' ? 'all' : 'one';
      const cpus = new Set<number>();
      counts.rendezvous++;
      platform.stopMachine(
        (cpu) => {
          if (cpus.size === 0) verify(platform, step.writes);
          cpus.add(cpu);
          writeAll(step);
        },
        { writers },
      );
      // The plan's safety rests on the rendezvous contract; a platform that breaks it is a bug there.
      const expected = writers === 'all' ? platform.cpuCount() : 1;
      if (cpus.size !== expected) {
        throw new PatchError(
          'plan-mismatch',
          `stopMachine({ writers: '${writers}' }) ran the writer on ${cpus.size} CPU(s), expected ${expected}`,
        );
      }
    }
    if (step.sync) {
      platform.syncCores();
      counts.syncs++;
    }
    counts.writes += step.writes.length;
    steps.push({ kind: step.kind, writes: step.writes.length, cycles: clock ? clock() - stepStart : null });
  }
  return { ...counts, cycles: clock ? clock() - start : null, steps };
}
