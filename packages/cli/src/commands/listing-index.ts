/*
 * A sorted table of (key, value) pairs of 32-bit numbers — the listing's labels (address, where the name
 * starts) and mapping symbols (address, state) — held in memory when small, or in a scratch store and read a
 * 4 KiB page at a time through a small cache, with each page's first key kept in memory so that a lookup reads
 * at most one page.
 */
import type { ScratchStore } from './listing-scratch.js';

const PAGE_BYTES = 4096;
/** Pairs a page. */
const PAGE_PAIRS = PAGE_BYTES / 8;
const PAGE_SHIFT = 9;

export class PairTable {
  /** The pairs when the table is in memory: words 2i (key) and 2i + 1 (value). */
  private readonly resident: Uint32Array | null;
  /** Paged: the first key of each page, where each page is in the store, and the cache. */
  private readonly firstKeys: Uint32Array;
  private readonly pageOffsets: Float64Array;
  private readonly cache: Uint32Array;
  private readonly cacheBytes: Uint8Array;
  private readonly tags: Int32Array;
  private readonly slotMask: number;
  /** The page the last paged lookup ended in. */
  private lastPage = 0;

  /**
   * A table of `length` pairs: `pairs` in memory, or (pairs null) in `store`, page p at byte `pageOffsets[p]`
   * starting with key `firstKeys[p]`, read through `slots` (a power of two) cached pages.
   */
  constructor(
    readonly length: number,
    pairs: Uint32Array | null,
    private readonly store: ScratchStore | null = null,
    firstKeys: Uint32Array = new Uint32Array(0),
    pageOffsets: Float64Array = new Float64Array(0),
    slots = 16,
  ) {
    this.resident = pairs;
    this.firstKeys = firstKeys;
    this.pageOffsets = pageOffsets;
    this.slotMask = slots - 1;
    this.cache = pairs === null ? new Uint32Array(slots * PAGE_PAIRS * 2) : new Uint32Array(0);
    this.cacheBytes = new Uint8Array(this.cache.buffer);
    this.tags = new Int32Array(pairs === null ? slots : 0).fill(-1);
  }

  /** Where pair i's key is in `cache`, reading its page if it is not there. */
  private word(i: number): number {
    const page = i >>> PAGE_SHIFT;
    const slot = page & this.slotMask;
    const base = slot * PAGE_PAIRS * 2;
    if (this.tags[slot] !== page) {
      const pairs = Math.min(PAGE_PAIRS, this.length - page * PAGE_PAIRS);
      this.store!.readInto(this.pageOffsets[page]!, this.cacheBytes.subarray(4 * base, 4 * base + 8 * pairs));
      this.tags[slot] = page;
    }
    return base + 2 * (i & (PAGE_PAIRS - 1));
  }

  key(i: number): number {
    return this.resident !== null ? this.resident[2 * i]! : this.cache[this.word(i)]!;
  }

  value(i: number): number {
    return this.resident !== null ? this.resident[2 * i + 1]! : this.cache[this.word(i) + 1]!;
  }

