/**
 * A5.2.6 saturating addition and subtraction: QADD, QSUB, QDADD, QDSUB (ARMv5TE). Part of the
 * miscellaneous space (op1 = 10xx0, op2 = 0101); the rows live in `dataProcessingRows`.
 */
import { type A32Common, NO_MEMORY, PC, type Reg } from './common.js';

/**
 * `q{d}{add|sub} rd, rm, rn`: rd = SignedSat32(rm ± (doubling ? SignedSat32(2 × rn) : rn)); sets Q
 * when either saturation happens.
 */
export interface SaturatingAddSubtractInsn extends A32Common {
  readonly kind: 'saturating-add-subtract';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  /** QSUB / QDSUB. */
  readonly subtract: boolean;
  /** QDADD / QDSUB: rn is doubled (with saturation) first. */
  readonly doubling: boolean;
}

export function decodeSaturatingAddSubtract(
  word: number,
  address: number,
  op: string,
  shouldBeBroken: boolean,
): SaturatingAddSubtractInsn {
  const rn = (word >>> 16) & 15;
  const rd = (word >>> 12) & 15;
  const rm = word & 15;
  return {
    isa: 'arm',
    kind: 'saturating-add-subtract',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 1 << rd,
    setsFlags: true,
    unpredictable: shouldBeBroken || rd === PC || rn === PC || rm === PC,
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    rm,
    subtract: (word & 0x00200000) !== 0,
    doubling: (word & 0x00400000) !== 0,
  };
}
