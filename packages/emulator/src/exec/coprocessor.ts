import { COST } from './cost-model.js';
import type { InsnOf, Kind } from './emit.js';
import { type Emitted, type EmitterTable, readReg, terminal, undefinedInstruction } from './emit.js';

type Insn<K extends Kind> = InsnOf<K>;

/**
 * MRC/MCR to CP15 (the subset in cpu/cp15.ts); every other coprocessor instruction (CP14 debug, the
 * FP/SIMD coprocessors 10/11, CDP, LDC/STC, MCRR/MRRC, the *2 forms) is UNDEFINED on this CPU.
 */
function registerTransfer(insn: Insn<'coprocessor-register-transfer'>): Emitted {
  // MCR2/MRC2 (the unconditional space) are not CP15 accesses on ARMv7.
  if (insn.coproc !== 15 || insn.cond === 15) return undefinedInstruction(insn);
  const args = `${insn.address >>> 0}, ${insn.word >>> 0}, ${insn.opc1}, ${insn.crn}, ${insn.crm}, ${insn.opc2}`;
  if (insn.toCoprocessor) return terminal(`h.moveToCp15(cpu, ${args}, ${readReg(insn, insn.rt)});`, COST.system);
  return terminal(`h.moveFromCp15(cpu, ${args}, ${insn.rt});`, COST.system);
}

export const coprocessorEmitters = {
  'coprocessor-register-transfer': registerTransfer,
  'coprocessor-data-processing': undefinedInstruction,
  'coprocessor-register-pair-transfer': undefinedInstruction,
  'coprocessor-load-store': undefinedInstruction,
} satisfies EmitterTable;
