/**
 * objdump's spelling of branches: `b<c>` / `bl<c>` / `blx` with the absolute target in hex, and
 * `bx<c>` / `bxj<c>` / `blx<c>` with a register (`<UNPREDICTABLE>` for BXJ and BLX with the PC).
 */
import type { BranchExchangeInsn, BranchImmediateInsn, BranchInsn } from '../a32/branch.js';
import { cond, type Disassembly, head, reg, UNPREDICTABLE } from './format.js';
import type { FormatContext, FormatterTable } from './table.js';

function formatBranchImmediate(insn: BranchImmediateInsn, context: FormatContext): Disassembly {
  return { text: head(insn.op, insn.cond) + context.formatAddress(insn.target), comment: null };
}

function formatBranchExchange(insn: BranchExchangeInsn): Disassembly {
  return {
    text: insn.op + cond(insn.cond) + '\t' + reg(insn.rm),
    comment: insn.rm === 15 && insn.op !== 'bx' ? UNPREDICTABLE : null,
  };
}

export const branchFormatters: FormatterTable<BranchInsn> = {
  'branch-immediate': formatBranchImmediate,
  'branch-exchange': formatBranchExchange,
};
