/**
 * A6.3.6, 32-bit Thumb load/store dual, exclusive and table branch: LDRD/STRD (immediate and literal),
 * LDREX/STREX (word, with an imm8 × 4 offset), LDREXB/H/D and STREXB/H/D, the ARMv8 LDA/STL and
 * LDAEX/STLEX families, and TBB/TBH. Plus the two ARMv8-M encodings objdump 2.40 spells in this space:
 * SG (an LDRD with writeback to a PC base) and TT/TTT/TTA/TTAT (STREX with Rt = PC); both are
 * UNPREDICTABLE on an A-profile CPU and keep their LDRD / STREX shapes here.
 *
 * The exclusive and acquire/release rows fix every should-be bit, as objdump matches them: a unit breaking
 * one is UNPREDICTABLE, for which UNDEFINED is a permitted behaviour, so it decodes as UNDEFINED.
 */
import { PC, SP } from '../a32/common.js';
import { ACCESS_LOAD, ACCESS_STORE, type LoadStoreImmediateInsn, memoryAccess } from '../a32/load-store-common.js';
import type { LoadAcquireStoreReleaseInsn } from '../a32/synchronization.js';
import { itCondition, type ThumbForm } from '../thumb/common.js';
import { thumbUndefined } from '../thumb/decode.js';
import { type ThumbRow, t32 } from '../thumb/row.js';
import type { TableBranchInsn, ThumbLoadStoreExclusiveInsn } from '../thumb/types.js';
import { badReg, thumbLiteralBase } from './load-store-common.js';

/**
 * LDRD / STRD (immediate, literal): `[rn, #±imm8×4]{!}` (P = 1) or `[rn], #±imm8×4` (P = 0, W = 1); Rt2 is
 * its own field (bits 11:8), unlike A32's Rt + 1.
 */
function decodeDual(bits: number, address: number, op: string, broken: boolean, itState: number) {
  const index = (bits & 0x01000000) !== 0;
  const add = (bits & 0x00800000) !== 0;
  const wback = (bits & 0x00200000) !== 0;
  const load = (bits & 0x00100000) !== 0;
  const rn = (bits >>> 16) & 15;
  const rt = (bits >>> 12) & 15;
  const rt2 = (bits >>> 8) & 15;
  const imm32 = (bits & 0xff) << 2;
  let literalAddress: number | null = null;
  if (rn === PC) {
    const base = thumbLiteralBase(address);
    literalAddress = index ? (add ? base + imm32 : base - imm32) >>> 0 : base;
  }
  const pair = (1 << rt) | (1 << rt2);
  const insn: ThumbForm<LoadStoreImmediateInsn> = {
    isa: 'thumb',
    kind: 'loadStoreImmediate',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: load ? 1 << rn : (1 << rn) | pair,
    writes: (load ? pair : 0) | (wback ? 1 << rn : 0),
    setsFlags: false,
    unpredictable:
      broken ||
      badReg(rt) ||
      badReg(rt2) ||
      (load && rt === rt2) ||
      (wback && (rn === rt || rn === rt2 || rn === PC)) ||
      (!load && rn === PC),
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, 8, false, false),
    target: null,
    load,
    size: 8,
    signed: false,
    unprivileged: false,
    rt,
    rt2,
    rn,
    imm32,
    index,
    add,
    wback,
    literalAddress,
    length: 4,
    itState,
  };
  return insn;
}

/* Sizes of the byte/halfword/doubleword exclusive forms by bits 5:4 of hw2 (00 byte, 01 halfword, 11 dual). */
const EXCLUSIVE_SIZE: readonly (1 | 2 | 4 | 8)[] = [1, 2, 4, 8];

/** Builds an exclusive instruction (the fields in the A32 decoder's order, plus the Thumb offset). */
function exclusive(
  bits: number,
  address: number,
  op: string,
  itState: number,
  load: boolean,
  size: 1 | 2 | 4 | 8,
  acquireRelease: boolean,
  rd: number,
  rt: number,
  rt2: number,
  imm32: number,
  unpredictable: boolean,
): ThumbLoadStoreExclusiveInsn {
  const rn = (bits >>> 16) & 15;
  const data = rt2 >= 0 ? (1 << rt) | (1 << rt2) : 1 << rt;
  return {
    isa: 'thumb',
    kind: 'loadStoreExclusive',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: load ? 1 << rn : (1 << rn) | data,
    writes: load ? data : 1 << rd,
    setsFlags: false,
    unpredictable,
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, size, true, false),
    target: null,
    load,
    size,
    acquireRelease,
    rd,
    rt,
    rt2,
    rn,
    imm32,
    length: 4,
    itState,
  };
}

