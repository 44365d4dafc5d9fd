/**
 * 32-bit Thumb multiply, multiply-accumulate, long multiply and divide (A6.3.16, A6.3.17).
 */
import type { ThumbRow } from '../thumb/row.js';

export const t32MultiplyRows: readonly ThumbRow[] = [];
