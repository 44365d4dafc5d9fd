import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Machine, MemoryFileSystem, PhysicalMemory } from '../src/index.js';
import {
  AddressSpace,
  EACCES,
  EINVAL,
  ENOMEM,
  KUSER_PAGE,
  MADV_COLLAPSE,
  MADV_DODUMP,
  MADV_DONTDUMP,
  MADV_DONTFORK,
  MADV_DONTNEED,
  MADV_DONTNEED_LOCKED,
  MADV_FREE,
  MADV_HUGEPAGE,
  MADV_HWPOISON,
  MADV_NOHUGEPAGE,
  MADV_NORMAL,
  MADV_POPULATE_READ,
  MADV_POPULATE_WRITE,
  MADV_RANDOM,
  MADV_REMOVE,
  MADV_SEQUENTIAL,
  MADV_WILLNEED,
  MADV_WIPEONFORK,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  MREMAP_MAYMOVE,
  mapKuserPage,
  PROT_READ,
  PROT_WRITE,
} from '../src/linux/index.js';

import { CODE, DATA, EXECUTION_MODES, machineWith, reg } from './helpers.js';

const PAGE = 0x1000;
const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const PROT_NONE = 0;

function space(): { memory: PhysicalMemory; as: AddressSpace } {
  const memory = new PhysicalMemory();
  return { memory, as: new AddressSpace(memory, { start: 0x100000, limit: 0x200000 }, 0xb0000000) };
}

/** `pages` pages of anonymous memory, every byte written (and so backed): byte i of page k is (i * 7 + k + seed). */
function filled(as: AddressSpace, memory: PhysicalMemory, pages: number, seed = 1): number {
  const at = as.map(0, pages * PAGE, RW, ANON, null);
  as.populate(at, pages * PAGE);
  for (let k = 0; k < pages; k++) memory.writeBytes(at + k * PAGE, pattern(k, seed));
  return at;
}

function pattern(k: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: PAGE }, (_, i) => (i * 7 + k + seed) & 0xff);
}

const ZERO = new Uint8Array(PAGE);

/** The bytes of page `k` at `at`, read by the guest (permission-checked). */
function guestPage(memory: PhysicalMemory, at: number, k: number): Uint8Array {
  return Uint8Array.from({ length: PAGE }, (_, i) => memory.read8(at + k * PAGE + i));
}

