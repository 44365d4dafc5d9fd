/*
 * A listing's symbols, read from .symtab a piece at a time and sorted by address — in memory for most programs,
 * through a scratch store for one with many symbols — into what the listing looks up: a label per address (the
 * symbol objdump names there), the mapping symbols, and the range of a symbol asked for.
 */
import { ElfError, type MappingState } from '@armprobe/emulator';
import type { PltSymbols } from './listing-dynamic.js';
import {
  type ListingElf,
  SHN_COMMON,
  SHN_UNDEF,
  SHT_DYNSYM,
  SHT_STRTAB,
  SHT_SYMTAB,
  STT_FILE,
  STT_SECTION,
} from './listing-file.js';
import { PairTable, PairTableWriter } from './listing-index.js';
import type { ScratchStore } from './listing-scratch.js';
import { RecordSorter, type SortLimits } from './listing-sort.js';
import { StringTable } from './listing-strings.js';

/** A Thumb function: its st_value had bit 0 set (cleared in `address`, as objdump reads it). */
export const SYMBOL_THUMB = 1;
/** STT_FUNC or STT_GNU_IFUNC. */
export const SYMBOL_FUNCTION = 2;
/** STT_FUNC (not STT_GNU_IFUNC): objdump's BSF_FUNCTION, first among the symbols at one address. */
export const SYMBOL_FUNC = 4;
/** STB_GLOBAL. */
export const SYMBOL_GLOBAL = 8;
/** STT_OBJECT: objdump's BSF_OBJECT, next. */
export const SYMBOL_OBJECT = 16;
/** STB_LOCAL: after the global, weak and unique ones. */
export const SYMBOL_LOCAL = 64;
/** A section symbol (of a `.plt…` or `.got…` section, the ones objdump keeps): after the other symbols. */
export const SYMBOL_SECTION = 128;
/** A `.dynsym` name printed with its version, `@@VERSION` (the default one) or `@VERSION` after the name. */
const SYMBOL_VERSIONED = 256;
const SYMBOL_DEFAULT_VERSION = 512;
/** Not in a section the listing reads (absolute, .bss, ...): spells addresses but is no label. */
export const SYMBOL_ELSEWHERE = 32;

/** The states of mapping symbols, by the number the mapping table holds. */
export const MAPPING_STATES: readonly MappingState[] = ['arm', 'thumb', 'data'];
export const THUMB_STATE = 1;

/** Not a symbol objdump looks at: no name, a section or file symbol, undefined or common. */
const KIND_SKIP = 0;
/** A named symbol in a section the listing lists (allocated, with contents): a label, and spells addresses. */
const KIND_LABEL = 1;
/**
 * A named symbol elsewhere (absolute, in .bss, in a section not listed, or at the end of its section, where the
 * next section starts: objdump labels a section with its own symbols only): it only spells addresses.
 */
const KIND_ELSEWHERE = 2;
/** A mapping symbol: KIND_MAPPING + the state it starts (`$a` 0, `$t` 1, `$d` 2). */
const KIND_MAPPING = 3;

/**
 * What a symbol table entry is to a listing (KIND_*): `labelIn(shndx, address)` says whether section `shndx`
 * is one the listing reads labels from and holds `address`. A `$x` that is not `$a`, `$t` or `$d` is a named
 * symbol.
 */
function kindOf(
  strtab: StringTable,
  from: number,
  info: number,
  shndx: number,
  value: number,
  labelIn: (shndx: number, address: number) => boolean,
): number {
  const first = strtab.byte(from);
  if (first === 0 /* no name */) return KIND_SKIP;
  if (first === 0x24 /* $ */ && strtab.byte(from + 1) !== 0) {
    const after = strtab.byte(from + 2);
    if (after === 0 || after === 0x2e /* . */) {
      const c = strtab.byte(from + 1);
      const state = c === 0x61 ? 0 : c === 0x74 ? 1 : c === 0x64 ? 2 : -1;
      if (state >= 0) return KIND_MAPPING + state;
    }
  }
  const t = info & 0xf;
  // (Section symbols are read by the caller: they are named after their sections.)
  if (t === STT_FILE || shndx === SHN_UNDEF || shndx === SHN_COMMON) return KIND_SKIP;
  // A Thumb function's address is its st_value with bit 0 clear.
  const address = (t === 2 || t === 10) && (value & 1) !== 0 ? value - 1 : value;
  return labelIn(shndx, address) ? KIND_LABEL : KIND_ELSEWHERE;
}

