/**
 * 16-bit PC- and SP-relative arithmetic (ADR, ADD rd, SP, #imm) and the miscellaneous 16-bit
 * instructions (ARM ARM A6.2.5) apart from PUSH/POP (load-store-multiple.ts): ADD/SUB SP, #imm, CBZ/CBNZ,
 * SXTH/SXTB/UXTH/UXTB, SETPAN, SETEND, CPS, REV/REV16/REVSH, HLT, BKPT, IT and the hints.
 *
 * ADR and the SP forms are `dp-immediate` ADDs and SUBs whose imm32 is imm8 × 4 (imm8 rotated right by
 * 30, which is what `rotation` says); ADR's base is Align(PC, 4), as for every Thumb ADD/SUB immediate
 * that reads the PC. BKPT and HLT execute unconditionally, even inside an IT block (cond AL).
 */
import { COND_AL, NO_MEMORY, PC, SP } from '../a32/common.js';
import type { ExtendInsn, ReverseInsn } from '../a32/media.js';
import type {
  BreakpointInsn,
  ChangeProcessorStateInsn,
  HaltInsn,
  HintInsn,
  SetEndiannessInsn,
  SetPrivilegedAccessNeverInsn,
} from '../a32/system.js';
import { itCondition, type ThumbForm } from '../thumb/common.js';
import { type ThumbRow, t16 } from '../thumb/row.js';
import type { CompareBranchInsn, IfThenInsn } from '../thumb/types.js';
import { inItBit, thumbPc } from './common.js';
import { thumbDpImmediate } from './data-processing.js';

const PC_BIT = 1 << PC;
const ADD = 4;
const SUB = 2;

/* `1010 0 Rd imm8`: ADR rd, label (objdump: `add rd, pc, #imm`). */
function decodeAdr(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  return thumbDpImmediate(bits, address, op, itState, ADD, (bits >>> 8) & 7, PC, bits & 0xff, 30, false);
}

/* `1010 1 Rd imm8`: ADD rd, SP, #imm8 × 4. */
function decodeAddSpImmediate(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  return thumbDpImmediate(bits, address, op, itState, ADD, (bits >>> 8) & 7, SP, bits & 0xff, 30, false);
}

/* `1011 0000 S imm7`: ADD / SUB SP, SP, #imm7 × 4. */
function decodeAdjustSp(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  return thumbDpImmediate(bits, address, op, itState, (bits & 0x80) === 0 ? ADD : SUB, SP, SP, bits & 0x7f, 30, false);
}

/* `1011 o0i1 imm5 Rn`: CBZ / CBNZ rn, label (forward only; not permitted in an IT block). */
function decodeCompareBranch(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): CompareBranchInsn {
  const rn = bits & 7;
  const imm32 = ((bits >>> 3) & 0x40) | ((bits >>> 2) & 0x3e);
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'compare-branch',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: (1 << rn) | PC_BIT,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: inItBit(itState) === 1,
    memory: NO_MEMORY,
    target: (thumbPc(address) + imm32) >>> 0,
    rn,
    nonZero: (bits & 0x800) !== 0,
    imm32,
  };
}

/* `1011 0010 op Rm Rd`: SXTH, SXTB, UXTH, UXTB (no rotation, no addend). */
function decodeExtend(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<ExtendInsn> {
  const rm = (bits >>> 3) & 7;
  const rd = bits & 7;
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'extend',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: 1 << rm,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    rd,
    rn: null,
    rm,
    rotation: 0,
    signed: (bits & 0x80) === 0,
    size: (bits & 0x40) === 0 ? 2 : 1,
    dual: false,
  };
}

/* `1011 1010 op Rm Rd`: REV, REV16, REVSH. */
const REVERSE_OPERATIONS: readonly ReverseInsn['operation'][] = ['rev', 'rev16', 'rev', 'revsh'];

function decodeReverse(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<ReverseInsn> {
  const rm = (bits >>> 3) & 7;
  const rd = bits & 7;
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'reverse',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: 1 << rm,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    rd,
    rm,
    operation: REVERSE_OPERATIONS[(bits >>> 6) & 3]!,
  };
}

/* `1011 0110 0001 0 imm1 000`: SETPAN #imm1 (ARMv8.1; not permitted in an IT block). */
function decodeSetPan(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<SetPrivilegedAccessNeverInsn> {
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'set-pan',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: inItBit(itState) === 1,
    memory: NO_MEMORY,
    target: null,
    imm1: (bits >>> 3) & 1,
  };
}

/* `1011 0110 0101 E000`: SETEND BE / LE (not permitted in an IT block). */
function decodeSetEndianness(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<SetEndiannessInsn> {
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'set-endianness',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: inItBit(itState) === 1,
    memory: NO_MEMORY,
    target: null,
    bigEndian: (bits & 8) !== 0,
  };
}

