/*
 * The symbols objdump makes up for a dynamically linked file's PLT: one `name@plt` per entry of `.rel.plt`, at
 * the entry's address in `.plt`, found by walking the PLT's entries as the linker lays them out (BFD's
 * elf32_arm_get_synthetic_symtab reads them the same way: a first entry of a known form, then entries of the
 * short, long or Thumb-only form, each possibly preceded by a Thumb `bx pc` stub).
 */
import {
  type ListingElf,
  type ListingSectionHeader,
  PagedBytes,
  SHT_DYNSYM,
  SHT_GNU_VERDEF,
  SHT_GNU_VERNEED,
  SHT_GNU_VERSYM,
  SHT_REL,
  SHT_RELA,
  STB_LOCAL,
  STT_FUNC,
} from './listing-file.js';
import { type SectionNames, StringTable } from './listing-strings.js';

/** A made-up symbol, named in full (`puts@plt`). */
export interface SyntheticSymbol {
  readonly address: number;
  readonly name: string;
  /** The section it is in (.plt). */
  readonly shndx: number;
  /** The dynamic symbol's type is STT_FUNC (objdump copies its flags). */
  readonly function: boolean;
  /** The dynamic symbol is local (else objdump makes it global). */
  readonly local: boolean;
}

const ARM_PLT0 = 0xe52de004;
const THUMB2_PLT0 = 0xf8dfb500;
const THUMB_STUB = 0x4778;
const SHORT_ENTRY = 0xe28fc600;
const LONG_ENTRY = 0xe28fc200;

/** Names by offset in a dynamic symbol table's string table, read a page at a time; null without a string table. */
export type DynamicNames = (dynsymIndex: number) => ((at: number) => string) | null;

/** DynamicNames of `elf`, each string table opened once. */
export function dynamicNames(elf: ListingElf): DynamicNames {
  const opened = new Map<number, ((at: number) => string) | null>();
  return (dynsymIndex) => {
    let names = opened.get(dynsymIndex);
    if (names === undefined) {
      const dynstr = elf.sections.at(elf.sections.at(dynsymIndex)?.link ?? -1);
      const table = dynstr === undefined ? null : new StringTable(elf.source, dynstr.offset, dynstr.size);
      names = table === null ? null : (at: number) => (at < table.size ? table.name(at) : '');
      opened.set(dynsymIndex, names);
    }
    return names;
  };
}

/**
 * Calls `each` with the `name@plt` symbols of the file, in PLT order; none when it has no `.rel.plt` for
 * `.dynsym`, or a PLT of an unknown form. The relocations, the PLT and the dynamic symbols are read a page at a
 * time (a library can have hundreds of thousands of each), so a walk holds none of them; the listing walks
 * twice (to count, then to sort).
 */
export type PltSymbols = (each: (symbol: SyntheticSymbol) => void) => void;

/** The file's PltSymbols. */
export function pltSymbols(elf: ListingElf, names: SectionNames, dynamic: DynamicNames): PltSymbols {
  const none: PltSymbols = () => {};
  const pltIndex = names.indexOf('.plt');
  const rel = elf.sections.at(names.indexOf('.rel.plt'));
  const plt = elf.sections.at(pltIndex);
  if (rel === undefined || plt === undefined || plt.size < 4) return none;
  const dynsym: ListingSectionHeader | undefined = elf.sections.at(rel.link);
  if (dynsym === undefined || dynsym.type !== SHT_DYNSYM || (rel.type !== SHT_REL && rel.type !== SHT_RELA))
    return none;
  const nameAt = dynamic(rel.link);
  if (nameAt === null) return none;
  const entry = rel.type === SHT_REL ? 8 : 12;
  const count = Math.floor(rel.size / entry);
  if (count === 0) return none;
  const symbolCount = Math.floor(dynsym.size / 16);
  return (each) => {
    const relocs = new PagedBytes(elf.source, rel.offset, count * entry, 2);
    const code = new PagedBytes(elf.source, plt.offset, plt.size, 2);
    const symbols = new PagedBytes(elf.source, dynsym.offset, symbolCount * 16);
    const word = (at: number) => (at + 4 <= plt.size ? code.u32(at) : -1);
    const half = (at: number) => (at + 2 <= plt.size ? code.u16(at) : -1);
    const first = word(0);
    let offset: number;
    if (first === ARM_PLT0) offset = 20;
    else if (first === THUMB2_PLT0) offset = 16;
    else return;
    for (let i = 0; i < count; i++) {
      let size = 0;
      if (first === THUMB2_PLT0) size = 16;
      else {
        if (half(offset) === THUMB_STUB) size += 4;
        // The first instruction without its immediate says the form.
        const insn = (word(offset + size) & 0xffffff00) >>> 0;
        if (insn === LONG_ENTRY) size += 16;
        else if (insn === SHORT_ENTRY) size += 12;
        else break;
      }
      const symbol = relocs.u32(i * entry + 4) >>> 8;
      if (symbol >= symbolCount) break;
      const name = nameAt(symbols.u32(symbol * 16));
      const info8 = symbols.u8(symbol * 16 + 12);
      const addend = rel.type === SHT_RELA ? relocs.u32(i * entry + 8) : 0;
      each({
        address: (plt.addr + offset) >>> 0,
        name: `${name}${addend !== 0 ? `+0x${addend.toString(16)}` : ''}@plt`,
        shndx: pltIndex,
        function: (info8 & 0xf) === STT_FUNC,
        local: info8 >>> 4 === STB_LOCAL,
      });
      offset += size;
    }
  };
}

