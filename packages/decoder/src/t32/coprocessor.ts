/**
 * 32-bit Thumb generic coprocessor instructions (A6.3.18 outside VFP/Advanced SIMD): MCR/MCR2, MRC/MRC2,
 * MCRR/MCRR2, MRRC/MRRC2, LDC/LDC2, STC/STC2, CDP/CDP2.
 *
 * A Thumb coprocessor unit `111T 11xx …` is bit for bit the A32 encoding with condition 1110 (T = 0, the
 * conditional forms) or 1111 (T = 1, the `2` forms); objdump decodes both states with one table the same
 * way. So these rows are the A32 coprocessor rows (a32/coprocessor.ts, vendor spellings and extension
 * carve-outs included) with the condition nibble fixed to 1110 or 1111, producing the same kinds and fields;
 * what Thumb changes is the condition (the IT block's), the length, and LDC/STC with a PC base, which Thumb
 * allows only as LDC (literal) with P = 1 or W = 0 — ARM ARM A8.8.57/A8.8.197.
 *
 * The Advanced SIMD data-processing space (111x 1111) decodes as an unsupported extension.
 */
import type { CoprocessorInsn } from '../a32/coprocessor.js';
import { coprocessorRows } from '../a32/coprocessor.js';
import type { Row } from '../a32/row.js';
import type { A32Instruction } from '../a32/types.js';
import { itCondition, type ThumbForm } from '../thumb/common.js';
import { thumbUndefined } from '../thumb/decode.js';
import { type ThumbDecodeFn, type ThumbRow, t32 } from '../thumb/row.js';
import type { ThumbInstruction } from '../thumb/types.js';

/** The Thumb form of an instruction the A32 coprocessor decoder built from the same bits. */
function thumbForm(insn: A32Instruction, bits: number, address: number, itState: number): ThumbInstruction {
  if (insn.kind === 'undefined') return thumbUndefined(bits, 4, address, itState, insn.reason, insn.extension);
  const c = insn as CoprocessorInsn;
  let unpredictable = c.unpredictable;
  if (c.kind === 'coprocessor-load-store' && c.rn === 15 && (!c.load || !c.index)) unpredictable = true;
  const out: ThumbForm<CoprocessorInsn> = {
    ...c,
    isa: 'thumb',
    cond: itCondition(itState),
    unpredictable,
    length: 4,
    itState,
  };
  return out;
}

/** Wraps an A32 coprocessor row's decoder for the Thumb table. */
function thumbDecoder(row: Row): ThumbDecodeFn {
  const decode = row.decode;
  return (bits, address, op, broken, itState) =>
    thumbForm(decode(bits | 0, address, op, broken, broken ? 1 : 0), bits, address, itState);
}

/**
 * The A32 row as a Thumb row: rows of the unconditional space (pattern fixes 1111) take T = 1; the others
 * apply to condition 1110, i.e. T = 0.
 */
function fromA32(row: Row): ThumbRow {
  const unconditional = row.mask >>> 28 === 0xf && row.value >>> 28 === 0xf;
  const top = unconditional ? 0xf0000000 : 0xe0000000;
  if (row.mask >>> 28 === 0xf && row.value >>> 28 !== top >>> 28) {
    throw new Error(`A32 coprocessor row ${row.pattern} fixes a condition other than AL or 1111`);
  }
  return {
    pattern: row.pattern,
    op: row.op,
    length: 4,
    decode: thumbDecoder(row),
    mask: (row.mask | 0xf0000000) >>> 0,
    value: ((row.value & 0x0fffffff) | top) >>> 0,
    sbz: row.sbz,
    sbo: row.sbo,
  };
}

function decodeAdvancedSimd(bits: number, address: number, _op: string, _broken: boolean, itState: number) {
  return thumbUndefined(bits, 4, address, itState, 'extension-not-supported', 'advanced-simd');
}

export const t32CoprocessorRows: readonly ThumbRow[] = [
  t32('1110 1111 ---- ---- ---- ---- ---- ----', 'advanced-simd', decodeAdvancedSimd),
  t32('1111 1111 ---- ---- ---- ---- ---- ----', 'advanced-simd', decodeAdvancedSimd),
  ...coprocessorRows.map(fromA32),
];
