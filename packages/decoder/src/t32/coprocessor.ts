/**
 * 32-bit Thumb generic coprocessor instructions (A6.3.18 outside VFP/Advanced SIMD): MCR/MCR2, MRC/MRC2, MCRR/MCRR2, MRRC/MRRC2, LDC/LDC2, STC/STC2, CDP/CDP2.
 */
import type { ThumbRow } from '../thumb/row.js';

export const t32CoprocessorRows: readonly ThumbRow[] = [];
