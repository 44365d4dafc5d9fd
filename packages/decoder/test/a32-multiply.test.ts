import { describe, expect, it } from 'vitest';
import { multiplyRows } from '../src/a32/multiply.js';
import { type A32Instruction, decodeA32, disassembleA32, matchA32Row } from '../src/index.js';
import { a32BaseCorpora, isExcluded, type OracleRecord, recordText } from './oracle.js';

function decode<K extends A32Instruction['kind']>(word: number, kind: K): Extract<A32Instruction, { kind: K }> {
  const insn = decodeA32(word, 0x8000);
  expect(insn.kind).toBe(kind);
  return insn as Extract<A32Instruction, { kind: K }>;
}

const mask = (...regs: number[]): number => regs.reduce((m, r) => m | (1 << r), 0);

/**
 * The multiply class's encodings: A5.2.5 (cond ≠ 1111, bits 27:24 = 0000, bits 7:4 = 1001) and
 * A5.2.7 (bits 27:23 = 00010, bit 20 = 0, bit 7 = 1, bit 4 = 0).
 */
function isMultiplyEncoding(w: number): boolean {
  if (w >>> 28 === 0xf) return false;
  if ((w & 0x0f0000f0) === 0x00000090) return true;
  return (w & 0x0f900090) === 0x01000080;
}

const MNEMONIC =
  /^(mul|mla|mls|umaal|umull|umlal|smull|smlal|smla[bt][bt]|smlaw[bt]|smulw[bt]|smlal[bt][bt]|smul[bt][bt])s?/;

/**
 * Corpus records this class must print: every word objdump prints with a multiply mnemonic, and the rest
 * of the multiply encodings except those objdump prints as MSR or as a compare (SMUL<x><y> with bits
 * 15:12 ≠ 0000 is objdump's CMN, printed by the data-processing class, and tested there).
 */
function isOurs(r: OracleRecord): boolean {
  if (isExcluded(r)) return false;
  const w = Number.parseInt(r.word, 16) >>> 0;
  if (w >>> 28 === 0xf || ((w >>> 25) & 7) !== 0) return false;
  if (MNEMONIC.test(r.text)) return true;
  return isMultiplyEncoding(w) && !/^(msr|cmn)/.test(r.text);
}

describe('A32 multiply: decoded fields', () => {
  it('MUL, MLA, MLS', () => {
    const mul = decode(0xe0100291, 'multiply'); // muls r0, r1, r2
    expect(mul).toMatchObject({ op: 'mul', rd: 0, rn: 1, rm: 2, ra: null, subtract: false, setsFlags: true });
    expect(mul).toMatchObject({ reads: mask(1, 2), writes: mask(0), unpredictable: false });
    expect(decode(0xe0001291, 'multiply')).toMatchObject({ ra: null, unpredictable: true }); // (0) bits 15:12 set
    const mla = decode(0xe0234291, 'multiply'); // mla r3, r1, r2, r4
    expect(mla).toMatchObject({ op: 'mla', rd: 3, rn: 1, rm: 2, ra: 4, setsFlags: false, reads: mask(1, 2, 4) });
    expect(decode(0xe0634291, 'multiply')).toMatchObject({ op: 'mls', ra: 4, subtract: true, setsFlags: false });
    expect(decode(0xe00f0091, 'multiply')).toMatchObject({ rd: 15, writes: mask(15), unpredictable: true });
  });

  it('long multiplies and UMAAL', () => {
    const umlal = decode(0xe0a12392, 'multiply-long'); // umlal r2, r1, r2, r3
    expect(umlal).toMatchObject({ op: 'umlal', rdLo: 2, rdHi: 1, rn: 2, rm: 3, signed: false, accumulate: 'long' });
    expect(umlal).toMatchObject({ reads: mask(1, 2, 3), writes: mask(1, 2), setsFlags: false, unpredictable: false });
    expect(decode(0xe0d10392, 'multiply-long')).toMatchObject({ op: 'smull', signed: true, accumulate: 'none' });
    expect(decode(0xe0d10392, 'multiply-long')).toMatchObject({ setsFlags: true, reads: mask(2, 3) });
    const umaal = decode(0xe0410392, 'multiply-long');
    expect(umaal).toMatchObject({ op: 'umaal', accumulate: 'dual', signed: false, setsFlags: false });
    expect(decode(0xe0400091, 'multiply-long').unpredictable).toBe(true); // RdLo = RdHi
    expect(decode(0xe0811091, 'multiply-long').unpredictable).toBe(true);
  });

  it('halfword multiplies', () => {
    const smlatb = decode(0xe10123a4, 'multiply-halfword'); // smlatb r1, r4, r3, r2
    expect(smlatb).toMatchObject({ op: 'smlatb', rd: 1, rn: 4, rm: 3, ra: 2, nHigh: true, mHigh: false });
    expect(smlatb).toMatchObject({ setsFlags: true, reads: mask(2, 3, 4), writes: mask(1) });
    const smultt = decode(0xe16103e4, 'multiply-halfword');
    expect(smultt).toMatchObject({ op: 'smultt', ra: null, nHigh: true, mHigh: true, setsFlags: false });
    expect(smultt.reads).toBe(mask(3, 4));
    const smlawt = decode(0xe12123c4, 'multiply-word-halfword');
    expect(smlawt).toMatchObject({ op: 'smlawt', rd: 1, rn: 4, rm: 3, ra: 2, mHigh: true, setsFlags: true });
    expect(decode(0xe12103a4, 'multiply-word-halfword')).toMatchObject({ op: 'smulwb', ra: null, mHigh: false });
    const smlal = decode(0xe14123e4, 'multiply-halfword-long'); // smlaltt r2, r1, r4, r3
    expect(smlal).toMatchObject({ op: 'smlaltt', rdLo: 2, rdHi: 1, rn: 4, rm: 3, nHigh: true, mHigh: true });
    expect(smlal).toMatchObject({ reads: mask(1, 2, 3, 4), writes: mask(1, 2), unpredictable: false });
    // The ARM ARM calls a PC operand UNPREDICTABLE even where objdump does not mark it.
    expect(decode(0xe10f01e0, 'multiply-halfword').unpredictable).toBe(true);
  });

  it('encodings objdump does not take as multiplies', () => {
    expect(decodeA32(0xe0500091).kind).toBe('undefined'); // op 0101
    expect(decodeA32(0xe0700091).kind).toBe('undefined'); // op 0111
    expect(decodeA32(0xe12113a4).kind).toBe('undefined'); // SMULWB with bits 15:12 ≠ 0
    expect(decodeA32(0xe1611384)).toMatchObject({ kind: 'dp-register', op: 'cmn' }); // SMULBB likewise
  });

  it('each kind has one property order (monomorphic shapes)', () => {
    const rows = new Set(multiplyRows);
    const shapes = new Map<string, string>();
    const differing: string[] = [];
    let seed = 11;
    for (let i = 0; i < 20_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      // bits 27:25 = 000, bit 7 = 1, bit 4 varies: the multiply and halfword multiply spaces.
      const w = ((seed & 0xf1ffff7f) | 0x00000080) >>> 0;
      if (w >>> 28 === 0xf || !rows.has(matchA32Row(w)!)) continue;
      const insn = decodeA32(w);
      const keys = Object.keys(insn).join(',');
      const seen = shapes.get(insn.kind);
      if (seen === undefined) shapes.set(insn.kind, keys);
      else if (keys !== seen) differing.push(`${insn.kind}: ${keys}`);
    }
    expect(differing).toEqual([]);
    expect(shapes.size).toBe(5);
  });
});