describe('madvise(MADV_DONTNEED) on the address space', () => {
  it('drops anonymous pages: they read zero, give their buffers back and stay mapped; the neighbours keep their data', () => {
    const { memory, as } = space();
    const at = filled(as, memory, 6);
    expect(as.advise(at + 2 * PAGE, 2 * PAGE, MADV_DONTNEED)).toBe(0);
    for (const k of [0, 1, 4, 5]) expect(guestPage(memory, at, k)).toEqual(pattern(k, 1));
    for (const k of [2, 3]) {
      expect(guestPage(memory, at, k)).toEqual(ZERO);
      expect(memory.page(at + k * PAGE)!.zero).toBe(true);
      expect(memory.permissions(at + k * PAGE)).toBe(3);
    }
    // Usable again: a store lands and the other dropped page stays zero.
    memory.write32(at + 2 * PAGE + 8, 0x12345678);
    expect(memory.read32(at + 2 * PAGE + 8)).toBe(0x12345678);
    expect(guestPage(memory, at, 3)).toEqual(ZERO);
  });

  it('rounds the length up to whole pages and leaves reserved (never touched) pages reserved', () => {
    const { memory, as } = space();
    const at = as.map(0, 4 * PAGE, RW, ANON, null);
    as.populate(at, 2 * PAGE);
    memory.writeBytes(at, new Uint8Array(2 * PAGE).fill(9));
    expect(as.reservedPages).toBe(2);
    expect(as.advise(at + PAGE, 1, MADV_DONTNEED)).toBe(0);
    expect(guestPage(memory, at, 0)).toEqual(new Uint8Array(PAGE).fill(9));
    expect(guestPage(memory, at, 1)).toEqual(ZERO);
    expect(as.advise(at, 4 * PAGE, MADV_DONTNEED_LOCKED)).toBe(0);
    expect(guestPage(memory, at, 0)).toEqual(ZERO);
    expect(as.reservedPages).toBe(2);
  });

  it('gives a private mapping of a file its file bytes back (zero past the end of the file)', () => {
    const { memory, as } = space();
    const file = Uint8Array.from({ length: 2 * PAGE + 100 }, (_, i) => (i * 13 + 5) & 0xff);
    const at = as.map(0, 3 * PAGE, RW, MAP_PRIVATE, file);
    memory.writeBytes(at, new Uint8Array(3 * PAGE).fill(0xee));
    expect(as.advise(at + PAGE, 2 * PAGE, MADV_DONTNEED)).toBe(0);
    expect(guestPage(memory, at, 0)).toEqual(new Uint8Array(PAGE).fill(0xee));
    expect(guestPage(memory, at, 1)).toEqual(file.subarray(PAGE, 2 * PAGE));
    const last = new Uint8Array(PAGE);
    last.set(file.subarray(2 * PAGE));
    expect(guestPage(memory, at, 2)).toEqual(last);
  });

  it('a file mapping keeps its file bytes when moved by mremap, and forgets them when unmapped or mapped over', () => {
    const { memory, as } = space();
    const file = Uint8Array.from({ length: 2 * PAGE }, (_, i) => (i * 3 + 1) & 0xff);
    const at = as.map(0, 2 * PAGE, RW, MAP_PRIVATE, file);
    as.map(at + 2 * PAGE, PAGE, RW, ANON, null); // blocks growing in place
    const to = as.remap(at, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE);
    expect(to).not.toBe(at);
    memory.writeBytes(to, new Uint8Array(4 * PAGE).fill(0x44));
    expect(as.advise(to, 4 * PAGE, MADV_DONTNEED)).toBe(0);
    expect(guestPage(memory, to, 0)).toEqual(file.subarray(0, PAGE));
    expect(guestPage(memory, to, 1)).toEqual(file.subarray(PAGE));
    expect(guestPage(memory, to, 2)).toEqual(ZERO);
    // Mapped over by anonymous memory: zero after DONTNEED, not the file.
    expect(as.map(to, PAGE, RW, ANON | MAP_FIXED, null)).toBe(to);
    as.populate(to, PAGE);
    memory.writeBytes(to, new Uint8Array(PAGE).fill(1));
    expect(as.advise(to, PAGE, MADV_DONTNEED)).toBe(0);
    expect(guestPage(memory, to, 0)).toEqual(ZERO);
  });
});

