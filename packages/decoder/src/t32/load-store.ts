/**
 * 32-bit Thumb loads and stores (A6.3.7–A6.3.10 single data items, and the load/store dual, exclusive,
 * acquire/release and table-branch space of A6.3.6 in load-store-dual.ts): every addressing mode — imm12,
 * imm8 with P/U/W, register with LSL #0–3, literal, unprivileged — and the PLD/PLDW/PLI hints that take the
 * Rt = 1111 encodings of LDRB/LDRH/LDRSB.
 *
 * Rows follow objdump 2.40's order for this space: the hints first (any Rt = 1111 LDRB/LDRSB/LDRH/LDRSH unit),
 * then the unprivileged forms (bits 11:8 = 1110 with U = 0), then everything else of the byte/halfword/word
 * loads and stores. A base of PC selects the literal form whatever bits 11:8 hold (objdump and the ARM ARM
 * agree). The encodings objdump prints with `??` (a size/sign with no instruction: size 11, LDR with S = 1
 * and size 10) or an `<undefined>` offset (bits 11:8 = 0001–1000, 1010) go through the same rows as the real
 * ones and decode as UNDEFINED, carrying objdump's reading (`printedAs`) so they print as it prints them.
 */
import { PC, SP } from '../a32/common.js';
import {
  ACCESS_LOAD,
  ACCESS_STORE,
  type LoadStoreImmediateInsn,
  type LoadStoreRegisterInsn,
  memoryAccess,
} from '../a32/load-store-common.js';
import type { PreloadInsn } from '../a32/system.js';
import { decodeThumbAdvancedSimdLoadStore } from '../asimd/load-store-thumb.js';
import type { ThumbForm } from '../thumb/common.js';
import { itCondition } from '../thumb/common.js';
import { thumbUndefined } from '../thumb/decode.js';
import { type ThumbRow, t32 } from '../thumb/row.js';
import { branchInsideItBlock, thumbLiteralBase } from './load-store-common.js';
import { t32LoadStoreDualRows } from './load-store-dual.js';

type ThumbImmediate = ThumbForm<LoadStoreImmediateInsn>;
type ThumbRegister = ThumbForm<LoadStoreRegisterInsn>;
type ThumbPreload = ThumbForm<PreloadInsn>;

/* Size (bytes) and signedness by S (bit 24) and size (bits 22:21): 00 byte, 01 halfword, 10 word. */
const SIZE_BY_TYPE: readonly (1 | 2 | 4)[] = [1, 2, 4, 4];

/**
 * LDR/LDRB/LDRH/LDRSB/LDRSH/STR/STRB/STRH (and their unprivileged …T forms) with an immediate offset or a
 * PC base: imm12 (U = 1), imm8 with P/U/W (bits 10:8), unprivileged imm8 (bits 11:8 = 1110), literal.
 */
function decodeSingleImmediate(bits: number, address: number, op: string, broken: boolean, itState: number) {
  const load = (bits & 0x00100000) !== 0;
  const signed = (bits & 0x01000000) !== 0;
  const size = SIZE_BY_TYPE[(bits >>> 21) & 3]!;
  const rn = (bits >>> 16) & 15;
  const rt = (bits >>> 12) & 15;
  let imm32: number;
  let index = true;
  let add = true;
  let wback = false;
  let unprivileged = false;
  let literalAddress: number | null = null;
  if (rn === PC) {
    // Literal (the ARM ARM's LDR<x> (literal); a store to a PC base is UNDEFINED, printed the same way).
    imm32 = bits & 0xfff;
    add = (bits & 0x00800000) !== 0;
    const base = thumbLiteralBase(address);
    literalAddress = (add ? base + imm32 : base - imm32) >>> 0;
  } else if ((bits & 0x00800000) !== 0) {
    imm32 = bits & 0xfff;
  } else {
    imm32 = bits & 0xff;
    const puw = (bits >>> 8) & 0xf;
    if (puw === 0xe) unprivileged = true;
    else {
      index = (puw & 4) !== 0;
      add = (puw & 2) !== 0;
      wback = (puw & 1) !== 0;
    }
  }
  const narrow = size !== 4;
  const unpredictable =
    broken ||
    (wback && rn === rt) ||
    (unprivileged && (rt === SP || rt === PC)) ||
    (!load && (rn === PC || rt === PC || (narrow && rt === SP))) ||
    (load && narrow && (rt === SP || rt === PC)) ||
    (load && rt === PC && branchInsideItBlock(itState));
  const insn: ThumbImmediate = {
    isa: 'thumb',
    kind: 'loadStoreImmediate',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: load ? 1 << rn : (1 << rn) | (1 << rt),
    writes: (load ? 1 << rt : 0) | (wback ? 1 << rn : 0),
    setsFlags: false,
    unpredictable,
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, size, false, unprivileged),
    target: null,
    load,
    size,
    signed,
    unprivileged,
    rt,
    rt2: -1,
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

/**
 * Register offset `[rn, rm, lsl #imm2]` (bits 11:8 = 0000). objdump ignores bits 7:6, which the ARM ARM
 * wants zero (other values are UNDEFINED there): such units decode to this form marked UNPREDICTABLE.
 */
function decodeSingleRegister(bits: number, address: number, op: string, broken: boolean, itState: number) {
  const rn = (bits >>> 16) & 15;
  if (rn === PC) return decodeSingleImmediate(bits, address, op, broken, itState);
  const load = (bits & 0x00100000) !== 0;
  const signed = (bits & 0x01000000) !== 0;
  const size = SIZE_BY_TYPE[(bits >>> 21) & 3]!;
  const rt = (bits >>> 12) & 15;
  const rm = bits & 15;
  const narrow = size !== 4;
  const unpredictable =
    broken ||
    (bits & 0xc0) !== 0 ||
    rm === SP ||
    rm === PC ||
    (!load && (rt === PC || (narrow && rt === SP))) ||
    (load && narrow && (rt === SP || rt === PC)) ||
    (load && rt === PC && branchInsideItBlock(itState));
  const insn: ThumbRegister = {
    isa: 'thumb',
    kind: 'loadStoreRegister',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: load ? (1 << rn) | (1 << rm) : (1 << rn) | (1 << rm) | (1 << rt),
    writes: load ? 1 << rt : 0,
    setsFlags: false,
    unpredictable,
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, size, false, false),
    target: null,
    load,
    size,
    signed,
    unprivileged: false,
    rt,
    rt2: -1,
    rn,
    rm,
    shiftType: 0,
    shiftAmount: (bits >>> 4) & 3,
    index: true,
    add: true,
    wback: false,
    length: 4,
    itState,
  };
  return insn;
}