/* `1011 0110 011 im 0 A I F`: CPSIE / CPSID (no mode change; not permitted in an IT block). */
function decodeChangeProcessorState(
  bits: number,
  address: number,
  _op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<ChangeProcessorStateInsn> {
  const disable = (bits & 0x10) !== 0;
  const aif = bits & 7;
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'change-processor-state',
    address,
    word: bits,
    cond: itCondition(itState),
    op: disable ? 'cpsid' : 'cpsie',
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: aif === 0 || inItBit(itState) === 1,
    memory: NO_MEMORY,
    target: null,
    imod: disable ? 3 : 2,
    affectA: (aif & 4) !== 0,
    affectI: (aif & 2) !== 0,
    affectF: (aif & 1) !== 0,
    changeMode: false,
    mode: 0,
  };
}

/* `1011 1010 10 imm6`: HLT #imm6 (ARMv8 halting debug). */
function decodeHalt(bits: number, address: number, op: string, _broken: boolean, itState: number): ThumbForm<HaltInsn> {
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'halt',
    address,
    word: bits,
    cond: COND_AL,
    op,
    reads: 0,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    imm16: bits & 0x3f,
  };
}

/* `1011 1110 imm8`: BKPT #imm8. The kernel's Thumb kprobes breakpoint is not this (it is UDF #24). */
function decodeBreakpoint(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<BreakpointInsn> {
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'breakpoint',
    address,
    word: bits,
    cond: COND_AL,
    op,
    reads: 0,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    imm16: bits & 0xff,
  };
}

/* `1011 1111 opA 0000`: the hints; `hint` is opA (0 NOP, 1 YIELD, 2 WFE, 3 WFI, 4 SEV, 5 SEVL, others NOP). */
const HINT_OPS: readonly string[] = ['nop', 'yield', 'wfe', 'wfi', 'sev', 'sevl'];

function decodeHint(
  bits: number,
  address: number,
  _op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<HintInsn> {
  const hint = (bits >>> 4) & 15;
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'hint',
    address,
    word: bits,
    cond: itCondition(itState),
    op: HINT_OPS[hint] ?? 'nop',
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    hint,
  };
}

/* `1011 1111 firstcond mask` (mask ≠ 0): IT. */
function decodeIfThen(bits: number, address: number, op: string, _broken: boolean, itState: number): IfThenInsn {
  const firstCond = (bits >>> 4) & 15;
  const mask = bits & 15;
  // firstcond 1111, or AL with an "else" in the mask, or IT inside an IT block.
  const singleBit = (mask & (mask - 1)) === 0;
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'if-then',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: firstCond === 15 || (firstCond === 14 && !singleBit) || inItBit(itState) === 1,
    memory: NO_MEMORY,
    target: null,
    firstCond,
    mask,
  };
}

/** Rows in first-match order. Fields: d = Rd, n = Rn, m = Rm, i = immediate, r = register list. */
export const t16MiscellaneousRows: readonly ThumbRow[] = [
  t16('1010 0ddd iiii iiii', 'add', decodeAdr),
  t16('1010 1ddd iiii iiii', 'add', decodeAddSpImmediate),
  // A6.2.5 miscellaneous 16-bit instructions.
  t16('1011 0000 0iii iiii', 'add', decodeAdjustSp),
  t16('1011 0000 1iii iiii', 'sub', decodeAdjustSp),
  t16('1011 00i1 iiii innn', 'cbz', decodeCompareBranch),
  t16('1011 10i1 iiii innn', 'cbnz', decodeCompareBranch),
  t16('1011 0010 00mm mddd', 'sxth', decodeExtend),
  t16('1011 0010 01mm mddd', 'sxtb', decodeExtend),
  t16('1011 0010 10mm mddd', 'uxth', decodeExtend),
  t16('1011 0010 11mm mddd', 'uxtb', decodeExtend),
  // objdump knows SETPAN, SETEND and CPS only with their (0)/(1) bits exact; other units are UNDEFINED.
  t16('1011 0110 0001 i000', 'setpan', decodeSetPan),
  t16('1011 0110 0101 e000', 'setend', decodeSetEndianness),
  t16('1011 0110 011d 0aif', 'cps', decodeChangeProcessorState),
  t16('1011 1010 00mm mddd', 'rev', decodeReverse),
  t16('1011 1010 01mm mddd', 'rev16', decodeReverse),
  t16('1011 1010 10ii iiii', 'hlt', decodeHalt),
  t16('1011 1010 11mm mddd', 'revsh', decodeReverse),
  t16('1011 1110 iiii iiii', 'bkpt', decodeBreakpoint),
  t16('1011 1111 hhhh 0000', 'nop', decodeHint),
  t16('1011 1111 cccc mmmm', 'it', decodeIfThen),
];
