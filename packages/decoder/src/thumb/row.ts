/**
 * Rows of the Thumb encoding tables. A 16-bit row's pattern has 16 symbols (the halfword, bit 15 first);
 * a 32-bit row's pattern has 32 (first halfword then second, as the ARM ARM draws `hw1 hw2`). Symbols as
 * in A32 patterns (see a32/pattern.ts): `0`/`1` fixed, `z`/`o` should-be-zero/one, anything else a field.
 */
import { compilePattern, type Pattern, PatternError } from '../a32/pattern.js';
import type { ThumbInstruction } from './types.js';

/**
 * Builds the instruction for a unit that matched a row. `bits` is the 16-bit halfword, or `hw1 << 16 | hw2`
 * for a 32-bit instruction, as an int32 or a uint32 alike (decoders read it with bitwise operators only and
 * store `bits >>> 0`; decodeThumb passes the int32, which needs no heap number); `itState` is ITSTATE in force
 * (0 outside an IT block); `broken` is true when the unit breaks one of the row's (0)/(1) bits.
 */
export type ThumbDecodeFn = (
  bits: number,
  address: number,
  op: string,
  broken: boolean,
  itState: number,
) => ThumbInstruction;

export interface ThumbRow extends Pattern {
  readonly pattern: string;
  readonly op: string;
  readonly length: 2 | 4;
  readonly decode: ThumbDecodeFn;
}

/** A 16-bit encoding: `pattern` has 16 symbols. */
export function t16(pattern: string, op: string, decode: ThumbDecodeFn): ThumbRow {
  const symbols = pattern.replace(/\s+/g, '');
  if (symbols.length !== 16) throw new PatternError(`T16 pattern "${pattern}" has ${symbols.length} bits, expected 16`);
  return { pattern, op, length: 2, decode, ...compilePattern('0000000000000000' + symbols) };
}

/** A 32-bit encoding: `pattern` has 32 symbols, first halfword first. */
export function t32(pattern: string, op: string, decode: ThumbDecodeFn): ThumbRow {
  const symbols = pattern.replace(/\s+/g, '');
  if (symbols.length !== 32) throw new PatternError(`T32 pattern "${pattern}" has ${symbols.length} bits, expected 32`);
  const compiled = compilePattern(symbols);
  if (compiled.mask >>> 27 !== 0x1f || compiled.value >>> 29 !== 7 || compiled.value >>> 27 === 0x1c) {
    throw new PatternError(`T32 pattern "${pattern}" must fix bits 15:11 of the first halfword to a 32-bit prefix`);
  }
  return { pattern, op, length: 4, decode, ...compiled };
}
