import type { Row } from './row.js';

/** Instructions of this class (filled in by the class's decoder). */
export type CoprocessorInsn = never;

/** Rows in first-match order. A row whose pattern fixes bits 31:28 to 1111 belongs to the unconditional space; any other row applies only when cond ≠ 0b1111. */
export const coprocessorRows: readonly Row[] = [];
