/**
 * MSR (immediate) and hints (A5.2.11: op = 1, op1 = 10x10), and SVC (A5.6 op1 = 11xxxx).
 *
 * objdump recognises the hint space only with bits 15:8 exactly 1111 0000. With bits 15:12 = 1111
 * but bits 11:8 not zero it prints MSR to `CPSR_` (no fields); with bits 15:8 otherwise broken it
 * prints `nop {0}` when bits 7:0 are zero and UNDEFINED when not. MSR (immediate) needs bits 15:12 =
 * 1111; with R = 1 and those bits broken the word is the S = 0 CMN that the data-processing rows print.
 */
import { COND_AL, NO_MEMORY, PC } from './common.js';
import { type Row, row } from './row.js';
import type { HintInsn, MoveToStatusImmediateInsn, SupervisorCallInsn } from './system.js';

/** Hint numbers (bits 7:0) with a name; the rest are unallocated and execute as NOP. */
export function decodeHint(word: number, address: number, op: string, shouldBeBroken: boolean): HintInsn {
  const cond = word >>> 28;
  // objdump knows ESB and CSDB only unconditionally; with a condition it prints `nop<c> {16|20}`.
  const name = cond !== COND_AL && (op === 'esb' || op === 'csdb') ? 'nop' : op;
  return {
    isa: 'arm',
    kind: 'hint',
    address,
    word: word >>> 0,
    cond,
    op: name,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: shouldBeBroken,
    memory: NO_MEMORY,
    target: null,
    hint: word & 0xff,
  };
}

/** `msr <psr>_<fields>, #<const>`: the ARM modified immediate (imm8 rotated right by `rotation`). */
export function decodeMoveToStatusImmediate(word: number, address: number, op: string): MoveToStatusImmediateInsn {
  const writeSpsr = (word & 0x00400000) !== 0;
  const mask = (word >>> 16) & 15;
  const rotation = (word >>> 7) & 0x1e;
  const imm8 = word & 0xff;
  return {
    isa: 'arm',
    kind: 'msr-immediate',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 0,
    writes: 0,
    setsFlags: !writeSpsr && (mask & 0b1100) !== 0,
    // mask = 0 is UNPREDICTABLE (with R = 0 it is a hint whose bits 11:8 break their "(0)"s).
    unpredictable: mask === 0,
    memory: NO_MEMORY,
    target: null,
    writeSpsr,
    mask,
    imm32: ((imm8 >>> rotation) | (imm8 << ((32 - rotation) & 31))) >>> 0,
    imm8,
    rotation,
  };
}

/** SVC #imm24 (formerly SWI): a supervisor call. */
export function decodeSupervisorCall(word: number, address: number, op: string): SupervisorCallInsn {
  return {
    isa: 'arm',
    kind: 'supervisor-call',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 0,
    writes: 1 << PC,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    imm24: word & 0xffffff,
  };
}

/** Rows in first-match order. Fields: c = condition, h / i = immediate, R = SPSR, k = field mask, r = rotation. */
export const hintRows: readonly Row[] = [
  row('cccc 0011 0010 0000 1111 0000 0000 0001', 'yield', decodeHint),
  row('cccc 0011 0010 0000 1111 0000 0000 0010', 'wfe', decodeHint),
  row('cccc 0011 0010 0000 1111 0000 0000 0011', 'wfi', decodeHint),
  row('cccc 0011 0010 0000 1111 0000 0000 0100', 'sev', decodeHint),
  row('cccc 0011 0010 0000 1111 0000 0000 0101', 'sevl', decodeHint),
  row('cccc 0011 0010 0000 1111 0000 0001 0000', 'esb', decodeHint),
  row('cccc 0011 0010 0000 1111 0000 0001 0100', 'csdb', decodeHint),
  row('cccc 0011 0010 0000 1111 0000 1111 hhhh', 'dbg', decodeHint),
  // NOP and the unallocated hints (executed as NOP), `nop {n}`.
  row('cccc 0011 0010 0000 1111 0000 hhhh hhhh', 'nop', decodeHint),
  row('cccc 0011 0R10 kkkk 1111 rrrr iiii iiii', 'msr', decodeMoveToStatusImmediate),
  // A hint with broken "(1)(1)(1)(1)(0)(0)(0)(0)" bits: objdump still prints `nop {0}` for hint 0.
  row('cccc 0011 0010 0000 oooo zzzz 0000 0000', 'nop', decodeHint),
];

export const supervisorCallRows: readonly Row[] = [
  row('cccc 1111 iiii iiii iiii iiii iiii iiii', 'svc', decodeSupervisorCall),
];
