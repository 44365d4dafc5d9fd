import { ElfError, type MappingState } from '@armprobe/emulator';
import { bytesSource, type ListingElf } from './listing-file.js';
import { StringTable } from './listing-strings.js';

const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const STT_SECTION = 3;
const STT_FILE = 4;

/**
 * The named symbols (not mapping, section or file symbols) of .symtab, in typed arrays indexed by symbol (in
 * file order), `order` listing them by address (larger st_size first at one address, then file order), with
 * their names left in the string table's bytes: a large program has tens of thousands of symbols, which as
 * objects and strings would cost many times their size. The arrays are as long as the symbols they hold (the
 * table is read twice: once to count, once to fill), 21 bytes a symbol with `order`, whose bytes the
 * Symbolizer then reuses.
 */
export interface ListingSymbols {
  readonly count: number;
  /**
   * Symbol indices by address (larger st_size first at one address, then file order): the second half of a
   * buffer twice its size, which the Symbolizer writes its own arrays into — read it before building one.
   */
  readonly order: Uint32Array;
  /** st_value, with bit 0 cleared for a Thumb function (as objdump reads it). */
  readonly address: Uint32Array;
  readonly size: Uint32Array;
  /** Per symbol, bits: SYMBOL_THUMB, SYMBOL_FUNCTION, SYMBOL_TYPED, SYMBOL_GLOBAL, SYMBOL_WEAK. */
  readonly flags: Uint8Array;
  /** Where each name starts in `strtab` (it ends at the next zero byte, or the table's end). */
  readonly nameStart: Uint32Array;
  /** The string table, read a page at a time. */
  readonly strtab: StringTable;
  /** The mapping symbols' addresses, ascending, and the state each starts (an index into MAPPING_STATES). */
  readonly mappingAddresses: Uint32Array;
  readonly mappingStates: Uint8Array;
}

/** A Thumb function: its st_value had bit 0 set (cleared in `address`, as objdump reads it). */
export const SYMBOL_THUMB = 1;
/** STT_FUNC or STT_GNU_IFUNC. */
export const SYMBOL_FUNCTION = 2;
/** STT_FUNC or STT_OBJECT (objdump prefers these to untyped labels at one address). */
export const SYMBOL_TYPED = 4;
/** STB_GLOBAL. */
export const SYMBOL_GLOBAL = 8;
/** STB_WEAK. */
export const SYMBOL_WEAK = 16;

/** The states of mapping symbols, by the number `mappingStates` holds. */
export const MAPPING_STATES: readonly MappingState[] = ['arm', 'thumb', 'data'];
export const THUMB_STATE = 1;

/**
 * Indices 0 … n−1 ordered by `address` (ascending), then by `tie` for equal addresses, then by index: a
 * numeric sort of packed keys (address · 2^21 + index), which leaves no garbage behind (a sort with a comparator
 * copies into a work array on the JavaScript heap), and a comparator only inside runs of equal addresses. The
 * result is the second half of a buffer of 8 bytes an index (the keys' own bytes): the Symbolizer writes its
 * (address, name) pairs into the whole buffer as it reads the indices.
 */
function byAddress(address: Uint32Array, n: number, tie: (a: number, b: number) => number): Uint32Array {
  const buffer = new ArrayBuffer(8 * n);
  const order = new Uint32Array(buffer, 4 * n, n);
  if (n >= 1 << 21) {
    for (let i = 0; i < n; i++) order[i] = i;
    // A plain array for the comparator sort (TypedArray#sort with a comparator copies to the heap as well).
    const sorted = Array.from(order).sort((a, b) => address[a]! - address[b]! || tie(a, b) || a - b);
    order.set(sorted);
    return order;
  }
  const keys = new Float64Array(buffer);
  for (let i = 0; i < n; i++) keys[i] = address[i]! * (1 << 21) + i;
  keys.sort();
  // Last key first: index i goes to bytes 4n + 4i, inside keys i … n−1, which have been read by then.
  for (let i = n - 1; i >= 0; i--) order[i] = keys[i]! % (1 << 21);
  // Inside a run of one address (a few symbols at most), an insertion sort by `tie`, then index.
  for (let run = 0; run < n; ) {
    let end = run + 1;
    while (end < n && address[order[end]!] === address[order[run]!]) end++;
    for (let i = run + 1; i < end; i++) {
      const x = order[i]!;
      let j = i - 1;
      while (j >= run && (tie(order[j]!, x) || order[j]! - x) > 0) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = x;
    }
    run = end;
  }
  return order;
}

/** `into[k] = from[order[k]]` (TypedArray.from with a function would first collect the values on the heap). */
function pick<T extends Uint8Array | Uint32Array>(order: Uint32Array, from: T, into: T): T {
  for (let k = 0; k < order.length; k++) into[k] = from[order[k]!]!;
  return into;
}

/** Symbol `i`'s name. */
export function symbolName(symbols: ListingSymbols, i: number): string {
  return symbols.strtab.name(symbols.nameStart[i]!);
}

const NONE: ListingSymbols = {
  count: 0,
  order: new Uint32Array(0),
  address: new Uint32Array(0),
  size: new Uint32Array(0),
  flags: new Uint8Array(0),
  nameStart: new Uint32Array(0),
  strtab: new StringTable(bytesSource(new Uint8Array(0)), 0, 0),
  mappingAddresses: new Uint32Array(0),
  mappingStates: new Uint8Array(0),
};