/** A preload hint reads no register into anything and moves no data. */
const PRELOAD = Object.freeze({ access: 'preload', bytes: 0, exclusive: false, unprivileged: false } as const);

/**
 * PLD / PLDW / PLI: the Rt = 1111 units of LDRB / LDRH / LDRSB. imm12 (U = 1), imm8 subtract (bits 11:8 =
 * 1100), register, literal; the other imm8 shapes (post-/pre-indexed, unprivileged) are UNPREDICTABLE in
 * the ARM ARM and still printed by objdump as the hint. Also the Rt = 1111 units of LDRSH, which the ARM
 * ARM calls unallocated memory hints (a NOP in the same shapes) and objdump prints as `ldrsh.w pc, …`.
 */
function decodePreload(bits: number, address: number, op: string, broken: boolean, itState: number) {
  const rn = (bits >>> 16) & 15;
  const u = (bits & 0x00800000) !== 0;
  const puw = (bits >>> 8) & 0xf;
  let add = true;
  let index = true;
  let registerOffset = false;
  let imm32 = 0;
  let rm = -1;
  let shiftAmount = 0;
  let unpredictable = broken;
  if (rn === PC || u) {
    imm32 = bits & 0xfff;
    add = u;
    // There is no PLDW (literal).
    unpredictable ||= rn === PC && op === 'pldw';
  } else if (puw === 0) {
    registerOffset = true;
    rm = bits & 15;
    shiftAmount = (bits >>> 4) & 3;
    unpredictable ||= rm === SP || rm === PC || (bits & 0xc0) !== 0;
  } else {
    imm32 = bits & 0xff;
    if (puw !== 0xc) {
      unpredictable = true;
      if (puw !== 0xe) {
        index = (puw & 4) !== 0;
        add = (puw & 2) !== 0;
      }
    } else add = false;
  }
  const insn: ThumbPreload = {
    isa: 'thumb',
    kind: 'preload',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: rm >= 0 ? (1 << rn) | (1 << rm) : 1 << rn,
    writes: 0,
    setsFlags: false,
    unpredictable,
    memory: PRELOAD,
    target: null,
    rn,
    add,
    index,
    registerOffset,
    imm32,
    rm,
    shiftType: 0,
    shiftAmount,
    rs: -1,
    length: 4,
    itState,
  };
  return insn;
}

/** Units no row below claims (none are left once the `??` sizes have rows): UNDEFINED. */
function decodeUndefined(bits: number, address: number, _op: string, _broken: boolean, itState: number) {
  return thumbUndefined(bits, 4, address, itState);
}

/**
 * Units objdump prints with `??` (no such size) or an `<undefined>` offset: UNDEFINED, read as objdump reads
 * them — the row's mnemonic (`ldr??`, `str??t`, `ldrb`), Rt, and `%a` from the unit's bits.
 */
function decodeUnnamed(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  return thumbUndefined(bits, 4, address, itState, 'unallocated', null, {
    form: 'single-transfer',
    op,
    rt: (bits >>> 12) & 15,
  });
}

