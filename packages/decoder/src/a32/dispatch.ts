/*
 * Dispatch for the first-match A32 table, compiled into flat Uint16Arrays so that matching a word costs a
 * handful of array reads instead of a scan (built on demand, a group of root entries at a time).
 *
 * The compiled form is a trie over bit-fields of the word. The root is indexed by bits 31:20 and 7:4
 * (the condition and the bits the ARM ARM's encoding index switches on): 2^16 entries, stored as a group
 * index per bits 31:20 (4096 entries) into the distinct 16-entry rows the groups have (a few hundred): 15 KiB
 * instead of 128, so random words find it in the CPU's first-level cache. Every inner
 * node extracts one contiguous field `(word >>> shift) & fieldMask` and indexes its children with it.
 * An entry is a node offset (below `leafMin`) or a leaf: `LEAF_TOP - rowIndex`, with `rows.length` meaning
 * "no row". 16-bit entries keep the root and the nodes half the size of 32-bit ones: random words read them
 * all over, and in the caches they compete with everything else decoding and printing touch (measured ~7%
 * faster decode+format on random words than Int32Arrays).
 *
 * A leaf is emitted only when it is exact: every row earlier in the table is contradicted by the
 * bits the path has fixed, and the leaf's row has all of its fixed bits on the path. So the trie
 * returns exactly what a first-match scan of the table returns, for every word (a test checks it
 * against the scan). Sub-tries are shared between paths that lead to the same candidate rows with
 * the same relevant known bits, which keeps the whole thing small.
 */
import type { Pattern } from './pattern.js';

const ROOT_MASK = 0xfff000f0 | 0;
const ROOT_SIZE = 1 << 16;
/** A leaf entry is LEAF_TOP − row index. */
export const LEAF_TOP = 0xffff;
/** A group not built yet (see LazyDispatch.groups). */
export const NOT_BUILT = 0xffff;
/** Widest field an inner node indexes (2^MAX_FIELD children). */
const MAX_FIELD = 8;

function rootWord(key: number): number {
  return ((key & 0xfff0) << 16) | ((key & 0xf) << 4) | 0;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}

/** The contiguous field [lo, lo + width) covering the most still-unknown decision bits. */
function chooseField(unknown: number): { shift: number; width: number } {
  let best = { shift: 0, width: 1, covered: -1 };
  for (let width = 1; width <= MAX_FIELD; width++) {
    for (let lo = 0; lo + width <= 32; lo++) {
      const field = width === 32 ? -1 : ((1 << width) - 1) << lo;
      // Fields must start and end on a decision bit (no wasted children).
      if (((unknown >>> lo) & 1) === 0 || ((unknown >>> (lo + width - 1)) & 1) === 0) continue;
      const covered = popcount(unknown & field);
      // Prefer more covered bits, then fewer children.
      if (covered > best.covered || (covered === best.covered && width < best.width)) {
        best = { shift: lo, width, covered };
      }
    }
  }
  return best;
}

/**
 * A trie compiled on demand: the 16 root entries that share bits 31:20 are built the first time a word with
 * those bits is matched (a listing of one program touches a few hundred of the 4096 groups; building all of
 * them cost most of the package's load time). A group is NOT_BUILT until built; root entries are node
 * offsets: a root leaf becomes a one-child node `[0, 0, leaf]` so that every walk takes exactly two reads.
 */
export interface LazyDispatch {
  /**
   * By bits 31:20 of the word: the index of the group's row of 16 root entries in rootRows(), NOT_BUILT until
   * the group is built. The root entry of a word is `rootRows()[(groups[word >>> 20] << 4) | ((word >>> 4) & 15)]`.
   */
  readonly groups: Uint16Array;
  /** The distinct rows of 16 root entries built so far (node offsets; the array is replaced when it grows). */
  rootRows(): Uint16Array;
  /** Entries at or above this are leaves (LEAF_TOP − row index); below it, node offsets. */
  readonly leafMin: number;
  /** The inner nodes built so far (the array is replaced when it grows). */
  nodes(): Uint16Array;
  /** Builds the root entries of the group `high` (bits 31:20 of the word). */
  fill(high: number): void;
}

/**
 * Compiles `rows` (first-match order) into a trie, group by group on demand (see LazyDispatch). Words with
 * condition 0b1111 only match rows for which `unconditional(row)` is true; other words match any row
 * (unconditional rows fix cond = 1111).
 */
