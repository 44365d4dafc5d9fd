/**
 * A6.3.12 data-processing (register): `hw1` = 11111010 op1 Rn, `hw2` = 1111 Rd op2 Rm — register-controlled
 * shifts, extends, parallel add/subtract (A6.3.13, A6.3.14), miscellaneous operations (A6.3.15) and CRC32.
 *
 * - LSL/LSR/ASR/ROR (register) are the A32 model's MOV with a register-shifted register operand
 *   (`dp-register-shifted`, opcode 13, `op` the shift's name): Thumb's Rn, the value shifted, is `rm`;
 *   Thumb's Rm, the shift amount, is `rs`; `rn` is 0 (no first operand).
 * - Extends (`extend`), parallel add/subtract (`parallel-add-sub`), QADD/QDADD/QSUB/QDSUB
 *   (`saturating-add-subtract`), REV/REV16/RBIT/REVSH (`reverse`), SEL (`select-bytes`), CLZ
 *   (`count-leading-zeros`) and CRC32 (`crc32`) are the A32 kinds with the same fields.
 * - REV…/CLZ encode Rm twice (hw1 bits 3:0 and hw2 bits 3:0). The ARM ARM (and QEMU) execute with the
 *   second; the two differing is UNPREDICTABLE. objdump prints the first (the printer reads it from `word`).
 * - objdump requires every should-be bit of this class to be exact (hw2 bits 15:12 = 1111, the extends'
 *   bit 6): they are fixed bits, and a unit breaking them is UNDEFINED.
 */
import { NO_MEMORY, SP } from '../a32/common.js';
import type { ParallelAddSubInsn } from '../a32/media.js';
import { inItBlock, itCondition } from '../thumb/common.js';
import { type ThumbRow, t32 } from '../thumb/row.js';
import type { ThumbOfKind } from '../thumb/types.js';
import { badReg } from './data-processing-common.js';

const PC = 15;
const MOV = 13;

/** LSL/LSR/ASR/ROR (register): rd = rm shifted by the bottom byte of rs (A8.8.95 … A8.8.150, encoding T2). */
function decodeRegisterShift(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'dp-register-shifted'> {
  const rm = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rs = bits & 15;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'dp-register-shifted',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: (1 << rm) | (1 << rs),
    writes: 1 << rd,
    setsFlags: (bits & 0x00100000) !== 0,
    unpredictable: badReg(rd) || badReg(rm) || badReg(rs),
    memory: NO_MEMORY,
    target: null,
    opcode: MOV,
    rd,
    rn: 0,
    rm,
    rs,
    shiftType: ((bits >>> 21) & 3) as 0 | 1 | 2 | 3,
  };
}

/** SXTAH … UXTB: hw1 bits 6:4 = 000 SXTH, 001 UXTH, 010 SXTB16, 011 UXTB16, 100 SXTB, 101 UXTB. */
function decodeExtend(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'extend'> {
  const n = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  const form = (bits >>> 21) & 3; // 0 halfword, 1 dual byte, 2 byte
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'extend',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: n === PC ? 1 << rm : (1 << n) | (1 << rm),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: badReg(rd) || badReg(rm) || n === SP,
    memory: NO_MEMORY,
    target: null,
    rd,
    rn: n === PC ? null : n,
    rm,
    rotation: (bits & 0x30) >>> 1,
    signed: (bits & 0x00100000) === 0,
    size: form === 0 ? 2 : 1,
    dual: form === 1,
  };
}

/** hw2 bits 5:4 of the parallel add/subtract encodings: S/U, Q/UQ, SH/UH. */
const PARALLEL_ARITHMETIC: readonly ParallelAddSubInsn['arithmetic'][] = [
  'modular',
  'saturating',
  'halving',
  'modular',
];
/** hw1 bits 6:4: 000 ADD8, 001 ADD16, 010 ASX, 100 SUB8, 101 SUB16, 110 SAX (011 and 111 have no row). */
const PARALLEL_OPERATION: readonly ParallelAddSubInsn['operation'][] = [
  'add8',
  'add16',
  'asx',
  'asx',
  'sub8',
  'sub16',
  'sax',
  'sax',
];

/** Parallel add/subtract (A6.3.13 signed, A6.3.14 unsigned: hw2 bit 6). */
function decodeParallelAddSub(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'parallel-add-sub'> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  const arithmetic = PARALLEL_ARITHMETIC[(bits >>> 4) & 3]!;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'parallel-add-sub',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 1 << rd,
    setsFlags: arithmetic === 'modular',
    unpredictable: badReg(rd) || badReg(rn) || badReg(rm),
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    rm,
    signed: (bits & 0x40) === 0,
    arithmetic,
    operation: PARALLEL_OPERATION[(bits >>> 20) & 7]!,
  };
}

/** QADD / QDADD / QSUB / QDSUB: rd = SignedSat(rm ± (doubled) rn); hw2 bit 5 subtract, bit 4 doubling. */
function decodeSaturatingAddSubtract(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'saturating-add-subtract'> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'saturating-add-subtract',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 1 << rd,
    setsFlags: true,
    unpredictable: badReg(rd) || badReg(rn) || badReg(rm),
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    rm,
    subtract: (bits & 0x20) !== 0,
    doubling: (bits & 0x10) !== 0,
  };
}

