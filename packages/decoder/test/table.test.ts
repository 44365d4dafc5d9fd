import { describe, expect, it } from 'vitest';
import { LEAF_TOP, lazyDispatch, NOT_BUILT } from '../src/a32/dispatch.js';
import { compilePattern } from '../src/a32/pattern.js';
import { A32_TABLE, isUnconditionalRow } from '../src/a32/table.js';
import { matchA32Row } from '../src/index.js';
import { mulberry32 } from './probe-forms.js';

/** A word that satisfies the row's fixed bits, with the free bits taken from `fill`. */
function witness(row: { mask: number; value: number }, fill: number): number {
  return ((row.value & row.mask) | (fill & ~row.mask)) >>> 0;
}

describe('A32 encoding table', () => {
  it('has rows', () => {
    expect(A32_TABLE.length).toBeGreaterThan(0);
  });

  it('every value lies within its mask and every pattern is 32 bits', () => {
    for (const r of A32_TABLE) {
      expect((r.value & ~r.mask) >>> 0, r.pattern).toBe(0);
      expect(compilePattern(r.pattern)).toEqual({ mask: r.mask, value: r.value, sbz: r.sbz, sbo: r.sbo });
      expect((r.sbz & r.mask) >>> 0, `${r.pattern}: should-be bits overlap fixed bits`).toBe(0);
      expect((r.sbo & r.mask) >>> 0, `${r.pattern}: should-be bits overlap fixed bits`).toBe(0);
    }
  });

  it('conditional rows can match some condition other than 1111 (AL-only rows fix it to 1110)', () => {
    for (const r of A32_TABLE) {
      if (isUnconditionalRow(r)) continue;
      const fixed = r.mask >>> 28;
      const value = r.value >>> 28;
      // Some condition c != 0b1111 satisfies the row's fixed condition bits.
      const satisfiable = Array.from({ length: 15 }, (_, c) => c).some((c) => (c & fixed) === value);
      expect(satisfiable, `${r.op} ${r.pattern}`).toBe(true);
    }
  });

  it('no row is unreachable: each has a witness word that it (and not an earlier row) matches', () => {
    const rand = mulberry32(0x5eed);
    const unreachable: string[] = [];
    for (const r of A32_TABLE) {
      let reached = false;
      for (let attempt = 0; attempt < 4000 && !reached; attempt++) {
        let w = witness(r, rand());
        if (!isUnconditionalRow(r) && w >>> 28 === 0xf) w = (w & 0x0fffffff) | 0xe0000000;
        if (matchA32Row(w) === r) reached = true;
      }
      if (!reached) unreachable.push(`${r.op}: ${r.pattern}`);
    }
    expect(unreachable).toEqual([]);
  });

  it('the dispatcher agrees with a plain first-match scan of the table', () => {
    const rand = mulberry32(42);
    for (let i = 0; i < 100_000; i++) {
      const w = rand();
      const uncond = w >>> 28 === 0xf;
      const expected = A32_TABLE.find((r) => isUnconditionalRow(r) === uncond && (w & r.mask) >>> 0 === r.value);
      expect(matchA32Row(w)).toBe(expected);
    }
  });

  it('every group of the 16-bit dispatch trie builds, and each of its 65536 root entries walks to the scan result', () => {
    // A fresh trie (the package's own is built lazily): all 4096 groups must fit below the leaf entries.
    const dispatch = lazyDispatch(A32_TABLE, isUnconditionalRow);
    for (let high = 0; high < 4096; high++) dispatch.fill(high);
    const nodes = dispatch.nodes();
    const rootRows = dispatch.rootRows();
    expect(dispatch.leafMin).toBe(LEAF_TOP - A32_TABLE.length);
    const rand = mulberry32(0x16b17);
    const mismatches: string[] = [];
    for (let key = 0; key < 1 << 16; key++) {
      const group = dispatch.groups[key >>> 4]!;
      expect(group).not.toBe(NOT_BUILT);
      const node = rootRows[(group << 4) | (key & 15)]!;
      expect(node).toBeLessThan(dispatch.leafMin);
      const w = (((key & 0xfff0) << 16) | ((key & 0xf) << 4) | (rand() & 0x000fff0f)) >>> 0;
      let entry = nodes[node + 2 + ((w >>> nodes[node]!) & nodes[node + 1]!)]!;
      while (entry < dispatch.leafMin) entry = nodes[entry + 2 + ((w >>> nodes[entry]!) & nodes[entry + 1]!)]!;
      const uncond = w >>> 28 === 0xf;
      const expected = A32_TABLE.findIndex((r) => isUnconditionalRow(r) === uncond && (w & r.mask) >>> 0 === r.value);
      const got = LEAF_TOP - entry;
      if (got !== (expected < 0 ? A32_TABLE.length : expected)) mismatches.push(w.toString(16));
      if (matchA32Row(w) !== (expected < 0 ? undefined : A32_TABLE[expected]))
        mismatches.push(`matchA32Row ${w.toString(16)}`);
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('the dispatcher agrees with the scan on words built from every row (edges of each pattern)', () => {
    const rand = mulberry32(7);
    const scan = (w: number) => {
      const uncond = w >>> 28 === 0xf;
      return A32_TABLE.find((r) => isUnconditionalRow(r) === uncond && (w & r.mask) >>> 0 === r.value);
    };
    const mismatches: string[] = [];
    for (const r of A32_TABLE) {
      for (const fill of [0, 0xffffffff, rand(), rand(), rand(), rand()]) {
        for (const c of [0x00000000, 0xe0000000, 0xf0000000]) {
          const w = (witness(r, fill) & (isUnconditionalRow(r) ? 0xffffffff : 0x0fffffff)) | (r.mask >>> 28 ? 0 : c);
          const word = w >>> 0;
          if (matchA32Row(word) !== scan(word)) mismatches.push(`${r.op} ${word.toString(16)}`);
        }
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
