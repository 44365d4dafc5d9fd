import { compilePattern, type Pattern } from './pattern.js';
import type { A32Instruction } from './types.js';

/**
 * Builds the instruction for a word that matched a row. `word` may come as an int32 (decodeA32 passes
 * `word | 0`): decoders use only bit operations on it and store `word >>> 0`. `op` is the row's operation name;
 * `shouldBeBroken` is true when the word breaks one of the row's (0)/(1) bits, and `broken` is the
 * same as 1 or 0 (for decoders that combine flags arithmetically, without branches).
 */
export type DecodeFn = (
  word: number,
  address: number,
  op: string,
  shouldBeBroken: boolean,
  broken: number,
) => A32Instruction;

/** One line of an encoding table: pattern, operation, and the decoder for the encoding's kind. */
export interface Row extends Pattern {
  readonly pattern: string;
  readonly op: string;
  readonly decode: DecodeFn;
}

export function row(pattern: string, op: string, decode: DecodeFn): Row {
  return { pattern, op, decode, ...compilePattern(pattern) };
}
