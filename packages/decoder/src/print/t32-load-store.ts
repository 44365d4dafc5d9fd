/**
 * GNU objdump 2.40's spelling of 32-bit Thumb loads and stores (single, dual, exclusive, acquire/release, multiple, table branches, preloads, SRS/RFE), keyed by kind.
 */
import type { ThumbFormatterMap } from './thumb-format.js';

export const t32LoadStoreFormatters: ThumbFormatterMap = {};
