/**
 * Decoders for the 32-bit Thumb miscellaneous-control space (A6.3.4 with op1 = 0111xxx / 1111xxx): MSR and
 * MRS (plain and banked), CPS, the hints, the barriers and CLREX, BXJ, SUBS PC, LR, #imm8 (ERET), SMC, HVC
 * and UDF.W. Each produces the A32 kind of the same operation with the A32 fields; the rows are in
 * branch-control.ts.
 *
 * GNU objdump 2.40 reads the MSR / MRS "(0)" bits 7:0 as an Armv7-M special register when bit 5 (banked) is
 * clear; such a unit is the ARMv7-A MSR / MRS with broken should-be bits (`unpredictable`), and the printer
 * takes the M-profile register number from bits 7:0 of `word`.
 */
import type { BranchExchangeInsn } from '../a32/branch.js';
import { LR, PC, SP } from '../a32/common.js';
import type { PermanentlyUndefinedInsn } from '../a32/media.js';
import { SPECIAL_REGISTER_NAMES } from '../a32/miscellaneous.js';
import type {
  BarrierInsn,
  ChangeProcessorStateInsn,
  ClearExclusiveInsn,
  ExceptionReturnInsn,
  HintInsn,
  HypervisorCallInsn,
  MoveFromStatusInsn,
  MoveToBankedInsn,
  MoveToStatusRegisterInsn,
  SecureMonitorCallInsn,
} from '../a32/system.js';
import { inItBlock, itCondition, lastInItBlock, type ThumbForm } from '../thumb/common.js';

const PC_BIT = 1 << PC;
const BAD_REGS = (1 << SP) | (1 << PC);

/** Inside an IT block but not its last instruction: UNPREDICTABLE for instructions that branch. */
function notLastInIt(itState: number): boolean {
  return inItBlock(itState) && !lastInItBlock(itState);
}

/** MSR (register), T1: `11110 0 1110 0 R Rn | 10 (0) 0 mask (0)(0)(0)(0)(0)(0)(0)(0)`. */
export function decodeMoveToStatusRegister(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<MoveToStatusRegisterInsn> {
  const rn = (bits >>> 16) & 15;
  const writeSpsr = (bits & 0x00100000) !== 0;
  const mask = (bits >>> 8) & 15;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'msr-register',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << rn,
    writes: 0,
    // CPSR_f writes N, Z, C, V, Q; CPSR_s writes GE.
    setsFlags: !writeSpsr && (mask & 0b1100) !== 0,
    unpredictable: mask === 0 || ((1 << rn) & BAD_REGS) !== 0 || (bits & 0xff) !== 0,
    memory: null,
    target: null,
    writeSpsr,
    mask,
    rn,
  };
}

/** MSR (banked register), T1: hw2 bit 5 set; SYSm = M (bit 4) : M1 (bits 11:8). */
export function decodeMoveToBanked(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<MoveToBankedInsn> {
  const rn = (bits >>> 16) & 15;
  const writeSpsr = (bits & 0x00100000) !== 0;
  const sysm = (bits & 0x10) | ((bits >>> 8) & 15);
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'msr-banked',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << rn,
    writes: 0,
    setsFlags: false,
    // Bits 7:6 and 3:0 are "(0)"; objdump ignores them.
    unpredictable:
      (bits & 0xcf) !== 0 ||
      ((1 << rn) & BAD_REGS) !== 0 ||
      SPECIAL_REGISTER_NAMES[(writeSpsr ? 96 : 32) | sysm] === null,
    memory: null,
    target: null,
    writeSpsr,
    sysm,
    rn,
  };
}

/**
 * MRS, T1 (plain: hw1 bits 3:0 "(1)(1)(1)(1)", hw2 bits 7:0 "(0)") and banked (hw2 bit 5 set; SYSm = M (bit 4)
 * : M1 (hw1 bits 3:0)).
 */
export function decodeMoveFromStatus(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<MoveFromStatusInsn> {
  const rd = (bits >>> 8) & 15;
  const readSpsr = (bits & 0x00100000) !== 0;
  const banked = (bits & 0x20) !== 0;
  const sysm = (bits & 0x10) | ((bits >>> 16) & 15);
  const name = SPECIAL_REGISTER_NAMES[(readSpsr ? 64 : 0) | (banked ? 32 : 0) | sysm];
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'mrs',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: ((1 << rd) & BAD_REGS) !== 0 || name === null || (bits & (banked ? 0xcf : 0xff)) !== 0,
    memory: null,
    target: null,
    rd,
    readSpsr,
    banked,
    sysm,
  };
}

