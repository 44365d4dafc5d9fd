/**
 * A5.2 data-processing: the sixteen ALU operations in their immediate, register and register-shifted
 * register forms (A5.2.1–A5.2.3), MOVW/MOVT (A5.2 op = 1, op1 = 10x00), and the two arithmetic
 * members of the miscellaneous space this class owns: saturating add/subtract (A5.2.6) and CLZ.
 *
 * The rows are first-match and come last in the A32 table, after every other class. Where the
 * ARM ARM draws a should-be field but GNU objdump only recognises the instruction with those bits
 * exact (MOV's Rn, QADD's bits 11:8, CLZ's (1) fields), the bits are fixed here: the other forms are
 * not this instruction as far as objdump is concerned, and they fall to a later row or to UNDEFINED.
 */
import { type A32Common, BOOL, NO_MEMORY, PC, type Reg, same } from './common.js';
import { type CountLeadingZerosInsn, decodeCountLeadingZeros } from './count-leading-zeros.js';
import type { Row } from './row.js';
import { row } from './row.js';
import { decodeSaturatingAddSubtract, type SaturatingAddSubtractInsn } from './saturating.js';

export type { CountLeadingZerosInsn } from './count-leading-zeros.js';
export type { SaturatingAddSubtractInsn } from './saturating.js';

/**
 * The ALU operation selected by bits 24:21 (the ARM ARM's `opc`): 0 AND, 1 EOR, 2 SUB, 3 RSB, 4 ADD,
 * 5 ADC, 6 SBC, 7 RSC, 8 TST, 9 TEQ, 10 CMP, 11 CMN, 12 ORR, 13 MOV, 14 BIC, 15 MVN. Thumb encodings use
 * the same numbers (their own op field is mapped) plus 16 ORN (Thumb only: rn OR NOT operand, logical).
 */
export type DataProcessingOpcode = number;

/**
 * SRType as the ARM ARM's DecodeImmShift / DecodeRegShift return it. RRX (type 3 with imm5 = 0)
 * is its own value, with amount 1; LSR/ASR with imm5 = 0 have amount 32.
 */
export type ShiftType = 0 | 1 | 2 | 3 | 4;
export const SHIFT_LSL = 0;
export const SHIFT_LSR = 1;
export const SHIFT_ASR = 2;
export const SHIFT_ROR = 3;
export const SHIFT_RRX = 4;

/**
 * Fields every ALU form shares. `op` is objdump's mnemonic: the operation's name, except that MOV
 * with a shift prints (and is named) `lsl`/`lsr`/`asr`/`ror`/`rrx`, and 0xE1A00000 is `nop`.
 *
 * `rd` is bits 15:12. For TST/TEQ/CMP/CMN it is the ARM ARM's "(0)(0)(0)(0)" field, not a
 * destination: compares write no register (`writes` is 0). `rn` is bits 19:16; MOV and MVN do not
 * read it (for MVN it is a should-be-zero field; MOV forms always have it zero).
 */
interface DataProcessingFields {
  readonly opcode: DataProcessingOpcode;
  /** The S bit (always true for the compares, which set flags by definition). */
  readonly setsFlags: boolean;
  readonly rd: Reg;
  readonly rn: Reg;
}

/** A5.2.3 data-processing (immediate): `<op>{s} rd, rn, #<const>` with the modified immediate. */
export interface DataProcessingImmediateInsn extends A32Common, DataProcessingFields {
  readonly kind: 'dp-immediate';
  /** ARMExpandImm(imm12): imm8 rotated right by `rotation`. */
  readonly imm32: number;
  readonly imm8: number;
  /**
   * 2 × imm12<11:8>. When non-zero the shifter carry-out is imm32<31>; when zero it is APSR.C. Thumb
   * (ThumbExpandImm): imm12<11:7> for the rotated forms, 0 for the replicated ones and ADDW/SUBW.
   */
  readonly rotation: number;
}

