/**
 * Types shared by the Thumb printers: one formatter per kind, per instruction length (objdump prints 16-bit
 * and 32-bit encodings from different tables, with different spellings: `.w`/`.n`, flag-setting rules).
 */
import type { ThumbKind, ThumbOfKind } from '../thumb/types.js';
import type { Disassembly } from './format.js';
import type { FormatContext } from './table.js';

export type ThumbFormatter<K extends ThumbKind> = (insn: ThumbOfKind<K>, context: FormatContext) => Disassembly;

/** Formatters for the kinds one group of encodings produces. */
export type ThumbFormatterMap = { readonly [K in ThumbKind]?: ThumbFormatter<K> };
