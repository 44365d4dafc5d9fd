/**
 * 16-bit data-processing (ARM ARM A6.2.1–A6.2.3): shift (immediate), add/subtract (register and 3-bit
 * immediate), move/compare/add/subtract (8-bit immediate), the register data-processing group (A6.2.2,
 * including MUL and the register shifts), and the special data instructions on high registers (A6.2.3:
 * ADD, CMP, MOV with any register, BX, BLX).
 *
 * They produce the A32 kinds of the same operations: `dp-register` (second operand a register shifted by
 * an immediate: LSL/LSR/ASR #n are MOV with a shift, as objdump and the ARM ARM's MOV (shifted register)
 * have them), `dp-register-shifted` (LSL/LSR/ASR/ROR by a register: MOV with `rs`), `dp-immediate`
 * (imm32 = imm8 with rotation 0, so the carry-out is APSR.C; NEGS is RSBS rd, rn, #0), `multiply`, and
 * `branch-exchange`.
 */

import type { BranchExchangeInsn } from '../a32/branch.js';
import { BOOL, NO_MEMORY, PC, type Reg, same } from '../a32/common.js';
import type {
  DataProcessingImmediateInsn,
  DataProcessingRegisterInsn,
  DataProcessingRegisterShiftedInsn,
} from '../a32/data-processing.js';
import type { MultiplyAccumulateInsn } from '../a32/multiply.js';
import { itCondition, type ThumbForm } from '../thumb/common.js';
import { type ThumbRow, t16 } from '../thumb/row.js';
import { inItBit, notLastInItBit, setsFlagsOutsideIt } from './common.js';

const PC_BIT = 1 << PC;
const LR_BIT = 1 << 14;

/* ALU opcodes (the A32 `opcode` numbering). */
const AND = 0;
const EOR = 1;
const SUB = 2;
const RSB = 3;
const ADD = 4;
const ADC = 5;
const SBC = 6;
const TST = 8;
const CMP = 10;
const CMN = 11;
const ORR = 12;
export const MOV = 13;
const BIC = 14;
const MVN = 15;

/** 1 for TST/TEQ/CMP/CMN (no destination), else 0. */
function compareBit(opcode: number): number {
  return same(opcode & 0xc, 8);
}

/** 1 for MOV/MVN (no first operand register), else 0. */
function noFirstOperandBit(opcode: number): number {
  return same(opcode & 0xd, 0xd);
}

export function thumbDpRegister(
  bits: number,
  address: number,
  op: string,
  itState: number,
  opcode: number,
  rd: Reg,
  rn: Reg,
  rm: Reg,
  shiftType: 0 | 1 | 2 | 3 | 4,
  shiftAmount: number,
  setsFlags: boolean,
  unpredictable: boolean,
): ThumbForm<DataProcessingRegisterInsn> {
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'dp-register',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: (1 << rm) | ((1 << rn) & (noFirstOperandBit(opcode) - 1)),
    writes: (1 << rd) & (compareBit(opcode) - 1),
    setsFlags,
    unpredictable,
    memory: NO_MEMORY,
    target: null,
    opcode,
    rd,
    rn,
    rm,
    shiftType,
    shiftAmount,
  };
}

export function thumbDpImmediate(
  bits: number,
  address: number,
  op: string,
  itState: number,
  opcode: number,
  rd: Reg,
  rn: Reg,
  imm8: number,
  rotation: number,
  setsFlags: boolean,
): ThumbForm<DataProcessingImmediateInsn> {
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'dp-immediate',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) & (noFirstOperandBit(opcode) - 1),
    writes: (1 << rd) & (compareBit(opcode) - 1),
    setsFlags,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    opcode,
    rd,
    rn,
    imm32: ((imm8 >>> rotation) | (imm8 << ((32 - rotation) & 31))) >>> 0,
    imm8,
    rotation,
  };
}