/** True when the two copies of Rm (hw1 bits 3:0, hw2 bits 3:0) differ: !Consistent(Rm). */
function inconsistentRm(bits: number): boolean {
  return ((bits >>> 16) & 15) !== (bits & 15);
}

const REVERSE_OPERATION: readonly ThumbOfKind<'reverse'>['operation'][] = ['rev', 'rev16', 'rbit', 'revsh'];

/** REV / REV16 / RBIT / REVSH (hw2 bits 5:4). */
function decodeReverse(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'reverse'> {
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'reverse',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << rm,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: badReg(rd) || badReg(rm) || inconsistentRm(bits),
    memory: NO_MEMORY,
    target: null,
    rd,
    rm,
    operation: REVERSE_OPERATION[(bits >>> 4) & 3]!,
  };
}

function decodeSelectBytes(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'select-bytes'> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'select-bytes',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: badReg(rd) || badReg(rn) || badReg(rm),
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    rm,
  };
}

function decodeCountLeadingZeros(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'count-leading-zeros'> {
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'count-leading-zeros',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << rm,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: badReg(rd) || badReg(rm) || inconsistentRm(bits),
    memory: NO_MEMORY,
    target: null,
    rd,
    rm,
  };
}

/**
 * CRC32{C}{B,H,W} (ARMv8, T1): hw1 bit 4 = C, hw2 bits 5:4 = sz. The ARMv8 ARM: UNPREDICTABLE with a PC
 * operand or inside an IT block (objdump prints no condition for it).
 */
function decodeCrc32(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'crc32'> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'crc32',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: rd === PC || rn === PC || rm === PC || inItBlock(itState),
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    rm,
    size: 1 << ((bits >>> 4) & 3),
    castagnoli: (bits & 0x00100000) !== 0,
  };
}

const shift = decodeRegisterShift;
const extend = decodeExtend;
const parallel = decodeParallelAddSub;

/**
 * Rows in first-match order (the extends without an add, Rn = 1111, before those with one). Fields:
 * n = Rn, d = Rd, m = Rm (twice for REV…/CLZ), s = S, r = rotation.
 */
