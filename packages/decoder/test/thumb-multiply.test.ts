import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type A32Instruction, decodeA32, decodeThumb, disassembleThumb, type ThumbInstruction } from '../src/index.js';

type ThumbOf<K extends ThumbInstruction['kind']> = Extract<ThumbInstruction, { kind: K }>;

function thumb<K extends ThumbInstruction['kind']>(bits: number, kind: K, itState = 0): ThumbOf<K> {
  const insn = decodeThumb(bits >>> 16, bits & 0xffff, 0x8000, itState);
  expect(insn.kind).toBe(kind);
  expect(insn.length).toBe(4);
  expect(insn.isa).toBe('thumb');
  return insn as ThumbOf<K>;
}

/** The fields that describe the operation (not the state, address, spelling or the state's UNPREDICTABLE rule). */
function operationFields(insn: object): Record<string, unknown> {
  const {
    isa: _isa,
    length: _length,
    itState: _itState,
    address: _address,
    word: _word,
    cond: _cond,
    op: _op,
    unpredictable: _unpredictable,
    ...rest
  } = insn as Record<string, unknown>;
  return rest;
}

const mask = (...regs: number[]): number => regs.reduce((m, r) => m | (1 << r), 0);

/** 11111 0110 op1 Rn | Ra Rd op2 Rm (A6.3.16). */
const t32Mul = (op1: number, rn: number, ra: number, rd: number, op2: number, rm: number): number =>
  ((0xfb00 | (op1 << 4) | rn) * 0x10000 + ((ra << 12) | (rd << 8) | (op2 << 4) | rm)) >>> 0;
/** 11111 0111 op1 Rn | RdLo RdHi op2 Rm (A6.3.17). */
const t32Long = (op1: number, rn: number, lo: number, hi: number, op2: number, rm: number): number =>
  ((0xfb80 | (op1 << 4) | rn) * 0x10000 + ((lo << 12) | (hi << 8) | (op2 << 4) | rm)) >>> 0;

/** ARM encodings of the same operations (AL), transcribed from the ARM ARM's A32 encodings. */
const a32Mul = (bits20: number, rd: number, ra: number, rm: number, bits4: number, rn: number): number =>
  (0xe0000000 | (bits20 << 20) | (rd << 16) | (ra << 12) | (rm << 8) | (bits4 << 4) | rn) >>> 0;

interface Case {
  op: string;
  kind: A32Instruction['kind'];
  /** Thumb encoding from (d, n, m, a) — for long forms d = RdHi, a = RdLo — and the x / y / X / R bits. */
  thumb: (d: number, n: number, m: number, a: number, x: number, y: number) => number;
  arm: (d: number, n: number, m: number, a: number, x: number, y: number) => number;
}

