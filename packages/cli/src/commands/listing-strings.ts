/*
 * A listing's string table (the symbols' names): read a page at a time through a small cache when the file is
 * read in pieces, so a program with hundreds of thousands of symbols does not hold all their names, or in
 * place when the file is in memory. Names are read in the order a listing prints them (labels by address, and
 * branch targets near them), which is mostly the order of the table, so a few pages serve a whole listing.
 */
import { ElfError } from '@armprobe/emulator';
import { byteString, type ListingSource } from './listing-file.js';

const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
/** Cache slots (a power of two), a page each: 256 KiB. */
const SLOTS = 64;

export class StringTable {
  /**
   * Where `load` left the name it was given: `bytes[at]` … `bytes[end - 1]` (a view of the page cache, of the
   * file's bytes, or of a scratch buffer for a name that crosses a page), valid until the next call.
   */
  bytes: Uint8Array;
  at = 0;
  end = 0;
  private readonly inPlace: Uint8Array | null;
  private readonly cache: Uint8Array;
  private readonly tags: Int32Array;
  private scratch = new Uint8Array(256);
  /** Names the listing adds (`puts@plt`, a section symbol's section name): offsets `size` … onwards. */
  private extra = new Uint8Array(0);
  private extraLength = 0;

  /** The table is `size` bytes of `source` at `offset` (which the caller has checked lie inside the file). */
  constructor(
    private readonly source: ListingSource,
    private readonly offset: number,
    readonly size: number,
  ) {
    this.inPlace = source.bytes === null ? null : source.bytes.subarray(offset, offset + size);
    this.cache = this.inPlace === null ? new Uint8Array(Math.min(SLOTS * PAGE, size)) : new Uint8Array(0);
    this.tags = new Int32Array(SLOTS).fill(-1);
    this.bytes = this.inPlace ?? this.cache;
  }

  /** The cache's offset of page `p` (table bytes p·4096 …), reading it if it is not there. */
  private page(p: number): number {
    const slot = p & (SLOTS - 1);
    const base = slot << PAGE_BITS;
    if (this.tags[slot] !== p) {
      const from = p << PAGE_BITS;
      const n = Math.min(PAGE, this.size - from);
      if (this.source.readInto(this.offset + from, this.cache.subarray(base, base + n)) !== n) {
        throw new ElfError('truncated', `the file ends inside its string table (bytes ${from}…)`);
      }
      this.tags[slot] = p;
    }
    return base;
  }

  /** Adds a name after the table's own; returns where it starts (at or past `size`). */
  addName(name: string): number {
    const need = this.extraLength + name.length + 1;
    if (need > this.extra.length) {
      const larger = new Uint8Array(Math.max(need, 2 * this.extra.length, 64));
      larger.set(this.extra.subarray(0, this.extraLength));
      this.extra = larger;
    }
    const at = this.extraLength;
    for (let i = 0; i < name.length; i++) this.extra[at + i] = name.charCodeAt(i) & 0xff;
    this.extra[at + name.length] = 0;
    this.extraLength = need;
    return this.size + at;
  }

  /** The byte at `at` of the table (or of the added names past it), 0 past their end. */
  byte(at: number): number {
    if (at >= this.size) return at - this.size < this.extraLength ? this.extra[at - this.size]! : 0;
    if (this.inPlace !== null) return this.inPlace[at]!;
    return this.cache[this.page(at >>> PAGE_BITS) + (at & (PAGE - 1))]!;
  }

  /** Makes the name starting at `start` (up to its zero byte or the table's end) `bytes[at…end)`. */
  load(start: number): void {
    if (start >= this.size) {
      const from = Math.min(start - this.size, this.extraLength);
      const z = this.extra.indexOf(0, from);
      this.bytes = this.extra;
      this.at = from;
      this.end = z < 0 || z > this.extraLength ? this.extraLength : z;
      return;
    }
    if (this.inPlace !== null) {
      const z = this.inPlace.indexOf(0, start);
      this.bytes = this.inPlace;
      this.at = start;
      this.end = z < 0 ? this.size : z;
      return;
    }
    const p = start >>> PAGE_BITS;
    const base = this.page(p);
    const pageEnd = base + Math.min(PAGE, this.size - (p << PAGE_BITS));
    const at = base + (start & (PAGE - 1));
    // indexOf: native, and a zero found past this page (another slot's bytes) only means the name goes on.
    const z = this.cache.indexOf(0, at);
    if (z >= 0 && z < pageEnd) {
      this.bytes = this.cache;
      this.at = at;
      this.end = z;
      return;
    }
    // A name that runs into the next page (or to the table's end): gathered into the scratch buffer.
    let length = 0;
    for (let from = start; from < this.size; from++) {
      const b = this.byte(from);
      if (b === 0) break;
      if (length === this.scratch.length) {
        const larger = new Uint8Array(2 * length);
        larger.set(this.scratch);
        this.scratch = larger;
      }
      this.scratch[length++] = b;
    }
    this.bytes = this.scratch;
    this.at = 0;
    this.end = length;
  }

  /** The name starting at `start`, its bytes as characters (as objdump prints names). */
  name(start: number): string {
    this.load(start);
    return byteString(this.bytes, this.at, this.end);
  }
}
