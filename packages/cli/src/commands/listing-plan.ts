/*
 * What a listing knows before it lists: the allocated sections, and the symbols as objdump spells addresses
 * with them (the Symbolizer), the mapping symbols and the range asked for (listingPlan).
 */
import type { MappingState } from '@armprobe/emulator';
import { CommandError } from '../errors.js';
import { byteString, type ListingElf } from './listing-file.js';
import type { ListingOutput } from './listing-output.js';
import type { StringTable } from './listing-strings.js';
import {
  type ListingSymbols,
  readListingSymbols,
  SYMBOL_FUNCTION,
  SYMBOL_GLOBAL,
  SYMBOL_THUMB,
  SYMBOL_TYPED,
  SYMBOL_WEAK,
  symbolName,
} from './listing-symbols.js';

const SHF_ALLOC = 0x2;
const SHF_EXECINSTR = 0x4;
const SHT_NOBITS = 8;

/** An allocated section with contents, as the listing walks it. */
export interface ListingSection {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  readonly offset: number;
  readonly executable: boolean;
}

function sectionsOf(elf: ListingElf): ListingSection[] {
  const names = elf.sections[elf.shstrndx];
  const nameBytes = names === undefined ? null : elf.source.read(names.offset, names.size);
  const nameOf = (at: number) => {
    if (nameBytes === null) return '?';
    let end = at;
    while (end < nameBytes.length && nameBytes[end] !== 0) end++;
    return byteString(nameBytes, at, end);
  };
  return elf.sections
    .filter((s) => (s.flags & SHF_ALLOC) !== 0 && s.type !== SHT_NOBITS && s.size > 0)
    .map((s) => ({
      name: nameOf(s.name),
      address: s.addr >>> 0,
      size: s.size >>> 0,
      offset: s.offset >>> 0,
      executable: (s.flags & SHF_EXECINSTR) !== 0,
    }));
}

/**
 * objdump's choice among several symbols at one address (its symbol sort order): a function or object before
 * an untyped label, a global before a weak one before a local one, a larger st_size before a smaller one
 * (`__udivsi3` before its alias `__aeabi_uidiv` of size 0), a name not starting with `.` before one that
 * does, then the name that sorts first (`__aeabi_uidiv` before `__aeabi_uidivmod`).
 */
function preferred(symbols: ListingSymbols, a: number, b: number): number {
  const rank = (s: number) => {
    const f = symbols.flags[s]!;
    return ((f & SYMBOL_TYPED) !== 0 ? 8 : 0) + ((f & SYMBOL_GLOBAL) !== 0 ? 4 : (f & SYMBOL_WEAK) !== 0 ? 2 : 0);
  };
  if (rank(a) !== rank(b)) return rank(b) > rank(a) ? b : a;
  if (symbols.size[a] !== symbols.size[b]) return symbols.size[b]! > symbols.size[a]! ? b : a;
  const { strtab, nameStart } = symbols;
  const aDot = strtab.byte(nameStart[a]!) === 0x2e;
  if (aDot !== (strtab.byte(nameStart[b]!) === 0x2e)) return aDot ? b : a;
  return symbolName(symbols, b) < symbolName(symbols, a) ? b : a;
}

/**
 * Per section: the (address, name start) pairs of the symbols in it, ascending by address — one pair per
 * address, the symbol objdump names there — as a view of the Symbolizer's pairs.
 */
export interface SectionSymbols {
  readonly section: ListingSection;
  /** pairs[2i] is an address, pairs[2i + 1] where its symbol's name starts in the string table. */
  readonly pairs: Uint32Array;
}

/** The largest i whose address pairs[2i] is at or below `value`, or -1 (pairs ascending by address). */
export function pairAtOrBelow(pairs: Uint32Array, value: number): number {
  let lo = 0;
  let hi = (pairs.length >>> 1) - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pairs[2 * mid]! <= value) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * objdump's spelling of addresses in a listing: `1002c <lit>`, `10030 <lit+0x4>`, `20000 <*ABS*0x20000>`. It
 * keeps the symbols' addresses and where their names start in the string table, 8 bytes an address, written
 * over the bytes of the symbol table's `order` (which it consumes): the other arrays of the symbol table are
 * left behind once it is built.
 */
