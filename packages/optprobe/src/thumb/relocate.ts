/**
 * The Thumb relocator: how one covered instruction's effect is reproduced in a Thumb trampoline. It reads
 * the decoded instruction (never re-decodes bits) and emits through the Thumb writer.
 *
 * - `direct`: the instruction does not depend on its address (reads no PC, is not a call); its halfwords
 *   run unchanged with every register live. PC writers (`bx lr`, `pop {r4, pc}`, `ldr pc, [sp], #4`,
 *   `mov pc, r3`) leave the trampoline by themselves.
 * - `live`: an equivalent that needs no scratch register, run with every register live:
 *   B / B.W → `b.w target` (or `ldr.w pc, =target|1` beyond ±16 MiB); B<c> → `b<!c>.n skip; b.w target;
 *   skip:`; CBZ/CBNZ → the opposite test over a jump; BL → `ldr.w lr, =next|1; b.w target`; BLX (immediate,
 *   to ARM) → `ldr.w lr, =next|1; ldr.w pc, =target`; BLX rm (rm ≠ LR) → `ldr.w lr, =next|1; bx rm`;
 *   BX PC → `ldr.w pc, =address+4` (ARM); ADR / ADDW / SUBW from the PC → `ldr.w rd, =value`; PLD from
 *   the PC → nothing (a hint).
 * - `frame`: needs scratch registers, so it runs with the registers in the pt_regs frame at SP (flags live
 *   in APSR) and leaves with the frame's `ldm sp, {r0-pc}`: LDR/LDRB/LDRH/LDRSB/LDRSH/LDRD (literal) →
 *   `ldr.w r0, =address; <load> r0[, r1], [r0]` into the frame (a load into the PC lands in the PC slot and
 *   interworks as LoadWritePC does); the 16-bit high-register ADD/MOV/CMP reading the PC → the kernel's
 *   slot copy `<op> r1, r0` on r1 = Rdn, r0 = Rm (PC read as address + 4), a PC result with bit 0 set
 *   (BranchWritePC stays in Thumb); BLX lr → PC slot ← LR, LR slot ← next|1.
 * - `not-relocatable`: TBB/TBH (their targets sit in a table after them) and any other PC reader.
 */
import type { ThumbInstruction, ThumbProbeDecision } from '@armprobe/decoder';
import { LR, PC, SP } from '@armprobe/decoder';
import { PT_REGS_LR, PT_REGS_PC, ptRegsOffset } from '../trampoline/pt-regs-frame.js';
import { thumbLdrd, thumbLdrSp, thumbLoadImm12, thumbOrrImm, thumbStrSp } from './encode.js';
import type { ThumbWriter } from './writer.js';

const PC_BIT = 1 << PC;

/** Where execution goes after the instruction when it does not branch: a trampoline label or an address. */
export type Continuation = { readonly label: string } | number;

/** The trampoline label of a covered instruction's step, by its original address (null: not covered). */
export type LocalLabel = (address: number) => string | null;

/** A jump to Thumb code at `target`: to its step when the instruction there is covered, else out. */
export function jumpTo(w: ThumbWriter, target: number, local: LocalLabel): void {
  const label = local(target >>> 0);
  if (label !== null) w.branch(label);
  else w.jump(target);
}

export type ThumbRelocation =
  | { readonly how: 'direct' }
  | {
      readonly how: 'live' | 'frame';
      /** What the relocation does, for reports: e.g. `b.w target`, `literal load`, `hi-reg copy`. */
      readonly what: string;
      /**
       * Emits the equivalent. `live`: registers live; falls through to the next item when it does not branch.
       * `frame`: registers in the frame at SP; stores the next PC (`continuation`) or its own into the PC slot;
       * the caller then leaves through the frame. `faultLabel` marks the instruction whose fault is the
       * original's (the literal load), when there is one.
       */
      readonly emit: (w: ThumbWriter, continuation: Continuation, faultLabel: string, local: LocalLabel) => void;
      /** True when `emit` defines `faultLabel` (the access that can fault). */
      readonly mayFault: boolean;
    }
  | {
      readonly how: 'not-relocatable';
      readonly reason: 'table-branch' | 'uses-pc-not-relocatable';
      readonly detail: string;
    };

