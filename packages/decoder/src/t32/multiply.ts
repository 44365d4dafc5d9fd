/**
 * 32-bit Thumb multiply, multiply-accumulate, long multiply and divide (A6.3.16, A6.3.17).
 *
 * The rows produce the A32 kinds with the A32 fields: `multiply`, `multiply-halfword`,
 * `multiply-word-halfword`, `multiply-dual`, `multiply-most-significant`, `sum-absolute-differences`,
 * `multiply-long`, `multiply-halfword-long`, `multiply-long-dual`, `divide`. Field positions (bits of
 * hw1 << 16 | hw2): Rn 19:16, Ra / RdLo 15:12, Rd / RdHi 11:8, Rm 3:0; the halfword selectors are bit 5
 * (Rn's top half) and bit 4 (Rm's), the X / R bits bit 4.
 *
 * What differs from ARM state is the UNPREDICTABLE rule: Thumb forbids SP as well as PC in every register
 * (BadReg), and an accumulator of SP (an accumulator of PC is the multiply-only encoding).
 *
 * Rows are in GNU objdump 2.40's first-match order. It also reads three SMMLA / SMMLS forms as the
 * Armv8.1-M pointer-authentication instructions AUTG, BXAUT and PACG; they keep their SMMLA / SMMLS kind
 * (all three are UNPREDICTABLE here: Rd or Ra is the PC) and objdump's name in `op`.
 */
import { type Reg, SP } from '../a32/common.js';
import type {
  DivideInsn,
  MultiplyDualInsn,
  MultiplyLongDualInsn,
  MultiplyMostSignificantInsn,
  SumAbsoluteDifferencesInsn,
} from '../a32/media.js';
import type {
  MultiplyAccumulateInsn,
  MultiplyHalfwordInsn,
  MultiplyHalfwordLongInsn,
  MultiplyLongInsn,
  MultiplyWordHalfwordInsn,
} from '../a32/multiply.js';
import { itCondition, type ThumbForm } from '../thumb/common.js';
import { type ThumbRow, t32 } from '../thumb/row.js';

/** SP or PC among the registers of `mask` (Thumb's BadReg). */
const BAD_REGS = (1 << SP) | (1 << 15);

function bad(mask: number): boolean {
  return (mask & BAD_REGS) !== 0;
}

/** MUL / MLA / MLS: Ra = 1111 only in MUL's row. */
function decodeMultiply(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<MultiplyAccumulateInsn> {
  const rn = (bits >>> 16) & 15;
  const a = (bits >>> 12) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  // MUL's row takes MLA's Ra = 1111; MLS has no multiply-only form (its Ra = 1111 is the PC).
  const accumulates = a !== 15 || (bits & 0x10) !== 0;
  const sources = (1 << rn) | (1 << rm);
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'multiply',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: accumulates ? sources | (1 << a) : sources,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: bad((1 << rd) | sources | (accumulates ? 1 << a : 0)),
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    ra: accumulates ? a : null,
    subtract: (bits & 0x10) !== 0,
  };
}

/** The accumulator of a multiply whose Ra = 1111 means "none" (SMUL, SMULW, SMUAD, SMUSD, SMMUL, USAD8). */
function accumulator(bits: number, accumulates: boolean): Reg | null {
  return accumulates ? (bits >>> 12) & 15 : null;
}

/** Registers read by rn × rm [+ ra]. */
function sourcesOf(rn: Reg, rm: Reg, ra: Reg | null): number {
  return ra === null ? (1 << rn) | (1 << rm) : (1 << rn) | (1 << rm) | (1 << ra);
}

/** Thumb's rule: any of rd, rn, rm is SP or PC, or the accumulator is SP. */
function unpredictableCore(rd: Reg, rn: Reg, rm: Reg, ra: Reg | null): boolean {
  return bad((1 << rd) | (1 << rn) | (1 << rm)) || ra === SP;
}

