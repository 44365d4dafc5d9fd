/**
 * Media instructions (ARM ARM A5.4): cond ≠ 1111, bits 27:25 = 011, bit 4 = 1.
 *
 * Parallel add/subtract, packing/unpacking/saturation/reversal, signed multiplies, divide, USAD8/USADA8,
 * bitfield operations and the permanently UNDEFINED UDF.
 *
 * Should-be-one fields ((1)(1)(1)(1) in bits 11:8 of the parallel add/subtract, SEL, SSAT16/USAT16 and
 * REV family, bits 19:16 of the REV family, (0)(0) in bits 9:8 of the extends) are fixed bits here:
 * GNU objdump and QEMU both treat a word that breaks them as UNDEFINED, so it falls through to the
 * unallocated space rather than decoding as an UNPREDICTABLE instruction.
 */
import type { A32Common, Reg } from './common.js';
import {
  decodeBitfieldExtract,
  decodeBitfieldInsert,
  decodeDivide,
  decodeMultiplyDual,
  decodeMultiplyLongDual,
  decodeMultiplyMostSignificant,
  decodePermanentlyUndefined,
  decodeSumAbsoluteDifferences,
} from './media-multiply.js';
import type { Row } from './row.js';
import { row } from './row.js';

/** SADD16 … UHSUB8: four byte- or two halfword-lane additions/subtractions (A5.4.1, A5.4.2). */
export interface ParallelAddSubInsn extends A32Common {
  readonly kind: 'parallel-add-sub';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  /** S*, Q*, SH* (true) or U*, UQ*, UH* (false). */
  readonly signed: boolean;
  /** Plain lanes setting GE (S/U), saturating lanes (Q/UQ), or halving lanes (SH/UH). */
  readonly arithmetic: 'modular' | 'saturating' | 'halving';
  /** ASX: add high halves / subtract low halves after exchanging Rm's halves; SAX the reverse. */
  readonly operation: 'add16' | 'asx' | 'sax' | 'sub16' | 'add8' | 'sub8';
}

/** PKHBT / PKHTB. */
export interface PackHalfwordInsn extends A32Common {
  readonly kind: 'pack-halfword';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  /** PKHTB (top from Rn, bottom from the shifted Rm); false for PKHBT. */
  readonly tbform: boolean;
  /** 0 = LSL (PKHBT), 2 = ASR (PKHTB). */
  readonly shiftType: 0 | 2;
  /** Shift of Rm: LSL 0–31, ASR 1–32 (an encoded ASR #0 means 32). */
  readonly shiftAmount: number;
}

/** SSAT / USAT: saturate a shifted register to a bit position (sets Q on saturation). */
export interface SaturateInsn extends A32Common {
  readonly kind: 'saturate';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly signed: boolean;
  /** Bit position to saturate to: SSAT 1–32, USAT 0–31. */
  readonly saturateTo: number;
  /** 0 = LSL, 2 = ASR. */
  readonly shiftType: 0 | 2;
  /** LSL 0–31, ASR 1–32 (an encoded ASR #0 means 32). */
  readonly shiftAmount: number;
}

/** SSAT16 / USAT16: saturate both halfwords (sets Q on saturation). */
export interface Saturate16Insn extends A32Common {
  readonly kind: 'saturate-16';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly signed: boolean;
  /** Bit position to saturate to: SSAT16 1–16, USAT16 0–15. */
  readonly saturateTo: number;
}

/** SXTAB16 … UXTH: rotate Rm, extend a byte, two bytes or a halfword, optionally add Rn. */
export interface ExtendInsn extends A32Common {
  readonly kind: 'extend';
  readonly rd: Reg;
  /** The addend register, or null for the forms without an add (SXTB, UXTH, …: Rn field = 1111). */
  readonly rn: Reg | null;
  readonly rm: Reg;
  /** Right rotation of Rm before extending: 0, 8, 16 or 24. */
  readonly rotation: number;
  readonly signed: boolean;
  /** Bytes extended per lane: 1 (…B, …B16) or 2 (…H). */
  readonly size: 1 | 2;
  /** The …16 forms: two bytes (bits 7:0 and 23:16) extended into two halfwords. */
  readonly dual: boolean;
}

