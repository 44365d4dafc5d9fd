import { inItBlock, THUMB_PROBE_EFFECTS, THUMB_SLOT_RETURN, type ThumbInstruction } from '@armprobe/decoder';
import type { Cpu } from '@armprobe/emulator';
import type { ThumbAccepted } from '../core/probe.js';
import type { InterworkingAddress } from './thumb-simulate.js';

type Emulated = Extract<ThumbAccepted, { action: 'emulate' }>;

/** The APSR bits (N Z C V Q and GE) an emulated instruction's flags policy keeps or copies back. */
const APSR_MASK = 0xf80f0000;

/** A result to copy back: the slot register holding it and the original register it belongs to. */
interface Output {
  readonly slot: number;
  readonly original: number;
}

/** The CPU's state before a Thumb slot ran, and how to map its results back. */
export interface ThumbSlotFrame {
  /** r0–r14 before the slot ran. */
  readonly saved: Int32Array;
  /** Registers the slot borrowed (bitmask): they get their saved values back. */
  readonly borrowed: number;
  readonly outputs: readonly Output[];
  /** Whether the slot's flags are the instruction's; if not, the APSR from before to put back. */
  readonly apsr: number;
  readonly keepFlags: boolean;
  /** ITSTATE the probed instruction ran under (the slot runs outside any IT block). */
  readonly itState: number;
  /** PUSH/POP: SP travels as r9 and LR/PC as r8. */
  readonly pushPop: 'push' | 'pop' | null;
  /** 16-bit high-register ADD/CMP/MOV: Rdn (its result is r1, the PC result stays Thumb), or -1. */
  readonly hiRegRdn: number;
}

/**
 * The slot's halfwords: the decision's copy without its `bx lr` (the kernel calls its slots and returns
 * with `bx lr`; here the copy is followed by a Thumb UDF the host maps as a call, so the CPU's LR is never
 * borrowed), then `returnTrap`; padded to whole words.
 */
export function thumbSlotHalfwords(decision: Emulated, returnTrap: number): number[] {
  const copy = decision.slot.slice(0, decision.slot.length - 1);
  if (decision.slot[decision.slot.length - 1] !== THUMB_SLOT_RETURN) {
    throw new Error('kprobes: a Thumb slot copy must end with bx lr');
  }
  const halfwords = [...copy, returnTrap];
  while (halfwords.length % 2 !== 0 || halfwords.length < 4) halfwords.push(0xbf00);
  return halfwords;
}

/** What a site's slot needs on every hit, worked out once (the instruction and decision never change). */
interface SlotPlan {
  /** Slot registers to load, and the original register each takes its value from (15: the PC value). */
  readonly loads: readonly (readonly [slot: number, original: number])[];
  /** Registers the slot borrowed (bitmask): they get their saved values back. */
  readonly borrowed: number;
  readonly outputs: readonly Output[];
  /** The PC value a load of register 15 gives: address + 4, word-aligned for the 32-bit forms. */
  readonly pc: number;
  readonly flags: 'write' | 'none' | 'write-outside-it';
  readonly pushPop: 'push' | 'pop' | null;
  readonly hiRegRdn: number;
}

const plans = new WeakMap<Emulated, SlotPlan>();

function planFor(decision: Emulated, insn: ThumbInstruction, address: number): SlotPlan {
  const cached = plans.get(decision);
  if (cached !== undefined) return cached;
  const effect = THUMB_PROBE_EFFECTS[decision.handler];
  const flags = effect?.flags ?? 'none';
  const word = insn.word >>> 0;
  const loads: [number, number][] = [];
  const outputs: Output[] = [];
  let borrowed = 0;
  let pushPop: SlotPlan['pushPop'] = null;
  let hiRegRdn = -1;
  let pc = (address + 4) | 0;
  const writes = (n: number): boolean => (insn.writes & (1 << n)) !== 0;
  if (decision.handler === 't16-push' || decision.handler === 't16-pop') {
    pushPop = decision.handler === 't16-push' ? 'push' : 'pop';
    loads.push([9, 13], [8, 14]);
  } else if (decision.handler === 't16-hi-reg-ops') {
    const rdn = (word & 7) | ((word >>> 4) & 8);
    loads.push([1, rdn], [0, (word >>> 3) & 0xf]);
    // CMP (bits 9:8 = 01) writes only the flags.
    hiRegRdn = ((word >>> 8) & 3) === 1 ? -1 : rdn;
  } else if (insn.length === 4) {
    pc = ((address + 4) & ~3) | 0;
    if (decision.handler === 't32-ldm-stm') {
      const base = decision.registerBase;
      for (let i = 0; i + base <= 15 && i < 13; i++) {
        if (base > 0) loads.push([i, i + base]);
        if (writes(i + base)) outputs.push({ slot: i, original: i + base });
      }
    } else {
      const fields = effect?.results ?? [];
      for (const r of decision.renames) {
        loads.push([r.slot, r.original]);
        if (fields.includes(r.field) && writes(r.original)) outputs.push({ slot: r.slot, original: r.original });
      }
    }
  }
  for (const [slot] of loads) borrowed |= 1 << slot;
  const plan: SlotPlan = { loads, borrowed, outputs, pc, flags, pushPop, hiRegRdn };
  plans.set(decision, plan);
  return plan;
}

