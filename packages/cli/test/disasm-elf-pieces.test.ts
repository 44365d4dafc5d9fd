/**
 * `armprobe disasm FILE.elf` reads the file a piece at a time (a window moved along each section), so its
 * memory does not grow with the program. Read in small windows, the listing is still objdump's, byte for byte,
 * for ARM, Thumb and glibc programs; zero runs that span windows are skipped as when the file is read whole.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { listElf, writeElfFileListing } from '../src/commands/disasm-elf.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures');

function listFile(path: string, name: string, windowBytes: number): Buffer {
  const chunks: Buffer[] = [];
  writeElfFileListing(path, name, (chunk) => chunks.push(Buffer.from(chunk)), { windowBytes });
  return Buffer.concat(chunks);
}

describe('an ELF listing read in pieces', () => {
  const cases = [
    { elf: 'programs/bin/crc-O2.elf', want: 'disasm/elf/crc-O2.objdump' },
    { elf: 'programs/bin/demo-workload-O2.elf', want: 'disasm/elf/demo-workload-O2.objdump' },
    { elf: 'disasm/elf-thumb-edges/it-zeros-sections.elf', want: 'disasm/elf-thumb-edges/it-zeros-sections.objdump' },
    { elf: 'disasm/elf-thumb-edges/cut-and-stale-it.elf', want: 'disasm/elf-thumb-edges/cut-and-stale-it.objdump' },
    { elf: 'glibc/bin/glibc-demo-O2.elf', want: 'glibc/glibc-demo-O2.objdump.gz' },
  ];
  for (const { elf, want } of cases) {
    it(`${elf}: 4 KiB windows give objdump's listing`, () => {
      const expected = readFileSync(join(FIXTURES, want));
      const text = want.endsWith('.gz') ? gunzipSync(expected) : expected;
      const name = elf.slice(elf.lastIndexOf('/') + 1);
      expect(listFile(join(FIXTURES, elf), name, 4096).equals(text)).toBe(true);
    });
  }

  it('zero runs across window boundaries, and a section ending in zeros, list as when read whole', () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'glibc/bin/glibc-demo-O2.elf')));
    const whole = listElf(bytes, 'g.elf').split('\n');
    const first = whole.findIndex((l) => /^ {3}[0-9a-f]{5}:\t/.test(l));
    const textStart = Number.parseInt(whole[first]!.trim(), 16);
    // The ELF's first PT_LOAD maps file offset 0 at its lowest address: zero 10,000 bytes from 6,000 into the
    // code, and then 40 KiB at 80 KiB (several windows of 4 KiB each).
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const phoff = view.getUint32(28, true);
    const vaddr = view.getUint32(phoff + 8, true);
    const offset = view.getUint32(phoff + 4, true);
    const at = (address: number) => address - vaddr + offset;
    bytes.fill(0, at(textStart + 6000), at(textStart + 16000));
    bytes.fill(0, at(textStart + 80 * 1024), at(textStart + 120 * 1024));
    const dir = mkdtempSync(join(tmpdir(), 'armprobe-pieces-'));
    try {
      const path = join(dir, 'g.elf');
      writeFileSync(path, bytes);
      const expected = listElf(bytes, 'g.elf');
      expect(expected.split('\n').filter((l) => l === '\t...').length).toBeGreaterThanOrEqual(2);
      for (const windowBytes of [4096, 5000, 65536]) {
        expect(listFile(path, 'g.elf', windowBytes).toString('utf8') === expected, `${windowBytes}`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a string table larger than the name cache, its names scattered, still gives the objdump listing', () => {
    // The names are read a page at a time through a 256 KiB cache: move glibc-demo's string table to the end of
    // the file, each name at a random place among 400 bytes of filler (so the table is ~1 MB, the names out of
    // the order they are printed in, many crossing 4 KiB pages), and point the symbols at them. The names are the
    // same, so objdump's listing of the original is still the listing.
    const original = readFileSync(join(FIXTURES, 'glibc/bin/glibc-demo-O2.elf'));
    const expected = gunzipSync(readFileSync(join(FIXTURES, 'glibc/glibc-demo-O2.objdump.gz')));
    const view = new DataView(original.buffer, original.byteOffset, original.byteLength);
    const shoff = view.getUint32(32, true);
    const shnum = view.getUint16(48, true);
    const header = (i: number) => shoff + 40 * i;
    let symtab = -1;
    for (let i = 0; i < shnum; i++) if (view.getUint32(header(i) + 4, true) === 2) symtab = i;
    expect(symtab).toBeGreaterThan(0);
    const strtab = view.getUint32(header(symtab) + 24, true);
    const strOffset = view.getUint32(header(strtab) + 16, true);
    const symOffset = view.getUint32(header(symtab) + 16, true);
    const symCount = view.getUint32(header(symtab) + 20, true) / 16;
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 8;
    };
    const order = Array.from({ length: symCount }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = random() % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const table: number[] = [0];
    const moved = new Map<number, number>();
    for (const i of order) {
      const name = view.getUint32(symOffset + 16 * i, true);
      if (name === 0) continue;
      for (let k = random() % 400; k > 0; k--) table.push(k % 7 === 0 ? 0 : 0x41 + (k % 26));
      table.push(0);
      moved.set(i, table.length);
      for (let at = strOffset + name; original[at] !== 0; at++) table.push(original[at]!);
      table.push(0);
    }
    const bytes = Buffer.concat([original, Buffer.from(table)]);
    const out = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const [i, at] of moved) out.setUint32(symOffset + 16 * i, at, true);
    out.setUint32(header(strtab) + 16, original.length, true);
    out.setUint32(header(strtab) + 20, table.length, true);
    expect(table.length).toBeGreaterThan(512 * 1024);
    const dir = mkdtempSync(join(tmpdir(), 'armprobe-strtab-'));
    try {
      const path = join(dir, 'glibc-demo-O2.elf');
      writeFileSync(path, bytes);
      expect(listFile(path, 'glibc-demo-O2.elf', 65536).equals(expected)).toBe(true);
      expect(listElf(new Uint8Array(bytes), 'glibc-demo-O2.elf') === expected.toString('utf8')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
