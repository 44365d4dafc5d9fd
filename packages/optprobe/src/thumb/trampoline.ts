/**
 * The Thumb trampoline builder: Thumb code (one ARM word at the end) that runs the instructions a Thumb
 * optprobe's `B.W` covered — one 32-bit instruction, or a 16-bit one and the instruction after it — each
 * as a *step*, calling the host-call gate before every probed step, then branches back after the covered
 * bytes. Steps start and end with every register live (SP the original, flags as the instruction sees them):
 *
 *   probed step (probe id P at address a):
 *     sub   sp, #F                  F = 72 + stack use: the pt_regs frame below SP
 *     stmia.w sp, {r0-r12}
 *     str.w lr, [sp, #56]
 *     str   r0, [sp, #68]           ORIG_r0
 *     add   r0, sp, #F ; str r0, [sp, #52]         uregs[13] = the original SP
 *     ldr.w r0, =a ; str r0, [sp, #60]            uregs[15] = the probe address
 *     mrs   r0, CPSR ; orr.w r0, r0, #0x20 ; str r0, [sp, #64]   uregs[16]: Thumb bit set, ITSTATE 0
 *     ldr.w r0, =P ; mov r1, sp                   gate(P, &pt_regs)
 *     mov r4, sp ; and.w r4, r4, #4 ; sub.w sp, sp, r4            AAPCS: SP 8-byte aligned at the call
 *     ldr.w r2, =gate ; blx r2                    the gate returns like BX LR, to Thumb
 *     add   sp, r4
 *     ldr r0, [sp, #60] ; ldr.w r1, =a ; cmp r0, r1 ; ldr r0, [sp, #64] ; bne.w exit
 *     msr   CPSR_fs, r0             APSR_nzcvqg: the flags as the handler left them
 *     direct / live:  ldr.w lr, [sp, #56] ; ldmia.w sp, {r0-r12} ; ldr.w sp, [sp, #52] ; <insn or equivalent>
 *     frame:          <the effect into the frame, the next PC in its PC slot> ; b.w leave
 *   unprobed step: <insn or live equivalent>, or for a frame relocation the frame without the gate call
 *   b.w end                         the instruction after the covered bytes (ldr.w pc, =end|1 beyond reach)
 *   exit:                           a handler moved the PC (r0 = the frame's CPSR)
 *     ldr r1, [sp, #60] ; ubfx r2, r0, #5, #1 ; orr.w r1, r1, r2 ; str r1, [sp, #60]   PC | T
 *     msr   CPSR_fs, r0
 *   leave:
 *     bx pc ; (pad)                 to ARM state, word aligned
 *     ldm sp, {r0-pc}               (ARM) every register, SP and PC at once; bit 0 of the PC interworks back
 *   literal pool
 *
 * Why Thumb code with one ARM word: the covered instructions run unchanged in their own state, and Thumb
 * has no single instruction that loads SP and PC together (T32 LDM may not name SP); A32 `ldm sp, {r0-pc}`
 * does, atomically with respect to the frame, exactly as the ARM trampolines leave.
 */
import {
  encodeLdm,
  encodeThumbBLXReg,
  encodeThumbBX,
  PC,
  SP,
  type ThumbInstruction,
  type ThumbProbeDecision,
} from '@armprobe/decoder';
import { MAX_FRAME_BYTES } from '../analysis/can-optimize.js';
import { trampolineFrameBytes } from '../trampoline/build.js';
import { PT_REGS_CPSR, PT_REGS_LR, PT_REGS_ORIG_R0, PT_REGS_PC, PT_REGS_SP } from '../trampoline/pt-regs-frame.js';
import {
  thumbAddRdSpImm,
  thumbAddSpReg,
  thumbAndImm,
  thumbCmpReg,
  thumbLdmW,
  thumbLdrSp,
  thumbLdrW,
  thumbMovReg,
  thumbMrs,
  thumbMsrNzcvqg,
  thumbOrrImm,
  thumbOrrReg,
  thumbStmW,
  thumbStrSp,
  thumbStrW,
  thumbSubSpImm,
  thumbSubSpReg,
  thumbUbfx,
} from './encode.js';
import { jumpTo, type LocalLabel, relocateThumb, type ThumbRelocation } from './relocate.js';
import { ThumbWriter } from './writer.js';

/** Halfwords a Thumb trampoline may take (code and pool); the longest generated is shorter (see tests). */
export const MAX_THUMB_TRAMPOLINE_HALFWORDS = 160;
/** The same in words: what to allocate per Thumb trampoline. */
export const MAX_THUMB_TRAMPOLINE_WORDS = MAX_THUMB_TRAMPOLINE_HALFWORDS / 2;

const R0_TO_R12 = 0x1fff;
const NE = 1;
/** CPSR.T */
const T_BIT = 0x20;

/** One covered instruction: what it is, what kprobes decided about it, and the probe on it (if any). */
export interface ThumbStepSpec {
  readonly insn: ThumbInstruction;
  /** `classifyThumbProbe(insn)`: must not be a rejection. */
  readonly decision: ThumbProbeDecision;
  /** Passed to the gate in r0 before the instruction runs, or null when no probe is on it. */
  readonly probeId: number | null;
}

