/**
 * 16-bit conditional branch, UDF and SVC (ARM ARM A6.2.6) and the unconditional branch B (T2).
 *
 * B<c> carries its own condition and is not permitted in an IT block; B takes the IT block's condition
 * and may only be its last instruction. Both are `branch-immediate` with imm32 the offset from the PC
 * (the instruction's address + 4). UDF #imm8 is `permanently-undefined` (0xDE18, `udf #24`, is the kernel's
 * Thumb kprobes breakpoint); SVC #imm8 is `supervisor-call`.
 */

import type { BranchImmediateInsn } from '../a32/branch.js';
import { NO_MEMORY, PC } from '../a32/common.js';
import type { PermanentlyUndefinedInsn } from '../a32/media.js';
import type { SupervisorCallInsn } from '../a32/system.js';
import { itCondition, type ThumbForm } from '../thumb/common.js';
import { type ThumbRow, t16 } from '../thumb/row.js';
import { inItBit, notLastInItBit, thumbPc } from './common.js';

const PC_BIT = 1 << PC;

function branch(
  bits: number,
  address: number,
  op: string,
  itState: number,
  cond: number,
  imm32: number,
  unpredictable: boolean,
): ThumbForm<BranchImmediateInsn> {
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'branch-immediate',
    address,
    word: bits,
    cond,
    op,
    reads: PC_BIT,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable,
    memory: NO_MEMORY,
    target: (thumbPc(address) + imm32) >>> 0,
    imm32,
    link: false,
    exchange: false,
  };
}

/* `1101 cond imm8` (cond ≠ 111x): B<c> label, imm32 = SignExtend(imm8:'0'). */
function decodeConditionalBranch(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  return branch(bits, address, op, itState, (bits >>> 8) & 15, ((bits << 24) >> 23) | 0, inItBit(itState) === 1);
}

/* `11100 imm11`: B label, imm32 = SignExtend(imm11:'0'). */
function decodeBranch(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  return branch(bits, address, op, itState, itCondition(itState), (bits << 21) >> 20, notLastInItBit(itState) === 1);
}

/* `1101 1110 imm8`: UDF #imm8. */
function decodePermanentlyUndefined(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<PermanentlyUndefinedInsn> {
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'permanently-undefined',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    imm16: bits & 0xff,
  };
}

/* `1101 1111 imm8`: SVC #imm8. */
function decodeSupervisorCall(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<SupervisorCallInsn> {
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'supervisor-call',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    imm24: bits & 0xff,
  };
}

/** Rows in first-match order. Fields: c = condition, i = immediate. */
export const t16BranchRows: readonly ThumbRow[] = [
  t16('1101 1110 iiii iiii', 'udf', decodePermanentlyUndefined),
  t16('1101 1111 iiii iiii', 'svc', decodeSupervisorCall),
  t16('1101 cccc iiii iiii', 'b', decodeConditionalBranch),
  t16('1110 0iii iiii iiii', 'b', decodeBranch),
];