  /** The largest i in [from, to) whose key is at or below `v`, or from − 1 if there is none. */
  atOrBelow(v: number, from = 0, to = this.length): number {
    if (from >= to) return from - 1;
    if (this.resident !== null) {
      const pairs = this.resident;
      let lo = from;
      let hi = to - 1;
      let best = from - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (pairs[2 * mid]! <= v) {
          best = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return best;
    }
    // The page: the last one in range whose first key is at or below v (the pairs at or below v end in it), the
    // one looked in last time when it still is (lookups come in runs near one another); then a search inside it.
    const first = this.firstKeys;
    const pFirst = from >>> PAGE_SHIFT;
    const pLast = (to - 1) >>> PAGE_SHIFT;
    let page = this.lastPage;
    if (
      page < pFirst ||
      page > pLast ||
      (first[page]! > v && page !== pFirst) ||
      (page < pLast && first[page + 1]! <= v)
    ) {
      page = pFirst;
      let pLo = pFirst + 1;
      let pHi = pLast;
      while (pLo <= pHi) {
        const mid = (pLo + pHi) >>> 1;
        if (first[mid]! <= v) {
          page = mid;
          pLo = mid + 1;
        } else pHi = mid - 1;
      }
      this.lastPage = page;
    }
    const base = this.word(page << PAGE_SHIFT) - 2 * (page << PAGE_SHIFT);
    const cache = this.cache;
    let lo = Math.max(from, page << PAGE_SHIFT);
    let hi = Math.min(to - 1, ((page + 1) << PAGE_SHIFT) - 1);
    let best = from - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (cache[base + 2 * mid]! <= v) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }
}

/** Collects pairs in ascending key order into a PairTable, in memory or (given a store) a page at a time. */
export class PairTableWriter {
  private pairs: Uint32Array;
  private count = 0;
  private firstKeys: Uint32Array;
  private pageOffsets: Float64Array;
  private pages = 0;
  private readonly page: Uint32Array | null;
  private lastKey = 0;

  /** `expected` pairs at most is a hint (the table grows past it); with a store, the pairs go there. */
  constructor(
    private readonly store: ScratchStore | null,
    expected: number,
    private readonly slots = 16,
  ) {
    if (slots < 1 || (slots & (slots - 1)) !== 0)
      throw new RangeError(`PairTableWriter: ${slots} cache slots is not a power of two`);
    this.page = store === null ? null : new Uint32Array(PAGE_PAIRS * 2);
    this.pairs = store === null ? new Uint32Array(2 * Math.max(1, expected)) : new Uint32Array(0);
    const pages = store === null ? 0 : Math.max(1, Math.ceil(expected / PAGE_PAIRS));
    this.firstKeys = new Uint32Array(pages);
    this.pageOffsets = new Float64Array(pages);
  }

  push(key: number, value: number): void {
    if (this.count > 0 && key < this.lastKey) throw new RangeError(`PairTableWriter: key ${key} after ${this.lastKey}`);
    this.lastKey = key;
    if (this.page === null) {
      if (2 * this.count === this.pairs.length) {
        const larger = new Uint32Array(2 * this.pairs.length);
        larger.set(this.pairs);
        this.pairs = larger;
      }
      this.pairs[2 * this.count] = key;
      this.pairs[2 * this.count + 1] = value;
      this.count++;
      return;
    }
    const at = this.count & (PAGE_PAIRS - 1);
    if (at === 0) {
      if (this.pages === this.firstKeys.length) {
        const keys = new Uint32Array(2 * this.pages);
        keys.set(this.firstKeys);
        this.firstKeys = keys;
        const offsets = new Float64Array(2 * this.pages);
        offsets.set(this.pageOffsets);
        this.pageOffsets = offsets;
      }
      this.firstKeys[this.pages++] = key;
    }
    this.page[2 * at] = key;
    this.page[2 * at + 1] = value;
    this.count++;
    if ((this.count & (PAGE_PAIRS - 1)) === 0) this.flush(PAGE_PAIRS);
  }

  /** Appends the page being filled (its first `pairs` pairs) to the store. */
  private flush(pairs: number): void {
    this.pageOffsets[this.pages - 1] = this.store!.append(new Uint8Array(this.page!.buffer, 0, 8 * pairs));
  }

  /** The table (the writer is not used afterwards). */
  finish(): PairTable {
    if (this.page === null) return new PairTable(this.count, this.pairs.subarray(0, 2 * this.count));
    const partial = this.count & (PAGE_PAIRS - 1);
    if (partial > 0) this.flush(partial);
    return new PairTable(
      this.count,
      null,
      this.store,
      this.firstKeys.subarray(0, this.pages),
      this.pageOffsets.subarray(0, this.pages),
      this.slots,
    );
  }
}
