/**
 * GNU objdump 2.40's spelling of the 16-bit Thumb encodings (its thumb_opcodes table), keyed by kind.
 *
 * The condition: inside an IT block objdump prints the block's condition after the mnemonic (`al` and
 * `<und>` included); outside one, the flag-setting forms print `s` instead (`adds`, `movs`), the others
 * nothing. Its IT-related notes become the comment: `unpredictable <IT:cond>` for what may not be in an IT
 * block at all (B<c>, CBZ/CBNZ, IT, CPS, SETEND; not SETPAN), `unpredictable branch in IT block` for branches that
 * are not the block's last instruction (B, BX, BLX). An immediate above 32 gets objdump's `0x…` value
 * comment.
 *
 * Where two encodings give the same kind and fields but objdump spells them differently (ADDS rd, rn, #3
 * and ADDS rdn, #3; ADDS rd, rn, rm and ADD rdn, rm), the formatter picks the spelling from the unit's
 * encoding group (its top bits).
 */
import type { DataProcessingImmediateInsn, DataProcessingRegisterInsn } from '../a32/data-processing.js';
import type { LoadStoreMultipleInsn } from '../a32/load-store-multiple.js';
import type { ThumbForm } from '../thumb/common.js';
import { COND_SUFFIX, type Disassembly, hex, hexPad, REG_NAMES, regList } from './format.js';
import type { FormatContext } from './table.js';
import {
  BRANCH_IN_IT,
  HEAD_S_OUTSIDE_IT,
  IT_COND_NAMES,
  IT_SUFFIX,
  IT_UNPREDICTABLE,
  itIndex,
  thumbHeadAt,
} from './thumb-cond.js';
import type { ThumbFormatterMap } from './thumb-format.js';

/** objdump's `op%c\t`: the IT block's condition, nothing outside one. */
function thumbHead16(op: string, index: number): string {
  return thumbHeadAt(op, 0, index);
}

/** objdump's `op%C\t`: the IT block's condition, `s` outside one. */
function thumbHeadS(op: string, index: number): string {
  return thumbHeadAt(op, HEAD_S_OUTSIDE_IT, index);
}

function branchInItComment(itState: number): string | null {
  return (itState & 7) === 0 ? null : BRANCH_IN_IT;
}

/* `#<n>` and objdump's value comment (for n > 32) for the 16-bit immediates (0–1020). */
const IMMEDIATE: readonly string[] = Array.from({ length: 1021 }, (_, n) => '#' + n);
const VALUE_COMMENT: readonly (string | null)[] = Array.from({ length: 1021 }, (_, n) => (n > 32 ? hex(n) : null));

const COMMA: readonly string[] = REG_NAMES.map((r) => r + ', ');
/* Address operand pieces: `[rn, ` and `#<n>]` / `rm]`. */
const OPEN_COMMA: readonly string[] = REG_NAMES.map((r) => '[' + r + ', ');
const IMMEDIATE_CLOSE: readonly string[] = IMMEDIATE.map((i) => i + ']');
const REG_CLOSE: readonly string[] = REG_NAMES.map((r) => r + ']');

/* `it` + t/e letters + `\t` + firstcond, by bits 7:0 of the IT unit (mask ≠ 0). */
const IT_TEXT: readonly string[] = Array.from({ length: 256 }, (_, low) => {
  let letters = '';
  for (let tmp = (low << 1) & 0x1ff; (tmp & 0xf) !== 0; tmp = (tmp << 1) & 0x1ff) {
    letters += ((low ^ tmp) & 0x10) !== 0 ? 'e' : 't';
  }
  return 'it' + letters + '\t' + IT_COND_NAMES[low >>> 4]!;
});

