/**
 * GNU objdump 2.40's spelling of 32-bit Thumb multiplies and divides, keyed by kind.
 */
import type { ThumbFormatterMap } from './thumb-format.js';

export const t32MultiplyFormatters: ThumbFormatterMap = {};