describe('madvise argument checks and advice (Linux 6.1 mm/madvise.c)', () => {
  it('EINVAL: advice that is not valid (checked first), an unaligned start, a length or end that wraps', () => {
    const { memory, as } = space();
    const at = filled(as, memory, 2);
    for (const advice of [7, 26, 77, -1, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_COLLAPSE, MADV_HWPOISON]) {
      expect(as.advise(at, PAGE, advice)).toBe(-EINVAL);
      expect(as.advise(at + 1, PAGE, advice)).toBe(-EINVAL);
    }
    expect(as.advise(at + 100, PAGE, MADV_DONTNEED)).toBe(-EINVAL);
    expect(as.advise(0, 0xffffffff, MADV_DONTNEED)).toBe(-EINVAL);
    expect(as.advise(at, 0xfffff001, MADV_NORMAL)).toBe(-EINVAL);
    expect(as.advise(0xfffff000, PAGE, MADV_NORMAL)).toBe(-EINVAL);
    expect(as.advise(at, 0, MADV_DONTNEED)).toBe(0);
    expect(as.advise(0x7000, 0, MADV_DONTNEED)).toBe(0);
    for (let k = 0; k < 2; k++) expect(guestPage(memory, at, k)).toEqual(pattern(k, 1));
  });

  it('ENOMEM for a range with unmapped pages, after the advice was applied to the mapped pages (both sides of a hole)', () => {
    const { memory, as } = space();
    const at = filled(as, memory, 4);
    expect(as.unmap(at + 2 * PAGE, PAGE)).toBe(0);
    expect(as.advise(at, 4 * PAGE, MADV_WILLNEED)).toBe(-ENOMEM);
    expect(guestPage(memory, at, 3)).toEqual(pattern(3, 1));
    expect(as.advise(at, 4 * PAGE, MADV_DONTNEED)).toBe(-ENOMEM);
    for (const k of [0, 1, 3]) expect(guestPage(memory, at, k)).toEqual(ZERO);
    expect(as.advise(at + 2 * PAGE, PAGE, MADV_NORMAL)).toBe(-ENOMEM);
    expect(as.advise(0x50000000, PAGE, MADV_DONTNEED)).toBe(-ENOMEM);
  });

  it('the kuser helper page is not a mapping of the process: ENOMEM, and it keeps its code', () => {
    const memory = new PhysicalMemory();
    mapKuserPage(memory);
    const as = new AddressSpace(memory, { start: 0x100000, limit: 0x200000 }, 0xb0000000);
    const before = memory.readBytes(KUSER_PAGE, PAGE);
    expect(as.advise(KUSER_PAGE, PAGE, MADV_DONTNEED)).toBe(-ENOMEM);
    expect(memory.readBytes(KUSER_PAGE, PAGE)).toEqual(before);
  });

  it('MADV_FREE keeps anonymous data (no memory pressure) and is EINVAL for a file mapping; hints change nothing', () => {
    const { memory, as } = space();
    const at = filled(as, memory, 2);
    const file = as.map(0, PAGE, RW, MAP_PRIVATE, new Uint8Array(PAGE).fill(3));
    memory.writeBytes(file, new Uint8Array(PAGE).fill(4));
    expect(as.advise(at, 2 * PAGE, MADV_FREE)).toBe(0);
    expect(as.advise(file, PAGE, MADV_FREE)).toBe(-EINVAL);
    expect(as.advise(file, PAGE, MADV_WIPEONFORK)).toBe(-EINVAL);
    expect(as.advise(at, PAGE, MADV_WIPEONFORK)).toBe(0);
    for (const advice of [MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTFORK, MADV_DONTDUMP]) {
      expect(as.advise(at, 2 * PAGE, advice)).toBe(0);
      expect(as.advise(file, PAGE, advice)).toBe(0);
    }
    expect(as.advise(at, 2 * PAGE, MADV_DODUMP)).toBe(0);
    for (let k = 0; k < 2; k++) expect(guestPage(memory, at, k)).toEqual(pattern(k, 1));
    expect(guestPage(memory, file, 0)).toEqual(new Uint8Array(PAGE).fill(4));
  });

  it('MADV_REMOVE needs a shared writable file mapping: EINVAL for anonymous memory, EACCES for a private file mapping', () => {
    const { memory, as } = space();
    const at = filled(as, memory, 1);
    const file = as.map(0, PAGE, RW, MAP_PRIVATE, new Uint8Array(PAGE).fill(3));
    expect(as.advise(at, PAGE, MADV_REMOVE)).toBe(-EINVAL);
    expect(as.advise(file, PAGE, MADV_REMOVE)).toBe(-EACCES);
  });

  it('MADV_POPULATE_READ/WRITE back demand-zero pages, EINVAL without the permission', () => {
    const { memory, as } = space();
    const at = as.map(0, 2 * PAGE, RW, ANON, null);
    expect(as.reservedPages).toBe(2);
    expect(as.advise(at, PAGE, MADV_POPULATE_READ)).toBe(0);
    expect(as.reservedPages).toBe(1);
    expect(memory.isMapped(at)).toBe(true);
    expect(as.advise(at, 2 * PAGE, MADV_POPULATE_WRITE)).toBe(0);
    expect(as.reservedPages).toBe(0);
    const readOnly = as.map(0, PAGE, PROT_READ, ANON, null);
    expect(as.advise(readOnly, PAGE, MADV_POPULATE_WRITE)).toBe(-EINVAL);
    expect(as.advise(readOnly, PAGE, MADV_POPULATE_READ)).toBe(0);
    const none = as.map(0, PAGE, PROT_NONE, ANON, null);
    expect(as.advise(none, PAGE, MADV_POPULATE_READ)).toBe(-EINVAL);
  });
});