function formatDataProcessingRegister(insn: ThumbForm<DataProcessingRegisterInsn>): Disassembly {
  const i = itIndex(insn.itState);
  const group = insn.word >>> 10;
  if (group === 0x11) {
    // Special data: ADD / CMP / MOV with 4-bit registers; 0x46c0 is objdump's `nop ; (mov r8, r8)`.
    if (insn.op === 'nop') return { text: 'nop' + IT_SUFFIX[i]!, comment: '(mov r8, r8)' };
    const first = insn.opcode === 10 ? insn.rn : insn.rd;
    return { text: thumbHead16(insn.op, i) + COMMA[first]! + REG_NAMES[insn.rm]!, comment: null };
  }
  if (group === 0x10) {
    // A6.2.2 two-register forms: compares print `%c`, the rest `%C`.
    if (insn.opcode === 8 || insn.opcode === 10 || insn.opcode === 11)
      return { text: thumbHead16(insn.op, i) + COMMA[insn.rn]! + REG_NAMES[insn.rm]!, comment: null };
    return { text: thumbHeadS(insn.op, i) + COMMA[insn.rd]! + REG_NAMES[insn.rm]!, comment: null };
  }
  if (group === 6) {
    // ADD/SUB (register) T1: three registers.
    return {
      text: thumbHeadS(insn.op, i) + COMMA[insn.rd]! + COMMA[insn.rn]! + REG_NAMES[insn.rm]!,
      comment: null,
    };
  }
  // Shift (immediate); LSL #0 is `movs rd, rm`.
  if (insn.op === 'mov') return { text: thumbHeadS('mov', i) + COMMA[insn.rd]! + REG_NAMES[insn.rm]!, comment: null };
  return {
    text: thumbHeadS(insn.op, i) + COMMA[insn.rd]! + COMMA[insn.rm]! + IMMEDIATE[insn.shiftAmount]!,
    comment: null,
  };
}

function formatDataProcessingImmediate(
  insn: ThumbForm<DataProcessingImmediateInsn>,
  context: FormatContext,
): Disassembly {
  const i = itIndex(insn.itState);
  const group = insn.word >>> 11;
  const imm = insn.imm32;
  switch (group) {
    case 3:
      // ADD/SUB (immediate) T1: rd, rn, #imm3.
      return { text: thumbHeadS(insn.op, i) + COMMA[insn.rd]! + COMMA[insn.rn]! + IMMEDIATE[imm]!, comment: null };
    case 4:
    case 6:
    case 7:
      // MOVS / ADDS / SUBS rdn, #imm8.
      return { text: thumbHeadS(insn.op, i) + COMMA[insn.rd]! + IMMEDIATE[imm]!, comment: VALUE_COMMENT[imm]! };
    case 5:
      return { text: thumbHead16(insn.op, i) + COMMA[insn.rn]! + IMMEDIATE[imm]!, comment: VALUE_COMMENT[imm]! };
    case 8:
      // NEGS rd, rn (RSBS rd, rn, #0).
      return { text: thumbHeadS(insn.op, i) + COMMA[insn.rd]! + REG_NAMES[insn.rn]!, comment: null };
    case 0x14: {
      // ADR, printed as objdump's `add rd, pc, #imm` with the address it forms.
      const address = ((((insn.address + 4) >>> 0) & ~3) + imm) >>> 0;
      return {
        text: thumbHead16(insn.op, i) + COMMA[insn.rd]! + 'pc, ' + IMMEDIATE[imm]!,
        comment: '(adr ' + REG_NAMES[insn.rd]! + ', ' + context.formatAddress(address) + ')',
      };
    }
    case 0x15:
      return {
        text: thumbHead16(insn.op, i) + COMMA[insn.rd]! + 'sp, ' + IMMEDIATE[imm]!,
        comment: VALUE_COMMENT[imm]!,
      };
    default:
      // ADD / SUB SP, #imm7 × 4.
      return { text: thumbHead16(insn.op, i) + 'sp, ' + IMMEDIATE[imm]!, comment: VALUE_COMMENT[imm]! };
  }
}

function formatLoadStoreMultiple(insn: ThumbForm<LoadStoreMultipleInsn>): Disassembly {
  const head = thumbHead16(insn.op, itIndex(insn.itState));
  const list = regList(insn.registers);
  if (insn.rn === 13 && insn.word >>> 12 === 0xb) return { text: head + list, comment: null };
  return { text: head + REG_NAMES[insn.rn]! + (insn.wback ? '!, ' : ', ') + list, comment: null };
}

/* objdump's `cps%4'ie%4`d\t%2'a%1'i%0'f`: the tab is printed even with no A/I/F bit (`cpsie\t`, UNPREDICTABLE). */
const CPS_FLAGS: readonly string[] = ['\t', '\tf', '\ti', '\tif', '\ta', '\taf', '\tai', '\taif'];

