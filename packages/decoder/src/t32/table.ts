/**
 * The 32-bit Thumb encoding table (ARM ARM A6.3), in first-match order. The classes are selected by the
 * first halfword's bits 12:4 and the second halfword's bit 15 (A6.3 Table A6-9); the more specific
 * encodings of a class come first within its file.
 */
import type { ThumbRow } from '../thumb/row.js';
import { t32BranchControlRows } from './branch-control.js';
import { t32CoprocessorRows } from './coprocessor.js';
import { t32DataProcessingRows } from './data-processing.js';
import { t32LoadStoreRows } from './load-store.js';
import { t32LoadStoreMultipleRows } from './load-store-multiple.js';
import { t32MultiplyRows } from './multiply.js';

export const T32_ROWS: readonly ThumbRow[] = [
  ...t32LoadStoreMultipleRows,
  ...t32LoadStoreRows,
  ...t32CoprocessorRows,
  ...t32BranchControlRows,
  ...t32MultiplyRows,
  ...t32DataProcessingRows,
];