describe('decoded code of a dropped page (coherent fetch: as munmap, every CPU drops its lines)', () => {
  for (const execution of EXECUTION_MODES) {
    it(`${execution}: after MADV_DONTNEED the CPU executes the zeroes, not the instruction it decoded`, () => {
      const m = machineWith([0xe3a00005 /* mov r0, #5 */], { execution });
      const cpu = m.cpus[0]!;
      m.run({ maxInstructions: 1 });
      expect(reg(m, 0)).toBe(5);
      const as = new AddressSpace(m.memory, { start: 0x100000, limit: 0x200000 }, 0xb0000000);
      expect(as.advise(CODE, PAGE, MADV_DONTNEED)).toBe(0);
      cpu.regs[0] = 0;
      cpu.pc = CODE;
      m.run({ maxInstructions: 1 });
      // 0x00000000 is ANDEQ r0, r0, r0: r0 stays 0 (a stale line would set it to 5 again).
      expect(reg(m, 0)).toBe(0);
      expect(cpu.pc >>> 0).toBe(CODE + 4);
    });
  }
});

describe('a dropped page is, to the machine, a host write of its new contents', () => {
  it('architectural fetch: the CPU keeps its decoded line until cache maintenance and a context synchronisation', () => {
    const m = machineWith([0xe3a00005 /* mov r0, #5 */], { fetch: 'architectural' });
    const cpu = m.cpus[0]!;
    const again = (): number => {
      cpu.regs[0] = 0;
      cpu.pc = CODE;
      m.run({ maxInstructions: 1 });
      return reg(m, 0);
    };
    expect(again()).toBe(5);
    const as = new AddressSpace(m.memory, { start: 0x100000, limit: 0x200000 }, 0xb0000000);
    expect(as.advise(CODE, PAGE, MADV_DONTNEED)).toBe(0);
    expect(m.memory.peek32(CODE)).toBe(0);
    expect(again()).toBe(5);
    m.cacheMaintenance(CODE, PAGE);
    expect(again()).toBe(5);
    m.contextSynchronize(cpu);
    expect(again()).toBe(0);
  });

  it('another CPU holding an exclusive reservation on it fails its STREX', () => {
    const LDREX = 0xe1921f9f; // ldrex r1, [r2]
    const STREX = 0xe1823f91; // strex r3, r1, [r2]
    const attempt = (drop: boolean): number => {
      const m = machineWith([LDREX, STREX, 0xeafffffe /* b . */], { cpus: 2 });
      m.memory.poke32(DATA, 7);
      m.cpus[0]!.regs[2] = DATA;
      m.run({ maxInstructions: 1 });
      expect(reg(m, 1)).toBe(7);
      const as = new AddressSpace(m.memory, { start: 0x100000, limit: 0x200000 }, 0xb0000000);
      if (drop) expect(as.advise(DATA, PAGE, MADV_DONTNEED)).toBe(0);
      m.run({ maxInstructions: 1 });
      return reg(m, 3);
    };
    expect(attempt(false)).toBe(0);
    expect(attempt(true)).toBe(1);
  });

  it('the write observer sees one host write per page that was not zero; a zero page is left alone', () => {
    const memory = new PhysicalMemory();
    memory.map(0x10000, 3 * PAGE, 'rw');
    memory.poke8(0x10000 + 5, 1);
    memory.page(0x10000)!.containsCode = true;
    memory.poke8(0x12000 + 5, 1);
    const seen: string[] = [];
    memory.observer = {
      beforeWrite: (a, n, w, atomic) => seen.push(`before ${a.toString(16)} ${n} ${w} ${atomic}`),
      afterWrite: (a, n, w) => seen.push(`after ${a.toString(16)} ${n} ${w}`),
    };
    const notified: string[] = [];
    memory.addCodeWriteListener((a, n) => notified.push(`${a.toString(16)} ${n}`));
    memory.discard(0x10000, 3 * PAGE);
    // Page 0 holds code (slow writes: observed and notified), page 1 was zero, page 2 is plain data.
    expect(seen).toEqual(['before 10000 4096 -1 false', 'after 10000 4096 -1']);
    expect(notified).toEqual(['10000 4096']);
    for (const a of [0x10000, 0x11000, 0x12000]) {
      expect(memory.page(a)!.zero).toBe(true);
      expect(memory.peek8(a + 5)).toBe(0);
    }
  });
});

