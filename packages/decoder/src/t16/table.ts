/**
 * The 16-bit Thumb encodings (ARM ARM A6.2): shifts, add/sub/mov/compare, data-processing, special data and BX/BLX, LDR literal, loads/stores, ADR, ADD SP, miscellaneous (CBZ/CBNZ, extend, PUSH/POP, REV, CPS, SETEND, BKPT, IT and hints), LDM/STM, B<c>, UDF, SVC, B. First match wins.
 */
import type { ThumbRow } from '../thumb/row.js';

export const T16_ROWS: readonly ThumbRow[] = [];
