/**
 * The 16-bit Thumb encodings (ARM ARM A6.2), in first-match order: shifts, add/sub/mov/compare,
 * data-processing, special data and BX/BLX (data-processing.ts); LDR literal and single loads/stores
 * (load-store.ts); ADR, ADD SP and the miscellaneous space (miscellaneous.ts); PUSH/POP and LDM/STM
 * (load-store-multiple.ts); B<c>, UDF, SVC and B (branch.ts). Units no row matches are UNDEFINED.
 */
import type { ThumbRow } from '../thumb/row.js';
import { t16BranchRows } from './branch.js';
import { t16DataProcessingRows } from './data-processing.js';
import { t16LoadStoreRows } from './load-store.js';
import { t16LoadStoreMultipleRows } from './load-store-multiple.js';
import { t16MiscellaneousRows } from './miscellaneous.js';

export const T16_ROWS: readonly ThumbRow[] = [
  ...t16DataProcessingRows,
  ...t16LoadStoreRows,
  ...t16LoadStoreMultipleRows,
  ...t16MiscellaneousRows,
  ...t16BranchRows,
];
