/**
 * 32-bit Thumb data-processing (A6.3.1 modified immediate, A6.3.3 plain binary immediate incl. ADR/ADDW/SUBW/MOVW/MOVT/SSAT/USAT/BFI/BFC/SBFX/UBFX, A6.3.11 shifted register, A6.3.12 register incl. shifts, extends, parallel add/subtract, miscellaneous operations, CRC32).
 */
import type { ThumbRow } from '../thumb/row.js';

export const t32DataProcessingRows: readonly ThumbRow[] = [];
