import { COST } from './cost-model.js';
import {
  type Emitted,
  type EmitterTable,
  type InsnOf,
  type Kind,
  linkValue,
  pcValue,
  readReg,
  terminal,
} from './emit.js';
import { loadExpression } from './load-store.js';

type Insn<K extends Kind> = InsnOf<K>;

/**
 * B, BL (BranchWritePC) and BLX immediate, which changes state: from ARM to Thumb (the decoder's target is
 * the Thumb address) and from Thumb to ARM (target Align(PC, 4) + imm32, computed by the decoder). BL/BLX
 * store the return address in LR (bit 0 set in Thumb state).
 */
function branchImmediate(insn: Insn<'branch-immediate'>): Emitted {
  const link = insn.link ? `r[14] = ${linkValue(insn)}; ` : '';
  const target = (insn.target ?? 0) >>> 0;
  if (insn.exchange) {
    const value = insn.isa === 'thumb' ? target & ~3 : target | 1;
    return terminal(`${link}h.bxWritePc(cpu, ${value | 0});`, COST.branch);
  }
  return { ...terminal(`${link}cpu.nextPc = ${target};`, COST.branch), sideExit: true };
}

/** BX, BXJ (as BX: no Jazelle hardware), BLX register: BXWritePC (interworking on bit 0). */
function branchExchange(insn: Insn<'branch-exchange'>): Emitted {
  const target = `const t = ${readReg(insn, insn.rm)}; `;
  const link = insn.link ? `r[14] = ${linkValue(insn)}; ` : '';
  return { ...terminal(`${target}${link}h.bxWritePc(cpu, t);`, COST.branch), sideExit: true };
}

/** CBZ / CBNZ (Thumb): a forward branch when the register is (not) zero, a side exit of its block. */
function compareBranch(insn: Insn<'compare-branch'>): Emitted {
  return {
    ...terminal(`cpu.nextPc = ${insn.target >>> 0};`, COST.branch),
    sideExit: true,
    guard: `r[${insn.rn}] ${insn.nonZero ? '!==' : '==='} 0`,
  };
}

/**
 * TBB / TBH (Thumb): branch forward by twice the byte / halfword at Rn + Rm (TBH: Rn + 2 × Rm); a PC base
 * reads the address + 4. BranchWritePC.
 */
function tableBranch(insn: Insn<'table-branch'>): Emitted {
  const index = insn.half ? `(${readReg(insn, insn.rm)} << 1)` : readReg(insn, insn.rm);
  const entry = loadExpression(insn.half ? 2 : 1, false, `(${readReg(insn, insn.rn)} + ${index}) | 0`);
  return {
    code: `cpu.nextPc = (${pcValue(insn)} + 2 * ${entry}) >>> 0;`,
    terminal: true,
    memory: true,
    store: false,
    cost: COST.load + COST.branch,
  };
}

/** IT: starts the IT block (ITSTATE ← firstcond:mask); the next instructions decode under it. */
function ifThen(insn: Insn<'if-then'>): Emitted {
  return {
    code: `cpu.itState = ${((insn.firstCond << 4) | insn.mask) & 0xff};`,
    terminal: false,
    memory: false,
    store: false,
    cost: COST.alu,
  };
}

export const branchEmitters = {
  'branch-immediate': branchImmediate,
  'branch-exchange': branchExchange,
  'compare-branch': compareBranch,
  'table-branch': tableBranch,
  'if-then': ifThen,
} satisfies EmitterTable;
