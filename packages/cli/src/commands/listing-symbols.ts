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
  /** The mapping symbols' addresses, ascending, and the state each starts. */
  readonly mappingAddresses: Uint32Array;
  readonly mappingStates: readonly MappingState[];
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
  mappingStates: [],
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
  // Arrays for every entry (the named ones fill the first `named`), and the table read 4,096 entries at a time.
  const address = new Uint32Array(count);
  const size = new Uint32Array(count);
  const type = new Uint8Array(count);
  const binding = new Uint8Array(count);
  const thumb = new Uint8Array(count);
  const nameStart = new Uint32Array(count);
  const nameEnd = new Uint32Array(count);
  let named = 0;
  const mappingAt: number[] = [];
  const mappingState: MappingState[] = [];
  const piece = new Uint8Array(Math.min(count, 4096) * 16);
  const view = new DataView(piece.buffer);
  for (let first = 0; first < count; first += 4096) {
    const entries = Math.min(4096, count - first);
    if (elf.source.readInto(symtab.offset + first * 16, piece.subarray(0, entries * 16)) !== entries * 16) {
      throw new ElfError('bad-symbol-table', '.symtab extends past the end of the file');
    }
    for (let e = first === 0 ? 1 : 0; e < entries; e++) {
      const i = first + e;
      const o = e * 16;
      const from = view.getUint32(o, true);
      if (from >= strtab.length) throw new ElfError('bad-symbol-table', `symbol ${i} name outside .strtab`);
      let end = from;
      while (end < strtab.length && strtab[end] !== 0) end++;
      const value = view.getUint32(o + 4, true);
      const info = piece[o + 12]!;
      if (strtab[from] === 0x24 /* $ */ && end > from + 1 && (end === from + 2 || strtab[from + 2] === 0x2e)) {
        const c = strtab[from + 1];
        const state: MappingState | null = c === 0x61 ? 'arm' : c === 0x74 ? 'thumb' : c === 0x64 ? 'data' : null;
        if (state !== null) {
          mappingAt.push(value);
          mappingState.push(state);
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
  const order = new Uint32Array(named);
  for (let i = 0; i < named; i++) order[i] = i;
  order.sort((a, b) => address[a]! - address[b]! || size[b]! - size[a]! || a - b);
  const mappingOrder = mappingAt.map((_, i) => i).sort((a, b) => mappingAt[a]! - mappingAt[b]! || a - b);
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
    mappingAddresses: Uint32Array.from(mappingOrder, (i) => mappingAt[i]!),
    mappingStates: mappingOrder.map((i) => mappingState[i]!),
  };
}
