/**
 * The pieces a listing sorts its symbols with when they are many: the external merge sort (runs in a scratch
 * store, merged a few at a time in rounds) and the paged (key, value) tables read a page at a time. Each is
 * checked against the plain in-memory answer on random inputs, with limits small enough that runs, merge rounds,
 * partial pages and cache evictions all happen.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextAbove } from '../src/commands/disasm-elf.js';
import { bytesSource } from '../src/commands/listing-file.js';
import { PairTable, PairTableWriter } from '../src/commands/listing-index.js';
import { memoryScratch, type ScratchStore } from '../src/commands/listing-scratch.js';
import { type RecordCompare, RecordSorter } from '../src/commands/listing-sort.js';
import { StringTable } from '../src/commands/listing-strings.js';

/** Records of 3 words: (key, tie, id) by key, then tie descending, then id — like the symbols' order. */
const compare: RecordCompare = (a, ai, b, bi) => a[ai]! - b[bi]! || b[bi + 1]! - a[ai + 1]! || a[ai + 2]! - b[bi + 2]!;

function sorted(
  records: readonly (readonly [number, number])[],
  store: ScratchStore | null,
  runRecords: number,
  fanIn: number,
) {
  const sorter = new RecordSorter(3, compare, records.length, store, { runRecords, fanIn });
  records.forEach(([key, tie], id) => {
    const at = sorter.add();
    sorter.records[at] = key;
    sorter.records[at + 1] = tie;
    sorter.records[at + 2] = id;
  });
  const out: number[][] = [];
  sorter.drain((words, at) => out.push([words[at]!, words[at + 1]!, words[at + 2]!]));
  return out;
}

