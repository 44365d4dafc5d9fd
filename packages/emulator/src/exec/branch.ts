import type { A32Instruction } from '@armprobe/decoder';
import { COST } from './cost-model.js';
import { type Emitted, type EmitterTable, readReg, terminal } from './emit.js';

type Insn<K extends A32Instruction['kind']> = Extract<A32Instruction, { kind: K }>;

/** B, BL (BranchWritePC) and BLX immediate (to Thumb state: bit 0 set, which stops the machine for now). */
function branchImmediate(insn: Insn<'branch-immediate'>): Emitted {
  const link = insn.link ? `r[14] = ${(insn.address + 4) | 0}; ` : '';
  const target = insn.target >>> 0;
  if (insn.exchange) return terminal(`${link}h.bxWritePc(cpu, ${(target | 1) >>> 0});`, COST.branch);
  return { ...terminal(`${link}cpu.nextPc = ${target};`, COST.branch), sideExit: true };
}

/** BX, BXJ (as BX: no Jazelle hardware), BLX register: interworking on bit 0. */
function branchExchange(insn: Insn<'branch-exchange'>): Emitted {
  const target = `const t = ${readReg(insn, insn.rm)}; `;
  const link = insn.link ? `r[14] = ${(insn.address + 4) | 0}; ` : '';
  return { ...terminal(`${target}${link}h.bxWritePc(cpu, t);`, COST.branch), sideExit: true };
}

export const branchEmitters = {
  'branch-immediate': branchImmediate,
  'branch-exchange': branchExchange,
} satisfies EmitterTable;
