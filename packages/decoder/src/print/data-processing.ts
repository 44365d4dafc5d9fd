/**
 * GNU objdump's spelling of the data-processing class: ALU operations, their shift aliases, MOVW/MOVT,
 * saturating add/subtract and CLZ.
 *
 * objdump marks `<UNPREDICTABLE>` from its own operand rules, which are not the ARM ARM's: a compare
 * whose bits 15:12 are 1111 (the old "p" form), and a PC in a register it checks — Rd and Rn of the
 * register-shifted forms, Rd of the MOV shift aliases with an immediate, but never Rm or Rs.
 */
import type {
  DataProcessingImmediateInsn,
  DataProcessingInsn,
  DataProcessingRegisterInsn,
  DataProcessingRegisterShiftedInsn,
  MoveHalfwordInsn,
} from '../a32/data-processing.js';
import {
  cond,
  type Disassembly,
  headS,
  hex,
  immShiftSuffix,
  REG_COMMA,
  REG_NAMES,
  REG_PAIR_COMMA,
  reg,
  SHIFT_NAMES,
  UNPREDICTABLE,
} from './format.js';
import type { FormatterTable } from './table.js';

const PC = 15;

/** Appends objdump's `<UNPREDICTABLE>` note to a comment (after any value comment). */
export function markUnpredictable(comment: string | null, unpredictable: boolean): string | null {
  if (!unpredictable) return comment;
  return comment === null ? UNPREDICTABLE : comment + '\t@ ' + UNPREDICTABLE;
}

/** objdump prints a value comment `0x…` for an immediate above 32. */
export function valueComment(value: number): string | null {
  return value >>> 0 > 32 ? hex(value) : null;
}

/*
 * A modified immediate's operand text and value comment depend only on imm12 (rotation/2 : imm8), so
 * each of the 4096 spellings is built once, the first time it is printed.
 */
const MODIFIED_IMMEDIATE_TEXT: (string | undefined)[] = new Array(4096).fill(undefined);
const MODIFIED_IMMEDIATE_COMMENT: (string | null | undefined)[] = new Array(4096).fill(undefined);

function spellModifiedImmediate(imm32: number, imm8: number, rotation: number): string {
  let i = 0;
  while (i < 32 && ((imm32 << i) | (imm32 >>> ((32 - i) & 31))) >>> 0 > 0xff) i += 2;
  return i !== rotation ? '#' + imm8 + ', ' + rotation : '#' + (imm32 | 0);
}

/**
 * A modified immediate as objdump prints it: `#<value>` (signed decimal) when the encoding uses the
 * smallest rotation that can express the value, otherwise the raw `#<imm8>, <rotation>`.
 */
export function modifiedImmediate(imm32: number, imm8: number, rotation: number): string {
  const index = ((rotation << 7) | imm8) & 0xfff;
  const cached = MODIFIED_IMMEDIATE_TEXT[index];
  if (cached !== undefined) return cached;
  const built = spellModifiedImmediate(imm32, imm8, rotation);
  MODIFIED_IMMEDIATE_TEXT[index] = built;
  return built;
}

/** valueComment(imm32) of a modified immediate, cached like its text. */
function modifiedImmediateComment(imm32: number, imm8: number, rotation: number): string | null {
  const index = ((rotation << 7) | imm8) & 0xfff;
  const cached = MODIFIED_IMMEDIATE_COMMENT[index];
  if (cached !== undefined) return cached;
  const built = valueComment(imm32);
  MODIFIED_IMMEDIATE_COMMENT[index] = built;
  return built;
}

/** `, <shift> #<n>` for a DecodeImmShift result; nothing for LSL #0, `, rrx` for RRX (shift type 4). */
function shiftSuffix(shiftType: number, shiftAmount: number): string {
  return shiftType === 4 ? ', rrx' : immShiftSuffix(shiftType, shiftAmount);
}

/** `, <shift> <rs>` of the register-shifted forms, by shift type × Rs. */
const REGISTER_SHIFT: readonly string[] = Array.from(
  { length: 64 },
  (_, i) => ', ' + SHIFT_NAMES[i >>> 4]! + ' ' + REG_NAMES[i & 15]!,
);

function isCompare(opcode: number): boolean {
  return (opcode & 0xc) === 8;
}

/** The mnemonic and tab, with objdump's `s` (before the condition) for the flag-setting non-compare forms. */
function mnemonic(insn: DataProcessingInsn & { readonly opcode: number }): string {
  return headS(insn.op, insn.setsFlags && !isCompare(insn.opcode), insn.cond);
}

