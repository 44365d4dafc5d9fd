/*
 * Sorting fixed-size records of 32-bit words (a listing's symbols) in memory when they are few, or as an
 * external merge sort when they are many: runs of a bounded number of records are sorted in memory and
 * appended to a scratch store, then merged (at most `fanIn` runs at a time, in several rounds if need be), so
 * the memory used does not depend on how many records there are.
 */
import type { ScratchStore } from './listing-scratch.js';

/**
 * The order of two records, `a` at word `ai` and `b` at word `bi` (of the same or different arrays): negative
 * when a comes first. Word 0 is the primary key and must order ascending; the comparison decides the rest.
 */
export type RecordCompare = (a: Uint32Array, ai: number, b: Uint32Array, bi: number) => number;

export interface SortLimits {
  /** Records sorted in memory at a time before a run goes to the store (default 16,384). */
  readonly runRecords?: number;
  /** Runs merged at a time (default 64). */
  readonly fanIn?: number;
}

/** Records read or written a chunk at a time while merging. */
const CHUNK = 256;
const PACK = 2 ** 21;

/** Work arrays for sortOrder, reused from one run to the next (a run's garbage would otherwise pile up). */
export interface SortWork {
  order: Uint32Array;
  keys: Float64Array;
}

/**
 * Indices 0 … n−1 of `records` (`width` words each) in `compare` order: a numeric sort of packed keys
 * (word 0 · 2^21 + index; no garbage, unlike a sort with a comparator, which copies into a work array on the
 * JavaScript heap), then `compare` inside runs of equal word 0 (a few records at most). The result is a view of
 * `work.order` when `work` is given and large enough.
 */
export function sortOrder(
  records: Uint32Array,
  width: number,
  n: number,
  compare: RecordCompare,
  work?: SortWork,
): Uint32Array {
  const order = work !== undefined && work.order.length >= n ? work.order.subarray(0, n) : new Uint32Array(n);
  if (n >= PACK) {
    const sorted = Array.from({ length: n }, (_, i) => i).sort((x, y) =>
      compare(records, x * width, records, y * width),
    );
    order.set(sorted);
    return order;
  }
  const keys = work !== undefined && work.keys.length >= n ? work.keys.subarray(0, n) : new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = records[i * width]! * PACK + i;
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = keys[i]! % PACK;
  for (let run = 0; run < n; ) {
    const key = records[order[run]! * width]!;
    let end = run + 1;
    while (end < n && records[order[end]! * width] === key) end++;
    for (let i = run + 1; i < end; i++) {
      const x = order[i]!;
      let j = i - 1;
      while (j >= run && compare(records, order[j]! * width, records, x * width) > 0) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = x;
    }
    run = end;
  }
  return order;
}

interface Run {
  readonly offset: number;
  readonly count: number;
}

/** A run read back a chunk at a time, into a buffer reused for run after run. */
class RunReader {
  readonly words: Uint32Array;
  private readonly bytes: Uint8Array;
  /** The current record's first word in `words`. */
  at = 0;
  private inChunk = 0;
  private next = 0;
  private left = 0;
  private run: Run = { offset: 0, count: 0 };

  constructor(
    private readonly store: ScratchStore,
    private readonly width: number,
  ) {
    this.words = new Uint32Array(CHUNK * width);
    this.bytes = new Uint8Array(this.words.buffer);
  }

  /** Starts reading `run` from its first record. */
  start(run: Run): this {
    this.run = run;
    this.left = run.count;
    this.next = 0;
    this.inChunk = 0;
    this.advance();
    return this;
  }

  /** Whether a record is current. */
  get live(): boolean {
    return this.inChunk > 0;
  }

  /** Moves to the next record (reading the next chunk when this one is used up). */
  advance(): void {
    if (this.inChunk > 1) {
      this.inChunk--;
      this.at += this.width;
      return;
    }
    const n = Math.min(CHUNK, this.left);
    this.inChunk = n;
    this.at = 0;
    if (n === 0) return;
    const bytes = 4 * this.width;
    this.store.readInto(this.run.offset + this.next * bytes, this.bytes.subarray(0, n * bytes));
    this.next += n;
    this.left -= n;
  }
}

/** Collects records, then hands them back in order (see the file comment). */
export class RecordSorter {
  /** The run being filled: `add` says where the next record's words go. */
  records: Uint32Array;
  private n = 0;
  private readonly runs: Run[] = [];
  private readonly runRecords: number;
  private readonly fanIn: number;
  private readonly out: Uint32Array;
  private outCount = 0;
  /** Reused by every spill and merge round (made at the first). */
  private work: SortWork | undefined;
  private readonly readers: RunReader[] = [];