export interface ThumbTrampolineSpec {
  /** The covered instructions, consecutive, starting at the replaced address. */
  readonly steps: readonly ThumbStepSpec[];
  /** Where the trampoline will be written: word aligned. */
  readonly slotAddress: number;
  /** Guest address of the host-call gate. */
  readonly gateAddress: number;
}

/** A trampoline address whose fault is a covered instruction's fault. */
export interface ThumbFaultSite {
  /** The trampoline address (the instruction itself when direct, the relocated load when framed). */
  readonly at: number;
  /** The covered instruction's address: raise the fault there. */
  readonly address: number;
  /** The covered instruction (`hw1 << 16 | hw2` or the 16-bit unit). */
  readonly word: number;
  /** `live`: registers already hold the instruction's view; `frame`: reload r0–r14 from the frame at SP first. */
  readonly registers: 'live' | 'frame';
}

export interface ThumbStepReport {
  readonly address: number;
  /** Trampoline address where the step starts (every register live, SP the original). */
  readonly start: number;
  readonly probeId: number | null;
  readonly how: 'direct' | 'live' | 'frame';
  readonly what: string;
  /** Trampoline address right after the step's `blx r2` (the gate's LR without bit 0), or null when unprobed. */
  readonly gateReturn: number | null;
  /** Bytes the step's frame takes below SP, or 0 when it has none. */
  readonly frameBytes: number;
}

export interface ThumbTrampoline {
  /** The trampoline in memory order (the literal pool word aligned at the end). */
  readonly halfwords: number[];
  /** The same as little-endian words (what a word-granular allocator writes), padded to a whole word. */
  readonly words: number[];
  /** Where a covered run that falls through continues: the address after the covered bytes. */
  readonly returnAddress: number;
  readonly steps: readonly ThumbStepReport[];
  readonly faultSites: readonly ThumbFaultSite[];
}

export type ThumbTrampolineErrorCode =
  | 'bad-spec'
  | 'classification-rejected'
  | 'frame-too-large'
  | 'table-branch'
  | 'uses-pc-not-relocatable';

export class ThumbTrampolineError extends Error {
  override readonly name = 'ThumbTrampolineError';
  constructor(
    readonly code: ThumbTrampolineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function check32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new ThumbTrampolineError('bad-spec', `${name} ${value} is not an unsigned 32-bit value`);
  }
}

