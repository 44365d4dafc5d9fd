import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listElf } from '../src/index.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures');
const BIN = join(FIXTURES, 'programs-thumb/bin');
const CLI = join(import.meta.dirname, '../dist/armprobe.cjs');

const listings = readdirSync(join(FIXTURES, 'disasm/elf-thumb'))
  .filter((f) => f.endsWith('.objdump'))
  .map((f) => f.slice(0, -'.objdump'.length));

function firstDifference(want: string, got: string): { line: number; want?: string; got?: string } | null {
  const w = want.split('\n');
  const g = got.split('\n');
  const at = w.findIndex((line, i) => line !== g[i]);
  if (at >= 0) return { line: at + 1, want: w[at], got: g[at] };
  if (g.length !== w.length) return { line: w.length + 1, got: g[w.length] };
  return null;
}

describe('armprobe disasm FILE.elf lists Thumb code exactly as objdump -d', () => {
  it('has the 31 objdump listings of the Thumb fixture programs', () => {
    expect(listings.length).toBe(31);
  });

  for (const name of listings) {
    it(`${name}.elf: byte-identical listing`, () => {
      const want = readFileSync(join(FIXTURES, 'disasm/elf-thumb', `${name}.objdump`), 'utf8');
      const got = listElf(new Uint8Array(readFileSync(join(BIN, `${name}.elf`))), `${name}.elf`);
      expect(firstDifference(want, got)).toBeNull();
      expect(got).toBe(want);
    });
  }

  // Hand-written corners (scripts/fixtures/thumb-listing-edges): units cut by a label or the section end,
  // units running past mapping symbols, IT state across labels, data and ARM code, zero runs, odd data.
  const EDGES = join(FIXTURES, 'disasm/elf-thumb-edges');
  const edges = readdirSync(EDGES)
    .filter((f) => f.endsWith('.objdump'))
    .map((f) => f.slice(0, -'.objdump'.length));

  it('has the hand-written edge listings', () => {
    expect(edges.length).toBe(3);
  });

  for (const name of edges) {
    it(`edge ${name}.elf: byte-identical listing`, () => {
      const want = readFileSync(join(EDGES, `${name}.objdump`), 'utf8');
      const got = listElf(new Uint8Array(readFileSync(join(EDGES, `${name}.elf`))), `${name}.elf`);
      expect(firstDifference(want, got)).toBeNull();
      expect(got).toBe(want);
    });
  }

  it('--symbol lists one Thumb function (st_value bit 0 set) from its even address, lines as in the full listing', () => {
    const r = spawnSync(process.execPath, [CLI, 'disasm', 'fmt-thumb-O2.elf', '--symbol', 'put_str'], {
      cwd: BIN,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const labels = r.stdout.split('\n').filter((l) => /^[0-9a-f]{8} </.test(l));
    expect(labels).toEqual(['00010540 <put_str>:']);
    const lines = r.stdout.split('\n').filter((l) => /^ +[0-9a-f]+:\t/.test(l));
    expect(lines.length).toBeGreaterThan(3);
    expect(lines[0]).toMatch(/^ {3}10540:\t/);
    const full = readFileSync(join(FIXTURES, 'disasm/elf-thumb/fmt-thumb-O2.objdump'), 'utf8').split('\n');
    const from = full.indexOf('00010540 <put_str>:');
    expect(lines).toEqual(full.slice(from + 1, from + 1 + lines.length));
  });
});
