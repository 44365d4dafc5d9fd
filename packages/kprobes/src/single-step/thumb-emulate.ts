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
  /** The APSR before the slot, and whether the slot's flags are the instruction's (else put back). */
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
  const saved = Int32Array.from(cpu.regs.subarray(0, 15));
  const effect = THUMB_PROBE_EFFECTS[decision.handler];
  const flags = effect?.flags ?? 'none';
  // The slot runs on the CPU's own flags, so what it leaves is the instruction's effect — except for the
  // 16-bit forms that set flags only outside an IT block: inside one the slot (outside any block) would
  // set them, and the flags from before are put back. 'none' keeps the slot's flags too: those forms do not
  // touch NZCV, and the Q flag SMLAD/SMLAWy/SMLSD may set is real (the kernel's "noflags" emulation runs
  // on its own CPSR and loses it: a documented deviation, see the README).
  const keepFlags = flags !== 'write-outside-it' || !inItBlock(itState);
  const outputs: Output[] = [];
  let borrowed = 0;
  let pushPop: ThumbSlotFrame['pushPop'] = null;
  let hiRegRdn = -1;
  const word = insn.word >>> 0;
  const common = { saved, apsr: cpu.apsr, keepFlags, itState };
  cpu.itState = 0;
  switch (decision.handler) {
    case 't16-push':
    case 't16-pop':
      pushPop = decision.handler === 't16-push' ? 'push' : 'pop';
      cpu.regs[9] = saved[13]!;
      cpu.regs[8] = saved[14]!;
      borrowed = (1 << 8) | (1 << 9);
      return { ...common, borrowed, outputs, pushPop, hiRegRdn };
    case 't16-hi-reg-ops': {
      const pc = (address + 4) | 0;
      const rdn = (word & 7) | ((word >>> 4) & 8);
      const rm = (word >>> 3) & 0xf;
      cpu.regs[1] = rdn === 15 ? pc : saved[rdn]!;
      cpu.regs[0] = rm === 15 ? pc : saved[rm]!;
      borrowed = 3;
      // CMP (bits 9:8 = 01) writes only the flags.
      hiRegRdn = ((word >>> 8) & 3) === 1 ? -1 : rdn;
      return { ...common, borrowed, outputs, pushPop, hiRegRdn };
    }
    default:
      break;
  }
  if (insn.length === 2) return { ...common, borrowed, outputs, pushPop, hiRegRdn };
  const value = (n: number): number => (n === 15 ? ((address + 4) & ~3) | 0 : saved[n]!);
  const writes = (n: number): boolean => (insn.writes & (1 << n)) !== 0;
  if (decision.handler === 't32-ldm-stm') {
    const base = decision.registerBase;
    for (let i = 0; i + base <= 15 && i < 13; i++) {
      if (base > 0) {
        cpu.regs[i] = value(i + base);
        borrowed |= 1 << i;
      }
      if (writes(i + base)) outputs.push({ slot: i, original: i + base });
    }
    return { ...common, borrowed, outputs, pushPop, hiRegRdn };
  }
  const values = decision.renames.map((r) => value(r.original));
  const fields = effect?.results ?? [];
  decision.renames.forEach((r, k) => {
    cpu.regs[r.slot] = values[k]!;
    borrowed |= 1 << r.slot;
    if (fields.includes(r.field) && writes(r.original)) outputs.push({ slot: r.slot, original: r.original });
  });
  return { ...common, borrowed, outputs, pushPop, hiRegRdn };
}

/**
 * After the slot ran: gives borrowed registers their values back, copies the results into the registers
 * the instruction writes, applies the flags policy (THUMB_PROBE_EFFECTS), and returns where execution
 * continues: the next instruction in Thumb state, or the PC the instruction wrote (POP/LDM/LDR to the PC
 * interwork; a high-register ADD/MOV to the PC stays in Thumb state). ITSTATE is the caller's business.
 */
export function leaveThumbSlot(cpu: Cpu, frame: ThumbSlotFrame, insn: ThumbInstruction): InterworkingAddress {
  const results = Int32Array.from(cpu.regs.subarray(0, 15));
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
