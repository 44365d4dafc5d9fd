/*
 * What a listing knows before it lists: the allocated sections, and the symbols as objdump spells addresses
 * with them (the Symbolizer), the mapping symbols and the range asked for (listingPlan).
 */
import type { MappingState } from '@armprobe/emulator';
import { CommandError } from '../errors.js';
import { dynamicNames, dynamicVersions, pltSymbols } from './listing-dynamic.js';
import { type ListingElf, SHF_ALLOC, SHF_EXECINSTR, SHT_NOBITS } from './listing-file.js';
import type { PairTable } from './listing-index.js';
import { isControl, type ListingOutput, sanitized } from './listing-output.js';
import type { ScratchStore } from './listing-scratch.js';
import { SectionNames, type StringTable } from './listing-strings.js';
import { readListingSymbols, type SymbolSorting } from './listing-symbols.js';

/** An allocated section with contents, as the listing walks it. */
export interface ListingSection {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  readonly offset: number;
  readonly executable: boolean;
}

/**
 * The allocated sections with contents, in file order (the ones a listing reads labels from and lists when
 * executable), made from the section headers when the listing comes to them: a file can have tens of
 * thousands.
 */
export class ListingSections {
  /** Their indexes among the file's sections. */
  private readonly indexes: Int32Array;

  constructor(
    private readonly elf: ListingElf,
    private readonly names: SectionNames,
  ) {
    const { sections } = elf;
    const listed = (i: number) =>
      (sections.flags(i) & SHF_ALLOC) !== 0 && sections.type(i) !== SHT_NOBITS && sections.size(i) > 0;
    let count = 0;
    for (let i = 0; i < sections.count; i++) if (listed(i)) count++;
    this.indexes = new Int32Array(count);
    count = 0;
    for (let i = 0; i < sections.count; i++) if (listed(i)) this.indexes[count++] = i;
  }

  get length(): number {
    return this.indexes.length;
  }

  /** The `k`th of them. */
  get(k: number): ListingSection {
    const i = this.indexes[k]!;
    const { sections } = this.elf;
    return {
      name: this.names.name(i),
      address: sections.addr(i) >>> 0,
      size: sections.size(i) >>> 0,
      offset: sections.offset(i) >>> 0,
      executable: (sections.flags(i) & SHF_EXECINSTR) !== 0,
    };
  }
}

/**
 * Per section: the labels in it, ascending by address — one per address, the symbol objdump names there — as
 * the range [from, to) of the Symbolizer's label table.
 */
export interface SectionSymbols {
  readonly section: ListingSection;
  readonly from: number;
  readonly to: number;
}

/**
 * objdump's spelling of addresses in a listing of an executable: the closest symbol at or below the address
 * in any section (`1002c <lit>`, `10030 <lit+0x4>`), else the first one above it (`10000 <lit-0x2c>`); the
 * section being listed when no symbol qualifies (`<.text+0x8>`); the bare number when the file has no symbols
 * at all (`0x10030`). Labels and the symbols elsewhere are tables (address, where the name starts), in memory
 * or read a page at a time.
 */
export class Symbolizer {
  /** The section being listed (set by the lister): named when no symbol spells an address. */
  current: ListingSection | null = null;
  /** What `locate` found: 0 nothing (print the number), 1 symbol `symbol` at `base`, 2 the current section. */
  private kind = 0;
  private base = 0;
  /** Where the name of the symbol found starts in the string table. */
  private symbol = 0;

  constructor(
    readonly labels: PairTable,
    private readonly elsewhere: PairTable,
    private readonly anySymbols: boolean,
    readonly strtab: StringTable,
  ) {}

  /** The labels of `section`. */
  labelsOf(section: ListingSection): SectionSymbols {
    const { labels } = this;
    return {
      section,
      from: labels.atOrBelow(section.address - 1) + 1,
      to: labels.atOrBelow(section.address + section.size - 1) + 1,
    };
  }

  /** Finds what objdump names `address` after (see `kind`); a label wins over a symbol elsewhere at one address. */
  private locate(a: number): void {
    const { labels, elsewhere } = this;
    const i = labels.atOrBelow(a);
    const j = elsewhere.atOrBelow(a);
    let table: PairTable | null = null;
    let at = 0;
    if (i >= 0 && (j < 0 || labels.key(i) >= elsewhere.key(j))) {
      table = labels;
      at = i;
    } else if (j >= 0) table = elsewhere;
    // None at or below: the first one above.
    else if (labels.length > 0 && (elsewhere.length === 0 || labels.key(0) <= elsewhere.key(0))) table = labels;
    else if (elsewhere.length > 0) table = elsewhere;
    if (table === elsewhere) at = Math.max(0, j);
    if (table !== null) {
      this.kind = 1;
      this.base = table.key(at);
      this.symbol = table.value(at);
    } else if (this.anySymbols && this.current !== null) {
      this.kind = 2;
      this.base = this.current.address;
    } else this.kind = 0;
  }

