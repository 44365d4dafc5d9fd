import { decodeA32 } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import { replacingBranch } from '../src/index.js';

const AT = 0x8000;
const SLOT = 0x9000; // offset 0x1000 − 8 = 0xff8 → imm24 0x3fe

describe('replacingBranch', () => {
  it('AL word ⇒ B', () => {
    expect(replacingBranch(AT, 0xe92d4010, SLOT)).toEqual({ ok: true, word: 0xea0003fe, cond: 0xe, offset: 0xff8 });
  });
  it('copies every condition 0…14', () => {
    for (let cond = 0; cond < 15; cond++) {
      const r = replacingBranch(AT, ((cond << 28) | 0x02800001) >>> 0, SLOT);
      expect(r).toMatchObject({ ok: true, cond, word: ((cond << 28) | 0x0a0003fe) >>> 0 });
    }
  });
  it('a word in the 0xF space gets an unconditional B, not the BLX a copied 0xF would make', () => {
    const r = replacingBranch(AT, 0xf5d0f000 /* pld [r0] */, SLOT);
    expect(r).toMatchObject({ ok: true, cond: 0xe, word: 0xea0003fe });
  });
  it('backward branches', () => {
    expect(replacingBranch(0x9000, 0xe1a00000, 0x8000)).toMatchObject({ ok: true, word: 0xeafffbfe });
  });
  it('returns a typed reason when the slot is out of reach or misaligned', () => {
    expect(replacingBranch(0, 0xe1a00000, 0x2000008)).toEqual({ ok: false, reason: 'out-of-range', offset: 0x2000000 });
    expect(replacingBranch(0, 0xe1a00000, 0x2000004)).toMatchObject({ ok: true, word: 0xea7fffff });
    expect(replacingBranch(AT, 0xe1a00000, SLOT + 2)).toMatchObject({ ok: false, reason: 'misaligned-target' });
  });
  it('signed words are accepted; non-words and misaligned probes throw', () => {
    expect(replacingBranch(AT, 0xe92d4010 | 0, SLOT)).toMatchObject({ ok: true, cond: 0xe });
    expect(() => replacingBranch(AT, 2 ** 32, SLOT)).toThrow(RangeError);
    expect(() => replacingBranch(AT + 2, 0xe1a00000, SLOT)).toThrow(RangeError);
  });
  const decodesB = decodeA32(0xea0003fe, AT).op === 'b';
  it.skipIf(!decodesB)('the decoder reads the branch back with the slot as its target', () => {
    for (const [at, slot] of [
      [AT, SLOT],
      [0x9000, 0x8000],
      [0x4000000, 0x4000000 + 8 + 33554428],
    ] as const) {
      const r = replacingBranch(at, 0x1a000000, slot);
      if (!r.ok) throw new Error('expected a branch');
      const insn = decodeA32(r.word, at);
      expect(insn).toMatchObject({ op: 'b', cond: 1, target: slot });
    }
  });
});