/* Each operation's Thumb and ARM encodings, with x = Rn's half (or X / R), y = Rm's half. */
const CASES: Case[] = [
  {
    op: 'mul',
    kind: 'multiply',
    thumb: (d, n, m) => t32Mul(0, n, 15, d, 0, m),
    arm: (d, n, m) => a32Mul(0x00, d, 0, m, 9, n),
  },
  {
    op: 'mla',
    kind: 'multiply',
    thumb: (d, n, m, a) => t32Mul(0, n, a, d, 0, m),
    arm: (d, n, m, a) => a32Mul(0x02, d, a, m, 9, n),
  },
  {
    op: 'mls',
    kind: 'multiply',
    thumb: (d, n, m, a) => t32Mul(0, n, a, d, 1, m),
    arm: (d, n, m, a) => a32Mul(0x06, d, a, m, 9, n),
  },
  {
    op: 'smla<x><y>',
    kind: 'multiply-halfword',
    thumb: (d, n, m, a, x, y) => t32Mul(1, n, a, d, (x << 1) | y, m),
    arm: (d, n, m, a, x, y) => a32Mul(0x10, d, a, m, 8 | (y << 2) | (x << 1), n),
  },
  {
    op: 'smul<x><y>',
    kind: 'multiply-halfword',
    thumb: (d, n, m, _a, x, y) => t32Mul(1, n, 15, d, (x << 1) | y, m),
    arm: (d, n, m, _a, x, y) => a32Mul(0x16, d, 0, m, 8 | (y << 2) | (x << 1), n),
  },
  {
    op: 'smlaw<y>',
    kind: 'multiply-word-halfword',
    thumb: (d, n, m, a, _x, y) => t32Mul(3, n, a, d, y, m),
    arm: (d, n, m, a, _x, y) => a32Mul(0x12, d, a, m, 8 | (y << 2), n),
  },
  {
    op: 'smulw<y>',
    kind: 'multiply-word-halfword',
    thumb: (d, n, m, _a, _x, y) => t32Mul(3, n, 15, d, y, m),
    arm: (d, n, m, _a, _x, y) => a32Mul(0x12, d, 0, m, 8 | (y << 2) | 2, n),
  },
  {
    op: 'smlad{x}',
    kind: 'multiply-dual',
    thumb: (d, n, m, a, x) => t32Mul(2, n, a, d, x, m),
    arm: (d, n, m, a, x) => a32Mul(0x70, d, a, m, 1 | (x << 1), n),
  },
  {
    op: 'smuad{x}',
    kind: 'multiply-dual',
    thumb: (d, n, m, _a, x) => t32Mul(2, n, 15, d, x, m),
    arm: (d, n, m, _a, x) => a32Mul(0x70, d, 15, m, 1 | (x << 1), n),
  },
  {
    op: 'smlsd{x}',
    kind: 'multiply-dual',
    thumb: (d, n, m, a, x) => t32Mul(4, n, a, d, x, m),
    arm: (d, n, m, a, x) => a32Mul(0x70, d, a, m, 5 | (x << 1), n),
  },
  {
    op: 'smusd{x}',
    kind: 'multiply-dual',
    thumb: (d, n, m, _a, x) => t32Mul(4, n, 15, d, x, m),
    arm: (d, n, m, _a, x) => a32Mul(0x70, d, 15, m, 5 | (x << 1), n),
  },
  {
    op: 'smmla{r}',
    kind: 'multiply-most-significant',
    thumb: (d, n, m, a, x) => t32Mul(5, n, a, d, x, m),
    arm: (d, n, m, a, x) => a32Mul(0x75, d, a, m, 1 | (x << 1), n),
  },
  {
    op: 'smmul{r}',
    kind: 'multiply-most-significant',
    thumb: (d, n, m, _a, x) => t32Mul(5, n, 15, d, x, m),
    arm: (d, n, m, _a, x) => a32Mul(0x75, d, 15, m, 1 | (x << 1), n),
  },
  {
    op: 'smmls{r}',
    kind: 'multiply-most-significant',
    thumb: (d, n, m, a, x) => t32Mul(6, n, a, d, x, m),
    arm: (d, n, m, a, x) => a32Mul(0x75, d, a, m, 13 | (x << 1), n),
  },
  {
    op: 'usada8',
    kind: 'sum-absolute-differences',
    thumb: (d, n, m, a) => t32Mul(7, n, a, d, 0, m),
    arm: (d, n, m, a) => a32Mul(0x78, d, a, m, 1, n),
  },
  {
    op: 'usad8',
    kind: 'sum-absolute-differences',
    thumb: (d, n, m) => t32Mul(7, n, 15, d, 0, m),
    arm: (d, n, m) => a32Mul(0x78, d, 15, m, 1, n),
  },
  {
    op: 'smull',
    kind: 'multiply-long',
    thumb: (h, n, m, l) => t32Long(0, n, l, h, 0, m),
    arm: (h, n, m, l) => a32Mul(0x0c, h, l, m, 9, n),
  },
  {
    op: 'umull',
    kind: 'multiply-long',
    thumb: (h, n, m, l) => t32Long(2, n, l, h, 0, m),
    arm: (h, n, m, l) => a32Mul(0x08, h, l, m, 9, n),
  },
  {
    op: 'smlal',
    kind: 'multiply-long',
    thumb: (h, n, m, l) => t32Long(4, n, l, h, 0, m),
    arm: (h, n, m, l) => a32Mul(0x0e, h, l, m, 9, n),
  },
  {
    op: 'umlal',
    kind: 'multiply-long',
    thumb: (h, n, m, l) => t32Long(6, n, l, h, 0, m),
    arm: (h, n, m, l) => a32Mul(0x0a, h, l, m, 9, n),
  },
  {
    op: 'umaal',
    kind: 'multiply-long',
    thumb: (h, n, m, l) => t32Long(6, n, l, h, 6, m),
    arm: (h, n, m, l) => a32Mul(0x04, h, l, m, 9, n),
  },
  {
    op: 'smlal<x><y>',
    kind: 'multiply-halfword-long',
    thumb: (h, n, m, l, x, y) => t32Long(4, n, l, h, 8 | (x << 1) | y, m),
    arm: (h, n, m, l, x, y) => a32Mul(0x14, h, l, m, 8 | (y << 2) | (x << 1), n),
  },
  {
    op: 'smlald{x}',
    kind: 'multiply-long-dual',
    thumb: (h, n, m, l, x) => t32Long(4, n, l, h, 12 | x, m),
    arm: (h, n, m, l, x) => a32Mul(0x74, h, l, m, 1 | (x << 1), n),
  },
  {
    op: 'smlsld{x}',
    kind: 'multiply-long-dual',
    thumb: (h, n, m, l, x) => t32Long(5, n, l, h, 12 | x, m),
    arm: (h, n, m, l, x) => a32Mul(0x74, h, l, m, 5 | (x << 1), n),
  },
  {
    op: 'sdiv',
    kind: 'divide',
    thumb: (d, n, m) => t32Long(1, n, 15, d, 15, m),
    arm: (d, n, m) => a32Mul(0x71, d, 15, m, 1, n),
  },
  {
    op: 'udiv',
    kind: 'divide',
    thumb: (d, n, m) => t32Long(3, n, 15, d, 15, m),
    arm: (d, n, m) => a32Mul(0x73, d, 15, m, 1, n),
  },
];