/* `000 op imm5 Rm Rd`: LSL/LSR/ASR (immediate); LSL #0 is MOVS rd, rm (MOV register T2). */
const SHIFT_OPS: readonly string[] = ['lsl', 'lsr', 'asr'];

function decodeShiftImmediate(bits: number, address: number, _op: string, _broken: boolean, itState: number) {
  const type = ((bits >>> 11) & 3) as 0 | 1 | 2;
  const imm5 = (bits >>> 6) & 31;
  const rm = (bits >>> 3) & 7;
  const rd = bits & 7;
  if (type === 0 && imm5 === 0) {
    // MOV (register) T2: setflags always; not permitted in an IT block.
    return thumbDpRegister(bits, address, 'mov', itState, MOV, rd, 0, rm, 0, 0, true, BOOL[inItBit(itState)]!);
  }
  const amount = imm5 === 0 ? 32 : imm5;
  return thumbDpRegister(
    bits,
    address,
    SHIFT_OPS[type]!,
    itState,
    MOV,
    rd,
    0,
    rm,
    type,
    amount,
    setsFlagsOutsideIt(itState),
    false,
  );
}

/* `0001 10o Rm Rn Rd`: ADD/SUB (register) T1. */
function decodeAddSubRegister(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const opcode = (bits & 0x200) === 0 ? ADD : SUB;
  return thumbDpRegister(
    bits,
    address,
    op,
    itState,
    opcode,
    bits & 7,
    (bits >>> 3) & 7,
    (bits >>> 6) & 7,
    0,
    0,
    setsFlagsOutsideIt(itState),
    false,
  );
}

/* `0001 11o imm3 Rn Rd`: ADD/SUB (immediate) T1. */
function decodeAddSubImmediate3(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const opcode = (bits & 0x200) === 0 ? ADD : SUB;
  return thumbDpImmediate(
    bits,
    address,
    op,
    itState,
    opcode,
    bits & 7,
    (bits >>> 3) & 7,
    (bits >>> 6) & 7,
    0,
    setsFlagsOutsideIt(itState),
  );
}

/* `001 op Rdn imm8`: MOV / CMP / ADD / SUB (immediate) with an 8-bit immediate. */
const IMM8_OPCODES: readonly number[] = [MOV, CMP, ADD, SUB];

function decodeImmediate8(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const opcode = IMM8_OPCODES[(bits >>> 11) & 3]!;
  const rdn = (bits >>> 8) & 7;
  const isCompare = opcode === CMP;
  return thumbDpImmediate(
    bits,
    address,
    op,
    itState,
    opcode,
    isCompare ? 0 : rdn,
    opcode === MOV ? 0 : rdn,
    bits & 0xff,
    0,
    isCompare || setsFlagsOutsideIt(itState),
  );
}

/*
 * A6.2.2 `010000 opcode Rm Rdn`. The ALU operations keep A32's opcode numbers; the shifts by a register
 * are MOV with `rs`; RSB is NEGS rd, rn, #0; MUL is `multiply`.
 */
const DP_OPCODES: readonly number[] = [AND, EOR, -1, -1, -1, ADC, SBC, -1, TST, RSB, CMP, CMN, ORR, -1, BIC, MVN];
const REGISTER_SHIFT_TYPES: readonly number[] = [-1, -1, 0, 1, 2, -1, -1, 3];

function decodeDataProcessingRegister(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const code = (bits >>> 6) & 15;
  const rm = (bits >>> 3) & 7;
  const rdn = bits & 7;
  if (code === 9) {
    // RSB (immediate) T1: RSBS rd, rn, #0 (objdump's NEGS rd, rn).
    return thumbDpImmediate(bits, address, op, itState, RSB, rdn, rm, 0, 0, setsFlagsOutsideIt(itState));
  }
  if (code === 13) return decodeMultiply(bits, address, op, itState);
  const shiftType = code < 8 ? REGISTER_SHIFT_TYPES[code]! : -1;
  if (shiftType >= 0) return decodeRegisterShift(bits, address, op, itState, shiftType as 0 | 1 | 2 | 3, rdn, rm);
  const opcode = DP_OPCODES[code]!;
  const isCompare = compareBit(opcode);
  return thumbDpRegister(
    bits,
    address,
    op,
    itState,
    opcode,
    isCompare === 1 ? 0 : rdn,
    opcode === MVN ? 0 : rdn,
    rm,
    0,
    0,
    isCompare === 1 || setsFlagsOutsideIt(itState),
    false,
  );
}