/** A5.2.1 data-processing (register): the second operand is `rm` shifted by an immediate. */
export interface DataProcessingRegisterInsn extends A32Common, DataProcessingFields {
  readonly kind: 'dp-register';
  readonly rm: Reg;
  readonly shiftType: ShiftType;
  /** As DecodeImmShift returns it: 0–31 for LSL, 1–32 for LSR/ASR, 1–31 for ROR, 1 for RRX. */
  readonly shiftAmount: number;
}

/** A5.2.2 data-processing (register-shifted register): `rm` shifted by the bottom byte of `rs`. */
export interface DataProcessingRegisterShiftedInsn extends A32Common, DataProcessingFields {
  readonly kind: 'dp-register-shifted';
  readonly rm: Reg;
  readonly rs: Reg;
  /** LSL, LSR, ASR or ROR (never RRX). */
  readonly shiftType: 0 | 1 | 2 | 3;
}

/** MOVW (MOV immediate, encoding A2) and MOVT: a 16-bit immediate into the low or high half of `rd`. */
export interface MoveHalfwordInsn extends A32Common {
  readonly kind: 'move-halfword';
  readonly rd: Reg;
  readonly imm16: number;
  /** MOVT: writes rd<31:16>, keeps rd<15:0>. MOVW: rd = ZeroExtend(imm16). */
  readonly top: boolean;
}

/** Instructions of this class. */
export type DataProcessingInsn =
  | DataProcessingImmediateInsn
  | DataProcessingRegisterInsn
  | DataProcessingRegisterShiftedInsn
  | MoveHalfwordInsn
  | SaturatingAddSubtractInsn
  | CountLeadingZerosInsn;

/*
 * The decoders below compute flags as 0/1 numbers and masks arithmetically: on random words each
 * data-dependent branch is mispredicted half the time (see BOOL in common.ts).
 */

/** 1 for TST/TEQ/CMP/CMN (bits 24:21 = 10xx), else 0. */
function compareBit(opcode: number): number {
  return same(opcode & 0xc, 8);
}

/** 1 for MOV/MVN (bits 24:21 = 11x1: no first operand register), else 0. */
function noFirstOperandBit(opcode: number): number {
  return same(opcode & 0xd, 0xd);
}

/** The register masks read and written by an ALU form. `sources` are the second-operand registers. */
function readMask(opcode: number, rn: Reg, sources: number): number {
  return sources | ((1 << rn) & (noFirstOperandBit(opcode) - 1));
}

function writeMask(opcode: number, rd: Reg): number {
  return (1 << rd) & (compareBit(opcode) - 1);
}

/** The S bit, or 1 for the compares (which set flags by definition). */
function setsFlagsBit(opcode: number, word: number): number {
  return compareBit(opcode) | ((word >>> 20) & 1);
}

/**
 * Compares and MVN have should-be-zero register fields the ARM ARM calls UNPREDICTABLE when set
 * (`broken`). TST/CMP/CMN with S = 0 are not ALU instructions at all (that is the miscellaneous /
 * halfword multiply space); objdump prints them as compares and so do we, marked UNPREDICTABLE.
 */
function sbzUnpredictableBit(opcode: number, word: number, broken: number): number {
  return broken | (compareBit(opcode) & ((word >>> 20) ^ 1) & 1);
}

/**
 * The value an immediate form writes to the PC when it is known statically (Rd = PC, S = 0, and the
 * result depends only on the immediate and the PC): MOV/MVN, and AND/EOR/SUB/RSB/ADD/ORR/BIC with
 * Rn = PC. It is the value written (ALUWritePC: bit 0 set selects Thumb), else null.
 */
function immediateTarget(opcode: number, rn: Reg, imm32: number, address: number): number | null {
  if (opcode === 13) return imm32;
  if (opcode === 15) return ~imm32 >>> 0;
  if (rn !== PC) return null;
  const pc = (address + 8) >>> 0;
  switch (opcode) {
    case 0:
      return (pc & imm32) >>> 0;
    case 1:
      return (pc ^ imm32) >>> 0;
    case 2:
      return (pc - imm32) >>> 0;
    case 3:
      return (imm32 - pc) >>> 0;
    case 4:
      return (pc + imm32) >>> 0;
    case 12:
      return (pc | imm32) >>> 0;
    case 14:
      return (pc & ~imm32) >>> 0;
    default:
      return null;
  }
}

