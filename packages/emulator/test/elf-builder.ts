/**
 * Builds small, valid ELF32 ARM executables in memory for the loader tests: one R+X PT_LOAD segment with
 * the code (file offset 0, so the headers are mapped too), an optional R+W segment with data and bss,
 * and section headers with .symtab/.strtab/.shstrtab.
 */
export interface ElfSpec {
  readonly code: readonly number[];
  readonly textAddress?: number;
  readonly data?: readonly number[];
  readonly dataAddress?: number;
  readonly bss?: number;
  /** e_entry (defaults to the first code word). */
  readonly entry?: number;
  readonly symbols?: readonly { name: string; value: number; size?: number; type?: number }[];
}

export const CODE_OFFSET = 0x100;
const SHF_ALLOC = 0x2;
const SHF_EXECINSTR = 0x4;

export function buildElf(spec: ElfSpec): Uint8Array {
  const text = spec.textAddress ?? 0x10000;
  const dataAddr = spec.dataAddress ?? 0x20000;
  const hasData = spec.data !== undefined || (spec.bss ?? 0) > 0;
  const codeBytes = spec.code.length * 4;
  const dataOffset = CODE_OFFSET + codeBytes;
  const dataBytes = (spec.data?.length ?? 0) * 4;
  const symbols = spec.symbols ?? [
    { name: '$a', value: text + CODE_OFFSET, type: 0 },
    { name: '_start', value: text + CODE_OFFSET, size: codeBytes, type: 2 },
  ];
  // String tables.
  const strtab: number[] = [0];
  const nameOffsets = symbols.map((s) => {
    const o = strtab.length;
    for (const c of s.name) strtab.push(c.charCodeAt(0));
    strtab.push(0);
    return o;
  });
  const shstrNames = ['', '.text', '.symtab', '.strtab', '.shstrtab'];
  const shstrtab: number[] = [];
  const shNameOffsets = shstrNames.map((n) => {
    const o = shstrtab.length;
    for (const c of n) shstrtab.push(c.charCodeAt(0));
    shstrtab.push(0);
    return o;
  });
  const symtabOffset = align(dataOffset + dataBytes, 4);
  const symtabSize = (symbols.length + 1) * 16;
  const strtabOffset = symtabOffset + symtabSize;
  const shstrtabOffset = strtabOffset + strtab.length;
  const shoff = align(shstrtabOffset + shstrtab.length, 4);
  const shnum = 5;
  const size = shoff + shnum * 40;
  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  const phnum = hasData ? 2 : 1;
  // ELF header.
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0], 0);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 40, true); // EM_ARM
  v.setUint32(20, 1, true);
  v.setUint32(24, spec.entry ?? text + CODE_OFFSET, true);
  v.setUint32(28, 52, true); // e_phoff
  v.setUint32(32, shoff, true);
  v.setUint32(36, 0x05000200, true); // EABI5, soft-float
  v.setUint16(40, 52, true);
  v.setUint16(42, 32, true);
  v.setUint16(44, phnum, true);
  v.setUint16(46, 40, true);
  v.setUint16(48, shnum, true);
  v.setUint16(50, 4, true);
  // Program headers.
  writePhdr(v, 52, {
    type: 1,
    offset: 0,
    vaddr: text,
    filesz: CODE_OFFSET + codeBytes,
    memsz: CODE_OFFSET + codeBytes,
    flags: 5,
  });
  if (hasData) {
    writePhdr(v, 84, {
      type: 1,
      offset: dataOffset,
      vaddr: dataAddr,
      filesz: dataBytes,
      memsz: dataBytes + (spec.bss ?? 0),
      flags: 6,
    });
  }
  spec.code.forEach((w, i) => {
    v.setUint32(CODE_OFFSET + i * 4, w, true);
  });
  spec.data?.forEach((w, i) => {
    v.setUint32(dataOffset + i * 4, w, true);
  });
  symbols.forEach((s, i) => {
    const o = symtabOffset + (i + 1) * 16;
    v.setUint32(o, nameOffsets[i]!, true);
    v.setUint32(o + 4, s.value, true);
    v.setUint32(o + 8, s.size ?? 0, true);
    bytes[o + 12] = (1 << 4) | (s.type ?? 0);
    v.setUint16(o + 14, 1, true);
  });
  bytes.set(strtab, strtabOffset);
  bytes.set(shstrtab, shstrtabOffset);
  const sections = [
    { name: 0, type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, entsize: 0 },
    {
      name: shNameOffsets[1]!,
      type: 1,
      flags: SHF_ALLOC | SHF_EXECINSTR,
      addr: text + CODE_OFFSET,
      offset: CODE_OFFSET,
      size: codeBytes,
      link: 0,
      entsize: 0,
    },
    {
      name: shNameOffsets[2]!,
      type: 2,
      flags: 0,
      addr: 0,
      offset: symtabOffset,
      size: symtabSize,
      link: 3,
      entsize: 16,
    },
    {
      name: shNameOffsets[3]!,
      type: 3,
      flags: 0,
      addr: 0,
      offset: strtabOffset,
      size: strtab.length,
      link: 0,
      entsize: 0,
    },
    {
      name: shNameOffsets[4]!,
      type: 3,
      flags: 0,
      addr: 0,
      offset: shstrtabOffset,
      size: shstrtab.length,
      link: 0,
      entsize: 0,
    },
  ];
  sections.forEach((s, i) => {
    const o = shoff + i * 40;
    v.setUint32(o, s.name, true);
    v.setUint32(o + 4, s.type, true);
    v.setUint32(o + 8, s.flags, true);
    v.setUint32(o + 12, s.addr, true);
    v.setUint32(o + 16, s.offset, true);
    v.setUint32(o + 20, s.size, true);
    v.setUint32(o + 24, s.link, true);
    v.setUint32(o + 36, s.entsize, true);
  });
  return bytes;
}

function writePhdr(
  v: DataView,
  o: number,
  p: { type: number; offset: number; vaddr: number; filesz: number; memsz: number; flags: number },
): void {
  v.setUint32(o, p.type, true);
  v.setUint32(o + 4, p.offset, true);
  v.setUint32(o + 8, p.vaddr, true);
  v.setUint32(o + 12, p.vaddr, true);
  v.setUint32(o + 16, p.filesz, true);
  v.setUint32(o + 20, p.memsz, true);
  v.setUint32(o + 24, p.flags, true);
  v.setUint32(o + 28, 0x10000, true);
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** mov r0, #42; mov r7, #1; svc 0 — exits with status 42. */
export const EXIT_42 = [0xe3a0002a, 0xe3a07001, 0xef000000];