/**
 * Prepares the CPU to run a Thumb slot the way the kernel's Thumb emulate_* handlers load their fixed
 * registers: 32-bit forms get each renamed field's value in its slot register (PC reads as
 * Align(address + 4, 4), the only PC reads the accepted 32-bit forms make: ADR and literal addressing);
 * LDM/STM copies a shifted register window; PUSH/POP run on r9 (SP) and r8 (LR or PC); the 16-bit
 * high-register forms on r1 (Rdn) and r0 (Rm) with PC read as address + 4; the other 16-bit forms on r0–r7
 * themselves. The slot runs outside any IT block (ITSTATE 0), as the kernel's does.
 */
export function enterThumbSlot(
  cpu: Cpu,
  decision: Emulated,
  insn: ThumbInstruction,
  address: number,
  itState: number,
): ThumbSlotFrame {
  const plan = planFor(decision, insn, address);
  const saved = new Int32Array(15);
  saved.set(cpu.regs.subarray(0, 15));
  for (const [slot, original] of plan.loads) cpu.regs[slot] = original === 15 ? plan.pc : saved[original]!;
  // The slot runs on the CPU's own flags, so what it leaves is the instruction's effect — except for the
  // 16-bit forms that set flags only outside an IT block: inside one the slot (outside any block) would
  // set them, and the flags from before are put back. 'none' keeps the slot's flags too: those forms do not
  // touch NZCV, and the Q flag SMLAD/SMLAWy/SMLSD may set is real (the kernel's "noflags" emulation runs
  // on its own CPSR and loses it: a documented deviation, see the README).
  const keepFlags = plan.flags !== 'write-outside-it' || !inItBlock(itState);
  const apsr = keepFlags ? 0 : cpu.apsr;
  cpu.itState = 0;
  return {
    saved,
    borrowed: plan.borrowed,
    outputs: plan.outputs,
    apsr,
    keepFlags,
    itState,
    pushPop: plan.pushPop,
    hiRegRdn: plan.hiRegRdn,
  };
}

/**
 * After the slot ran: gives borrowed registers their values back, copies the results into the registers
 * the instruction writes, applies the flags policy (THUMB_PROBE_EFFECTS), and returns where execution
 * continues: the next instruction in Thumb state, or the PC the instruction wrote (POP/LDM/LDR to the PC
 * interwork; a high-register ADD/MOV to the PC stays in Thumb state). ITSTATE is the caller's business.
 */
export function leaveThumbSlot(cpu: Cpu, frame: ThumbSlotFrame, insn: ThumbInstruction): InterworkingAddress {
  const results = new Int32Array(15);
  results.set(cpu.regs.subarray(0, 15));
  for (let i = 0; i < 15; i++) if ((frame.borrowed & (1 << i)) !== 0) cpu.regs[i] = frame.saved[i]!;
  if (!frame.keepFlags) cpu.writeCpsr(frame.apsr, APSR_MASK);
  const address = insn.address >>> 0;
  const next = ((address + insn.length) | 1) >>> 0;
  if (frame.pushPop !== null) {
    cpu.regs[13] = results[9]!;
    // POP {…, pc}: the word loaded for PC travelled as r8 (LoadWritePC interworks).
    if (frame.pushPop === 'pop' && (insn.word & 0x100) !== 0) return results[8]! >>> 0;
    return next;
  }
  if (frame.hiRegRdn >= 0) {
    // ALUWritePC in Thumb state is BranchWritePC: the PC stays Thumb, bit 0 ignored.
    if (frame.hiRegRdn === 15) return (results[1]! | 1) >>> 0;
    cpu.regs[frame.hiRegRdn] = results[1]!;
    return next;
  }
  let pcOut: number | null = null;
  for (const o of frame.outputs) {
    if (o.original === 15) pcOut = results[o.slot]! >>> 0;
    else cpu.regs[o.original] = results[o.slot]!;
  }
  return pcOut ?? next;
}