/** Symbols objdump makes up: `name@plt` ones (synthetic), and the names of section symbols (their sections'). */
export interface MadeSymbols {
  readonly synthetic: PltSymbols;
  readonly sectionName: (shndx: number) => string;
  /** For a listing from `.dynsym` (section index given): each symbol's version suffix, or null without versions. */
  readonly versions: (dynsym: number) => ((index: number) => string) | null;
}

/** How a listing sorts its symbols (see readListingSymbols). */
export interface SymbolSorting {
  /** Opens the scratch store used when the symbols are many; without one, they are sorted in memory. */
  readonly store?: () => ScratchStore;
  /** Symbols (named and mapping) above which the store is used (default 16,384). */
  readonly residentSymbols?: number;
  /** The external sort's limits (tests make them small). */
  readonly limits?: SortLimits;
  /** Pages of 4 KiB each table in the store keeps in memory (a power of two; default 64 for labels, 16 others). */
  readonly cacheSlots?: number;
}

export interface ListingSymbols {
  /**
   * One pair per address with a named symbol in a listed section: (address, where objdump's choice there starts
   * in `strtab`).
   */
  readonly labels: PairTable;
  /** The same for the named symbols elsewhere (absolute, in .bss, ...), which only spell addresses. */
  readonly elsewhere: PairTable;
  /** Whether the file has any symbol objdump sorts (named or mapping): without one, addresses print bare. */
  readonly anySymbols: boolean;
  /** The mapping symbols, by address (then file order): (address, state: an index into MAPPING_STATES). */
  readonly mappings: PairTable;
  /**
   * For a file without mapping symbols, where objdump takes a label's region to be Thumb code when the symbol
   * it names the label after is a Thumb function, else ARM: (label address, 1 Thumb or 0 ARM) at each label
   * whose state differs from the previous label's (the first entry is a Thumb one). Empty when there are
   * mapping symbols.
   */
  readonly labelStates: PairTable;
  /** The string table, read a page at a time. */
  readonly strtab: StringTable;
  /** The part of the program the symbol asked for covers; null when it was not asked for or is not there. */
  readonly range: { readonly from: number; readonly to: number } | null;
  /** The scratch store the tables are in, if they needed one: close it when the listing is done. */
  readonly store: ScratchStore | null;
}

/** Words of a named symbol's record as it is sorted. */
const N_ADDRESS = 0;
const N_SIZE = 1;
const N_NAME = 2;
const N_INDEX = 3;
const N_FLAGS = 4;
const NAMED_WIDTH = 5;
/** Words of a mapping symbol's record. */
const M_INDEX = 1;
const M_STATE = 2;
const MAPPING_WIDTH = 3;

/** By address, a larger st_size first at one address, then file order. */
const namedOrder = (a: Uint32Array, ai: number, b: Uint32Array, bi: number): number =>
  a[ai + N_ADDRESS]! - b[bi + N_ADDRESS]! || b[bi + N_SIZE]! - a[ai + N_SIZE]! || a[ai + N_INDEX]! - b[bi + N_INDEX]!;

/** By address, then file order. */
const mappingOrder = (a: Uint32Array, ai: number, b: Uint32Array, bi: number): number =>
  a[ai]! - b[bi]! || a[ai + M_INDEX]! - b[bi + M_INDEX]!;

/** Whether the name starting at `start` is `name` (names are read as one character a byte). */
function nameIs(strtab: StringTable, start: number, name: string): boolean {
  strtab.load(start);
  if (strtab.end - strtab.at !== name.length) return false;
  const bytes = strtab.bytes;
  for (let i = 0; i < name.length; i++) if (bytes[strtab.at + i] !== name.charCodeAt(i)) return false;
  return true;
}

/**
 * Reads .symtab (with the emulator loader's checks: the table links to a string table, entries of 16 bytes,
 * names inside the string table) into the listing's tables; `symbol`, when given, is the name whose range is
 * wanted (the first such symbol by address). Mapping symbols are `$a`, `$t`, `$d`, alone or followed by a `.`
 * and anything.
 */