describe('madvise in static glibc programs (fixtures/glibc-programs/madvise-*, threads-madvise-*)', () => {
  const DIR = join(__dirname, '../../../fixtures/glibc-programs');
  const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
    args: string[];
    env: Record<string, string>;
    programs: { name: string; elf: string; stdout: string; status: number }[];
  };
  for (const name of ['threads-madvise-thumb', 'threads-madvise-arm']) {
    const p = manifest.programs.find((q) => q.name === name)!;
    for (const cpus of [2, 4]) {
      it(`${name} on ${cpus} CPUs, seeds 0-2: what qemu-arm printed (thread stacks advised while other CPUs run)`, () => {
        const elf = new Uint8Array(readFileSync(join(DIR, p.elf)));
        for (let seed = 0; seed < 3; seed++) {
          let stdout = '';
          const decoder = new TextDecoder('latin1');
          const m = new Machine({
            cpus,
            seed,
            fileSystem: new MemoryFileSystem(),
            onStdout: (b) => {
              stdout += decoder.decode(b);
            },
          });
          m.loadElf(elf, { argv: [`/${name}.elf`, ...manifest.args] });
          const result = m.run({ maxInstructions: 200_000_000 });
          expect({ seed, status: result.status, stdout }).toEqual({ seed, status: p.status, stdout: p.stdout });
        }
      });
    }
  }

  it('the ELF data page is given its file bytes back, bss its zeroes (symbols of the fixture)', () => {
    const p = manifest.programs.find((q) => q.name === 'madvise-arm')!;
    const elf = new Uint8Array(readFileSync(join(DIR, p.elf)));
    const m = new Machine({ fileSystem: new MemoryFileSystem() });
    const program = m.loadElf(elf);
    const data = program.symbols.resolve('data')!;
    const bss = program.symbols.resolve('bss')!;
    expect(data % PAGE).toBe(0);
    const original = m.memory.readBytes(data, PAGE);
    expect(original.some((b) => b !== 0)).toBe(true);
    m.memory.writeBytes(data, new Uint8Array(PAGE).fill(0x77));
    m.memory.writeBytes(bss, new Uint8Array(PAGE).fill(0x77));
    const as = m.linux!.space;
    expect(as.advise(data, PAGE, MADV_DONTNEED)).toBe(0);
    expect(as.advise(bss, PAGE, MADV_DONTNEED)).toBe(0);
    expect(m.memory.readBytes(data, PAGE)).toEqual(original);
    expect(m.memory.readBytes(bss, PAGE)).toEqual(ZERO);
  });
});
