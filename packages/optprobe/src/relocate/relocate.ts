/**
 * The relocator: decides how the probed instruction's effect is reproduced inside the trampoline, and
 * emits the code for it through the writer. It reads the decoded instruction and the kprobes
 * classification; it never re-decodes bits.
 *
 * - `direct`: the instruction's behaviour does not depend on where it sits — it reads no PC and is not a
 *   BLX (register), whose LR is its own address + 4. The word runs unchanged (condition forced to AL:
 *   the replacing branch already evaluated it) after every register is restored. This covers PC
 *   *writes* too (`bx lr`, `pop {…, pc}`, `mov pc, lr`): they leave the trampoline by themselves.
 * - `relocated`: the instruction reads the PC (or is BLX register). Its effect is computed into the
 *   pt_regs frame — results into the register slots, the next PC into the PC slot — and the trampoline
 *   leaves with `ldm sp, {r0-pc}`, which loads every register, SP and PC at once (a PC load interworks
 *   on ARMv7 exactly like the BX / LDR-to-PC / ALU-to-PC writes it replaces):
 *   - B / BL / BLX (immediate): PC ← target (BLX: target | 1, Thumb), BL/BLX: LR ← address + 4;
 *   - BX / BXJ / BLX (register): PC ← rm (rm = PC reads address + 8), BLX: LR ← address + 4;
 *   - every instruction the classifier *emulates* (LDR/LDRB/LDRH/LDRSB/LDRSH/LDRD literal, ADR and any
 *     ALU form with PC operands, STR of the PC, …): the classifier's register-renamed copy (fields
 *     19:16 → r2, 15:12 → r0, 11:8 → r1, 3:0 → r3) runs on r0–r3 loaded from the frame, with PC read as
 *     address + 8 from a literal; its results are stored back into the frame (the same result fields
 *     kprobes' out-of-line step copies back);
 *   - PLD/PLI with a PC base: a hint with no architectural effect; only the PC advances.
 * - `not-relocatable`: anything else that reads the PC (STM with the PC in the list is the one the
 *   classifier accepts): the probe stays a breakpoint (`uses-pc-not-relocatable`).
 */
import {
  type A32Instruction,
  type ArmProbeDecision,
  COND_AL,
  COND_UNCONDITIONAL,
  encodeLdrImm,
  encodeStrImm,
  LR,
  PC,
  PROBE_RESULT_FIELDS,
  SP,
} from '@armprobe/decoder';
import { PT_REGS_PC, ptRegsOffset } from '../trampoline/pt-regs-frame.js';
import type { TrampolineWriter } from '../trampoline/writer.js';

const PC_BIT = 1 << PC;

/** Label the relocator puts on the instruction that stands for the probed one (its faults are the probe's). */
export const ORIGINAL_LABEL = 'original';

export type Relocation =
  | {
      readonly mode: 'direct';
      /** The word the trampoline executes: the probed word with condition AL (0xF-space words unchanged). */
      readonly word: number;
    }
  | {
      readonly mode: 'relocated';
      readonly how: 'branch-immediate' | 'branch-exchange' | 'renamed-copy' | 'preload';
      /** The classifier's renamed copy (how = 'renamed-copy'), else null. */
      readonly copy: number | null;
      /**
       * Emits the code that computes the instruction's effect into the frame at SP (APSR already holds
       * the flags the instruction must see). The caller then leaves with `ldm sp, {r0-pc}`.
       */
      readonly emit: (writer: TrampolineWriter) => void;
    }
  | { readonly mode: 'not-relocatable'; readonly detail: string };

/** Does the instruction's behaviour depend on the address it executes at? */
export function isAddressDependent(insn: A32Instruction): boolean {
  if ((insn.reads & PC_BIT) !== 0) return true;
  // BLX (register) reads no PC operand but writes LR = its own address + 4.
  return insn.kind === 'branch-exchange' && insn.link;
}

