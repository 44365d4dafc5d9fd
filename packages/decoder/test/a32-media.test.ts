import { describe, expect, it } from 'vitest';
import { mediaRows } from '../src/a32/media.js';
import { type A32Instruction, decodeA32, disassembleA32 } from '../src/index.js';
import { a32Corpora, isExcluded, recordText } from './oracle.js';

/** The media space, ARM ARM A5.4: cond ≠ 1111, bits 27:25 = 011, bit 4 = 1. */
function isMediaWord(w: number): boolean {
  return w >>> 28 !== 0xf && ((w >>> 25) & 7) === 3 && ((w >>> 4) & 1) === 1;
}

function decode<K extends A32Instruction['kind']>(word: number, kind: K): Extract<A32Instruction, { kind: K }> {
  const insn = decodeA32(word, 0x8000);
  expect(insn.kind).toBe(kind);
  return insn as Extract<A32Instruction, { kind: K }>;
}

const mask = (...regs: number[]): number => regs.reduce((m, r) => m | (1 << r), 0);

describe('A32 media: decoded fields', () => {
  it('parallel add/subtract', () => {
    const i = decode(0x46298f9d, 'parallel-add-sub'); // qadd8mi r8, r9, sp
    expect(i).toMatchObject({ op: 'qadd8', cond: 4, rd: 8, rn: 9, rm: 13, signed: true });
    expect(i).toMatchObject({ arithmetic: 'saturating', operation: 'add8', setsFlags: false, unpredictable: false });
    expect(i.reads).toBe(mask(9, 13));
    expect(i.writes).toBe(mask(8));
    const u = decode(0xe6519ffb, 'parallel-add-sub'); // usub8 r9, r1, fp
    expect(u).toMatchObject({ op: 'usub8', signed: false, arithmetic: 'modular', operation: 'sub8', setsFlags: true });
    const h = decode(0xe6700f30 | 0x00012003, 'parallel-add-sub'); // uhasx r2, r1, r3
    expect(h).toMatchObject({ op: 'uhasx', rd: 2, rn: 1, rm: 3, signed: false, arithmetic: 'halving' });
    expect(h.operation).toBe('asx');
    expect(decode(0xe61fff15, 'parallel-add-sub')).toMatchObject({
      unpredictable: true,
      reads: mask(15, 5),
      writes: mask(15),
    });
  });

  it('pack halfword, saturate, extend, select, reverse', () => {
    expect(decode(0xe68a105f, 'pack-halfword')).toMatchObject({
      op: 'pkhtb',
      rd: 1,
      rn: 10,
      rm: 15,
      tbform: true,
      shiftType: 2,
      shiftAmount: 32,
      unpredictable: true,
    });
    expect(decode(0xe682e515, 'pack-halfword')).toMatchObject({
      op: 'pkhbt',
      tbform: false,
      shiftType: 0,
      shiftAmount: 10,
    });
    const s = decode(0xe6a42e59, 'saturate'); // ssat r2, #5, r9, asr #28
    expect(s).toMatchObject({ op: 'ssat', rd: 2, rn: 9, signed: true, saturateTo: 5, shiftType: 2, shiftAmount: 28 });
    expect(s).toMatchObject({ setsFlags: true, reads: mask(9), writes: mask(2) });
    expect(decode(0xe6a00050, 'saturate')).toMatchObject({ shiftType: 2, shiftAmount: 32 }); // printed `asr #0`
    expect(decode(0xe6ff1410, 'saturate')).toMatchObject({ op: 'usat', signed: false, saturateTo: 31, shiftAmount: 8 });
    expect(decode(0xe6af9f39, 'saturate-16')).toMatchObject({
      op: 'ssat16',
      rd: 9,
      rn: 9,
      saturateTo: 16,
      signed: true,
    });
    expect(decode(0xe6ef0f30, 'saturate-16')).toMatchObject({ op: 'usat16', saturateTo: 15, signed: false });
    const x = decode(0xe6f96874, 'extend'); // uxtah r6, r9, r4, ror #16
    expect(x).toMatchObject({ op: 'uxtah', rd: 6, rn: 9, rm: 4, rotation: 16, signed: false, size: 2, dual: false });
    expect(x.reads).toBe(mask(9, 4));
    const b = decode(0xe6af0c70, 'extend'); // sxtb r0, r0, ror #24
    expect(b).toMatchObject({ op: 'sxtb', rn: null, rotation: 24, signed: true, size: 1, dual: false, reads: mask(0) });
    expect(decode(0xe68ff07d, 'extend')).toMatchObject({
      op: 'sxtb16',
      rn: null,
      rm: 13,
      dual: true,
      unpredictable: true,
    });
    expect(decode(0x5689cfbc, 'select-bytes')).toMatchObject({ op: 'sel', cond: 5, rd: 12, rn: 9, rm: 12 });
    expect(decode(0xe6ff4fbc, 'reverse')).toMatchObject({ op: 'revsh', operation: 'revsh', rd: 4, rm: 12 });
    expect(decode(0xe6bfff34, 'reverse')).toMatchObject({ operation: 'rev', unpredictable: true, writes: mask(15) });
    expect(decode(0xe6bfafb9, 'reverse').operation).toBe('rev16');
    expect(decode(0xe6ff3f3a, 'reverse').operation).toBe('rbit');
  });

  it('signed multiplies, divide, sum of absolute differences', () => {
    const a = decode(0xe7058539, 'multiply-dual'); // smladx r5, r9, r5, r8
    expect(a).toMatchObject({
      op: 'smladx',
      rd: 5,
      rn: 9,
      rm: 5,
      ra: 8,
      exchange: true,
      subtract: false,
      setsFlags: true,
    });
    expect(a.reads).toBe(mask(9, 5, 8));
    expect(decode(0xe700f050, 'multiply-dual')).toMatchObject({
      op: 'smusd',
      ra: null,
      subtract: true,
      setsFlags: false,
    });
    expect(decode(0xe70ce952, 'multiply-dual')).toMatchObject({ op: 'smlsd', ra: 14, subtract: true, setsFlags: true });
    const l = decode(0xb7440439, 'multiply-long-dual'); // smlaldxlt r0, r4, r9, r4
    expect(l).toMatchObject({ op: 'smlaldx', rdLo: 0, rdHi: 4, rn: 9, rm: 4, exchange: true, subtract: false });
    expect(l).toMatchObject({ reads: mask(0, 4, 9), writes: mask(0, 4), unpredictable: false });
    expect(decode(0xe7433910, 'multiply-long-dual').unpredictable).toBe(true); // RdHi == RdLo
    expect(decode(0xe75efe1d, 'multiply-most-significant')).toMatchObject({ op: 'smmul', ra: null, round: false });
    expect(decode(0xe75be030, 'multiply-most-significant')).toMatchObject({ op: 'smmlar', ra: 14, round: true });
    const mls = decode(0xe750f0df, 'multiply-most-significant'); // smmls r0, pc, r0, pc
    expect(mls).toMatchObject({ op: 'smmls', ra: 15, subtract: true, unpredictable: true });
    const d = decode(0x8716f01b, 'divide'); // sdivhi r6, fp, r0
    expect(d).toMatchObject({ op: 'sdiv', rd: 6, rn: 11, rm: 0, signed: true, reads: mask(11, 0), writes: mask(6) });
    expect(decode(0x473afd11, 'divide')).toMatchObject({ op: 'udiv', signed: false, rn: 1, rm: 13 });
    expect(decode(0xe71ffb19, 'divide').unpredictable).toBe(true);
    expect(decode(0xe780f010, 'sum-absolute-differences')).toMatchObject({ op: 'usad8', ra: null });
    expect(decode(0xe7841312, 'sum-absolute-differences')).toMatchObject({ op: 'usada8', rd: 4, rn: 2, rm: 3, ra: 1 });
  });

  it('bitfields and UDF', () => {
    expect(decode(0xe7ac1c5c, 'bitfield-extract')).toMatchObject({ op: 'sbfx', rd: 1, rn: 12, lsb: 24, width: 13 });
    expect(decode(0xe7bf5552, 'bitfield-extract')).toMatchObject({ lsb: 10, width: 32, unpredictable: true });
    expect(decode(0xe7e6a25d, 'bitfield-extract')).toMatchObject({ op: 'ubfx', signed: false, lsb: 4, width: 7 });
    const bfi = decode(0xe7ced011, 'bitfield-insert'); // bfi sp, r1, #0, #15
    expect(bfi).toMatchObject({ op: 'bfi', rd: 13, rn: 1, lsb: 0, msb: 14, reads: mask(13, 1), writes: mask(13) });
    expect(decode(0xc7d81c1f, 'bitfield-insert')).toMatchObject({
      op: 'bfc',
      rn: null,
      lsb: 24,
      msb: 24,
      reads: mask(1),
    });
    expect(decode(0xe7c8d51b, 'bitfield-insert')).toMatchObject({ lsb: 10, msb: 8, unpredictable: true });
    const udf = decode(0xe7f001f8, 'permanently-undefined'); // the kernel's kprobe breakpoint
    expect(udf).toMatchObject({ op: 'udf', cond: 14, imm16: 24, reads: 0, writes: 0, unpredictable: false });
    expect(decode(0xe7fabcfd, 'permanently-undefined').imm16).toBe(0xabcd);
    expect(decode(0x07f001f8, 'undefined').reason).toBe('unallocated');
  });

  it('words breaking objdump/QEMU fixed should-be bits are unallocated', () => {
    for (const w of [0xe6100e10, 0xe6bf0e30, 0xe6800170, 0xe6aff03f, 0xe6a00030]) {
      expect(decodeA32(w).kind, w.toString(16)).toBe('undefined');
    }
  });
});

