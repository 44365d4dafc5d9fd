/**
 * Load/store class: A5.3 load/store word and unsigned byte (this file), A5.2.8/A5.2.9 extra load/store
 * (load-store-extra.ts), A5.2.10 synchronization primitives (synchronization.ts) and the LDM/STM part of
 * A5.5 (load-store-multiple.ts).
 */
import { BOOL, bit, PC, same } from './common.js';
import {
  ACCESS_STORE,
  type LoadStoreImmediateInsn,
  type LoadStoreRegisterInsn,
  memoryAccessBits,
} from './load-store-common.js';
import { extraLoadStoreRows } from './load-store-extra.js';
import { type LoadStoreMultipleInsn, loadStoreMultipleRows } from './load-store-multiple.js';
import { type Row, row } from './row.js';
import {
  type LoadAcquireStoreReleaseInsn,
  type LoadStoreExclusiveInsn,
  type SwapInsn,
  synchronizationRows,
} from './synchronization.js';

export type {
  LoadAcquireStoreReleaseInsn,
  LoadStoreExclusiveInsn,
  LoadStoreImmediateInsn,
  LoadStoreMultipleInsn,
  LoadStoreRegisterInsn,
  SwapInsn,
};

/** Instructions of this class. */
export type LoadStoreInsn =
  | LoadStoreImmediateInsn
  | LoadStoreRegisterInsn
  | LoadStoreMultipleInsn
  | LoadStoreExclusiveInsn
  | LoadAcquireStoreReleaseInsn
  | SwapInsn;

/*
 * A5.3, immediate offset (LDR/STR/LDRB/STRB imm12, LDR/LDRB literal, LDRT/STRT/LDRBT/STRBT A1).
 * The single-register PUSH/POP encodings (STR Rt, [sp, #-4]! and LDR Rt, [sp], #4) keep this shape and
 * take objdump's `push`/`pop` as op.
 */
function decodeWordByteImmediate(word: number, address: number, op: string, _broken: boolean): LoadStoreImmediateInsn {
  // Flags as 0/1 numbers and no data-dependent branches on the random-looking bits (see BOOL in common.ts).
  const p = (word >>> 24) & 1;
  const b = (word >>> 22) & 1;
  const l = (word >>> 20) & 1;
  const rn = (word >>> 16) & 15;
  const rt = (word >>> 12) & 15;
  const imm32 = word & 0xfff;
  const unprivileged = (p ^ 1) & (word >>> 21) & 1;
  const wback = (p ^ 1) | ((word >>> 21) & 1);
  let literalAddress: number | null = null;
  if (rn === PC) {
    const base = (address + 8) >>> 0;
    literalAddress = p === 1 ? ((word & 0x00800000) !== 0 ? base + imm32 : base - imm32) >>> 0 : base;
  }
  const masked = word & 0x0fff0fff;
  if (masked === 0x052d0004) op = 'push';
  else if (masked === 0x049d0004) op = 'pop';
  const rtIsPc = same(rt, PC);
  return {
    isa: 'arm',
    kind: 'loadStoreImmediate',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | ((1 << rt) & (l - 1)),
    writes: ((1 << rt) & -l) | ((1 << rn) & -wback),
    setsFlags: false,
    unpredictable: BOOL[(wback & (same(rn, PC) | same(rn, rt))) | (b & rtIsPc) | (unprivileged & l & rtIsPc)]!,
    memory: memoryAccessBits(l ^ ACCESS_STORE, 4 >>> (b << 1), 0, unprivileged),
    target: null,
    load: BOOL[l]!,
    size: (4 >>> (b << 1)) as 1 | 4,
    signed: false,
    unprivileged: BOOL[unprivileged]!,
    rt,
    rt2: -1,
    rn,
    imm32,
    index: BOOL[p]!,
    add: bit(word, 23),
    wback: BOOL[wback]!,
    literalAddress,
  };
}