function decodeRegisterShift(
  bits: number,
  address: number,
  op: string,
  itState: number,
  shiftType: 0 | 1 | 2 | 3,
  rdn: Reg,
  rs: Reg,
): ThumbForm<DataProcessingRegisterShiftedInsn> {
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'dp-register-shifted',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: (1 << rdn) | (1 << rs),
    writes: 1 << rdn,
    setsFlags: setsFlagsOutsideIt(itState),
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    opcode: MOV,
    rd: rdn,
    rn: 0,
    rm: rdn,
    rs,
    shiftType,
  };
}

/* MUL T1: MULS rdm, rn, rdm. */
function decodeMultiply(bits: number, address: number, op: string, itState: number): ThumbForm<MultiplyAccumulateInsn> {
  const rn = (bits >>> 3) & 7;
  const rdm = bits & 7;
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'multiply',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) | (1 << rdm),
    writes: 1 << rdm,
    setsFlags: setsFlagsOutsideIt(itState),
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    rd: rdm,
    rn,
    rm: rdm,
    ra: null,
    subtract: false,
  };
}

/*
 * A6.2.3 special data: `0100 01 op D Rm Rdn` with 4-bit registers. ADD and MOV may write the PC (a branch,
 * only as the last instruction of an IT block); CMP needs a high register and no PC.
 */
function decodeSpecialAdd(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const rdn = ((bits >>> 4) & 8) | (bits & 7);
  const rm = (bits >>> 3) & 15;
  const unpredictable = (same(rdn, PC) & same(rm, PC)) | (same(rdn, PC) & notLastInItBit(itState));
  return thumbDpRegister(bits, address, op, itState, ADD, rdn, rdn, rm, 0, 0, false, BOOL[unpredictable]!);
}

function decodeSpecialCompare(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const rn = ((bits >>> 4) & 8) | (bits & 7);
  const rm = (bits >>> 3) & 15;
  const unpredictable = (rn < 8 && rm < 8) || rn === PC || rm === PC;
  return thumbDpRegister(bits, address, op, itState, CMP, 0, rn, rm, 0, 0, true, unpredictable);
}

function decodeSpecialMove(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const rd = ((bits >>> 4) & 8) | (bits & 7);
  const rm = (bits >>> 3) & 15;
  const unpredictable = same(rd, PC) & notLastInItBit(itState);
  return thumbDpRegister(
    bits,
    address,
    bits === 0x46c0 ? 'nop' : op,
    itState,
    MOV,
    rd,
    0,
    rm,
    0,
    0,
    false,
    BOOL[unpredictable]!,
  );
}

/* BX / BLX (register): `0100 0111 L Rm (0)(0)(0)`; only the last instruction of an IT block may branch. */
function decodeBranchExchange(
  bits: number,
  address: number,
  op: string,
  broken: boolean,
  itState: number,
): ThumbForm<BranchExchangeInsn> {
  const rm = (bits >>> 3) & 15;
  const link = (bits & 0x80) !== 0;
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'branch-exchange',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: 1 << rm,
    writes: link ? PC_BIT | LR_BIT : PC_BIT,
    setsFlags: false,
    unpredictable: broken || (link && rm === PC) || notLastInItBit(itState) === 1,
    memory: NO_MEMORY,
    target: null,
    rm,
    link,
    jazelle: false,
  };
}

