/**
 * A6.3.3 data-processing (plain binary immediate): `hw1` = 11110 i 1 op(5) Rn, `hw2` = 0 imm3 Rd imm2/imm8.
 *
 * - ADDW / SUBW (ADD/SUB immediate T4, SP plus/minus immediate, and ADR T3/T2 when Rn = PC) are
 *   `dp-immediate` with opcode ADD (4) / SUB (2), `op` 'addw' / 'subw' as objdump prints them (also for
 *   ADR), `imm32` the plain 12-bit immediate, `rotation` 0 and `imm8` imm12<7:0>. With Rn = PC the base is
 *   Align(PC, 4) (ADR): in Thumb state that is the only dp-immediate form that reads the PC predictably.
 * - MOVW / MOVT are `move-halfword`; SSAT / USAT `saturate`; SSAT16 / USAT16 `saturate-16`; SBFX / UBFX
 *   `bitfield-extract`; BFI / BFC `bitfield-insert` — the A32 kinds with the same fields.
 * - The (0) bits objdump requires to be zero (hw1 bit 10 of the saturate/bitfield group, hw2 bit 5, and
 *   SSAT16/USAT16's imm3:imm2 and bit 5) are fixed: a unit breaking them is UNDEFINED for objdump. SSAT16 /
 *   USAT16's bit 4 is not (objdump prints it as a fifth bit of the saturate position); it is UNPREDICTABLE.
 */
import { NO_MEMORY, SP } from '../a32/common.js';
import { itCondition } from '../thumb/common.js';
import { type ThumbRow, t32 } from '../thumb/row.js';
import type { ThumbOfKind } from '../thumb/types.js';
import { badReg, imm5Of, imm12Of } from './data-processing-common.js';

const PC = 15;
const SUB = 2;
const ADD = 4;

/** ADDW / SUBW / ADR: Rd = Rn ± imm12 (Rn = PC: Align(PC, 4) ± imm12). */
function decodeAddSubtractWide(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'dp-immediate'> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const imm12 = imm12Of(bits);
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'dp-immediate',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << rn,
    writes: 1 << rd,
    setsFlags: false,
    // ADD/SUB (SP plus/minus immediate) T4/T3 forbid only Rd = PC; ADR and the general form Rd = SP or PC.
    unpredictable: rn === SP ? rd === PC : badReg(rd),
    memory: NO_MEMORY,
    target: null,
    opcode: (bits & 0x00a00000) === 0 ? ADD : SUB,
    rd,
    rn,
    imm32: imm12,
    imm8: imm12 & 0xff,
    rotation: 0,
  };
}

/** MOVW / MOVT: imm16 = imm4:i:imm3:imm8. */
function decodeMoveHalfword(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'move-halfword'> {
  const rd = (bits >>> 8) & 15;
  const top = (bits & 0x00800000) !== 0;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'move-halfword',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    // MOVT keeps the bottom half of rd: it reads rd as well as writing it.
    reads: top ? 1 << rd : 0,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: badReg(rd),
    memory: NO_MEMORY,
    target: null,
    rd,
    imm16: ((bits >>> 4) & 0xf000) | imm12Of(bits),
    top,
  };
}

/** SSAT / USAT: saturate Rn shifted by LSL / ASR (sh, hw1 bit 5) to sat_imm (+1 for SSAT). */
function decodeSaturate(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'saturate'> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const signed = (bits & 0x00800000) === 0;
  const satImm = bits & 31;
  const asr = (bits & 0x00200000) !== 0;
  const imm5 = imm5Of(bits);
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'saturate',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << rn,
    writes: 1 << rd,
    setsFlags: true,
    unpredictable: badReg(rd) || badReg(rn),
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    signed,
    saturateTo: signed ? satImm + 1 : satImm,
    shiftType: asr ? 2 : 0,
    // ASR #0 is SSAT16/USAT16, matched first; the A32 model's "0 means 32" cannot arise.
    shiftAmount: asr && imm5 === 0 ? 32 : imm5,
  };
}

