/**
 * GNU objdump 2.40's spelling of 32-bit Thumb branches and miscellaneous control, keyed by kind.
 */
import type { ThumbFormatterMap } from './thumb-format.js';

export const t32BranchControlFormatters: ThumbFormatterMap = {};
