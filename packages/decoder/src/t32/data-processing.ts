/**
 * 32-bit Thumb data-processing (ARM ARM A6.3.1 modified immediate, A6.3.11 shifted register; the plain
 * binary immediate and register classes are in their own files and joined here).
 *
 * One model with A32: the sixteen ALU operations produce `dp-immediate` / `dp-register` with the A32
 * opcode numbering (Thumb's op field is mapped: Thumb 0010 ORR is A32 12, …), so the emulator's per-kind
 * semantics hold unchanged. What is Thumb's own:
 * - ORN (Thumb only) is opcode 16 (`DP_OPCODE_ORN`): a logical operation `rn | ~operand`, with the
 *   shifter's carry-out like ORR.
 * - ThumbExpandImm: `imm32` is the expanded constant. The replicated forms (imm12<11:10> = 00: 0x000000XY,
 *   0x00XY00XY, 0xXY00XY00, 0xXYXYXYXY) have `rotation` 0 and `imm8` the byte; their carry-out is APSR.C.
 *   The rotated forms have `rotation` = imm12<11:7> (8–31) and `imm8` = '1':imm12<6:0>, so that, as in A32,
 *   imm32 = ROR(imm8, rotation) and the carry-out is imm32<31> exactly when `rotation` is non-zero.
 * - Registers that are part of the opcode are not registers: the compares' Rd field (1111) is given as
 *   `rd` 0 and MOV/MVN's Rn field (1111) as `rn` 0, as A32 has them; `writes`/`reads` leave them out.
 * - Writing the PC from any of these encodings is UNPREDICTABLE in Thumb, so `target` is always null.
 * - `unpredictable` follows the ARM ARM (v7, DDI 0406C): SP or PC where the encoding forbids them (BadReg),
 *   replicated immediates of zero, broken should-be bits. objdump's `<UNPREDICTABLE>` is its own, narrower
 *   rule; the printer applies it.
 */
import { NO_MEMORY, type Reg, SP } from '../a32/common.js';
import type { ShiftType } from '../a32/data-processing.js';
import { itCondition } from '../thumb/common.js';
import type { ThumbDecodeFn } from '../thumb/row.js';
import { type ThumbRow, t32 } from '../thumb/row.js';
import type { ThumbOfKind } from '../thumb/types.js';
import {
  badReg,
  decodeImmShiftAmount,
  decodeImmShiftType,
  imm5Of,
  imm12Of,
  thumbExpandImm,
} from './data-processing-common.js';
import { t32PlainImmediateRows } from './data-processing-plain-immediate.js';
import { t32DataProcessingRegisterRows } from './data-processing-register.js';

const PC = 15;

/** A32 opcode numbers (bits 24:21 of an A32 data-processing word), plus ORN. */
const AND = 0;
const EOR = 1;
const SUB = 2;
const RSB = 3;
const ADD = 4;
const ADC = 5;
const SBC = 6;
const TST = 8;
const TEQ = 9;
const CMP = 10;
const CMN = 11;
const ORR = 12;
const MOV = 13;
const BIC = 14;
const MVN = 15;
/** ORN (Thumb only): rd = rn OR NOT(operand); logical, flags like ORR. */
export const DP_OPCODE_ORN = 16;
const ORN = DP_OPCODE_ORN;

function isCompare(opcode: number): boolean {
  return opcode >= TST && opcode <= CMN;
}

/** MOV and MVN have no first operand. */
function hasFirstOperand(opcode: number): boolean {
  return opcode !== MOV && opcode !== MVN;
}

/** ARM ARM register constraints of the immediate ALU forms (A8.8, encodings T1–T3 of each operation). */
function immediateUnpredictable(opcode: number, rd: Reg, rn: Reg): boolean {
  switch (opcode) {
    case TST:
    case TEQ:
      return badReg(rn);
    case CMN:
    case CMP:
      return rn === PC;
    case MOV:
    case MVN:
      return badReg(rd);
    case ORR:
    case ORN:
      return badReg(rd) || rn === SP;
    case ADD:
    case SUB:
      // Rn = SP is ADD/SUB (SP plus/minus immediate): only Rd = PC (S = 0; S = 1 is CMN/CMP) is forbidden.
      return rn === SP ? rd === PC : badReg(rd) || rn === PC;
    default:
      // AND, EOR (Rd = PC with S = 1 is TST/TEQ), BIC, ADC, SBC, RSB.
      return badReg(rd) || badReg(rn);
  }
}

