/**
 * The Thumb form of a VFP instruction. A T32 floating-point unit is bit for bit the A32 word with condition
 * 1110 (or 1111 for the ARMv8 unconditional forms) and goes through the same rows (t32/coprocessor.ts); its
 * Thumb form has the same kind and fields, the IT block's condition, the length and the IT state. In Thumb
 * state the ARM ARM also makes SP UNPREDICTABLE where ARM state allows it (core register transfers, VDUP).
 */
import type { ThumbForm } from '../thumb/common.js';
import { itCondition } from '../thumb/common.js';
import type { VfpInsn, VfpLoadStoreMultipleInsn } from './types.js';

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

/**
 * objdump's T32 table has the Armv8.1-M VSCCLRM where A32 has VLDMIA PC without writeback (S lists; D lists of
 * an even imm8): UNDEFINED in A-profile, named by objdump. Its list counts imm8 bits 6:0 (S) or imm8 / 2 (D).
 */
function isClearMultiple(insn: VfpInsn): insn is VfpLoadStoreMultipleInsn {
  return (
    insn.kind === 'vfp-load-store-multiple' &&
    insn.op === 'vldmia' &&
    insn.rn === 15 &&
    !insn.wback &&
    insn.word >>> 28 === 0xe &&
    (insn.bank === 's' || (insn.imm8 & 1) === 0)
  );
}

export function thumbVfpForm(insn: VfpInsn, address: number, itState: number): ThumbForm<VfpInsn> {
  if (isClearMultiple(insn)) {
    return {
      ...insn,
      isa: 'thumb',
      address,
      op: 'vscclrm',
      cond: itCondition(itState),
      reads: 0,
      writes: 0,
      memory: null,
      unpredictable: false,
      architecturallyUndefined: true,
      count: insn.bank === 's' ? insn.imm8 & 0x7f : insn.imm8 >>> 1,
      length: 4,
      itState,
    } as ThumbForm<VfpInsn>;
  }
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
