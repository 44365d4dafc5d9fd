/**
 * GNU objdump 2.40's spelling of 32-bit Thumb data-processing (modified and plain immediate, shifted
 * register, register: shifts, extends, parallel add/subtract, miscellaneous), keyed by kind.
 *
 * What objdump does in Thumb that it does not in A32:
 * - `.w` after the condition for the operations that also have a 16-bit encoding (`adds.w`, `mov.w`,
 *   `sxth.w`, `rev.w`); none for ORN, RSB, TEQ, ADDW/SUBW, RBIT, SXTB16 and the rest.
 * - Immediates in unsigned decimal (`#4042322160`), with the value comment above 32; no `#imm8, rot` form.
 * - MOV with an immediate shift stays `mov.w rd, rm, <shift>` (no LSL/LSR/… alias).
 * - `<UNPREDICTABLE>` only where its operand format checks for the PC: LSL/LSR/ASR (register) and CRC32.
 *   ROR (register) is not checked. CRC32 never prints a condition.
 * - REV…/CLZ print the copy of Rm in the first halfword (the model's `rm` is the second's).
 */
import type { ThumbOfKind } from '../thumb/types.js';
import { type Disassembly, hex, immShiftSuffix, REG_COMMA, REG_NAMES, UNPREDICTABLE } from './format.js';
import { HEAD_S, HEAD_WIDE, OUTSIDE_IT, thumbHeadAt } from './thumb-cond.js';
import type { ThumbFormatterMap } from './thumb-format.js';

const PC = 15;

/** The 32-bit encodings objdump prints with `.w` in this group (every other operation prints without). */
const WIDE = new Set([
  'and',
  'bic',
  'orr',
  'mov',
  'mvn',
  'eor',
  'add',
  'adc',
  'sbc',
  'sub',
  'tst',
  'cmn',
  'cmp',
  'lsl',
  'lsr',
  'asr',
  'ror',
  'sxth',
  'uxth',
  'sxtb',
  'uxtb',
  'rev',
  'rev16',
  'revsh',
]);

const SLOTS = OUTSIDE_IT + 1;

/*
 * Per operation, its heads with `.w` already chosen (WIDE): 17 condition slots without `s`, then 17 with it.
 * One lookup per instruction instead of a set test and a lookup.
 */
const HEADS = new Map<string, readonly string[]>();

function buildHeads(op: string): readonly string[] {
  const wide = WIDE.has(op) ? HEAD_WIDE : 0;
  const heads: string[] = [];
  for (let slot = 0; slot < SLOTS; slot++) heads.push(thumbHeadAt(op, wide, slot));
  for (let slot = 0; slot < SLOTS; slot++) heads.push(thumbHeadAt(op, wide | HEAD_S, slot));
  HEADS.set(op, heads);
  return heads;
}

/** The mnemonic head: operation, `s` when flag-setting, IT condition, `.w` for the operations in WIDE. */
function head(insn: { readonly op: string; readonly cond: number; readonly itState: number }, s: boolean): string {
  const slot = (insn.itState & 0xf) !== 0 ? insn.cond & 15 : OUTSIDE_IT;
  return (HEADS.get(insn.op) ?? buildHeads(insn.op))[s ? SLOTS + slot : slot]!;
}

function isCompare(opcode: number): boolean {
  return opcode >= 8 && opcode <= 11;
}

/** MOV (13) and MVN (15): no first operand. */
function isMove(opcode: number): boolean {
  return opcode === 13 || opcode === 15;
}

/*
 * `#<n>` in unsigned decimal and objdump's value comment for it (hex above 32), through a direct-mapped cache
 * of 4096 slots keyed by the value: V8 spells a number by a runtime call whenever its own small cache misses
 * (always for values of 2^31 and above, which are heap numbers), and these immediates repeat (a modified
 * immediate has at most 4096 values).
 */
const IMMEDIATE_SLOTS = 4096;
const IMMEDIATE_KEY = new Int32Array(IMMEDIATE_SLOTS);
const IMMEDIATE_TEXT: (string | undefined)[] = new Array(IMMEDIATE_SLOTS).fill(undefined);
const IMMEDIATE_COMMENT: (string | null)[] = new Array(IMMEDIATE_SLOTS).fill(null);

