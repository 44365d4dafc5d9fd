import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeThumb,
  disassembleThumb,
  EncodeError,
  encodeThumbBCondN,
  encodeThumbBCondW,
  encodeThumbBkpt,
  encodeThumbBL,
  encodeThumbBLX,
  encodeThumbBLXReg,
  encodeThumbBN,
  encodeThumbBW,
  encodeThumbBX,
  encodeThumbLdrLiteralN,
  encodeThumbLdrLiteralW,
  encodeThumbPopN,
  encodeThumbPopW,
  encodeThumbPushN,
  encodeThumbPushW,
  encodeThumbUdfN,
  encodeThumbUdfW,
  THUMB_B_N_MAX_OFFSET,
  THUMB_B_N_MIN_OFFSET,
  THUMB_BCOND_N_MAX_OFFSET,
  THUMB_BCOND_N_MIN_OFFSET,
  THUMB_BCOND_W_MAX_OFFSET,
  THUMB_BCOND_W_MIN_OFFSET,
  THUMB_BLX_MAX_OFFSET,
  THUMB_BRANCH_MAX_OFFSET,
  THUMB_BRANCH_MIN_OFFSET,
  THUMB_NOP_N,
  THUMB_NOP_W,
  THUMB16_KPROBE_BREAKPOINT,
  THUMB32_KPROBE_BREAKPOINT,
  type ThumbInstruction,
  thumbHalfwords,
} from '../src/index.js';

function expectEncodeError(f: () => unknown, code: EncodeError['code']): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EncodeError);
    expect((e as EncodeError).code).toBe(code);
    return;
  }
  throw new Error(`expected EncodeError ${code}`);
}

/** Decodes a 16-bit (≤ 0xffff) or 32-bit (hw1 << 16 | hw2) encoding at `address`. */
function decodeEncoding(encoding: number, address: number): ThumbInstruction {
  if (encoding <= 0xffff) return decodeThumb(encoding, 0, address);
  const [hw1, hw2] = thumbHalfwords(encoding);
  return decodeThumb(hw1, hw2, address);
}

function branchFields(encoding: number, address: number) {
  const insn = decodeEncoding(encoding, address);
  expect(insn.kind).toBe('branch-immediate');
  const b = insn as Extract<ThumbInstruction, { kind: 'branch-immediate' }>;
  return { cond: b.cond, target: b.target, link: b.link, exchange: b.exchange, length: b.length, op: b.op };
}

/* A halfword-aligned address far from the ends of the address space, and an even offset in [min, max]. */
const address = fc.integer({ min: 0x0200_0000, max: 0xfd00_0000 }).map((a) => (a & ~1) >>> 0);
const offsetIn = (min: number, max: number) => fc.integer({ min: min / 2, max: max / 2 }).map((h) => h * 2);

describe('Thumb encoders: known encodings', () => {
  it('the kernel breakpoints and the architected NOPs', () => {
    expect(THUMB16_KPROBE_BREAKPOINT).toBe(0xde18);
    expect(THUMB32_KPROBE_BREAKPOINT).toBe(0xf7f0a018);
    expect(encodeThumbUdfN(24)).toBe(THUMB16_KPROBE_BREAKPOINT);
    expect(encodeThumbUdfW(24)).toBe(THUMB32_KPROBE_BREAKPOINT);
    expect(disassembleThumb(0xde18).text).toBe('udf\t#24');
    expect(THUMB_NOP_N).toBe(0xbf00);
    expect(THUMB_NOP_W).toBe(0xf3af8000);
    expect(decodeThumb(0xbf00)).toMatchObject({ kind: 'hint', hint: 0, op: 'nop', length: 2 });
    expect(thumbHalfwords(THUMB_NOP_W)).toEqual([0xf3af, 0x8000]);
  });

  it('16-bit encodings match what objdump decodes', () => {
    expect(encodeThumbBX(14)).toBe(0x4770);
    expect(encodeThumbBLXReg(3)).toBe(0x4798);
    expect(encodeThumbPushN(0x40f0)).toBe(0xb5f0);
    expect(encodeThumbPopN(0x80f0)).toBe(0xbdf0);
    expect(encodeThumbBkpt(0x2a)).toBe(0xbe2a);
    expect(encodeThumbBN(0x8000, 0x8000)).toBe(0xe7fe);
    expect(encodeThumbBCondN(0x8000, 0x8000, 0)).toBe(0xd0fe);
    expect(encodeThumbLdrLiteralN(0, 0x101c02, 0x101c04)).toBe(0x4800);
    expect(disassembleThumb(encodeThumbLdrLiteralN(6, 0x8002, 0x8068), 0, 0x8002)).toEqual({
      text: 'ldr\tr6, [pc, #100]',
      comment: '(0x8068)',
      size: 2,
    });
  });

  it('32-bit encodings: B.W, BL, BLX, B<c>.W, LDR.W literal, PUSH.W/POP.W, UDF.W', () => {
    // bl to self: offset −4.
    expect(encodeThumbBL(0x8000, 0x8000)).toBe(0xf7fffffe);
    expect(encodeThumbBW(0x8000, 0x8004)).toBe(0xf000b800);
    expect(encodeThumbBLX(0x8002, 0x8004)).toBe(0xf000e800);
    expect(encodeThumbBCondW(0x8000, 0x8004, 1)).toBe(0xf0408000);
    expect(encodeThumbLdrLiteralW(9, 0x8000, 0x8000)).toBe(0xf85f9004);
    expect(encodeThumbPushW(0x4ff0)).toBe(0xe92d4ff0);
    expect(encodeThumbPushW(1 << 8)).toBe(0xf84d8d04);
    expect(encodeThumbPopW(0x8ff0)).toBe(0xe8bd8ff0);
    expect(encodeThumbPopW(1 << 15)).toBe(0xf85dfb04);
    expect(encodeThumbUdfW(0xabcd)).toBe(0xf7faabcd);
  });
});

