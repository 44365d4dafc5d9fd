import { decodeA32, formatA32 } from '@armprobe/decoder';
import type { MappingState } from '@armprobe/emulator';
import { CommandError } from '../errors.js';
import { bytesSource, type ListingSource, openListingSource, readListingElf } from './listing-file.js';
import type { PairTable } from './listing-index.js';
import { AddressSpy, keptLine, LineCache, ListingOutput, OTHER_ADDRESS, sanitized } from './listing-output.js';
import { type ListingOptions, type ListingPlan, type ListingSection, listingPlan } from './listing-plan.js';
import { temporaryFileScratch } from './listing-scratch.js';
import { MAPPING_STATES, THUMB_STATE } from './listing-symbols.js';
import { THUMB_LISTER, ThumbItTracker } from './listing-thumb.js';

export type { ListingOptions, ListingSection } from './listing-plan.js';

/** What a state lister sees: the section's bytes, where they are, and how to spell addresses. */
export interface ListingContext {
  readonly fileName: string;
  readonly section: ListingSection;
  /**
   * The part of the section's contents read so far, little-endian: `bytes[i]` is the byte at address
   * `base + i`. It holds the bytes from the unit a lister is called at to the `to` it is given, and at least
   * 64 bytes before that unit (or from the section's start).
   */
  readonly view: DataView;
  readonly bytes: Uint8Array;
  readonly base: number;
  readonly out: ListingOutput;
  readonly formatAddress: (address: number) => string;
  /** The printer's formatAddress, watched (see AddressSpy). */
  readonly spy: AddressSpy;
  /** Writes an address's spelling into the output. */
  readonly spell: (out: ListingOutput, address: number) => void;
  /**
   * Lines by unit, shared by the listers of one listing: ARM words (tag 0) and Thumb units (other tags) whose
   * line does not depend on where they are, or only through one spelled address (a template).
   */
  readonly lines: LineCache;
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
 * mapping symbol, or the end of the bytes read so far): writes a line per unit and returns the address after
 * the last unit listed. It lists every unit that starts before `to` and fits before `end` (the next label or
 * the end of the listed part of the section: objdump's region), so a unit may run past a mapping symbol. It
 * stops early at a unit starting with a zero byte where `zeroRun` says objdump skips zeros. `unit` is the
 * smallest step it takes.
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

/** Room for the address column of a line and a word's hex column. */
const COLUMN = 10;
/** objdump prints `...` for this many zero bytes or more (in multiples of 4 unless they end the region), */
const SKIP_ZEROES = 8;
/** and for fewer than this many at the end of a region. */
const SKIP_ZEROES_AT_END = 3;
/** The line cache's tag for ARM words. */
const ARM_TAG = 0;

function armText(word: number, address: number, context: ListingContext, probe: boolean): string {
  context.spy.reset(probe);
  const d = formatA32(decodeA32(word, address), context.spy.format);
  return d.comment === null ? d.text + '\n' : d.text + commentSeparator(d.text, d.comment) + d.comment + '\n';
}

/** Writes a word's line after the address column, as it is printed at `address`, without making it a string. */
function writeArmLine(out: ListingOutput, word: number, address: number, context: ListingContext): void {
  context.spy.reset(false);
  const d = formatA32(decodeA32(word, address), context.spy.format);
  out.reserve(10);
  out.hex8(word);
  out.buffer[out.length++] = 0x20; // ' '
  out.buffer[out.length++] = 0x09; // '\t'
  out.text(d.text);
  if (d.comment !== null) {
    out.text(commentSeparator(d.text, d.comment));
    out.text(d.comment);
  }
  out.reserve(1);
  out.buffer[out.length++] = 0x0a; // '\n'
}

/**
 * ARM state: a word at a time, disassembled exactly as objdump prints it. Most words of a program recur
 * (`push {r4, lr}`, `bx lr`, `mov r0, #0`, and each call of a function: `bl 1234 <f>`): a word's line, without
 * the address column, is kept in the listing's line cache the first time it is printed — as it is when it
 * does not depend on the address, and as a template around the one address it spells when that address is at
 * a fixed distance from the word's (branches, PC-relative loads) — so a word is decoded and printed once and
 * later only copied (and its target's name looked up).
 */
const ARM_LISTER: StateLister = {
  unit: 4,
  list(context, from, to, end) {
    const { view, bytes, base, out, lines, spy, spell } = context;
    let address = from;
    for (; address < to && address + 4 <= end; address += 4) {
      const offset = address - base;
      if (bytes[offset] === 0 && context.zeroRun(address, end) > 0) break;
      // As an int32: a word at or above 2^31 read as uint32 would be a heap number.
      const word = view.getInt32(offset, true);
      let slot = lines.find(word, ARM_TAG);
      if (slot === -2) {
        // The first time: printed, not kept.
        out.reserve(COLUMN);
        out.addressColumn(address);
        writeArmLine(out, word, address, context);
        continue;
      }
      if (slot === -1) {
        // A word seen before: keep its line if it can be kept.
        const line = armText(word, address, context, false);
        const { count, target, spelled } = spy;
        const other = (address ^ OTHER_ADDRESS) >>> 0;
        const otherLine = armText(word, other, context, true);
        const kept = keptLine(line, address, count, target, spelled, otherLine, other, spy.count, spy.target);
        if (kept !== null) slot = lines.put(word, ARM_TAG, kept);
        if (slot < 0) {
          out.reserve(COLUMN + 10);
          out.addressColumn(address);
          out.hex8(word);
          out.text(' \t');
          out.text(line);
          continue;
        }
      }
      out.reserve(COLUMN + 10);
      out.addressColumn(address);
      out.hex8(word);
      out.buffer[out.length++] = 0x20; // ' '
      out.buffer[out.length++] = 0x09; // '\t'
      lines.write(slot, out, address, spell);
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
    const { view, out, base, bytes } = context;
    let address = from;
    while (address < to) {
      let size = 4 - (address & 3);
      if (to - address < size) size = to - address;
      if (size === 3) size = (address & 1) !== 0 ? 1 : 2;
      if (address + size > end) break;
      const offset = address - base;
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

/**
 * The first pair at or after `from` (and before `to`) whose key is above `value`: its index, and its key or
 * Infinity if there is none.
 */
export function nextAbove(table: PairTable, value: number, from: number, to: number): { index: number; value: number } {
  // A search, not a walk from `from`: each section starts its search of the mapping symbols at the first one, and
  // a file can have tens of thousands of sections.
  const i = table.atOrBelow(value, from, to) + 1;
  return { index: i, value: i < to ? table.key(i) : Number.POSITIVE_INFINITY };
}

/** How far back of the unit being listed the bytes read stay available (objdump's IT scan looks back). */
const LOOK_BACK = 64;

/**
 * Writes an objdump-`-d`-style listing of a static ARM ELF to `write`, in chunks (each a view of one reused
 * buffer, valid during the call): executable sections, a label line at each symbol, each run of bytes listed
 * by the lister of its mapping state (`$a` ARM code, `$d` literal pools as `.word` data, `$t` Thumb code),
 * exactly as objdump prints them. The file is `bytes` in memory, or a `ListingSource` read a piece at a time.
 */
export function writeElfListing(
  file: Uint8Array | ListingSource,
  fileName: string,
  write: (chunk: Uint8Array) => void,
  options: ListingOptions = {},
): void {
  const source = file instanceof Uint8Array ? bytesSource(file) : file;
  const plan = listingPlan(readListingElf(source), fileName, options);
  try {
    writeListing(source, fileName, write, options, plan);
  } finally {
    plan.store?.close();
  }
}

function writeListing(
  source: ListingSource,
  fileName: string,
  write: (chunk: Uint8Array) => void,
  options: ListingOptions,
  { sections, symbolizer, range, mappings, unmappedState }: ListingPlan,
): void {
  const { labels } = symbolizer;
  const out = new ListingOutput(write, options.chunkBytes);
  const lines = new LineCache(15, 1 << 20);
  const it = new ThumbItTracker();
  const spy = new AddressSpy(symbolizer.formatAddress);
  const windowBytes = Math.max(4096, options.windowBytes ?? 1 << 16);
  const window = source.bytes === null ? new Uint8Array(windowBytes) : null;
  const scratch = source.bytes === null ? new Uint8Array(4096) : null;
  out.utf8(`\n${fileName}:     file format elf32-littlearm\n\n`);
  for (let k = 0; k < sections.length; k++) {
    const section = sections.get(k);
    // Every executable section gets its heading, as with objdump's --disassemble=SYMBOL; only the part asked for
    // is listed.
    if (!section.executable) continue;
    const start = range === null ? section.address : Math.max(range.from, section.address);
    const end = range === null ? section.address + section.size : Math.min(range.to, section.address + section.size);
    out.text(`\nDisassembly of section ${sanitized(section.name)}:\n`);
    if (start >= end) continue;
    out.columnFor(section.address, section.size);
    const sectionLabels = symbolizer.labelsOf(section);
    const { from: labelsFrom, to: labelsTo } = sectionLabels;
    symbolizer.current = section;
    const sectionEnd = section.address + section.size;
    // The bytes read: the whole section in place when the file is in memory, else a window moved along it.
    let bytes: Uint8Array;
    let base: number;
    let readEnd: number;
    let view: DataView;
    const readAt = (address: number) => {
      if (window === null) {
        bytes = source.bytes!.subarray(section.offset, section.offset + section.size);
        base = section.address;
        readEnd = sectionEnd;
      } else {
        base = Math.max(section.address, address - LOOK_BACK);
        const n = source.readInto(section.offset + (base - section.address), window.subarray(0, sectionEnd - base));
        bytes = window.subarray(0, n);
        readEnd = base + n;
      }
      view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    };
    readAt(start);
    let label = nextAbove(labels, start - 1, labelsFrom, labelsTo);
    let mapping = nextAbove(mappings, start, 0, mappings.length);
    const zeroRun = (address: number, regionEnd: number) => {
      let z = address;
      while (z < regionEnd && z < readEnd && bytes[z - base] === 0) z++;
      if (z < regionEnd && z >= readEnd && scratch !== null) {
        // Zeros up to the end of what has been read, or an address past it: read on, into the scratch buffer
        // (the window stays).
        for (;;) {
          const n = source.readInto(section.offset + (z - section.address), scratch.subarray(0, sectionEnd - z));
          let k = 0;
          while (k < n && z < regionEnd && scratch[k] === 0) {
            k++;
            z++;
          }
          if (k < n || n === 0 || z >= regionEnd) break;
        }
      }
      const run = z - address;
      if (run >= SKIP_ZEROES) return z === regionEnd ? run : run & ~3;
      return z === regionEnd && run < SKIP_ZEROES_AT_END ? run : 0;
    };
    const context = {
      fileName,
      section,
      view: view!,
      bytes: bytes!,
      base: base!,
      out,
      formatAddress: symbolizer.formatAddress,
      spy,
      spell: symbolizer.spell,
      lines,
      it,
      isLabel: (address: number) => {
        const i = labels.atOrBelow(address, labelsFrom, labelsTo);
        return i >= labelsFrom && labels.key(i) === address;
      },
      itCandidateIsThumb: (address: number) => {
        const governing = mapping.index - 1;
        if (governing < 0) return mappings.length === 0;
        if (address >= mappings.key(governing)) return mappings.value(governing) === THUMB_STATE;
        return governing > 0 && mappings.value(governing - 1) === THUMB_STATE;
      },
      zeroRun,
    };
    let address = start;
    while (address < end) {
      if (mapping.value <= address) mapping = nextAbove(mappings, address, mapping.index, mappings.length);
      if (label.value < address) label = nextAbove(labels, address - 1, label.index, labelsTo);
      let lister: StateLister;
      if (mapping.index > 0) lister = STATE_LISTERS[MAPPING_STATES[mappings.value(mapping.index - 1)]!];
      else {
        // The region's label: the one here, else the one before it in this section.
        const current = label.value === address ? label.index : label.index - 1;
        lister = STATE_LISTERS[unmappedState(current >= labelsFrom ? labels.key(current) : -1)];
      }
      if (label.value === address) {
        out.reserve(11);
        out.buffer[out.length++] = 0x0a; // '\n'
        out.hex8(address);
        out.text(' <');
        const name = labels.value(label.index);
        symbolizer.strtab.load(name);
        out.name(symbolizer.strtab.bytes, symbolizer.strtab.at, symbolizer.strtab.end);
        out.text('>:\n');
        label = nextAbove(labels, address, label.index, labelsTo);
      } else if (address === section.address) {
        // A section that does not start with a label: its first label's name, or the section's (`<.iplt>:`).
        out.text(`\n${address.toString(16).padStart(8, '0')} <${symbolizer.sectionStart(sectionLabels)}>:\n`);
      }
      // A unit is at most 4 bytes: list up to a word boundary 4 bytes or more before the end of what has been
      // read (so a `.word` is cut only where objdump cuts it), reading on first when the unit is past it.
      let readTo = readEnd! < sectionEnd ? readEnd! - 4 - (readEnd! & 3) : Number.POSITIVE_INFINITY;
      if (address >= readTo) {
        readAt(address);
        readTo = readEnd! < sectionEnd ? readEnd! - 4 - (readEnd! & 3) : Number.POSITIVE_INFINITY;
        context.bytes = bytes!;
        context.view = view!;
        context.base = base!;
      }
      // objdump lists from label to label (its regions); mapping symbols change the state inside one.
      const regionEnd = Math.min(label.value, end);
      const zeros = zeroRun(address, regionEnd);
      if (zeros > 0) {
        out.text('\t...\n');
        address += zeros;
        continue;
      }
      const next = lister.list(context, address, Math.min(label.value, mapping.value, readTo), regionEnd);
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

/** Writes the listing of the ELF file at `path`, reading it a piece at a time (see writeElfListing). */
export function writeElfFileListing(
  path: string,
  fileName: string,
  write: (chunk: Uint8Array) => void,
  options: ListingOptions = {},
): void {
  let source: ReturnType<typeof openListingSource>;
  try {
    source = openListingSource(path);
  } catch (error) {
    throw new CommandError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 2);
  }
  try {
    const symbolSorting = { store: () => temporaryFileScratch(), ...options.symbolSorting };
    writeElfListing(source, fileName, write, { ...options, symbolSorting });
  } finally {
    source.close();
  }
}

/** The listing as one string (tests and small files; the CLI streams it with writeElfListing). */
export function listElf(bytes: Uint8Array, fileName: string, options: ListingOptions = {}): string {
  const chunks: Uint8Array[] = [];
  writeElfListing(bytes, fileName, (chunk) => chunks.push(chunk.slice()), options);
  return Buffer.concat(chunks).toString('utf8');
}
