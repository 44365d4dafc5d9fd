import { type Disassembly, decodeA32, formatA32 } from '@armprobe/decoder';
import { type ElfFile, type ElfSymbol, parseElf, readSymbols, type SymbolTable } from '@armprobe/emulator';
import { CommandError } from '../errors.js';

const SHF_ALLOC = 0x2;
const SHF_EXECINSTR = 0x4;
const SHT_NOBITS = 8;

interface Section {
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

function sectionsOf(elf: ElfFile): Section[] {
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
function preferred(a: ElfSymbol, b: ElfSymbol): ElfSymbol {
  const rank = (s: ElfSymbol) =>
    (s.binding === 1 ? 4 : s.binding === 2 ? 2 : 0) + (s.type === 1 || s.type === 2 ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(b) > rank(a) ? b : a;
  return b.name < a.name ? b : a;
}

class Symbolizer {
  /** Per section: its symbols' addresses (sorted) and the preferred symbol at each. */
  private readonly perSection: { section: Section; addresses: number[]; at: Map<number, ElfSymbol> }[];

  constructor(symbols: SymbolTable, sections: readonly Section[]) {
    this.perSection = sections.map((section) => {
      const at = new Map<number, ElfSymbol>();
      for (const s of symbols.symbols) {
        const a = s.address >>> 0;
        if (a < section.address || a >= section.address + section.size) continue;
        const existing = at.get(a);
        at.set(a, existing === undefined ? s : preferred(existing, s));
      }
      return { section, addresses: [...at.keys()].sort((x, y) => x - y), at };
    });
  }

  /** The label symbol that starts at `address`, if any. */
  labelAt(address: number): ElfSymbol | undefined {
    for (const p of this.perSection) if (p.at.has(address)) return p.at.get(address);
    return undefined;
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
    const name = p.at.get(base)!.name;
    return base === a ? `${hex} <${name}>` : `${hex} <${name}+0x${(a - base).toString(16)}>`;
  };
}

/** objdump puts a format-specific run of tabs before some comments (they are part of its format strings). */
function commentSeparator(d: Disassembly): string {
  if (d.comment === '(mov r0, r0)') return '\t\t\t@ ';
  if (d.comment?.startsWith('(')) return '\t\t@ ';
  return '\t@ ';
}

export interface ListingOptions {
  /** Only the function (or label) with this name. */
  readonly symbol?: string;
}

/**
 * An objdump-`-d`-style listing of the ARM code in a static ELF: executable sections, a label line at each
 * symbol, ARM-state words disassembled exactly as objdump prints them, and literal pools (`$d` mapping
 * symbols) as `.word` data.
 */
export function listElf(bytes: Uint8Array, fileName: string, options: ListingOptions = {}): string {
  const elf = parseElf(bytes);
  const symbols = readSymbols(elf);
  const sections = sectionsOf(elf);
  const symbolizer = new Symbolizer(symbols, sections);
  const format = { formatAddress: symbolizer.formatAddress };
  let range: { from: number; to: number } | null = null;
  if (options.symbol !== undefined) {
    const sym = symbols.symbols.find((s) => s.name === options.symbol);
    if (sym === undefined) throw new CommandError(`no symbol "${options.symbol}" in ${fileName}`, 2);
    const next = symbols.symbols.find((s) => s.address > sym.address);
    const to = sym.size > 0 ? sym.address + sym.size : (next?.address ?? sym.address + 4);
    range = { from: sym.address & ~1, to };
  }
  const out: string[] = [`\n${fileName}:     file format elf32-littlearm\n\n`];
  for (const section of sections) {
    if (!section.executable) continue;
    if (range !== null && (range.to <= section.address || range.from >= section.address + section.size)) continue;
    out.push(`\nDisassembly of section ${section.name}:\n`);
    const view = new DataView(bytes.buffer, bytes.byteOffset + section.offset, section.size);
    const start = range === null ? section.address : Math.max(range.from, section.address);
    const end = range === null ? section.address + section.size : Math.min(range.to, section.address + section.size);
    for (let address = start; address + 4 <= end; address += 4) {
      const label = symbolizer.labelAt(address);
      if (label !== undefined) out.push(`\n${address.toString(16).padStart(8, '0')} <${label.name}>:\n`);
      const word = view.getUint32(address - section.address, true);
      const head = `${address.toString(16).padStart(8, ' ')}:\t${word.toString(16).padStart(8, '0')} \t`;
      const state = symbols.mappingAt(address) ?? 'arm';
      if (state === 'data') {
        out.push(`${head}.word\t0x${word.toString(16).padStart(8, '0')}\n`);
        continue;
      }
      if (state === 'thumb') {
        throw new CommandError(
          `${fileName} has Thumb code at 0x${address.toString(16)}; the listing covers ARM state only for now`,
          1,
        );
      }
      const d = formatA32(decodeA32(word, address), format);
      out.push(d.comment === null ? `${head}${d.text}\n` : `${head}${d.text}${commentSeparator(d)}${d.comment}\n`);
    }
  }
  return out.join('');
}