function immediateSlot(value: number): number {
  const v = value | 0;
  const slot = Math.imul(v, 0x9e3779b1) >>> 20;
  if (IMMEDIATE_TEXT[slot] === undefined || IMMEDIATE_KEY[slot] !== v) {
    IMMEDIATE_KEY[slot] = v;
    IMMEDIATE_TEXT[slot] = '#' + (value >>> 0);
    IMMEDIATE_COMMENT[slot] = value >>> 0 > 32 ? hex(value) : null;
  }
  return slot;
}

function immediate(value: number): string {
  return IMMEDIATE_TEXT[immediateSlot(value)]!;
}

/** objdump's value comment: the value in hex when it is above 32 (unsigned). */
function valueComment(value: number): string | null {
  return IMMEDIATE_COMMENT[immediateSlot(value)]!;
}

function formatImmediate(insn: ThumbOfKind<'dp-immediate'>): Disassembly {
  const opcode = insn.opcode;
  const slot = immediateSlot(insn.imm32);
  const operand = IMMEDIATE_TEXT[slot]!;
  const comment = IMMEDIATE_COMMENT[slot]!;
  if (isCompare(opcode)) return { text: head(insn, false) + REG_COMMA[insn.rn]! + operand, comment };
  const h = head(insn, insn.setsFlags);
  if (isMove(opcode)) return { text: h + REG_COMMA[insn.rd]! + operand, comment };
  return { text: h + REG_COMMA[insn.rd]! + REG_COMMA[insn.rn]! + operand, comment };
}

/** `, <shift> #<n>` for a DecodeImmShift result; nothing for LSL #0, `, rrx` for RRX (shift type 4). */
function shiftSuffix(shiftType: number, shiftAmount: number): string {
  return shiftType === 4 ? ', rrx' : immShiftSuffix(shiftType, shiftAmount);
}

function formatRegister(insn: ThumbOfKind<'dp-register'>): Disassembly {
  const opcode = insn.opcode;
  const operand = REG_NAMES[insn.rm]! + shiftSuffix(insn.shiftType, insn.shiftAmount);
  if (isCompare(opcode)) return { text: head(insn, false) + REG_COMMA[insn.rn]! + operand, comment: null };
  const h = head(insn, insn.setsFlags);
  if (isMove(opcode)) return { text: h + REG_COMMA[insn.rd]! + operand, comment: null };
  return { text: h + REG_COMMA[insn.rd]! + REG_COMMA[insn.rn]! + operand, comment: null };
}

/** LSL/LSR/ASR/ROR (register): `lsl.w rd, rm, rs` (the model's rm is the value, rs the amount). */
function formatRegisterShift(insn: ThumbOfKind<'dp-register-shifted'>): Disassembly {
  const { rd, rm, rs } = insn;
  const checked = insn.op !== 'ror' && (rd === PC || rm === PC || rs === PC);
  return {
    text: head(insn, insn.setsFlags) + REG_COMMA[rd]! + REG_COMMA[rm]! + REG_NAMES[rs]!,
    comment: checked ? UNPREDICTABLE : null,
  };
}

function formatPackHalfword(insn: ThumbOfKind<'pack-halfword'>): Disassembly {
  return {
    text:
      head(insn, false) +
      REG_COMMA[insn.rd]! +
      REG_COMMA[insn.rn]! +
      REG_NAMES[insn.rm]! +
      immShiftSuffix(insn.shiftType, insn.shiftAmount),
    comment: null,
  };
}

function formatMoveHalfword(insn: ThumbOfKind<'move-halfword'>): Disassembly {
  return { text: head(insn, false) + REG_COMMA[insn.rd]! + immediate(insn.imm16), comment: valueComment(insn.imm16) };
}

function formatSaturate(insn: ThumbOfKind<'saturate'>): Disassembly {
  const shift =
    insn.shiftType === 2 ? ', asr #' + insn.shiftAmount : insn.shiftAmount === 0 ? '' : ', lsl #' + insn.shiftAmount;
  return {
    text: head(insn, false) + REG_COMMA[insn.rd]! + '#' + insn.saturateTo + ', ' + REG_NAMES[insn.rn]! + shift,
    comment: null,
  };
}

