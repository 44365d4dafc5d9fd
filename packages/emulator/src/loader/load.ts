import type { PhysicalMemory } from '../memory/memory.js';
import { PAGE_SIZE } from '../memory/page.js';
import { CodeMap } from './code-map.js';
import { ElfError, type ElfFile, hex, PF_R, PF_W, PF_X, PT_PHDR, parseElf } from './elf.js';
import { buildInitialStack, STACK_SIZE, STACK_TOP } from './stack.js';
import { readSymbols, type SymbolTable } from './symbols.js';

export interface LoadOptions {
  /** argv (argv[0] defaults to `program`). */
  readonly argv?: readonly string[];
  readonly envp?: readonly string[];
  /** The 16 AT_RANDOM bytes (default: a fixed pattern, for reproducible runs). */
  readonly random?: Uint8Array;
}

export interface LoadedProgram {
  readonly elf: ElfFile;
  readonly symbols: SymbolTable;
  /** Which bytes are instructions (executable sections minus `$d` ranges), in ARM or Thumb state. */
  readonly code: CodeMap;
  /** Entry address without bit 0, and whether it is Thumb (bit 0 of e_entry set). */
  readonly entry: number;
  readonly thumb: boolean;
  /** Initial SP (8-byte aligned, pointing at argc). */
  readonly stackPointer: number;
  readonly stackTop: number;
  /** First address after the highest PT_LOAD segment, page-aligned: the initial program break. */
  readonly brk: number;
}

/**
 * Loads a static ELF32 ARM executable into memory: maps each PT_LOAD segment with its permissions,
 * copies the file bytes, zeroes the rest (bss), and builds a Linux-like initial stack below
 * `STACK_TOP` (argc, argv, envp, auxv). Raises ElfError for malformed files, before touching memory.
 */
export function loadElf(memory: PhysicalMemory, bytes: Uint8Array, options: LoadOptions = {}): LoadedProgram {
  const elf = parseElf(bytes);
  const symbols = readSymbols(elf);
  const stackBottom = STACK_TOP - STACK_SIZE;
  let end = 0;
  for (const s of elf.segments) {
    if (s.vaddr < stackBottom + STACK_SIZE && s.vaddr + s.memsz > stackBottom) {
      throw new ElfError('overlapping-segments', `segment at 0x${hex(s.vaddr)} overlaps the stack`);
    }
    if (s.vaddr < PAGE_SIZE) throw new ElfError('absurd-size', `segment at 0x${hex(s.vaddr)} maps page zero`);
    end = Math.max(end, s.vaddr + s.memsz);
  }
  for (const s of elf.segments) {
    const perms = (s.flags & PF_R ? 'r' : '') + (s.flags & PF_W ? 'w' : '') + (s.flags & PF_X ? 'x' : '');
    memory.map(s.vaddr, s.memsz, perms);
    memory.writeBytes(s.vaddr, bytes.subarray(s.offset, s.offset + s.filesz));
  }
  const phdrSegment = elf.programHeaders.find((p) => p.type === PT_PHDR);
  const firstLoad = elf.segments.find((s) => s.offset === 0);
  const phdr = phdrSegment?.vaddr ?? (firstLoad ? firstLoad.vaddr + elf.header.phoff : 0);
  const entry = elf.header.entry;
  memory.map(stackBottom, STACK_SIZE, 'rw');
  const stackPointer = buildInitialStack(memory, {
    argv: options.argv ?? ['program'],
    envp: options.envp ?? [],
    random: options.random ?? defaultRandom(),
    auxv: {
      phdr,
      phent: elf.header.phentsize,
      phnum: elf.header.phnum,
      entry,
    },
  });
  return {
    elf,
    symbols,
    code: CodeMap.read(elf, symbols),
    entry: (entry & ~1) >>> 0,
    thumb: (entry & 1) !== 0,
    stackPointer,
    stackTop: STACK_TOP,
    brk: Math.ceil(end / PAGE_SIZE) * PAGE_SIZE,
  };
}

function defaultRandom(): Uint8Array {
  return Uint8Array.from({ length: 16 }, (_, i) => (i * 0x3b + 0x5a) & 0xff);
}
