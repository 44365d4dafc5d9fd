import { ElfError, type ElfFile, type MappingState } from '@armprobe/emulator';

const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const STT_SECTION = 3;
const STT_FILE = 4;

/** A named symbol as the listing needs it. */
export interface ListingSymbol {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  /** STT_*: 0 NOTYPE, 1 OBJECT, 2 FUNC. */
  readonly type: number;
  /** STB_*: 0 LOCAL, 1 GLOBAL, 2 WEAK. */
  readonly binding: number;
  /** A Thumb function: its st_value had bit 0 set, which `address` no longer has (as objdump reads it). */
  readonly thumb: boolean;
}

export interface ListingSymbols {
  /** Named symbols (not mapping, section or file symbols), by address, larger first at one address. */
  readonly symbols: readonly ListingSymbol[];
  /** The mapping symbols' addresses, ascending, and the state each starts. */
  readonly mappingAddresses: readonly number[];
  readonly mappingStates: readonly MappingState[];
}

const MAPPING = /^\$([atd])(\..*)?$/;

/**
 * The symbols of .symtab for a listing, read as the emulator's loader reads them (same checks, same
 * filtering), with each name read at once from its bytes: a large program has tens of thousands of
 * symbols, and names built a character at a time stay trees of one-character pieces in memory.
 */
export function readListingSymbols(elf: ElfFile): ListingSymbols {
  const symtab = elf.sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab === undefined) return { symbols: [], mappingAddresses: [], mappingStates: [] };
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
  const limit = strtab.offset + strtab.size;
  const named: ListingSymbol[] = [];
  const mapping: { address: number; state: MappingState }[] = [];
  for (let i = 1; i < count; i++) {
    const o = symtab.offset + i * 16;
    const nameOffset = view.getUint32(o, true);
    if (nameOffset >= strtab.size) throw new ElfError('bad-symbol-table', `symbol ${i} name outside .strtab`);
    const from = strtab.offset + nameOffset;
    let end = from;
    while (end < limit && bytes[end] !== 0) end++;
    const name = String.fromCharCode(...bytes.subarray(from, end));
    const address = view.getUint32(o + 4, true);
    const info = bytes[o + 12]!;
    if (name.charCodeAt(0) === 0x24 /* $ */) {
      const m = MAPPING.exec(name);
      if (m !== null) {
        mapping.push({ address, state: m[1] === 'a' ? 'arm' : m[1] === 't' ? 'thumb' : 'data' });
        continue;
      }
    }
    const type = info & 0xf;
    if (name === '' || type === STT_SECTION || type === STT_FILE) continue;
    // A function's st_value bit 0 says Thumb; the function starts at the even address (STT_FUNC, STT_GNU_IFUNC).
    const thumb = (type === 2 || type === 10) && (address & 1) !== 0;
    named.push({
      name,
      address: thumb ? address - 1 : address,
      size: view.getUint32(o + 8, true),
      type,
      binding: info >>> 4,
      thumb,
    });
  }
  named.sort((a, b) => a.address - b.address || b.size - a.size);
  mapping.sort((a, b) => a.address - b.address);
  return {
    symbols: named,
    mappingAddresses: mapping.map((m) => m.address >>> 0),
    mappingStates: mapping.map((m) => m.state),
  };
}
