/**
 * `jump-label`: a static key with the kernel's ARM jump-label NOP (`mov r0, r0`, outside the A3.5.4 safe set)
 * flipped NOP ↔ B four times while every CPU runs through its first site.
 */
import { Random } from '@armprobe/emulator';
import { execute, type Plan, StaticKey } from '@armprobe/patcher';
import {
  ADD_R5,
  B_T1,
  checkInterval,
  hotLoop,
  MOV_R0_R0,
  SB,
  SPARE_JUMPS,
  SPARE_WORDS,
  snapshot,
  T1,
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

const FLIPS = 4;

/** The key's four flips from disabled (enable, disable, …): each one's plan, changes and the state it leaves. */
function flips(strategy: StrategyName, cpus: number): readonly Flip[] {
  return perThread(`jump-label/${strategy}/${cpus}`, () => {
    const key = new StaticKey({
      nop: 'kernel',
      sites: [
        { address: SB, target: T1 },
        ...Array.from({ length: SPARE_WORDS }, (_, i) => ({
          address: SPARE_JUMPS + 8 * i,
          target: SPARE_JUMPS + 8 * i + 8,
        })),
      ],
    });
    return Array.from({ length: FLIPS }, () => {
      const update = key.enabled ? key.disable({ cpus, strategy }) : key.enable({ cpus, strategy });
      return { plan: update.plan, changes: update.requests.length, enabled: key.enabled };
    });
  });
}

interface Flip {
  readonly plan: Plan;
  readonly changes: number;
  /** The key's state after the flip. */
  readonly enabled: boolean;
}

function jumpLabel({ seed, strategy, cpus, memory }: SeedRun): SeedOutcome {
  const loop = hotLoop({ seed, cpus, sb: MOV_R0_R0, ...(memory ? { memory } : {}) });
  const m = loop.machine;
  const rng = new Random(seed ^ 0x5bd1e995);
  const kinds = { stale: 0, torn: 0 };
  let changes = 0;
  loop.run(cpus * (100 + rng.below(100)));
  const from = patchCounters(m);
  for (const flip of flips(strategy, cpus)) {
    execute(flip.plan, m);
    changes += flip.changes;
    const before = snapshot(loop);
    loop.run(cpus * (150 + rng.below(100)));
    const check = checkInterval(before, snapshot(loop), { sa: ADD_R5, sb: flip.enabled ? B_T1 : MOV_R0_R0 });
    kinds.stale += check.stale;
    kinds.torn += check.torn;
  }
  return outcome(m, from, changes, { ...kinds, 'guest-fault': loop.faults });
}

export const JUMP_LABEL: Scenario = {
  name: 'jump-label',
  description: "flip a static key's 8 sites NOP (the kernel's mov r0, r0) ↔ B 4 times, one site in the hot loop",
  unavailable: null,
  run: jumpLabel,
};