describe('Thumb encoders: typed errors at the range edges', () => {
  const from = 0x100000;
  it('B<c>.N, B.N, B<c>.W', () => {
    expect(branchFields(encodeThumbBCondN(from, from + 4 + THUMB_BCOND_N_MAX_OFFSET, 5), from).target).toBe(
      from + 4 + THUMB_BCOND_N_MAX_OFFSET,
    );
    expect(branchFields(encodeThumbBCondN(from, from + 4 + THUMB_BCOND_N_MIN_OFFSET, 5), from).target).toBe(
      from + 4 + THUMB_BCOND_N_MIN_OFFSET,
    );
    expectEncodeError(() => encodeThumbBCondN(from, from + 4 + THUMB_BCOND_N_MAX_OFFSET + 2, 5), 'out-of-range');
    expectEncodeError(() => encodeThumbBCondN(from, from + 4 + THUMB_BCOND_N_MIN_OFFSET - 2, 5), 'out-of-range');
    expectEncodeError(() => encodeThumbBCondN(from, from + 5, 5), 'misaligned');
    expectEncodeError(() => encodeThumbBCondN(from, from + 4, 14), 'invalid-operand');
    expectEncodeError(() => encodeThumbBCondN(from + 1, from + 4, 0), 'misaligned');
    expect(branchFields(encodeThumbBN(from, from + 4 + THUMB_B_N_MAX_OFFSET), from).target).toBe(
      from + 4 + THUMB_B_N_MAX_OFFSET,
    );
    expectEncodeError(() => encodeThumbBN(from, from + 4 + THUMB_B_N_MAX_OFFSET + 2), 'out-of-range');
    expectEncodeError(() => encodeThumbBN(from, from + 4 + THUMB_B_N_MIN_OFFSET - 2), 'out-of-range');
    expectEncodeError(
      () => encodeThumbBCondW(from * 16, from * 16 + 4 + THUMB_BCOND_W_MAX_OFFSET + 2, 0),
      'out-of-range',
    );
    expectEncodeError(
      () => encodeThumbBCondW(from * 16, from * 16 + 4 + THUMB_BCOND_W_MIN_OFFSET - 2, 0),
      'out-of-range',
    );
  });

  it('B.W / BL: −16777216 … +16777214 from address + 4; BLX: word-aligned target from Align(PC, 4)', () => {
    const base = 0x4000_0000;
    for (const encode of [encodeThumbBW, encodeThumbBL]) {
      expect(branchFields(encode(base, base + 4 + THUMB_BRANCH_MAX_OFFSET), base).target).toBe(
        base + 4 + THUMB_BRANCH_MAX_OFFSET,
      );
      expect(branchFields(encode(base, base + 4 + THUMB_BRANCH_MIN_OFFSET), base).target).toBe(
        base + 4 + THUMB_BRANCH_MIN_OFFSET,
      );
      expectEncodeError(() => encode(base, base + 4 + THUMB_BRANCH_MAX_OFFSET + 2), 'out-of-range');
      expectEncodeError(() => encode(base, base + 4 + THUMB_BRANCH_MIN_OFFSET - 2), 'out-of-range');
      expectEncodeError(() => encode(base, base + 7), 'misaligned');
    }
    // From an address ≡ 2 mod 4, BLX counts from Align(PC, 4) = address + 2.
    const odd = base + 2;
    expect(branchFields(encodeThumbBLX(odd, base + 4 + THUMB_BLX_MAX_OFFSET), odd).target).toBe(
      base + 4 + THUMB_BLX_MAX_OFFSET,
    );
    expectEncodeError(() => encodeThumbBLX(odd, base + 4 + THUMB_BLX_MAX_OFFSET + 4), 'out-of-range');
    expectEncodeError(() => encodeThumbBLX(odd, base + 4 + THUMB_BRANCH_MIN_OFFSET - 4), 'out-of-range');
    expectEncodeError(() => encodeThumbBLX(base, base + 6), 'misaligned');
  });

  it('operands the encodings cannot take', () => {
    expectEncodeError(() => encodeThumbBX(16), 'invalid-operand');
    expectEncodeError(() => encodeThumbBLXReg(15), 'invalid-operand');
    expectEncodeError(() => encodeThumbLdrLiteralN(8, 0x8000, 0x8004), 'invalid-operand');
    expectEncodeError(() => encodeThumbLdrLiteralN(0, 0x8000, 0x8006), 'misaligned');
    expectEncodeError(() => encodeThumbLdrLiteralN(0, 0x8000, 0x8000), 'out-of-range');
    expectEncodeError(() => encodeThumbLdrLiteralN(0, 0x8000, 0x8004 + 1024), 'out-of-range');
    expectEncodeError(() => encodeThumbLdrLiteralW(0, 0x8000, 0x8004 + 4096), 'out-of-range');
    expectEncodeError(() => encodeThumbPushN(1 << 8), 'invalid-operand');
    expectEncodeError(() => encodeThumbPushN(0), 'invalid-operand');
    expectEncodeError(() => encodeThumbPopN(1 << 14), 'invalid-operand');
    expectEncodeError(() => encodeThumbPushW(1 << 15), 'invalid-operand');
    expectEncodeError(() => encodeThumbPopW(0xc000), 'invalid-operand');
    expectEncodeError(() => encodeThumbPopW(1 << 13), 'invalid-operand');
    expectEncodeError(() => encodeThumbUdfN(256), 'out-of-range');
    expectEncodeError(() => encodeThumbUdfW(0x10000), 'out-of-range');
    expectEncodeError(() => encodeThumbBkpt(-1), 'out-of-range');
  });
});

