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
});