export function decodeDataProcessingImmediate(
  word: number,
  address: number,
  op: string,
  _shouldBeBroken: boolean,
  broken: number,
): DataProcessingImmediateInsn {
  const opcode = (word >>> 21) & 15;
  const rn = (word >>> 16) & 15;
  const rd = (word >>> 12) & 15;
  const rotation = (word >>> 7) & 0x1e;
  const imm8 = word & 0xff;
  const imm32 = ((imm8 >>> rotation) | (imm8 << ((32 - rotation) & 31))) >>> 0;
  return {
    isa: 'arm',
    kind: 'dp-immediate',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: readMask(opcode, rn, 0),
    writes: writeMask(opcode, rd),
    setsFlags: BOOL[setsFlagsBit(opcode, word)]!,
    unpredictable: BOOL[sbzUnpredictableBit(opcode, word, broken)]!,
    memory: NO_MEMORY,
    target: rd === PC && (word & 0x00100000) === 0 ? immediateTarget(opcode, rn, imm32, address) : null,
    opcode,
    rd,
    rn,
    imm32,
    imm8,
    rotation,
  };
}

export function decodeDataProcessingRegister(
  word: number,
  address: number,
  op: string,
  _shouldBeBroken: boolean,
  broken: number,
): DataProcessingRegisterInsn {
  const opcode = (word >>> 21) & 15;
  const rn = (word >>> 16) & 15;
  const rd = (word >>> 12) & 15;
  const rm = word & 15;
  const imm5 = (word >>> 7) & 31;
  let shiftType = ((word >>> 5) & 3) as ShiftType;
  let shiftAmount = imm5;
  if (imm5 === 0) {
    if (shiftType === SHIFT_ROR) {
      shiftType = SHIFT_RRX;
      shiftAmount = 1;
    } else if (shiftType !== SHIFT_LSL) shiftAmount = 32;
  }
  return {
    isa: 'arm',
    kind: 'dp-register',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op: (word ^ 0xe1a00000) === 0 ? 'nop' : op,
    reads: readMask(opcode, rn, 1 << rm),
    writes: writeMask(opcode, rd),
    setsFlags: BOOL[setsFlagsBit(opcode, word)]!,
    unpredictable: BOOL[sbzUnpredictableBit(opcode, word, broken)]!,
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

export function decodeDataProcessingRegisterShifted(
  word: number,
  address: number,
  op: string,
  _shouldBeBroken: boolean,
  broken: number,
): DataProcessingRegisterShiftedInsn {
  const opcode = (word >>> 21) & 15;
  const rn = (word >>> 16) & 15;
  const rd = (word >>> 12) & 15;
  const rs = (word >>> 8) & 15;
  const rm = word & 15;
  // ARM ARM: d, n (when used), m or s being the PC is UNPREDICTABLE.
  const pcUsed =
    same(rm, PC) |
    same(rs, PC) |
    ((compareBit(opcode) ^ 1) & same(rd, PC)) |
    ((noFirstOperandBit(opcode) ^ 1) & same(rn, PC));
  return {
    isa: 'arm',
    kind: 'dp-register-shifted',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: readMask(opcode, rn, (1 << rm) | (1 << rs)),
    writes: writeMask(opcode, rd),
    setsFlags: BOOL[setsFlagsBit(opcode, word)]!,
    unpredictable: BOOL[pcUsed | sbzUnpredictableBit(opcode, word, broken)]!,
    memory: NO_MEMORY,
    target: null,
    opcode,
    rd,
    rn,
    rm,
    rs,
    shiftType: ((word >>> 5) & 3) as 0 | 1 | 2 | 3,
  };
}

export function decodeMoveHalfword(word: number, address: number, op: string): MoveHalfwordInsn {
  const rd = (word >>> 12) & 15;
  return {
    isa: 'arm',
    kind: 'move-halfword',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    // MOVT keeps the bottom half of rd: it reads rd as well as writing it.
    reads: op === 'movt' ? 1 << rd : 0,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: rd === PC,
    memory: NO_MEMORY,
    target: null,
    rd,
    imm16: ((word >>> 4) & 0xf000) | (word & 0xfff),
    top: op === 'movt',
  };
}

const imm = decodeDataProcessingImmediate;
const reg = decodeDataProcessingRegister;
const rsr = decodeDataProcessingRegisterShifted;

/**
 * Rows in first-match order (the whole class comes last in the A32 table).
 * Fields: s = S bit, n = Rn, d = Rd, r = rotation, i = immediate, t = shift type, s (in 11:8) = Rs,
 * m = Rm, z = "(0)".
 */
export const dataProcessingRows: readonly Row[] = [
  // Miscellaneous-space arithmetic (A5.2.12): saturating add/subtract and CLZ.
  row('cccc 0001 0000 nnnn dddd 0000 0101 mmmm', 'qadd', decodeSaturatingAddSubtract),
  row('cccc 0001 0010 nnnn dddd 0000 0101 mmmm', 'qsub', decodeSaturatingAddSubtract),
  row('cccc 0001 0100 nnnn dddd 0000 0101 mmmm', 'qdadd', decodeSaturatingAddSubtract),
  row('cccc 0001 0110 nnnn dddd 0000 0101 mmmm', 'qdsub', decodeSaturatingAddSubtract),
  row('cccc 0001 0110 1111 dddd 1111 0001 mmmm', 'clz', decodeCountLeadingZeros),

  // 16-bit immediate moves (A5.2, op = 1, op1 = 10000 / 10100).
  row('cccc 0011 0000 iiii dddd iiii iiii iiii', 'movw', decodeMoveHalfword),
  row('cccc 0011 0100 iiii dddd iiii iiii iiii', 'movt', decodeMoveHalfword),

  // A5.2.3 data-processing (immediate).
  row('cccc 0010 000s nnnn dddd rrrr iiii iiii', 'and', imm),
  row('cccc 0010 001s nnnn dddd rrrr iiii iiii', 'eor', imm),
  row('cccc 0010 010s nnnn dddd rrrr iiii iiii', 'sub', imm),
  row('cccc 0010 011s nnnn dddd rrrr iiii iiii', 'rsb', imm),
  row('cccc 0010 100s nnnn dddd rrrr iiii iiii', 'add', imm),
  row('cccc 0010 101s nnnn dddd rrrr iiii iiii', 'adc', imm),
  row('cccc 0010 110s nnnn dddd rrrr iiii iiii', 'sbc', imm),
  row('cccc 0010 111s nnnn dddd rrrr iiii iiii', 'rsc', imm),
  row('cccc 0011 0001 nnnn zzzz rrrr iiii iiii', 'tst', imm),
  row('cccc 0011 0011 nnnn zzzz rrrr iiii iiii', 'teq', imm),
  row('cccc 0011 0101 nnnn zzzz rrrr iiii iiii', 'cmp', imm),
  // S = 0 is MSR (immediate, SPSR) when bits 15:12 are 1111; objdump prints the rest as CMN.
  row('cccc 0011 011s nnnn zzzz rrrr iiii iiii', 'cmn', imm),
  row('cccc 0011 100s nnnn dddd rrrr iiii iiii', 'orr', imm),
  row('cccc 0011 101s 0000 dddd rrrr iiii iiii', 'mov', imm),
  row('cccc 0011 110s nnnn dddd rrrr iiii iiii', 'bic', imm),
  row('cccc 0011 111s zzzz dddd rrrr iiii iiii', 'mvn', imm),

  // A5.2.1 data-processing (register). MOV with a shift is objdump's LSL/LSR/ASR/ROR/RRX.
  row('cccc 0000 000s nnnn dddd iiii itt0 mmmm', 'and', reg),
  row('cccc 0000 001s nnnn dddd iiii itt0 mmmm', 'eor', reg),
  row('cccc 0000 010s nnnn dddd iiii itt0 mmmm', 'sub', reg),
  row('cccc 0000 011s nnnn dddd iiii itt0 mmmm', 'rsb', reg),
  row('cccc 0000 100s nnnn dddd iiii itt0 mmmm', 'add', reg),
  row('cccc 0000 101s nnnn dddd iiii itt0 mmmm', 'adc', reg),
  row('cccc 0000 110s nnnn dddd iiii itt0 mmmm', 'sbc', reg),
  row('cccc 0000 111s nnnn dddd iiii itt0 mmmm', 'rsc', reg),
  // With S = 0 these are the miscellaneous space; what no other class claims objdump prints as a compare.
  row('cccc 0001 000s nnnn zzzz iiii itt0 mmmm', 'tst', reg),
  row('cccc 0001 0011 nnnn zzzz iiii itt0 mmmm', 'teq', reg),
  row('cccc 0001 010s nnnn zzzz iiii itt0 mmmm', 'cmp', reg),
  row('cccc 0001 011s nnnn zzzz iiii itt0 mmmm', 'cmn', reg),
  row('cccc 0001 100s nnnn dddd iiii itt0 mmmm', 'orr', reg),
  row('cccc 0001 101s 0000 dddd 0000 0000 mmmm', 'mov', reg),
  row('cccc 0001 101s 0000 dddd 0000 0110 mmmm', 'rrx', reg),
  row('cccc 0001 101s 0000 dddd iiii i000 mmmm', 'lsl', reg),
  row('cccc 0001 101s 0000 dddd iiii i010 mmmm', 'lsr', reg),
  row('cccc 0001 101s 0000 dddd iiii i100 mmmm', 'asr', reg),
  row('cccc 0001 101s 0000 dddd iiii i110 mmmm', 'ror', reg),
  row('cccc 0001 110s nnnn dddd iiii itt0 mmmm', 'bic', reg),
  row('cccc 0001 111s zzzz dddd iiii itt0 mmmm', 'mvn', reg),

  // A5.2.2 data-processing (register-shifted register).
  row('cccc 0000 000s nnnn dddd ssss 0tt1 mmmm', 'and', rsr),
  row('cccc 0000 001s nnnn dddd ssss 0tt1 mmmm', 'eor', rsr),
  row('cccc 0000 010s nnnn dddd ssss 0tt1 mmmm', 'sub', rsr),
  row('cccc 0000 011s nnnn dddd ssss 0tt1 mmmm', 'rsb', rsr),
  row('cccc 0000 100s nnnn dddd ssss 0tt1 mmmm', 'add', rsr),
  row('cccc 0000 101s nnnn dddd ssss 0tt1 mmmm', 'adc', rsr),
  row('cccc 0000 110s nnnn dddd ssss 0tt1 mmmm', 'sbc', rsr),
  row('cccc 0000 111s nnnn dddd ssss 0tt1 mmmm', 'rsc', rsr),
  row('cccc 0001 000s nnnn zzzz ssss 0tt1 mmmm', 'tst', rsr),
  row('cccc 0001 0011 nnnn zzzz ssss 0tt1 mmmm', 'teq', rsr),
  row('cccc 0001 010s nnnn zzzz ssss 0tt1 mmmm', 'cmp', rsr),
  row('cccc 0001 011s nnnn zzzz ssss 0tt1 mmmm', 'cmn', rsr),
  row('cccc 0001 100s nnnn dddd ssss 0tt1 mmmm', 'orr', rsr),
  row('cccc 0001 101s 0000 dddd ssss 0001 mmmm', 'lsl', rsr),
  row('cccc 0001 101s 0000 dddd ssss 0011 mmmm', 'lsr', rsr),
  row('cccc 0001 101s 0000 dddd ssss 0101 mmmm', 'asr', rsr),
  row('cccc 0001 101s 0000 dddd ssss 0111 mmmm', 'ror', rsr),
  row('cccc 0001 110s nnnn dddd ssss 0tt1 mmmm', 'bic', rsr),
  row('cccc 0001 111s zzzz dddd ssss 0tt1 mmmm', 'mvn', rsr),
];