/** Builds a Thumb trampoline. Throws `ThumbTrampolineError` when it cannot be built. */
export function buildThumbTrampoline(spec: ThumbTrampolineSpec): ThumbTrampoline {
  const { steps, slotAddress, gateAddress } = spec;
  check32('slot address', slotAddress);
  check32('gate address', gateAddress);
  if (slotAddress % 4 !== 0) throw new ThumbTrampolineError('bad-spec', 'the slot address must be word aligned');
  if (steps.length === 0) throw new ThumbTrampolineError('bad-spec', 'no covered instruction');
  const relocations: Exclude<ThumbRelocation, { how: 'not-relocatable' }>[] = [];
  const frames: number[] = [];
  steps.forEach((step, i) => {
    const { insn, decision } = step;
    if (insn.isa !== 'thumb') throw new ThumbTrampolineError('bad-spec', 'a covered instruction is not Thumb');
    if (i > 0 && insn.address >>> 0 !== (steps[i - 1]!.insn.address + steps[i - 1]!.insn.length) >>> 0) {
      throw new ThumbTrampolineError('bad-spec', 'the covered instructions are not consecutive');
    }
    if (step.probeId !== null) check32('probe id', step.probeId);
    if (decision.action === 'reject') throw new ThumbTrampolineError('classification-rejected', decision.reason);
    const stackUse = decision.stackUse;
    if (stackUse === 'unknown') throw new ThumbTrampolineError('bad-spec', 'stack use unknown');
    const frameBytes = trampolineFrameBytes(stackUse);
    if (frameBytes > MAX_FRAME_BYTES) {
      throw new ThumbTrampolineError('frame-too-large', `a ${frameBytes}-byte frame exceeds ${MAX_FRAME_BYTES}`);
    }
    const r = relocateThumb(insn, decision);
    if (r.how === 'not-relocatable') throw new ThumbTrampolineError(r.reason, r.detail);
    relocations.push(r);
    frames.push(frameBytes);
  });
  const last = steps.at(-1)!.insn;
  const end = (last.address + last.length) >>> 0;

  const w = new ThumbWriter(slotAddress);
  // A branch to a covered instruction goes to its step (its original address holds the B.W).
  const local: LocalLabel = (address) => {
    const i = steps.findIndex((s) => s.insn.address >>> 0 === address);
    return i < 0 ? null : `step-${i}`;
  };
  const faultSites: ThumbFaultSite[] = [];
  const reports: ThumbStepReport[] = [];
  const faultLabels: { label: string; step: number; registers: 'live' | 'frame' }[] = [];
  let usesFrameExit = false;
  steps.forEach((step, i) => {
    const { insn } = step;
    const r = relocations[i]!;
    const F = frames[i]!;
    const a = insn.address >>> 0;
    const continuation = i + 1 < steps.length ? { label: `step-${i + 1}` } : end;
    const faultLabel = `fault-${i}`;
    w.label(`step-${i}`);
    let gateReturn: number | null = null;
    // A probed B<c> runs its handlers only when its condition passes (kprobes checks it first), then
    // branches: the condition is tested once, before the frame, and the probed path jumps unconditionally.
    const conditional =
      step.probeId !== null && insn.kind === 'branch-immediate' && !insn.link && insn.cond < 14 ? insn : null;
    const notTaken = `not-taken-${i}`;
    if (conditional !== null) w.branch(notTaken, conditional.cond ^ 1);
    const framed = step.probeId !== null || r.how === 'frame';
    if (framed) {
      // The pt_regs frame: r0–r12, LR, the original SP.
      w.h16(thumbSubSpImm(F));
      w.h32(thumbStmW(SP, R0_TO_R12));
      w.h32(thumbStrW(14, SP, PT_REGS_LR));
      if (step.probeId !== null) w.h16(thumbStrSp(0, PT_REGS_ORIG_R0));
      w.h16(thumbAddRdSpImm(0, F));
      w.h16(thumbStrSp(0, PT_REGS_SP));
    }
    if (step.probeId !== null) {
      w.literal(0, a);
      w.h16(thumbStrSp(0, PT_REGS_PC));
      w.h32(thumbMrs(0));
      w.h32(thumbOrrImm(0, 0, T_BIT));
      w.h16(thumbStrSp(0, PT_REGS_CPSR));
      // gate(probeId, &pt_regs) with SP 8-byte aligned.
      w.literal(0, step.probeId);
      w.h16(thumbMovReg(1, SP));
      w.h16(thumbMovReg(4, SP));
      w.h32(thumbAndImm(4, 4, 4));
      w.h32(thumbSubSpReg(4));
      w.literal(2, gateAddress);
      w.h16(encodeThumbBLXReg(2));
      gateReturn = w.here;
      w.h16(thumbAddSpReg(4));
      // A handler that moved the PC takes over.
      w.h16(thumbLdrSp(0, PT_REGS_PC));
      w.literal(1, a);
      w.h16(thumbCmpReg(0, 1));
      w.h16(thumbLdrSp(0, PT_REGS_CPSR));
      w.branch('exit', NE);
      usesFrameExit = true;
      w.h32(thumbMsrNzcvqg(0));
      if (r.how !== 'frame') {
        w.h32(thumbLdrW(14, SP, PT_REGS_LR));
        w.h32(thumbLdmW(SP, R0_TO_R12));
        w.h32(thumbLdrW(SP, SP, PT_REGS_SP));
      }
    }
    if (conditional !== null) {
      jumpTo(w, conditional.target >>> 0, local);
      w.label(notTaken);
    } else if (r.how === 'direct') {
      w.label(faultLabel);
      faultLabels.push({ label: faultLabel, step: i, registers: 'live' });
      w.insn(insn.word, insn.length);
    } else {
      r.emit(w, continuation, faultLabel, local);
      if (r.mayFault) faultLabels.push({ label: faultLabel, step: i, registers: r.how === 'frame' ? 'frame' : 'live' });
      if (r.how === 'frame') {
        usesFrameExit = true;
        w.branch('leave');
      }
    }
    reports.push({
      address: a,
      start: w.addressOf(`step-${i}`)!,
      probeId: step.probeId,
      how: r.how,
      what: r.how === 'direct' ? 'runs unchanged' : r.what,
      gateReturn,
      frameBytes: framed ? F : 0,
    });
  });
  if (relocations.at(-1)!.how !== 'frame') w.jump(end);
  if (usesFrameExit) {
    w.label('exit');
    w.h16(thumbLdrSp(1, PT_REGS_PC));
    w.h32(thumbUbfx(2, 0, 5, 1));
    w.h32(thumbOrrReg(1, 1, 2));
    w.h16(thumbStrSp(1, PT_REGS_PC));
    w.h32(thumbMsrNzcvqg(0));
    w.label('leave');
    w.align();
    w.h16(encodeThumbBX(PC));
    w.h16(0xbf00);
    w.arm(encodeLdm(SP, 0xffff));
  }
  for (const f of faultLabels) {
    const insn = steps[f.step]!.insn;
    faultSites.push({
      at: w.addressOf(f.label)!,
      address: insn.address >>> 0,
      word: insn.word >>> 0,
      registers: f.registers,
    });
  }
  const halfwords = w.finish();
  if (halfwords.length > MAX_THUMB_TRAMPOLINE_HALFWORDS) {
    throw new Error(`internal: a ${halfwords.length}-halfword Thumb trampoline exceeds MAX_THUMB_TRAMPOLINE_HALFWORDS`);
  }
  const words: number[] = [];
  for (let k = 0; k < halfwords.length; k += 2) words.push((halfwords[k]! | ((halfwords[k + 1] ?? 0) << 16)) >>> 0);
  return { halfwords, words, returnAddress: end, steps: reports, faultSites };
}