describe('RecordSorter', () => {
  const records = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 })), {
    maxLength: 400,
  });

  it('hands back every record in order, in memory and through a store in runs and merge rounds', () => {
    fc.assert(
      fc.property(records, fc.integer({ min: 2, max: 17 }), fc.integer({ min: 2, max: 5 }), (input, run, fanIn) => {
        const want = input
          .map(([key, tie], id) => [key, tie, id])
          .sort((a, b) => a[0]! - b[0]! || b[1]! - a[1]! || a[2]! - b[2]!);
        expect(sorted(input, null, run, fanIn)).toEqual(want);
        expect(sorted(input, memoryScratch(), run, fanIn)).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it('keys up to 2^32 - 1 sort as unsigned numbers', () => {
    const input: [number, number][] = [
      [0xffffffff, 0],
      [0, 0],
      [0x80000000, 1],
      [0x80000000, 2],
      [0x7fffffff, 0],
    ];
    expect(sorted(input, memoryScratch(), 2, 2).map((r) => r[2])).toEqual([1, 4, 3, 2, 0]);
  });

  it('uses the store only once a run is full, and merges in rounds of at most fanIn runs', () => {
    let appended = 0;
    const inner = memoryScratch();
    const counting: ScratchStore = {
      ...inner,
      append: (b) => {
        appended += b.length;
        return inner.append(b);
      },
    };
    sorted(
      Array.from({ length: 16 }, (_, i) => [i % 5, 0] as [number, number]),
      counting,
      16,
      2,
    );
    expect(appended).toBe(0);
    sorted(
      Array.from({ length: 40 }, (_, i) => [i % 5, 0] as [number, number]),
      counting,
      4,
      2,
    );
    // 10 runs of 4 records (12 bytes each): written once, then 4 rounds of merging (10 → 5 → 3 → 2 runs); the
    // last merge (2 runs) goes to the caller, not the store.
    expect(appended).toBe(40 * 12 * 4);
  });
});

describe('PairTable', () => {
  // Several pages of 512 pairs (fast-check's arrays are mostly short): n keys up to `top`, many repeated.
  const keys = fc
    .record({ n: fc.integer({ min: 0, max: 3000 }), top: fc.integer({ min: 1, max: 6000 }), seed: fc.integer() })
    .map(({ n, top, seed }) => {
      let x = seed >>> 0;
      const k = Array.from({ length: n }, () => {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        return x % (top + 1);
      });
      return k.sort((a, b) => a - b);
    });

  it('pages read through a small cache answer as the table in memory does', () => {
    fc.assert(
      fc.property(keys, fc.array(fc.integer({ min: 0, max: 6001 }), { maxLength: 20 }), (sortedKeys, random) => {
        // Keys at and around page boundaries, and random values.
        const near = [511, 512, 513, 1023, 1024, 2047, 2048].flatMap((i) =>
          i < sortedKeys.length ? [sortedKeys[i]! - 1, sortedKeys[i]!, sortedKeys[i]! + 1] : [],
        );
        const probes = [...random, ...near.filter((v) => v >= 0)];
        const write = (store: ScratchStore | null, slots: number) => {
          const w = new PairTableWriter(store, 1, slots);
          for (let i = 0; i < sortedKeys.length; i++) w.push(sortedKeys[i]!, i * 7);
          return w.finish();
        };
        const resident = write(null, 16);
        const paged = write(memoryScratch(), 1);
        const twoSlots = write(memoryScratch(), 2);
        expect(paged.length).toBe(sortedKeys.length);
        for (const t of [paged, twoSlots]) {
          for (let i = 0; i < sortedKeys.length; i += 97) {
            expect(t.key(i)).toBe(sortedKeys[i]);
            expect(t.value(i)).toBe(i * 7);
          }
        }
        const n = sortedKeys.length;
        for (const v of probes) {
          for (const [from, to] of [
            [0, n],
            [Math.floor(n / 3), Math.floor((2 * n) / 3)],
            [Math.min(n, 511), Math.min(n, 1025)],
          ] as const) {
            let want = from - 1;
            for (let i = from; i < to; i++) if (sortedKeys[i]! <= v) want = i;
            const where = `${v} in [${from}, ${to})`;
            expect(resident.atOrBelow(v, from, to), `resident: ${where}`).toBe(want);
            expect(paged.atOrBelow(v, from, to), `paged: ${where}`).toBe(want);
            expect(twoSlots.atOrBelow(v, from, to), `two slots: ${where}`).toBe(want);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('takes pairs in key order only, and a power of two of cache slots', () => {
    const w = new PairTableWriter(memoryScratch(), 4);
    w.push(5, 0);
    expect(() => w.push(4, 0)).toThrow(/key 4 after 5/);
    expect(() => new PairTableWriter(null, 4, 3)).toThrow(/power of two/);
  });

  it('the listing finds the next pair above a value by a search: one page read, not every page before it', () => {
    // 100,000 pairs (196 pages) in a store read through one cached page, as a section's first mapping symbol is
    // looked for from the start of the table (a file can have tens of thousands of sections).
    const inner = memoryScratch();
    let reads = 0;
    const counting: ScratchStore = {
      ...inner,
      readInto: (offset, into) => {
        reads++;
        inner.readInto(offset, into);
      },
    };
    const w = new PairTableWriter(counting, 1, 1);
    for (let i = 0; i < 100_000; i++) w.push(4 * i, i);
    const table = w.finish();
    for (const [value, index] of [
      [4 * 99_990 + 1, 99_991],
      [4 * 50_000, 50_001],
      [-1, 0],
      [4 * 100_000, 100_000],
    ] as const) {
      reads = 0;
      const next = nextAbove(table, value, 0, table.length);
      expect(next.index).toBe(index);
      expect(next.value).toBe(index < 100_000 ? 4 * index : Number.POSITIVE_INFINITY);
      expect(reads, `${value}`).toBeLessThanOrEqual(2);
    }
  });

  it('an empty table has nothing at or below anything', () => {
    const t = new PairTableWriter(memoryScratch(), 0).finish();
    expect(t.length).toBe(0);
    expect(t.atOrBelow(100)).toBe(-1);
    expect(new PairTable(0, new Uint32Array(0)).atOrBelow(0)).toBe(-1);
  });
});

describe('StringTable added names', () => {
  it('names added past the table read back the same, in memory and spilled to a store page by page', () => {
    const table = new Uint8Array([0x61, 0x00, 0x62, 0x63]); // "a", then "bc" without its zero byte
    for (const store of [null, memoryScratch()]) {
      const strings = new StringTable(bytesSource(table), 0, table.length);
      if (store !== null) strings.spillTo(store);
      const added: [number, string][] = [];
      let seed = 1;
      for (let i = 0; i < 12000; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        // 10 to 70 characters: ~480 KB in all, many names across 4 KiB pages.
        const name = `sym_${i}_${'x'.repeat(seed % 60)}@@GLIBC_2.${seed % 40}`;
        added.push([strings.addName(name), name]);
      }
      expect(strings.name(0)).toBe('a');
      expect(strings.name(2)).toBe('bc');
      for (let k = 0; k < added.length; k += 7) {
        const [at, name] = added[(k * 7919) % added.length]!;
        expect(strings.name(at), `${store === null ? 'memory' : 'store'} ${at}`).toBe(name);
        expect(strings.byte(at)).toBe(name.charCodeAt(0));
      }
    }
  });
});
