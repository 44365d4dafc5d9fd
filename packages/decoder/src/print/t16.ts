/**
 * GNU objdump 2.40's spelling of the 16-bit Thumb encodings (its thumb_opcodes table), keyed by kind.
 */
import type { ThumbFormatterMap } from './thumb-format.js';

export const T16_FORMATTERS: ThumbFormatterMap = {};
