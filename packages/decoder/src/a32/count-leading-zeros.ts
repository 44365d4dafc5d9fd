/**
 * CLZ (ARMv5T): part of the miscellaneous space (op1 = 10110, op2 = 001); the row lives in
 * `dataProcessingRows`.
 */
import { type A32Common, NO_MEMORY, PC, type Reg } from './common.js';

/** `clz rd, rm`: rd = CountLeadingZeroBits(rm). */
export interface CountLeadingZerosInsn extends A32Common {
  readonly kind: 'count-leading-zeros';
  readonly rd: Reg;
  readonly rm: Reg;
}

export function decodeCountLeadingZeros(
  word: number,
  address: number,
  op: string,
  shouldBeBroken: boolean,
): CountLeadingZerosInsn {
  const rd = (word >>> 12) & 15;
  const rm = word & 15;
  return {
    isa: 'arm',
    kind: 'count-leading-zeros',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 1 << rm,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: shouldBeBroken || rd === PC || rm === PC,
    memory: NO_MEMORY,
    target: null,
    rd,
    rm,
  };
}
