/**
 * Thumb decode: one entry for both lengths. The 16-bit and 32-bit tables are first-match; each is
 * bucketed at load time by the bits every row fixes near the top, so a lookup scans a few candidates.
 */
import type { SingleTransferReading } from '../a32/undefined.js';
import { T16_ROWS } from '../t16/table.js';
import { T32_ROWS } from '../t32/table.js';
import { itCondition, type ThumbFields } from './common.js';
import type { ThumbDecodeFn, ThumbRow } from './row.js';
import type { ThumbInstruction } from './types.js';

/*
 * The rows stay as data (T16_ROWS, T32_ROWS); at load time they are indexed into flat typed arrays, so a
 * lookup reads small integers only (no bucket arrays or row objects to chase on the hot path):
 *   16-bit: bucket by bits 15:6 (1024 buckets);
 *   32-bit: bucket by hw1 bits 12:4 and hw2 bits 15:13 (4096 buckets).
 * Bucket k's candidate rows, in first-match order, are CANDIDATES[START[k] .. START[k + 1]). Rows are numbered
 * 16-bit first, then 32-bit; per row number the mask, value and should-be bits are int32 and the decoder and
 * its op are in plain arrays.
 */
const T16_SHIFT = 6;
const T16_BUCKET_COUNT = 1 << 10;
const T32_BUCKET_COUNT = 1 << 12;
const T32_KEY_MASK = (0x1ff << 20) | (7 << 13);

function t32Key(bits: number): number {
  return ((bits >>> 17) & 0xff8) | ((bits >>> 13) & 7);
}

const ROWS: readonly ThumbRow[] = [...T16_ROWS, ...T32_ROWS];
const MASK = Int32Array.from(ROWS, (r) => r.mask | 0);
const VALUE = Int32Array.from(ROWS, (r) => r.value | 0);
const SBZ = Int32Array.from(ROWS, (r) => r.sbz | 0);
const SBO = Int32Array.from(ROWS, (r) => r.sbo | 0);
const DECODE: readonly ThumbDecodeFn[] = ROWS.map((r) => r.decode);
const OP: readonly string[] = ROWS.map((r) => r.op);

/**
 * START (bucket count + 1 entries) and CANDIDATES for rows `first`..`first + count - 1`. `keyBits` places a key's
 * bits in a unit (each key bit at one unit bit, inside `keyMask`). A row fixes some of those bits, so the keys it
 * can match are the ones with those bits as the row has them, whatever the others: they are enumerated per row
 * (the work is the index's size, not buckets × rows: this runs at load, before a listing's first line).
 */
function bucketIndex(first: number, count: number, buckets: number, keyBits: (key: number) => number, keyMask: number) {
  const keyWidth = Math.log2(buckets);
  /** Per row: the key bits it fixes, and their values. */
  const fixed = new Int32Array(count);
  const fixedValue = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const i = first + r;
    for (let j = 0; j < keyWidth; j++) {
      const bit = keyBits(1 << j);
      if ((MASK[i]! & keyMask & bit) === 0) continue;
      fixed[r]! |= 1 << j;
      if ((VALUE[i]! & bit) !== 0) fixedValue[r]! |= 1 << j;
    }
  }
  /** Calls `each(key)` for every key row r can match. */
  const keysOf = (r: number, each: (key: number) => void) => {
    const free = (buckets - 1) & ~fixed[r]!;
    for (let sub = free; ; sub = (sub - 1) & free) {
      each(fixedValue[r]! | sub);
      if (sub === 0) break;
    }
  };
  // Count each bucket's rows, then place the rows in row order (first-match order within each bucket).
  const start = new Uint16Array(buckets + 1);
  const ends = new Int32Array(buckets + 1);
  for (let r = 0; r < count; r++) keysOf(r, (key) => ends[key + 1]!++);
  for (let key = 0; key < buckets; key++) ends[key + 1]! += ends[key]!;
  const total = ends[buckets]!;
  if (total > 0xffff || ROWS.length > 0xffff) throw new Error('Thumb bucket index exceeds 16 bits');
  start.set(ends);
  const candidates = new Uint16Array(total);
  for (let r = 0; r < count; r++) keysOf(r, (key) => (candidates[ends[key]!++] = first + r));
  return { start, candidates };
}