describe('Thumb encoders: encode → decode → the same fields (fast-check)', () => {
  const runs = { numRuns: 2000, seed: 20261204 };

  it('B<c>.N and B.N', () => {
    fc.assert(
      fc.property(
        address,
        offsetIn(THUMB_BCOND_N_MIN_OFFSET, THUMB_BCOND_N_MAX_OFFSET),
        fc.integer({ min: 0, max: 13 }),
        (from, offset, cond) => {
          const to = (from + 4 + offset) >>> 0;
          expect(branchFields(encodeThumbBCondN(from, to, cond), from)).toEqual({
            cond,
            target: to,
            link: false,
            exchange: false,
            length: 2,
            op: 'b',
          });
        },
      ),
      runs,
    );
    fc.assert(
      fc.property(address, offsetIn(THUMB_B_N_MIN_OFFSET, THUMB_B_N_MAX_OFFSET), (from, offset) => {
        const to = (from + 4 + offset) >>> 0;
        expect(branchFields(encodeThumbBN(from, to), from)).toMatchObject({ cond: 14, target: to, length: 2 });
      }),
      runs,
    );
  });

  it('B<c>.W, B.W, BL, BLX', () => {
    fc.assert(
      fc.property(
        address,
        offsetIn(THUMB_BCOND_W_MIN_OFFSET, THUMB_BCOND_W_MAX_OFFSET),
        fc.integer({ min: 0, max: 13 }),
        (from, offset, cond) => {
          const to = (from + 4 + offset) >>> 0;
          expect(branchFields(encodeThumbBCondW(from, to, cond), from)).toMatchObject({
            cond,
            target: to,
            link: false,
            length: 4,
          });
        },
      ),
      runs,
    );
    fc.assert(
      fc.property(address, offsetIn(THUMB_BRANCH_MIN_OFFSET, THUMB_BRANCH_MAX_OFFSET), (from, offset) => {
        const to = (from + 4 + offset) >>> 0;
        expect(branchFields(encodeThumbBW(from, to), from)).toMatchObject({ cond: 14, target: to, link: false });
        expect(branchFields(encodeThumbBL(from, to), from)).toMatchObject({
          target: to,
          link: true,
          exchange: false,
        });
      }),
      runs,
    );
    fc.assert(
      fc.property(
        address,
        fc.integer({ min: THUMB_BRANCH_MIN_OFFSET / 4, max: THUMB_BLX_MAX_OFFSET / 4 }),
        (from, words) => {
          const to = ((((from + 4) & ~3) >>> 0) + words * 4) >>> 0;
          expect(branchFields(encodeThumbBLX(from, to), from)).toMatchObject({
            target: to,
            link: true,
            exchange: true,
            length: 4,
          });
        },
      ),
      runs,
    );
  });

  it('LDR literal, PUSH/POP, BX, BLX, UDF, BKPT (16-bit)', () => {
    fc.assert(
      fc.property(address, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 255 }), (from, rt, words) => {
        const literal = ((((from + 4) & ~3) >>> 0) + words * 4) >>> 0;
        const insn = decodeEncoding(encodeThumbLdrLiteralN(rt, from, literal), from);
        expect(insn).toMatchObject({ kind: 'loadStoreImmediate', rt, rn: 15, load: true, literalAddress: literal });
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x1ff }), (list) => {
        const push = (list & 0xff) | ((list & 0x100) << 6);
        const pop = (list & 0xff) | ((list & 0x100) << 7);
        expect(decodeEncoding(encodeThumbPushN(push), 0)).toMatchObject({ op: 'push', registers: push, rn: 13 });
        expect(decodeEncoding(encodeThumbPopN(pop), 0)).toMatchObject({ op: 'pop', registers: pop, rn: 13 });
      }),
      runs,
    );
    for (let rm = 0; rm < 16; rm++) {
      expect(decodeEncoding(encodeThumbBX(rm), 0)).toMatchObject({ kind: 'branch-exchange', rm, link: false });
      if (rm < 15)
        expect(decodeEncoding(encodeThumbBLXReg(rm), 0)).toMatchObject({ kind: 'branch-exchange', rm, link: true });
    }
    for (let imm = 0; imm < 256; imm++) {
      expect(decodeEncoding(encodeThumbUdfN(imm), 0)).toMatchObject({ kind: 'permanently-undefined', imm16: imm });
      expect(decodeEncoding(encodeThumbBkpt(imm), 0)).toMatchObject({ kind: 'breakpoint', imm16: imm });
    }
  });

  it('LDR.W literal, PUSH.W, POP.W, UDF.W', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (imm16) => {
        expect(decodeEncoding(encodeThumbUdfW(imm16), 0)).toMatchObject({ kind: 'permanently-undefined', imm16 });
      }),
      runs,
    );
    fc.assert(
      fc.property(address, fc.integer({ min: 0, max: 15 }), fc.integer({ min: -4095, max: 4095 }), (from, rt, off) => {
        const literal = ((((from + 4) & ~3) >>> 0) + off) >>> 0;
        const insn = decodeEncoding(encodeThumbLdrLiteralW(rt, from, literal), from);
        expect(insn).toMatchObject({ kind: 'loadStoreImmediate', rt, rn: 15, load: true, literalAddress: literal });
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffff }), (mask) => {
        const push = mask & 0x5fff;
        const pop = mask & (mask & 0x8000 ? 0x9fff : 0x5fff);
        if (push !== 0) {
          const insn = decodeEncoding(encodeThumbPushW(push), 0);
          if ((push & (push - 1)) === 0)
            expect(insn).toMatchObject({ kind: 'loadStoreImmediate', rn: 13, load: false });
          else
            expect(insn).toMatchObject({
              kind: 'loadStoreMultiple',
              registers: push,
              rn: 13,
              load: false,
              wback: true,
            });
        }
        if (pop !== 0) {
          const insn = decodeEncoding(encodeThumbPopW(pop), 0);
          if ((pop & (pop - 1)) === 0) expect(insn).toMatchObject({ kind: 'loadStoreImmediate', rn: 13, load: true });
          else
            expect(insn).toMatchObject({ kind: 'loadStoreMultiple', registers: pop, rn: 13, load: true, wback: true });
        }
      }),
      runs,
    );
  });
});