/** LDREX (word): `[rn, #imm8×4]`. */
function decodeLoadExclusiveWord(bits: number, address: number, op: string, broken: boolean, itState: number) {
  const rn = (bits >>> 16) & 15;
  const rt = (bits >>> 12) & 15;
  const bad = broken || badReg(rt) || rn === PC;
  return exclusive(bits, address, op, itState, true, 4, false, -1, rt, -1, (bits & 0xff) << 2, bad);
}

/** STREX (word): status in Rd (bits 11:8), `[rn, #imm8×4]`. Also objdump's TT family (Rt = PC). */
function decodeStoreExclusiveWord(bits: number, address: number, op: string, broken: boolean, itState: number) {
  const rn = (bits >>> 16) & 15;
  const rt = (bits >>> 12) & 15;
  const rd = (bits >>> 8) & 15;
  const bad = broken || badReg(rd) || badReg(rt) || rn === PC || rd === rn || rd === rt;
  return exclusive(bits, address, op, itState, false, 4, false, rd, rt, -1, (bits & 0xff) << 2, bad);
}

/**
 * LDREXB/H/D and LDAEX/LDAEXB/H/D: hw2 = Rt, Rt2 (1111 unless D), 01sz (LDREX*) or 11sz (LDAEX*), 1111.
 * Bits 5:4 give the size: 00 byte, 01 halfword, 10 word, 11 doubleword.
 */
function decodeLoadExclusive(bits: number, address: number, op: string, broken: boolean, itState: number) {
  const rn = (bits >>> 16) & 15;
  const rt = (bits >>> 12) & 15;
  const size = EXCLUSIVE_SIZE[(bits >>> 4) & 3]!;
  const dual = size === 8;
  const rt2 = dual ? (bits >>> 8) & 15 : -1;
  const bad = broken || badReg(rt) || rn === PC || (dual && (badReg(rt2) || rt === rt2));
  return exclusive(bits, address, op, itState, true, size, (bits & 0x80) !== 0, -1, rt, rt2, 0, bad);
}

/** STREXB/H/D and STLEX/STLEXB/H/D: status in Rd (bits 3:0). */
function decodeStoreExclusive(bits: number, address: number, op: string, broken: boolean, itState: number) {
  const rn = (bits >>> 16) & 15;
  const rt = (bits >>> 12) & 15;
  const rd = bits & 15;
  const size = EXCLUSIVE_SIZE[(bits >>> 4) & 3]!;
  const dual = size === 8;
  const rt2 = dual ? (bits >>> 8) & 15 : -1;
  const bad =
    broken || badReg(rd) || badReg(rt) || rn === PC || rd === rn || rd === rt || (dual && (badReg(rt2) || rd === rt2));
  return exclusive(bits, address, op, itState, false, size, (bits & 0x80) !== 0, rd, rt, rt2, 0, bad);
}

/** LDA/LDAB/LDAH and STL/STLB/STLH: `[rn]`, Rt in bits 15:12 for both directions. */
function decodeAcquireRelease(bits: number, address: number, op: string, broken: boolean, itState: number) {
  const load = (bits & 0x00100000) !== 0;
  const rn = (bits >>> 16) & 15;
  const rt = (bits >>> 12) & 15;
  const size = EXCLUSIVE_SIZE[(bits >>> 4) & 3]! as 1 | 2 | 4;
  const insn: ThumbForm<LoadAcquireStoreReleaseInsn> = {
    isa: 'thumb',
    kind: 'loadAcquireStoreRelease',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: load ? 1 << rn : (1 << rn) | (1 << rt),
    writes: load ? 1 << rt : 0,
    setsFlags: false,
    unpredictable: broken || badReg(rt) || rn === PC,
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, size, false, false),
    target: null,
    load,
    size,
    rt,
    rn,
    length: 4,
    itState,
  };
  return insn;
}

/** TBB / TBH: branch to PC + 2 × table[rn + rm] (TBH: rn + 2 × rm); PC reads as address + 4. */
function decodeTableBranch(bits: number, address: number, op: string, broken: boolean, itState: number) {
  const rn = (bits >>> 16) & 15;
  const rm = bits & 15;
  const half = (bits & 0x10) !== 0;
  const insn: TableBranchInsn = {
    isa: 'thumb',
    kind: 'table-branch',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 1 << PC,
    setsFlags: false,
    unpredictable: broken || rn === SP || badReg(rm) || ((itState & 0xf) !== 0 && (itState & 0xf) !== 8),
    memory: memoryAccess(ACCESS_LOAD, half ? 2 : 1, false, false),
    target: null,
    rn,
    rm,
    half,
    length: 4,
    itState,
  };
  return insn;
}

function decodeUndefined(bits: number, address: number, _op: string, _broken: boolean, itState: number) {
  return thumbUndefined(bits, 4, address, itState);
}

