/**
 * Load/store class: A5.3 load/store word and unsigned byte (this file), A5.2.8/A5.2.9 extra load/store
 * (load-store-extra.ts), A5.2.10 synchronization primitives (synchronization.ts) and the LDM/STM part of
 * A5.5 (load-store-multiple.ts).
 */
import { PC } from './common.js';
import {
  ACCESS_LOAD,
  ACCESS_STORE,
  decodeShiftAmount,
  type LoadStoreImmediateInsn,
  type LoadStoreRegisterInsn,
  memoryAccess,
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
  const index = (word & 0x01000000) !== 0;
  const add = (word & 0x00800000) !== 0;
  const byte = (word & 0x00400000) !== 0;
  const w = (word & 0x00200000) !== 0;
  const load = (word & 0x00100000) !== 0;
  const rn = (word >>> 16) & 15;
  const rt = (word >>> 12) & 15;
  const imm32 = word & 0xfff;
  const unprivileged = !index && w;
  const wback = !index || w;
  let literalAddress: number | null = null;
  if (rn === PC) {
    const base = (address + 8) >>> 0;
    literalAddress = index ? (add ? base + imm32 : base - imm32) >>> 0 : base;
  }
  const masked = word & 0x0fff0fff;
  if (masked === 0x052d0004) op = 'push';
  else if (masked === 0x049d0004) op = 'pop';
  const unpredictable =
    (wback && (rn === PC || rn === rt)) || (byte && rt === PC) || (unprivileged && load && rt === PC);
  return {
    isa: 'arm',
    kind: 'loadStoreImmediate',
    address,
    word,
    cond: word >>> 28,
    op,
    reads: load ? 1 << rn : (1 << rn) | (1 << rt),
    writes: (load ? 1 << rt : 0) | (wback ? 1 << rn : 0),
    setsFlags: false,
    unpredictable,
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, byte ? 1 : 4, false, unprivileged),
    target: null,
    load,
    size: byte ? 1 : 4,
    signed: false,
    unprivileged,
    rt,
    rt2: -1,
    rn,
    imm32,
    index,
    add,
    wback,
    literalAddress,
  };
}

/* A5.3, register offset (LDR/STR/LDRB/STRB register, LDRT/STRT/LDRBT/STRBT A2). */
function decodeWordByteRegister(word: number, address: number, op: string, _broken: boolean): LoadStoreRegisterInsn {
  const index = (word & 0x01000000) !== 0;
  const add = (word & 0x00800000) !== 0;
  const byte = (word & 0x00400000) !== 0;
  const w = (word & 0x00200000) !== 0;
  const load = (word & 0x00100000) !== 0;
  const rn = (word >>> 16) & 15;
  const rt = (word >>> 12) & 15;
  const rm = word & 15;
  const shiftType = (word >>> 5) & 3;
  const unprivileged = !index && w;
  const wback = !index || w;
  const unpredictable =
    rm === PC || (wback && (rn === PC || rn === rt)) || (byte && rt === PC) || (unprivileged && load && rt === PC);
  return {
    isa: 'arm',
    kind: 'loadStoreRegister',
    address,
    word,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm) | (load ? 0 : 1 << rt),
    writes: (load ? 1 << rt : 0) | (wback ? 1 << rn : 0),
    setsFlags: false,
    unpredictable,
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, byte ? 1 : 4, false, unprivileged),
    target: null,
    load,
    size: byte ? 1 : 4,
    signed: false,
    unprivileged,
    rt,
    rt2: -1,
    rn,
    rm,
    shiftType,
    shiftAmount: decodeShiftAmount(shiftType, (word >>> 7) & 31),
    index,
    add,
    wback,
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
