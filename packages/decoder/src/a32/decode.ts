import { BOOL, nonZero } from './common.js';
import { LEAF_TOP, lazyDispatch, NOT_BUILT } from './dispatch.js';
import type { DecodeFn, Row } from './row.js';
import { A32_TABLE, isUnconditionalRow } from './table.js';
import type { A32Instruction } from './types.js';
import { undefinedInsn } from './undefined.js';

/*
 * Dispatch: the table is first-match, but scanning it for every word would be slow. It is compiled
 * into a trie of flat Uint16Arrays (see dispatch.ts) that returns, for any word, the index of the row a
 * first-match scan would find (A32_TABLE.length when none matches). The trie is built group by group
 * (bits 31:20) the first time a word of the group is matched, so loading the package stays cheap.
 *
 * Random words are the worst case for a CPU's branch predictor: whether the trie walk stops after one
 * read or two is a coin toss it mispredicts. So every root leaf is a one-child node `[0, 0, leaf]` that
 * returns the same leaf: every walk then takes exactly two reads, and the loop after them is only entered
 * by the rare deeper paths.
 */
const DISPATCH = lazyDispatch(A32_TABLE, isUnconditionalRow);
const GROUPS = DISPATCH.groups;
const LEAF_MIN = DISPATCH.leafMin;
let ROOT_ROWS = DISPATCH.rootRows();
let NODES = DISPATCH.nodes();
const ROWS: readonly (Row | undefined)[] = [...A32_TABLE, undefined];
/*
 * What decodeA32 needs of each row, by row index, in flat arrays (no loads through the Row objects).
 * Index A32_TABLE.length ("no row") decodes to UNDEFINED, so decodeA32 has no branch for it.
 */
const DECODE: readonly DecodeFn[] = [
  ...A32_TABLE.map((r) => r.decode),
  (word, address) => undefinedInsn(word, address),
];
const OP: readonly string[] = [...A32_TABLE.map((r) => r.op), 'undefined'];
const SBZ = Int32Array.from([...A32_TABLE.map((r) => r.sbz), 0]);
const SBO = Int32Array.from([...A32_TABLE.map((r) => r.sbo), 0]);

/** The index in A32_TABLE of the first row matching `word`, or A32_TABLE.length when none does. */
export function matchA32RowIndex(word: number): number {
  let group = GROUPS[word >>> 20]!;
  if (group === NOT_BUILT) group = fillGroup(word >>> 20);
  const node = ROOT_ROWS[(group << 4) | ((word >>> 4) & 15)]!;
  let entry = NODES[node + 2 + ((word >>> NODES[node]!) & NODES[node + 1]!)]!;
  while (entry < LEAF_MIN) entry = NODES[entry + 2 + ((word >>> NODES[entry]!) & NODES[entry + 1]!)]!;
  return LEAF_TOP - entry;
}

/** Builds the trie group of bits 31:20 met for the first time; returns its row index. */
function fillGroup(high: number): number {
  DISPATCH.fill(high);
  NODES = DISPATCH.nodes();
  ROOT_ROWS = DISPATCH.rootRows();
  return GROUPS[high]!;
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
  /*
   * The decoders take the word as an int32: always a small integer to V8, where a uint32 at or above
   * 2^31 would be boxed for the call and tested for on every use (a coin toss on random words). They
   * only do bit operations on it and store `word >>> 0`.
   */
  word |= 0;
  address >>>= 0;
  const i = matchA32RowIndex(word);
  const sbo = SBO[i]!;
  const broken = nonZero((word & SBZ[i]!) | ((word & sbo) ^ sbo));
  return DECODE[i]!(word, address, OP[i]!, BOOL[broken]!, broken);
}
