import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeA32, decodeThumb, disassembleA32, disassembleThumb, vfpExpandImmediate } from '../src/index.js';
import { FIXTURES, loadCorpus } from './oracle.js';
import { halfwords, type ThumbRecord } from './thumb-oracle.js';

describe('VFP disassembly: the dense floating-point corpora agree with objdump 2.40 exactly', () => {
  it('a32-vfp.jsonl.gz: every word, every condition', () => {
    const records = loadCorpus(join(FIXTURES, 'disasm', 'a32-vfp.jsonl.gz'));
    expect(records.length).toBeGreaterThan(100_000);
    const bad = records
      .map((r) => ({ r, got: disassembleA32(Number.parseInt(r.word, 16), r.addr) }))
      .filter(({ r, got }) => got.text !== r.text || got.comment !== r.comment);
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('t32-vfp.jsonl.gz: every unit, both alignments, inside and outside IT blocks', () => {
    const records = loadCorpus(join(FIXTURES, 'disasm', 't32-vfp.jsonl.gz')) as ThumbRecord[];
    expect(records.filter((r) => (r.it ?? 0) !== 0).length).toBeGreaterThan(5000);
    expect(records.filter((r) => (r.addr & 3) === 2).length).toBeGreaterThan(5000);
    const bad = records
      .map((r) => {
        const [hw1, hw2] = halfwords(r);
        return { r, got: disassembleThumb(hw1, hw2, r.addr, r.it ?? 0) };
      })
      .filter(({ r, got }) => got.text !== r.text || got.comment !== r.comment || got.size !== r.len);
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

/** Decoded fields of the VFP kinds (the objdump text is covered by the a32-vfp / t32-vfp oracle corpora). */
describe('VFP decode: typed fields for execution', () => {
  it('arithmetic: data type and S / D registers (Vd:D, Vn:N, Vm:M; D:Vd for doubles)', () => {
    expect(decodeA32(0xee300a01, 0)).toMatchObject({
      kind: 'vfp-arithmetic',
      op: 'vadd',
      cond: 14,
      dataType: 'f32',
      vd: { bank: 's', index: 0 },
      vn: { bank: 's', index: 0 },
      vm: { bank: 's', index: 2 },
      selectCond: null,
    });
    // vmla.f64 d17, d18, d19 with condition NE.
    expect(decodeA32(0x1e421ba3, 0)).toMatchObject({
      kind: 'vfp-arithmetic',
      op: 'vmla',
      cond: 1,
      dataType: 'f64',
      vd: { bank: 'd', index: 17 },
      vn: { bank: 'd', index: 18 },
      vm: { bank: 'd', index: 19 },
    });
    expect(decodeA32(0xfe300a01, 0)).toMatchObject({ op: 'vsel', selectCond: 12, dataType: 'f32' });
  });

  it('VMOV immediate: imm8, the constant bits in its precision and its value', () => {
    expect(decodeA32(0xeeb70a00, 0)).toMatchObject({
      kind: 'vfp-move-immediate',
      dataType: 'f32',
      imm8: 0x70,
      bits: 0x3f800000,
      value: 1,
    });
    expect(decodeA32(0xeeb80b00, 0)).toMatchObject({ dataType: 'f64', imm8: 0x80, bits: 0xc0000000, value: -2 });
    expect(decodeA32(0xeeb60900, 0)).toMatchObject({ dataType: 'f16', imm8: 0x60, bits: 0x3800, value: 0.5 });
    expect(disassembleA32(0xeeb70a00, 0)).toEqual({ text: 'vmov.f32\ts0, #112', comment: '0x3f800000  1.0' });
    // VFPExpandImm as single-precision bits: 0x70 = 1.0, 0x00 = 2.0, 0xff = -1.9375, 0x40 = 0.125.
    expect([0x70, 0x00, 0xff, 0x40].map(vfpExpandImmediate)).toEqual([0x3f800000, 0x40000000, 0xbff80000, 0x3e000000]);
  });

  it('conversions: types, rounding, fixed-point fbits, half', () => {
    expect(decodeA32(0xeeb80ac0, 0)).toMatchObject({
      kind: 'vfp-convert',
      op: 'vcvt',
      to: 'f32',
      from: 's32',
      rounding: 'fpscr',
      fbits: null,
    });
    expect(decodeA32(0xeebd0ac0, 0)).toMatchObject({ op: 'vcvt', to: 's32', from: 'f32', rounding: 'zero' });
    expect(decodeA32(0xeebd0a40, 0)).toMatchObject({ op: 'vcvtr', to: 's32', from: 'f32', rounding: 'fpscr' });
    // vcvt.f32.s16 s1, s1, #11: imm4:i = 5, fbits = 16 − 5.
    expect(decodeA32(0xeefa0a62, 0)).toMatchObject({ to: 'f32', from: 's16', fbits: 11, vd: { bank: 's', index: 1 } });
    expect(decodeA32(0xfebf0b40, 0)).toMatchObject({ op: 'vcvtm', to: 'u32', from: 'f64', rounding: 'm' });
    expect(decodeA32(0xeeb30ac0, 0)).toMatchObject({ op: 'vcvtt', to: 'f16', from: 'f32', half: 'top' });
    expect(decodeA32(0xeeb90bc0, 0)).toMatchObject({ op: 'vjcvt', to: 's32', from: 'f64', rounding: 'zero' });
    expect(decodeA32(0xfeb80b40, 0)).toMatchObject({ kind: 'vfp-unary', op: 'vrint', rounding: 'a' });
    expect(decodeA32(0xeeb70a40, 0)).toMatchObject({ kind: 'vfp-unary', op: 'vrint', rounding: 'exact' });
  });

  it('compare: with a register or zero, VCMPE signals on quiet NaNs', () => {
    expect(decodeA32(0xeeb40ac1, 0)).toMatchObject({
      kind: 'vfp-compare',
      op: 'vcmpe',
      vm: { bank: 's', index: 2 },
      quietNanExceptions: true,
    });
    expect(decodeA32(0x0eb50a40, 0)).toMatchObject({ op: 'vcmp', cond: 0, vm: null, quietNanExceptions: false });
  });

  it('loads and stores: size, base, offset, register list and core registers touched', () => {
    const vldr = decodeA32(0xed9f0b02, 0x8000);
    expect(vldr).toMatchObject({ kind: 'vfp-load-store', load: true, size: 8, rn: 15, imm32: 8, add: true });
    expect(vldr.reads).toBe(1 << 15);
    expect(vldr.memory).toMatchObject({ access: 'load', bytes: 8 });
    const vpop = decodeA32(0xecbd8b04, 0);
    expect(vpop).toMatchObject({
      kind: 'vfp-load-store-multiple',
      op: 'vpop',
      rn: 13,
      wback: true,
      increment: true,
      bank: 'd',
      first: 8,
      count: 2,
    });
    expect(vpop.writes).toBe(1 << 13);
    expect(decodeA32(0xed2d8a02, 0)).toMatchObject({ op: 'vpush', bank: 's', first: 16, count: 2, increment: false });
  });

  it('core transfers, VDUP and system registers', () => {
    expect(decodeA32(0xee100a10, 0)).toMatchObject({ kind: 'vfp-move-core-single', toCore: true, rt: 0, writes: 1 });
    expect(decodeA32(0xec510b10, 0)).toMatchObject({
      kind: 'vfp-move-core-pair',
      toCore: true,
      rt: 0,
      rt2: 1,
      vm: { bank: 'd', index: 0 },
    });
    expect(decodeA32(0xee300b10, 0)).toMatchObject({ kind: 'vfp-move-core-scalar', size: 32, lane: 1, signed: null });
    expect(decodeA32(0xee700b70, 0)).toMatchObject({ size: 8, lane: 7, signed: true, toCore: true });
    expect(disassembleA32(0xee700b70, 0).text).toBe('vmov.s8\tr0, d0[7]');
    expect(decodeA32(0xeea00b10, 0)).toMatchObject({
      kind: 'vfp-duplicate-core',
      size: 32,
      vd: { bank: 'q', index: 0 },
    });
    expect(decodeA32(0xeea10b10, 0)).toMatchObject({ architecturallyUndefined: true });
    expect(decodeA32(0xeef1fa10, 0)).toMatchObject({
      kind: 'vfp-system-register',
      toCore: true,
      toFlags: true,
      setsFlags: true,
      writes: 0,
      specialRegister: 1,
    });
    expect(decodeA32(0xeee10a10, 0)).toMatchObject({ toCore: false, registerName: 'fpscr', reads: 1 });
  });

  it('half precision on coprocessor 9 and the ARM-state UNPREDICTABLE mark for a condition', () => {
    expect(decodeA32(0xee300900, 0)).toMatchObject({ kind: 'vfp-arithmetic', op: 'vadd', dataType: 'f16' });
    expect(disassembleA32(0x1e300900, 0)).toEqual({ text: 'vaddne.f16\ts0, s0, s0', comment: '<UNPREDICTABLE>' });
  });
});

describe('VFP in Thumb state: the A32 word with condition 1110 / 1111, the IT condition', () => {
  it('same kind and fields as A32, with the IT block condition', () => {
    const a32 = decodeA32(0xee300a01, 0);
    const t32 = decodeThumb(0xee30, 0x0a01, 0x8000, 0x08); // inside IT EQ, last of the block
    expect(t32).toMatchObject({ kind: a32.kind, op: 'vadd', isa: 'thumb', length: 4, cond: 0, dataType: 'f32' });
    expect(disassembleThumb(0xee30, 0x0a01, 0x8000, 0x08).text).toBe('vaddeq.f32\ts0, s0, s2');
    expect(disassembleThumb(0xee30, 0x0a01, 0x8000, 0).text).toBe('vadd.f32\ts0, s0, s2');
  });

  it('a literal VLDR counts from Align(PC, 4) at both alignments', () => {
    expect(disassembleThumb(0xed9f, 0x0b02, 0x8000, 0).comment).toBe('0x800c');
    expect(disassembleThumb(0xed9f, 0x0b02, 0x8002, 0).comment).toBe('0x800c');
  });

  it('ARMv8 unconditional forms inside an IT block print its condition and are UNPREDICTABLE', () => {
    expect(disassembleThumb(0xfe30, 0x0a01, 0x8000, 0x08)).toMatchObject({
      text: 'vselgteq.f32\ts0, s0, s2',
      comment: '<UNPREDICTABLE>',
    });
  });

  it('SP as a core register is UNPREDICTABLE in Thumb only', () => {
    expect(decodeA32(0xee10da10, 0).unpredictable).toBe(false);
    expect(decodeThumb(0xee10, 0xda10, 0, 0).unpredictable).toBe(true);
  });
});
