/**
 * Advanced SIMD data-processing and the ARMv8 SIMD extensions: typed fields of representative encodings of
 * every class, the same kind and fields from the Thumb encoding, the IT-block rules, UNDEFINED and
 * UNPREDICTABLE forms, AdvSIMDExpandImm, and objdump 2.40's text for each (from arm-linux-gnueabihf-objdump).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  type AdvancedSimdInsn,
  decodeA32,
  decodeThumb,
  disassembleA32,
  disassembleThumb,
  expandModifiedImmediate,
} from '../src/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/disasm');

function simd(word: number): AdvancedSimdInsn {
  const insn = decodeA32(word, 0x8000);
  expect(insn.kind.startsWith('asimd-')).toBe(true);
  return insn as AdvancedSimdInsn;
}

const d = (index: number) => ({ type: 'register', bank: 'd', index });
const q = (index: number) => ({ type: 'register', bank: 'q', index });

describe('Advanced SIMD decode (A32)', () => {
  it('three registers of the same length: vadd.i16 q1, q2, q3', () => {
    const i = simd(0xf2142846);
    expect(i.kind).toBe('asimd-three-registers');
    expect([i.op, i.dataType, i.dataType2, i.elementBits, i.quad, i.cond]).toEqual(['vadd', 'i16', '', 16, true, 15]);
    expect(i.operands).toEqual([q(1), q(2), q(3)]);
    expect([i.reads, i.writes, i.memory, i.unpredictable]).toEqual([0, 0, null, false]);
    expect(disassembleA32(0xf2142846)).toEqual({ text: 'vadd.i16\tq1, q2, q3', comment: null });
  });

  it('two registers and a scalar: vmla.f32 d0, d1, d2[1]', () => {
    const i = simd(0xf2a10162);
    expect(i.kind).toBe('asimd-two-registers-scalar');
    expect(i.operands).toEqual([d(0), d(1), { type: 'scalar', bank: 'd', index: 2, lane: 1 }]);
    expect(disassembleA32(0xf2a10162).text).toBe('vmla.f32\td0, d1, d2[1]');
  });

  it('modified immediates keep cmode, op and imm8; objdump prints the value and a hex comment', () => {
    const i = simd(0xf387045f);
    expect(i.kind).toBe('asimd-modified-immediate');
    expect(i.operands[1]).toEqual({ type: 'modified-immediate', cmode: 4, op: 0, imm8: 0xff });
    expect(expandModifiedImmediate(0, 4, 0xff)).toEqual([0x00ff0000, 0x00ff0000]);
    expect(disassembleA32(0xf387045f)).toEqual({ text: 'vmov.i32\tq0, #16711680', comment: '0x00ff0000' });
    expect(expandModifiedImmediate(1, 14, 0xaa)).toEqual([0xff00ff00, 0xff00ff00]);
    expect(disassembleA32(0xf3820e3a)).toEqual({ text: 'vmov.i64\td0, #0xff00ff00ff00ff00', comment: null });
    expect(expandModifiedImmediate(0, 15, 0x70)).toEqual([0x3f800000, 0x3f800000]);
    expect(disassembleA32(0xf2870f10)).toEqual({ text: 'vmov.f32\td0, #1', comment: '0x3f800000' });
  });

  it('shift amounts: right shifts as 2^n − imm, left shifts as imm (hex comment above 32)', () => {
    const i = simd(0xf3bf00d2);
    expect([i.kind, i.op, i.dataType, i.elementBits]).toEqual(['asimd-shift-immediate', 'vshr', 'u64', 64]);
    expect(i.operands).toEqual([q(0), q(1), { type: 'immediate', value: 1, hexComment: false }]);
    expect(disassembleA32(0xf3bf00d2).text).toBe('vshr.u64\tq0, q1, #1');
    expect(disassembleA32(0xf2a80590)).toEqual({ text: 'vshl.s64\td0, d0, #40', comment: '0x28' });
  });

  it('conversions carry both data types: vcvt.bf16.f32 d0, q0', () => {
    const i = simd(0xf3b60640);
    expect([i.op, i.dataType, i.dataType2]).toEqual(['vcvt', 'bf16', 'f32']);
    expect(i.operands).toEqual([d(0), q(0)]);
  });

  it('the ARMv8 extension space: vcadd.f32 #90 and vsdot.s8 by element', () => {
    const c = simd(0xfc910802);
    expect([c.kind, c.op, c.dataType]).toEqual(['asimd-extension', 'vcadd', 'f32']);
    expect(c.operands[3]).toEqual({ type: 'immediate', value: 90, hexComment: false });
    expect(disassembleA32(0xfc910802).text).toBe('vcadd.f32\td0, d1, d2, #90');
    const s = simd(0xfe210d22);
    expect(s.operands[2]).toEqual({ type: 'scalar', bank: 'd', index: 2, lane: 1 });
    expect(disassembleA32(0xfe210d22).text).toBe('vsdot.s8\td0, d1, d2[1]');
  });

  it('VTBL with a list past d31 is UNPREDICTABLE and printed as objdump does', () => {
    const i = simd(0xf3be8a82);
    expect(i.unpredictable).toBe(true);
    expect(i.operands[1]).toEqual({ type: 'list', first: 30, count: 3 });
    expect(disassembleA32(0xf3be8a82).text).toBe('vtbl.8\td8, {d30-<overflow reg d32}, d2');
  });

  it('an odd D number for a Q register or a size the operation lacks: UNDEFINED, spelled as objdump does', () => {
    const oddQ = simd(0xf2145846); // Vd = 5 with Q = 1
    expect([oddQ.architecturallyUndefined, oddQ.operands[0]]).toEqual([
      true,
      { type: 'illegal', text: '<illegal reg q2.5>' },
    ]);
    expect(disassembleA32(0xf2145846).text).toBe('vadd.i16\t<illegal reg q2.5>, q2, q3');
    expect(simd(0xf2342846)).toMatchObject({ dataType: 'i64', architecturallyUndefined: false }); // VADD.I64
    const vhadd64 = simd(0xf2300000); // VHADD has no 64-bit elements
    expect([vhadd64.dataType, vhadd64.elementBits, vhadd64.architecturallyUndefined]).toEqual([
      's<illegal width 64>',
      64,
      true,
    ]);
    expect(disassembleA32(0xf2300000).text).toBe('vhadd.s<illegal width 64>\td0, d0, d0');
    expect(disassembleA32(0xf3be0300).text).toBe('vshll.i<illegal width 64>\tq0, d0, #<illegal width 64>');
    // No row at all: plain UNDEFINED.
    expect(decodeA32(0xf2800f30).kind).toBe('undefined'); // VMOV immediate, op:cmode = 1:1111
    expect(simd(0xf2142846).architecturallyUndefined).toBe(false);
  });

  it('expandModifiedImmediate gives the value objdump prints for every op × cmode × imm8 of the corpus', () => {
    const records = gunzipSync(readFileSync(join(FIXTURES, 'a32-asimd.jsonl.gz')))
      .toString('utf8')
      .trim()
      .split('\n');
    let checked = 0;
    for (const line of records) {
      const r = JSON.parse(line) as { word: string; text: string; comment: string | null; cls: string };
      if (r.cls !== 'asimd_imm' || !/^v(mov|mvn|orr|bic)\.[if]\d+\t/.test(r.text)) continue;
      const w = Number.parseInt(r.word, 16) >>> 0;
      const cmode = (w >>> 8) & 15;
      const op = (w >>> 5) & 1;
      const imm8 = ((w >>> 17) & 0x80) | ((w >>> 12) & 0x70) | (w & 15);
      const [hi, lo] = expandModifiedImmediate(op, cmode, imm8);
      let printed: number[];
      if (r.comment === null) {
        // The 64-bit form: #0x<16 hex digits>.
        const h = /#0x([0-9a-f]{8})([0-9a-f]{8})$/.exec(r.text)!;
        printed = [Number.parseInt(h[1]!, 16), Number.parseInt(h[2]!, 16)];
      } else {
        // Element value in the comment: replicate it to 64 bits by its width.
        const v = Number.parseInt(r.comment, 16);
        const digits = r.comment.length - 2;
        const word = digits === 2 ? v * 0x01010101 : digits === 4 ? v * 0x00010001 : v;
        printed = [word >>> 0, word >>> 0];
      }
      expect([hi, lo]).toEqual(printed);
      checked++;
    }
    expect(checked).toBeGreaterThan(7000);
  });

  it('every record of the dense corpora agrees with objdump exactly, objdump garbage included', () => {
    for (const [file, thumb] of [
      ['a32-asimd.jsonl.gz', false],
      ['t32-asimd.jsonl.gz', true],
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
        if (got.text !== r.text || got.comment !== r.comment) bad.push(`${r.word}: ${got.text} / ${r.text}`);
      }
      expect(records.length).toBeGreaterThan(30000);
      expect(bad.slice(0, 5)).toEqual([]);
    }
  });
});

describe('Advanced SIMD decode (T32)', () => {
  it('111U 1111 units are the A32 encoding with U moved: same kind and fields', () => {
    const a = simd(0xf2142846);
    const t = decodeThumb(0xef14, 0x2846, 0x8000, 0);
    expect(t.kind).toBe(a.kind);
    const { isa: _a, word: _w, ...fa } = a;
    const { isa, word, length, itState, ...ft } = t as typeof t & { length: number; itState: number };
    expect([isa, word, length, itState]).toEqual(['thumb', 0xef142846, 4, 0]);
    expect(ft).toEqual({ ...fa, cond: 14 });
  });

  it('inside an IT block: the block condition; ARMv8 forms are UNPREDICTABLE there', () => {
    expect(disassembleThumb(0xef14, 0x2846, 0x8002, 0x08)).toEqual({
      text: 'vaddeq.i16\tq1, q2, q3',
      comment: null,
      size: 4,
    });
    const aese = decodeThumb(0xffb0, 0x0302, 0x8008, 0x08);
    expect([aese.kind, aese.unpredictable, aese.cond]).toEqual(['asimd-two-registers-misc', true, 0]);
    expect(disassembleThumb(0xffb0, 0x0302, 0x8008, 0x08).comment).toBe('<UNPREDICTABLE>');
    expect(disassembleThumb(0xffb0, 0x0302, 0x8008, 0).comment).toBe(null);
    // The extension forms: VCADD takes the condition, VSDOT prints none.
    expect(disassembleThumb(0xfc91, 0x0802, 0x800e, 0x04).text).toBe('vcaddeq.f32\td0, d1, d2, #90');
    expect(disassembleThumb(0xfe21, 0x0d22, 0x8012, 0x18).text).toBe('vsdot.s8\td0, d1, d2[1]');
  });
});
