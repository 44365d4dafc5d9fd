import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listElf } from '../src/index.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures');
const BIN = join(FIXTURES, 'programs/bin');
const CLI = join(import.meta.dirname, '../dist/armprobe.cjs');

const listings = readdirSync(join(FIXTURES, 'disasm/elf'))
  .filter((f) => f.endsWith('.objdump'))
  .map((f) => f.slice(0, -'.objdump'.length));

describe('armprobe disasm FILE.elf matches objdump -d', () => {
  it('has objdump listings to compare with', () => {
    expect(listings.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of listings) {
    it(`${name}.elf: identical listing`, () => {
      const want = readFileSync(join(FIXTURES, 'disasm/elf', `${name}.objdump`), 'utf8');
      const got = listElf(new Uint8Array(readFileSync(join(BIN, `${name}.elf`))), `${name}.elf`);
      const w = want.split('\n');
      const g = got.split('\n');
      const firstDiff = w.findIndex((line, i) => line !== g[i]);
      expect(firstDiff === -1 ? null : { line: firstDiff + 1, want: w[firstDiff], got: g[firstDiff] }).toBeNull();
      expect(g.length).toBe(w.length);
    });
  }

  it('--symbol lists one function; the CLI reports unknown symbols and bad files', () => {
    const r = spawnSync(process.execPath, [CLI, 'disasm', 'crc-O2.elf', '--symbol', 'strlen'], {
      cwd: BIN,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const labels = r.stdout.split('\n').filter((l) => /^[0-9a-f]{8} </.test(l));
    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatch(/<strlen>:$/);
    const full = readFileSync(join(FIXTURES, 'disasm/elf/crc-O2.objdump'), 'utf8');
    for (const line of r.stdout.split('\n').filter((l) => /^ +[0-9a-f]+:\t/.test(l))) expect(full).toContain(line);
    const missing = spawnSync(process.execPath, [CLI, 'disasm', 'crc-O2.elf', '--symbol', 'nope'], {
      cwd: BIN,
      encoding: 'utf8',
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no symbol "nope"');
    const bad = spawnSync(process.execPath, [CLI, 'disasm', join(FIXTURES, 'README.md')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('not a readable ARM ELF file');
  });
});
