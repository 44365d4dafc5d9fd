/**
 * Thumb decode: one entry for both lengths. The 16-bit and 32-bit tables are first-match; each is
 * bucketed at load time by the bits every row fixes near the top, so a lookup scans a few candidates.
 */
import { T16_ROWS } from '../t16/table.js';
import { T32_ROWS } from '../t32/table.js';
import { isThumb32, itCondition, type ThumbFields } from './common.js';
import type { ThumbRow } from './row.js';
import type { ThumbInstruction } from './types.js';

/* 16-bit: bucket by bits 15:6 (1024 buckets). */
const T16_SHIFT = 6;
/* 32-bit: bucket by hw1 bits 12:4 and hw2 bits 15:13 (4096 buckets). */
function t32Key(bits: number): number {
  return (((bits >>> 20) & 0x1ff) << 3) | ((bits >>> 13) & 7);
}
const T32_KEY_MASK = (0x1ff << 20) | (7 << 13);

function bucketRows(rows: readonly ThumbRow[], count: number, keyBits: (key: number) => number, keyMask: number) {
  const buckets: ThumbRow[][] = [];
  for (let key = 0; key < count; key++) {
    const bits = keyBits(key);
    buckets.push(rows.filter((r) => ((bits ^ r.value) & r.mask & keyMask) === 0));
  }
  return buckets;
}

const T16_BUCKETS = bucketRows(T16_ROWS, 1 << 10, (key) => key << T16_SHIFT, 0xffc0);
const T32_BUCKETS = bucketRows(
  T32_ROWS,
  1 << 12,
  (key) => (((key >>> 3) & 0x1ff) << 20) | ((key & 7) << 13),
  T32_KEY_MASK,
);

/** The first row of the 16-bit or 32-bit table matching `bits` (see ThumbDecodeFn), or undefined. */
export function matchThumbRow(bits: number, length: 2 | 4): ThumbRow | undefined {
  bits >>>= 0;
  const bucket = length === 2 ? T16_BUCKETS[(bits & 0xffff) >>> T16_SHIFT]! : T32_BUCKETS[t32Key(bits)]!;
  for (const r of bucket) if (((bits & r.mask) ^ r.value) === 0) return r;
  return undefined;
}

function breaksShouldBe(r: ThumbRow, bits: number): boolean {
  return (bits & r.sbz) !== 0 || (bits & r.sbo) >>> 0 !== r.sbo;
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
  const length = isThumb32(hw1) ? 4 : 2;
  const bits = length === 4 ? ((hw1 << 16) | (hw2 & 0xffff)) >>> 0 : hw1;
  const r = matchThumbRow(bits, length);
  if (r === undefined) return thumbUndefined(bits, length, address, itState);
  return r.decode(bits, address, r.op, breaksShouldBe(r, bits), itState);
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
  };
}
