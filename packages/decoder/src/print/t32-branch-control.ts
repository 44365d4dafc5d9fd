/**
 * GNU objdump 2.40's spelling of 32-bit Thumb branches and miscellaneous control, keyed by kind.
 */
import type { BranchImmediateInsn } from '../a32/branch.js';
import type { ThumbForm } from '../thumb/common.js';
import { COND_SUFFIX, type Disassembly } from './format.js';
import type { FormatContext } from './table.js';
import { itBranchComment, itHeads, itIndex, itUnpredictableComment } from './thumb-cond.js';
import type { ThumbFormatterMap } from './thumb-format.js';

/* B<c>.W (T3) prints its own condition; the others the IT block's. */
const B_T3_HEADS: readonly string[] = COND_SUFFIX.map((c) => 'b' + c + '.w\t');
const B_W_HEADS = itHeads('b', '.w\t');
const BL_HEADS = itHeads('bl', '\t');
const BLX_HEADS = itHeads('blx', '\t');

function formatBranchImmediate(insn: ThumbForm<BranchImmediateInsn>, context: FormatContext): Disassembly {
  const target = context.formatAddress(insn.target);
  // Bit 12 (hw2) tells B<c>.W (T3, 0) from B.W (T4, 1): the two print differently.
  if (!insn.link && (insn.word & 0x1000) === 0) {
    return { text: B_T3_HEADS[insn.cond]! + target, comment: itUnpredictableComment(insn.itState) };
  }
  const heads = insn.link ? (insn.exchange ? BLX_HEADS : BL_HEADS) : B_W_HEADS;
  return { text: heads[itIndex(insn.itState)]! + target, comment: itBranchComment(insn.itState) };
}

export const t32BranchControlFormatters: ThumbFormatterMap = {
  'branch-immediate': formatBranchImmediate,
};