/** SSAT16 / USAT16: saturate both halfwords of Rn to sat_imm (4 bits; +1 for SSAT16). */
function decodeSaturate16(
  bits: number,
  address: number,
  op: string,
  broken: boolean,
  itState: number,
): ThumbOfKind<'saturate-16'> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const signed = (bits & 0x00800000) === 0;
  const satImm = bits & 15;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'saturate-16',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << rn,
    writes: 1 << rd,
    setsFlags: true,
    unpredictable: broken || badReg(rd) || badReg(rn),
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    signed,
    saturateTo: signed ? satImm + 1 : satImm,
  };
}

/** SBFX / UBFX: lsb = imm3:imm2, width = widthm1 + 1. */
function decodeBitfieldExtract(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'bitfield-extract'> {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const lsb = imm5Of(bits);
  const width = (bits & 31) + 1;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'bitfield-extract',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << rn,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: badReg(rd) || badReg(rn) || lsb + width > 32,
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    signed: (bits & 0x00800000) === 0,
    lsb,
    width,
  };
}

/** BFI / BFC (Rn = 1111): bits msb:lsb of Rd from Rn's bottom bits, or cleared. */
function decodeBitfieldInsert(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbOfKind<'bitfield-insert'> {
  const n = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const lsb = imm5Of(bits);
  const msb = bits & 31;
  const clear = n === PC;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'bitfield-insert',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: clear ? 1 << rd : (1 << rd) | (1 << n),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: badReg(rd) || n === SP || msb < lsb,
    memory: NO_MEMORY,
    target: null,
    rd,
    rn: clear ? null : n,
    lsb,
    msb,
  };
}

/**
 * Rows in first-match order (SSAT16/USAT16 before SSAT/USAT: sh = 1 with a zero shift is the 16-bit form;
 * BFC before BFI). Fields: i:iii:iiiiiiii = imm12 (imm4 in the Rn field for MOVW/MOVT), n = Rn, d = Rd,
 * h = sh, ii (hw2 bits 7:6) = imm2, s = sat_imm, w = widthm1, b = msb, z = (0).
 */
export const t32PlainImmediateRows: readonly ThumbRow[] = [
  t32('11110 i 1 00000 nnnn 0 iii dddd iiii iiii', 'addw', decodeAddSubtractWide),
  t32('11110 i 1 00100 iiii 0 iii dddd iiii iiii', 'movw', decodeMoveHalfword),
  t32('11110 i 1 01010 nnnn 0 iii dddd iiii iiii', 'subw', decodeAddSubtractWide),
  t32('11110 i 1 01100 iiii 0 iii dddd iiii iiii', 'movt', decodeMoveHalfword),
  t32('11110 0 1 10010 nnnn 0 000 dddd 00 0 z ssss', 'ssat16', decodeSaturate16),
  t32('11110 0 1 100h0 nnnn 0 iii dddd ii 0 sssss', 'ssat', decodeSaturate),
  t32('11110 0 1 10100 nnnn 0 iii dddd ii 0 wwwww', 'sbfx', decodeBitfieldExtract),
  t32('11110 0 1 10110 1111 0 iii dddd ii 0 bbbbb', 'bfc', decodeBitfieldInsert),
  t32('11110 0 1 10110 nnnn 0 iii dddd ii 0 bbbbb', 'bfi', decodeBitfieldInsert),
  t32('11110 0 1 11010 nnnn 0 000 dddd 00 0 z ssss', 'usat16', decodeSaturate16),
  t32('11110 0 1 110h0 nnnn 0 iii dddd ii 0 sssss', 'usat', decodeSaturate),
  t32('11110 0 1 11100 nnnn 0 iii dddd ii 0 wwwww', 'ubfx', decodeBitfieldExtract),
];