/*
 * Fields: n = Rn, t = Rt, T = Rt2, d = Rd, m = Rm, i = imm8, P/U/W/L as in the ARM ARM. The order is
 * objdump's: the exact ARMv8-M and ARMv8 encodings first, then the v7 exclusives, then LDRD/STRD.
 */
export const t32LoadStoreDualRows: readonly ThumbRow[] = [
  t32('1110 1001 0111 1111 1110 1001 0111 1111', 'sg', decodeDual),
  t32('1110 1000 0100 nnnn 1111 dddd 0000 0000', 'tt', decodeStoreExclusiveWord),
  t32('1110 1000 0100 nnnn 1111 dddd 0100 0000', 'ttt', decodeStoreExclusiveWord),
  t32('1110 1000 0100 nnnn 1111 dddd 1000 0000', 'tta', decodeStoreExclusiveWord),
  t32('1110 1000 0100 nnnn 1111 dddd 1100 0000', 'ttat', decodeStoreExclusiveWord),
  // ARMv8 acquire/release.
  t32('1110 1000 1100 nnnn tttt 1111 1000 1111', 'stlb', decodeAcquireRelease),
  t32('1110 1000 1100 nnnn tttt 1111 1001 1111', 'stlh', decodeAcquireRelease),
  t32('1110 1000 1100 nnnn tttt 1111 1010 1111', 'stl', decodeAcquireRelease),
  t32('1110 1000 1100 nnnn tttt 1111 1100 dddd', 'stlexb', decodeStoreExclusive),
  t32('1110 1000 1100 nnnn tttt 1111 1101 dddd', 'stlexh', decodeStoreExclusive),
  t32('1110 1000 1100 nnnn tttt 1111 1110 dddd', 'stlex', decodeStoreExclusive),
  t32('1110 1000 1100 nnnn tttt TTTT 1111 dddd', 'stlexd', decodeStoreExclusive),
  t32('1110 1000 1101 nnnn tttt 1111 1000 1111', 'ldab', decodeAcquireRelease),
  t32('1110 1000 1101 nnnn tttt 1111 1001 1111', 'ldah', decodeAcquireRelease),
  t32('1110 1000 1101 nnnn tttt 1111 1010 1111', 'lda', decodeAcquireRelease),
  t32('1110 1000 1101 nnnn tttt 1111 1100 1111', 'ldaexb', decodeLoadExclusive),
  t32('1110 1000 1101 nnnn tttt 1111 1101 1111', 'ldaexh', decodeLoadExclusive),
  t32('1110 1000 1101 nnnn tttt 1111 1110 1111', 'ldaex', decodeLoadExclusive),
  t32('1110 1000 1101 nnnn tttt TTTT 1111 1111', 'ldaexd', decodeLoadExclusive),
  // Table branches.
  t32('1110 1000 1101 nnnn 1111 0000 0000 mmmm', 'tbb', decodeTableBranch),
  t32('1110 1000 1101 nnnn 1111 0000 0001 mmmm', 'tbh', decodeTableBranch),
  // ARMv7 exclusives.
  t32('1110 1000 1101 nnnn tttt 1111 0100 1111', 'ldrexb', decodeLoadExclusive),
  t32('1110 1000 1101 nnnn tttt 1111 0101 1111', 'ldrexh', decodeLoadExclusive),
  t32('1110 1000 1101 nnnn tttt TTTT 0111 1111', 'ldrexd', decodeLoadExclusive),
  t32('1110 1000 1100 nnnn tttt 1111 0100 dddd', 'strexb', decodeStoreExclusive),
  t32('1110 1000 1100 nnnn tttt 1111 0101 dddd', 'strexh', decodeStoreExclusive),
  t32('1110 1000 1100 nnnn tttt TTTT 0111 dddd', 'strexd', decodeStoreExclusive),
  t32('1110 1000 0101 nnnn tttt 1111 iiii iiii', 'ldrex', decodeLoadExclusiveWord),
  t32('1110 1000 0100 nnnn tttt dddd iiii iiii', 'strex', decodeStoreExclusiveWord),
  // The rest of the exclusive space (P = W = 0): unallocated or broken should-be bits.
  t32('1110 1000 010- ---- ---- ---- ---- ----', 'undefined', decodeUndefined),
  t32('1110 1000 110- ---- ---- ---- ---- ----', 'undefined', decodeUndefined),
  // LDRD / STRD: pre-indexed (P = 1) and post-indexed (P = 0, W = 1).
  t32('1110 1001 U1W0 nnnn tttt TTTT iiii iiii', 'strd', decodeDual),
  t32('1110 1001 U1W1 nnnn tttt TTTT iiii iiii', 'ldrd', decodeDual),
  t32('1110 1000 U110 nnnn tttt TTTT iiii iiii', 'strd', decodeDual),
  t32('1110 1000 U111 nnnn tttt TTTT iiii iiii', 'ldrd', decodeDual),
];
