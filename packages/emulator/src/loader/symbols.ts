import { ElfError, type ElfFile, SHT_STRTAB, SHT_SYMTAB } from './elf.js';

export interface ElfSymbol {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  /** STT_*: 0 NOTYPE, 1 OBJECT, 2 FUNC, 3 SECTION, 4 FILE. */
  readonly type: number;
  /** STB_*: 0 LOCAL, 1 GLOBAL, 2 WEAK. */
  readonly binding: number;
}

/** What a mapping symbol says about the bytes from its address on (ARM ELF ABI 4.5.5). */
export type MappingState = 'arm' | 'thumb' | 'data';

/** `symbol+offset` answer of `SymbolTable.lookup`. */
export interface SymbolLocation {
  readonly symbol: ElfSymbol;
  readonly offset: number;
}

/**
 * The program's symbols (.symtab / .strtab): address → nearest preceding function or object symbol with
 * offset, name → address, and the mapping symbols ($a, $t, $d) that say whether an address holds ARM code,
 * Thumb code or data.
 */
export class SymbolTable {
  /** Named (non-mapping, non-section, non-file) symbols sorted by address. */
  readonly symbols: readonly ElfSymbol[];
  private readonly byName = new Map<string, ElfSymbol>();
  private readonly mapping: { address: number; state: MappingState }[];

  constructor(symbols: readonly ElfSymbol[]) {
    const named: ElfSymbol[] = [];
    const mapping: { address: number; state: MappingState }[] = [];
    for (const s of symbols) {
      const m = /^\$([atd])(\..*)?$/.exec(s.name);
      if (m) {
        mapping.push({ address: s.address, state: m[1] === 'a' ? 'arm' : m[1] === 't' ? 'thumb' : 'data' });
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
    this.mapping = mapping;
  }

  /** Address of a symbol by name (Thumb functions keep bit 0 as in the file), or undefined. */
  address(name: string): number | undefined {
    return this.byName.get(name)?.address;
  }

  /** The symbol whose range contains `address` (or the nearest one before it), with the offset. */
  lookup(address: number): SymbolLocation | null {
    address >>>= 0;
    let lo = 0;
    let hi = this.symbols.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.symbols[mid]!.address & ~1) >>> 0 <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return null;
    // Prefer a symbol that actually covers the address among those at the same start.
    const symbol = this.symbols[found]!;
    return { symbol, offset: address - ((symbol.address & ~1) >>> 0) };
  }

  /** `name+0xoff` (or `name`), or null when no symbol precedes the address. */
  format(address: number): string | null {
    const at = this.lookup(address);
    if (at === null) return null;
    return at.offset === 0 ? at.symbol.name : `${at.symbol.name}+0x${at.offset.toString(16)}`;
  }

  /** ARM code, Thumb code or data at `address`, per the closest preceding mapping symbol (null: none). */
  mappingAt(address: number): MappingState | null {
    let state: MappingState | null = null;
    for (const m of this.mapping) {
      if (m.address > address >>> 0) break;
      state = m.state;
    }
    return state;
  }

  /** Resolves `symbol`, `symbol+off` or a number / hex string to an address. */
  resolve(spec: string | number): number | undefined {
    if (typeof spec === 'number') return spec >>> 0;
    const m = /^([^+]+?)(?:\+(0x[0-9a-f]+|\d+))?$/i.exec(spec.trim());
    if (!m) return undefined;
    const base = /^0x[0-9a-f]+$/i.test(m[1]!) ? Number.parseInt(m[1]!, 16) : this.address(m[1]!);
    if (base === undefined) return undefined;
    return (base + (m[2] ? Number(m[2]) : 0)) >>> 0;
  }
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
    });
  }
  return new SymbolTable(symbols);
}
