import { MODE_ABT, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_UND } from '../cpu/modes.js';

/** Exceptions a CPU can take (ARM ARM B1.8), named as the host hooks name them. */
export type ExceptionKind = 'und' | 'svc' | 'pabt' | 'dabt' | 'irq' | 'fiq';

export interface ExceptionVector {
  /** Mode the exception is taken to. */
  readonly mode: number;
  /** Offset from the vector base. */
  readonly offset: number;
  /** LR = preferred return address + this, taken from ARM state (B1.8.3 table B1-7). */
  readonly lrOffset: number;
  /** The same from Thumb state: UNDEFINED and SVC give the address + 2, the others as in ARM state. */
  readonly thumbLrOffset: number;
  /** Sets CPSR.A on entry. */
  readonly maskA: boolean;
  /** Sets CPSR.F on entry. */
  readonly maskF: boolean;
  /** Emulated cycles for entry. */
  readonly cost: number;
}

export const EXCEPTION_VECTORS: Readonly<Record<ExceptionKind, ExceptionVector>> = {
  und: { mode: MODE_UND, offset: 0x04, lrOffset: 4, thumbLrOffset: 2, maskA: false, maskF: false, cost: 20 },
  svc: { mode: MODE_SVC, offset: 0x08, lrOffset: 4, thumbLrOffset: 2, maskA: false, maskF: false, cost: 20 },
  pabt: { mode: MODE_ABT, offset: 0x0c, lrOffset: 4, thumbLrOffset: 4, maskA: true, maskF: false, cost: 20 },
  dabt: { mode: MODE_ABT, offset: 0x10, lrOffset: 8, thumbLrOffset: 8, maskA: true, maskF: false, cost: 20 },
  irq: { mode: MODE_IRQ, offset: 0x18, lrOffset: 4, thumbLrOffset: 4, maskA: true, maskF: false, cost: 20 },
  fiq: { mode: MODE_FIQ, offset: 0x1c, lrOffset: 4, thumbLrOffset: 4, maskA: true, maskF: true, cost: 20 },
};