function formatImmediate(insn: DataProcessingImmediateInsn): Disassembly {
  const operand = modifiedImmediate(insn.imm32, insn.imm8, insn.rotation);
  const comment = modifiedImmediateComment(insn.imm32, insn.imm8, insn.rotation);
  const opcode = insn.opcode;
  if (isCompare(opcode)) {
    return {
      text: mnemonic(insn) + REG_COMMA[insn.rn]! + operand,
      comment: markUnpredictable(comment, insn.rd === PC),
    };
  }
  if ((opcode & 0xd) === 0xd) return { text: mnemonic(insn) + REG_COMMA[insn.rd]! + operand, comment };
  return { text: mnemonic(insn) + REG_PAIR_COMMA[(insn.rd << 4) | insn.rn]! + operand, comment };
}

function formatRegister(insn: DataProcessingRegisterInsn): Disassembly {
  const opcode = insn.opcode;
  const rm = reg(insn.rm);
  if (isCompare(opcode)) {
    return {
      text: mnemonic(insn) + REG_COMMA[insn.rn]! + rm + shiftSuffix(insn.shiftType, insn.shiftAmount),
      comment: insn.rd === PC ? UNPREDICTABLE : null,
    };
  }
  if (opcode === 13) {
    const op = insn.op;
    if (op === 'nop') return { text: 'nop', comment: '(mov r0, r0)' };
    if (op === 'mov' || op === 'rrx') return { text: mnemonic(insn) + REG_COMMA[insn.rd]! + rm, comment: null };
    // lsl/lsr/asr/ror #n: objdump checks Rd for the PC.
    return {
      text: mnemonic(insn) + REG_COMMA[insn.rd]! + rm + ', #' + insn.shiftAmount,
      comment: insn.rd === PC ? UNPREDICTABLE : null,
    };
  }
  const shift = shiftSuffix(insn.shiftType, insn.shiftAmount);
  if (opcode === 15) return { text: mnemonic(insn) + REG_COMMA[insn.rd]! + rm + shift, comment: null };
  return { text: mnemonic(insn) + REG_PAIR_COMMA[(insn.rd << 4) | insn.rn]! + rm + shift, comment: null };
}

function formatRegisterShifted(insn: DataProcessingRegisterShiftedInsn): Disassembly {
  const opcode = insn.opcode;
  const rm = reg(insn.rm);
  const rs = reg(insn.rs);
  const shift = REGISTER_SHIFT[((insn.shiftType & 3) << 4) | insn.rs]!;
  if (isCompare(opcode)) {
    return {
      text: mnemonic(insn) + REG_COMMA[insn.rn]! + rm + shift,
      comment: insn.rd === PC || insn.rn === PC ? UNPREDICTABLE : null,
    };
  }
  const comment = insn.rd === PC ? UNPREDICTABLE : null;
  // MOV by register is objdump's lsl/lsr/asr/ror rd, rm, rs.
  if (opcode === 13) return { text: mnemonic(insn) + REG_COMMA[insn.rd]! + rm + ', ' + rs, comment };
  if (opcode === 15) return { text: mnemonic(insn) + REG_COMMA[insn.rd]! + rm + shift, comment };
  return {
    text: mnemonic(insn) + REG_COMMA[insn.rd]! + REG_COMMA[insn.rn]! + rm + shift,
    comment: insn.rn === PC ? UNPREDICTABLE : comment,
  };
}

function formatMoveHalfword(insn: MoveHalfwordInsn): Disassembly {
  return {
    text: insn.op + cond(insn.cond) + '\t' + reg(insn.rd) + ', #' + insn.imm16,
    comment: markUnpredictable(valueComment(insn.imm16), insn.rd === PC),
  };
}

export const dataProcessingFormatters: FormatterTable<DataProcessingInsn> = {
  'dp-immediate': formatImmediate,
  'dp-register': formatRegister,
  'dp-register-shifted': formatRegisterShifted,
  'move-halfword': formatMoveHalfword,
  'saturating-add-subtract': (insn) => ({
    text: insn.op + cond(insn.cond) + '\t' + reg(insn.rd) + ', ' + reg(insn.rm) + ', ' + reg(insn.rn),
    comment: insn.rd === PC || insn.rm === PC || insn.rn === PC ? UNPREDICTABLE : null,
  }),
  'count-leading-zeros': (insn) => ({
    text: 'clz' + cond(insn.cond) + '\t' + reg(insn.rd) + ', ' + reg(insn.rm),
    comment: insn.rd === PC || insn.rm === PC ? UNPREDICTABLE : null,
  }),
};
