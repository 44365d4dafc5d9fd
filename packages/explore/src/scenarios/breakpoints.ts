/**
 * `arm-breakpoint` and `remove-breakpoint`: kprobe breakpoints (the kernel's UDF) written over instructions
 * other CPUs are executing, and taken away while a CPU is between its breakpoint trap and the handler.
 */
import { Random } from '@armprobe/emulator';
import { execute, kprobeArmBreakpoint, type PatchRequest, type Plan, plan } from '@armprobe/patcher';
import {
  ADD_R5,
  ADD_R6,
  checkInterval,
  hotLoop,
  MOV_R0_R0,
  SA,
  SPARE_PROBES,
  SPARE_WORDS,
  snapshot,
  UDF_BP,
} from '../hot-loop.js';
import {
  outcome,
  patchCounters,
  perThread,
  type Scenario,
  type SeedOutcome,
  type SeedRun,
  type StrategyName,
} from './scenario.js';

/** One probe on the hot instruction SA and `SPARE_WORDS` on text no CPU runs: one change set of 8 probes. */
function probeSet(purpose: 'arm' | 'disarm'): PatchRequest[] {
  const sites = [
    { address: SA, word: ADD_R5 },
    ...Array.from({ length: SPARE_WORDS }, (_, i) => ({ address: SPARE_PROBES + 4 * i, word: ADD_R6 })),
  ];
  return sites.map(({ address, word }) => {
    const bp = kprobeArmBreakpoint(word);
    return purpose === 'arm'
      ? { address, isa: 'arm', width: 4, old: word, new: bp, purpose }
      : { address, isa: 'arm', width: 4, old: bp, new: word, purpose };
  });
}

/** The 8-probe change set for `purpose` and its plan (`strategy` null: the planner's default). */
function probeChange(purpose: 'arm' | 'disarm', strategy: StrategyName | null, cpus: number): Change {
  return perThread(`breakpoints/${purpose}/${strategy ?? 'default'}/${cpus}`, () => {
    const requests = probeSet(purpose);
    return { requests, plan: plan(requests, strategy === null ? { cpus } : { strategy, cpus }) };
  });
}

interface Change {
  readonly requests: readonly PatchRequest[];
  readonly plan: Plan;
}

/** Instructions (all CPUs) per phase: enough that every CPU runs the loop several times. */
function budget(cpus: number, rng: Random): number {
  return cpus * (100 + rng.below(100));
}

/**
 * Arms 8 probes in one change set while every CPU runs the loop through SA. Violations: the detector's
 * (`cmodx-*`), and the oracle's after the change returned: `stale` (a CPU still executed `add` at SA) and
 * `torn` (a CPU executed something the site never held); `trap-race` if a trap found no breakpoint.
 */
function armBreakpoint({ seed, strategy, cpus, memory }: SeedRun): SeedOutcome {
  const loop = hotLoop({ seed, cpus, ...(memory ? { memory } : {}) });
  const m = loop.machine;
  const rng = new Random(seed * 7919 + 17);
  loop.run(budget(cpus, rng));
  const from = patchCounters(m);
  const arm = probeChange('arm', strategy, cpus);
  execute(arm.plan, m);
  const before = snapshot(loop);
  loop.run(2 * budget(cpus, rng));
  const check = checkInterval(before, snapshot(loop), { sa: UDF_BP, sb: MOV_R0_R0 });
  return outcome(m, from, arm.requests.length, {
    stale: check.stale,
    torn: check.torn,
    'trap-race': loop.races.length,
    'guest-fault': loop.faults,
  });
}

/**
 * The trap-vs-restore race. CPU 0 runs the probed loop, the others a loop of their own (so exactly one CPU
 * traps); the breakpoints were armed safely before anything ran. When a tick on another CPU lands inside
 * CPU 0's trap window (400 cycles between taking the UDF and its handler), that CPU removes the 8 probes with
 * the strategy under test. Violations: `trap-race` (the handler no longer found its breakpoint: SIGILL in
 * Linux), `cmodx-*`. On 1 CPU no other CPU can be inside a window: the removal runs from the first tick after
 * a hit.
 */
function removeBreakpoint({ seed, strategy, cpus, memory }: SeedRun): SeedOutcome {
  const loop = hotLoop({ seed, cpus, trapWindow: 400, tickPeriod: 60, sideFrom: 1, ...(memory ? { memory } : {}) });
  const m = loop.machine;
  let handled = 0; // UND traps whose handlers have run: each closes its window
  m.hooks.on(
    'und',
    () => {
      handled++;
      return false; // declined: the kernel-style hook handles it
    },
    { priority: 100 },
  );
  execute(probeChange('arm', null, cpus).plan, m); // armed safely, before anything runs
  const from = patchCounters(m);
  const disarm = probeChange('disarm', strategy, cpus);
  let removed = false;
  m.hooks.on('irq', () => {
    if (removed) return true;
    const due = cpus === 1 ? loop.hits[0]! > 0 : m.statistics().trapWindows > handled;
    if (!due) return true;
    execute(disarm.plan, m);
    removed = true;
    return true;
  });
  for (let i = 0; i < 50 && !removed; i++) loop.run(500 * cpus);
  if (!removed) throw new Error(`remove-breakpoint seed ${seed} (${cpus} CPUs): no trap window opened`);
  loop.run(500 * cpus);
  return outcome(m, from, disarm.requests.length, { 'trap-race': loop.races.length, 'guest-fault': loop.faults });
}

export const ARM_BREAKPOINT: Scenario = {
  name: 'arm-breakpoint',
  description: 'arm 8 kprobe breakpoints (one change set), one over an instruction every other CPU is executing',
  unavailable: null,
  run: armBreakpoint,
};

export const REMOVE_BREAKPOINT: Scenario = {
  name: 'remove-breakpoint',
  description: 'remove 8 breakpoints while a CPU has trapped on one and its handler has not run (trap window)',
  unavailable: null,
  run: removeBreakpoint,
};
