/**
 * objdump's spelling of branches: `b<c>` / `bl<c>` / `blx` with the absolute target in hex, and
 * `bx<c>` / `bxj<c>` / `blx<c>` with a register (`<UNPREDICTABLE>` for BXJ and BLX with the PC).
 */
import type { BranchExchangeInsn, BranchImmediateInsn, BranchInsn } from '../a32/branch.js';
import { COND_SUFFIX, cond, type Disassembly, head, reg, UNPREDICTABLE } from './format.js';
import type { FormatContext, FormatterTable } from './table.js';

/* The heads of B, BL and BLX by condition (no lookup by op on this frequent path). */
const B_HEADS: readonly string[] = COND_SUFFIX.map((c) => 'b' + c + '\t');
const BL_HEADS: readonly string[] = COND_SUFFIX.map((c) => 'bl' + c + '\t');

function formatBranchImmediate(insn: BranchImmediateInsn, context: FormatContext): Disassembly {
  const op = insn.op;
  const text = op === 'b' ? B_HEADS[insn.cond]! : op === 'bl' ? BL_HEADS[insn.cond]! : head(op, insn.cond);
  return { text: text + context.formatAddress(insn.target), comment: null };
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
