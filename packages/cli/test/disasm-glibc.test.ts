/**
 * Issue 15's ELF acceptance: `armprobe disasm FILE.elf` is byte-identical to `arm-linux-gnueabihf-objdump -d`
 * on a static glibc program (-O2, Thumb-2 with glibc's ARM, VFP and NEON routines and data in text) and on a
 * -mfpu=neon-vfpv4 -O3 -ftree-vectorize program (fixtures/glibc, from scripts/fixtures/gen-glibc-listings.mjs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { listElf } from '../src/index.js';

const GLIBC = join(import.meta.dirname, '../../../fixtures/glibc');

describe('armprobe disasm FILE.elf on static glibc programs matches objdump -d byte for byte', () => {
  for (const name of ['glibc-demo-O2', 'neon-loops-O3']) {
    it(`${name}.elf`, () => {
      const want = gunzipSync(readFileSync(join(GLIBC, `${name}.objdump.gz`))).toString('utf8');
      const got = listElf(new Uint8Array(readFileSync(join(GLIBC, 'bin', `${name}.elf`))), `${name}.elf`);
      const w = want.split('\n');
      const g = got.split('\n');
      const firstDiff = w.findIndex((line, i) => line !== g[i]);
      expect(firstDiff === -1 ? null : { line: firstDiff + 1, want: w[firstDiff], got: g[firstDiff] }).toBeNull();
      expect(g.length).toBe(w.length);
      expect(got === want).toBe(true);
    });
  }
});
