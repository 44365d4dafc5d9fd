/**
 * The trampoline builder: real ARM code that saves the registers into a pt_regs frame below SP, calls
 * the host-call gate with (probeId, &pt_regs), restores, and then reproduces the probed instruction —
 * directly or relocated (see relocate.ts) — or resumes wherever the handler moved the PC.
 *
 *     sub   sp, sp, #F            F = 72 + stack use (word aligned): the instruction's stores below SP stay clear
 *     stm   sp, {r0-lr}           uregs[0..14] (the SP and LR slots are fixed up / kept)
 *     str   r0, [sp, #68]         ORIG_r0
 *     add   r0, sp, #F
 *     str   r0, [sp, #52]         uregs[13] = the original SP
 *     ldr   r0, =address
 *     str   r0, [sp, #60]         uregs[15] = the probe address
 *     mrs   r0, CPSR
 *     str   r0, [sp, #64]         uregs[16] = CPSR
 *     ldr   r0, =probeId          first argument
 *     mov   r1, sp                second argument: struct pt_regs *
 *     and   r4, sp, #4            AAPCS: SP 8-byte aligned at the call (r4 is callee-saved and in the frame)
 *     sub   sp, sp, r4
 *     ldr   r2, =gate
 *     blx   r2                    the host-call gate: runs the handlers on the frame, returns to LR
 *     add   sp, sp, r4
 *     ldr   r0, [sp, #60]         did a handler move the PC?
 *     ldr   r1, =address
 *     cmp   r0, r1
 *     ldr   r0, [sp, #64]
 *     bne   exit
 *     msr   CPSR_fs, r0           APSR_nzcvqg: the flags as the handler left them
 *     direct:    ldm sp, {r0-lr}  (SP last, exactly the original) · the probed word (AL) · b address+4
 *     relocated: the effect into the frame · ldm sp, {r0-pc}
 *   exit:
 *     msr   CPSR_fs, r0
 *     ldm   sp, {r0-pc}           resume at the handler's PC with the handler's registers
 *     literal pool
 */
import {
  type A32Instruction,
  type ArmProbeDecision,
  encodeAddImm,
  encodeAddReg,
  encodeLdm,
  encodeLdrImm,
  encodeMovReg,
  encodeStm,
  encodeStrImm,
  encodeSubImm,
  encodeSubReg,
  SP,
} from '@armprobe/decoder';
import { MAX_FRAME_BYTES, PT_REGS_BYTES } from '../analysis/can-optimize.js';
import { a32BranchRange } from '../range/branch-range.js';
import { ORIGINAL_LABEL, relocate } from '../relocate/relocate.js';
import { encodeAndImm8, encodeBlxReg, encodeCmpReg, encodeMrsApsr, encodeMsrApsrNzcvqg } from './encode.js';
import { PT_REGS_CPSR, PT_REGS_ORIG_R0, PT_REGS_PC, PT_REGS_SP } from './pt-regs-frame.js';
import { TrampolineWriter } from './writer.js';

/** Condition NE. */
const NE = 1;
/** Register lists. */
const R0_TO_LR = 0x7fff;
const R0_TO_PC = 0xffff;

/** Words a trampoline may take (code and literal pool); the longest generated is shorter (see tests). */
export const MAX_TRAMPOLINE_WORDS = 48;

export interface TrampolineSpec {
  /** The probe address (word aligned). */
  readonly address: number;
  /** The probed instruction word. */
  readonly word: number;
  /** `decodeA32(word, address)`. */
  readonly insn: A32Instruction;
  /** Where the trampoline will be written: word aligned, within `B` range of `address`. */
  readonly slotAddress: number;
  /** Guest address of the host-call gate (a permanently-undefined word the gate hook claims). */
  readonly gateAddress: number;
  /** Passed to the gate in r0 (32-bit). */
  readonly probeId: number;
  /** Bytes the instruction stores below SP (`classifyArmProbe(…).stackUse`). */
  readonly stackUse: number;
  /** `classifyArmProbe(insn)`: relocation reuses its renamed copy. */
  readonly classification: ArmProbeDecision;
}

export interface Trampoline {
  /** The trampoline, to be written at `slotAddress`. */
  readonly words: number[];
  /** Always true: the instruction's effect happens in the trampoline, no single-step is needed. */
  readonly executeInTrampoline: true;
  /** `direct`: the probed word runs unchanged; `relocated`: its effect is computed into the frame. */
  readonly mode: 'direct' | 'relocated';
  /** Where execution continues after a probed instruction that does not branch: address + 4. */
  readonly returnAddress: number;
  /** Bytes reserved below SP: pt_regs (72) + stack use, word aligned. */
  readonly frameBytes: number;
  /** The LR the gate sees: the trampoline address right after `blx r2`. */
  readonly gateReturn: number;
  /**
   * Trampoline address of the word that stands for the probed instruction (the word itself when direct,
   * the renamed copy when relocated), or null when nothing there can fault (relocated branches). A
   * fault at this address is the probed instruction's fault: when direct, every register already holds
   * the probed instruction's view; when relocated, they are in the frame at SP (SP's own slot at +52).
   */
  readonly originalAt: number | null;
}

