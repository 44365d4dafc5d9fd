/**
 * 16-bit single loads and stores (ARM ARM A6.2.4 and the LDR literal / SP-relative encodings): LDR
 * (literal), register offset (STR/STRH/STRB/LDRSB/LDR/LDRH/LDRB/LDRSH), immediate offset (word ×4,
 * byte, halfword ×2) and SP-relative (word ×4). All are offset addressing (index, add, no writeback),
 * producing the A32 kinds `loadStoreImmediate` and `loadStoreRegister`.
 *
 * LDR (literal) reads from Align(PC, 4) + imm32, where PC is the instruction's address + 4; that address
 * is `literalAddress`.
 */
import { PC, type Reg, SP } from '../a32/common.js';
import {
  ACCESS_LOAD,
  ACCESS_STORE,
  type LoadStoreImmediateInsn,
  type LoadStoreRegisterInsn,
  memoryAccess,
} from '../a32/load-store-common.js';
import { itCondition, type ThumbForm } from '../thumb/common.js';
import { type ThumbRow, t16 } from '../thumb/row.js';
import { thumbAlignedPc } from './common.js';

function immediateForm(
  bits: number,
  address: number,
  op: string,
  itState: number,
  load: boolean,
  size: 1 | 2 | 4,
  rt: Reg,
  rn: Reg,
  imm32: number,
): ThumbForm<LoadStoreImmediateInsn> {
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'loadStoreImmediate',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: load ? 1 << rn : (1 << rn) | (1 << rt),
    writes: load ? 1 << rt : 0,
    setsFlags: false,
    unpredictable: false,
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, size, false, false),
    target: null,
    load,
    size,
    signed: false,
    unprivileged: false,
    rt,
    rt2: -1,
    rn,
    imm32,
    index: true,
    add: true,
    wback: false,
    literalAddress: rn === PC ? (thumbAlignedPc(address) + imm32) >>> 0 : null,
  };
}

/* `01001 Rt imm8`: LDR rt, [PC, #imm8 × 4]. */
function decodeLoadLiteral(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  return immediateForm(bits, address, op, itState, true, 4, (bits >>> 8) & 7, PC, (bits & 0xff) << 2);
}

/*
 * `0101 opB Rm Rn Rt` (A6.2.4 register offset). By opB: 000 STR, 001 STRH, 010 STRB, 011 LDRSB, 100 LDR,
 * 101 LDRH, 110 LDRB, 111 LDRSH.
 */
const REGISTER_LOAD: readonly boolean[] = [false, false, false, true, true, true, true, true];
const REGISTER_SIZE: readonly (1 | 2 | 4)[] = [4, 2, 1, 1, 4, 2, 1, 2];
const REGISTER_SIGNED: readonly boolean[] = [false, false, false, true, false, false, false, true];

function decodeRegisterOffset(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<LoadStoreRegisterInsn> {
  const opB = (bits >>> 9) & 7;
  const rm = (bits >>> 6) & 7;
  const rn = (bits >>> 3) & 7;
  const rt = bits & 7;
  const load = REGISTER_LOAD[opB]!;
  const size = REGISTER_SIZE[opB]!;
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'loadStoreRegister',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: load ? (1 << rn) | (1 << rm) : (1 << rn) | (1 << rm) | (1 << rt),
    writes: load ? 1 << rt : 0,
    setsFlags: false,
    unpredictable: false,
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, size, false, false),
    target: null,
    load,
    size,
    signed: REGISTER_SIGNED[opB]!,
    unprivileged: false,
    rt,
    rt2: -1,
    rn,
    rm,
    shiftType: 0,
    shiftAmount: 0,
    index: true,
    add: true,
    wback: false,
  };
}

/* `011B L imm5 Rn Rt` (word ×4 / byte) and `1000 L imm5 Rn Rt` (halfword ×2). */
function decodeImmediateOffset(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const load = (bits & 0x800) !== 0;
  const imm5 = (bits >>> 6) & 31;
  const size: 1 | 2 | 4 = (bits & 0xf000) === 0x8000 ? 2 : (bits & 0x1000) !== 0 ? 1 : 4;
  return immediateForm(bits, address, op, itState, load, size, bits & 7, (bits >>> 3) & 7, imm5 * size);
}

/* `1001 L Rt imm8`: STR / LDR rt, [SP, #imm8 × 4]. */
function decodeStackRelative(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const load = (bits & 0x800) !== 0;
  return immediateForm(bits, address, op, itState, load, 4, (bits >>> 8) & 7, SP, (bits & 0xff) << 2);
}

/** Rows in first-match order. Fields: t = Rt, n = Rn, m = Rm, i = immediate. */
export const t16LoadStoreRows: readonly ThumbRow[] = [
  t16('0100 1ttt iiii iiii', 'ldr', decodeLoadLiteral),
  t16('0101 000m mmnn nttt', 'str', decodeRegisterOffset),
  t16('0101 001m mmnn nttt', 'strh', decodeRegisterOffset),
  t16('0101 010m mmnn nttt', 'strb', decodeRegisterOffset),
  t16('0101 011m mmnn nttt', 'ldrsb', decodeRegisterOffset),
  t16('0101 100m mmnn nttt', 'ldr', decodeRegisterOffset),
  t16('0101 101m mmnn nttt', 'ldrh', decodeRegisterOffset),
  t16('0101 110m mmnn nttt', 'ldrb', decodeRegisterOffset),
  t16('0101 111m mmnn nttt', 'ldrsh', decodeRegisterOffset),
  t16('0110 0iii iinn nttt', 'str', decodeImmediateOffset),
  t16('0110 1iii iinn nttt', 'ldr', decodeImmediateOffset),
  t16('0111 0iii iinn nttt', 'strb', decodeImmediateOffset),
  t16('0111 1iii iinn nttt', 'ldrb', decodeImmediateOffset),
  t16('1000 0iii iinn nttt', 'strh', decodeImmediateOffset),
  t16('1000 1iii iinn nttt', 'ldrh', decodeImmediateOffset),
  t16('1001 0ttt iiii iiii', 'str', decodeStackRelative),
  t16('1001 1ttt iiii iiii', 'ldr', decodeStackRelative),
];