/* A5.3, register offset (LDR/STR/LDRB/STRB register, LDRT/STRT/LDRBT/STRBT A2). */
function decodeWordByteRegister(word: number, address: number, op: string, _broken: boolean): LoadStoreRegisterInsn {
  const p = (word >>> 24) & 1;
  const b = (word >>> 22) & 1;
  const l = (word >>> 20) & 1;
  const rn = (word >>> 16) & 15;
  const rt = (word >>> 12) & 15;
  const rm = word & 15;
  const shiftType = (word >>> 5) & 3;
  const imm5 = (word >>> 7) & 31;
  const unprivileged = (p ^ 1) & (word >>> 21) & 1;
  const wback = (p ^ 1) | ((word >>> 21) & 1);
  const rtIsPc = same(rt, PC);
  return {
    isa: 'arm',
    kind: 'loadStoreRegister',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm) | ((1 << rt) & (l - 1)),
    writes: ((1 << rt) & -l) | ((1 << rn) & -wback),
    setsFlags: false,
    unpredictable:
      BOOL[same(rm, PC) | (wback & (same(rn, PC) | same(rn, rt))) | (b & rtIsPc) | (unprivileged & l & rtIsPc)]!,
    memory: memoryAccessBits(l ^ ACCESS_STORE, 4 >>> (b << 1), 0, unprivileged),
    target: null,
    load: BOOL[l]!,
    size: (4 >>> (b << 1)) as 1 | 4,
    signed: false,
    unprivileged: BOOL[unprivileged]!,
    rt,
    rt2: -1,
    rn,
    rm,
    shiftType,
    // DecodeImmShift: lsr/asr #0 mean 32 (shift types 1 and 2, imm5 = 0).
    shiftAmount: imm5 + (((imm5 - 1) >>> 31) & ((shiftType ^ (shiftType >>> 1)) & 1) & 1) * 32,
    index: BOOL[p]!,
    add: bit(word, 23),
    wback: BOOL[wback]!,
  };
}

/* A5.3 (op1 = bits 24:20, A = bit 25, B = bit 4): P = 0 with W = 1 selects the unprivileged (…T) forms. */
const wordByteRows: readonly Row[] = [
  row('cccc 0100 u010 nnnn tttt iiii iiii iiii', 'strt', decodeWordByteImmediate),
  row('cccc 0100 u011 nnnn tttt iiii iiii iiii', 'ldrt', decodeWordByteImmediate),
  row('cccc 0100 u110 nnnn tttt iiii iiii iiii', 'strbt', decodeWordByteImmediate),
  row('cccc 0100 u111 nnnn tttt iiii iiii iiii', 'ldrbt', decodeWordByteImmediate),
  row('cccc 010p u0w0 nnnn tttt iiii iiii iiii', 'str', decodeWordByteImmediate),
  row('cccc 010p u0w1 nnnn tttt iiii iiii iiii', 'ldr', decodeWordByteImmediate),
  row('cccc 010p u1w0 nnnn tttt iiii iiii iiii', 'strb', decodeWordByteImmediate),
  row('cccc 010p u1w1 nnnn tttt iiii iiii iiii', 'ldrb', decodeWordByteImmediate),
  row('cccc 0110 u010 nnnn tttt iiii iss0 mmmm', 'strt', decodeWordByteRegister),
  row('cccc 0110 u011 nnnn tttt iiii iss0 mmmm', 'ldrt', decodeWordByteRegister),
  row('cccc 0110 u110 nnnn tttt iiii iss0 mmmm', 'strbt', decodeWordByteRegister),
  row('cccc 0110 u111 nnnn tttt iiii iss0 mmmm', 'ldrbt', decodeWordByteRegister),
  row('cccc 011p u0w0 nnnn tttt iiii iss0 mmmm', 'str', decodeWordByteRegister),
  row('cccc 011p u0w1 nnnn tttt iiii iss0 mmmm', 'ldr', decodeWordByteRegister),
  row('cccc 011p u1w0 nnnn tttt iiii iss0 mmmm', 'strb', decodeWordByteRegister),
  row('cccc 011p u1w1 nnnn tttt iiii iss0 mmmm', 'ldrb', decodeWordByteRegister),
];

/** Rows in first-match order. A row whose pattern fixes bits 31:28 to 1111 belongs to the unconditional space; any other row applies only when cond ≠ 0b1111. */
export const loadStoreRows: readonly Row[] = [
  ...synchronizationRows,
  ...extraLoadStoreRows,
  ...wordByteRows,
  ...loadStoreMultipleRows,
];