const VER_FLG_BASE = 1;
const VERSYM_HIDDEN = 0x8000;

/**
 * How objdump prints the names of a file's dynamic symbols when it lists from `.dynsym` (a stripped shared
 * library or PIE): with their version, `name@@VERSION` for the default one, `name@VERSION` for a hidden or
 * needed one (BFD's symbol version string, with the base version called `Base`). Null when the file has no
 * version tables; otherwise a function of the symbol's index giving the suffix (the symbols named are all
 * defined ones: objdump never names an address after an undefined symbol).
 */
export function dynamicVersions(
  elf: ListingElf,
  dynsymIndex: number,
  dynamic: DynamicNames,
): ((index: number) => string) | null {
  const versym = elf.sections.at(elf.sections.indexOfType(SHT_GNU_VERSYM));
  const verdef = elf.sections.at(elf.sections.indexOfType(SHT_GNU_VERDEF));
  const verneed = elf.sections.at(elf.sections.indexOfType(SHT_GNU_VERNEED));
  if (versym === undefined || (verdef === undefined && verneed === undefined)) return null;
  const stringAt = dynamic(dynsymIndex);
  if (stringAt === null) return null;
  const read = (section: ListingSectionHeader) => {
    const bytes = elf.source.read(section.offset, section.size);
    return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  };
  // Definitions by their index (vd_ndx), the first auxiliary entry naming each; and whether the first is the base.
  const definitions: string[] = [];
  let baseFlags = 0;
  let definitionCount = 0;
  if (verdef !== undefined) {
    const { view } = read(verdef);
    let at = 0;
    for (let i = 0; i < verdef.info && at + 20 <= view.byteLength; i++) {
      const flags = view.getUint16(at + 2, true);
      const index = view.getUint16(at + 4, true);
      const aux = view.getUint32(at + 12, true);
      const next = view.getUint32(at + 16, true);
      if (i === 0) baseFlags = flags;
      if (at + aux + 8 <= view.byteLength) definitions[index - 1] = stringAt(view.getUint32(at + aux, true));
      definitionCount = Math.max(definitionCount, index);
      if (next === 0) break;
      at += next;
    }
  }
  // Needed versions by their index (vna_other).
  const needed = new Map<number, string>();
  if (verneed !== undefined) {
    const { view } = read(verneed);
    let at = 0;
    for (let i = 0; i < verneed.info && at + 16 <= view.byteLength; i++) {
      const count = view.getUint16(at + 2, true);
      let aux = at + view.getUint32(at + 8, true);
      for (let k = 0; k < count && aux + 16 <= view.byteLength; k++) {
        needed.set(view.getUint16(aux + 6, true), stringAt(view.getUint32(aux + 8, true)));
        const next = view.getUint32(aux + 12, true);
        if (next === 0) break;
        aux += next;
      }
      const next = view.getUint32(at + 12, true);
      if (next === 0) break;
      at += next;
    }
  }
  // One index per dynamic symbol: read a page at a time.
  const versions = new PagedBytes(elf.source, versym.offset, versym.size);
  // objdump asks with base_p: a definition's own name is printed even for its version symbol (GLIBC_2.4@@GLIBC_2.4).
  return (index) => {
    if (2 * index + 2 > versions.size) return '';
    const raw = versions.u16(2 * index);
    let hidden = (raw & VERSYM_HIDDEN) !== 0;
    const number = raw & ~VERSYM_HIDDEN;
    let version: string;
    if (number === 0) version = '';
    else if (number === 1 && (number > definitionCount || baseFlags === VER_FLG_BASE)) version = 'Base';
    else if (number <= definitionCount) version = definitions[number - 1] ?? '';
    else {
      version = '<corrupt>';
      const need = needed.get(number);
      if (need !== undefined) {
        hidden = true;
        version = need;
      }
    }
    return version === '' ? '' : `${hidden ? '@' : '@@'}${version}`;
  };
}
