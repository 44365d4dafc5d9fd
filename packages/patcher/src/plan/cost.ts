/**
 * Estimated cost of a plan in emulated cycles. The defaults are placeholders of the right order of
 * magnitude (a rendezvous waits for every CPU's next scheduling point, an IPI round is an exception
 * entry and return per CPU); the emulator's documented cost model is the reference, and an execution
 * report measures the real number when the platform has a clock.
 */
export interface CostModel {
  /** One store. */
  readonly store: number;
  /** One `cacheMaintenance` call (one contiguous range). */
  readonly maintenance: number;
  /** `syncCores`: fixed part plus per online CPU. */
  readonly syncBase: number;
  readonly syncPerCpu: number;
  /** `stopMachine`: fixed part plus per online CPU (reaching a scheduling point, parking, releasing). */
  readonly rendezvousBase: number;
  readonly rendezvousPerCpu: number;
}

export const DEFAULT_COST_MODEL: CostModel = {
  store: 1,
  maintenance: 40,
  syncBase: 100,
  syncPerCpu: 150,
  rendezvousBase: 500,
  rendezvousPerCpu: 5000,
};

export interface StepShape {
  readonly kind: 'unreachable' | 'direct' | 'stop-one' | 'stop-all';
  readonly stores: number;
  readonly ranges: number;
  readonly sync: boolean;
}

/** Estimated cycles of one plan step on `cpus` CPUs. */
export function estimateStep(step: StepShape, cpus: number, model: CostModel): number {
  const writing = step.stores * model.store + step.ranges * model.maintenance;
  const sync = step.sync ? model.syncBase + model.syncPerCpu * cpus : 0;
  switch (step.kind) {
    case 'unreachable':
    case 'direct':
      return writing + sync;
    case 'stop-one':
      return model.rendezvousBase + model.rendezvousPerCpu * cpus + writing + sync;
    case 'stop-all':
      return model.rendezvousBase + model.rendezvousPerCpu * cpus + writing * cpus + sync;
  }
}
