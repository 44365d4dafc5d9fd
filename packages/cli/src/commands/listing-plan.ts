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

/** Per section: its symbols' addresses (ascending) and the name objdump prints at each. */
interface SectionSymbols {
  readonly section: ListingSection;
  readonly addresses: Uint32Array;
  /** Where the name of the symbol objdump names at each address starts in the string table. */
  readonly names: Uint32Array;
}

/** The largest index of a sorted array whose element is at or below `value`, or -1. */
export function atOrBelow(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * objdump's spelling of addresses in a listing: `1002c <lit>`, `10030 <lit+0x4>`, `20000 <*ABS*0x20000>`. It
 * keeps, per section, the addresses of its symbols and where their names start in the string table (8 bytes a
 * symbol): the symbol table's arrays are left behind once it is built.
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
    this.perSection = sections.map((section) => {
      // The symbols are in address order: the first pass counts the addresses in the section, the second keeps
      // objdump's choice at each.
      const inSection = (s: number) =>
        symbols.address[s]! >= section.address && symbols.address[s]! < section.address + section.size;
      let unique = 0;
      let last = -1;
      for (let k = 0; k < symbols.count; k++) {
        const s = symbols.order[k]!;
        if (!inSection(s) || symbols.address[s] === last) continue;
        last = symbols.address[s]!;
        unique++;
      }
      const addresses = new Uint32Array(unique);
      const chosen = new Uint32Array(unique);
      let n = 0;
      for (let k = 0; k < symbols.count; k++) {
        const s = symbols.order[k]!;
        if (!inSection(s)) continue;
        const a = symbols.address[s]!;
        if (n > 0 && addresses[n - 1] === a) chosen[n - 1] = preferred(symbols, chosen[n - 1]!, s);
        else {
          addresses[n] = a;
          chosen[n] = s;
          n++;
        }
      }
      for (let i = 0; i < n; i++) chosen[i] = symbols.nameStart[chosen[i]!]!;
      return { section, addresses, names: chosen };
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
    const best = atOrBelow(p.addresses, a);
    if (best >= 0) {
      this.kind = 1;
      this.base = p.addresses[best]!;
      this.symbol = p.names[best]!;
      return;
    }
    // No symbol at or below in this section: objdump takes the closest symbol below in an earlier section of
    // an executable (a PLT stub after .init reads `<_init+0xc>`), and the section's name only if there is none.
    let found = -1;
    for (const q of this.perSection) {
      const i = atOrBelow(q.addresses, a - 1);
      if (i >= 0 && (found < 0 || q.addresses[i]! > this.base)) {
        found = i;
        this.base = q.addresses[i]!;
        this.symbol = q.names[i]!;
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
  const symbolizer = new Symbolizer(symbols, sections);
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
  return { sections, symbolizer, range, mappingAddresses, mappingStates, unmappedState };
}
