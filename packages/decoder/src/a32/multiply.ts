/**
 * A5.2.5 multiply and multiply-accumulate (MUL, MLA, MLS, UMAAL, UMULL, UMLAL, SMULL, SMLAL) and
 * A5.2.7 signed halfword multiplies (SMLA<x><y>, SMLAW<y>, SMULW<y>, SMLAL<x><y>, SMUL<x><y>).
 *
 * SMULW<y> and SMUL<x><y> have a "(0)(0)(0)(0)" field at bits 15:12 that GNU objdump requires to be
 * zero: the rows fix it, and the other words fall through (SMUL's to the data-processing CMN row,
 * SMULW's to UNDEFINED), which is what objdump prints for them.
 */
import { type A32Common, NO_MEMORY, PC, type Reg } from './common.js';
import { type Row, row } from './row.js';

/** MUL, MLA, MLS: rd = (rn × rm) [+ ra | ra −] , low 32 bits. */
export interface MultiplyAccumulateInsn extends A32Common {
  readonly kind: 'multiply';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  /** The accumulator (MLA, MLS); null for MUL, whose bits 15:12 are "(0)(0)(0)(0)". */
  readonly ra: Reg | null;
  /** MLS: rd = ra − rn × rm. */
  readonly subtract: boolean;
}

/**
 * UMULL, UMLAL, SMULL, SMLAL, UMAAL: a 64-bit product into rdHi:rdLo.
 * `accumulate`: 'none' (xMULL), 'long' (xMLAL: + rdHi:rdLo), 'dual' (UMAAL: + rdLo + rdHi, each
 * zero-extended).
 */
export interface MultiplyLongInsn extends A32Common {
  readonly kind: 'multiply-long';
  readonly rdLo: Reg;
  readonly rdHi: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  readonly signed: boolean;
  readonly accumulate: 'none' | 'long' | 'dual';
}

/**
 * SMUL<x><y>, SMLA<x><y>: rd = (rn half) × (rm half) [+ ra], signed 16 × 16; SMLA sets Q on overflow.
 * `nHigh` / `mHigh`: the top (T) or bottom (B) halfword of rn / rm.
 */
export interface MultiplyHalfwordInsn extends A32Common {
  readonly kind: 'multiply-halfword';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  /** null for SMUL<x><y>. */
  readonly ra: Reg | null;
  readonly nHigh: boolean;
  readonly mHigh: boolean;
}

/** SMULW<y>, SMLAW<y>: rd = (rn × (rm half)) >> 16 [+ ra], signed 32 × 16; SMLAW sets Q on overflow. */
export interface MultiplyWordHalfwordInsn extends A32Common {
  readonly kind: 'multiply-word-halfword';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  /** null for SMULW<y>. */
  readonly ra: Reg | null;
  readonly mHigh: boolean;
}

/** SMLAL<x><y>: rdHi:rdLo += (rn half) × (rm half), signed. */
export interface MultiplyHalfwordLongInsn extends A32Common {
  readonly kind: 'multiply-halfword-long';
  readonly rdLo: Reg;
  readonly rdHi: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  readonly nHigh: boolean;
  readonly mHigh: boolean;
}

/** Instructions of this class. */
export type MultiplyInsn =
  | MultiplyAccumulateInsn
  | MultiplyLongInsn
  | MultiplyHalfwordInsn
  | MultiplyWordHalfwordInsn
  | MultiplyHalfwordLongInsn;

/*
 * Field positions shared by every multiply: bits 19:16 are rd (rdHi), 15:12 ra (rdLo), 11:8 rm,
 * 3:0 rn.
 */

function decodeMultiplyAccumulate(
  word: number,
  address: number,
  op: string,
  shouldBeBroken: boolean,
): MultiplyAccumulateInsn {
  const rd = (word >>> 16) & 15;
  const a = (word >>> 12) & 15;
  const rm = (word >>> 8) & 15;
  const rn = word & 15;
  const accumulates = (word & 0x00600000) !== 0;
  const ra = accumulates ? a : null;
  return {
    isa: 'arm',
    kind: 'multiply',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm) | (accumulates ? 1 << a : 0),
    writes: 1 << rd,
    // MUL/MLA with S update N and Z; MLS has no S bit.
    setsFlags: (word & 0x00500000) === 0x00100000,
    unpredictable: shouldBeBroken || rd === PC || rn === PC || rm === PC || ra === PC,
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    rm,
    ra,
    subtract: (word & 0x00400000) !== 0,
  };
}

function decodeMultiplyLong(word: number, address: number, op: string): MultiplyLongInsn {
  const rdHi = (word >>> 16) & 15;
  const rdLo = (word >>> 12) & 15;
  const rm = (word >>> 8) & 15;
  const rn = word & 15;
  const umaal = (word & 0x00800000) === 0;
  const accumulate = umaal ? 'dual' : (word & 0x00200000) !== 0 ? 'long' : 'none';
  return {
    isa: 'arm',
    kind: 'multiply-long',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm) | (accumulate === 'none' ? 0 : (1 << rdLo) | (1 << rdHi)),
    writes: (1 << rdLo) | (1 << rdHi),
    setsFlags: !umaal && (word & 0x00100000) !== 0,
    unpredictable: rdLo === PC || rdHi === PC || rn === PC || rm === PC || rdLo === rdHi,
    memory: NO_MEMORY,
    target: null,
    rdLo,
    rdHi,
    rn,
    rm,
    signed: !umaal && (word & 0x00400000) !== 0,
    accumulate,
  };
}

