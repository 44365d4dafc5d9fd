import { ElfError, type MappingState } from '@armprobe/emulator';
import { byteString, type ListingElf } from './listing-file.js';

const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const STT_SECTION = 3;
const STT_FILE = 4;

/**
 * The named symbols (not mapping, section or file symbols) of .symtab, in typed arrays indexed by symbol (in
 * file order), `order` listing them by address (larger st_size first at one address, then file order), with
 * their names left in the string table's bytes: a large program has tens of thousands of symbols, which as
 * objects and strings would cost many times their size (here about 30 bytes each, and their names).
 */
export interface ListingSymbols {
  readonly count: number;
  /** Symbol indices by address. */
  readonly order: Uint32Array;
  /** st_value, with bit 0 cleared for a Thumb function (as objdump reads it). */
  readonly address: Uint32Array;
  readonly size: Uint32Array;
  /** STT_*: 0 NOTYPE, 1 OBJECT, 2 FUNC, 10 GNU_IFUNC. */
  readonly type: Uint8Array;
  /** STB_*: 0 LOCAL, 1 GLOBAL, 2 WEAK. */
  readonly binding: Uint8Array;
  /** 1 for a Thumb function: its st_value had bit 0 set. */
  readonly thumb: Uint8Array;
  /** Each name's bytes in `strtab`: nameStart[i] … nameEnd[i]. */
  readonly nameStart: Uint32Array;
  readonly nameEnd: Uint32Array;
  readonly strtab: Uint8Array;
  /** The mapping symbols' addresses, ascending, and the state each starts (an index into MAPPING_STATES). */
  readonly mappingAddresses: Uint32Array;
  readonly mappingStates: Uint8Array;
}

/** The states of mapping symbols, by the number `mappingStates` holds. */
export const MAPPING_STATES: readonly MappingState[] = ['arm', 'thumb', 'data'];
export const THUMB_STATE = 1;

/**
 * Indices 0 … n−1 ordered by `address` (ascending), then by `tie` for equal addresses, then by index: a
 * numeric sort of packed keys, which leaves no garbage behind (a sort with a comparator copies into a work array
 * on the JavaScript heap), and a comparator only inside runs of equal addresses.
 */
function byAddress(address: Uint32Array, n: number, tie: (a: number, b: number) => number): Uint32Array {
  const order = new Uint32Array(n);
  if (n >= 1 << 21) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => address[a]! - address[b]! || tie(a, b) || a - b);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = address[i]! * (1 << 21) + i;
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = keys[i]! % (1 << 21);
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

/** Symbol `i`'s name (its bytes as characters). */
export function symbolName(symbols: ListingSymbols, i: number): string {
  return byteString(symbols.strtab, symbols.nameStart[i]!, symbols.nameEnd[i]!);
}

const NONE: ListingSymbols = {
  count: 0,
  order: new Uint32Array(0),
  address: new Uint32Array(0),
  size: new Uint32Array(0),
  type: new Uint8Array(0),
  binding: new Uint8Array(0),
  thumb: new Uint8Array(0),
  nameStart: new Uint32Array(0),
  nameEnd: new Uint32Array(0),
  strtab: new Uint8Array(0),
  mappingAddresses: new Uint32Array(0),
  mappingStates: new Uint8Array(0),
};

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
  const strtab = elf.source.read(strtabHeader.offset, strtabHeader.size);
  // Arrays for every entry (the named ones fill the first `named`, the mapping ones the first `mappings`: the
  // pages past those are never touched), and the table read 4,096 entries at a time.
  const address = new Uint32Array(count);
  const size = new Uint32Array(count);
  const type = new Uint8Array(count);
  const binding = new Uint8Array(count);
  const thumb = new Uint8Array(count);
  const nameStart = new Uint32Array(count);
  const nameEnd = new Uint32Array(count);
  const mappingAt = new Uint32Array(count);
  const mappingState = new Uint8Array(count);
  let named = 0;
  let mappings = 0;
  const piece = new Uint8Array(Math.min(count, 4096) * 16);
  const view = new DataView(piece.buffer);
  for (let first = 0; first < count; first += 4096) {
    const entries = Math.min(4096, count - first);
    if (elf.source.readInto(symtab.offset + first * 16, piece.subarray(0, entries * 16)) !== entries * 16) {
      throw new ElfError('bad-symbol-table', '.symtab extends past the end of the file');
    }
    for (let e = first === 0 ? 1 : 0; e < entries; e++) {
      const o = e * 16;
      const from = view.getUint32(o, true);
      if (from >= strtab.length) throw new ElfError('bad-symbol-table', `symbol ${first + e} name outside .strtab`);
      // indexOf: a loop in JavaScript runs cold here (once per symbol, before V8 optimises it), 6x slower.
      let end = strtab.indexOf(0, from);
      if (end < 0) end = strtab.length;
      const value = view.getUint32(o + 4, true);
      const info = piece[o + 12]!;
      if (strtab[from] === 0x24 /* $ */ && end > from + 1 && (end === from + 2 || strtab[from + 2] === 0x2e)) {
        const c = strtab[from + 1];
        const state = c === 0x61 ? 0 : c === 0x74 ? 1 : c === 0x64 ? 2 : -1;
        if (state >= 0) {
          mappingAt[mappings] = value;
          mappingState[mappings] = state;
          mappings++;
          continue;
        }
      }
      const t = info & 0xf;
      if (end === from || t === STT_SECTION || t === STT_FILE) continue;
      // A function's st_value bit 0 says Thumb; the function starts at the even address (STT_FUNC, STT_GNU_IFUNC).
      const isThumb = (t === 2 || t === 10) && (value & 1) !== 0;
      address[named] = isThumb ? value - 1 : value;
      size[named] = view.getUint32(o + 8, true);
      type[named] = t;
      binding[named] = info >>> 4;
      thumb[named] = isThumb ? 1 : 0;
      nameStart[named] = from;
      nameEnd[named] = end;
      named++;
    }
  }
  const order = byAddress(address, named, (a, b) => size[b]! - size[a]!);
  const mappingOrder = byAddress(mappingAt, mappings, () => 0);
  return {
    count: named,
    order,
    address,
    size,
    type,
    binding,
    thumb,
    nameStart,
    nameEnd,
    strtab,
    mappingAddresses: pick(mappingOrder, mappingAt, new Uint32Array(mappings)),
    mappingStates: pick(mappingOrder, mappingState, new Uint8Array(mappings)),
  };
}
