import { ElfError, type ElfFile, SHF_ALLOC, SHT_STRTAB, SHT_SYMTAB } from './elf.js';

export interface ElfSymbol {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  /** STT_*: 0 NOTYPE, 1 OBJECT, 2 FUNC, 3 SECTION, 4 FILE. */
  readonly type: number;
  /** STB_*: 0 LOCAL, 1 GLOBAL, 2 WEAK. */
  readonly binding: number;
  /** st_shndx: the index of the section the symbol is defined in (0: undefined, 0xfff1: absolute). */
  readonly section: number;
}

/** What a mapping symbol says about the bytes from its address on (ARM ELF ABI 4.5.5). */
export type MappingState = 'arm' | 'thumb' | 'data';

/** A `$a`, `$t` or `$d` symbol: the state of its section's bytes from `address` to the next one. */
export interface MappingSymbol {
  readonly address: number;
  readonly state: MappingState;
  /** st_shndx of the section it belongs to. */
  readonly section: number;
}

/** Where an allocated section lies, for bounding the symbols defined in it. */
export interface SymbolSection {
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

/** `symbol+offset` answer of `SymbolTable.lookup`. */
export interface SymbolLocation {
  readonly symbol: ElfSymbol;
  readonly offset: number;
}

/**
 * The program's symbols (.symtab / .strtab): address → the function or object symbol that contains it, with
 * the offset; name → address; and the mapping symbols ($a, $t, $d) that say whether an address holds ARM
 * code, Thumb code or data.
 *
 * A symbol contains an address only within its extent: `st_size` bytes from its address for a sized symbol;
 * for a symbol without a size (an assembler label such as `_start`), up to the next symbol's address, and
 * never past the end of its section. An address beyond every extent (the bytes after the last function, a
 * string table in .rodata) has no symbol.
 */
export class SymbolTable {
  /** Named (non-mapping, non-section, non-file) symbols sorted by address. */
  readonly symbols: readonly ElfSymbol[];
  /** The mapping symbols, sorted by address. */
  readonly mappingSymbols: readonly MappingSymbol[];
  private readonly byName = new Map<string, ElfSymbol>();
  /** Per index in `symbols`: the highest end of any sized symbol at or before it (bounds the backward scan). */
  private readonly reach: Float64Array;
  private readonly sectionEnd = new Map<number, number>();

  constructor(symbols: readonly ElfSymbol[], sections: readonly SymbolSection[] = []) {
    const named: ElfSymbol[] = [];
    const mapping: MappingSymbol[] = [];
    for (const s of symbols) {
      const m = /^\$([atd])(\..*)?$/.exec(s.name);
      if (m) {
        mapping.push({
          address: s.address,
          state: m[1] === 'a' ? 'arm' : m[1] === 't' ? 'thumb' : 'data',
          section: s.section,
        });
        continue;
      }
      if (s.name === '' || s.type === 3 || s.type === 4) continue;
      named.push(s);
      const existing = this.byName.get(s.name);
      if (existing === undefined || (existing.binding === 0 && s.binding !== 0)) this.byName.set(s.name, s);
    }
    named.sort((a, b) => a.address - b.address || b.size - a.size);
    mapping.sort((a, b) => a.address - b.address);
    this.symbols = named;
    this.mappingSymbols = mapping;
    for (const section of sections) this.sectionEnd.set(section.index, section.end);
    this.reach = new Float64Array(named.length);
    let reach = 0;
    named.forEach((s, i) => {
      if (s.size > 0) reach = Math.max(reach, start(s) + s.size);
      this.reach[i] = reach;
    });
  }

  /** Address of a symbol by name (Thumb functions keep bit 0 as in the file), or undefined. */
  address(name: string): number | undefined {
    return this.byName.get(name)?.address;
  }

  /** The symbol of that name (the global one when a local shares the name), or undefined. */
  symbol(name: string): ElfSymbol | undefined {
    return this.byName.get(name);
  }

  /**
   * The addresses a symbol covers, [start, end) with bit 0 (Thumb) cleared: `st_size` bytes, or for a symbol
   * without a size up to the next symbol (at most to the end of its section, and at least its own address).
   */
  extent(symbol: ElfSymbol): { start: number; end: number } {
    const from = start(symbol);
    if (symbol.size > 0) return { start: from, end: from + symbol.size };
    let end = this.sectionEnd.get(symbol.section) ?? Number.POSITIVE_INFINITY;
    // The next symbol with a higher address ends an unsized one.
    let lo = 0;
    let hi = this.symbols.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (start(this.symbols[mid]!) <= from) lo = mid + 1;
      else hi = mid;
    }
    const next = this.symbols[lo];
    if (next !== undefined) end = Math.min(end, start(next));
    return { start: from, end: Number.isFinite(end) ? Math.max(end, from + 1) : from + 1 };
  }