/** Words run through `arm-linux-gnueabihf-objdump` 2.40 (-m arm, at 0x8000) for the edge cases of this class. */
const OBJDUMP_EDGE_CASES: readonly [number, string, string | null][] = [
  [0xe6800010, 'pkhbt\tr0, r0, r0', null],
  [0xe6800050, 'pkhtb\tr0, r0, r0, asr #32', null],
  [0xe68a105f, 'pkhtb\tr1, sl, pc, asr #32', '<UNPREDICTABLE>'],
  [0xe6a00050, 'ssat\tr0, #1, r0, asr #0', null],
  [0xe6eff058, 'usat\tpc, #15, r8, asr #0', '<UNPREDICTABLE>'],
  [0xe6c00c70, 'uxtab16\tr0, r0, r0, ROR #24', null],
  [0xe6c00870, 'uxtab16\tr0, r0, r0, ror #16', null],
  [0xe6af0c70, 'sxtb\tr0, r0, ror #24', null],
  [0xe7f000f0, 'udf\t#0', null],
  [0xe7f002f0, 'udf\t#32', null],
  [0xe7f002f1, 'udf\t#33', '0x21'],
  [0xe7f001f8, 'udf\t#24', null],
  [0x07f001f8, '', '<UNDEFINED> instruction: 0x07f001f8'],
  [0xd7f001f8, '', '<UNDEFINED> instruction: 0xd7f001f8'],
  [0xe7c8d51b, 'bfi\tsp, fp, (invalid: 10:8)', null],
  [0xe7c0f21f, 'bfc\tpc, (invalid: 4:0)', '<UNPREDICTABLE>'],
  [0xc7d81c1f, 'bfcgt\tr1, #24, #1', null],
  [0xe7433910, 'smlald\tr3, r3, r0, r9', '<UNPREDICTABLE>'],
  [0xe6af9f39, 'ssat16\tr9, #16, r9', null],
  [0xe6aff03f, '', '<UNDEFINED> instruction: 0xe6aff03f'],
  [0xe6efff3f, 'usat16\tpc, #15, pc', '<UNPREDICTABLE>'],
  [0xe71ffb19, 'sdiv\tpc, r9, fp', null],
  [0xe7a7925f, 'sbfx\tr9, pc, #4, #8', null],
  [0xe7bf5552, 'sbfx\tr5, r2, #10, #32', null],
  [0xe6100e10, '', '<UNDEFINED> instruction: 0xe6100e10'],
  [0xe6bf0e30, '', '<UNDEFINED> instruction: 0xe6bf0e30'],
  [0xe6800170, '', '<UNDEFINED> instruction: 0xe6800170'],
  [0xe61fff15, 'sadd16\tpc, pc, r5', '<UNPREDICTABLE>'],
  [0xe6bfff34, 'rev\tpc, r4', '<UNPREDICTABLE>'],
  [0xe6ffff36, 'rbit\tpc, r6', '<UNPREDICTABLE>'],
  [0xe6800fb0, 'sel\tr0, r0, r0', null],
  [0xe750f01f, 'smmul\tr0, pc, r0', '<UNPREDICTABLE>'],
  [0xe750f0df, 'smmls\tr0, pc, r0, pc', '<UNPREDICTABLE>'],
  [0xe7800f10, 'usada8\tr0, r0, pc, r0', '<UNPREDICTABLE>'],
  [0xe780f010, 'usad8\tr0, r0, r0', null],
  [0xe6ff4fbc, 'revsh\tr4, ip', null],
  [0xe75efe1d, 'smmul\tlr, sp, lr', null],
  [0xe7000010, 'smlad\tr0, r0, r0, r0', null],
  [0xe700f050, 'smusd\tr0, r0, r0', null],
  [0xe7400030, 'smlaldx\tr0, r0, r0, r0', '<UNPREDICTABLE>'],
  [0xe7e5f2d0, 'ubfx\tpc, r0, #5, #6', null],
  [0xe7d9ff16, 'bfi\tpc, r6, (invalid: 30:25)', '<UNPREDICTABLE>'],
  [0xe6ad0059, 'ssat\tr0, #14, r9, asr #0', null],
  [0xe6a00030, '', '<UNDEFINED> instruction: 0xe6a00030'],
  [0xe6ef0f30, 'usat16\tr0, #15, r0', null],
  [0xe740fc1f, 'smlald\tpc, r0, pc, ip', '<UNPREDICTABLE>'],
];