/** SEL: pick each byte from Rn or Rm by the GE flags. */
export interface SelectBytesInsn extends A32Common {
  readonly kind: 'select-bytes';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
}

/** REV / REV16 / REVSH / RBIT. */
export interface ReverseInsn extends A32Common {
  readonly kind: 'reverse';
  readonly rd: Reg;
  readonly rm: Reg;
  readonly operation: 'rev' | 'rev16' | 'revsh' | 'rbit';
}

/** SMLAD(X), SMUAD(X), SMLSD(X), SMUSD(X): dual 16×16 multiply, sum or difference, optional accumulate. */
export interface MultiplyDualInsn extends A32Common {
  readonly kind: 'multiply-dual';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  /** The accumulator, or null for SMUAD/SMUSD (Ra field = 1111). */
  readonly ra: Reg | null;
  /** X: swap Rm's halfwords before multiplying (ARM ARM m_swap). */
  readonly exchange: boolean;
  /** SMLSD/SMUSD: the products are subtracted (bottom − top). */
  readonly subtract: boolean;
}

/** SMLALD(X), SMLSLD(X): dual 16×16 multiply with 64-bit accumulate into RdHi:RdLo. */
export interface MultiplyLongDualInsn extends A32Common {
  readonly kind: 'multiply-long-dual';
  readonly rdLo: Reg;
  readonly rdHi: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  readonly exchange: boolean;
  readonly subtract: boolean;
}

/** SMMUL(R), SMMLA(R), SMMLS(R): most significant word of a 32×32 signed multiply. */
export interface MultiplyMostSignificantInsn extends A32Common {
  readonly kind: 'multiply-most-significant';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  /** The accumulator, or null for SMMUL (Ra field = 1111). */
  readonly ra: Reg | null;
  /** R: add 0x80000000 before taking the top word. */
  readonly round: boolean;
  /** SMMLS: the product is subtracted from Ra:0. */
  readonly subtract: boolean;
}

/** SDIV / UDIV. */
export interface DivideInsn extends A32Common {
  readonly kind: 'divide';
  readonly rd: Reg;
  /** Dividend. */
  readonly rn: Reg;
  /** Divisor. */
  readonly rm: Reg;
  readonly signed: boolean;
}

/** USAD8 / USADA8: sum of absolute byte differences, optional accumulate. */
export interface SumAbsoluteDifferencesInsn extends A32Common {
  readonly kind: 'sum-absolute-differences';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  /** The accumulator, or null for USAD8 (Ra field = 1111). */
  readonly ra: Reg | null;
}

/** SBFX / UBFX. */
export interface BitfieldExtractInsn extends A32Common {
  readonly kind: 'bitfield-extract';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly signed: boolean;
  /** Least significant bit of the field, 0–31. */
  readonly lsb: number;
  /** Field width, 1–32 (lsb + width > 32 is UNPREDICTABLE). */
  readonly width: number;
}

/** BFC / BFI: clear or insert bits msb:lsb of Rd (Rd is read and written). */
export interface BitfieldInsertInsn extends A32Common {
  readonly kind: 'bitfield-insert';
  readonly rd: Reg;
  /** Source of the inserted bits, or null for BFC (Rn field = 1111). */
  readonly rn: Reg | null;
  readonly lsb: number;
  /** Most significant bit; msb < lsb is UNPREDICTABLE. */
  readonly msb: number;
}

/**
 * UDF #imm16 (cond = 1110 only; the same pattern under another condition decodes as `undefined`, as objdump
 * prints it). The kernel's kprobe breakpoint 0xE7F001F8 is `udf #24`.
 */
export interface PermanentlyUndefinedInsn extends A32Common {
  readonly kind: 'permanently-undefined';
  readonly imm16: number;
}

/** Instructions of this class. */
export type MediaInsn =
  | ParallelAddSubInsn
  | PackHalfwordInsn
  | SaturateInsn
  | Saturate16Insn
  | ExtendInsn
  | SelectBytesInsn
  | ReverseInsn
  | MultiplyDualInsn
  | MultiplyLongDualInsn
  | MultiplyMostSignificantInsn
  | DivideInsn
  | SumAbsoluteDifferencesInsn
  | BitfieldExtractInsn
  | BitfieldInsertInsn
  | PermanentlyUndefinedInsn;