/*
 * Patterns: hw1 = 1111 100S UttL nnnn (S sign-extend, U add, tt size 00 byte / 01 halfword / 10 word,
 * L load), hw2 = tttt oooo iiii iiii (oooo: 0000 register, 1110 unprivileged, 1PUW imm8).
 */
interface SingleForm {
  readonly op: string;
  /** Bits 24, 22:21 and 20 of hw1 as `S tt L`. */
  readonly s: string;
  readonly t: string;
  readonly l: string;
}

const STORES: readonly SingleForm[] = [
  { op: 'strb', s: '0', t: '00', l: '0' },
  { op: 'strh', s: '0', t: '01', l: '0' },
  { op: 'str', s: '0', t: '10', l: '0' },
  // objdump's `%w` has no name for size 11: `str??`.
  { op: 'str??', s: '0', t: '11', l: '0' },
];
const LOADS: readonly SingleForm[] = [
  { op: 'ldrb', s: '0', t: '00', l: '1' },
  { op: 'ldrh', s: '0', t: '01', l: '1' },
  { op: 'ldr', s: '0', t: '10', l: '1' },
  { op: 'ldr??', s: '0', t: '11', l: '1' },
  { op: 'ldrsb', s: '1', t: '00', l: '1' },
  { op: 'ldrsh', s: '1', t: '01', l: '1' },
  // No sign-extending word load, and no size 11: `ldr??`.
  { op: 'ldr??', s: '1', t: '10', l: '1' },
  { op: 'ldr??', s: '1', t: '11', l: '1' },
];

function singleRows(f: SingleForm): ThumbRow[] {
  const hw1 = `1111 100${f.s} -${f.t}${f.l} nnnn`;
  const hw1Minus = `1111 100${f.s} 0${f.t}${f.l} nnnn`;
  // A size objdump spells `??` is no instruction: every shape of it decodes as UNDEFINED, read as objdump reads it.
  const unnamed = f.op.endsWith('??');
  const immediate = unnamed ? decodeUnnamed : decodeSingleImmediate;
  const register = unnamed ? decodeUnnamed : decodeSingleRegister;
  return [
    // Unprivileged (objdump: U = 0 and bits 11:8 = 1110; with Rn = PC it prints the literal form).
    t32(`${hw1Minus} tttt 1110 iiii iiii`, `${f.op}t`, immediate),
    // imm12, and any PC base.
    t32(`1111 100${f.s} 1${f.t}${f.l} nnnn tttt iiii iiii iiii`, f.op, immediate),
    t32(`1111 100${f.s} 0${f.t}${f.l} 1111 tttt iiii iiii iiii`, f.op, immediate),
    // Register offset (bits 7:6 ignored, as objdump does).
    t32(`${hw1Minus} tttt 0000 --ii mmmm`, f.op, register),
    // imm8 with P/U/W: 1100 (subtract, no writeback) and 1PUW with W = 1 or P = 0.
    t32(`${hw1Minus} tttt 1100 iiii iiii`, f.op, immediate),
    t32(`${hw1Minus} tttt 1--1 iiii iiii`, f.op, immediate),
    // The rest (bits 11:8 = 0001–1000, 1010): no such offset, objdump prints `[rn, <undefined>]`; UNDEFINED.
    t32(`${hw1} ---- ---- ---- ----`, f.op, decodeUnnamed),
  ];
}

export const t32LoadStoreRows: readonly ThumbRow[] = [
  ...t32LoadStoreDualRows,
  // Hints: LDRSB / LDRH / LDRB with Rt = 1111 (objdump's pli, pldw and pld rows).
  t32('1111 1001 -001 nnnn 1111 ---- ---- ----', 'pli', decodePreload),
  t32('1111 1000 -011 nnnn 1111 ---- ---- ----', 'pldw', decodePreload),
  t32('1111 1000 -001 nnnn 1111 ---- ---- ----', 'pld', decodePreload),
  // LDRSH with Rt = 1111: the ARM ARM's unallocated memory hints (executed as NOPs); objdump prints LDRSH.
  t32('1111 1001 0011 nnnn 1111 1110 ---- ----', 'ldrsht', decodePreload),
  t32('1111 1001 -011 nnnn 1111 ---- ---- ----', 'ldrsh', decodePreload),
  ...STORES.flatMap(singleRows),
  ...LOADS.flatMap(singleRows),
  // Advanced SIMD element / structure loads and stores.
  t32('1111 1001 ---0 ---- ---- ---- ---- ----', 'advanced-simd', decodeThumbAdvancedSimdLoadStore),
  // Nothing is left of the space (S = 1 stores are Advanced SIMD); kept so the space stays total.
  t32('1111 100- ---- ---- ---- ---- ---- ----', 'undefined', decodeUndefined),
];