export function readListingSymbols(
  elf: ListingElf,
  labelIn: (shndx: number, address: number) => boolean,
  symbol: string | undefined,
  sorting: SymbolSorting = {},
  made: MadeSymbols = { synthetic: () => {}, sectionName: () => '', versions: () => null },
): ListingSymbols {
  // objdump sorts the static symbols, or the dynamic ones when there are none, and adds its synthetic ones.
  const symtabIndex =
    elf.sections.indexOfType(SHT_SYMTAB) >= 0
      ? elf.sections.indexOfType(SHT_SYMTAB)
      : elf.sections.indexOfType(SHT_DYNSYM);
  const symtab = elf.sections.at(symtabIndex);
  const empty = () => new PairTable(0, new Uint32Array(0));
  if (symtab === undefined) {
    const strtab = new StringTable(elf.source, 0, 0);
    return {
      labels: empty(),
      elsewhere: empty(),
      mappings: empty(),
      labelStates: empty(),
      anySymbols: false,
      strtab,
      range: null,
      store: null,
    };
  }
  const tableName = symtab.type === SHT_SYMTAB ? '.symtab' : '.dynsym';
  // From .dynsym, names are printed with their versions (`memcpy@@GLIBC_2.4`).
  const versionOf = symtab.type === SHT_DYNSYM ? made.versions(symtabIndex) : null;
  const strtabHeader = elf.sections.at(symtab.link);
  if (strtabHeader === undefined || strtabHeader.type !== SHT_STRTAB) {
    throw new ElfError('bad-symbol-table', `${tableName} does not link to a string table`);
  }
  if (symtab.entsize !== 16 && symtab.entsize !== 0) {
    throw new ElfError('bad-symbol-table', `symbol size ${symtab.entsize}, expected 16`);
  }
  const count = Math.floor(symtab.size / 16);
  const strtab = new StringTable(elf.source, strtabHeader.offset, strtabHeader.size);
  /** The added names of the section symbols objdump keeps (a few: the `.plt…` and `.got…` sections'), by section. */
  const keptSectionNames = new Map<number, number>();
  /**
   * Where a section symbol's name (its section's) starts among the added names; -1 if objdump drops it. (Only
   * the kept ones are remembered: a file can have a section symbol for each of tens of thousands of sections.)
   */
  const sectionSymbolName = (shndx: number): number => {
    let at = keptSectionNames.get(shndx);
    if (at === undefined) {
      const name = made.sectionName(shndx);
      if (!name.startsWith('.plt') && !name.startsWith('.got')) return -1;
      at = strtab.addName(name);
      keptSectionNames.set(shndx, at);
    }
    return at;
  };
  // The table is read 4,096 entries at a time, twice: to count the named and the mapping symbols (which says
  // whether they are sorted in memory), then to sort them.
  const piece = new Uint8Array(Math.min(count, 4096) * 16);
  const view = new DataView(piece.buffer);
  /** Calls `each(entry offset in piece, entry index, name start, kind)` per entry but the first. */
  const walk = (each: (o: number, index: number, from: number, kind: number) => void) => {
    for (let first = 0; first < count; first += 4096) {
      const entries = Math.min(4096, count - first);
      if (elf.source.readInto(symtab.offset + first * 16, piece.subarray(0, entries * 16)) !== entries * 16) {
        throw new ElfError('bad-symbol-table', `${tableName} extends past the end of the file`);
      }
      for (let e = first === 0 ? 1 : 0; e < entries; e++) {
        const o = e * 16;
        const from = view.getUint32(o, true);
        if (from >= strtab.size) {
          throw new ElfError(
            'bad-symbol-table',
            `symbol ${first + e} name outside ${tableName === '.symtab' ? '.strtab' : '.dynstr'}`,
          );
        }
        const info = piece[o + 12]!;
        const shndx = view.getUint16(o + 14, true);
        const value = view.getUint32(o + 4, true);
        if ((info & 0xf) === STT_SECTION) {
          // Named after its section, and kept only for a `.plt…` or `.got…` section (objdump's significant names).
          const at = sectionSymbolName(shndx);
          each(o, first + e, at, at < 0 ? KIND_SKIP : labelIn(shndx, value) ? KIND_LABEL : KIND_ELSEWHERE);
          continue;
        }
        each(o, first + e, from, kindOf(strtab, from, info, shndx, value, labelIn));
      }
    }
  };
  let named = 0;
  let elsewhereCount = 0;
  let mappingCount = 0;
  walk((_o, _index, _from, kind) => {
    if (kind === KIND_LABEL) named++;
    else if (kind === KIND_ELSEWHERE) elsewhereCount++;
    else if (kind >= KIND_MAPPING) mappingCount++;
  });
  made.synthetic((m) => {
    if (labelIn(m.shndx, m.address)) named++;
    else elsewhereCount++;
  });
  const useStore =
    sorting.store !== undefined &&
    elf.source.bytes === null &&
    named + elsewhereCount + mappingCount > (sorting.residentSymbols ?? 16384);
  const store = useStore ? sorting.store!() : null;
  if (store !== null) strtab.spillTo(store);
  try {
    const namedSorter = new RecordSorter(NAMED_WIDTH, namedOrder, named + elsewhereCount, store, sorting.limits);
    const mappingSorter = new RecordSorter(MAPPING_WIDTH, mappingOrder, mappingCount, store, sorting.limits);
    const addNamed = (address: number, size: number, name: number, index: number, flags: number) => {
      const at = namedSorter.add();
      const r = namedSorter.records;
      r[at + N_ADDRESS] = address;
      r[at + N_SIZE] = size;
      r[at + N_NAME] = name;
      r[at + N_INDEX] = index;
      r[at + N_FLAGS] = flags;
    };
    walk((o, index, from, kind) => {
      if (kind === KIND_SKIP) return;
      const value = view.getUint32(o + 4, true);
      if (kind >= KIND_MAPPING) {
        const at = mappingSorter.add();
        const r = mappingSorter.records;
        r[at] = value;
        r[at + M_INDEX] = index;
        r[at + M_STATE] = kind - KIND_MAPPING;
        return;
      }
      const info = piece[o + 12]!;
      const t = info & 0xf;
      const elsewhere = kind === KIND_ELSEWHERE ? SYMBOL_ELSEWHERE : 0;
      // Section symbols and (below) synthetic ones have their size counted as 0, as objdump's order does.
      if (t === STT_SECTION) return addNamed(value, 0, from, index, SYMBOL_SECTION | SYMBOL_LOCAL | elsewhere);
      // A function's st_value bit 0 says Thumb; the function starts at the even address (STT_FUNC, STT_GNU_IFUNC).
      const isThumb = (t === 2 || t === 10) && (value & 1) !== 0;
      const bind = info >>> 4;
      const suffix = versionOf === null ? '' : versionOf(index);
      addNamed(
        isThumb ? value - 1 : value,
        view.getUint32(o + 8, true),
        suffix === '' ? from : strtab.addName(strtab.name(from) + suffix),
        index,
        (isThumb ? SYMBOL_THUMB : 0) |
          (t === 2 || t === 10 ? SYMBOL_FUNCTION : 0) |
          (t === 2 ? SYMBOL_FUNC : 0) |
          (t === 1 ? SYMBOL_OBJECT : 0) |
          (bind === 1 ? SYMBOL_GLOBAL : bind === 0 ? SYMBOL_LOCAL : 0) |
          (suffix === '' ? 0 : SYMBOL_VERSIONED | (suffix.startsWith('@@') ? SYMBOL_DEFAULT_VERSION : 0)) |
          elsewhere,
      );
    });
    // The synthetic symbols, after the table's (objdump appends them).
    let synthetic = count;
    made.synthetic((m) => {
      addNamed(
        m.address,
        0,
        strtab.addName(m.name),
        synthetic++,
        (m.function ? SYMBOL_FUNC : 0) |
          (m.local ? SYMBOL_LOCAL : SYMBOL_GLOBAL) |
          (labelIn(m.shndx, m.address) ? 0 : SYMBOL_ELSEWHERE),
      );
    });

    // Per address, objdump's choice among the symbols there (see `choose`): among the labels, and among the
    // symbols elsewhere. The symbol asked for: the first label by address with that name, up to its st_size,
    // else the next label's address, else 4 bytes.
    const slots = sorting.cacheSlots;
    const labels = new PairTableWriter(store, named, slots ?? 64);
    const elsewhere = new PairTableWriter(elsewhereCount > 0 ? store : null, Math.max(1, elsewhereCount), slots);
    const labelStates = new PairTableWriter(mappingCount === 0 ? store : null, mappingCount === 0 ? 16 : 1, slots);
    /** The choices at `address`: [flags, size, name] of the label and of the symbol elsewhere (flags -1: none). */
    const chosen = new Int32Array([-1, 0, 0, -1, 0, 0]);
    let address = -1;
    let state = 0;
    const flushAddress = () => {
      if (chosen[0]! >= 0) {
        labels.push(address, chosen[2]! >>> 0);
        if (mappingCount === 0 && (chosen[0]! & SYMBOL_THUMB) !== state) {
          state = chosen[0]! & SYMBOL_THUMB;
          labelStates.push(address, state);
        }
      }
      if (chosen[3]! >= 0) elsewhere.push(address, chosen[5]! >>> 0);
      chosen[0] = -1;
      chosen[3] = -1;
    };
    let found = false;
    let from = 0;
    let size = 0;
    let next = -1;
    namedSorter.drain((r, at) => {
      const a = r[at + N_ADDRESS]!;
      const flags = r[at + N_FLAGS]!;
      const s = r[at + N_SIZE]!;
      const name = r[at + N_NAME]!;
      if (a !== address) {
        if (address >= 0) flushAddress();
        address = a;
      }
      const c = (flags & SYMBOL_ELSEWHERE) !== 0 ? 3 : 0;
      if (chosen[c]! < 0 || choose(strtab, chosen[c]!, chosen[c + 1]! >>> 0, chosen[c + 2]! >>> 0, flags, s, name)) {
        chosen[c] = flags;
        chosen[c + 1] = s;
        chosen[c + 2] = name;
      }
      if (symbol !== undefined && c === 0) {
        if (!found && nameIs(strtab, name, symbol)) {
          found = true;
          from = a;
          size = s;
        } else if (found && next < 0 && a > from) next = a;
      }
    });
    if (address >= 0) flushAddress();
    const mappings = new PairTableWriter(store, mappingCount, slots);
    mappingSorter.drain((r, at) => mappings.push(r[at]!, r[at + M_STATE]!));
    const range = found ? { from: from & ~1, to: size > 0 ? from + size : next >= 0 ? next : from + 4 } : null;
    return {
      labels: labels.finish(),
      elsewhere: elsewhere.finish(),
      mappings: mappings.finish(),
      anySymbols: named + elsewhereCount + mappingCount > 0,
      labelStates: labelStates.finish(),
      strtab,
      range,
      store,
    };
  } catch (error) {
    store?.close();
    throw error;
  }
}

