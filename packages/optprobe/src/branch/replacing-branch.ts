import { COND_AL, COND_UNCONDITIONAL, encodeB } from '@armprobe/decoder';
import { a32BranchRange, type BranchRangeFailure } from '../range/branch-range.js';

export type ReplacingBranch =
  | { readonly ok: true; readonly word: number; readonly cond: number; readonly offset: number }
  | { readonly ok: false; readonly reason: BranchRangeFailure; readonly offset: number };

/**
 * The A32 branch that replaces the probed `word` at `address` with a jump to its trampoline at `slot`.
 * It copies the probed word's condition — when the condition fails the branch falls through to
 * address + 4, exactly as the probed instruction would have done nothing, and no handler runs — except
 * that a word in the unconditional (0b1111) space gets AL: a 0b1111 condition on B would encode BLX
 * (immediate), which switches to Thumb state (the kernel copies it regardless).
 */
export function replacingBranch(address: number, word: number, slot: number): ReplacingBranch {
  if (!Number.isInteger(word) || word < -0x80000000 || word > 0xffffffff) {
    throw new RangeError(`probed word ${word} is not a 32-bit value`);
  }
  const probedCond = (word >>> 0) >>> 28;
  const cond = probedCond === COND_UNCONDITIONAL ? COND_AL : probedCond;
  const range = a32BranchRange(address, slot);
  if (!range.ok) return range;
  return { ok: true, word: encodeB(address, slot >>> 0, cond), cond, offset: range.offset };
}