const PARALLEL_ARITHMETIC: readonly ParallelAddSubInsn['arithmetic'][] = [
  'modular',
  'modular',
  'saturating',
  'halving',
  'modular',
  'modular',
  'saturating',
  'halving',
];
const PARALLEL_OPERATION: readonly ParallelAddSubInsn['operation'][] = [
  'add16',
  'asx',
  'sax',
  'sub16',
  'add8',
  'sub8',
  'sub8',
  'sub8',
];

function decodeParallelAddSub(word: number, address: number, op: string): ParallelAddSubInsn {
  const rn = (word >>> 16) & 15;
  const rd = (word >>> 12) & 15;
  const rm = word & 15;
  const arithmetic = PARALLEL_ARITHMETIC[(word >>> 20) & 7]!;
  return {
    isa: 'arm',
    kind: 'parallel-add-sub',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 1 << rd,
    setsFlags: arithmetic === 'modular',
    unpredictable: rd === 15 || rn === 15 || rm === 15,
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    signed: (word & 0x00400000) === 0,
    arithmetic,
    operation: PARALLEL_OPERATION[(word >>> 5) & 7]!,
  };
}

function decodePackHalfword(word: number, address: number, op: string): PackHalfwordInsn {
  const rn = (word >>> 16) & 15;
  const rd = (word >>> 12) & 15;
  const rm = word & 15;
  const imm5 = (word >>> 7) & 31;
  const tbform = (word & 0x40) !== 0;
  return {
    isa: 'arm',
    kind: 'pack-halfword',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: rd === 15 || rn === 15 || rm === 15,
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    tbform,
    shiftType: tbform ? 2 : 0,
    shiftAmount: tbform && imm5 === 0 ? 32 : imm5,
  };
}

function decodeSaturate(word: number, address: number, op: string): SaturateInsn {
  const rd = (word >>> 12) & 15;
  const rn = word & 15;
  const signed = (word & 0x00400000) === 0;
  const satImm = (word >>> 16) & 31;
  const imm5 = (word >>> 7) & 31;
  const asr = (word & 0x40) !== 0;
  return {
    isa: 'arm',
    kind: 'saturate',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 1 << rn,
    writes: 1 << rd,
    setsFlags: true,
    unpredictable: rd === 15 || rn === 15,
    memory: null,
    target: null,
    rd,
    rn,
    signed,
    saturateTo: signed ? satImm + 1 : satImm,
    shiftType: asr ? 2 : 0,
    shiftAmount: asr && imm5 === 0 ? 32 : imm5,
  };
}

function decodeSaturate16(word: number, address: number, op: string): Saturate16Insn {
  const rd = (word >>> 12) & 15;
  const rn = word & 15;
  const signed = (word & 0x00400000) === 0;
  const satImm = (word >>> 16) & 15;
  return {
    isa: 'arm',
    kind: 'saturate-16',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 1 << rn,
    writes: 1 << rd,
    setsFlags: true,
    unpredictable: rd === 15 || rn === 15,
    memory: null,
    target: null,
    rd,
    rn,
    signed,
    saturateTo: signed ? satImm + 1 : satImm,
  };
}

function decodeExtend(word: number, address: number, op: string): ExtendInsn {
  const n = (word >>> 16) & 15;
  const rd = (word >>> 12) & 15;
  const rm = word & 15;
  const size = (word >>> 20) & 3; // 00 dual byte, 10 byte, 11 halfword
  return {
    isa: 'arm',
    kind: 'extend',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: n === 15 ? 1 << rm : (1 << n) | (1 << rm),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: rd === 15 || rm === 15,
    memory: null,
    target: null,
    rd,
    rn: n === 15 ? null : n,
    rm,
    rotation: (word >>> 7) & 0x18,
    signed: (word & 0x00400000) === 0,
    size: size === 3 ? 2 : 1,
    dual: size === 0,
  };
}