describe('A32 multiply: objdump text', () => {
  // Each pair was printed by arm-linux-gnueabihf-objdump 2.40 at address 0x8000.
  const vectors: [number, string, string | null][] = [
    [0xe0100291, 'muls\tr0, r1, r2', null],
    [0xe0001291, 'mul\tr0, r1, r2', null],
    [0xe00f0091, 'mul\tpc, r1, r0', '<UNPREDICTABLE>'],
    [0xe0634291, 'mls\tr3, r1, r2, r4', null],
    [0xe0400091, 'umaal\tr0, r0, r1, r0', null],
    [0xe04f0091, 'umaal\tr0, pc, r1, r0', '<UNPREDICTABLE>'],
    [0xe0910392, 'umulls\tr0, r1, r2, r3', null],
    [0xe0811091, 'umull\tr1, r1, r1, r0', '<UNPREDICTABLE>'],
    [0xe0e10392, 'smlal\tr0, r1, r2, r3', null],
    [0xe0500091, '', '<UNDEFINED> instruction: 0xe0500091'],
    [0xe10123e4, 'smlatt\tr1, r4, r3, r2', null],
    [0xe10f01e0, 'smlatt\tpc, r0, r1, r0', null],
    [0xe100f1e0, 'smlatt\tr0, r0, r1, pc', '<UNPREDICTABLE>'],
    [0xe12f01c0, 'smlawt\tpc, r0, r1, r0', '<UNPREDICTABLE>'],
    [0xe1200fc0, 'smlawt\tr0, r0, pc, r0', '<UNPREDICTABLE>'],
    [0xe12f0e8f, 'smlawb\tpc, pc, lr, r0', '<UNPREDICTABLE>'],
    [0xe12103e4, 'smulwt\tr1, r4, r3', null],
    [0xe12113a4, '', '<UNDEFINED> instruction: 0xe12113a4'],
    [0xe1412384, 'smlalbb\tr2, r1, r4, r3', null],
    [0xe14110e0, 'smlaltt\tr1, r1, r0, r0', '<UNPREDICTABLE>'],
    [0xe1610384, 'smulbb\tr1, r4, r3', null],
    [0xe1600e80, 'smulbb\tr0, r0, lr', null],
  ];
  it.each(vectors.map(([w, text, comment]) => [w.toString(16).padStart(8, '0'), w, text, comment] as const))(
    '%s',
    (_hex, word, text, comment) => {
      expect(disassembleA32(word, 0x8000)).toEqual({ text, comment });
    },
  );

  for (const { name, records } of a32BaseCorpora()) {
    it(`${name}: every record of this class's encodings matches objdump exactly`, () => {
      const ours = records.filter(isOurs);
      expect(ours.length).toBeGreaterThan(50);
      const bad = ours
        .map((r) => ({ r, got: disassembleA32(Number.parseInt(r.word, 16), r.addr) }))
        .filter(({ r, got }) => recordText(got.text) !== r.text || got.comment !== r.comment)
        .map(({ r, got }) => `${r.word}: want ${JSON.stringify([r.text, r.comment])} got ${JSON.stringify(got)}`);
      expect(bad).toEqual([]);
    });
  }
});