export const t32DataProcessingRegisterRows: readonly ThumbRow[] = [
  // Register-controlled shifts (MOV with a register-shifted register)
  t32('11111010 000s nnnn 1111 dddd 0000 mmmm', 'lsl', shift),
  t32('11111010 001s nnnn 1111 dddd 0000 mmmm', 'lsr', shift),
  t32('11111010 010s nnnn 1111 dddd 0000 mmmm', 'asr', shift),
  t32('11111010 011s nnnn 1111 dddd 0000 mmmm', 'ror', shift),

  // Extends, with and without an add (bit 6 of hw2 is a (0) objdump requires)
  t32('11111010 0000 1111 1111 dddd 10rr mmmm', 'sxth', extend),
  t32('11111010 0000 nnnn 1111 dddd 10rr mmmm', 'sxtah', extend),
  t32('11111010 0001 1111 1111 dddd 10rr mmmm', 'uxth', extend),
  t32('11111010 0001 nnnn 1111 dddd 10rr mmmm', 'uxtah', extend),
  t32('11111010 0010 1111 1111 dddd 10rr mmmm', 'sxtb16', extend),
  t32('11111010 0010 nnnn 1111 dddd 10rr mmmm', 'sxtab16', extend),
  t32('11111010 0011 1111 1111 dddd 10rr mmmm', 'uxtb16', extend),
  t32('11111010 0011 nnnn 1111 dddd 10rr mmmm', 'uxtab16', extend),
  t32('11111010 0100 1111 1111 dddd 10rr mmmm', 'sxtb', extend),
  t32('11111010 0100 nnnn 1111 dddd 10rr mmmm', 'sxtab', extend),
  t32('11111010 0101 1111 1111 dddd 10rr mmmm', 'uxtb', extend),
  t32('11111010 0101 nnnn 1111 dddd 10rr mmmm', 'uxtab', extend),

  // A6.3.13 parallel addition and subtraction, signed
  t32('11111010 1001 nnnn 1111 dddd 0000 mmmm', 'sadd16', parallel),
  t32('11111010 1010 nnnn 1111 dddd 0000 mmmm', 'sasx', parallel),
  t32('11111010 1110 nnnn 1111 dddd 0000 mmmm', 'ssax', parallel),
  t32('11111010 1101 nnnn 1111 dddd 0000 mmmm', 'ssub16', parallel),
  t32('11111010 1000 nnnn 1111 dddd 0000 mmmm', 'sadd8', parallel),
  t32('11111010 1100 nnnn 1111 dddd 0000 mmmm', 'ssub8', parallel),
  t32('11111010 1001 nnnn 1111 dddd 0001 mmmm', 'qadd16', parallel),
  t32('11111010 1010 nnnn 1111 dddd 0001 mmmm', 'qasx', parallel),
  t32('11111010 1110 nnnn 1111 dddd 0001 mmmm', 'qsax', parallel),
  t32('11111010 1101 nnnn 1111 dddd 0001 mmmm', 'qsub16', parallel),
  t32('11111010 1000 nnnn 1111 dddd 0001 mmmm', 'qadd8', parallel),
  t32('11111010 1100 nnnn 1111 dddd 0001 mmmm', 'qsub8', parallel),
  t32('11111010 1001 nnnn 1111 dddd 0010 mmmm', 'shadd16', parallel),
  t32('11111010 1010 nnnn 1111 dddd 0010 mmmm', 'shasx', parallel),
  t32('11111010 1110 nnnn 1111 dddd 0010 mmmm', 'shsax', parallel),
  t32('11111010 1101 nnnn 1111 dddd 0010 mmmm', 'shsub16', parallel),
  t32('11111010 1000 nnnn 1111 dddd 0010 mmmm', 'shadd8', parallel),
  t32('11111010 1100 nnnn 1111 dddd 0010 mmmm', 'shsub8', parallel),
  // A6.3.14 parallel addition and subtraction, unsigned
  t32('11111010 1001 nnnn 1111 dddd 0100 mmmm', 'uadd16', parallel),
  t32('11111010 1010 nnnn 1111 dddd 0100 mmmm', 'uasx', parallel),
  t32('11111010 1110 nnnn 1111 dddd 0100 mmmm', 'usax', parallel),
  t32('11111010 1101 nnnn 1111 dddd 0100 mmmm', 'usub16', parallel),
  t32('11111010 1000 nnnn 1111 dddd 0100 mmmm', 'uadd8', parallel),
  t32('11111010 1100 nnnn 1111 dddd 0100 mmmm', 'usub8', parallel),
  t32('11111010 1001 nnnn 1111 dddd 0101 mmmm', 'uqadd16', parallel),
  t32('11111010 1010 nnnn 1111 dddd 0101 mmmm', 'uqasx', parallel),
  t32('11111010 1110 nnnn 1111 dddd 0101 mmmm', 'uqsax', parallel),
  t32('11111010 1101 nnnn 1111 dddd 0101 mmmm', 'uqsub16', parallel),
  t32('11111010 1000 nnnn 1111 dddd 0101 mmmm', 'uqadd8', parallel),
  t32('11111010 1100 nnnn 1111 dddd 0101 mmmm', 'uqsub8', parallel),
  t32('11111010 1001 nnnn 1111 dddd 0110 mmmm', 'uhadd16', parallel),
  t32('11111010 1010 nnnn 1111 dddd 0110 mmmm', 'uhasx', parallel),
  t32('11111010 1110 nnnn 1111 dddd 0110 mmmm', 'uhsax', parallel),
  t32('11111010 1101 nnnn 1111 dddd 0110 mmmm', 'uhsub16', parallel),
  t32('11111010 1000 nnnn 1111 dddd 0110 mmmm', 'uhadd8', parallel),
  t32('11111010 1100 nnnn 1111 dddd 0110 mmmm', 'uhsub8', parallel),

  // A6.3.15 miscellaneous operations
  t32('11111010 1000 nnnn 1111 dddd 1000 mmmm', 'qadd', decodeSaturatingAddSubtract),
  t32('11111010 1000 nnnn 1111 dddd 1001 mmmm', 'qdadd', decodeSaturatingAddSubtract),
  t32('11111010 1000 nnnn 1111 dddd 1010 mmmm', 'qsub', decodeSaturatingAddSubtract),
  t32('11111010 1000 nnnn 1111 dddd 1011 mmmm', 'qdsub', decodeSaturatingAddSubtract),
  t32('11111010 1001 mmmm 1111 dddd 1000 mmmm', 'rev', decodeReverse),
  t32('11111010 1001 mmmm 1111 dddd 1001 mmmm', 'rev16', decodeReverse),
  t32('11111010 1001 mmmm 1111 dddd 1010 mmmm', 'rbit', decodeReverse),
  t32('11111010 1001 mmmm 1111 dddd 1011 mmmm', 'revsh', decodeReverse),
  t32('11111010 1010 nnnn 1111 dddd 1000 mmmm', 'sel', decodeSelectBytes),
  t32('11111010 1011 mmmm 1111 dddd 1000 mmmm', 'clz', decodeCountLeadingZeros),

  // CRC32 (ARMv8): hw1 bit 4 = C (Castagnoli), hw2 bits 5:4 = size
  t32('11111010 1100 nnnn 1111 dddd 1000 mmmm', 'crc32b', decodeCrc32),
  t32('11111010 1100 nnnn 1111 dddd 1001 mmmm', 'crc32h', decodeCrc32),
  t32('11111010 1100 nnnn 1111 dddd 1010 mmmm', 'crc32w', decodeCrc32),
  t32('11111010 1101 nnnn 1111 dddd 1000 mmmm', 'crc32cb', decodeCrc32),
  t32('11111010 1101 nnnn 1111 dddd 1001 mmmm', 'crc32ch', decodeCrc32),
  t32('11111010 1101 nnnn 1111 dddd 1010 mmmm', 'crc32cw', decodeCrc32),
];
