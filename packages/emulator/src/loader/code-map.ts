import { type ElfFile, hex, PF_X, SHF_ALLOC, SHF_EXECINSTR, SHT_NOBITS } from './elf.js';
import type { MappingSymbol, SymbolTable } from './symbols.js';

/** The instruction set a code range is in. */
export type InstructionState = 'arm' | 'thumb';

/** Bytes that hold instructions: [start, end) inside one executable section, all in one state. */
export interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly state: InstructionState;
  /** The section's name (`.text`), or `segment` when the file has no section headers. */
  readonly section: string;
}

/** What lies at an address of the program. */
export type CodePlace =
  | { readonly kind: 'code'; readonly range: CodeRange }
  | {
      readonly kind: 'data';
      readonly section: string;
      /** `literal-pool`: a `$d` range (or no mapping symbol) inside an executable section; `data-section`: a section without SHF_EXECINSTR. */
      readonly why: 'literal-pool' | 'data-section';
    }
  | { readonly kind: 'outside' };

/** Where the map came from: the sections and mapping symbols, or (no section headers) the executable segments, taken as ARM code. */
export type CodeMapBasis = 'sections' | 'segments';

interface AllocatedSection {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly executable: boolean;
}

/**
 * Which bytes of a program are instructions, and in which state: the bytes of its SHF_EXECINSTR sections,
 * minus the `$d` ranges of the mapping symbols, split by `$a` / `$t` (ARM ELF ABI, mapping symbols: each
 * marks the state of its section's bytes up to the next one; a section starts as data). A file with no
 * mapping symbols at all (their local symbols stripped) has its executable sections taken as code: Thumb
 * where a Thumb function (STT_FUNC or STT_GNU_IFUNC with st_value bit 0) covers them, ARM elsewhere (all ARM
 * when it has no symbols at all); one without section headers, its executable segments, as ARM code.
 *
 * Everything else in an executable segment — the ELF header mapped with it, a `.rodata` that the linker put
 * after `.text`, literal pools — is data, and `at` says which.
 */
export class CodeMap {
  private constructor(
    /** Sorted, non-overlapping; adjacent ranges of one section have different states. */
    readonly ranges: readonly CodeRange[],
    private readonly sections: readonly AllocatedSection[],
    readonly basis: CodeMapBasis,
  ) {}

  static read(elf: ElfFile, symbols: SymbolTable): CodeMap {
    if (elf.sections.length === 0) {
      const ranges = elf.segments
        .filter((s) => (s.flags & PF_X) !== 0 && s.filesz > 0)
        .map((s) => ({ start: s.vaddr, end: s.vaddr + s.filesz, state: 'arm' as const, section: 'segment' }));
      return new CodeMap(ranges, [], 'segments');
    }
    const names = sectionNames(elf);
    const sections: AllocatedSection[] = [];
    const ranges: CodeRange[] = [];
    const mapping = new Map<number, MappingSymbol[]>();
    for (const m of symbols.mappingSymbols) {
      const list = mapping.get(m.section);
      if (list === undefined) mapping.set(m.section, [m]);
      else list.push(m);
    }
    const stripped = symbols.mappingSymbols.length === 0;
    elf.sections.forEach((s, index) => {
      if ((s.flags & SHF_ALLOC) === 0 || s.size === 0) return;
      const executable = (s.flags & SHF_EXECINSTR) !== 0 && s.type !== SHT_NOBITS;
      const name = names[index] ?? `section ${index}`;
      const start = s.addr;
      const end = s.addr + s.size;
      sections.push({ name, start, end, executable });
      if (!executable) return;
      if (stripped) {
        ranges.push(...unmappedRanges(symbols, index, start, end, name));
        return;
      }
      const marks = (mapping.get(index) ?? []).filter((m) => m.address >= start && m.address < end);
      marks.forEach((m, i) => {
        if (m.state === 'data') return;
        const to = marks[i + 1]?.address ?? end;
        if (to <= m.address) return;
        const last = ranges[ranges.length - 1];
        if (last !== undefined && last.section === name && last.state === m.state && last.end === m.address) {
          ranges[ranges.length - 1] = { ...last, end: to };
        } else ranges.push({ start: m.address, end: to, state: m.state, section: name });
      });
    });
    ranges.sort((a, b) => a.start - b.start);
    sections.sort((a, b) => a.start - b.start);
    return new CodeMap(ranges, sections, 'sections');
  }

