/**
 * A5.2.8 extra load/store (STRH, LDRH, LDRSB, LDRSH, LDRD, STRD: immediate, literal and register offset)
 * and A5.2.9 extra load/store unprivileged (STRHT, LDRHT, LDRSBT, LDRSHT). Both live in the 0b000 space
 * with bit 7 = bit 4 = 1 and op2 (bits 6:5) ≠ 00.
 */
import { PC } from './common.js';
import {
  ACCESS_LOAD,
  ACCESS_STORE,
  type LoadStoreImmediateInsn,
  type LoadStoreRegisterInsn,
  memoryAccess,
} from './load-store-common.js';
import { decodeMoveToBanked } from './miscellaneous.js';
import { type Row, row } from './row.js';
import { type UndefinedInsn, undefinedInsn } from './undefined.js';

/*
 * What the L bit (20) and op2 (bits 6:5) select: 01 halfword; 10 LDRSB (L = 1) or LDRD (L = 0);
 * 11 LDRSH (L = 1) or STRD (L = 0). LDRD/STRD with P = 0, W = 1 are not unprivileged forms: the ARM ARM
 * decodes them as LDRD/STRD and calls them UNPREDICTABLE.
 */

function decodeExtraImmediate(word: number, address: number, op: string, _broken: boolean): LoadStoreImmediateInsn {
  const index = (word & 0x01000000) !== 0;
  const add = (word & 0x00800000) !== 0;
  const w = (word & 0x00200000) !== 0;
  const l = (word & 0x00100000) !== 0;
  const op2 = (word >>> 5) & 3;
  const rn = (word >>> 16) & 15;
  const rt = (word >>> 12) & 15;
  const imm32 = ((word >>> 4) & 0xf0) | (word & 15);
  const dual = !l && op2 !== 1;
  const load = l || op2 === 2;
  const size = dual ? 8 : op2 === 2 ? 1 : 2;
  const unprivileged = !index && w && !dual;
  const wback = !index || w;
  const rt2 = dual ? (rt + 1) & 15 : -1;
  let literalAddress: number | null = null;
  if (rn === PC) {
    const base = (address + 8) >>> 0;
    literalAddress = index ? (add ? base + imm32 : base - imm32) >>> 0 : base;
  }
  let unpredictable: boolean;
  if (unprivileged) unpredictable = rt === PC || rn === PC || rn === rt;
  else if (dual)
    unpredictable = (rt & 1) !== 0 || rt === 14 || (!index && w) || (wback && (rn === PC || rn === rt || rn === rt2));
  else unpredictable = rt === PC || (wback && (rn === PC || rn === rt));
  const pair = dual ? (1 << rt) | (1 << rt2) : 1 << rt;
  return {
    isa: 'arm',
    kind: 'loadStoreImmediate',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: load ? 1 << rn : (1 << rn) | pair,
    writes: (load ? pair : 0) | (wback ? 1 << rn : 0),
    setsFlags: false,
    unpredictable,
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, size, false, unprivileged),
    target: null,
    load,
    size,
    signed: l && op2 !== 1,
    unprivileged,
    rt,
    rt2,
    rn,
    imm32,
    index,
    add,
    wback,
    literalAddress,
  };
}

function decodeExtraRegister(word: number, address: number, op: string, broken: boolean): LoadStoreRegisterInsn {
  const index = (word & 0x01000000) !== 0;
  const add = (word & 0x00800000) !== 0;
  const w = (word & 0x00200000) !== 0;
  const l = (word & 0x00100000) !== 0;
  const op2 = (word >>> 5) & 3;
  const rn = (word >>> 16) & 15;
  const rt = (word >>> 12) & 15;
  const rm = word & 15;
  const dual = !l && op2 !== 1;
  const load = l || op2 === 2;
  const size = dual ? 8 : op2 === 2 ? 1 : 2;
  const unprivileged = !index && w && !dual;
  const wback = !index || w;
  const rt2 = dual ? (rt + 1) & 15 : -1;
  let unpredictable = broken || rm === PC;
  if (unprivileged) unpredictable ||= rt === PC || rn === PC || rn === rt;
  else if (dual)
    unpredictable ||=
      (rt & 1) !== 0 ||
      rt === 14 ||
      (!index && w) ||
      (load && (rm === rt || rm === rt2)) ||
      (wback && (rn === PC || rn === rt || rn === rt2));
  else unpredictable ||= rt === PC || (wback && (rn === PC || rn === rt));
  const pair = dual ? (1 << rt) | (1 << rt2) : 1 << rt;
  return {
    isa: 'arm',
    kind: 'loadStoreRegister',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rm) | (load ? 0 : pair),
    writes: (load ? pair : 0) | (wback ? 1 << rn : 0),
    setsFlags: false,
    unpredictable,
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, size, false, unprivileged),
    target: null,
    load,
    size,
    signed: l && op2 !== 1,
    unprivileged,
    rt,
    rt2,
    rn,
    rm,
    shiftType: 0,
    shiftAmount: 0,
    index,
    add,
    wback,
  };
}