function decodeMultiplyHalfword(word: number, address: number, op: string): MultiplyHalfwordInsn {
  const rd = (word >>> 16) & 15;
  const a = (word >>> 12) & 15;
  const rm = (word >>> 8) & 15;
  const rn = word & 15;
  // SMLA<x><y> is op1 = 10000, SMUL<x><y> is 10110.
  const accumulates = (word & 0x00400000) === 0;
  const ra = accumulates ? a : null;
  return {
    isa: 'arm',
    kind: 'multiply-halfword',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm) | (accumulates ? 1 << a : 0),
    writes: 1 << rd,
    setsFlags: accumulates,
    unpredictable: rd === PC || rn === PC || rm === PC || ra === PC,
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    rm,
    ra,
    nHigh: (word & 0x20) !== 0,
    mHigh: (word & 0x40) !== 0,
  };
}

function decodeMultiplyWordHalfword(word: number, address: number, op: string): MultiplyWordHalfwordInsn {
  const rd = (word >>> 16) & 15;
  const a = (word >>> 12) & 15;
  const rm = (word >>> 8) & 15;
  const rn = word & 15;
  // SMLAW<y> has bit 5 clear, SMULW<y> set.
  const accumulates = (word & 0x20) === 0;
  const ra = accumulates ? a : null;
  return {
    isa: 'arm',
    kind: 'multiply-word-halfword',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm) | (accumulates ? 1 << a : 0),
    writes: 1 << rd,
    setsFlags: accumulates,
    unpredictable: rd === PC || rn === PC || rm === PC || ra === PC,
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    rm,
    ra,
    mHigh: (word & 0x40) !== 0,
  };
}

function decodeMultiplyHalfwordLong(word: number, address: number, op: string): MultiplyHalfwordLongInsn {
  const rdHi = (word >>> 16) & 15;
  const rdLo = (word >>> 12) & 15;
  const rm = (word >>> 8) & 15;
  const rn = word & 15;
  return {
    isa: 'arm',
    kind: 'multiply-halfword-long',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm) | (1 << rdLo) | (1 << rdHi),
    writes: (1 << rdLo) | (1 << rdHi),
    setsFlags: false,
    unpredictable: rdLo === PC || rdHi === PC || rn === PC || rm === PC || rdLo === rdHi,
    memory: NO_MEMORY,
    target: null,
    rdLo,
    rdHi,
    rn,
    rm,
    nHigh: (word & 0x20) !== 0,
    mHigh: (word & 0x40) !== 0,
  };
}

const mul = decodeMultiplyAccumulate;
const long = decodeMultiplyLong;
const half = decodeMultiplyHalfword;
const wordByHalf = decodeMultiplyWordHalfword;
const halfLong = decodeMultiplyHalfwordLong;

/**
 * Rows in first-match order. Fields: s = S bit, d = Rd, h/l = RdHi/RdLo, a = Ra, m = Rm, n = Rn,
 * z = "(0)". Bits 6:5 of the halfword forms are fixed per row (y = bit 6 selects rm's half, x = bit 5 rn's).
 */
export const multiplyRows: readonly Row[] = [
  // A5.2.5 multiply and multiply-accumulate (op = 0000xxxx, bits 7:4 = 1001).
  row('cccc 0000 000s dddd zzzz mmmm 1001 nnnn', 'mul', mul),
  row('cccc 0000 001s dddd aaaa mmmm 1001 nnnn', 'mla', mul),
  row('cccc 0000 0100 hhhh llll mmmm 1001 nnnn', 'umaal', long),
  row('cccc 0000 0110 dddd aaaa mmmm 1001 nnnn', 'mls', mul),
  row('cccc 0000 100s hhhh llll mmmm 1001 nnnn', 'umull', long),
  row('cccc 0000 101s hhhh llll mmmm 1001 nnnn', 'umlal', long),
  row('cccc 0000 110s hhhh llll mmmm 1001 nnnn', 'smull', long),
  row('cccc 0000 111s hhhh llll mmmm 1001 nnnn', 'smlal', long),

  // A5.2.7 halfword multiply and multiply-accumulate (op1 = 10xx0, bits 7:4 = 1yx0).
  row('cccc 0001 0000 dddd aaaa mmmm 1000 nnnn', 'smlabb', half),
  row('cccc 0001 0000 dddd aaaa mmmm 1010 nnnn', 'smlatb', half),
  row('cccc 0001 0000 dddd aaaa mmmm 1100 nnnn', 'smlabt', half),
  row('cccc 0001 0000 dddd aaaa mmmm 1110 nnnn', 'smlatt', half),
  row('cccc 0001 0010 dddd aaaa mmmm 1000 nnnn', 'smlawb', wordByHalf),
  row('cccc 0001 0010 dddd aaaa mmmm 1100 nnnn', 'smlawt', wordByHalf),
  row('cccc 0001 0010 dddd 0000 mmmm 1010 nnnn', 'smulwb', wordByHalf),
  row('cccc 0001 0010 dddd 0000 mmmm 1110 nnnn', 'smulwt', wordByHalf),
  row('cccc 0001 0100 hhhh llll mmmm 1000 nnnn', 'smlalbb', halfLong),
  row('cccc 0001 0100 hhhh llll mmmm 1010 nnnn', 'smlaltb', halfLong),
  row('cccc 0001 0100 hhhh llll mmmm 1100 nnnn', 'smlalbt', halfLong),
  row('cccc 0001 0100 hhhh llll mmmm 1110 nnnn', 'smlaltt', halfLong),
  row('cccc 0001 0110 dddd 0000 mmmm 1000 nnnn', 'smulbb', half),
  row('cccc 0001 0110 dddd 0000 mmmm 1010 nnnn', 'smultb', half),
  row('cccc 0001 0110 dddd 0000 mmmm 1100 nnnn', 'smulbt', half),
  row('cccc 0001 0110 dddd 0000 mmmm 1110 nnnn', 'smultt', half),
];
