/**
 * Decoders for the second half of the media space (ARM ARM A5.4.4 onwards): signed multiplies, divide,
 * USAD8/USADA8, bitfield operations and UDF. The rows live in `media.ts`.
 */
import type {
  BitfieldExtractInsn,
  BitfieldInsertInsn,
  DivideInsn,
  MultiplyDualInsn,
  MultiplyLongDualInsn,
  MultiplyMostSignificantInsn,
  PermanentlyUndefinedInsn,
  SumAbsoluteDifferencesInsn,
} from './media.js';
import type { UndefinedInsn } from './undefined.js';
import { undefinedInsn } from './undefined.js';

/** SMLAD/SMUAD/SMLSD/SMUSD: Rd 19:16, Ra 15:12 (1111: no accumulate), Rm 11:8, M 5, Rn 3:0. */
export function decodeMultiplyDual(word: number, address: number, op: string): MultiplyDualInsn {
  const rd = (word >>> 16) & 15;
  const a = (word >>> 12) & 15;
  const rm = (word >>> 8) & 15;
  const rn = word & 15;
  const subtract = (word & 0x40) !== 0;
  return {
    isa: 'arm',
    kind: 'multiply-dual',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: a === 15 ? (1 << rn) | (1 << rm) : (1 << rn) | (1 << rm) | (1 << a),
    writes: 1 << rd,
    // Q is set on overflow of the sum (SMLAD, SMUAD) or of the accumulation (SMLSD); SMUSD cannot overflow.
    setsFlags: !(subtract && a === 15),
    unpredictable: rd === 15 || rn === 15 || rm === 15,
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    ra: a === 15 ? null : a,
    exchange: (word & 0x20) !== 0,
    subtract,
  };
}

/** SMLALD/SMLSLD: RdHi 19:16, RdLo 15:12, Rm 11:8, M 5, Rn 3:0. */
export function decodeMultiplyLongDual(word: number, address: number, op: string): MultiplyLongDualInsn {
  const rdHi = (word >>> 16) & 15;
  const rdLo = (word >>> 12) & 15;
  const rm = (word >>> 8) & 15;
  const rn = word & 15;
  const dest = (1 << rdHi) | (1 << rdLo);
  return {
    isa: 'arm',
    kind: 'multiply-long-dual',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm) | dest,
    writes: dest,
    setsFlags: false,
    unpredictable: rdLo === 15 || rdHi === 15 || rn === 15 || rm === 15 || rdHi === rdLo,
    memory: null,
    target: null,
    rdLo,
    rdHi,
    rn,
    rm,
    exchange: (word & 0x20) !== 0,
    subtract: (word & 0x40) !== 0,
  };
}

/** SMMUL/SMMLA/SMMLS: Rd 19:16, Ra 15:12 (1111 with SMMLA's opcode: SMMUL), Rm 11:8, R 5, Rn 3:0. */
export function decodeMultiplyMostSignificant(word: number, address: number, op: string): MultiplyMostSignificantInsn {
  const rd = (word >>> 16) & 15;
  const a = (word >>> 12) & 15;
  const rm = (word >>> 8) & 15;
  const rn = word & 15;
  const subtract = (word & 0x40) !== 0;
  // SMMLS has no multiply-only form: Ra = 1111 is an UNPREDICTABLE accumulate from the PC.
  const accumulate = subtract || a !== 15;
  return {
    isa: 'arm',
    kind: 'multiply-most-significant',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: accumulate ? (1 << rn) | (1 << rm) | (1 << a) : (1 << rn) | (1 << rm),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: rd === 15 || rn === 15 || rm === 15 || (subtract && a === 15),
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    ra: accumulate ? a : null,
    round: (word & 0x20) !== 0,
    subtract,
  };
}

/** SDIV/UDIV: Rd 19:16, (1111) 15:12, Rm 11:8, Rn 3:0. */
export function decodeDivide(word: number, address: number, op: string): DivideInsn {
  const rd = (word >>> 16) & 15;
  const rm = (word >>> 8) & 15;
  const rn = word & 15;
  return {
    isa: 'arm',
    kind: 'divide',
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
    signed: (word & 0x00200000) === 0,
  };
}

/** USAD8/USADA8: Rd 19:16, Ra 15:12 (1111: USAD8), Rm 11:8, Rn 3:0. */
export function decodeSumAbsoluteDifferences(word: number, address: number, op: string): SumAbsoluteDifferencesInsn {
  const rd = (word >>> 16) & 15;
  const a = (word >>> 12) & 15;
  const rm = (word >>> 8) & 15;
  const rn = word & 15;
  return {
    isa: 'arm',
    kind: 'sum-absolute-differences',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: a === 15 ? (1 << rn) | (1 << rm) : (1 << rn) | (1 << rm) | (1 << a),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: rd === 15 || rn === 15 || rm === 15,
    memory: null,
    target: null,
    rd,
    rn,
    rm,
    ra: a === 15 ? null : a,
  };
}

/** SBFX/UBFX: widthminus1 20:16, Rd 15:12, lsb 11:7, Rn 3:0. */
export function decodeBitfieldExtract(word: number, address: number, op: string): BitfieldExtractInsn {
  const rd = (word >>> 12) & 15;
  const rn = word & 15;
  const lsb = (word >>> 7) & 31;
  const width = ((word >>> 16) & 31) + 1;
  return {
    isa: 'arm',
    kind: 'bitfield-extract',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 1 << rn,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: rd === 15 || rn === 15 || lsb + width > 32,
    memory: null,
    target: null,
    rd,
    rn,
    signed: (word & 0x00400000) === 0,
    lsb,
    width,
  };
}

/** BFC/BFI: msb 20:16, Rd 15:12, lsb 11:7, Rn 3:0 (1111: BFC). Rd is read as well as written. */
export function decodeBitfieldInsert(word: number, address: number, op: string): BitfieldInsertInsn {
  const rd = (word >>> 12) & 15;
  const n = word & 15;
  const lsb = (word >>> 7) & 31;
  const msb = (word >>> 16) & 31;
  return {
    isa: 'arm',
    kind: 'bitfield-insert',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: n === 15 ? 1 << rd : (1 << rd) | (1 << n),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: rd === 15 || msb < lsb,
    memory: null,
    target: null,
    rd,
    rn: n === 15 ? null : n,
    lsb,
    msb,
  };
}

/**
 * UDF: imm12 19:8, imm4 3:0. Only cond = 1110 is UDF; the pattern under any other condition is
 * UNDEFINED without a name (objdump prints `<UNDEFINED>`), so it decodes as unallocated.
 */
export function decodePermanentlyUndefined(
  word: number,
  address: number,
  op: string,
): PermanentlyUndefinedInsn | UndefinedInsn {
  if (word >>> 28 !== 14) return undefinedInsn(word, address);
  return {
    isa: 'arm',
    kind: 'permanently-undefined',
    address,
    word: word >>> 0,
    cond: 14,
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: null,
    target: null,
    imm16: ((word >>> 4) & 0xfff0) | (word & 15),
  };
}