const T16_INDEX = bucketIndex(0, T16_ROWS.length, T16_BUCKET_COUNT, (key) => key << T16_SHIFT, 0xffc0);
const T32_INDEX = bucketIndex(
  T16_ROWS.length,
  T32_ROWS.length,
  T32_BUCKET_COUNT,
  (key) => (((key >>> 3) & 0x1ff) << 20) | ((key & 7) << 13),
  T32_KEY_MASK,
);
const T16_START = T16_INDEX.start;
const T16_CANDIDATES = T16_INDEX.candidates;
const T32_START = T32_INDEX.start;
const T32_CANDIDATES = T32_INDEX.candidates;

/** The row number (into ROWS) of the first row matching a 16-bit unit, or -1. */
function matchT16(bits: number): number {
  const key = bits >>> T16_SHIFT;
  const end = T16_START[key + 1]!;
  for (let c = T16_START[key]!; c < end; c++) {
    const i = T16_CANDIDATES[c]!;
    if (((bits & MASK[i]!) ^ VALUE[i]!) === 0) return i;
  }
  return -1;
}

/** The row number (into ROWS) of the first row matching a 32-bit unit (`bits` as int32), or -1. */
function matchT32(bits: number): number {
  const key = t32Key(bits);
  const end = T32_START[key + 1]!;
  for (let c = T32_START[key]!; c < end; c++) {
    const i = T32_CANDIDATES[c]!;
    if (((bits & MASK[i]!) ^ VALUE[i]!) === 0) return i;
  }
  return -1;
}

/** The first row of the 16-bit or 32-bit table matching `bits` (see ThumbDecodeFn), or undefined. */
export function matchThumbRow(bits: number, length: 2 | 4): ThumbRow | undefined {
  const i = length === 2 ? matchT16(bits & 0xffff) : matchT32(bits | 0);
  return i < 0 ? undefined : ROWS[i];
}

/**
 * Decodes the Thumb instruction whose first halfword is `hw1` (and second `hw2`, read only when `hw1`
 * starts a 32-bit instruction) at `address`, under ITSTATE `itState` (0 outside an IT block). Total:
 * every unit yields an instruction or an UNDEFINED result; it never throws.
 */
export function decodeThumb(hw1: number, hw2 = 0, address = 0, itState = 0): ThumbInstruction {
  hw1 &= 0xffff;
  address >>>= 0;
  itState &= 0xff;
  if (hw1 < 0xe800) {
    const i = matchT16(hw1);
    if (i < 0) return thumbUndefined(hw1, 2, address, itState);
    return DECODE[i]!(hw1, address, OP[i]!, (hw1 & SBZ[i]!) !== 0 || (hw1 & SBO[i]!) !== SBO[i]!, itState);
  }
  // 32-bit: passed on as int32 (a uint32 of 2^31 or more would be a heap number at each call).
  const bits = (hw1 << 16) | (hw2 & 0xffff);
  const i = matchT32(bits);
  if (i < 0) return thumbUndefined(bits, 4, address, itState);
  return DECODE[i]!(bits, address, OP[i]!, (bits & SBZ[i]!) !== 0 || (bits & SBO[i]!) !== SBO[i]!, itState);
}

/** The fields every Thumb instruction built by a row decoder shares: state, length, IT state. */
export function thumbFields(length: 2 | 4, itState: number): ThumbFields {
  return { isa: 'thumb', length, itState };
}

/** An encoding with no instruction (unallocated, or an extension not modelled: VFP / Advanced SIMD). */
export function thumbUndefined(
  bits: number,
  length: 2 | 4,
  address: number,
  itState: number,
  reason: 'unallocated' | 'extension-not-supported' = 'unallocated',
  extension: 'vfp' | 'advanced-simd' | null = null,
  printedAs: SingleTransferReading | null = null,
): ThumbInstruction {
  return {
    isa: 'thumb',
    length,
    itState,
    kind: 'undefined',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op: 'undefined',
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: null,
    target: null,
    reason,
    extension,
    printedAs,
  };
}