/** Stores `value` (a constant) into the frame slot at `offset`, through r0. */
function storeConstant(w: TrampolineWriter, offset: number, value: number): void {
  w.literal(0, value);
  w.word(encodeStrImm(0, SP, offset));
}

/** How the probed instruction runs in a trampoline (see the module comment). */
export function relocate(insn: A32Instruction, decision: ArmProbeDecision): Relocation {
  const address = insn.address >>> 0;
  const next = (address + 4) >>> 0;
  const pcValue = (address + 8) >>> 0;
  if (decision.action === 'reject') return { mode: 'not-relocatable', detail: decision.reason };

  if (!isAddressDependent(insn)) {
    const word = insn.word >>> 0;
    const cond = word >>> 28;
    const direct = cond === COND_UNCONDITIONAL ? word : ((word & 0x0fffffff) | (COND_AL << 28)) >>> 0;
    return { mode: 'direct', word: direct };
  }

  if (insn.kind === 'branch-immediate') {
    return {
      mode: 'relocated',
      how: 'branch-immediate',
      copy: null,
      emit: (w) => {
        storeConstant(w, PT_REGS_PC, insn.exchange ? (insn.target | 1) >>> 0 : insn.target);
        if (insn.link) storeConstant(w, ptRegsOffset(LR), next);
      },
    };
  }

  if (insn.kind === 'branch-exchange') {
    return {
      mode: 'relocated',
      how: 'branch-exchange',
      copy: null,
      emit: (w) => {
        // Read rm before LR is written (BLX lr branches to the old LR).
        if (insn.rm === PC) w.literal(0, pcValue);
        else w.word(encodeLdrImm(0, SP, ptRegsOffset(insn.rm)));
        w.word(encodeStrImm(0, SP, PT_REGS_PC));
        if (insn.link) storeConstant(w, ptRegsOffset(LR), next);
      },
    };
  }

  if (decision.action === 'simulate' && (decision.handler === 'preload-imm' || decision.handler === 'preload-reg')) {
    return { mode: 'relocated', how: 'preload', copy: null, emit: (w) => storeConstant(w, PT_REGS_PC, next) };
  }

  const resultFields = decision.action === 'emulate' ? PROBE_RESULT_FIELDS[decision.handler] : undefined;
  if (decision.action !== 'emulate' || decision.handler === 'ldm-stm' || resultFields === undefined) {
    return {
      mode: 'not-relocatable',
      detail: `${insn.op} reads the PC and is ${decision.action}d by kprobes (${decision.handler}): no relocation`,
    };
  }

  const writes = (n: number) => (insn.writes & (1 << n)) !== 0;
  const inputs: { slot: number; original: number }[] = decision.renames.map((r) => ({
    slot: r.slot,
    original: r.original,
  }));
  const results = decision.renames
    .filter((r) => resultFields.includes(r.field) && writes(r.original))
    .map((r) => ({ slot: r.slot, original: r.original }));
  // LDRD/STRD also transfer Rt + 1, which the copy names r1 (Rt is renamed to r0).
  if (decision.handler === 'ldrd-strd' && (insn.kind === 'loadStoreImmediate' || insn.kind === 'loadStoreRegister')) {
    inputs.push({ slot: 1, original: insn.rt + 1 });
    if (writes(insn.rt + 1)) results.push({ slot: 1, original: insn.rt + 1 });
  }
  const copy = decision.slotWord;
  return {
    mode: 'relocated',
    how: 'renamed-copy',
    copy,
    emit: (w) => {
      if (!results.some((r) => r.original === PC)) storeConstant(w, PT_REGS_PC, next);
      for (const { slot, original } of inputs) {
        if (original === PC) w.literal(slot, pcValue);
        else w.word(encodeLdrImm(slot, SP, ptRegsOffset(original)));
      }
      w.label(ORIGINAL_LABEL);
      w.word(copy);
      for (const { slot, original } of results) w.word(encodeStrImm(slot, SP, ptRegsOffset(original)));
    },
  };
}
