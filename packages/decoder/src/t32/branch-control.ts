/**
 * 32-bit Thumb branches and miscellaneous control (A6.3.4): B<c>.W, B.W, BL, BLX (immediate), MSR/MRS (incl. banked), CPS, hints, barriers, CLREX, BXJ, SUBS PC, LR (ERET), SMC, HVC, UDF.W.
 *
 * Rows in GNU objdump 2.40's first-match order (its thumb32_opcodes table, which puts the specific patterns
 * before the general ones). Field letters: s = S, c = cond, i / k = immediates, j = J1 / J2.
 */
import { type ThumbRow, t32 } from '../thumb/row.js';
import { decodeBranchConditional, decodeBranchWide } from './branch.js';

export const t32BranchControlRows: readonly ThumbRow[] = [
  // B<c>.W (T3): cond 111x is the miscellaneous-control space.
  t32('11110 s 0ccc iiiiii 10j0 kiii iiii iiii', 'b', decodeBranchConditional),
  t32('11110 s 10cc iiiiii 10j0 kiii iiii iiii', 'b', decodeBranchConditional),
  t32('11110 s 110c iiiiii 10j0 kiii iiii iiii', 'b', decodeBranchConditional),
  // B.W (T4), BLX (immediate, H = 0), BL.
  t32('11110 s iiiiiiiiii 10j1 kiii iiii iiii', 'b', decodeBranchWide),
  t32('11110 s iiiiiiiiii 11j0 kiii iiii iii0', 'blx', decodeBranchWide),
  t32('11110 s iiiiiiiiii 11j1 kiii iiii iiii', 'bl', decodeBranchWide),
];
