/**
 * Advanced SIMD element and structure loads and stores: typed fields of each class (register list with
 * stride, lane, element size, alignment, Rn / Rm and writeback, memory access), the same kind and fields
 * from the Thumb encoding with the IT condition, UNDEFINED / UNPREDICTABLE forms, and objdump 2.40's text
 * (expected strings from arm-linux-gnueabihf-objdump); every record of the dense corpora agrees exactly.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  type AdvancedSimdLoadStoreInsn,
  decodeA32,
  decodeThumb,
  disassembleA32,
  disassembleThumb,
} from '../src/index.js';
import { recordText } from './oracle.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/disasm');

function ldst(word: number): AdvancedSimdLoadStoreInsn {
  const insn = decodeA32(word, 0x8000);
  expect(['asimd-load-store-multiple', 'asimd-load-store-single-lane', 'asimd-load-all-lanes']).toContain(insn.kind);
  return insn as AdvancedSimdLoadStoreInsn;
}

function fields(i: AdvancedSimdLoadStoreInsn) {
  return {
    kind: i.kind,
    op: i.op,
    load: i.load,
    structure: i.structure,
    dataType: i.dataType,
    elementBits: i.elementBits,
    first: i.first,
    count: i.count,
    stride: i.stride,
    lane: i.lane,
    alignment: i.alignment,
    rn: i.rn,
    rm: i.rm,
    writeback: i.writeback,
  };
}

describe('Advanced SIMD element / structure loads and stores (A32)', () => {
  it('multiple structures: list, stride, size, alignment, register post-index', () => {
    const a = ldst(0xf42c2a42);
    expect(fields(a)).toEqual({
      kind: 'asimd-load-store-multiple',
      op: 'vld1',
      load: true,
      structure: 1,
      dataType: '16',
      elementBits: 16,
      first: 2,
      count: 2,
      stride: 1,
      lane: -1,
      alignment: 0,
      rn: 12,
      rm: 2,
      writeback: true,
    });
    expect(a.memory).toEqual({ access: 'load', bytes: 16, exclusive: false, unprivileged: false });
    expect([a.reads, a.writes]).toEqual([(1 << 12) | (1 << 2), 1 << 12]);
    expect(disassembleA32(0xf42c2a42)).toEqual({ text: 'vld1.16\t{d2-d3}, [ip], r2', comment: null });

    const b = ldst(0xf4000102);
    expect([b.op, b.load, b.structure, b.first, b.count, b.stride, b.memory?.bytes]).toEqual([
      'vst4',
      false,
      4,
      0,
      4,
      2,
      32,
    ]);
    expect(b.memory?.access).toBe('store');
    expect(disassembleA32(0xf4200102).text).toBe('vld4.8\t{d0,d2,d4,d6}, [r0], r2');
    expect(disassembleA32(0xf4200a3f).text).toBe('vld1.8\t{d0-d1}, [r0 :256]');
    expect(ldst(0xf4200a3f).alignment).toBe(256);
  });

  it('single structure to one lane: lane index, stride, alignment, writeback `!`', () => {
    const a = ldst(0xf4a4a98d);
    expect(fields(a)).toMatchObject({ op: 'vld2', structure: 2, dataType: '32', first: 10, count: 2, stride: 1 });
    expect([a.lane, a.rn, a.rm, a.writeback, a.reads, a.writes]).toEqual([1, 4, 13, true, 1 << 4, 1 << 4]);
    expect(a.memory?.bytes).toBe(8);
    expect(disassembleA32(0xf4a4a98d).text).toBe('vld2.32\t{d10[1],d11[1]}, [r4]!');

    const b = ldst(0xf4e00b6f);
    expect([b.kind, b.first, b.count, b.stride, b.lane, b.alignment, b.writeback]).toEqual([
      'asimd-load-store-single-lane',
      16,
      4,
      2,
      0,
      128,
      false,
    ]);
    expect(disassembleA32(0xf4e00b6f).text).toBe('vld4.32\t{d16[0],d18[0],d20[0],d22[0]}, [r0 :128]');
  });

  it('single structure to all lanes: T bit as count (VLD1) or stride, VLD4 .32 with :128', () => {
    const a = ldst(0xf4a00d3f);
    expect([a.kind, a.op, a.count, a.stride, a.lane, a.alignment]).toEqual([
      'asimd-load-all-lanes',
      'vld2',
      2,
      2,
      -1,
      16,
    ]);
    expect(disassembleA32(0xf4a00d3f).text).toBe('vld2.8\t{d0[],d2[]}, [r0 :16]');
    const b = ldst(0xf4a00c2f);
    expect([b.count, b.stride]).toEqual([2, 1]);
    expect(disassembleA32(0xf4a00c2f).text).toBe('vld1.8\t{d0[]-d1[]}, [r0]');
    const c = ldst(0xf4a00fdf);
    expect([c.dataType, c.elementBits, c.alignment, c.architecturallyUndefined, c.memory?.bytes]).toEqual([
      '32',
      32,
      128,
      false,
      16,
    ]);
    expect(disassembleA32(0xf4a00fdf).text).toBe('vld4.32\t{d0[]-d3[]}, [r0 :128]');
  });

  it('UNDEFINED and UNPREDICTABLE forms keep their kind and print as objdump does', () => {
    // VLD1 (all lanes) of bytes with an alignment, VLD3 (all lanes) with one: objdump's `<bad align N>`.
    const a = ldst(0xf4a00c1f);
    expect([a.badAlignment, a.architecturallyUndefined]).toEqual([true, true]);
    expect(disassembleA32(0xf4a00c1f).text).toBe('vld1.8\t{d0[]}, [r0 :<bad align 8>]');
    expect(disassembleA32(0xf4a00e1f).text).toBe('vld3.8\t{d0[]-d2[]}, [r0 :<bad align 24>]');
    // A lane index/alignment field objdump rejects: the operation and its tab, then objdump's UNDEFINED tail
    // `\t\t@ <UNDEFINED> instruction: 0x…` — the text keeps the two tabs before the comment's own separator.
    const b = ldst(0xf4a0001f);
    expect([b.rejected, b.architecturallyUndefined]).toEqual([true, true]);
    expect(disassembleA32(0xf4a0001f)).toEqual({ text: 'vld1.8\t\t', comment: '<UNDEFINED> instruction: 0xf4a0001f' });
    // A store of 64-bit elements to one lane: no such size.
    expect(ldst(0xf4800c0f).architecturallyUndefined).toBe(true);
    expect(disassembleA32(0xf4800c0f).text).toBe('vst1.<illegal width 64>\t{d0[0]}, [r0]');
    // VLD3 / VLD1 size or alignment the ARM ARM does not allow.
    expect(ldst(0xf42004cf).architecturallyUndefined).toBe(true);
    expect(ldst(0xf420072f).architecturallyUndefined).toBe(true);
    expect(ldst(0xf420071f).architecturallyUndefined).toBe(false);
    // A list past d31 and PC as base are UNPREDICTABLE.
    expect(ldst(0xf460f20f).unpredictable).toBe(true);
    expect(disassembleA32(0xf460f20f).text).toBe('vld1.8\t{d31-d34}, [r0]');
    expect(ldst(0xf42f070d).unpredictable).toBe(true);
    expect(ldst(0xf420070f).unpredictable).toBe(false);
    // Types 1011–1111 of the multiple-structures form: no instruction.
    expect(decodeA32(0xf4000b0f).kind).toBe('undefined');
    expect(disassembleA32(0xf4000b0f)).toEqual({ text: '', comment: '<UNDEFINED> instruction: 0xf4000b0f' });
  });
});

describe('Advanced SIMD element / structure loads and stores (T32)', () => {
  it('1111 1001 units are the A32 encoding with the top byte 1111 0100: same kind and fields', () => {
    const a = ldst(0xf4a4a98d);
    const t = decodeThumb(0xf9a4, 0xa98d, 0x8000, 0);
    const { isa: _a, word: _w, ...fa } = a;
    const { isa, word, length, itState, ...ft } = t as typeof t & { length: number; itState: number };
    expect([isa, word, length, itState]).toEqual(['thumb', 0xf9a4a98d, 4, 0]);
    expect(ft).toEqual({ ...fa, cond: 14 });
  });

  it('prints the IT block condition after the operation', () => {
    // ITSTATE 0x08: IT EQ, one instruction.
    expect(decodeThumb(0xf9a4, 0xa98d, 0x8000, 0x08).cond).toBe(0);
    expect(disassembleThumb(0xf9a4, 0xa98d, 0x8000, 0x08).text).toBe('vld2eq.32\t{d10[1],d11[1]}, [r4]!');
    expect(disassembleThumb(0xf92c, 0x2a42, 0x8000, 0).text).toBe('vld1.16\t{d2-d3}, [ip], r2');
    expect(disassembleThumb(0xf9a0, 0x001f, 0x8000, 0x08)).toEqual({
      text: 'vld1eq.8\t\t',
      comment: '<UNDEFINED> instruction: 0xf9a0001f',
      size: 4,
    });
  });
});

describe('Advanced SIMD element / structure loads and stores: objdump corpora', () => {
  it('every record of the dense corpora agrees with objdump exactly, objdump garbage included', () => {
    for (const [file, thumb, min] of [
      ['a32-asimd-ldst.jsonl.gz', false, 32000],
      ['t32-asimd-ldst.jsonl.gz', true, 19000],
    ] as const) {
      const records = gunzipSync(readFileSync(join(FIXTURES, file)))
        .toString('utf8')
        .trim()
        .split('\n');
      const bad: string[] = [];
      for (const line of records) {
        const r = JSON.parse(line) as { addr: number; word: string; text: string; comment: string | null; it?: number };
        const w = Number.parseInt(r.word, 16) >>> 0;
        const got = thumb ? disassembleThumb(w >>> 16, w & 0xffff, r.addr, r.it ?? 0) : disassembleA32(w, r.addr);
        if (recordText(got.text) !== r.text || got.comment !== r.comment)
          bad.push(`${r.word}: ${got.text} / ${r.text}`);
      }
      expect(records.length).toBeGreaterThan(min);
      expect(bad.slice(0, 5)).toEqual([]);
    }
  });
});