function hex(v: number): string {
  return `0x${(v >>> 0).toString(16)}`;
}

/** Base of a Thumb PC-relative access: Align(address + 4, 4). */
function alignedPc(address: number): number {
  return ((address + 4) & ~3) >>> 0;
}

/** Stores a constant into a frame slot through r0 (no flag change). */
function storeConstant(w: ThumbWriter, offset: number, value: number | { readonly label: string }): void {
  w.literal(0, value);
  w.h16(thumbStrSp(0, offset));
}

function continuationValue(c: Continuation): number | { readonly label: string } {
  return typeof c === 'number' ? (c | 1) >>> 0 : c;
}

/** How the covered instruction `insn` runs in a Thumb trampoline (see the module comment). */
export function relocateThumb(insn: ThumbInstruction, decision: ThumbProbeDecision): ThumbRelocation {
  const address = insn.address >>> 0;
  const next = (address + insn.length) >>> 0;
  const nextThumb = (next | 1) >>> 0;
  const readsPc = (insn.reads & PC_BIT) !== 0;

  if (insn.kind === 'table-branch') {
    return {
      how: 'not-relocatable',
      reason: 'table-branch',
      detail: `${insn.op} at ${hex(address)} branches through a table that follows it: not relocatable`,
    };
  }
  if (insn.kind === 'branch-immediate') {
    const target = insn.target >>> 0;
    if (insn.exchange) {
      return {
        how: 'live',
        what: 'blx (immediate): lr ← next, ldr.w pc (to ARM)',
        mayFault: false,
        emit: (w) => {
          w.literal(LR, nextThumb);
          w.literal(PC, target);
        },
      };
    }
    if (insn.link) {
      return {
        how: 'live',
        what: 'bl: lr ← next, b.w',
        mayFault: false,
        emit: (w, _continuation, _fault, local) => {
          w.literal(LR, nextThumb);
          jumpTo(w, target, local);
        },
      };
    }
    const cond = insn.cond;
    if (cond >= 14) {
      return { how: 'live', what: 'b.w', mayFault: false, emit: (w, _c, _f, local) => jumpTo(w, target, local) };
    }
    return {
      how: 'live',
      what: `b<c>: b<!c> over b.w`,
      mayFault: false,
      emit: (w, _continuation, _fault, local) => {
        const skip = `skip-${hex(address)}`;
        w.branch(skip, cond ^ 1);
        jumpTo(w, target, local);
        w.label(skip);
      },
    };
  }
  if (insn.kind === 'compare-branch') {
    const target = insn.target >>> 0;
    return {
      how: 'live',
      what: `${insn.op}: the opposite test over b.w`,
      mayFault: false,
      emit: (w, _continuation, _fault, local) => {
        const skip = `skip-${hex(address)}`;
        w.compareBranch(!insn.nonZero, insn.rn, skip);
        jumpTo(w, target, local);
        w.label(skip);
      },
    };
  }
  if (insn.kind === 'branch-exchange') {
    if (insn.rm === PC) {
      if (insn.link || address % 4 !== 0) {
        return {
          how: 'not-relocatable',
          reason: 'uses-pc-not-relocatable',
          detail: `${insn.link ? 'blx' : 'bx'} pc at ${hex(address)} is UNPREDICTABLE`,
        };
      }
      return {
        how: 'live',
        what: 'bx pc: ldr.w pc (to ARM)',
        mayFault: false,
        emit: (w) => w.literal(PC, (address + 4) >>> 0),
      };
    }
    if (!insn.link) return { how: 'direct' };
    if (insn.rm !== LR) {
      const rm = insn.rm;
      return {
        how: 'live',
        what: 'blx rm: lr ← next, bx rm',
        mayFault: false,
        emit: (w) => {
          w.literal(LR, nextThumb);
          w.h16(0x4700 | (rm << 3));
        },
      };
    }
    return {
      how: 'frame',
      what: 'blx lr: pc ← lr, lr ← next',
      mayFault: false,
      emit: (w) => {
        w.h16(thumbLdrSp(0, PT_REGS_LR));
        w.h16(thumbStrSp(0, PT_REGS_PC));
        storeConstant(w, PT_REGS_LR, nextThumb);
      },
    };
  }
  if (!readsPc) return { how: 'direct' };

  if (insn.kind === 'preload') {
    return { how: 'live', what: `${insn.op} [pc]: a hint, nothing to do`, mayFault: false, emit: () => {} };
  }
  if (insn.kind === 'dp-immediate' && insn.rn === PC && /^(add|sub)w?$/.test(insn.op) && !insn.setsFlags) {
    const base = alignedPc(address);
    const value = (insn.op.startsWith('add') ? base + insn.imm32 : base - insn.imm32) >>> 0;
    const rd = insn.rd;
    if (rd === PC || rd === SP) {
      return {
        how: 'not-relocatable',
        reason: 'uses-pc-not-relocatable',
        detail: `${insn.op} into ${rd === PC ? 'pc' : 'sp'}`,
      };
    }
    return { how: 'live', what: 'adr: ldr.w rd, =value', mayFault: false, emit: (w) => w.literal(rd, value) };
  }
  if (insn.kind === 'loadStoreImmediate' && insn.literalAddress !== null && insn.memory?.access === 'load') {
    const literal = insn.literalAddress >>> 0;
    const { rt, rt2 } = insn;
    const dual = insn.size === 8;
    const op = LOAD_OPS[insn.size]![insn.signed ? 1 : 0]!;
    return {
      how: 'frame',
      what: `${insn.op} (literal) from ${hex(literal)} into the frame`,
      mayFault: true,
      emit: (w, continuation, faultLabel) => {
        w.literal(0, literal);
        w.label(faultLabel);
        w.h32(dual ? thumbLdrd(0, 1, 0) : thumbLoadImm12(op, 0, 0));
        w.h16(thumbStrSp(0, ptRegsOffset(rt)));
        if (dual) w.h16(thumbStrSp(1, ptRegsOffset(rt2)));
        if (rt !== PC) storeConstant(w, PT_REGS_PC, continuationValue(continuation));
      },
    };
  }
  if (insn.kind === 'dp-register' && decision.action === 'emulate' && decision.handler === 't16-hi-reg-ops') {
    const copy = decision.slot[0]!;
    const writesRd = insn.op !== 'cmp';
    const rdn = writesRd ? insn.rd : insn.rn;
    const rm = insn.rm;
    const pcValue = (address + 4) >>> 0;
    return {
      how: 'frame',
      what: `${insn.op} with the pc: the slot copy on r1, r0`,
      mayFault: false,
      emit: (w, continuation) => {
        const load = (slot: number, r: number) => {
          if (r === PC) w.literal(slot, pcValue);
          else w.h16(thumbLdrSp(slot, ptRegsOffset(r)));
        };
        load(1, rdn);
        load(0, rm);
        w.h16(copy);
        if (writesRd && rdn === PC) {
          w.h32(thumbOrrImm(1, 1, 1));
          w.h16(thumbStrSp(1, PT_REGS_PC));
          return;
        }
        if (writesRd) w.h16(thumbStrSp(1, ptRegsOffset(rdn)));
        storeConstant(w, PT_REGS_PC, continuationValue(continuation));
      },
    };
  }
  return {
    how: 'not-relocatable',
    reason: 'uses-pc-not-relocatable',
    detail: `${insn.op} at ${hex(address)} reads the PC and has no Thumb relocation`,
  };
}

/** The single load (or LDRD) that reproduces a literal load, by access size and signedness. */
const LOAD_OPS: Readonly<Record<number, readonly [string, string]>> = {
  1: ['ldrb', 'ldrsb'],
  2: ['ldrh', 'ldrsh'],
  4: ['ldr', 'ldr'],
  8: ['ldrd', 'ldrd'],
};