export function lazyDispatch<R extends Pattern>(rows: readonly R[], unconditional: (row: R) => boolean): LazyDispatch {
  const none = ~rows.length;
  const leafMin = LEAF_TOP - rows.length;
  let nodes = new Uint16Array(1 << 14);
  let used = 0;
  /* build() returns node offsets (≥ 0) and leaves as ~rowIndex; stored, a leaf is LEAF_TOP − rowIndex. */
  const stored = (entry: number) => (entry < 0 ? LEAF_TOP - ~entry : entry);
  const memo = new Map<string, number>();
  const leafNodes = new Map<number, number>();

  function allocate(count: number): number {
    // Deterministic for a given table: a test builds every group of A32_TABLE, so this never fires there.
    if (used + count > leafMin) throw new Error(`A32 dispatch trie needs more than ${leafMin} 16-bit node entries`);
    if (used + count > nodes.length) {
      let size = nodes.length * 2;
      while (size < used + count) size *= 2;
      const grown = new Uint16Array(Math.min(size, LEAF_TOP + 1));
      grown.set(nodes.subarray(0, used));
      nodes = grown;
    }
    const at = used;
    used += count;
    return at;
  }

  /** Entry for the words whose bits under `knownMask` equal `knownValue`, given candidate rows. */
  function build(candidates: readonly number[], knownMask: number, knownValue: number): number {
    const live = candidates.filter((i) => ((rows[i]!.value ^ knownValue) & rows[i]!.mask & knownMask) === 0);
    if (live.length === 0) return none;
    const first = rows[live[0]!]!;
    if ((first.mask & ~knownMask) === 0) return ~live[0]!;
    let union = 0;
    for (const i of live) union |= rows[i]!.mask;
    const relevant = union & knownMask;
    const key = `${live.join(',')}|${relevant >>> 0}|${(knownValue & relevant) >>> 0}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    // Decide on bits of the first live row first: its fate settles whether anything later matters.
    const { shift, width } = chooseField(first.mask & ~knownMask);
    const fieldMask = (1 << width) - 1;
    const offset = allocate(fieldMask + 3);
    nodes[offset] = shift;
    nodes[offset + 1] = fieldMask;
    memo.set(key, offset);
    for (let c = 0; c <= fieldMask; c++) {
      const child = build(live, knownMask | (fieldMask << shift), (knownValue & ~(fieldMask << shift)) | (c << shift));
      nodes[offset + 2 + c] = stored(child);
    }
    return offset;
  }

  const all = rows.map((_, i) => i);
  const unconditionalOnly = all.filter((i) => unconditional(rows[i]!));
  const groups = new Uint16Array(ROOT_SIZE >>> 4).fill(NOT_BUILT);
  let rootRows = new Uint16Array(16 * 64);
  let rowCount = 0;
  const rowIndex = new Map<string, number>();
  return {
    groups,
    rootRows: () => rootRows,
    leafMin,
    nodes: () => nodes,
    fill(high: number): void {
      high &= 0xfff;
      // Narrow by bits 31:20 once, then by 7:4 for each of the 16 root entries under them.
      const highWord = rootWord(high << 4);
      const candidates = (high >>> 8 === 0xf ? unconditionalOnly : all).filter(
        (i) => ((rows[i]!.value ^ highWord) & rows[i]!.mask & 0xfff00000) === 0,
      );
      const row: number[] = [];
      for (let low = 0; low < 16; low++) {
        let entry = build(candidates, ROOT_MASK, highWord | (low << 4));
        if (entry < 0) {
          let at = leafNodes.get(entry);
          if (at === undefined) {
            at = allocate(3);
            nodes[at] = 0;
            nodes[at + 1] = 0;
            nodes[at + 2] = stored(entry);
            leafNodes.set(entry, at);
          }
          entry = at;
        }
        row.push(entry);
      }
      const key = row.join(',');
      let index = rowIndex.get(key);
      if (index === undefined) {
        index = rowCount++;
        if (rootRows.length < rowCount * 16) {
          const grown = new Uint16Array(rootRows.length * 2);
          grown.set(rootRows);
          rootRows = grown;
        }
        rootRows.set(row, index * 16);
        rowIndex.set(key, index);
      }
      groups[high] = index;
    },
  };
}