  /**
   * The symbol whose extent contains `address`, with the offset; among several, the one starting closest
   * below it. Null when no symbol contains the address.
   */
  lookup(address: number): SymbolLocation | null {
    address >>>= 0;
    let lo = 0;
    let hi = this.symbols.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (start(this.symbols[mid]!) <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return null;
    const nearest = start(this.symbols[found]!);
    for (let i = found; i >= 0; i--) {
      const symbol = this.symbols[i]!;
      const from = start(symbol);
      // Past the nearest start only sized symbols can still contain the address.
      if (from < nearest && this.reach[i]! <= address) break;
      if (symbol.size === 0 && from !== nearest) continue;
      const { end } = this.extent(symbol);
      if (address < end) return { symbol, offset: address - from };
    }
    return null;
  }

  /** `name+0xoff` (or `name`), or null when no symbol contains the address. */
  format(address: number): string | null {
    const at = this.lookup(address);
    if (at === null) return null;
    return at.offset === 0 ? at.symbol.name : `${at.symbol.name}+0x${at.offset.toString(16)}`;
  }

  /**
   * ARM code, Thumb code or data at `address`, per the closest preceding mapping symbol of any section (null:
   * none). This is how objdump reads them; what may hold instructions is `CodeMap`'s answer, which also
   * honours section boundaries and section flags.
   */
  mappingAt(address: number): MappingState | null {
    let state: MappingState | null = null;
    for (const m of this.mappingSymbols) {
      if (m.address > address >>> 0) break;
      state = m.state;
    }
    return state;
  }

  /**
   * Resolves `symbol`, `symbol+off` or a number / hex string to an address; undefined for an unknown symbol
   * or an offset past the symbol's extent.
   */
  resolve(spec: string | number): number | undefined {
    if (typeof spec === 'number') return spec >>> 0;
    const m = /^([^+]+?)(?:\+(0x[0-9a-f]+|\d+))?$/i.exec(spec.trim());
    if (!m) return undefined;
    const offset = m[2] ? Number(m[2]) : 0;
    if (/^0x[0-9a-f]+$/i.test(m[1]!)) return (Number.parseInt(m[1]!, 16) + offset) >>> 0;
    const symbol = this.byName.get(m[1]!);
    if (symbol === undefined) return undefined;
    const { start: from, end } = this.extent(symbol);
    if (offset > 0 && from + offset >= end) return undefined;
    return (symbol.address + offset) >>> 0;
  }
}

/** A symbol's first byte (bit 0 of a Thumb function's address cleared). */
function start(symbol: ElfSymbol): number {
  return (symbol.address & ~1) >>> 0;
}

/** Reads .symtab (and its linked string table). A stripped file gives an empty table. */
export function readSymbols(elf: ElfFile): SymbolTable {
  const symtab = elf.sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab === undefined) return new SymbolTable([]);
  const strtab = elf.sections[symtab.link];
  if (strtab === undefined || strtab.type !== SHT_STRTAB) {
    throw new ElfError('bad-symbol-table', '.symtab does not link to a string table');
  }
  if (symtab.entsize !== 16 && symtab.entsize !== 0) {
    throw new ElfError('bad-symbol-table', `symbol size ${symtab.entsize}, expected 16`);
  }
  const { bytes } = elf;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = Math.floor(symtab.size / 16);
  const symbols: ElfSymbol[] = [];
  for (let i = 1; i < count; i++) {
    const o = symtab.offset + i * 16;
    const nameOffset = view.getUint32(o, true);
    if (nameOffset >= strtab.size) throw new ElfError('bad-symbol-table', `symbol ${i} name outside .strtab`);
    let end = strtab.offset + nameOffset;
    const limit = strtab.offset + strtab.size;
    let name = '';
    while (end < limit && bytes[end] !== 0) name += String.fromCharCode(bytes[end++]!);
    const info = bytes[o + 12]!;
    symbols.push({
      name,
      address: view.getUint32(o + 4, true),
      size: view.getUint32(o + 8, true),
      type: info & 0xf,
      binding: info >>> 4,
      section: view.getUint16(o + 14, true),
    });
  }
  const sections: SymbolSection[] = [];
  elf.sections.forEach((s, index) => {
    if ((s.flags & SHF_ALLOC) !== 0 && s.size > 0) sections.push({ index, start: s.addr, end: s.addr + s.size });
  });
  return new SymbolTable(symbols, sections);
}
