import { type A32Instruction, type ArmProbeDecision, PROBE_RESULT_FIELDS } from '@armprobe/decoder';
import type { Cpu } from '@armprobe/emulator';
import { interworkingWritePc } from './simulate.js';

type Emulated = Extract<ArmProbeDecision, { action: 'emulate' }>;

/** A result to copy back: the slot register holding it and the original register it belongs to. */
interface Output {
  readonly slot: number;
  readonly original: number;
}

/** What the CPU's registers looked like before the slot ran, and how to map results back. */
export interface SlotFrame {
  /** r0–r14 before the slot ran (restored afterwards for every register the slot borrowed). */
  readonly saved: Int32Array;
  /** Registers the slot borrowed (bitmask): they get their saved values back. */
  readonly borrowed: number;
  readonly outputs: readonly Output[];
}

/**
 * Prepares the CPU to run the renamed copy in the instruction slot, the way the kernel's emulate_*
 * handlers load their fixed registers: each renamed field's slot register gets the original register's
 * value (the PC reads as the probed address + 8); LDM/STM copies get a shifted register window.
 */
export function enterSlot(cpu: Cpu, decision: Emulated, insn: A32Instruction): SlotFrame {
  const address = insn.address >>> 0;
  const saved = new Int32Array(15);
  saved.set(cpu.regs.subarray(0, 15));
  const value = (n: number): number => (n === 15 ? (address + 8) | 0 : saved[n]!);
  const writes = (n: number): boolean => (insn.writes & (1 << n)) !== 0;
  const outputs: Output[] = [];
  let borrowed = 0;
  if (decision.handler === 'ldm-stm') {
    const base = decision.registerBase;
    for (let i = 0; i + base <= 15 && i < 13; i++) {
      if (base > 0) {
        cpu.regs[i] = value(i + base);
        borrowed |= 1 << i;
      }
      if (writes(i + base)) outputs.push({ slot: i, original: i + base });
    }
    return { saved, borrowed, outputs };
  }
  const values = decision.renames.map((r) => value(r.original));
  const fields = PROBE_RESULT_FIELDS[decision.handler] ?? [];
  decision.renames.forEach((r, k) => {
    cpu.regs[r.slot] = values[k]!;
    borrowed |= 1 << r.slot;
    if (fields.includes(r.field) && writes(r.original)) outputs.push({ slot: r.slot, original: r.original });
  });
  // LDRD/STRD also transfer Rt+1, which the slot copy names as r1 (Rt is renamed to r0).
  if (decision.handler === 'ldrd-strd' && (insn.kind === 'loadStoreImmediate' || insn.kind === 'loadStoreRegister')) {
    cpu.regs[1] = value(insn.rt + 1);
    borrowed |= 1 << 1;
    if (writes(insn.rt + 1)) outputs.push({ slot: 1, original: insn.rt + 1 });
  }
  return { saved, borrowed, outputs };
}

/**
 * After the slot ran: gives borrowed registers their values back, copies the results into the registers
 * the instruction writes, and returns where execution continues (address + 4, or the PC the instruction
 * wrote, with interworking).
 */
export function leaveSlot(cpu: Cpu, frame: SlotFrame, insn: A32Instruction): number {
  const results = new Int32Array(15);
  results.set(cpu.regs.subarray(0, 15));
  for (let i = 0; i < 15; i++) if ((frame.borrowed & (1 << i)) !== 0) cpu.regs[i] = frame.saved[i]!;
  let pcOut: number | null = null;
  // Outputs name distinct registers in every defined encoding (Rt = Rn with writeback, RdHi = RdLo are
  // UNPREDICTABLE), so their order does not matter.
  for (const o of frame.outputs) {
    if (o.original === 15) pcOut = results[o.slot]! >>> 0;
    else cpu.regs[o.original] = results[o.slot]!;
  }
  return pcOut === null ? (insn.address + 4) >>> 0 : interworkingWritePc(cpu, pcOut);
}
