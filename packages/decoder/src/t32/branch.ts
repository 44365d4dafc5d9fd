/**
 * 32-bit Thumb branches with an immediate target (A6.3.4, A8.8.18 / A8.8.25): B<c>.W (T3), B.W (T4), BL and
 * BLX (immediate). They produce the A32 `branch-immediate` kind: `imm32` is the byte offset from the Thumb
 * PC (the instruction's address + 4; for BLX from Align(PC, 4)), `target` the absolute address.
 *
 * B<c>.W carries its own condition; B.W, BL and BLX take the IT block's. B<c>.W inside an IT block, and the
 * others inside one but not last in it, are UNPREDICTABLE.
 */
import type { BranchImmediateInsn } from '../a32/branch.js';
import { LR, PC } from '../a32/common.js';
import { inItBlock, itCondition, lastInItBlock, type ThumbForm } from '../thumb/common.js';

type ThumbBranchImmediate = ThumbForm<BranchImmediateInsn>;

const PC_BIT = 1 << PC;
const LINK_BITS = PC_BIT | (1 << LR);

/**
 * SignExtend(S:I1:I2:imm10:imm11:'0', 25) of the T4 / BL / BLX encodings, where I1 = NOT(J1 XOR S) and
 * I2 = NOT(J2 XOR S). `bits` is hw1 << 16 | hw2.
 */
export function thumbBranchOffset24(bits: number): number {
  const s = (bits >>> 26) & 1;
  const i1 = 1 ^ ((bits >>> 13) & 1) ^ s;
  const i2 = 1 ^ ((bits >>> 11) & 1) ^ s;
  const unsigned = (s << 24) | (i1 << 23) | (i2 << 22) | (((bits >>> 16) & 0x3ff) << 12) | ((bits & 0x7ff) << 1);
  return (unsigned << 7) >> 7;
}

/** SignExtend(S:J2:J1:imm6:imm11:'0', 21) of the B<c>.W (T3) encoding. */
export function thumbBranchOffset20(bits: number): number {
  const unsigned =
    (((bits >>> 26) & 1) << 20) |
    (((bits >>> 11) & 1) << 19) |
    (((bits >>> 13) & 1) << 18) |
    (((bits >>> 16) & 0x3f) << 12) |
    ((bits & 0x7ff) << 1);
  return (unsigned << 11) >> 11;
}

/** B<c>.W (T3): `11110 S cond imm6 | 10 J1 0 J2 imm11`, cond ≠ 111x. */
export function decodeBranchConditional(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbBranchImmediate {
  const imm32 = thumbBranchOffset20(bits);
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'branch-immediate',
    address,
    word: bits >>> 0,
    cond: (bits >>> 22) & 15,
    op,
    reads: PC_BIT,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: inItBlock(itState),
    memory: null,
    target: (address + 4 + imm32) >>> 0,
    imm32,
    link: false,
    exchange: false,
  };
}

/**
 * B.W (T4), BL and BLX (immediate): `11110 S imm10 | 1 1 J1 x J2 imm11`. BLX targets Align(PC, 4) + imm32
 * and switches to ARM state; its bit 0 (H) must be zero (the rows only take H = 0).
 */
export function decodeBranchWide(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbBranchImmediate {
  const link = (bits & 0x4000) !== 0;
  const exchange = (bits & 0x1000) === 0;
  const imm32 = thumbBranchOffset24(bits);
  const pc = exchange ? (address + 4) & ~3 : address + 4;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'branch-immediate',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: PC_BIT,
    writes: link ? LINK_BITS : PC_BIT,
    setsFlags: false,
    unpredictable: inItBlock(itState) && !lastInItBlock(itState),
    memory: null,
    target: (pc + imm32) >>> 0,
    imm32,
    link,
    exchange,
  };
}