/*
 * STRH/LDRH/LDRSB/LDRSH register forms whose (0)(0)(0)(0) bits 11:8 are broken: UNPREDICTABLE in the ARM ARM;
 * objdump prints them as undefined, and UNDEFINED is a permitted UNPREDICTABLE behaviour, so decode them so.
 */
function decodeBrokenRegisterForm(word: number, address: number, _op: string, _broken: boolean): UndefinedInsn {
  return undefinedInsn(word, address);
}

export const extraLoadStoreRows: readonly Row[] = [
  // A5.2.9 unprivileged: P = 0, W = 1 (op2 = 1x with L = 0 is LDRD/STRD, below).
  row('cccc 0000 u110 nnnn tttt iiii 1011 iiii', 'strht', decodeExtraImmediate),
  row('cccc 0000 u111 nnnn tttt iiii 1011 iiii', 'ldrht', decodeExtraImmediate),
  row('cccc 0000 u111 nnnn tttt iiii 1101 iiii', 'ldrsbt', decodeExtraImmediate),
  row('cccc 0000 u111 nnnn tttt iiii 1111 iiii', 'ldrsht', decodeExtraImmediate),
  row('cccc 0000 u010 nnnn tttt zzzz 1011 mmmm', 'strht', decodeExtraRegister),
  row('cccc 0000 u011 nnnn tttt zzzz 1011 mmmm', 'ldrht', decodeExtraRegister),
  row('cccc 0000 u011 nnnn tttt zzzz 1101 mmmm', 'ldrsbt', decodeExtraRegister),
  row('cccc 0000 u011 nnnn tttt zzzz 1111 mmmm', 'ldrsht', decodeExtraRegister),
  // A5.2.8 immediate (and literal when Rn = PC).
  row('cccc 000p u1w0 nnnn tttt iiii 1011 iiii', 'strh', decodeExtraImmediate),
  row('cccc 000p u1w1 nnnn tttt iiii 1011 iiii', 'ldrh', decodeExtraImmediate),
  row('cccc 000p u1w0 nnnn tttt iiii 1101 iiii', 'ldrd', decodeExtraImmediate),
  row('cccc 000p u1w1 nnnn tttt iiii 1101 iiii', 'ldrsb', decodeExtraImmediate),
  row('cccc 000p u1w0 nnnn tttt iiii 1111 iiii', 'strd', decodeExtraImmediate),
  row('cccc 000p u1w1 nnnn tttt iiii 1111 iiii', 'ldrsh', decodeExtraImmediate),
  // A5.2.8 register.
  row('cccc 000p u0w0 nnnn tttt 0000 1011 mmmm', 'strh', decodeExtraRegister),
  row('cccc 000p u0w1 nnnn tttt 0000 1011 mmmm', 'ldrh', decodeExtraRegister),
  row('cccc 000p u0w0 nnnn tttt zzzz 1101 mmmm', 'ldrd', decodeExtraRegister),
  row('cccc 000p u0w1 nnnn tttt 0000 1101 mmmm', 'ldrsb', decodeExtraRegister),
  row('cccc 000p u0w0 nnnn tttt zzzz 1111 mmmm', 'strd', decodeExtraRegister),
  row('cccc 000p u0w1 nnnn tttt 0000 1111 mmmm', 'ldrsh', decodeExtraRegister),
  // STRH (register) pre-indexed, writeback, subtract, with Rt = 1111 and bit 9 set: objdump's MSR (banked register)
  // pattern ignores bits 7:4 and claims it, so it decodes as that (UNPREDICTABLE) MSR and prints as objdump does.
  row('cccc 0001 0010 jjjj 1111 --1j 1011 nnnn', 'msr', decodeMoveToBanked),
  row('cccc 000p u0wl nnnn tttt ---- 1011 mmmm', 'undefined', decodeBrokenRegisterForm),
  row('cccc 000p u0w1 nnnn tttt ---- 1101 mmmm', 'undefined', decodeBrokenRegisterForm),
  row('cccc 000p u0w1 nnnn tttt ---- 1111 mmmm', 'undefined', decodeBrokenRegisterForm),
];