/** Registers Thumb allows everywhere in these encodings (no SP, no PC). */
const goodReg = fc.integer({ min: 0, max: 14 }).filter((r) => r !== 13);

describe('32-bit Thumb multiplies: the A32 kinds with the A32 fields', () => {
  for (const c of CASES) {
    it(`${c.op}: the same kind and operation fields as the ARM encoding of the same operation`, () => {
      fc.assert(
        fc.property(
          goodReg,
          goodReg,
          goodReg,
          goodReg,
          fc.integer({ min: 0, max: 1 }),
          fc.integer({ min: 0, max: 1 }),
          (d, n, m, a, x, y) => {
            if (c.kind.includes('long') && d === a) return; // RdHi = RdLo is UNPREDICTABLE in both states
            const t = decodeThumb(c.thumb(d, n, m, a, x, y) >>> 16, c.thumb(d, n, m, a, x, y) & 0xffff, 0x8000);
            const arm = decodeA32(c.arm(d, n, m, a, x, y), 0x8000);
            expect(t.kind).toBe(c.kind);
            expect(arm.kind).toBe(c.kind);
            expect(operationFields(t)).toEqual(operationFields(arm));
            expect(t.unpredictable).toBe(false);
            expect(t.cond).toBe(14);
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  it('reads and writes: sources, accumulators and both halves of a long result', () => {
    const mla = thumb(t32Mul(0, 1, 2, 3, 0, 4), 'multiply');
    expect([mla.rd, mla.rn, mla.rm, mla.ra, mla.subtract]).toEqual([3, 1, 4, 2, false]);
    expect([mla.reads, mla.writes, mla.setsFlags]).toEqual([mask(1, 4, 2), mask(3), false]);
    const mul = thumb(t32Mul(0, 1, 15, 3, 0, 4), 'multiply');
    expect([mul.op, mul.ra, mul.reads]).toEqual(['mul', null, mask(1, 4)]);
    const umlal = thumb(t32Long(6, 1, 2, 3, 0, 4), 'multiply-long');
    expect([umlal.rdLo, umlal.rdHi, umlal.accumulate, umlal.signed]).toEqual([2, 3, 'long', false]);
    expect([umlal.reads, umlal.writes]).toEqual([mask(1, 4, 2, 3), mask(2, 3)]);
    const smull = thumb(t32Long(0, 1, 2, 3, 0, 4), 'multiply-long');
    expect([smull.accumulate, smull.signed, smull.reads]).toEqual(['none', true, mask(1, 4)]);
    const umaal = thumb(t32Long(6, 1, 2, 3, 6, 4), 'multiply-long');
    expect([umaal.op, umaal.accumulate, umaal.signed]).toEqual(['umaal', 'dual', false]);
    const smlatb = thumb(t32Mul(1, 5, 6, 7, 2, 8), 'multiply-halfword');
    expect([smlatb.op, smlatb.nHigh, smlatb.mHigh, smlatb.setsFlags]).toEqual(['smlatb', true, false, true]);
    const smulbt = thumb(t32Mul(1, 5, 15, 7, 1, 8), 'multiply-halfword');
    expect([smulbt.op, smulbt.nHigh, smulbt.mHigh, smulbt.ra, smulbt.setsFlags]).toEqual([
      'smulbt',
      false,
      true,
      null,
      false,
    ]);
    const smusd = thumb(t32Mul(4, 5, 15, 7, 0, 8), 'multiply-dual');
    expect([smusd.subtract, smusd.ra, smusd.setsFlags]).toEqual([true, null, false]);
    const sdiv = thumb(t32Long(1, 5, 15, 7, 15, 8), 'divide');
    expect([sdiv.rd, sdiv.rn, sdiv.rm, sdiv.signed, sdiv.reads, sdiv.writes]).toEqual([
      7,
      5,
      8,
      true,
      mask(5, 8),
      mask(7),
    ]);
  });

  it('UNPREDICTABLE: SP or PC in any register (Thumb forbids SP too), an SP accumulator, RdLo = RdHi', () => {
    expect(thumb(t32Mul(0, 13, 2, 3, 0, 4), 'multiply').unpredictable).toBe(true);
    expect(thumb(t32Mul(0, 1, 2, 13, 0, 4), 'multiply').unpredictable).toBe(true);
    expect(thumb(t32Mul(0, 1, 2, 3, 0, 15), 'multiply').unpredictable).toBe(true);
    expect(thumb(t32Mul(0, 1, 13, 3, 0, 4), 'multiply').unpredictable).toBe(true); // MLA with Ra = SP
    expect(thumb(t32Mul(0, 1, 13, 3, 1, 4), 'multiply').unpredictable).toBe(true); // MLS with Ra = SP
    expect(thumb(t32Mul(0, 1, 14, 3, 0, 4), 'multiply').unpredictable).toBe(false);
    // MLS has no multiply-only form: Ra = 1111 accumulates from the PC.
    expect(thumb(t32Mul(0, 1, 15, 3, 1, 4), 'multiply')).toMatchObject({ op: 'mls', ra: 15, unpredictable: true });
    expect(thumb(t32Mul(6, 1, 15, 3, 0, 4), 'multiply-most-significant').op).toBe('pacg'); // SMMLS Ra = PC
    expect(thumb(t32Mul(6, 1, 15, 3, 1, 4), 'multiply-most-significant').unpredictable).toBe(true); // SMMLSR Ra = PC
    expect(thumb(t32Long(0, 1, 2, 2, 0, 4), 'multiply-long').unpredictable).toBe(true);
    expect(thumb(t32Long(6, 1, 2, 2, 6, 4), 'multiply-long').unpredictable).toBe(true); // UMAAL too
    expect(thumb(t32Long(4, 1, 2, 2, 8, 4), 'multiply-halfword-long').unpredictable).toBe(true);
    expect(thumb(t32Long(4, 1, 2, 3, 12, 13), 'multiply-long-dual').unpredictable).toBe(true);
    expect(thumb(t32Long(3, 1, 15, 15, 15, 4), 'divide').unpredictable).toBe(true);
  });

  it("objdump's pointer-authentication readings keep the SMMLA / SMMLS kind and fields", () => {
    const autg = thumb(t32Mul(5, 1, 2, 15, 0, 3), 'multiply-most-significant');
    expect([autg.op, autg.rd, autg.rn, autg.rm, autg.ra, autg.round, autg.subtract]).toEqual([
      'autg',
      15,
      1,
      3,
      2,
      false,
      false,
    ]);
    expect(autg.unpredictable).toBe(true);
    expect(disassembleThumb(0xfb51, 0x2f03).text).toBe('autg\tr2, r1, r3');
    const bxaut = thumb(t32Mul(5, 1, 2, 15, 1, 3), 'multiply-most-significant');
    expect([bxaut.op, bxaut.round]).toEqual(['bxaut', true]);
    const pacg = thumb(t32Mul(6, 1, 15, 4, 0, 3), 'multiply-most-significant');
    expect([pacg.op, pacg.rd, pacg.ra, pacg.subtract, pacg.unpredictable]).toEqual(['pacg', 4, 15, true, true]);
    expect(disassembleThumb(0xfb61, 0xf403).text).toBe('pacg\tr4, r1, r3');
  });

  it('the IT block supplies the condition; objdump prints it, `al` and `<und>` included', () => {
    const unit = t32Mul(0, 1, 2, 3, 0, 4);
    const eq = thumb(unit, 'multiply', 0x08);
    expect(eq.cond).toBe(0);
    expect(disassembleThumb(unit >>> 16, unit & 0xffff, 0, 0x08).text).toBe('mlaeq\tr3, r1, r4, r2');
    expect(disassembleThumb(0xfb01, 0xf304, 0, 0xe8).text).toBe('mulal.w\tr3, r1, r4');
    expect(disassembleThumb(0xfb01, 0xf304, 0, 0xf4).text).toBe('mul<und>.w\tr3, r1, r4');
    expect(disassembleThumb(0xfb01, 0xf304).text).toBe('mul.w\tr3, r1, r4');
  });

  it("objdump's <UNPREDICTABLE> only for the forms it checks, only for the PC", () => {
    expect(disassembleThumb(0xfb81, 0x230f)).toMatchObject({
      text: 'smull\tr2, r3, r1, pc',
      comment: '<UNPREDICTABLE>',
    });
    expect(disassembleThumb(0xfb81, 0x220d).comment).toBeNull(); // RdLo = RdHi, SP: not flagged by objdump
    expect(disassembleThumb(0xfb0f, 0x2304)).toMatchObject({ text: 'mla\tr3, pc, r4, r2', comment: null });
    expect(disassembleThumb(0xfb21, 0xf30f)).toMatchObject({ text: 'smuad\tr3, r1, pc', comment: null });
    expect(disassembleThumb(0xfb21, 0x230f)).toMatchObject({
      text: 'smlad\tr3, r1, pc, r2',
      comment: '<UNPREDICTABLE>',
    });
  });
});
