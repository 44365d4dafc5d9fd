/**
 * 32-bit Thumb LDM/STM/PUSH/POP and SRS/RFE (A6.3.5).
 */
import type { ThumbRow } from '../thumb/row.js';

export const t32LoadStoreMultipleRows: readonly ThumbRow[] = [];
