import { decodeA32, formatA32 } from '@armprobe/decoder';
import { type ElfFile, type MappingState, parseElf } from '@armprobe/emulator';
import { CommandError } from '../errors.js';
import { LineArena, ListingOutput } from './listing-output.js';
import { type ListingSymbol, type ListingSymbols, readListingSymbols } from './listing-symbols.js';
import { THUMB_LISTER, ThumbItTracker } from './listing-thumb.js';

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

function cString(bytes: Uint8Array, offset: number): string {
  let end = offset;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(offset, end));
}

function sectionsOf(elf: ElfFile): ListingSection[] {
  const names = elf.sections[elf.header.shstrndx];
  return elf.sections
    .filter((s) => (s.flags & SHF_ALLOC) !== 0 && s.type !== SHT_NOBITS && s.size > 0)
    .map((s) => ({
      name: names === undefined ? '?' : cString(elf.bytes, names.offset + s.name),
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
function preferred(a: ListingSymbol, b: ListingSymbol): ListingSymbol {
  const rank = (s: ListingSymbol) =>
    (s.type === 1 || s.type === 2 ? 8 : 0) + (s.binding === 1 ? 4 : s.binding === 2 ? 2 : 0);
  if (rank(a) !== rank(b)) return rank(b) > rank(a) ? b : a;
  if (a.size !== b.size) return b.size > a.size ? b : a;
  const aDot = a.name.charCodeAt(0) === 0x2e;
  if (aDot !== (b.name.charCodeAt(0) === 0x2e)) return aDot ? b : a;
  return b.name < a.name ? b : a;
}

/** Per section: its symbols' addresses (sorted) and the name objdump prints at each. */
interface SectionSymbols {
  readonly section: ListingSection;
  readonly addresses: readonly number[];
  readonly names: readonly string[];
}

class Symbolizer {
  readonly perSection: readonly SectionSymbols[];

  constructor(symbols: ListingSymbols, sections: readonly ListingSection[]) {
    this.perSection = sections.map((section) => {
      const at = new Map<number, ListingSymbol>();
      for (const s of symbols.symbols) {
        const a = s.address >>> 0;
        if (a < section.address || a >= section.address + section.size) continue;
        const existing = at.get(a);
        at.set(a, existing === undefined ? s : preferred(existing, s));
      }
      const addresses = [...at.keys()].sort((x, y) => x - y);
      return { section, addresses, names: addresses.map((a) => at.get(a)!.name) };
    });
  }

  /** The highest symbol below `address` among the sections' symbols, or null. */
  private closestBelow(address: number): { address: number; name: string } | null {
    let found: { address: number; name: string } | null = null;
    for (const p of this.perSection) {
      for (let i = p.addresses.length - 1; i >= 0; i--) {
        const at = p.addresses[i]!;
        if (at >= address) continue;
        if (found === null || at > found.address) found = { address: at, name: p.names[i]! };
        break;
      }
    }
    return found;
  }

  /** `1002c <lit>`, `10030 <lit+0x4>`, `20000 <*ABS*0x20000>` — objdump's address spelling in a listing. */
  formatAddress = (address: number): string => {
    const a = address >>> 0;
    const hex = a.toString(16);
    const p = this.perSection.find((x) => a >= x.section.address && a < x.section.address + x.section.size);
    if (p === undefined) return `${hex} <*ABS*0x${hex}>`;
    let lo = 0;
    let hi = p.addresses.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (p.addresses[mid]! <= a) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let base: number;
    let name: string;
    if (best >= 0) {
      base = p.addresses[best]!;
      name = p.names[best]!;
    } else {
      // No symbol at or below in this section: objdump takes the closest symbol below in an earlier section of
      // an executable (a PLT stub after .init reads `<_init+0xc>`), and the section's name only if there is none.
      const below = this.closestBelow(a);
      if (below === null) {
        const off = a - p.section.address;
        return off === 0 ? `${hex} <${p.section.name}>` : `${hex} <${p.section.name}+0x${off.toString(16)}>`;
      }
      base = below.address;
      name = below.name;
    }
    return base === a ? `${hex} <${name}>` : `${hex} <${name}+0x${(a - base).toString(16)}>`;
  };
}

/** What a state lister sees: the section's bytes, where they are, and how to spell addresses. */
export interface ListingContext {
  readonly fileName: string;
  readonly section: ListingSection;
  /** The section's contents, little-endian, indexed from the section's first byte. */
  readonly view: DataView;
  /** The same contents as bytes. */
  readonly bytes: Uint8Array;
  readonly out: ListingOutput;
  readonly formatAddress: (address: number) => string;
  /**
   * Lines by word (int32), for the words whose line does not depend on where they are (the line without the
   * address column), shared by the listers of one listing.
   */
  readonly lineCache: LineArena;
  /** The same for Thumb units outside IT blocks (keyed by the 16-bit unit, or both halfwords as an int32). */
  readonly thumbLineCache: LineArena;
  /** objdump's IT state, carried through the whole listing. */
  readonly it: ThumbItTracker;
  /** True when a named symbol (a label) of this section is at `address`. */
  readonly isLabel: (address: number) => boolean;
  /**
   * Whether objdump takes an IT-like halfword at `address`, found scanning back from a Thumb unit at `pc`, to
   * be in Thumb code: the state of the mapping symbol that governs `pc` if `address` is at or after it, else
   * the state of the mapping symbol before that one (objdump looks no further back).
   */
  readonly itCandidateIsThumb: (address: number, pc: number) => boolean;
  /**
   * How many zero bytes from `address` objdump skips (printing `\t...`) before `end`, the end of the region:
   * 8 or more, in multiples of 4 unless they reach `end`; fewer than 3 that reach `end`; otherwise 0.
   */
  readonly zeroRun: (address: number, end: number) => number;
}

/**
 * Lists the code or data of one mapping state (ARM, Thumb, data) from `from` up to `to` (the next label or
 * mapping symbol): writes a line per unit and returns the address after the last unit listed. It lists every
 * unit that starts before `to` and fits before `end` (the next label or the end of the listed part of the
 * section: objdump's region), so a unit may run past a mapping symbol. It stops early at a unit starting with
 * a zero byte where `zeroRun` says objdump skips zeros. `unit` is the smallest step it takes.
 */
export interface StateLister {
  readonly unit: number;
  list(context: ListingContext, from: number, to: number, end: number): number;
}

/** objdump puts a format-specific run of tabs before some comments (they are part of its format strings). */
function commentSeparator(text: string, comment: string): string {
  // An undefined word prints its comment alone, after two tabs.
  if (text === '') return '\t\t@ ';
  if (comment === '(mov r0, r0)') return '\t\t\t@ ';
  if (comment.charCodeAt(0) === 0x28 /* ( */) return '\t\t@ ';
  return '\t@ ';
}

/** An address far from any other in every bit that can matter to an ARM word's text (bits 31:2). */
const OTHER_ADDRESS = 0x5a5a5a5c;
/** Room for the address column of a line. */
const COLUMN = 10;
/** objdump prints `...` for this many zero bytes or more (in multiples of 4 unless they end the region), */
const SKIP_ZEROES = 8;
/** and for fewer than this many at the end of a region. */
const SKIP_ZEROES_AT_END = 3;

/**
 * ARM state: a word at a time, disassembled exactly as objdump prints it. Most words of a program recur
 * (`push {r4, lr}`, `bx lr`, `mov r0, #0`, …): a word whose line does not depend on its address has its line,
 * without the address column, kept in the listing's line cache, so each distinct word is decoded and printed
 * once and later only copied. A line depends on its address when the printer spells an address (branch
 * targets, PC-relative comments: the symbolizer sees the call) or, for any other reason, prints differently
 * at another address.
 */
const ARM_LISTER: StateLister = {
  unit: 4,
  list(context, from, to, end) {
    const { view, out, section, lineCache } = context;
    let spelled = false;
    const format = {
      formatAddress: (address: number) => {
        spelled = true;
        return context.formatAddress(address);
      },
    };
    let address = from;
    for (; address < to && address + 4 <= end; address += 4) {
      if (context.bytes[address - section.address] === 0 && context.zeroRun(address, end) > 0) break;
      // As an int32: a word at or above 2^31 read as uint32 would be a heap number, allocated and hashed.
      const word = view.getInt32(address - section.address, true);
      let entry = lineCache.get(word);
      if (entry === undefined) {
        spelled = false;
        const d = formatA32(decodeA32(word, address), format);
        const line =
          d.comment === null ? d.text + '\n' : d.text + commentSeparator(d.text, d.comment) + d.comment + '\n';
        if (!spelled) {
          const elsewhere = formatA32(decodeA32(word, (address ^ OTHER_ADDRESS) >>> 0));
          if (elsewhere.text === d.text && elsewhere.comment === d.comment) entry = lineCache.put(word, line);
        }
        if (entry === undefined) {
          out.reserve(COLUMN + 10);
          out.addressColumn(address);
          out.hex8(word);
          out.text(' \t');
          out.text(line);
          continue;
        }
      }
      const length = entry & 0xff;
      out.reserve(COLUMN + 10 + length);
      out.addressColumn(address);
      out.hex8(word);
      out.buffer[out.length++] = 0x20; // ' '
      out.buffer[out.length++] = 0x09; // '\t'
      out.copy(lineCache.bytes(), (entry - length) / 256, length);
    }
    return address;
  },
};

const DOT_WORD = Uint8Array.from(' \t.word\t0x', (c) => c.charCodeAt(0));

/**
 * Data (`$d`): objdump's `.word` lines, a word at a time where the words are aligned and nothing (a label, a
 * mapping symbol) starts inside them; otherwise `.short` or `.byte`, as objdump cuts them: up to the next
 * word boundary or symbol, three bytes as one (odd address) or two.
 */
const DATA_LISTER: StateLister = {
  unit: 1,
  list(context, from, to, end) {
    const { view, out, section, bytes } = context;
    let address = from;
    while (address < to) {
      let size = 4 - (address & 3);
      if (to - address < size) size = to - address;
      if (size === 3) size = (address & 1) !== 0 ? 1 : 2;
      if (address + size > end) break;
      const offset = address - section.address;
      if (bytes[offset] === 0 && context.zeroRun(address, end) > 0) break;
      if (size === 4) {
        const word = view.getUint32(offset, true);
        out.reserve(COLUMN + 8 + DOT_WORD.length + 9);
        out.addressColumn(address);
        out.hex8(word);
        out.copy(DOT_WORD, 0, DOT_WORD.length);
        out.hex8(word);
        out.buffer[out.length++] = 0x0a; // '\n'
      } else {
        out.reserve(COLUMN);
        out.addressColumn(address);
        const hex =
          size === 2
            ? view.getUint16(offset, true).toString(16).padStart(4, '0')
            : bytes[offset]!.toString(16).padStart(2, '0');
        out.text(size === 2 ? `${hex}      \t.short\t0x${hex}\n` : `${hex}          \t.byte\t0x${hex}\n`);
      }
      address += size;
    }
    return address;
  },
};

/** The lister for each mapping state; code with no mapping symbol before it is ARM. */
export const STATE_LISTERS: Readonly<Record<MappingState, StateLister>> = {
  arm: ARM_LISTER,
  thumb: THUMB_LISTER,
  data: DATA_LISTER,
};

export interface ListingOptions {
  /** Only the function (or label) with this name. */
  readonly symbol?: string;
  /** The size of the chunks handed to `write` (writeElfListing); default 64 KiB. */
  readonly chunkBytes?: number;
}

/** The smallest element of a sorted array above `value`, or Infinity; `from` is where to start looking. */
function nextAbove(sorted: readonly number[], value: number, from: number): { index: number; value: number } {
  let i = from;
  while (i < sorted.length && sorted[i]! <= value) i++;
  return { index: i, value: i < sorted.length ? sorted[i]! : Number.POSITIVE_INFINITY };
}

/**
 * Writes an objdump-`-d`-style listing of a static ARM ELF to `write` as UTF-8, in chunks (each a view of one
 * reused buffer, valid during the call): executable sections, a
 * label line at each symbol, each run of bytes listed by the lister of its mapping state (`$a` ARM code,
 * `$d` literal pools as `.word` data, `$t` Thumb code), exactly as objdump prints them.
 */
export function writeElfListing(
  bytes: Uint8Array,
  fileName: string,
  write: (chunk: Uint8Array) => void,
  options: ListingOptions = {},
): void {
  const elf = parseElf(bytes);
  const symbols = readListingSymbols(elf);
  const sections = sectionsOf(elf);
  const symbolizer = new Symbolizer(symbols, sections);
  let range: { from: number; to: number } | null = null;
  if (options.symbol !== undefined) {
    const sym = symbols.symbols.find((s) => s.name === options.symbol);
    if (sym === undefined) throw new CommandError(`no symbol "${options.symbol}" in ${fileName}`, 2);
    const next = symbols.symbols.find((s) => s.address > sym.address);
    const to = sym.size > 0 ? sym.address + sym.size : (next?.address ?? sym.address + 4);
    range = { from: sym.address & ~1, to };
  }
  // Mapping symbols of every section, by address: the state at an address is the closest one at or below it.
  const { mappingAddresses, mappingStates } = symbols;
  // Before any mapping symbol: data when the file has mapping symbols (objdump assumes an omitted leading
  // $d); in a file without any, the state of the closest function symbol at or below (ARM if none).
  const functions = symbols.symbols.filter((s) => s.type === 2 || s.type === 10);
  const unmappedState = (address: number): MappingState => {
    if (mappingAddresses.length > 0) return 'data';
    let state: MappingState = 'arm';
    for (const f of functions) {
      if (f.address > address) break;
      state = f.thumb ? 'thumb' : 'arm';
    }
    return state;
  };
  const listed = sections
    .map((section, index) => {
      const start = range === null ? section.address : Math.max(range.from, section.address);
      const end = range === null ? section.address + section.size : Math.min(range.to, section.address + section.size);
      return { section, index, start, end };
    })
    .filter(({ section, start, end }) => section.executable && start < end);
  const out = new ListingOutput(write, options.chunkBytes);
  const lineCache = new LineArena();
  const thumbLineCache = new LineArena();
  const it = new ThumbItTracker();
  out.text(`\n${fileName}:     file format elf32-littlearm\n\n`);
  for (const { section, index, start, end } of listed) {
    out.text(`\nDisassembly of section ${section.name}:\n`);
    const labels = symbolizer.perSection[index]!;
    const labelSet = new Set(labels.addresses);
    const sectionBytes = bytes.subarray(section.offset, section.offset + section.size);
    let label = nextAbove(labels.addresses, start - 1, 0);
    let mapping = nextAbove(mappingAddresses, start, 0);
    const context: ListingContext = {
      fileName,
      section,
      view: new DataView(bytes.buffer, bytes.byteOffset + section.offset, section.size),
      bytes: sectionBytes,
      out,
      formatAddress: symbolizer.formatAddress,
      lineCache,
      thumbLineCache,
      it,
      isLabel: (address) => labelSet.has(address),
      itCandidateIsThumb: (address) => {
        const governing = mapping.index - 1;
        if (governing < 0) return mappingAddresses.length === 0;
        if (address >= mappingAddresses[governing]!) return mappingStates[governing] === 'thumb';
        return governing > 0 && mappingStates[governing - 1] === 'thumb';
      },
      zeroRun: (address, regionEnd) => {
        let z = address;
        while (z < regionEnd && sectionBytes[z - section.address] === 0) z++;
        const run = z - address;
        if (run >= SKIP_ZEROES) return z === regionEnd ? run : run & ~3;
        return z === regionEnd && run < SKIP_ZEROES_AT_END ? run : 0;
      },
    };
    let address = start;
    while (address < end) {
      if (mapping.value <= address) mapping = nextAbove(mappingAddresses, address, mapping.index);
      const lister = STATE_LISTERS[mapping.index > 0 ? mappingStates[mapping.index - 1]! : unmappedState(address)];
      if (label.value < address) label = nextAbove(labels.addresses, address - 1, label.index);
      if (label.value === address) {
        out.text(`\n${address.toString(16).padStart(8, '0')} <${labels.names[label.index]!}>:\n`);
        label = nextAbove(labels.addresses, address, label.index);
      } else if (address === section.address) {
        // A section that does not start with a symbol starts with a label naming the section (`<.iplt>:`).
        out.text(`\n${address.toString(16).padStart(8, '0')} <${section.name}>:\n`);
      }
      // objdump lists from label to label (its regions); mapping symbols change the state inside one.
      const regionEnd = Math.min(label.value, end);
      const zeros = context.zeroRun(address, regionEnd);
      if (zeros > 0) {
        out.text('\t...\n');
        address += zeros;
        continue;
      }
      const next = lister.list(context, address, Math.min(label.value, mapping.value), regionEnd);
      if (next === address) {
        // A unit that would run past the region: objdump fails to read it and moves on to the next region.
        out.reserve(COLUMN);
        out.addressColumn(address);
        out.text(`Address 0x${address.toString(16)} is out of bounds.\n\n`);
        address = regionEnd;
      } else address = next;
    }
  }
  out.flush();
}

/** The listing as one string (tests and small files; the CLI streams it with writeElfListing). */
export function listElf(bytes: Uint8Array, fileName: string, options: ListingOptions = {}): string {
  const chunks: Uint8Array[] = [];
  writeElfListing(bytes, fileName, (chunk) => chunks.push(chunk.slice()), options);
  return Buffer.concat(chunks).toString('utf8');
}
