/*
 * A listing's string table (the symbols' names): read a page at a time through a small cache when the file is
 * read in pieces, so a program with hundreds of thousands of symbols does not hold all their names, or in
 * place when the file is in memory. Names are read in the order a listing prints them (labels by address, and
 * branch targets near them), which is mostly the order of the table, so a few pages serve a whole listing.
 */
import { ElfError } from '@armprobe/emulator';
import { byteString, type ListingElf, type ListingSource } from './listing-file.js';
import type { ScratchStore } from './listing-scratch.js';

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
  private readonly added = new AddedNames();

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
    return this.size + this.added.add(name);
  }

  /** From now on, added names beyond a few pages go to `store` (a listing with many symbols). */
  spillTo(store: ScratchStore): void {
    this.added.spillTo(store);
  }

  /** The byte at `at` of the table (or of the added names past it), 0 past their end. */
  byte(at: number): number {
    if (at >= this.size) return this.added.byte(at - this.size);
    if (this.inPlace !== null) return this.inPlace[at]!;
    return this.cache[this.page(at >>> PAGE_BITS) + (at & (PAGE - 1))]!;
  }

  /** Makes the name starting at `start` (up to its zero byte or the table's end) `bytes[at…end)`. */
  load(start: number): void {
    if (start >= this.size) {
      this.gather(start);
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
    this.gather(start);
  }

  /** Gathers the name at `start` (up to its zero byte or the end of the names) into the scratch buffer. */
  private gather(start: number): void {
    // A name of the table ends at the table's end at the latest; an added name at its zero byte.
    const limit = start < this.size ? this.size : Number.POSITIVE_INFINITY;
    let length = 0;
    for (let from = start; from < limit; from++) {
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

/** The names of a file's sections (from its section name table, read a page at a time), by section index. */
export class SectionNames {
  private readonly table: StringTable | null;

  constructor(private readonly elf: ListingElf) {
    const t = elf.sections.at(elf.shstrndx);
    this.table = t === undefined ? null : new StringTable(elf.source, t.offset, t.size);
  }

  /** Section `i`'s name (`?` when the name table does not have it). */
  name(i: number): string {
    const at = this.elf.sections.name(i);
    if (this.table === null || at >= this.table.size) return '?';
    return this.table.name(at);
  }

  /** The index of the first section named `name`, or -1. */
  indexOf(name: string): number {
    const table = this.table;
    if (table === null) return -1;
    for (let i = 0; i < this.elf.sections.count; i++) {
      const at = this.elf.sections.name(i);
      if (at >= table.size) continue;
      table.load(at);
      if (table.end - table.at !== name.length) continue;
      let same = true;
      for (let k = 0; k < name.length && same; k++) same = table.bytes[table.at + k] === name.charCodeAt(k);
      if (same) return i;
    }
    return -1;
  }
}

/** Pages of added names kept in memory before they go to the store, and cached from it. */
const TAIL_PAGES = 16;
const ADDED_SLOTS = 8;

/**
 * Names a listing adds to a string table, each followed by a zero byte: in memory, or — once given a store — in
 * memory only for the last few pages, the others in the store and read back a page at a time, so a library with
 * many versioned symbols (`memcpy@@GLIBC_2.4`, one added name each) does not hold them all.
 */
class AddedNames {
  private tail = new Uint8Array(TAIL_PAGES * PAGE);
  /** The logical offset of tail[0] (a multiple of PAGE), and of the end of the names. */
  private tailStart = 0;
  private length = 0;
  private store: ScratchStore | null = null;
  private pageOffsets = new Float64Array(0);
  private readonly cache = new Uint8Array(ADDED_SLOTS * PAGE);
  private readonly tags = new Int32Array(ADDED_SLOTS).fill(-1);

  spillTo(store: ScratchStore): void {
    this.store = store;
  }

  /** Adds `name` (one byte a character); returns its logical offset. */
  add(name: string): number {
    const at = this.length;
    const need = at + name.length + 1 - this.tailStart;
    if (need > this.tail.length) {
      if (this.store !== null) this.flush();
      if (at + name.length + 1 - this.tailStart > this.tail.length) {
        const larger = new Uint8Array(Math.max(2 * this.tail.length, at + name.length + 1 - this.tailStart));
        larger.set(this.tail.subarray(0, this.length - this.tailStart));
        this.tail = larger;
      }
    }
    const t = at - this.tailStart;
    for (let i = 0; i < name.length; i++) this.tail[t + i] = name.charCodeAt(i) & 0xff;
    this.tail[t + name.length] = 0;
    this.length = at + name.length + 1;
    return at;
  }

  /** Moves the tail's whole pages to the store, keeping the partial last one. */
  private flush(): void {
    const used = this.length - this.tailStart;
    const whole = Math.floor(used / PAGE);
    if (whole === 0) return;
    const first = this.tailStart / PAGE;
    if (this.pageOffsets.length < first + whole) {
      const larger = new Float64Array(Math.max(2 * this.pageOffsets.length, first + whole, 16));
      larger.set(this.pageOffsets);
      this.pageOffsets = larger;
    }
    for (let k = 0; k < whole; k++) {
      this.pageOffsets[first + k] = this.store!.append(this.tail.subarray(k * PAGE, (k + 1) * PAGE));
    }
    this.tail.copyWithin(0, whole * PAGE, used);
    this.tailStart += whole * PAGE;
  }

  /** The byte at logical offset `e`, 0 past the end. */
  byte(e: number): number {
    if (e >= this.length) return 0;
    if (e >= this.tailStart) return this.tail[e - this.tailStart]!;
    const p = e >>> PAGE_BITS;
    const slot = p & (ADDED_SLOTS - 1);
    if (this.tags[slot] !== p) {
      this.store!.readInto(this.pageOffsets[p]!, this.cache.subarray(slot * PAGE, (slot + 1) * PAGE));
      this.tags[slot] = p;
    }
    return this.cache[slot * PAGE + (e & (PAGE - 1))]!;
  }
}
