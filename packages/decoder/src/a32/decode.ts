import { compileDispatch } from './dispatch.js';
import type { DecodeFn, Row } from './row.js';
import { A32_TABLE, isUnconditionalRow } from './table.js';
import type { A32Instruction } from './types.js';
import { undefinedInsn } from './undefined.js';

/*
 * Dispatch: the table is first-match, but scanning it for every word would be slow. It is compiled
 * once into a trie of flat Int32Arrays (see dispatch.ts) that returns, for any word, the index of
 * the row a first-match scan would find (A32_TABLE.length when none matches).
 */
const { root: ROOT, nodes: NODES } = compileDispatch(A32_TABLE, isUnconditionalRow);
const ROWS: readonly (Row | undefined)[] = [...A32_TABLE, undefined];
/* What decodeA32 needs of each row, by row index, in flat arrays (no loads through the Row objects). */
const DECODE: readonly DecodeFn[] = A32_TABLE.map((r) => r.decode);
const OP: readonly string[] = A32_TABLE.map((r) => r.op);
const SBZ = Int32Array.from(A32_TABLE, (r) => r.sbz);
const SBO = Int32Array.from(A32_TABLE, (r) => r.sbo);
const NO_ROW = A32_TABLE.length;

/** The index in A32_TABLE of the first row matching `word`, or A32_TABLE.length when none does. */
export function matchA32RowIndex(word: number): number {
  let entry = ROOT[((word >>> 16) & 0xfff0) | ((word >>> 4) & 0xf)]!;
  while (entry >= 0) entry = NODES[entry + 2 + ((word >>> NODES[entry]!) & NODES[entry + 1]!)]!;
  return ~entry;
}

/** The first table row matching `word`, or undefined. */
export function matchA32Row(word: number): Row | undefined {
  return ROWS[matchA32RowIndex(word >>> 0)];
}

/**
 * Decodes one ARM-state word fetched from `address`. Total: every word yields an instruction,
 * an UNDEFINED result, or an "extension not supported" result; it never throws.
 */
export function decodeA32(word: number, address = 0): A32Instruction {
  word >>>= 0;
  address >>>= 0;
  const i = matchA32RowIndex(word);
  if (i === NO_ROW) return undefinedInsn(word, address);
  const sbo = SBO[i]!;
  return DECODE[i]!(word, address, OP[i]!, (word & SBZ[i]!) !== 0 || (word & sbo) !== sbo);
}
