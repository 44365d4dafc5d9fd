/**
 * GNU objdump 2.40's spelling of 32-bit Thumb loads and stores (single, dual, exclusive, acquire/release,
 * multiple, table branches, preloads, SRS/RFE), keyed by kind.
 *
 * Single transfers and preloads use objdump's Thumb `%a` operand, which it prints from the encoding bits:
 * U = 1 is `[rn, #imm12]` (commented in hex above 32); a PC base is `[pc, #±imm12]` with the target
 * Align(PC, 4) ± imm12 as the comment; bits 11:8 = 0000 is `[rn, rm{, lsl #n}]`; 1100/1110 `[rn, #∓imm8]`,
 * 1101/1111 the same with `!`, 1001/1011 `[rn], #∓imm8`. The printers below read the same bits.
 */
import type { LoadStoreImmediateInsn, LoadStoreRegisterInsn } from '../a32/load-store-common.js';
import type { LoadStoreMultipleInsn } from '../a32/load-store-multiple.js';
import type { LoadAcquireStoreReleaseInsn } from '../a32/synchronization.js';
import type { PreloadInsn, ReturnFromExceptionInsn, StoreReturnStateInsn } from '../a32/system.js';
import type { SingleTransferReading, UndefinedInsn } from '../a32/undefined.js';
import { itAdvance, type ThumbForm } from '../thumb/common.js';
import type { TableBranchInsn, ThumbLoadStoreExclusiveInsn } from '../thumb/types.js';
import { type Disassembly, offsetHex, REG_COMMA, REG_NAMES, regList, UNPREDICTABLE } from './format.js';
import type { FormatContext } from './table.js';
import { HEAD_WIDE, OUTSIDE_IT, thumbHead, thumbHeadAt } from './thumb-cond.js';
import type { ThumbFormatterMap } from './thumb-format.js';

/** objdump's trailing value comment: printed only for values above 32 or below -16. */
function valueComment(value: number): string | null {
  return value > 32 || value < -16 ? offsetHex(value) : null;
}

/** `[rn` for every register. */
const OPEN: readonly string[] = REG_NAMES.map((r) => '[' + r);

/*
 * The tails of `%a` after `[rn` by offset, built on first use: `, #<offset>]` (just `]` for 0) for offsets
 * −4095…4095 at index offset + 4095; `, #<offset>]!` and `], #<offset>` for −255…255 at offset + 255.
 */
const CLOSE: (string | undefined)[] = new Array(8191).fill(undefined);
const CLOSE_WRITEBACK: (string | undefined)[] = new Array(511).fill(undefined);
const POST_INDEXED: (string | undefined)[] = new Array(511).fill(undefined);

function close(offset: number): string {
  const cached = CLOSE[offset + 4095];
  if (cached !== undefined) return cached;
  const built = offset !== 0 ? ', #' + offset + ']' : ']';
  CLOSE[offset + 4095] = built;
  return built;
}

function closeWriteback(offset: number): string {
  const cached = CLOSE_WRITEBACK[offset + 255];
  if (cached !== undefined) return cached;
  const built = offset !== 0 ? ', #' + offset + ']!' : ']!';
  CLOSE_WRITEBACK[offset + 255] = built;
  return built;
}

function postIndexed(offset: number): string {
  const cached = POST_INDEXED[offset + 255];
  if (cached !== undefined) return cached;
  const built = '], #' + offset;
  POST_INDEXED[offset + 255] = built;
  return built;
}

/*
 * The comment addressOperand found for the operand it returned (a module-level result, so that the operand
 * costs no object per instruction; read it right after the call).
 */
let addressComment: string | null = null;

/**
 * objdump's `%a`: the address operand of a single transfer or preload; its comment (the literal target for a
 * PC base, else the positive imm12 when it is above 32) is left in addressComment.
 */
function addressOperand(word: number, address: number, context: FormatContext): string {
  const rn = (word >>> 16) & 15;
  const open = OPEN[rn]!;
  let offset: number;
  if ((word & 0x00800000) !== 0) {
    offset = word & 0xfff;
    if (rn !== 15) {
      addressComment = valueComment(offset);
      return open + close(offset);
    }
  } else if (rn === 15) {
    offset = -(word & 0xfff);
  } else {
    addressComment = null;
    const i8 = word & 0xff;
    switch ((word >>> 8) & 15) {
      case 0x0: {
        const shift = (word >>> 4) & 3;
        return open + ', ' + REG_NAMES[word & 15]! + (shift !== 0 ? LSL_CLOSE[shift]! : ']');
      }
      case 0xe:
        return open + close(i8);
      case 0xc:
        return open + close(-i8);
      case 0xf:
        return open + closeWriteback(i8);
      case 0xd:
        return open + closeWriteback(-i8);
      case 0xb:
        return open + postIndexed(i8);
      case 0x9:
        return open + postIndexed(-i8);
      default:
        // No such addressing mode (decoded as UNDEFINED; objdump prints `<undefined>`).
        return open + ', <undefined>]';
    }
  }
  // A PC base (either sign): the literal's address is the comment.
  addressComment = context.formatAddress((((address + 4) & ~3) + offset) >>> 0);
  return open + close(offset);
}

