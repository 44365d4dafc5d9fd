/**
 * The Thumb form of a VFP instruction. A T32 floating-point unit is bit for bit the A32 word with condition
 * 1110 (or 1111 for the ARMv8 unconditional forms) and goes through the same rows (t32/coprocessor.ts); its
 * Thumb form has the same kind and fields, the IT block's condition, the length and the IT state. In Thumb
 * state the ARM ARM also makes SP UNPREDICTABLE where ARM state allows it (core register transfers, VDUP).
 */
import type { ThumbForm } from '../thumb/common.js';
import { itCondition } from '../thumb/common.js';
import type { VfpInsn } from './types.js';

const SP = 13;

function thumbSpUnpredictable(insn: VfpInsn): boolean {
  switch (insn.kind) {
    case 'vfp-move-core-single':
    case 'vfp-move-core-scalar':
    case 'vfp-duplicate-core':
      return insn.rt === SP;
    case 'vfp-move-core-pair':
      return insn.rt === SP || insn.rt2 === SP;
    case 'vfp-system-register':
      return insn.rt === SP;
    default:
      return false;
  }
}

export function thumbVfpForm(insn: VfpInsn, address: number, itState: number): ThumbForm<VfpInsn> {
  return {
    ...insn,
    isa: 'thumb',
    address,
    cond: itCondition(itState),
    unpredictable: insn.unpredictable || thumbSpUnpredictable(insn),
    length: 4,
    itState,
  } as ThumbForm<VfpInsn>;
}