/*
 * BXNS / BLXNS (ARMv8-M Security Extension) are BX / BLX with bits 2:0 = 100; in ARMv7-A those bits are
 * "(0)(0)(0)", so the unit is the plain register branch, UNPREDICTABLE. objdump prints them as
 * `bxns` / `blxns` (unconditionally, without the IT note).
 */
function decodeNonSecureBranchExchange(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  return decodeBranchExchange(bits, address, op, true, itState);
}

/**
 * Rows in first-match order. Fields: i = immediate, m = Rm, n = Rn, d = Rd (Rdn), D/N = the high bit of
 * Rdn, z = "(0)".
 */
export const t16DataProcessingRows: readonly ThumbRow[] = [
  // A6.2.1 shift (immediate), add, subtract, move, and compare.
  t16('0001 100m mmnn nddd', 'add', decodeAddSubRegister),
  t16('0001 101m mmnn nddd', 'sub', decodeAddSubRegister),
  t16('0001 110i iinn nddd', 'add', decodeAddSubImmediate3),
  t16('0001 111i iinn nddd', 'sub', decodeAddSubImmediate3),
  // Shift type t = 00 LSL, 01 LSR, 10 ASR (11 is the add/subtract space above).
  t16('000t tiii iimm mddd', 'lsl', decodeShiftImmediate),
  t16('0010 0ddd iiii iiii', 'mov', decodeImmediate8),
  t16('0010 1nnn iiii iiii', 'cmp', decodeImmediate8),
  t16('0011 0ddd iiii iiii', 'add', decodeImmediate8),
  t16('0011 1ddd iiii iiii', 'sub', decodeImmediate8),
  // A6.2.2 data-processing (register).
  t16('0100 0000 00mm mddd', 'and', decodeDataProcessingRegister),
  t16('0100 0000 01mm mddd', 'eor', decodeDataProcessingRegister),
  t16('0100 0000 10mm mddd', 'lsl', decodeDataProcessingRegister),
  t16('0100 0000 11mm mddd', 'lsr', decodeDataProcessingRegister),
  t16('0100 0001 00mm mddd', 'asr', decodeDataProcessingRegister),
  t16('0100 0001 01mm mddd', 'adc', decodeDataProcessingRegister),
  t16('0100 0001 10mm mddd', 'sbc', decodeDataProcessingRegister),
  t16('0100 0001 11mm mddd', 'ror', decodeDataProcessingRegister),
  t16('0100 0010 00mm mddd', 'tst', decodeDataProcessingRegister),
  t16('0100 0010 01mm mddd', 'neg', decodeDataProcessingRegister),
  t16('0100 0010 10mm mddd', 'cmp', decodeDataProcessingRegister),
  t16('0100 0010 11mm mddd', 'cmn', decodeDataProcessingRegister),
  t16('0100 0011 00mm mddd', 'orr', decodeDataProcessingRegister),
  t16('0100 0011 01mm mddd', 'mul', decodeDataProcessingRegister),
  t16('0100 0011 10mm mddd', 'bic', decodeDataProcessingRegister),
  t16('0100 0011 11mm mddd', 'mvn', decodeDataProcessingRegister),
  // A6.2.3 special data instructions and branch and exchange.
  t16('0100 0100 Dmmm mddd', 'add', decodeSpecialAdd),
  t16('0100 0101 Nmmm mnnn', 'cmp', decodeSpecialCompare),
  t16('0100 0110 Dmmm mddd', 'mov', decodeSpecialMove),
  t16('0100 0111 0mmm m100', 'bxns', decodeNonSecureBranchExchange),
  t16('0100 0111 1mmm m100', 'blxns', decodeNonSecureBranchExchange),
  t16('0100 0111 0mmm mzzz', 'bx', decodeBranchExchange),
  // objdump knows BLX (register) only with bits 2:0 zero; the rest of 0x4780–0x47ff is UNDEFINED to it.
  t16('0100 0111 1mmm m000', 'blx', decodeBranchExchange),
];