export type TrampolineErrorCode =
  | 'bad-spec'
  | 'classification-rejected'
  | 'frame-too-large'
  | 'out-of-range'
  | 'uses-pc-not-relocatable';

export class TrampolineError extends Error {
  override readonly name = 'TrampolineError';
  constructor(
    readonly code: TrampolineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function check32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new TrampolineError('bad-spec', `${name} ${value} is not an unsigned 32-bit value`);
  }
}

/** Bytes the trampoline reserves below SP for a given stack use: pt_regs + stack use, word aligned. */
export function trampolineFrameBytes(stackUse: number): number {
  return PT_REGS_BYTES + Math.ceil(stackUse / 4) * 4;
}

/** Builds the trampoline for one probe. Throws `TrampolineError` when it cannot be built. */
export function buildTrampoline(spec: TrampolineSpec): Trampoline {
  const { address, insn, slotAddress, gateAddress, probeId, stackUse, classification } = spec;
  check32('probe address', address);
  if (!Number.isInteger(spec.word) || spec.word < -0x80000000 || spec.word > 0xffffffff) {
    throw new TrampolineError('bad-spec', `probed word ${spec.word} is not a 32-bit value`);
  }
  check32('slot address', slotAddress);
  check32('gate address', gateAddress);
  check32('probe id', probeId);
  if (address % 4 !== 0 || slotAddress % 4 !== 0) {
    throw new TrampolineError('bad-spec', 'the probe and slot addresses must be word aligned');
  }
  if (insn.word >>> 0 !== spec.word >>> 0 || insn.address >>> 0 !== address) {
    throw new TrampolineError('bad-spec', 'insn is not decodeA32(word, address)');
  }
  if (classification.action === 'reject') {
    throw new TrampolineError('classification-rejected', classification.reason);
  }
  if (!Number.isInteger(stackUse) || stackUse < 0) {
    throw new TrampolineError('bad-spec', `stack use ${stackUse} is not a byte count`);
  }
  const frameBytes = trampolineFrameBytes(stackUse);
  if (frameBytes > MAX_FRAME_BYTES) {
    throw new TrampolineError('frame-too-large', `a ${frameBytes}-byte frame does not fit sub sp, sp, #imm8`);
  }
  const range = a32BranchRange(address, slotAddress);
  if (!range.ok) {
    throw new TrampolineError(
      'out-of-range',
      `a branch at 0x${address.toString(16)} cannot reach 0x${slotAddress.toString(16)} (${range.reason})`,
    );
  }
  const relocation = relocate(insn, classification);
  if (relocation.mode === 'not-relocatable') throw new TrampolineError('uses-pc-not-relocatable', relocation.detail);

  const w = new TrampolineWriter(slotAddress);
  // Save: the pt_regs frame below the instruction's own stack use.
  w.word(encodeSubImm(SP, SP, frameBytes));
  w.word(encodeStm(SP, R0_TO_LR));
  w.word(encodeStrImm(0, SP, PT_REGS_ORIG_R0));
  w.word(encodeAddImm(0, SP, frameBytes));
  w.word(encodeStrImm(0, SP, PT_REGS_SP));
  w.literal(0, address);
  w.word(encodeStrImm(0, SP, PT_REGS_PC));
  w.word(encodeMrsApsr(0));
  w.word(encodeStrImm(0, SP, PT_REGS_CPSR));
  // Call the gate: r0 = probe id, r1 = &pt_regs, SP 8-byte aligned.
  w.literal(0, probeId);
  w.word(encodeMovReg(1, SP));
  w.word(encodeAndImm8(4, SP, 4));
  w.word(encodeSubReg(SP, SP, 4));
  w.literal(2, gateAddress);
  w.word(encodeBlxReg(2));
  const gateReturn = w.here;
  w.word(encodeAddReg(SP, SP, 4));
  // A handler that moved the PC takes over: resume there with its registers.
  w.word(encodeLdrImm(0, SP, PT_REGS_PC));
  w.literal(1, address);
  w.word(encodeCmpReg(0, 1));
  w.word(encodeLdrImm(0, SP, PT_REGS_CPSR));
  w.branch('exit', NE);
  w.word(encodeMsrApsrNzcvqg(0));
  if (relocation.mode === 'direct') {
    w.word(encodeLdm(SP, R0_TO_LR));
    w.label(ORIGINAL_LABEL);
    w.word(relocation.word);
    w.jump((address + 4) >>> 0);
  } else {
    relocation.emit(w);
    w.word(encodeLdm(SP, R0_TO_PC));
  }
  w.label('exit');
  w.word(encodeMsrApsrNzcvqg(0));
  w.word(encodeLdm(SP, R0_TO_PC));
  const originalAt = w.addressOf(ORIGINAL_LABEL);
  const words = w.finish();
  if (words.length > MAX_TRAMPOLINE_WORDS) {
    throw new Error(`internal: a ${words.length}-word trampoline exceeds MAX_TRAMPOLINE_WORDS`);
  }
  return {
    words,
    executeInTrampoline: true,
    mode: relocation.mode,
    returnAddress: (address + 4) >>> 0,
    frameBytes,
    gateReturn,
    originalAt,
  };
}
