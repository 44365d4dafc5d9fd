/**
 * 32-bit Thumb branches and miscellaneous control (A6.3.4): B<c>.W, B.W, BL, BLX (immediate), MSR/MRS (incl. banked), CPS, hints, barriers, CLREX, BXJ, SUBS PC, LR (ERET), SMC, HVC, UDF.W.
 */
import type { ThumbRow } from '../thumb/row.js';

export const t32BranchControlRows: readonly ThumbRow[] = [];