/** SMLA<x><y> (Ra) / SMUL<x><y> (Ra = 1111). */
function decodeMultiplyHalfword(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<MultiplyHalfwordInsn> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  const accumulates = ((bits >>> 12) & 15) !== 15;
  const ra = accumulator(bits, accumulates);
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'multiply-halfword',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: sourcesOf(rn, rm, ra),
    writes: 1 << rd,
    setsFlags: accumulates,
    unpredictable: unpredictableCore(rd, rn, rm, ra),
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    ra,
    nHigh: (bits & 0x20) !== 0,
    mHigh: (bits & 0x10) !== 0,
  };
}

/** SMLAW<y> / SMULW<y>. */
function decodeMultiplyWordHalfword(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<MultiplyWordHalfwordInsn> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  const accumulates = ((bits >>> 12) & 15) !== 15;
  const ra = accumulator(bits, accumulates);
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'multiply-word-halfword',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: sourcesOf(rn, rm, ra),
    writes: 1 << rd,
    setsFlags: accumulates,
    unpredictable: unpredictableCore(rd, rn, rm, ra),
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    ra,
    mHigh: (bits & 0x10) !== 0,
  };
}

/** SMLAD / SMLSD (Ra) and SMUAD / SMUSD (Ra = 1111); X is bit 4, SMLSD / SMUSD have op1 = 100. */
function decodeMultiplyDual(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<MultiplyDualInsn> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  const ra = accumulator(bits, ((bits >>> 12) & 15) !== 15);
  const subtract = (bits & 0x00700000) === 0x00400000;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'multiply-dual',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: sourcesOf(rn, rm, ra),
    writes: 1 << rd,
    // Q is set on overflow of the sum (SMLAD, SMUAD) or of the accumulation (SMLSD); SMUSD cannot overflow.
    setsFlags: !(subtract && ra === null),
    unpredictable: unpredictableCore(rd, rn, rm, ra),
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    ra,
    exchange: (bits & 0x10) !== 0,
    subtract,
  };
}

/**
 * SMMLA / SMMLS (Ra) and SMMUL (SMMLA's op1 with Ra = 1111); R is bit 4. SMMLS has no multiply-only form:
 * its Ra = 1111 accumulates from the PC (UNPREDICTABLE). objdump's AUTG / BXAUT (SMMLA / SMMUL with Rd = PC)
 * and PACG (SMMLS with Ra = PC) keep this kind.
 */
function decodeMultiplyMostSignificant(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<MultiplyMostSignificantInsn> {
  const rn = (bits >>> 16) & 15;
  const a = (bits >>> 12) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  const subtract = (bits & 0x00700000) === 0x00600000;
  const ra = subtract || a !== 15 ? a : null;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'multiply-most-significant',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: sourcesOf(rn, rm, ra),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: unpredictableCore(rd, rn, rm, ra) || (ra !== null && bad(1 << ra)),
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    ra,
    round: (bits & 0x10) !== 0,
    subtract,
  };
}

/** USADA8 (Ra) / USAD8 (Ra = 1111). */
function decodeSumAbsoluteDifferences(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<SumAbsoluteDifferencesInsn> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  const ra = accumulator(bits, ((bits >>> 12) & 15) !== 15);
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'sum-absolute-differences',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: sourcesOf(rn, rm, ra),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: unpredictableCore(rd, rn, rm, ra),
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    ra,
  };
}

/** SMULL / UMULL / SMLAL / UMLAL / UMAAL: RdLo 15:12, RdHi 11:8. */
function decodeMultiplyLong(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<MultiplyLongInsn> {
  const rn = (bits >>> 16) & 15;
  const rdLo = (bits >>> 12) & 15;
  const rdHi = (bits >>> 8) & 15;
  const rm = bits & 15;
  // op1 (bits 22:20): SMULL 000, UMULL 010, SMLAL 100, UMLAL 110 (UMAAL: 110 with op2 = 0110).
  const umaal = (bits & 0xf0) === 0x60;
  const accumulate = umaal ? 'dual' : (bits & 0x00400000) !== 0 ? 'long' : 'none';
  const dest = (1 << rdLo) | (1 << rdHi);
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'multiply-long',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) | (1 << rm) | (accumulate === 'none' ? 0 : dest),
    writes: dest,
    setsFlags: false,
    unpredictable: bad(dest | (1 << rn) | (1 << rm)) || rdLo === rdHi,
    memory: null,
    target: null,
    rdLo,
    rdHi,
    rn,
    rm,
    signed: !umaal && (bits & 0x00200000) === 0,
    accumulate,
  };
}

