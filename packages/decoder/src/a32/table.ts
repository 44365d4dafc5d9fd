import { branchRows } from './branch.js';
import { coprocessorRows } from './coprocessor.js';
import { dataProcessingRows } from './data-processing.js';
import { loadStoreRows } from './load-store.js';
import { mediaRows } from './media.js';
import { multiplyRows } from './multiply.js';
import type { Row } from './row.js';
import { systemRows } from './system.js';

/**
 * The A32 encoding table, in first-match order. Classes with the most specific encodings come first;
 * data-processing, which owns what is left of the 0b00x space, comes last.
 */
export const A32_TABLE: readonly Row[] = [
  ...systemRows,
  ...branchRows,
  ...loadStoreRows,
  ...multiplyRows,
  ...mediaRows,
  ...coprocessorRows,
  ...dataProcessingRows,
];

/** True when the row belongs to the unconditional (cond = 0b1111) space. */
export function isUnconditionalRow(r: Row): boolean {
  return r.mask >>> 28 === 0xf && r.value >>> 28 === 0xf;
}