/** SSAT16/USAT16: objdump prints sat_imm from 5 bits (bit 4 is a should-be-zero bit of the encoding). */
function formatSaturate16(insn: ThumbOfKind<'saturate-16'>): Disassembly {
  const position = (insn.word & 31) + (insn.signed ? 1 : 0);
  return { text: head(insn, false) + REG_COMMA[insn.rd]! + '#' + position + ', ' + REG_NAMES[insn.rn]!, comment: null };
}

function formatBitfieldExtract(insn: ThumbOfKind<'bitfield-extract'>): Disassembly {
  return {
    text: head(insn, false) + REG_COMMA[insn.rd]! + REG_COMMA[insn.rn]! + '#' + insn.lsb + ', #' + insn.width,
    comment: null,
  };
}

/** BFI/BFC: `#lsb, #width` with width = msb − lsb + 1 as objdump computes it (unsigned: msb < lsb wraps). */
function formatBitfieldInsert(insn: ThumbOfKind<'bitfield-insert'>): Disassembly {
  const width = (insn.msb - insn.lsb + 1) >>> 0;
  const source = insn.rn === null ? '' : REG_COMMA[insn.rn]!;
  return { text: head(insn, false) + REG_COMMA[insn.rd]! + source + '#' + insn.lsb + ', #' + width, comment: null };
}

const ROTATION: readonly string[] = ['', ', ror #8', ', ror #16', ', ror #24'];

function formatExtend(insn: ThumbOfKind<'extend'>): Disassembly {
  const source = insn.rn === null ? '' : REG_COMMA[insn.rn]!;
  return {
    text: head(insn, false) + REG_COMMA[insn.rd]! + source + REG_NAMES[insn.rm]! + ROTATION[insn.rotation >>> 3]!,
    comment: null,
  };
}

function formatThreeRegisters(insn: ThumbOfKind<'parallel-add-sub' | 'select-bytes'>): Disassembly {
  return { text: head(insn, false) + REG_COMMA[insn.rd]! + REG_COMMA[insn.rn]! + REG_NAMES[insn.rm]!, comment: null };
}

/** The copy of Rm in the first halfword, which objdump prints for REV…/CLZ. */
function printedRm(word: number): string {
  return REG_NAMES[(word >>> 16) & 15]!;
}

/**
 * CRC32: no condition, and `<UNPREDICTABLE>` for a PC operand. objdump 2.40 prints CRC32H's destination from
 * bits 11:9 of the second halfword instead of 11:8 (its operand string for that one encoding says
 * `%9-11R`), so `crc32h` shows r0–r7 and checks that for the PC; the other five print Rd.
 */
function formatCrc32(insn: ThumbOfKind<'crc32'>): Disassembly {
  const rd = insn.op === 'crc32h' ? (insn.word >>> 9) & 7 : insn.rd;
  return {
    text: insn.op + '\t' + REG_COMMA[rd]! + REG_COMMA[insn.rn]! + REG_NAMES[insn.rm]!,
    comment: rd === PC || insn.rn === PC || insn.rm === PC ? UNPREDICTABLE : null,
  };
}

export const t32DataProcessingFormatters: ThumbFormatterMap = {
  'dp-immediate': formatImmediate,
  'dp-register': formatRegister,
  'dp-register-shifted': formatRegisterShift,
  'pack-halfword': formatPackHalfword,
  'move-halfword': formatMoveHalfword,
  saturate: formatSaturate,
  'saturate-16': formatSaturate16,
  'bitfield-extract': formatBitfieldExtract,
  'bitfield-insert': formatBitfieldInsert,
  extend: formatExtend,
  'parallel-add-sub': formatThreeRegisters,
  'select-bytes': formatThreeRegisters,
  // QADD rd, rm, rn: the operand order of the A32 form.
  'saturating-add-subtract': (insn) => ({
    text: head(insn, false) + REG_COMMA[insn.rd]! + REG_COMMA[insn.rm]! + REG_NAMES[insn.rn]!,
    comment: null,
  }),
  reverse: (insn) => ({ text: head(insn, false) + REG_COMMA[insn.rd]! + printedRm(insn.word), comment: null }),
  'count-leading-zeros': (insn) => ({
    text: head(insn, false) + REG_COMMA[insn.rd]! + printedRm(insn.word),
    comment: null,
  }),
  crc32: formatCrc32,
};