/**
 * CPS, T2: `11110 0 1110 1 0 (1)(1)(1)(1) | 10 (0) 0 (0) imod M A I F mode`. `op` comes from the row
 * (`cpsie`, `cpsid`, `cps`).
 */
export function decodeChangeProcessorState(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<ChangeProcessorStateInsn> {
  const imod = (bits >>> 9) & 3;
  const changeMode = (bits & 0x100) !== 0;
  const mode = bits & 31;
  const aif = (bits >>> 5) & 7;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'change-processor-state',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable:
      (mode !== 0 && !changeMode) ||
      (imod >= 2 ? aif === 0 : aif !== 0) ||
      imod === 1 ||
      (imod === 0 && !changeMode) ||
      inItBlock(itState),
    memory: null,
    target: null,
    imod,
    affectA: (aif & 4) !== 0,
    affectI: (aif & 2) !== 0,
    affectF: (aif & 1) !== 0,
    changeMode,
    mode,
  };
}

/** A hint, T2: `11110 0 1110 1 0 (1)(1)(1)(1) | 10 (0) 0 (0) 000 hint`; `op` is objdump's name for it. */
export function decodeHint(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<HintInsn> {
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'hint',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: null,
    target: null,
    hint: bits & 0xff,
  };
}

/** DSB / DMB / ISB (option = bits 3:0) and SSBB / PSSBB / DFB / SB: `11110 0 1110 1 1 1111 | 10 0 0 1111 op option`. */
export function decodeBarrier(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<BarrierInsn> {
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'barrier',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: null,
    target: null,
    option: bits & 15,
  };
}

/** CLREX. */
export function decodeClearExclusive(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<ClearExclusiveInsn> {
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'clear-exclusive',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: null,
    target: null,
  };
}

/** BXJ, T1: `11110 0 1111 00 Rm | 10 (0) 0 (1)(1)(1)(1) (0)…(0)`; BX on every implementation without Jazelle. */
export function decodeBranchExchangeJazelle(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<BranchExchangeInsn> {
  const rm = (bits >>> 16) & 15;
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'branch-exchange',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << rm,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: ((1 << rm) & BAD_REGS) !== 0 || notLastInIt(itState),
    memory: null,
    target: null,
    rm,
    link: false,
    jazelle: true,
  };
}

/**
 * SUBS PC, LR, #imm8 (T1): return from an exception to LR − imm8, restoring CPSR from SPSR. With imm8 = 0
 * it is ERET (objdump prints every one as `subs pc, lr, #imm8`).
 */
export function decodeExceptionReturn(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<ExceptionReturnInsn> {
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'exception-return',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << LR,
    writes: PC_BIT,
    setsFlags: true,
    unpredictable: notLastInIt(itState),
    memory: null,
    target: null,
    imm32: bits & 0xff,
  };
}

/** HVC, T1: `11110 1111110 imm4 | 1000 imm12`; imm16 = imm4:imm12. */
export function decodeHypervisorCall(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<HypervisorCallInsn> {
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'hypervisor-call',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: inItBlock(itState),
    memory: null,
    target: null,
    imm16: ((bits >>> 4) & 0xf000) | (bits & 0xfff),
  };
}

/**
 * SMC, T1: `11110 1111111 imm4 | 1000 (0)…(0)`. `imm16` is the number objdump prints: imm4 with the
 * should-be-zero bits folded in (hw2 bits 3:0 in 15:12, bits 11:4 in place).
 */
export function decodeSecureMonitorCall(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<SecureMonitorCallInsn> {
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'secure-monitor-call',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: (bits & 0xfff) !== 0 || notLastInIt(itState),
    memory: null,
    target: null,
    imm4: (bits >>> 16) & 15,
    imm16: ((bits & 15) << 12) | (bits & 0xff0) | ((bits >>> 16) & 15),
  };
}

/** UDF.W, T2: `11110 1111111 imm4 | 1010 imm12`; imm16 = imm4:imm12. */
export function decodePermanentlyUndefined(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): ThumbForm<PermanentlyUndefinedInsn> {
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'permanently-undefined',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: null,
    target: null,
    imm16: ((bits >>> 4) & 0xf000) | (bits & 0xfff),
  };
}