const LSL_CLOSE: readonly string[] = ['', ', lsl #1]', ', lsl #2]', ', lsl #3]'];

/** The `…T` spellings of the unprivileged rows (objdump prints them without `.w`). */
const UNPRIVILEGED_OPS = new Set([
  'ldrt',
  'ldrbt',
  'ldrht',
  'ldrsbt',
  'ldrsht',
  'strt',
  'strbt',
  'strht',
  'ldr??t',
  'str??t',
]);

const SLOTS = OUTSIDE_IT + 1;

/* Heads of the single transfers per operation and condition slot (`.w` unless unprivileged), built on first use. */
const SINGLE_HEADS = new Map<string, readonly string[]>();

function buildSingleHeads(op: string): readonly string[] {
  const variant = UNPRIVILEGED_OPS.has(op) ? 0 : HEAD_WIDE;
  const heads = Array.from({ length: SLOTS }, (_, slot) => thumbHeadAt(op, variant, slot));
  SINGLE_HEADS.set(op, heads);
  return heads;
}

type Single = ThumbForm<LoadStoreImmediateInsn> | ThumbForm<LoadStoreRegisterInsn>;

function formatSingle(insn: Single, context: FormatContext): Disassembly {
  if (insn.size === 8) return formatDual(insn as ThumbForm<LoadStoreImmediateInsn>, context);
  const slot = (insn.itState & 0xf) !== 0 ? insn.cond & 15 : OUTSIDE_IT;
  const head = (SINGLE_HEADS.get(insn.op) ?? buildSingleHeads(insn.op))[slot]!;
  const operand = addressOperand(insn.word, insn.address, context);
  return { text: head + REG_COMMA[insn.rt]! + operand, comment: addressComment };
}

/**
 * An UNDEFINED single transfer as objdump reads it: its row's mnemonic and `%a` (`ldr??.w r0, [ip, r5]`,
 * `str??t r8, [r0, #88]`, `ldrb.w lr, [r0, <undefined>]`).
 */
export function formatSingleTransferReading(
  insn: ThumbForm<UndefinedInsn>,
  reading: SingleTransferReading,
  context: FormatContext,
): Disassembly {
  const slot = (insn.itState & 0xf) !== 0 ? insn.cond & 15 : OUTSIDE_IT;
  const head = (SINGLE_HEADS.get(reading.op) ?? buildSingleHeads(reading.op))[slot]!;
  const operand = addressOperand(insn.word, insn.address, context);
  return { text: head + REG_COMMA[reading.rt]! + operand, comment: addressComment };
}

/**
 * LDRD / STRD: `[rn]` (P = 1, U = 1, imm8 = 0, whatever W), `[rn, #±imm]{!}`, `[rn], #±imm`. objdump's `%L`
 * adds the literal target for a PC base (Align(PC, 4) ± imm, also when post-indexed), then the scaled imm8
 * as a value comment.
 */
function formatDual(insn: ThumbForm<LoadStoreImmediateInsn>, context: FormatContext): Disassembly {
  const w = insn.word;
  if (insn.op === 'sg') return { text: 'sg', comment: null };
  const head = thumbHead(insn.op, 0, insn.cond, insn.itState) + REG_COMMA[insn.rt]! + REG_COMMA[insn.rt2]!;
  const imm = (w & 0xff) << 2;
  const rn = (w >>> 16) & 15;
  const add = (w & 0x00800000) !== 0;
  const pre = (w & 0x01000000) !== 0;
  if (pre && add && imm === 0) return { text: head + OPEN[rn]! + ']', comment: null };
  const sign = add ? '#' : '#-';
  const text = pre
    ? head + OPEN[rn]! + ', ' + sign + imm + ((w & 0x00200000) !== 0 ? ']!' : ']')
    : head + OPEN[rn]! + '], ' + sign + imm;
  let comment = valueComment(imm);
  if (rn === 15) {
    const target = context.formatAddress(((insn.address & ~3) + 4 + (add ? imm : -imm)) >>> 0);
    comment = comment === null ? target : target + '\t@ ' + comment;
  }
  return { text, comment };
}

/** `[rn]`, or `[rn]` with objdump's `<UNPREDICTABLE>` mark for a PC base (its ARMv8 rows use `%16-19R`). */
function plainAddress(rn: number): string {
  return OPEN[rn]! + ']';
}