  /**
   * Records of `width` words in `compare` order; about `expected` of them (a hint). Without a store they are
   * all sorted in memory.
   */
  constructor(
    private readonly width: number,
    private readonly compare: RecordCompare,
    expected: number,
    private readonly store: ScratchStore | null,
    limits: SortLimits = {},
  ) {
    this.runRecords = Math.max(2, limits.runRecords ?? 16384);
    this.fanIn = Math.max(2, limits.fanIn ?? 64);
    const first = store === null ? Math.max(1, expected) : Math.max(1, Math.min(expected, this.runRecords));
    this.records = new Uint32Array(first * width);
    this.out = new Uint32Array(store === null ? 0 : CHUNK * width);
  }

  /** Where the next record's `width` words go in `records` (write them before the next call). */
  add(): number {
    if (this.n * this.width === this.records.length) {
      if (this.store !== null && this.n >= this.runRecords) this.spill();
      else {
        const capacity = this.store === null ? 2 * this.n : Math.min(2 * this.n, this.runRecords);
        const larger = new Uint32Array(capacity * this.width);
        larger.set(this.records);
        this.records = larger;
      }
    }
    return this.n++ * this.width;
  }

  /** Writes the run in memory, sorted, to the store. */
  private spill(): void {
    const { width } = this;
    this.work ??= { order: new Uint32Array(this.runRecords), keys: new Float64Array(this.runRecords) };
    const order = sortOrder(this.records, width, this.n, this.compare, this.work);
    this.startRun();
    for (let k = 0; k < this.n; k++) this.emit(this.records, order[k]! * width);
    this.runs.push(this.endRun());
    this.n = 0;
  }

  /** The run being written: where its first chunk went, and its records so far. */
  private runStart = 0;
  private runCount = 0;

  private startRun(): void {
    this.runStart = -1;
    this.runCount = 0;
  }

  /** Adds a record (words `at` … of `from`) to the run being written. */
  private emit(from: Uint32Array, at: number): void {
    const { out, width } = this;
    const to = this.outCount * width;
    for (let w = 0; w < width; w++) out[to + w] = from[at + w]!;
    if (++this.outCount === CHUNK) this.flushOut();
  }

  private flushOut(): void {
    if (this.outCount === 0) return;
    const at = this.store!.append(new Uint8Array(this.out.buffer, 0, 4 * this.width * this.outCount));
    if (this.runStart < 0) this.runStart = at;
    this.runCount += this.outCount;
    this.outCount = 0;
  }

  /** The run just written: its records are contiguous in the store (nothing else appends meanwhile). */
  private endRun(): Run {
    this.flushOut();
    return { offset: Math.max(0, this.runStart), count: this.runCount };
  }

  /** Merges `runs` in order, calling `each` with each record. */
  private merge(runs: readonly Run[], each: (words: Uint32Array, at: number) => void): void {
    while (this.readers.length < runs.length) this.readers.push(new RunReader(this.store!, this.width));
    const readers = runs.map((r, i) => this.readers[i]!.start(r)).filter((r) => r.live);
    const { compare } = this;
    const before = (a: RunReader, b: RunReader) => compare(a.words, a.at, b.words, b.at) < 0;
    // A binary min-heap of the readers by their current record.
    const heap = readers;
    const down = (from: number) => {
      let i = from;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) return;
        const c = l + 1 < heap.length && before(heap[l + 1]!, heap[l]!) ? l + 1 : l;
        if (!before(heap[c]!, heap[i]!)) return;
        const t = heap[i]!;
        heap[i] = heap[c]!;
        heap[c] = t;
        i = c;
      }
    };
    for (let i = (heap.length >>> 1) - 1; i >= 0; i--) down(i);
    while (heap.length > 0) {
      const top = heap[0]!;
      each(top.words, top.at);
      top.advance();
      if (!top.live) {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
      }
      down(0);
    }
  }

  /** Calls `each(words, at)` for every record added, in order (the sorter is not used afterwards). */
  drain(each: (words: Uint32Array, at: number) => void): void {
    const { width } = this;
    if (this.runs.length === 0) {
      const order = sortOrder(this.records, width, this.n, this.compare);
      for (let k = 0; k < this.n; k++) each(this.records, order[k]! * width);
      return;
    }
    if (this.n > 0) this.spill();
    this.records = new Uint32Array(0);
    this.work = undefined;
    let runs: readonly Run[] = this.runs;
    while (runs.length > this.fanIn) {
      const merged: Run[] = [];
      for (let g = 0; g < runs.length; g += this.fanIn) {
        const group = runs.slice(g, g + this.fanIn);
        this.startRun();
        this.merge(group, (words, at) => this.emit(words, at));
        merged.push(this.endRun());
      }
      runs = merged;
    }
    this.merge(runs, each);
  }
}
