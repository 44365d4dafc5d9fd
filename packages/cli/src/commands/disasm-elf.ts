import { decodeA32, formatA32 } from '@armprobe/decoder';
import { type ElfFile, type MappingState, parseElf } from '@armprobe/emulator';
import { CommandError } from '../errors.js';
import { LineArena, ListingOutput } from './listing-output.js';
import { type ListingSymbol, type ListingSymbols, readListingSymbols } from './listing-symbols.js';

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
 * objdump's choice among several symbols at one address: a global before a local or weak one, a function
 * or object before an untyped label, then the name that sorts first (`__aeabi_uidiv` before
 * `__aeabi_uidivmod`, whatever order the linker wrote them in).
 */
function preferred(a: ListingSymbol, b: ListingSymbol): ListingSymbol {
  const rank = (s: ListingSymbol) =>
    (s.binding === 1 ? 4 : s.binding === 2 ? 2 : 0) + (s.type === 1 || s.type === 2 ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(b) > rank(a) ? b : a;
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
    if (best < 0) {
      const off = a - p.section.address;
      return off === 0 ? `${hex} <${p.section.name}>` : `${hex} <${p.section.name}+0x${off.toString(16)}>`;
    }
    const base = p.addresses[best]!;
    const name = p.names[best]!;
    return base === a ? `${hex} <${name}>` : `${hex} <${name}+0x${(a - base).toString(16)}>`;
  };
}

/** What a state lister sees: the section's bytes, where they are, and how to spell addresses. */
export interface ListingContext {
  readonly fileName: string;
  readonly section: ListingSection;
  /** The section's contents, little-endian, indexed from the section's first byte. */
  readonly view: DataView;
  readonly out: ListingOutput;
  readonly formatAddress: (address: number) => string;
  /**
   * Lines by word (int32), for the words whose line does not depend on where they are (the line without the
   * address column), shared by the listers of one listing.
   */
  readonly lineCache: LineArena;
}

/**
 * Lists the code or data of one mapping state (ARM, Thumb, data) from `from` up to `to` (the next label or
 * mapping symbol, or the end of what is listed): writes a line per unit and returns the address after the
 * last unit listed. It lists every unit that starts before `to` and fits before `end` (the end of the listed
 * part of the section), so a unit may run past `to`. `unit` is the smallest step it takes.
 */
export interface StateLister {
  readonly unit: number;
  list(context: ListingContext, from: number, to: number, end: number): number;
  /**
   * For a state that cannot be listed yet: the error to report for code of that state at `address`. The
   * listing checks every run before it writes anything, so such a file produces an error and no output.
   */
  readonly unsupported?: (fileName: string, address: number) => Error;
}

/** objdump puts a format-specific run of tabs before some comments (they are part of its format strings). */
function commentSeparator(comment: string): string {
  if (comment === '(mov r0, r0)') return '\t\t\t@ ';
  if (comment.charCodeAt(0) === 0x28 /* ( */) return '\t\t@ ';
  return '\t@ ';
}

/** An address far from any other in every bit that can matter to an ARM word's text (bits 31:2). */
const OTHER_ADDRESS = 0x5a5a5a5c;
/** Room for the address column of a line. */
const COLUMN = 10;

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
      // As an int32: a word at or above 2^31 read as uint32 would be a heap number, allocated and hashed.
      const word = view.getInt32(address - section.address, true);
      let entry = lineCache.get(word);
      if (entry === undefined) {
        spelled = false;
        const d = formatA32(decodeA32(word, address), format);
        const line = d.comment === null ? d.text + '\n' : d.text + commentSeparator(d.comment) + d.comment + '\n';
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

/** Data (`$d`): objdump's `.word` lines, a word at a time. */
const DATA_LISTER: StateLister = {
  unit: 4,
  list(context, from, to, end) {
    const { view, out, section } = context;
    let address = from;
    for (; address < to && address + 4 <= end; address += 4) {
      const word = view.getUint32(address - section.address, true);
      out.reserve(COLUMN + 8 + DOT_WORD.length + 9);
      out.addressColumn(address);
      out.hex8(word);
      out.copy(DOT_WORD, 0, DOT_WORD.length);
      out.hex8(word);
      out.buffer[out.length++] = 0x0a; // '\n'
    }
    return address;
  },
};

/** Thumb state: not listed yet; the listing says so instead of printing ARM text for Thumb code. */
const THUMB_LISTER: StateLister = {
  unit: 2,
  unsupported: (fileName, address) =>
    new CommandError(
      `${fileName} has Thumb code at 0x${address.toString(16)}; the listing covers ARM state only for now`,
      1,
    ),
  list(context, from) {
    throw THUMB_LISTER.unsupported!(context.fileName, from);
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
  const listed = sections
    .map((section, index) => {
      const start = range === null ? section.address : Math.max(range.from, section.address);
      const end = range === null ? section.address + section.size : Math.min(range.to, section.address + section.size);
      return { section, index, start, end };
    })
    .filter(({ section, start, end }) => section.executable && start < end);
  // Refuse a state that cannot be listed before writing anything.
  for (const { start, end } of listed) {
    const first = nextAbove(mappingAddresses, start, 0).index;
    for (let m = Math.max(first - 1, 0); m < mappingAddresses.length && mappingAddresses[m]! < end; m++) {
      const lister = STATE_LISTERS[mappingStates[m]!];
      if (lister.unsupported !== undefined) throw lister.unsupported(fileName, Math.max(mappingAddresses[m]!, start));
    }
  }
  const out = new ListingOutput(write, options.chunkBytes);
  const lineCache = new LineArena();
  out.text(`\n${fileName}:     file format elf32-littlearm\n\n`);
  for (const { section, index, start, end } of listed) {
    out.text(`\nDisassembly of section ${section.name}:\n`);
    const context: ListingContext = {
      fileName,
      section,
      view: new DataView(bytes.buffer, bytes.byteOffset + section.offset, section.size),
      out,
      formatAddress: symbolizer.formatAddress,
      lineCache,
    };
    const labels = symbolizer.perSection[index]!;
    let label = nextAbove(labels.addresses, start - 1, 0);
    let mapping = nextAbove(mappingAddresses, start, 0);
    let address = start;
    for (;;) {
      if (mapping.value <= address) mapping = nextAbove(mappingAddresses, address, mapping.index);
      const lister = STATE_LISTERS[mapping.index > 0 ? mappingStates[mapping.index - 1]! : 'arm'];
      if (address + lister.unit > end) break;
      // Labels print only where a unit starts: one that the previous unit ran past is skipped, as objdump does.
      if (label.value < address) label = nextAbove(labels.addresses, address - 1, label.index);
      if (label.value === address) {
        out.text(`\n${address.toString(16).padStart(8, '0')} <${labels.names[label.index]!}>:\n`);
        label = nextAbove(labels.addresses, address, label.index);
      }
      address = lister.list(context, address, Math.min(label.value, mapping.value, end), end);
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