/** The same for the shifted-register forms (A8.8, the register encodings), given the decoded shift. */
function registerUnpredictable(
  opcode: number,
  rd: Reg,
  rn: Reg,
  rm: Reg,
  setsFlags: boolean,
  shiftType: ShiftType,
  shiftAmount: number,
): boolean {
  switch (opcode) {
    case TST:
    case TEQ:
      return badReg(rn) || badReg(rm);
    case CMN:
    case CMP:
      return rn === PC || badReg(rm);
    case MOV:
      // MOV (register) T3 without a shift; with one it is LSL/LSR/ASR/ROR/RRX (immediate) T2.
      if (shiftType === 0 && shiftAmount === 0 && !setsFlags) return rd === PC || rm === PC || (rd === SP && rm === SP);
      return badReg(rd) || badReg(rm);
    case MVN:
      return badReg(rd) || badReg(rm);
    case ORR:
    case ORN:
      return badReg(rd) || rn === SP || badReg(rm);
    case ADD:
    case SUB:
      // ADD/SUB (SP plus/minus register): Rd = SP only with LSL #0–3.
      if (rn === SP) return (rd === SP && (shiftType !== 0 || shiftAmount > 3)) || rd === PC || badReg(rm);
      return badReg(rd) || rn === PC || badReg(rm);
    default:
      return badReg(rd) || badReg(rn) || badReg(rm);
  }
}

/** A6.3.1 data-processing (modified immediate): `hw1` = 11110 i 0 op S Rn, `hw2` = 0 imm3 Rd imm8. */
function modifiedImmediate(opcode: number): ThumbDecodeFn {
  const compare = isCompare(opcode);
  const firstOperand = hasFirstOperand(opcode);
  return (bits, address, op, _broken, itState): ThumbOfKind<'dp-immediate'> => {
    const rn = firstOperand ? (bits >>> 16) & 15 : 0;
    const rd = compare ? 0 : (bits >>> 8) & 15;
    const imm12 = imm12Of(bits);
    const imm32 = thumbExpandImm(imm12);
    const rotated = (imm12 & 0xc00) !== 0;
    const imm8 = rotated ? 0x80 | (imm12 & 0x7f) : imm12 & 0xff;
    // ThumbExpandImm: a replicated form with imm8 = 0 is UNPREDICTABLE.
    const zeroReplicated = !rotated && (imm12 & 0x300) !== 0 && imm8 === 0;
    return {
      isa: 'thumb',
      length: 4,
      itState,
      kind: 'dp-immediate',
      address,
      word: bits >>> 0,
      cond: itCondition(itState),
      op,
      reads: firstOperand ? 1 << rn : 0,
      writes: compare ? 0 : 1 << rd,
      setsFlags: compare || (bits & 0x00100000) !== 0,
      unpredictable: zeroReplicated || immediateUnpredictable(opcode, rd, rn),
      memory: NO_MEMORY,
      target: null,
      opcode,
      rd,
      rn,
      imm32,
      imm8,
      rotation: rotated ? imm12 >>> 7 : 0,
    };
  };
}

/** A6.3.11 data-processing (shifted register): `hw1` = 1110101 op S Rn, `hw2` = (0) imm3 Rd imm2 type Rm. */
function shiftedRegister(opcode: number): ThumbDecodeFn {
  const compare = isCompare(opcode);
  const firstOperand = hasFirstOperand(opcode);
  return (bits, address, op, _broken, itState): ThumbOfKind<'dp-register'> => {
    const rn = firstOperand ? (bits >>> 16) & 15 : 0;
    const rd = compare ? 0 : (bits >>> 8) & 15;
    const rm = bits & 15;
    const setsFlags = compare || (bits & 0x00100000) !== 0;
    const shiftType = decodeImmShiftType(bits);
    const shiftAmount = decodeImmShiftAmount(bits);
    return {
      isa: 'thumb',
      length: 4,
      itState,
      kind: 'dp-register',
      address,
      word: bits >>> 0,
      cond: itCondition(itState),
      op,
      reads: firstOperand ? (1 << rn) | (1 << rm) : 1 << rm,
      writes: compare ? 0 : 1 << rd,
      setsFlags,
      unpredictable: registerUnpredictable(opcode, rd, rn, rm, setsFlags, shiftType, shiftAmount),
      memory: NO_MEMORY,
      target: null,
      opcode,
      rd,
      rn,
      rm,
      shiftType,
      shiftAmount,
    };
  };
}

/** PKHBT / PKHTB (A8.8.125): `hw2` = (0) imm3 Rd imm2 tb 0 Rm; the shift is LSL (BT) or ASR (TB, 0 = 32). */
function packHalfword(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const rn = (bits >>> 16) & 15;
  const rd = (bits >>> 8) & 15;
  const rm = bits & 15;
  const tbform = (bits & 0x20) !== 0;
  const imm5 = imm5Of(bits);
  const insn: ThumbOfKind<'pack-halfword'> = {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'pack-halfword',
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
    tbform,
    shiftType: tbform ? 2 : 0,
    shiftAmount: tbform && imm5 === 0 ? 32 : imm5,
  };
  return insn;
}

const imm = modifiedImmediate;
const reg = shiftedRegister;

