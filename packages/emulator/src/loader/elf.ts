/**
 * ELF32 little-endian ARM executables (System V gABI, ARM ELF ABI): header, program headers and the
 * section headers needed for symbols. Every malformation raises an `ElfError` with a code.
 */

export type ElfErrorCode =
  | 'truncated'
  | 'bad-magic'
  | 'bad-class'
  | 'bad-endianness'
  | 'bad-version'
  | 'not-executable'
  | 'bad-machine'
  | 'bad-header-size'
  | 'bad-program-headers'
  | 'segment-outside-file'
  | 'segment-size'
  | 'absurd-size'
  | 'overlapping-segments'
  | 'no-loadable-segments'
  | 'interpreter-not-supported'
  | 'bad-section-headers'
  | 'bad-symbol-table';

export class ElfError extends Error {
  override readonly name = 'ElfError';
  constructor(
    readonly code: ElfErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

const E_TYPES: Readonly<Record<number, string>> = {
  0: 'ET_NONE',
  1: 'ET_REL, an object file',
  3: 'ET_DYN, a PIE executable or a shared library',
  4: 'ET_CORE, a core dump',
};

/** The error for a file that is not a static executable, saying what it is (a PIE, an object file...). */
export function notExecutable(type: number): ElfError {
  const what = E_TYPES[type] === undefined ? '' : ` (${E_TYPES[type]})`;
  return new ElfError(
    'not-executable',
    `e_type ${type}${what}: only static executables (ET_EXEC, as gcc -static links them) are supported`,
  );
}

export const EM_ARM = 40;
export const ET_EXEC = 2;
export const PT_LOAD = 1;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;

/** Largest total memory image accepted (anything above is "absurd" for a guest program). */
export const MAX_IMAGE_BYTES = 1 << 30;
const MAX_PROGRAM_HEADERS = 256;
const MAX_SECTIONS = 1 << 16;

export interface ElfHeader {
  readonly type: number;
  readonly machine: number;
  readonly entry: number;
  readonly phoff: number;
  readonly shoff: number;
  readonly flags: number;
  readonly phentsize: number;
  readonly phnum: number;
  readonly shentsize: number;
  readonly shnum: number;
  readonly shstrndx: number;
}

export interface ProgramHeader {
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly paddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly flags: number;
  readonly align: number;
}

export interface SectionHeader {
  readonly name: number;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly entsize: number;
}

export interface ElfFile {
  readonly bytes: Uint8Array;
  readonly header: ElfHeader;
  readonly programHeaders: readonly ProgramHeader[];
  /** PT_LOAD headers, sorted by address. */
  readonly segments: readonly ProgramHeader[];
  readonly sections: readonly SectionHeader[];
}

/** Parses and validates an ELF image. Never throws anything but ElfError. */
export function parseElf(bytes: Uint8Array): ElfFile {
  if (!(bytes instanceof Uint8Array)) throw new ElfError('truncated', 'not a byte array');
  if (bytes.length < 52) throw new ElfError('truncated', `file is ${bytes.length} bytes, an ELF32 header needs 52`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError('bad-magic', 'not an ELF file (magic is not 7f 45 4c 46)');
  }
  if (bytes[4] !== 1) throw new ElfError('bad-class', `EI_CLASS ${bytes[4]}: only ELFCLASS32 is supported`);
  if (bytes[5] !== 1) throw new ElfError('bad-endianness', `EI_DATA ${bytes[5]}: only little-endian is supported`);
  if (bytes[6] !== 1) throw new ElfError('bad-version', `EI_VERSION ${bytes[6]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const header: ElfHeader = {
    type: u16(16),
    machine: u16(18),
    entry: u32(24),
    phoff: u32(28),
    shoff: u32(32),
    flags: u32(36),
    phentsize: u16(42),
    phnum: u16(44),
    shentsize: u16(46),
    shnum: u16(48),
    shstrndx: u16(50),
  };
  if (u32(20) !== 1) throw new ElfError('bad-version', `e_version ${u32(20)}`);
  if (header.machine !== EM_ARM) throw new ElfError('bad-machine', `e_machine ${header.machine}, expected EM_ARM (40)`);
  if (header.type !== ET_EXEC) throw notExecutable(header.type);
  if (u16(40) !== 52) throw new ElfError('bad-header-size', `e_ehsize ${u16(40)}, expected 52`);

  // Program headers.
  if (header.phnum === 0) throw new ElfError('no-loadable-segments', 'no program headers');
  if (header.phentsize !== 32)
    throw new ElfError('bad-program-headers', `e_phentsize ${header.phentsize}, expected 32`);
  if (header.phnum > MAX_PROGRAM_HEADERS) throw new ElfError('absurd-size', `${header.phnum} program headers`);
  if (header.phoff + header.phnum * 32 > bytes.length) {
    throw new ElfError('truncated', 'program header table extends past the end of the file');
  }
  const programHeaders: ProgramHeader[] = [];
  for (let i = 0; i < header.phnum; i++) {
    const o = header.phoff + i * 32;
    programHeaders.push({
      type: u32(o),
      offset: u32(o + 4),
      vaddr: u32(o + 8),
      paddr: u32(o + 12),
      filesz: u32(o + 16),
      memsz: u32(o + 20),
      flags: u32(o + 24),
      align: u32(o + 28),
    });
  }
  if (programHeaders.some((p) => p.type === PT_INTERP)) {
    throw new ElfError('interpreter-not-supported', 'PT_INTERP: dynamically linked executables are not supported');
  }
  const segments = programHeaders.filter((p) => p.type === PT_LOAD && p.memsz > 0).sort((a, b) => a.vaddr - b.vaddr);
  if (segments.length === 0) throw new ElfError('no-loadable-segments', 'no PT_LOAD segment with a non-zero size');
  let total = 0;
  for (const s of segments) {
    if (s.filesz > s.memsz) {
      throw new ElfError('segment-size', `segment at 0x${hex(s.vaddr)}: p_filesz ${s.filesz} > p_memsz ${s.memsz}`);
    }
    if (s.offset + s.filesz > bytes.length) {
      throw new ElfError('segment-outside-file', `segment at 0x${hex(s.vaddr)} reads past the end of the file`);
    }
    if (s.vaddr + s.memsz > 2 ** 32) {
      throw new ElfError('absurd-size', `segment at 0x${hex(s.vaddr)} wraps the address space`);
    }
    total += s.memsz;
    if (s.memsz > MAX_IMAGE_BYTES || total > MAX_IMAGE_BYTES) {
      throw new ElfError('absurd-size', `memory image larger than ${MAX_IMAGE_BYTES} bytes`);
    }
  }
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1]!;
    const s = segments[i]!;
    if (prev.vaddr + prev.memsz > s.vaddr) {
      throw new ElfError('overlapping-segments', `segments at 0x${hex(prev.vaddr)} and 0x${hex(s.vaddr)} overlap`);
    }
  }

  // Section headers (optional: a stripped file may have none).
  const sections: SectionHeader[] = [];
  if (header.shoff !== 0 && header.shnum !== 0) {
    if (header.shentsize !== 40) throw new ElfError('bad-section-headers', `e_shentsize ${header.shentsize}`);
    if (header.shnum > MAX_SECTIONS || header.shoff + header.shnum * 40 > bytes.length) {
      throw new ElfError('bad-section-headers', 'section header table extends past the end of the file');
    }
    for (let i = 0; i < header.shnum; i++) {
      const o = header.shoff + i * 40;
      const sh: SectionHeader = {
        name: u32(o),
        type: u32(o + 4),
        flags: u32(o + 8),
        addr: u32(o + 12),
        offset: u32(o + 16),
        size: u32(o + 20),
        link: u32(o + 24),
        info: u32(o + 28),
        entsize: u32(o + 36),
      };
      if (sh.type !== SHT_NOBITS && sh.type !== 0 && sh.offset + sh.size > bytes.length) {
        throw new ElfError('bad-section-headers', `section ${i} extends past the end of the file`);
      }
      sections.push(sh);
    }
  }
  return { bytes, header, programHeaders, segments, sections };
}

export function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
