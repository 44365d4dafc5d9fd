/*
 * The parts of an ELF file a listing reads, from a file read a piece at a time (or from bytes in memory): the
 * header, the section headers, the symbol and string tables, and the executable sections' contents a window
 * at a time, so a listing's memory does not grow with the size of the program's code.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ElfError, notExecutable } from '@armprobe/emulator';

/** Where a listing reads the file from. */
export interface ListingSource {
  /** The file's size in bytes. */
  readonly size: number;
  /** Bytes `offset` … `offset + length` of the file (within it), in an array the caller may keep. */
  read(offset: number, length: number): Uint8Array;
  /** Fills `into` from `offset` (as many bytes as the file has there, up to its length); returns how many. */
  readInto(offset: number, into: Uint8Array): number;
  /** The whole file when it is in memory already: sections are then read in place, not copied. */
  readonly bytes: Uint8Array | null;
}

/** A file already in memory. */
export function bytesSource(bytes: Uint8Array): ListingSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, offset + length),
    readInto: (offset, into) => {
      const n = Math.max(0, Math.min(into.length, bytes.length - offset));
      into.set(bytes.subarray(offset, offset + n));
      return n;
    },
    bytes,
  };
}

/** An open file, read with positioned reads; `close` closes it. */
export function fileSource(fd: number): ListingSource & { close(): void } {
  const size = fstatSync(fd).size;
  const readInto = (offset: number, into: Uint8Array): number => {
    const want = Math.max(0, Math.min(into.length, size - offset));
    let got = 0;
    while (got < want) {
      const n = readSync(fd, into, got, want - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return got;
  };
  return {
    size,
    read: (offset, length) => {
      const into = new Uint8Array(length);
      if (readInto(offset, into) !== length) throw new ElfError('truncated', `the file ends inside bytes ${offset}…`);
      return into;
    },
    readInto,
    bytes: null,
    close: () => closeSync(fd),
  };
}

/** Opens a file for a listing; `close` it afterwards. Throws the error `openSync` throws. */
export function openListingSource(file: string): ListingSource & { close(): void } {
  const fd = openSync(file, 'r');
  try {
    if (fstatSync(fd).isDirectory()) throw Object.assign(new Error(`${file} is a directory`), { code: 'EISDIR' });
    return fileSource(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** The ELF constants the listing reads (ELF32, ARM). */
export const EM_ARM = 40;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_DYNSYM = 11;
export const SHT_GNU_VERDEF = 0x6ffffffd;
export const SHT_GNU_VERNEED = 0x6ffffffe;
export const SHT_GNU_VERSYM = 0x6fffffff;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STB_LOCAL = 0;
export const SHN_UNDEF = 0;
export const SHN_COMMON = 0xfff2;
/** e_shstrndx when the name table's index is in section 0's sh_link. */
const SHN_XINDEX = 0xffff;

/** A section header, as the listing reads it. */
export interface ListingSectionHeader {
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

/**
 * A file's section headers, read a 4 KiB page at a time through a cache (a file can have tens of thousands of
 * sections: the listing holds none of them). `at` makes a header object; the field readers read one field.
 */
export class SectionHeaders {
  private readonly table: PagedBytes;

  constructor(
    source: ListingSource,
    offset: number,
    readonly count: number,
  ) {
    this.table = new PagedBytes(source, offset, count * 40, 64);
  }

  /** Section `i`'s header; undefined when there is no such section. */
  at(i: number): ListingSectionHeader | undefined {
    if (!(i >= 0 && i < this.count)) return undefined;
    return {
      name: this.name(i),
      type: this.type(i),
      flags: this.flags(i),
      addr: this.addr(i),
      offset: this.offset(i),
      size: this.size(i),
      link: this.link(i),
      info: this.table.u32(i * 40 + 28),
      entsize: this.table.u32(i * 40 + 36),
    };
  }

  /** The index of the first section of type `type`, or -1. */
  indexOfType(type: number): number {
    for (let i = 0; i < this.count; i++) if (this.type(i) === type) return i;
    return -1;
  }

  name(i: number): number {
    return this.table.u32(i * 40);
  }
  type(i: number): number {
    return this.table.u32(i * 40 + 4);
  }
  flags(i: number): number {
    return this.table.u32(i * 40 + 8);
  }
  addr(i: number): number {
    return this.table.u32(i * 40 + 12);
  }
  offset(i: number): number {
    return this.table.u32(i * 40 + 16);
  }
  size(i: number): number {
    return this.table.u32(i * 40 + 20);
  }
  link(i: number): number {
    return this.table.u32(i * 40 + 24);
  }
}

/** An ELF32 little-endian ARM executable's header fields and section headers. */
export interface ListingElf {
  readonly source: ListingSource;
  readonly shstrndx: number;
  readonly sections: SectionHeaders;
}

/**
 * Reads and checks the header and the section headers as the emulator's ELF reader does (same error codes and
 * messages), leaving out its checks of the program headers, which a listing does not read (objdump -d lists
 * from the section headers alone). A file with more sections than e_shnum can say (extended numbering) has
 * their number in section 0's sh_size (e_shnum 0) and the name table's index in its sh_link (e_shstrndx
 * SHN_XINDEX), as objdump reads it.
 */
export function readListingElf(source: ListingSource): ListingElf {
  if (source.size < 52) throw new ElfError('truncated', `file is ${source.size} bytes, an ELF32 header needs 52`);
  const header = source.read(0, 52);
  if (header[0] !== 0x7f || header[1] !== 0x45 || header[2] !== 0x4c || header[3] !== 0x46) {
    throw new ElfError('bad-magic', 'not an ELF file (magic is not 7f 45 4c 46)');
  }
  if (header[4] !== 1) throw new ElfError('bad-class', `EI_CLASS ${header[4]}: only ELFCLASS32 is supported`);
  if (header[5] !== 1) throw new ElfError('bad-endianness', `EI_DATA ${header[5]}: only little-endian is supported`);
  if (header[6] !== 1) throw new ElfError('bad-version', `EI_VERSION ${header[6]}`);
  const view = new DataView(header.buffer, header.byteOffset, 52);
  const type = view.getUint16(16, true);
  const machine = view.getUint16(18, true);
  const version = view.getUint32(20, true);
  if (version !== 1) throw new ElfError('bad-version', `e_version ${version}`);
  if (machine !== EM_ARM) throw new ElfError('bad-machine', `e_machine ${machine}, expected EM_ARM (40)`);
  if (type !== ET_EXEC && type !== ET_DYN) {
    // objdump lists object files too, with their relocations' rules; a listing here is of linked files.
    const what = notExecutable(type).message.replace(/: only static executables.*$/, '');
    throw new ElfError('not-executable', `${what}: a listing is of executables and shared libraries (ET_EXEC, ET_DYN)`);
  }
  if (view.getUint16(40, true) !== 52) {
    throw new ElfError('bad-header-size', `e_ehsize ${view.getUint16(40, true)}, expected 52`);
  }
  const shoff = view.getUint32(32, true);
  const shentsize = view.getUint16(46, true);
  let shnum = view.getUint16(48, true);
  let shstrndx = view.getUint16(50, true);
  if (shoff === 0) return { source, shstrndx, sections: new SectionHeaders(source, 0, 0) };
  if (shentsize !== 40) throw new ElfError('bad-section-headers', `e_shentsize ${shentsize}`);
  if (shoff + 40 > source.size) {
    throw new ElfError('bad-section-headers', 'section header table extends past the end of the file');
  }
  if (shnum === 0 || shstrndx === SHN_XINDEX) {
    const first = new SectionHeaders(source, shoff, 1);
    if (shnum === 0) shnum = first.size(0);
    if (shstrndx === SHN_XINDEX) shstrndx = first.link(0);
  }
  if (shoff + shnum * 40 > source.size) {
    throw new ElfError('bad-section-headers', 'section header table extends past the end of the file');
  }
  const sections = new SectionHeaders(source, shoff, shnum);
  for (let i = 0; i < shnum; i++) {
    const t = sections.type(i);
    if (t !== SHT_NOBITS && t !== 0 && sections.offset(i) + sections.size(i) > source.size) {
      throw new ElfError('bad-section-headers', `section ${i} extends past the end of the file`);
    }
  }
  return { source, shstrndx, sections };
}

/** A string of bytes (each byte one character, as objdump prints names: the bytes they are). */
export function byteString(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  // In pieces: String.fromCharCode takes its arguments on the stack.
  for (let at = from; at < to; at += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(to, at + 4096)) as unknown as number[]);
  }
  return s;
}

/**
 * Bytes `offset` … `offset + size` of a file read at random a 4 KiB page at a time through a small cache of
 * `slots` pages (a power of two), for tables a listing reads entry by entry and must not hold whole (a shared
 * library's dynamic symbols, its version indexes). Reads past `size` are 0.
 */
export class PagedBytes {
  /** Cached pages (a power of two). */
  private readonly slots: number;
  private readonly cache: Uint8Array;
  private readonly view: DataView;
  private readonly tags: Int32Array;

  constructor(
    private readonly source: ListingSource,
    private readonly offset: number,
    readonly size: number,
    slots = 16,
  ) {
    // No more slots than the bytes have pages (a small table costs a small cache).
    while (slots > 1 && (slots >>> 1) * 4096 >= size) slots >>>= 1;
    this.slots = slots;
    this.cache = new Uint8Array(slots * 4096);
    this.view = new DataView(this.cache.buffer);
    this.tags = new Int32Array(slots).fill(-1);
  }

  /** The cache offset of the byte at `at` (which is below `size`), reading its page if it is not there. */
  private locate(at: number): number {
    const page = Math.floor(at / 4096);
    const slot = page & (this.slots - 1);
    const base = slot * 4096;
    if (this.tags[slot] !== page) {
      const from = page * 4096;
      const n = Math.min(4096, this.size - from);
      if (this.source.readInto(this.offset + from, this.cache.subarray(base, base + n)) !== n) {
        throw new ElfError('truncated', `the file ends inside bytes ${this.offset + from}…`);
      }
      this.tags[slot] = page;
    }
    return base + (at % 4096);
  }

  u8(at: number): number {
    return at < this.size ? this.cache[this.locate(at)]! : 0;
  }

  /** A little-endian 16-bit value (its bytes read one by one when it crosses a page). */
  u16(at: number): number {
    if (at % 4096 <= 4094 && at + 2 <= this.size) return this.view.getUint16(this.locate(at), true);
    return this.u8(at) | (this.u8(at + 1) << 8);
  }

  /** A little-endian 32-bit value (its bytes read one by one when it crosses a page). */
  u32(at: number): number {
    if (at % 4096 <= 4092 && at + 4 <= this.size) return this.view.getUint32(this.locate(at), true);
    return (this.u16(at) | (this.u16(at + 2) << 16)) >>> 0;
  }
}