/**
 * What a symbol table entry is to a listing: 0 skipped (no name, a section or file symbol, a `$x` that is not a
 * mapping symbol), 1 a named symbol, 2 + s a mapping symbol starting state s (`$a` 0, `$t` 1, `$d` 2).
 */
function kindOf(strtab: StringTable, from: number, info: number): number {
  const first = strtab.byte(from);
  if (first === 0 /* no name */) return 0;
  if (first === 0x24 /* $ */ && strtab.byte(from + 1) !== 0) {
    const after = strtab.byte(from + 2);
    if (after === 0 || after === 0x2e /* . */) {
      const c = strtab.byte(from + 1);
      const state = c === 0x61 ? 0 : c === 0x74 ? 1 : c === 0x64 ? 2 : -1;
      if (state >= 0) return 2 + state;
    }
  }
  const t = info & 0xf;
  return t === STT_SECTION || t === STT_FILE ? 0 : 1;
}

/**
 * The symbols of .symtab for a listing, with the emulator loader's checks (the table links to a string table,
 * entries of 16 bytes, names inside the string table). Mapping symbols are `$a`, `$t`, `$d`, alone or followed
 * by a `.` and anything.
 */
export function readListingSymbols(elf: ListingElf): ListingSymbols {
  const symtab = elf.sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab === undefined) return NONE;
  const strtabHeader = elf.sections[symtab.link];
  if (strtabHeader === undefined || strtabHeader.type !== SHT_STRTAB) {
    throw new ElfError('bad-symbol-table', '.symtab does not link to a string table');
  }
  if (symtab.entsize !== 16 && symtab.entsize !== 0) {
    throw new ElfError('bad-symbol-table', `symbol size ${symtab.entsize}, expected 16`);
  }
  const count = Math.floor(symtab.size / 16);
  const strtab = new StringTable(elf.source, strtabHeader.offset, strtabHeader.size);
  // The table is read 4,096 entries at a time, twice: to count the named and the mapping symbols, then to fill
  // arrays of exactly those sizes.
  const piece = new Uint8Array(Math.min(count, 4096) * 16);
  const view = new DataView(piece.buffer);
  /** Calls `each(entry offset in piece, name start, kind)` per entry but the first: kind 0 skipped, 1 named, 2+s mapping state s. */
  const walk = (each: (o: number, from: number, kind: number) => void) => {
    for (let first = 0; first < count; first += 4096) {
      const entries = Math.min(4096, count - first);
      if (elf.source.readInto(symtab.offset + first * 16, piece.subarray(0, entries * 16)) !== entries * 16) {
        throw new ElfError('bad-symbol-table', '.symtab extends past the end of the file');
      }
      for (let e = first === 0 ? 1 : 0; e < entries; e++) {
        const o = e * 16;
        const from = view.getUint32(o, true);
        if (from >= strtab.size) throw new ElfError('bad-symbol-table', `symbol ${first + e} name outside .strtab`);
        each(o, from, kindOf(strtab, from, piece[o + 12]!));
      }
    }
  };
  let named = 0;
  let mappings = 0;
  walk((_o, _from, kind) => {
    if (kind === 1) named++;
    else if (kind >= 2) mappings++;
  });
  const address = new Uint32Array(named);
  const size = new Uint32Array(named);
  const flags = new Uint8Array(named);
  const nameStart = new Uint32Array(named);
  const mappingAt = new Uint32Array(mappings);
  const mappingState = new Uint8Array(mappings);
  named = 0;
  mappings = 0;
  walk((o, from, kind) => {
    const value = view.getUint32(o + 4, true);
    if (kind >= 2) {
      mappingAt[mappings] = value;
      mappingState[mappings] = kind - 2;
      mappings++;
      return;
    }
    if (kind === 0) return;
    const info = piece[o + 12]!;
    const t = info & 0xf;
    // A function's st_value bit 0 says Thumb; the function starts at the even address (STT_FUNC, STT_GNU_IFUNC).
    const isThumb = (t === 2 || t === 10) && (value & 1) !== 0;
    address[named] = isThumb ? value - 1 : value;
    size[named] = view.getUint32(o + 8, true);
    const bind = info >>> 4;
    flags[named] =
      (isThumb ? SYMBOL_THUMB : 0) |
      (t === 2 || t === 10 ? SYMBOL_FUNCTION : 0) |
      (t === 1 || t === 2 ? SYMBOL_TYPED : 0) |
      (bind === 1 ? SYMBOL_GLOBAL : bind === 2 ? SYMBOL_WEAK : 0);
    nameStart[named] = from;
    named++;
  });
  const order = byAddress(address, named, (a, b) => size[b]! - size[a]!);
  const mappingOrder = byAddress(mappingAt, mappings, () => 0);
  return {
    count: named,
    order,
    address,
    size,
    flags,
    nameStart,
    strtab,
    mappingAddresses: pick(mappingOrder, mappingAt, mappingAt.slice()),
    mappingStates: pick(mappingOrder, mappingState, mappingState.slice()),
  };
}