export const T16_FORMATTERS: ThumbFormatterMap = {
  'dp-register': formatDataProcessingRegister,
  'dp-immediate': formatDataProcessingImmediate,
  'dp-register-shifted': (insn) => ({
    text: thumbHeadS(insn.op, itIndex(insn.itState)) + COMMA[insn.rd]! + REG_NAMES[insn.rs]!,
    comment: null,
  }),
  multiply: (insn) => ({
    text: thumbHeadS(insn.op, itIndex(insn.itState)) + COMMA[insn.rd]! + REG_NAMES[insn.rn]!,
    comment: null,
  }),
  'branch-exchange': (insn) => {
    // BXNS / BLXNS: objdump prints neither a condition nor the IT note.
    if (insn.op.length > 3) return { text: insn.op + '\t' + REG_NAMES[insn.rm]!, comment: null };
    return {
      text: thumbHead16(insn.op, itIndex(insn.itState)) + REG_NAMES[insn.rm]!,
      comment: branchInItComment(insn.itState),
    };
  },
  loadStoreImmediate: (insn, context) => {
    const head = thumbHead16(insn.op, itIndex(insn.itState));
    const rt = COMMA[insn.rt]!;
    if (insn.literalAddress !== null) {
      return {
        text: head + rt + OPEN_COMMA[15]! + IMMEDIATE_CLOSE[insn.imm32]!,
        comment: '(' + context.formatAddress(insn.literalAddress) + ')',
      };
    }
    return {
      text: head + rt + OPEN_COMMA[insn.rn]! + IMMEDIATE_CLOSE[insn.imm32]!,
      comment: VALUE_COMMENT[insn.imm32]!,
    };
  },
  loadStoreRegister: (insn) => ({
    text: thumbHead16(insn.op, itIndex(insn.itState)) + COMMA[insn.rt]! + OPEN_COMMA[insn.rn]! + REG_CLOSE[insn.rm]!,
    comment: null,
  }),
  loadStoreMultiple: formatLoadStoreMultiple,
  'compare-branch': (insn, context) => ({
    text: insn.op + '\t' + COMMA[insn.rn]! + context.formatAddress(insn.target),
    comment: IT_UNPREDICTABLE[itIndex(insn.itState)]!,
  }),
  extend: (insn) => ({
    text: thumbHead16(insn.op, itIndex(insn.itState)) + COMMA[insn.rd]! + REG_NAMES[insn.rm]!,
    comment: null,
  }),
  reverse: (insn) => ({
    text: thumbHead16(insn.op, itIndex(insn.itState)) + COMMA[insn.rd]! + REG_NAMES[insn.rm]!,
    comment: null,
  }),
  // objdump has no IT note for SETPAN (the ARM ARM still makes it UNPREDICTABLE in an IT block).
  'set-pan': (insn) => ({ text: 'setpan\t#' + insn.imm1, comment: null }),
  'set-endianness': (insn) => ({
    text: insn.bigEndian ? 'setend\tbe' : 'setend\tle',
    comment: IT_UNPREDICTABLE[itIndex(insn.itState)]!,
  }),
  'change-processor-state': (insn) => ({
    text: insn.op + CPS_FLAGS[(insn.affectA ? 4 : 0) | (insn.affectI ? 2 : 0) | (insn.affectF ? 1 : 0)]!,
    comment: IT_UNPREDICTABLE[itIndex(insn.itState)]!,
  }),
  halt: (insn) => ({ text: 'hlt\t' + hexPad(insn.imm16, 4), comment: null }),
  breakpoint: (insn) => ({ text: 'bkpt\t' + hexPad(insn.imm16, 4), comment: null }),
  hint: (insn) => {
    const suffix = IT_SUFFIX[itIndex(insn.itState)]!;
    if (insn.hint <= 5) return { text: insn.op + suffix, comment: null };
    return { text: 'nop' + suffix + '\t{' + insn.hint + '}', comment: null };
  },
  'if-then': (insn) => ({ text: IT_TEXT[insn.word & 0xff]!, comment: IT_UNPREDICTABLE[itIndex(insn.itState)]! }),
  'branch-immediate': (insn, context) => {
    if (insn.word >>> 12 === 0xd) {
      // B<c>: its own condition; not permitted in an IT block.
      return {
        text: 'b' + COND_SUFFIX[insn.cond]! + '.n\t' + context.formatAddress(insn.target),
        comment: IT_UNPREDICTABLE[itIndex(insn.itState)]!,
      };
    }
    return {
      text: 'b' + IT_SUFFIX[itIndex(insn.itState)]! + '.n\t' + context.formatAddress(insn.target),
      comment: branchInItComment(insn.itState),
    };
  },
  'permanently-undefined': (insn) => ({
    text: thumbHead16(insn.op, itIndex(insn.itState)) + IMMEDIATE[insn.imm16]!,
    comment: VALUE_COMMENT[insn.imm16]!,
  }),
  'supervisor-call': (insn) => ({
    text: thumbHead16(insn.op, itIndex(insn.itState)) + insn.imm24,
    comment: VALUE_COMMENT[insn.imm24]!,
  }),
};