/** SMLAL<x><y>. */
function decodeMultiplyHalfwordLong(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<MultiplyHalfwordLongInsn> {
  const rn = (bits >>> 16) & 15;
  const rdLo = (bits >>> 12) & 15;
  const rdHi = (bits >>> 8) & 15;
  const rm = bits & 15;
  const dest = (1 << rdLo) | (1 << rdHi);
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'multiply-halfword-long',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) | (1 << rm) | dest,
    writes: dest,
    setsFlags: false,
    unpredictable: bad(dest | (1 << rn) | (1 << rm)) || rdLo === rdHi,
    memory: null,
    target: null,
    rdLo,
    rdHi,
    rn,
    rm,
    nHigh: (bits & 0x20) !== 0,
    mHigh: (bits & 0x10) !== 0,
  };
}

/** SMLALD / SMLSLD (op1 = 100 / 101); X is bit 4. */
function decodeMultiplyLongDual(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<MultiplyLongDualInsn> {
  const rn = (bits >>> 16) & 15;
  const rdLo = (bits >>> 12) & 15;
  const rdHi = (bits >>> 8) & 15;
  const rm = bits & 15;
  const dest = (1 << rdLo) | (1 << rdHi);
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'multiply-long-dual',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) | (1 << rm) | dest,
    writes: dest,
    setsFlags: false,
    unpredictable: bad(dest | (1 << rn) | (1 << rm)) || rdLo === rdHi,
    memory: null,
    target: null,
    rdLo,
    rdHi,
    rn,
    rm,
    exchange: (bits & 0x10) !== 0,
    subtract: (bits & 0x00100000) !== 0,
  };
}

/** SDIV / UDIV. */
function decodeDivide(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<DivideInsn> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'divide',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: bad((1 << rd) | (1 << rn) | (1 << rm)),
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    signed: (bits & 0x00200000) === 0,
  };
}

const mul = decodeMultiply;
const half = decodeMultiplyHalfword;
const wordHalf = decodeMultiplyWordHalfword;
const dual = decodeMultiplyDual;
const msw = decodeMultiplyMostSignificant;
const usad = decodeSumAbsoluteDifferences;
const long = decodeMultiplyLong;
const halfLong = decodeMultiplyHalfwordLong;
const longDual = decodeMultiplyLongDual;

/**
 * Rows in objdump's first-match order. Fields: n = Rn, a = Ra, d = Rd, m = Rm, l / h = RdLo / RdHi.
 * Bits 5:4 are fixed per row where they select the operation's name (halfwords, X, R).
 */
