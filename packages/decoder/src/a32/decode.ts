import type { Row } from './row.js';
import { A32_TABLE, isUnconditionalRow } from './table.js';
import type { A32Instruction } from './types.js';
import { undefinedInsn } from './undefined.js';

/*
 * Dispatch: the table is first-match, but scanning it for every word would be slow. Rows are
 * pre-sorted into buckets keyed by bits 27:20 and 7:4 (the bits the ARM ARM's encoding index
 * switches on); a bucket keeps, in table order, every row that can match a word with that key.
 */
const KEY_MASK = 0x0ff000f0;

function keyOf(word: number): number {
  return ((word >>> 16) & 0xff0) | ((word >>> 4) & 0xf);
}

function wordForKey(key: number): number {
  return (((key & 0xff0) << 16) | ((key & 0xf) << 4)) >>> 0;
}

function buildBuckets(rows: readonly Row[]): Row[][] {
  const buckets: Row[][] = [];
  for (let key = 0; key < 4096; key++) {
    const w = wordForKey(key);
    buckets.push(rows.filter((r) => ((w ^ r.value) & r.mask & KEY_MASK) === 0));
  }
  return buckets;
}

const conditionalBuckets = buildBuckets(A32_TABLE.filter((r) => !isUnconditionalRow(r)));
const unconditionalBuckets = buildBuckets(A32_TABLE.filter(isUnconditionalRow));

/** The first table row matching `word`, or undefined. */
export function matchA32Row(word: number): Row | undefined {
  word >>>= 0;
  const buckets = word >>> 28 === 0xf ? unconditionalBuckets : conditionalBuckets;
  const bucket = buckets[keyOf(word)]!;
  for (let i = 0; i < bucket.length; i++) {
    const r = bucket[i]!;
    if ((word & r.mask) >>> 0 === r.value) return r;
  }
  return undefined;
}

/**
 * Decodes one ARM-state word fetched from `address`. Total: every word yields an instruction,
 * an UNDEFINED result, or an "extension not supported" result; it never throws.
 */
export function decodeA32(word: number, address = 0): A32Instruction {
  word >>>= 0;
  address >>>= 0;
  const r = matchA32Row(word);
  if (r === undefined) return undefinedInsn(word, address);
  const broken = (word & r.sbz) !== 0 || (word & r.sbo) >>> 0 !== r.sbo;
  return r.decode(word, address, r.op, broken);
}
