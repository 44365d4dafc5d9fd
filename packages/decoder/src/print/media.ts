/**
 * Media instructions as GNU objdump 2.40 prints them.
 *
 * objdump's `<UNPREDICTABLE>` marking follows its own operand rules, not the ARM ARM's: it flags the PC
 * only in the operands it checks (e.g. never for SBFX/UBFX, SDIV/UDIV or SSAT16, only Rd for BFC/BFI),
 * and it never flags BFI/BFC with msb < lsb (it prints `(invalid: lsb:msb)` instead) nor SBFX/UBFX past
 * bit 31. So the comment is computed here from the fields; `insn.unpredictable` keeps the ARM ARM answer.
 */
import type {
  BitfieldExtractInsn,
  BitfieldInsertInsn,
  DivideInsn,
  ExtendInsn,
  MediaInsn,
  MultiplyDualInsn,
  MultiplyLongDualInsn,
  MultiplyMostSignificantInsn,
  PackHalfwordInsn,
  ParallelAddSubInsn,
  PermanentlyUndefinedInsn,
  ReverseInsn,
  Saturate16Insn,
  SaturateInsn,
  SelectBytesInsn,
  SumAbsoluteDifferencesInsn,
} from '../a32/media.js';
import { cond, type Disassembly, hex, reg as sharedReg, UNPREDICTABLE, undefinedText } from './format.js';
import type { FormatterTable } from './table.js';

const PC = 15;

/**
 * objdump 2.40's register name: it spells r9 as `r9` (not `sb`) in every A32 operand; the others as in
 * `format.ts` (sl fp ip sp lr pc).
 */
function reg(n: number): string {
  return n === 9 ? 'r9' : sharedReg(n);
}

function pcComment(pcUsed: boolean): string | null {
  return pcUsed ? UNPREDICTABLE : null;
}

/** `rd, rn, rm` operations that flag the PC in any operand. */
function threeRegisters(insn: ParallelAddSubInsn | SelectBytesInsn): Disassembly {
  const { rd, rn, rm } = insn;
  return {
    text: `${insn.op}${cond(insn.cond)}\t${reg(rd)}, ${reg(rn)}, ${reg(rm)}`,
    comment: pcComment(rd === PC || rn === PC || rm === PC),
  };
}

function packHalfword(insn: PackHalfwordInsn): Disassembly {
  const { rd, rn, rm, shiftAmount } = insn;
  let shift = '';
  if (insn.tbform) shift = `, asr #${shiftAmount}`;
  else if (shiftAmount !== 0) shift = `, lsl #${shiftAmount}`;
  return {
    text: `${insn.op}${cond(insn.cond)}\t${reg(rd)}, ${reg(rn)}, ${reg(rm)}${shift}`,
    comment: pcComment(rd === PC || rn === PC || rm === PC),
  };
}

function saturate(insn: SaturateInsn): Disassembly {
  const { rd, rn, shiftAmount } = insn;
  let shift = '';
  // objdump prints the encoded amount: an ASR #32 (encoded 0) appears as `asr #0`.
  if (insn.shiftType === 2) shift = `, asr #${shiftAmount & 31}`;
  else if (shiftAmount !== 0) shift = `, lsl #${shiftAmount}`;
  return {
    text: `${insn.op}${cond(insn.cond)}\t${reg(rd)}, #${insn.saturateTo}, ${reg(rn)}${shift}`,
    comment: pcComment(rd === PC || rn === PC),
  };
}

function saturate16(insn: Saturate16Insn): Disassembly {
  const { rd, rn } = insn;
  return {
    text: `${insn.op}${cond(insn.cond)}\t${reg(rd)}, #${insn.saturateTo}, ${reg(rn)}`,
    // objdump checks the PC for USAT16 but not for SSAT16.
    comment: pcComment(!insn.signed && (rd === PC || rn === PC)),
  };
}