/** A symbol's name as objdump sorts it: without the version a `.dynsym` name is printed with. */
function sortName(strtab: StringTable, start: number, flags: number): string {
  const name = strtab.name(start);
  if ((flags & SYMBOL_VERSIONED) === 0) return name;
  return name.slice(0, name.lastIndexOf('@') - ((flags & SYMBOL_DEFAULT_VERSION) !== 0 ? 1 : 0));
}

/** objdump's "conveys no real information" names: after the others at their address. */
const compiledMarker = (name: string) => name.includes('gnu_compiled') || name.includes('gcc2_compiled');
/** objdump's guess at a file name (`crt0.o`, `libc.a`): after the others at their address. */
const fileName = (name: string) => name.length > 2 && name[name.length - 2] === '.' && /[oa]$/.test(name);

/**
 * Whether objdump names an address after symbol b rather than a — its order of the symbols at one address
 * (objdump.c compare_symbols): names with `gnu_compiled`/`gcc2_compiled` last, then names that look like file
 * names (`x.o`, `x.a`); an STT_FUNC first, then an STT_OBJECT; a local one after the others, a global one
 * before a weak or unique one; a larger st_size first (`__udivsi3` before its alias `__aeabi_uidiv` of size
 * 0); a name not starting with `.` before one that does; then the name that sorts first.
 */
function choose(
  strtab: StringTable,
  aFlags: number,
  aSize: number,
  aName: number,
  bFlags: number,
  bSize: number,
  bName: number,
): boolean {
  const an = sortName(strtab, aName, aFlags);
  const bn = sortName(strtab, bName, bFlags);
  for (const last of [compiledMarker, fileName]) {
    if (last(an) !== last(bn)) return last(an);
  }
  for (const [bit, first] of [
    [SYMBOL_SECTION, false],
    [SYMBOL_FUNC, true],
    [SYMBOL_OBJECT, true],
    [SYMBOL_LOCAL, false],
    [SYMBOL_GLOBAL, true],
  ] as const) {
    if ((aFlags & bit) !== (bFlags & bit)) return ((bFlags & bit) !== 0) === first;
  }
  if (aSize !== bSize) return bSize > aSize;
  const aDot = an.startsWith('.');
  if (aDot !== bn.startsWith('.')) return aDot;
  return bn < an;
}