export const t32MultiplyRows: readonly ThumbRow[] = [
  // Armv8.1-M pointer authentication readings of SMMLA / SMMUL with Rd = PC and of SMMLS with Ra = PC.
  t32('11111 0110 101 nnnn aaaa 1111 0000 mmmm', 'autg', msw),
  t32('11111 0110 101 nnnn aaaa 1111 0001 mmmm', 'bxaut', msw),
  t32('11111 0110 110 nnnn 1111 dddd 0000 mmmm', 'pacg', msw),

  // Register-only forms: Ra = 1111.
  t32('11111 0110 000 nnnn 1111 dddd 0000 mmmm', 'mul', mul),
  t32('11111 0110 111 nnnn 1111 dddd 0000 mmmm', 'usad8', usad),
  t32('11111 0110 010 nnnn 1111 dddd 0000 mmmm', 'smuad', dual),
  t32('11111 0110 010 nnnn 1111 dddd 0001 mmmm', 'smuadx', dual),
  t32('11111 0110 011 nnnn 1111 dddd 0000 mmmm', 'smulwb', wordHalf),
  t32('11111 0110 011 nnnn 1111 dddd 0001 mmmm', 'smulwt', wordHalf),
  t32('11111 0110 100 nnnn 1111 dddd 0000 mmmm', 'smusd', dual),
  t32('11111 0110 100 nnnn 1111 dddd 0001 mmmm', 'smusdx', dual),
  t32('11111 0110 101 nnnn 1111 dddd 0000 mmmm', 'smmul', msw),
  t32('11111 0110 101 nnnn 1111 dddd 0001 mmmm', 'smmulr', msw),
  t32('11111 0110 001 nnnn 1111 dddd 0000 mmmm', 'smulbb', half),
  t32('11111 0110 001 nnnn 1111 dddd 0001 mmmm', 'smulbt', half),
  t32('11111 0110 001 nnnn 1111 dddd 0010 mmmm', 'smultb', half),
  t32('11111 0110 001 nnnn 1111 dddd 0011 mmmm', 'smultt', half),

  // Accumulating forms and the long multiplies.
  t32('11111 0110 000 nnnn aaaa dddd 0000 mmmm', 'mla', mul),
  t32('11111 0110 000 nnnn aaaa dddd 0001 mmmm', 'mls', mul),
  t32('11111 0110 111 nnnn aaaa dddd 0000 mmmm', 'usada8', usad),
  t32('11111 0111 000 nnnn llll hhhh 0000 mmmm', 'smull', long),
  t32('11111 0111 010 nnnn llll hhhh 0000 mmmm', 'umull', long),
  t32('11111 0111 100 nnnn llll hhhh 0000 mmmm', 'smlal', long),
  t32('11111 0111 110 nnnn llll hhhh 0000 mmmm', 'umlal', long),
  t32('11111 0111 110 nnnn llll hhhh 0110 mmmm', 'umaal', long),
  t32('11111 0110 010 nnnn aaaa dddd 0000 mmmm', 'smlad', dual),
  t32('11111 0110 010 nnnn aaaa dddd 0001 mmmm', 'smladx', dual),
  t32('11111 0110 011 nnnn aaaa dddd 0000 mmmm', 'smlawb', wordHalf),
  t32('11111 0110 011 nnnn aaaa dddd 0001 mmmm', 'smlawt', wordHalf),
  t32('11111 0110 100 nnnn aaaa dddd 0000 mmmm', 'smlsd', dual),
  t32('11111 0110 100 nnnn aaaa dddd 0001 mmmm', 'smlsdx', dual),
  t32('11111 0110 101 nnnn aaaa dddd 0000 mmmm', 'smmla', msw),
  t32('11111 0110 101 nnnn aaaa dddd 0001 mmmm', 'smmlar', msw),
  t32('11111 0110 110 nnnn aaaa dddd 0000 mmmm', 'smmls', msw),
  t32('11111 0110 110 nnnn aaaa dddd 0001 mmmm', 'smmlsr', msw),
  t32('11111 0111 100 nnnn llll hhhh 1100 mmmm', 'smlald', longDual),
  t32('11111 0111 100 nnnn llll hhhh 1101 mmmm', 'smlaldx', longDual),
  t32('11111 0111 101 nnnn llll hhhh 1100 mmmm', 'smlsld', longDual),
  t32('11111 0111 101 nnnn llll hhhh 1101 mmmm', 'smlsldx', longDual),
  t32('11111 0110 001 nnnn aaaa dddd 0000 mmmm', 'smlabb', half),
  t32('11111 0110 001 nnnn aaaa dddd 0001 mmmm', 'smlabt', half),
  t32('11111 0110 001 nnnn aaaa dddd 0010 mmmm', 'smlatb', half),
  t32('11111 0110 001 nnnn aaaa dddd 0011 mmmm', 'smlatt', half),
  t32('11111 0111 100 nnnn llll hhhh 1000 mmmm', 'smlalbb', halfLong),
  t32('11111 0111 100 nnnn llll hhhh 1001 mmmm', 'smlalbt', halfLong),
  t32('11111 0111 100 nnnn llll hhhh 1010 mmmm', 'smlaltb', halfLong),
  t32('11111 0111 100 nnnn llll hhhh 1011 mmmm', 'smlaltt', halfLong),

  // Divide (the divide rows come before the multiplies in objdump's table; no pattern overlaps them).
  t32('11111 0111 001 nnnn 1111 dddd 1111 mmmm', 'sdiv', decodeDivide),
  t32('11111 0111 011 nnnn 1111 dddd 1111 mmmm', 'udiv', decodeDivide),
];
