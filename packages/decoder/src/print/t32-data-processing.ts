/**
 * GNU objdump 2.40's spelling of 32-bit Thumb data-processing (modified and plain immediate, shifted register, register: shifts, extends, parallel add/subtract, miscellaneous), keyed by kind.
 */
import type { ThumbFormatterMap } from './thumb-format.js';

export const t32DataProcessingFormatters: ThumbFormatterMap = {};
