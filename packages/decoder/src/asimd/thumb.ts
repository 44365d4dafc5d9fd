/**
 * Advanced SIMD data-processing in Thumb state. A 32-bit unit 111U 1111 … is the A32 encoding 1111 001U …
 * with U moved from bit 28 to bit 24; the ARMv8 extension forms (1111 110x / 1111 1110) are bit for bit the
 * A32 ones. Both go through the A32 rows and come back in Thumb form: the same kind and fields, the IT
 * block's condition, and UNPREDICTABLE for an ARMv8 form that may not be conditional (`conditionRule` 'u')
 * inside an IT block.
 */
import { decodeA32 } from '../a32/decode.js';
import { inItBlock, itCondition, type ThumbForm } from '../thumb/common.js';
import { thumbUndefined } from '../thumb/decode.js';
import type { ThumbInstruction } from '../thumb/types.js';
import type { AdvancedSimdInsn } from './types.js';

/** The Thumb form of an Advanced SIMD instruction decoded from the A32 encoding of the unit `bits`. */
export function thumbAdvancedSimd(insn: AdvancedSimdInsn, bits: number, itState: number): ThumbForm<AdvancedSimdInsn> {
  return {
    isa: 'thumb',
    kind: insn.kind,
    address: insn.address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op: insn.op,
    reads: insn.reads,
    writes: insn.writes,
    setsFlags: insn.setsFlags,
    unpredictable: insn.unpredictable || (insn.conditionRule === 'u' && inItBlock(itState)),
    memory: insn.memory,
    target: insn.target,
    dataType: insn.dataType,
    dataType2: insn.dataType2,
    elementBits: insn.elementBits,
    quad: insn.quad,
    operands: insn.operands,
    conditionRule: insn.conditionRule,
    architecturallyUndefined: insn.architecturallyUndefined,
    length: 4,
    itState,
  };
}

/** The A32 word of a Thumb unit 111U 1111 …: 1111 001U …. */
export function a32OfThumbSimd(bits: number): number {
  return ((bits & 0x10000000 ? 0xf3000000 : 0xf2000000) | (bits & 0x00ffffff)) >>> 0;
}

/** A 32-bit unit 111U 1111 …: decoded by the A32 Advanced SIMD rows. */
export function decodeThumbAdvancedSimd(
  bits: number,
  address: number,
  _op: string,
  _broken: boolean,
  itState: number,
): ThumbInstruction {
  const insn = decodeA32(a32OfThumbSimd(bits), address);
  if (insn.kind === 'undefined') return thumbUndefined(bits, 4, address, itState);
  return thumbAdvancedSimd(insn as AdvancedSimdInsn, bits, itState);
}
