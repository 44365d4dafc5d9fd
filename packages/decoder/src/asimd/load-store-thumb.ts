/**
 * Advanced SIMD element and structure loads and stores in Thumb state: a 32-bit unit 1111 1001 A D L 0 … is
 * the A32 encoding 1111 0100 A D L 0 … bit for bit below the top byte. It goes through the A32 rows and comes
 * back in Thumb form: the same kind and fields, and the IT block's condition.
 */
import { decodeA32 } from '../a32/decode.js';
import { itCondition, type ThumbForm } from '../thumb/common.js';
import { thumbUndefined } from '../thumb/decode.js';
import type { ThumbInstruction } from '../thumb/types.js';
import type { AdvancedSimdLoadStoreInsn } from './load-store.js';

/** The Thumb form, written out field by field (a spread of the A32 object is slow on this path). */
function thumbLoadStore(
  insn: AdvancedSimdLoadStoreInsn,
  bits: number,
  itState: number,
): ThumbForm<AdvancedSimdLoadStoreInsn> {
  return {
    kind: insn.kind,
    address: insn.address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op: insn.op,
    reads: insn.reads,
    writes: insn.writes,
    setsFlags: false,
    unpredictable: insn.unpredictable,
    memory: insn.memory,
    target: null,
    load: insn.load,
    structure: insn.structure,
    dataType: insn.dataType,
    elementBits: insn.elementBits,
    first: insn.first,
    count: insn.count,
    stride: insn.stride,
    lane: insn.lane,
    alignment: insn.alignment,
    badAlignment: insn.badAlignment,
    rn: insn.rn,
    rm: insn.rm,
    writeback: insn.writeback,
    architecturallyUndefined: insn.architecturallyUndefined,
    rejected: insn.rejected,
    conditionRule: 'c',
    isa: 'thumb',
    length: 4,
    itState,
  };
}

/** A 32-bit unit 1111 1001 xxx0 …: decoded by the A32 element / structure rows. */
export function decodeThumbAdvancedSimdLoadStore(
  bits: number,
  address: number,
  _op: string,
  _broken: boolean,
  itState: number,
): ThumbInstruction {
  const insn = decodeA32(((bits & 0x00ffffff) | 0xf4000000) >>> 0, address);
  if (insn.kind === 'undefined') return thumbUndefined(bits, 4, address, itState);
  return thumbLoadStore(insn as AdvancedSimdLoadStoreInsn, bits, itState);
}