function decodeSelectBytes(word: number, address: number, op: string): SelectBytesInsn {
  const rn = (word >>> 16) & 15;
  const rd = (word >>> 12) & 15;
  const rm = word & 15;
  return {
    isa: 'arm',
    kind: 'select-bytes',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: rd === 15 || rn === 15 || rm === 15,
    memory: null,
    target: null,
    rd,
    rn,
    rm,
  };
}

function decodeReverse(word: number, address: number, op: string): ReverseInsn {
  const rd = (word >>> 12) & 15;
  const rm = word & 15;
  return {
    isa: 'arm',
    kind: 'reverse',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 1 << rm,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: rd === 15 || rm === 15,
    memory: null,
    target: null,
    rd,
    rm,
    operation:
      (word & 0x00400000) === 0 ? ((word & 0x80) === 0 ? 'rev' : 'rev16') : (word & 0x80) === 0 ? 'rbit' : 'revsh',
  };
}

/**
 * Rows in first-match order (cond ≠ 1111 only). Field letters: n = Rn, d = Rd (h/l = RdHi/RdLo),
 * m = Rm, a = Ra, s = saturate position, i = shift amount, r = rotation, w = width − 1, b = msb, l = lsb.
 */
export const mediaRows: readonly Row[] = [
  // A5.4.1 parallel add/subtract, signed
  row('cccc 0110 0001 nnnn dddd 1111 0001 mmmm', 'sadd16', decodeParallelAddSub),
  row('cccc 0110 0001 nnnn dddd 1111 0011 mmmm', 'sasx', decodeParallelAddSub),
  row('cccc 0110 0001 nnnn dddd 1111 0101 mmmm', 'ssax', decodeParallelAddSub),
  row('cccc 0110 0001 nnnn dddd 1111 0111 mmmm', 'ssub16', decodeParallelAddSub),
  row('cccc 0110 0001 nnnn dddd 1111 1001 mmmm', 'sadd8', decodeParallelAddSub),
  row('cccc 0110 0001 nnnn dddd 1111 1111 mmmm', 'ssub8', decodeParallelAddSub),
  row('cccc 0110 0010 nnnn dddd 1111 0001 mmmm', 'qadd16', decodeParallelAddSub),
  row('cccc 0110 0010 nnnn dddd 1111 0011 mmmm', 'qasx', decodeParallelAddSub),
  row('cccc 0110 0010 nnnn dddd 1111 0101 mmmm', 'qsax', decodeParallelAddSub),
  row('cccc 0110 0010 nnnn dddd 1111 0111 mmmm', 'qsub16', decodeParallelAddSub),
  row('cccc 0110 0010 nnnn dddd 1111 1001 mmmm', 'qadd8', decodeParallelAddSub),
  row('cccc 0110 0010 nnnn dddd 1111 1111 mmmm', 'qsub8', decodeParallelAddSub),
  row('cccc 0110 0011 nnnn dddd 1111 0001 mmmm', 'shadd16', decodeParallelAddSub),
  row('cccc 0110 0011 nnnn dddd 1111 0011 mmmm', 'shasx', decodeParallelAddSub),
  row('cccc 0110 0011 nnnn dddd 1111 0101 mmmm', 'shsax', decodeParallelAddSub),
  row('cccc 0110 0011 nnnn dddd 1111 0111 mmmm', 'shsub16', decodeParallelAddSub),
  row('cccc 0110 0011 nnnn dddd 1111 1001 mmmm', 'shadd8', decodeParallelAddSub),
  row('cccc 0110 0011 nnnn dddd 1111 1111 mmmm', 'shsub8', decodeParallelAddSub),
  // A5.4.2 parallel add/subtract, unsigned
  row('cccc 0110 0101 nnnn dddd 1111 0001 mmmm', 'uadd16', decodeParallelAddSub),
  row('cccc 0110 0101 nnnn dddd 1111 0011 mmmm', 'uasx', decodeParallelAddSub),
  row('cccc 0110 0101 nnnn dddd 1111 0101 mmmm', 'usax', decodeParallelAddSub),
  row('cccc 0110 0101 nnnn dddd 1111 0111 mmmm', 'usub16', decodeParallelAddSub),
  row('cccc 0110 0101 nnnn dddd 1111 1001 mmmm', 'uadd8', decodeParallelAddSub),
  row('cccc 0110 0101 nnnn dddd 1111 1111 mmmm', 'usub8', decodeParallelAddSub),
  row('cccc 0110 0110 nnnn dddd 1111 0001 mmmm', 'uqadd16', decodeParallelAddSub),
  row('cccc 0110 0110 nnnn dddd 1111 0011 mmmm', 'uqasx', decodeParallelAddSub),
  row('cccc 0110 0110 nnnn dddd 1111 0101 mmmm', 'uqsax', decodeParallelAddSub),
  row('cccc 0110 0110 nnnn dddd 1111 0111 mmmm', 'uqsub16', decodeParallelAddSub),
  row('cccc 0110 0110 nnnn dddd 1111 1001 mmmm', 'uqadd8', decodeParallelAddSub),
  row('cccc 0110 0110 nnnn dddd 1111 1111 mmmm', 'uqsub8', decodeParallelAddSub),
  row('cccc 0110 0111 nnnn dddd 1111 0001 mmmm', 'uhadd16', decodeParallelAddSub),
  row('cccc 0110 0111 nnnn dddd 1111 0011 mmmm', 'uhasx', decodeParallelAddSub),
  row('cccc 0110 0111 nnnn dddd 1111 0101 mmmm', 'uhsax', decodeParallelAddSub),
  row('cccc 0110 0111 nnnn dddd 1111 0111 mmmm', 'uhsub16', decodeParallelAddSub),
  row('cccc 0110 0111 nnnn dddd 1111 1001 mmmm', 'uhadd8', decodeParallelAddSub),
  row('cccc 0110 0111 nnnn dddd 1111 1111 mmmm', 'uhsub8', decodeParallelAddSub),
  // A5.4.3 packing, unpacking, saturation and reversal
  row('cccc 0110 1000 nnnn dddd iiii i001 mmmm', 'pkhbt', decodePackHalfword),
  row('cccc 0110 1000 nnnn dddd iiii i101 mmmm', 'pkhtb', decodePackHalfword),
  row('cccc 0110 1000 1111 dddd rr00 0111 mmmm', 'sxtb16', decodeExtend),
  row('cccc 0110 1000 nnnn dddd rr00 0111 mmmm', 'sxtab16', decodeExtend),
  row('cccc 0110 1000 nnnn dddd 1111 1011 mmmm', 'sel', decodeSelectBytes),
  row('cccc 0110 101s ssss dddd iiii ih01 nnnn', 'ssat', decodeSaturate),
  row('cccc 0110 1010 ssss dddd 1111 0011 nnnn', 'ssat16', decodeSaturate16),
  row('cccc 0110 1010 1111 dddd rr00 0111 mmmm', 'sxtb', decodeExtend),
  row('cccc 0110 1010 nnnn dddd rr00 0111 mmmm', 'sxtab', decodeExtend),
  row('cccc 0110 1011 1111 dddd 1111 0011 mmmm', 'rev', decodeReverse),
  row('cccc 0110 1011 1111 dddd rr00 0111 mmmm', 'sxth', decodeExtend),
  row('cccc 0110 1011 nnnn dddd rr00 0111 mmmm', 'sxtah', decodeExtend),
  row('cccc 0110 1011 1111 dddd 1111 1011 mmmm', 'rev16', decodeReverse),
  row('cccc 0110 1100 1111 dddd rr00 0111 mmmm', 'uxtb16', decodeExtend),
  row('cccc 0110 1100 nnnn dddd rr00 0111 mmmm', 'uxtab16', decodeExtend),
  row('cccc 0110 111s ssss dddd iiii ih01 nnnn', 'usat', decodeSaturate),
  row('cccc 0110 1110 ssss dddd 1111 0011 nnnn', 'usat16', decodeSaturate16),
  row('cccc 0110 1110 1111 dddd rr00 0111 mmmm', 'uxtb', decodeExtend),
  row('cccc 0110 1110 nnnn dddd rr00 0111 mmmm', 'uxtab', decodeExtend),
  row('cccc 0110 1111 1111 dddd 1111 0011 mmmm', 'rbit', decodeReverse),
  row('cccc 0110 1111 1111 dddd rr00 0111 mmmm', 'uxth', decodeExtend),
  row('cccc 0110 1111 nnnn dddd rr00 0111 mmmm', 'uxtah', decodeExtend),
  row('cccc 0110 1111 1111 dddd 1111 1011 mmmm', 'revsh', decodeReverse),
  // A5.4.4 signed multiply, signed and unsigned divide
  row('cccc 0111 0000 dddd 1111 mmmm 0001 nnnn', 'smuad', decodeMultiplyDual),
  row('cccc 0111 0000 dddd 1111 mmmm 0011 nnnn', 'smuadx', decodeMultiplyDual),
  row('cccc 0111 0000 dddd 1111 mmmm 0101 nnnn', 'smusd', decodeMultiplyDual),
  row('cccc 0111 0000 dddd 1111 mmmm 0111 nnnn', 'smusdx', decodeMultiplyDual),
  row('cccc 0111 0000 dddd aaaa mmmm 0001 nnnn', 'smlad', decodeMultiplyDual),
  row('cccc 0111 0000 dddd aaaa mmmm 0011 nnnn', 'smladx', decodeMultiplyDual),
  row('cccc 0111 0000 dddd aaaa mmmm 0101 nnnn', 'smlsd', decodeMultiplyDual),
  row('cccc 0111 0000 dddd aaaa mmmm 0111 nnnn', 'smlsdx', decodeMultiplyDual),
  row('cccc 0111 0001 dddd 1111 mmmm 0001 nnnn', 'sdiv', decodeDivide),
  row('cccc 0111 0011 dddd 1111 mmmm 0001 nnnn', 'udiv', decodeDivide),
  row('cccc 0111 0100 hhhh llll mmmm 0001 nnnn', 'smlald', decodeMultiplyLongDual),
  row('cccc 0111 0100 hhhh llll mmmm 0011 nnnn', 'smlaldx', decodeMultiplyLongDual),
  row('cccc 0111 0100 hhhh llll mmmm 0101 nnnn', 'smlsld', decodeMultiplyLongDual),
  row('cccc 0111 0100 hhhh llll mmmm 0111 nnnn', 'smlsldx', decodeMultiplyLongDual),
  row('cccc 0111 0101 dddd 1111 mmmm 0001 nnnn', 'smmul', decodeMultiplyMostSignificant),
  row('cccc 0111 0101 dddd 1111 mmmm 0011 nnnn', 'smmulr', decodeMultiplyMostSignificant),
  row('cccc 0111 0101 dddd aaaa mmmm 0001 nnnn', 'smmla', decodeMultiplyMostSignificant),
  row('cccc 0111 0101 dddd aaaa mmmm 0011 nnnn', 'smmlar', decodeMultiplyMostSignificant),
  row('cccc 0111 0101 dddd aaaa mmmm 1101 nnnn', 'smmls', decodeMultiplyMostSignificant),
  row('cccc 0111 0101 dddd aaaa mmmm 1111 nnnn', 'smmlsr', decodeMultiplyMostSignificant),
  // A5.4 USAD8/USADA8, bitfield operations, permanently UNDEFINED
  row('cccc 0111 1000 dddd 1111 mmmm 0001 nnnn', 'usad8', decodeSumAbsoluteDifferences),
  row('cccc 0111 1000 dddd aaaa mmmm 0001 nnnn', 'usada8', decodeSumAbsoluteDifferences),
  row('cccc 0111 101w wwww dddd llll l101 nnnn', 'sbfx', decodeBitfieldExtract),
  row('cccc 0111 110b bbbb dddd llll l001 1111', 'bfc', decodeBitfieldInsert),
  row('cccc 0111 110b bbbb dddd llll l001 nnnn', 'bfi', decodeBitfieldInsert),
  row('cccc 0111 111w wwww dddd llll l101 nnnn', 'ubfx', decodeBitfieldExtract),
  row('cccc 0111 1111 iiii iiii iiii 1111 iiii', 'udf', decodePermanentlyUndefined),
];
