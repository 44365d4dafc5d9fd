/**
 * Emulated cycle cost per instruction class: deliberately simple, documented in the README, and the
 * same whether the instruction runs through the single-instruction path or a compiled block. A
 * conditional instruction costs its class cost whether or not its condition passes.
 */
export const COST = {
  alu: 1,
  /** Register-shifted register operand or a PC write by an ALU instruction adds this. */
  aluExtra: 1,
  multiply: 2,
  multiplyLong: 3,
  multiplyAccumulateLong: 4,
  divide: 8,
  load: 2,
  store: 1,
  /** LDM/STM: a base cost plus one cycle per register. */
  multipleBase: 1,
  branch: 3,
  system: 2,
  barrier: 5,
  /** Exception entry (charged by the exception machinery, not by the instruction). */
  exceptionEntry: 20,
  exceptionReturn: 10,
  /** Sending one IPI (the sender's write to the interrupt controller). */
  ipiSend: 10,
  /** From an IPI being sent until the target CPU takes it (then exception entry + return). */
  ipiDelivery: 100,
  /** One lockstep step of a stop_machine rendezvous (prepare, disable IRQs, run, exit), per CPU. */
  rendezvousStep: 50,
  /** One cache or branch-predictor maintenance operation on one line (host `cacheMaintenance`). */
  maintenanceLine: 2,
} as const;