export class Symbolizer {
  readonly perSection: readonly SectionSymbols[];
  readonly strtab: StringTable;
  /** What `locate` found: 0 no section, 1 symbol `symbol` at `base`, 2 the section `section` itself. */
  private kind = 0;
  private base = 0;
  /** Where the name of the symbol found starts in the string table. */
  private symbol = 0;
  private section: ListingSection | null = null;

  constructor(symbols: ListingSymbols, sections: readonly ListingSection[]) {
    this.strtab = symbols.strtab;
    const { order, address, nameStart, count } = symbols;
    // One pair per address, objdump's choice among the symbols there, written from the start of the buffer
    // whose second half `order` is: pair n (bytes 8n … 8n + 7, n <= k) ends before order[k + 1] (4·count + 4k + 4).
    if (order.byteOffset !== 4 * count || order.buffer.byteLength !== 8 * count) {
      throw new Error('Symbolizer: symbols.order is not the second half of its buffer');
    }
    const pairs = new Uint32Array(order.buffer, 0, 2 * count);
    let n = 0;
    for (let k = 0; k < count; ) {
      const a = address[order[k]!]!;
      let chosen = order[k]!;
      for (k++; k < count && address[order[k]!] === a; k++) chosen = preferred(symbols, chosen, order[k]!);
      pairs[2 * n] = a;
      pairs[2 * n + 1] = nameStart[chosen]!;
      n++;
    }
    const all = pairs.subarray(0, 2 * n);
    this.perSection = sections.map((section) => {
      const from = pairAtOrBelow(all, section.address - 1) + 1;
      const to = pairAtOrBelow(all, section.address + section.size - 1) + 1;
      return { section, pairs: all.subarray(2 * from, 2 * to) };
    });
  }

  /** Finds what objdump names `address` after (see `kind`). */
  private locate(a: number): void {
    let p: SectionSymbols | undefined;
    for (const x of this.perSection) {
      if (a >= x.section.address && a < x.section.address + x.section.size) {
        p = x;
        break;
      }
    }
    if (p === undefined) {
      this.kind = 0;
      return;
    }
    const best = pairAtOrBelow(p.pairs, a);
    if (best >= 0) {
      this.kind = 1;
      this.base = p.pairs[2 * best]!;
      this.symbol = p.pairs[2 * best + 1]!;
      return;
    }
    // No symbol at or below in this section: objdump takes the closest symbol below in an earlier section of
    // an executable (a PLT stub after .init reads `<_init+0xc>`), and the section's name only if there is none.
    let found = -1;
    for (const q of this.perSection) {
      const i = pairAtOrBelow(q.pairs, a - 1);
      if (i >= 0 && (found < 0 || q.pairs[2 * i]! > this.base)) {
        found = i;
        this.base = q.pairs[2 * i]!;
        this.symbol = q.pairs[2 * i + 1]!;
      }
    }
    if (found >= 0) this.kind = 1;
    else {
      this.kind = 2;
      this.section = p.section;
      this.base = p.section.address;
    }
  }

  /** The spelling as a string (for the disassembler's `formatAddress`). */
  formatAddress = (address: number): string => {
    const a = address >>> 0;
    const hex = a.toString(16);
    this.locate(a);
    if (this.kind === 0) return `${hex} <*ABS*0x${hex}>`;
    const name = this.kind === 1 ? this.strtab.name(this.symbol) : this.section!.name;
    return a === this.base ? `${hex} <${name}>` : `${hex} <${name}+0x${(a - this.base).toString(16)}>`;
  };