  /** `+0x…` or `-0x…` from `base` to `a`, or nothing at `base`. */
  private static offset(a: number, base: number): string {
    if (a === base) return '';
    return a > base ? `+0x${(a - base).toString(16)}` : `-0x${(base - a).toString(16)}`;
  }

  /** The spelling as a string (for the disassembler's `formatAddress`). */
  formatAddress = (address: number): string => {
    const a = address >>> 0;
    const hex = a.toString(16);
    this.locate(a);
    if (this.kind === 0) return `0x${hex}`;
    const name = sanitized(this.kind === 1 ? this.strtab.name(this.symbol) : this.current!.name);
    return `${hex} <${name}${Symbolizer.offset(a, this.base)}>`;
  };

  /**
   * The label line's name for a section that does not start with a label: objdump's closest symbol of the
   * section, which is above it (`<first-0x8>`), or the section's own name if it has none.
   */
  sectionStart(section: SectionSymbols): string {
    if (section.from === section.to) return sanitized(section.section.name);
    const name = sanitized(this.strtab.name(this.labels.value(section.from)));
    return `${name}${Symbolizer.offset(section.section.address, this.labels.key(section.from))}`;
  }

  /** The spelling written as bytes, names copied from the string table. */
  spell = (out: ListingOutput, address: number): void => {
    const a = address >>> 0;
    this.locate(a);
    if (this.kind !== 1 || a < this.base) {
      out.text(this.formatAddress(a));
      return;
    }
    const strtab = this.strtab;
    strtab.load(this.symbol);
    const from = strtab.at;
    const to = strtab.end;
    if (to - from > 256 || hasControl(strtab.bytes, from, to)) {
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
  /**
   * How the symbols are sorted: the CLI gives a temporary file for a program with many symbols, so the listing's
   * memory does not grow with their number; without a store they are sorted in memory.
   */
  readonly symbolSorting?: SymbolSorting;
}

/** What a listing needs of the ELF's sections and symbols (see listingPlan). */
export interface ListingPlan {
  readonly sections: ListingSections;
  readonly symbolizer: Symbolizer;
  /** The part listed: the function or label asked for, or null for everything. */
  readonly range: { readonly from: number; readonly to: number } | null;
  /** Mapping symbols of every section, by address: (address, state); the state at an address is the closest one at or below it. */
  readonly mappings: PairTable;
  /**
   * The state of code before any mapping symbol, in the region of the label at `label` (-1 before the first
   * label of its section).
   */
  readonly unmappedState: (label: number) => MappingState;
  /** The scratch store the symbol tables are in, if any: close it when the listing is done. */
  readonly store: ScratchStore | null;
}

/** Reads the sections and symbols and keeps what the listing uses (see readListingSymbols). */
export function listingPlan(elf: ListingElf, fileName: string, options: ListingOptions): ListingPlan {
  const names = new SectionNames(elf);
  const sections = new ListingSections(elf, names);
  const headers = elf.sections;
  const labelIn = (i: number, address: number) => {
    if (!(i < headers.count) || (headers.flags(i) & SHF_ALLOC) === 0 || headers.type(i) === SHT_NOBITS) return false;
    const size = headers.size(i) >>> 0;
    const start = headers.addr(i) >>> 0;
    return size > 0 && address >= start && address < start + size;
  };
  const dynamic = dynamicNames(elf);
  const made = {
    synthetic: pltSymbols(elf, names, dynamic),
    sectionName: (i: number) => (i < headers.count ? names.name(i) : ''),
    versions: (dynsym: number) => dynamicVersions(elf, dynsym, dynamic),
  };
  const symbols = readListingSymbols(elf, labelIn, options.symbol, options.symbolSorting, made);
  const { labels, elsewhere, anySymbols, mappings, labelStates, strtab, range, store } = symbols;
  if (options.symbol !== undefined && range === null) {
    store?.close();
    throw new CommandError(`no symbol "${options.symbol}" in ${fileName}`, 2);
  }
  const symbolizer = new Symbolizer(labels, elsewhere, anySymbols, strtab);
  // Before any mapping symbol: data when the file has mapping symbols (objdump assumes an omitted leading
  // $d); in a file without any, Thumb in the region of a label named after a Thumb function, else ARM (before
  // a section's first label too).
  const unmappedState = (label: number): MappingState => {
    if (mappings.length > 0) return 'data';
    if (label < 0) return 'arm';
    const i = labelStates.atOrBelow(label);
    return i >= 0 && labelStates.value(i) !== 0 ? 'thumb' : 'arm';
  };
  return { sections, symbolizer, range, mappings, unmappedState, store };
}

/** Whether bytes[from … to) hold a control character (a name objdump prints sanitized). */
function hasControl(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isControl(bytes[i]!)) return true;
  return false;
}