/**
 * Rows in first-match order: the compares (Rd = 1111, S = 1) before their ALU operation, MOV/MVN (Rn = 1111)
 * before ORR/ORN. Fields: i:iii:iiiiiiii = imm12, s = S, n = Rn, d = Rd, m = Rm, ii…tt = imm3, imm2, type.
 * Bit 15 of the second halfword is 0 here: with it set, objdump (and the ARM ARM's branch space for the
 * immediate forms) decode something else.
 */
export const t32DataProcessingAluRows: readonly ThumbRow[] = [
  // A6.3.1 data-processing (modified immediate)
  t32('11110 i 0 0000 1 nnnn 0 iii 1111 iiii iiii', 'tst', imm(TST)),
  t32('11110 i 0 0000 s nnnn 0 iii dddd iiii iiii', 'and', imm(AND)),
  t32('11110 i 0 0001 s nnnn 0 iii dddd iiii iiii', 'bic', imm(BIC)),
  t32('11110 i 0 0010 s 1111 0 iii dddd iiii iiii', 'mov', imm(MOV)),
  t32('11110 i 0 0010 s nnnn 0 iii dddd iiii iiii', 'orr', imm(ORR)),
  t32('11110 i 0 0011 s 1111 0 iii dddd iiii iiii', 'mvn', imm(MVN)),
  t32('11110 i 0 0011 s nnnn 0 iii dddd iiii iiii', 'orn', imm(ORN)),
  t32('11110 i 0 0100 1 nnnn 0 iii 1111 iiii iiii', 'teq', imm(TEQ)),
  t32('11110 i 0 0100 s nnnn 0 iii dddd iiii iiii', 'eor', imm(EOR)),
  t32('11110 i 0 1000 1 nnnn 0 iii 1111 iiii iiii', 'cmn', imm(CMN)),
  t32('11110 i 0 1000 s nnnn 0 iii dddd iiii iiii', 'add', imm(ADD)),
  t32('11110 i 0 1010 s nnnn 0 iii dddd iiii iiii', 'adc', imm(ADC)),
  t32('11110 i 0 1011 s nnnn 0 iii dddd iiii iiii', 'sbc', imm(SBC)),
  t32('11110 i 0 1101 1 nnnn 0 iii 1111 iiii iiii', 'cmp', imm(CMP)),
  t32('11110 i 0 1101 s nnnn 0 iii dddd iiii iiii', 'sub', imm(SUB)),
  t32('11110 i 0 1110 s nnnn 0 iii dddd iiii iiii', 'rsb', imm(RSB)),

  // A6.3.11 data-processing (shifted register); MOV with a shift is objdump's `mov.w rd, rm, <shift>`.
  t32('1110101 0000 1 nnnn 0 iii 1111 ii tt mmmm', 'tst', reg(TST)),
  t32('1110101 0000 s nnnn 0 iii dddd ii tt mmmm', 'and', reg(AND)),
  t32('1110101 0001 s nnnn 0 iii dddd ii tt mmmm', 'bic', reg(BIC)),
  t32('1110101 0010 s 1111 0 iii dddd ii tt mmmm', 'mov', reg(MOV)),
  t32('1110101 0010 s nnnn 0 iii dddd ii tt mmmm', 'orr', reg(ORR)),
  t32('1110101 0011 s 1111 0 iii dddd ii tt mmmm', 'mvn', reg(MVN)),
  t32('1110101 0011 s nnnn 0 iii dddd ii tt mmmm', 'orn', reg(ORN)),
  t32('1110101 0100 1 nnnn 0 iii 1111 ii tt mmmm', 'teq', reg(TEQ)),
  t32('1110101 0100 s nnnn 0 iii dddd ii tt mmmm', 'eor', reg(EOR)),
  t32('1110101 0110 0 nnnn 0 iii dddd ii 0 0 mmmm', 'pkhbt', packHalfword),
  t32('1110101 0110 0 nnnn 0 iii dddd ii 1 0 mmmm', 'pkhtb', packHalfword),
  t32('1110101 1000 1 nnnn 0 iii 1111 ii tt mmmm', 'cmn', reg(CMN)),
  t32('1110101 1000 s nnnn 0 iii dddd ii tt mmmm', 'add', reg(ADD)),
  t32('1110101 1010 s nnnn 0 iii dddd ii tt mmmm', 'adc', reg(ADC)),
  t32('1110101 1011 s nnnn 0 iii dddd ii tt mmmm', 'sbc', reg(SBC)),
  t32('1110101 1101 1 nnnn 0 iii 1111 ii tt mmmm', 'cmp', reg(CMP)),
  t32('1110101 1101 s nnnn 0 iii dddd ii tt mmmm', 'sub', reg(SUB)),
  t32('1110101 1110 s nnnn 0 iii dddd ii tt mmmm', 'rsb', reg(RSB)),
];

/** Every 32-bit Thumb data-processing row (modified immediate, shifted register, plain immediate, register). */
export const t32DataProcessingRows: readonly ThumbRow[] = [
  ...t32DataProcessingAluRows,
  ...t32PlainImmediateRows,
  ...t32DataProcessingRegisterRows,
];