  /** The code range containing `address`, or null. */
  rangeAt(address: number): CodeRange | null {
    address >>>= 0;
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (address < r.start) hi = mid - 1;
      else if (address >= r.end) lo = mid + 1;
      else return r;
    }
    return null;
  }

  /** Code (with its range), data (and why), or outside every section of the program. */
  at(address: number): CodePlace {
    const range = this.rangeAt(address);
    if (range !== null) return { kind: 'code', range };
    address >>>= 0;
    const section = this.sections.find((s) => address >= s.start && address < s.end);
    if (section === undefined) return { kind: 'outside' };
    return { kind: 'data', section: section.name, why: section.executable ? 'literal-pool' : 'data-section' };
  }

  /**
   * Why `address` cannot hold an instruction of `size` bytes in `state`, in words for an error message
   * (`0x000105c0 is data (a $d literal pool in .text), not an instruction`); null when it can.
   */
  refusal(address: number, size = 4, state: InstructionState = 'arm'): string | null {
    const place = this.at(address);
    const a = `0x${hex(address)}`;
    switch (place.kind) {
      case 'outside':
        return `${a} is outside the program's sections, not an instruction`;
      case 'data':
        return place.why === 'literal-pool'
          ? `${a} is data (a $d literal pool in ${place.section}), not an instruction`
          : `${a} is data (in ${place.section}, which is not an executable section), not an instruction`;
      case 'code':
        if (place.range.state !== state) {
          return place.range.state === 'thumb'
            ? `${a} is Thumb code, not ARM code`
            : `${a} is ARM code, not Thumb code`;
        }
        if (address + size > place.range.end)
          return `${a} is the last bytes of a code range, too short for an instruction`;
        return null;
    }
  }
}

/** Section names from the section header string table (index → name; missing when unreadable). */
function sectionNames(elf: ElfFile): string[] {
  const table = elf.sections[elf.header.shstrndx];
  if (table === undefined || table.type === SHT_NOBITS) return [];
  const { bytes } = elf;
  const limit = Math.min(table.offset + table.size, bytes.length);
  return elf.sections.map((s) => {
    let at = table.offset + s.name;
    let name = '';
    while (at < limit && bytes[at] !== 0) name += String.fromCharCode(bytes[at++]!);
    return name;
  });
}

const STT_FUNC = 2;
const STT_GNU_IFUNC = 10;

/**
 * A section of a file without mapping symbols, [start, end): the extents of its Thumb functions as Thumb code
 * (from the first such function at an address, up to its st_size or the next symbol, clipped to the next Thumb
 * function), the rest as ARM code; adjacent ranges of one state merged.
 */
function unmappedRanges(symbols: SymbolTable, section: number, start: number, end: number, name: string): CodeRange[] {
  const thumb = symbols.symbols
    .filter((f) => f.section === section && (f.type === STT_FUNC || f.type === STT_GNU_IFUNC) && (f.address & 1) !== 0)
    .map((f) => symbols.extent(f))
    .filter((e) => e.start >= start && e.start < end)
    .sort((a, b) => a.start - b.start);
  const out: CodeRange[] = [];
  const push = (from: number, to: number, state: InstructionState) => {
    if (to <= from) return;
    const last = out[out.length - 1];
    if (last !== undefined && last.state === state && last.end === from) out[out.length - 1] = { ...last, end: to };
    else out.push({ start: from, end: to, state, section: name });
  };
  let at = start;
  for (const e of thumb) {
    if (e.start < at) {
      // Inside the previous Thumb function (an alias, or overlapping sizes): extend it if it reaches further.
      push(at, Math.min(e.end, end), 'thumb');
      at = Math.max(at, Math.min(e.end, end));
      continue;
    }
    push(at, e.start, 'arm');
    push(e.start, Math.min(e.end, end), 'thumb');
    at = Math.min(e.end, end);
  }
  push(at, end, 'arm');
  return out;
}