function extend(insn: ExtendInsn): Disassembly {
  const { rd, rn, rm, rotation } = insn;
  let rotate = '';
  // objdump's one upper-case spelling: UXTAB16 with a rotation of 24.
  if (rotation !== 0) rotate = insn.op === 'uxtab16' && rotation === 24 ? ', ROR #24' : `, ror #${rotation}`;
  const addend = rn === null ? '' : `${reg(rn)}, `;
  return {
    text: `${insn.op}${cond(insn.cond)}\t${reg(rd)}, ${addend}${reg(rm)}${rotate}`,
    comment: pcComment(rd === PC || rm === PC),
  };
}

function reverse(insn: ReverseInsn): Disassembly {
  const { rd, rm } = insn;
  return {
    text: `${insn.op}${cond(insn.cond)}\t${reg(rd)}, ${reg(rm)}`,
    comment: pcComment(rd === PC || rm === PC),
  };
}

/** `rd, rn, rm[, ra]`, flagging the PC in any printed operand. */
function multiplyAccumulate(
  insn: MultiplyDualInsn | MultiplyMostSignificantInsn | SumAbsoluteDifferencesInsn,
): Disassembly {
  const { rd, rn, rm, ra } = insn;
  const head = `${insn.op}${cond(insn.cond)}\t${reg(rd)}, ${reg(rn)}, ${reg(rm)}`;
  if (ra === null) return { text: head, comment: pcComment(rd === PC || rn === PC || rm === PC) };
  return {
    text: `${head}, ${reg(ra)}`,
    comment: pcComment(rd === PC || rn === PC || rm === PC || ra === PC),
  };
}

function multiplyLongDual(insn: MultiplyLongDualInsn): Disassembly {
  const { rdLo, rdHi, rn, rm } = insn;
  return {
    text: `${insn.op}${cond(insn.cond)}\t${reg(rdLo)}, ${reg(rdHi)}, ${reg(rn)}, ${reg(rm)}`,
    comment: pcComment(rdLo === PC || rdHi === PC || rn === PC || rm === PC || rdLo === rdHi),
  };
}

function divide(insn: DivideInsn): Disassembly {
  return { text: `${insn.op}${cond(insn.cond)}\t${reg(insn.rd)}, ${reg(insn.rn)}, ${reg(insn.rm)}`, comment: null };
}

function bitfieldExtract(insn: BitfieldExtractInsn): Disassembly {
  return {
    text: `${insn.op}${cond(insn.cond)}\t${reg(insn.rd)}, ${reg(insn.rn)}, #${insn.lsb}, #${insn.width}`,
    comment: null,
  };
}

function bitfieldInsert(insn: BitfieldInsertInsn): Disassembly {
  const { rd, rn, lsb, msb } = insn;
  const field = msb >= lsb ? `#${lsb}, #${msb - lsb + 1}` : `(invalid: ${lsb}:${msb})`;
  const source = rn === null ? '' : `${reg(rn)}, `;
  return {
    text: `${insn.op}${cond(insn.cond)}\t${reg(rd)}, ${source}${field}`,
    comment: pcComment(rd === PC),
  };
}

function permanentlyUndefined(insn: PermanentlyUndefinedInsn): Disassembly {
  const imm = insn.imm16;
  if (insn.cond !== 14) return undefinedText(insn.word);
  return { text: `udf\t#${imm}`, comment: imm > 32 ? hex(imm) : null };
}

export const mediaFormatters: FormatterTable<MediaInsn> = {
  'parallel-add-sub': threeRegisters,
  'pack-halfword': packHalfword,
  saturate,
  'saturate-16': saturate16,
  extend,
  'select-bytes': threeRegisters,
  reverse,
  'multiply-dual': multiplyAccumulate,
  'multiply-long-dual': multiplyLongDual,
  'multiply-most-significant': multiplyAccumulate,
  divide,
  'sum-absolute-differences': multiplyAccumulate,
  'bitfield-extract': bitfieldExtract,
  'bitfield-insert': bitfieldInsert,
  'permanently-undefined': permanentlyUndefined,
};