  /** The spelling written as bytes, names copied from the string table. */
  spell = (out: ListingOutput, address: number): void => {
    const a = address >>> 0;
    this.locate(a);
    if (this.kind !== 1) {
      out.text(this.formatAddress(a));
      return;
    }
    const strtab = this.strtab;
    strtab.load(this.symbol);
    const from = strtab.at;
    const to = strtab.end;
    if (to - from > 256) {
      out.text(this.formatAddress(a));
      return;
    }
    out.reserve(32 + (to - from));
    out.hex(a);
    const buffer = out.buffer;
    buffer[out.length++] = 0x20; // ' '
    buffer[out.length++] = 0x3c; // '<'
    out.copy(strtab.bytes, from, to - from);
    if (a !== this.base) {
      buffer[out.length++] = 0x2b; // '+'
      buffer[out.length++] = 0x30; // '0'
      buffer[out.length++] = 0x78; // 'x'
      out.hex(a - this.base);
    }
    buffer[out.length++] = 0x3e; // '>'
  };
}

export interface ListingOptions {
  /** Only the function (or label) with this name. */
  readonly symbol?: string;
  /** The size of the chunks handed to `write` (writeElfListing); default 64 KiB. */
  readonly chunkBytes?: number;
  /**
   * How many bytes of a section are read at a time when the file is read in pieces (at least 4 KiB; default
   * 64 KiB). A file given as bytes is read in place.
   */
  readonly windowBytes?: number;
}

/** What a listing needs of the ELF's sections and symbols (see listingPlan). */
export interface ListingPlan {
  readonly sections: readonly ListingSection[];
  readonly symbolizer: Symbolizer;
  /** The part listed: the function or label asked for, or null for everything. */
  readonly range: { readonly from: number; readonly to: number } | null;
  /** Mapping symbols of every section, by address: the state at an address is the closest one at or below it. */
  readonly mappingAddresses: Uint32Array;
  readonly mappingStates: Uint8Array;
  /** The state of code before any mapping symbol. */
  readonly unmappedState: (address: number) => MappingState;
}

/**
 * Reads the sections and symbols and keeps what the listing uses: the symbol table's arrays are not kept past
 * this call (only the string table, the mapping symbols and the symbolizer's per-section arrays are).
 */
export function listingPlan(elf: ListingElf, fileName: string, options: ListingOptions): ListingPlan {
  const symbols = readListingSymbols(elf);
  const sections = sectionsOf(elf);
  let range: { from: number; to: number } | null = null;
  if (options.symbol !== undefined) {
    let sym = -1;
    const { order } = symbols;
    for (let k = 0; k < symbols.count && sym < 0; k++) {
      if (symbolName(symbols, order[k]!) === options.symbol) sym = order[k]!;
    }
    if (sym < 0) throw new CommandError(`no symbol "${options.symbol}" in ${fileName}`, 2);
    const at = symbols.address[sym]!;
    let next = -1;
    for (let k = 0; k < symbols.count && next < 0; k++) if (symbols.address[order[k]!]! > at) next = order[k]!;
    const to = symbols.size[sym]! > 0 ? at + symbols.size[sym]! : next >= 0 ? symbols.address[next]! : at + 4;
    range = { from: at & ~1, to };
  }
  const { mappingAddresses, mappingStates } = symbols;
  // Before any mapping symbol: data when the file has mapping symbols (objdump assumes an omitted leading
  // $d); in a file without any, the state of the closest function symbol at or below (ARM if none).
  if (mappingAddresses.length > 0) {
    const symbolizer = new Symbolizer(symbols, sections);
    return { sections, symbolizer, range, mappingAddresses, mappingStates, unmappedState: () => 'data' };
  }
  const functions: number[] = [];
  for (let k = 0; k < symbols.count; k++) {
    const f = symbols.order[k]!;
    const flags = symbols.flags[f]!;
    if ((flags & SYMBOL_FUNCTION) !== 0) functions.push(symbols.address[f]!, flags & SYMBOL_THUMB);
  }
  const unmappedState = (address: number): MappingState => {
    let state: MappingState = 'arm';
    for (let k = 0; k < functions.length && functions[k]! <= address; k += 2) {
      state = functions[k + 1] !== 0 ? 'thumb' : 'arm';
    }
    return state;
  };
  // Last: it takes over the bytes of symbols.order.
  const symbolizer = new Symbolizer(symbols, sections);
  return { sections, symbolizer, range, mappingAddresses, mappingStates, unmappedState };
}