const ARMV8_EXCLUSIVE = new Set(['ldaex', 'ldaexb', 'ldaexh', 'ldaexd', 'stlex', 'stlexb', 'stlexh', 'stlexd']);
const TT_OPS = new Set(['tt', 'ttt', 'tta', 'ttat']);

function formatExclusive(insn: ThumbLoadStoreExclusiveInsn, _context: FormatContext): Disassembly {
  if (TT_OPS.has(insn.op)) return { text: insn.op + '\t' + REG_COMMA[insn.rd]! + REG_NAMES[insn.rn]!, comment: null };
  let text = thumbHead(insn.op, 0, insn.cond, insn.itState);
  if (!insn.load) text += REG_COMMA[insn.rd]!;
  text += REG_COMMA[insn.rt]!;
  if (insn.rt2 >= 0) text += REG_COMMA[insn.rt2]!;
  if (insn.imm32 !== 0) {
    return { text: text + OPEN[insn.rn]! + ', #' + insn.imm32 + ']', comment: valueComment(insn.imm32) };
  }
  const marked = insn.rn === 15 && ARMV8_EXCLUSIVE.has(insn.op);
  return { text: text + plainAddress(insn.rn), comment: marked ? UNPREDICTABLE : null };
}

function formatAcquireRelease(insn: ThumbForm<LoadAcquireStoreReleaseInsn>, _context: FormatContext): Disassembly {
  return {
    text: thumbHead(insn.op, 0, insn.cond, insn.itState) + REG_COMMA[insn.rt]! + plainAddress(insn.rn),
    comment: insn.rn === 15 ? UNPREDICTABLE : null,
  };
}

/** objdump's `%x`: a branch inside an IT block other than as its last instruction. */
function branchInItComment(itState: number): string | null {
  return itAdvance(itState) !== 0 ? 'unpredictable branch in IT block' : null;
}

function formatTableBranch(insn: TableBranchInsn, _context: FormatContext): Disassembly {
  const operands = OPEN[insn.rn]! + ', ' + REG_NAMES[insn.rm]! + (insn.half ? ', lsl #1]' : ']');
  return { text: thumbHead(insn.op, 0, insn.cond, insn.itState) + operands, comment: branchInItComment(insn.itState) };
}

function formatMultiple(insn: ThumbForm<LoadStoreMultipleInsn>, _context: FormatContext): Disassembly {
  if (insn.op === 'clrm') {
    // objdump's CLRM list names r15 APSR (bit 13 is zero in every unit it matches).
    const low = regList(insn.registers & 0x7fff);
    const list = (insn.registers & 0x8000) === 0 ? low : low === '{}' ? '{APSR}' : low.slice(0, -1) + ', APSR}';
    return { text: thumbHead('clrm', 0, insn.cond, insn.itState) + list, comment: null };
  }
  const wide = insn.increment ? HEAD_WIDE : 0;
  return {
    text:
      thumbHead(insn.op, wide, insn.cond, insn.itState) +
      REG_NAMES[insn.rn]! +
      (insn.wback ? '!, ' : ', ') +
      regList(insn.registers),
    comment: null,
  };
}

function formatStoreReturnState(insn: ThumbForm<StoreReturnStateInsn>, _context: FormatContext): Disassembly {
  const rn = REG_NAMES[(insn.word >>> 16) & 15]!;
  return {
    text: thumbHead(insn.op, 0, insn.cond, insn.itState) + rn + (insn.wback ? '!, #' : ', #') + insn.mode,
    comment: null,
  };
}

function formatReturnFromException(insn: ThumbForm<ReturnFromExceptionInsn>, _context: FormatContext): Disassembly {
  return {
    text: thumbHead(insn.op, 0, insn.cond, insn.itState) + REG_NAMES[insn.rn]! + (insn.wback ? '!' : ''),
    comment: null,
  };
}

function formatPreload(insn: ThumbForm<PreloadInsn>, context: FormatContext): Disassembly {
  const operand = addressOperand(insn.word, insn.address, context);
  const op = insn.op;
  // The LDRSH-shaped hints print as objdump's LDRSH / LDRSHT to the PC.
  const head =
    op === 'ldrsh' || op === 'ldrsht'
      ? thumbHead(op, op === 'ldrsh' ? HEAD_WIDE : 0, insn.cond, insn.itState) + 'pc, '
      : thumbHead(op, 0, insn.cond, insn.itState);
  return { text: head + operand, comment: addressComment };
}

export const t32LoadStoreFormatters: ThumbFormatterMap = {
  loadStoreImmediate: formatSingle,
  loadStoreRegister: formatSingle,
  loadStoreExclusive: formatExclusive,
  loadAcquireStoreRelease: formatAcquireRelease,
  loadStoreMultiple: formatMultiple,
  'table-branch': formatTableBranch,
  'store-return-state': formatStoreReturnState,
  'return-from-exception': formatReturnFromException,
  preload: formatPreload,
};