describe('A32 media: objdump agreement', () => {
  it('prints the edge cases exactly as objdump 2.40', () => {
    const wrong = OBJDUMP_EDGE_CASES.filter(([w, text, comment]) => {
      const got = disassembleA32(w, 0x8000);
      return got.text !== text || got.comment !== comment;
    }).map(([w]) => `${w.toString(16)}: ${JSON.stringify(disassembleA32(w, 0x8000))}`);
    expect(wrong).toEqual([]);
  });

  it('every corpus record in the media space matches objdump exactly', () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const { name, records } of a32Corpora()) {
      for (const r of records) {
        const w = Number.parseInt(r.word, 16) >>> 0;
        if (!isMediaWord(w) || isExcluded(r)) continue;
        checked++;
        const got = disassembleA32(w, r.addr);
        if (recordText(got.text) !== r.text || got.comment !== r.comment) {
          wrong.push(`${name} ${r.word}: want ${JSON.stringify([r.text, r.comment])} got ${JSON.stringify(got)}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(wrong.slice(0, 20)).toEqual([]);
  });
});

describe('A32 media: table', () => {
  it('every media row is reached by the full table and decodes with its own operation', () => {
    let seed = 0x1234567;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (const r of mediaRows) {
      let reached = 0;
      for (let i = 0; i < 200; i++) {
        let w = ((r.value & r.mask) | (next() & ~r.mask)) >>> 0;
        if (w >>> 28 === 0xf) w = (w & 0x0fffffff) | 0xe0000000;
        if (r.op === 'udf') w = (w & 0x0fffffff) | 0xe0000000;
        const insn = decodeA32(w);
        if (insn.op !== r.op) continue;
        reached++;
        expect(insn.cond).toBe(w >>> 28);
        expect(insn.memory).toBeNull();
        expect(insn.target).toBeNull();
      }
      expect(reached, `${r.op}: ${r.pattern}`).toBeGreaterThan(0);
    }
  });

  it('every word of the media space decodes to a media kind or to undefined', () => {
    const mediaKinds = new Set([
      'parallel-add-sub',
      'pack-halfword',
      'saturate',
      'saturate-16',
      'extend',
      'select-bytes',
      'reverse',
      'multiply-dual',
      'multiply-long-dual',
      'multiply-most-significant',
      'divide',
      'sum-absolute-differences',
      'bitfield-extract',
      'bitfield-insert',
      'permanently-undefined',
      'undefined',
    ]);
    for (let key = 0; key < 1 << 13; key++) {
      // bits 24:20, 7:5 and the should-be fields 11:8, 19:16 in a few shapes
      const w =
        (0xe6000010 | ((key & 0x1f) << 20) | (((key >>> 5) & 7) << 5) | (((key >>> 8) * 0x01010101) & 0x000f0f00)) >>>
        0;
      expect(mediaKinds.has(decodeA32(w).kind), w.toString(16)).toBe(true);
    }
  });
});
