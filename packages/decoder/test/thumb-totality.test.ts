import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeThumb, disassembleThumb, formatThumb, T16_ROWS, T32_ROWS } from '../src/index.js';
import { hasThumbFormatter } from '../src/print/thumb.js';

describe('Thumb decode is total', () => {
  it('random 16-bit units and 32-bit pairs decode and print without throwing, with a consistent model', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xff }),
        fc.integer({ min: 0, max: 0x7ffffffe }),
        (hw1, hw2, itState, halfwords) => {
          const address = halfwords * 2;
          const length = hw1 >= 0xe800 ? 4 : 2;
          const insn = decodeThumb(hw1, hw2, address, itState);
          expect(insn.isa).toBe('thumb');
          expect(insn.length).toBe(length);
          expect(insn.itState).toBe(itState);
          expect(insn.address).toBe(address);
          expect(insn.word).toBe(length === 4 ? ((hw1 << 16) | hw2) >>> 0 : hw1);
          expect(insn.reads >>> 16).toBe(0);
          expect(insn.writes >>> 16).toBe(0);
          const printed = formatThumb(insn);
          // An UNDEFINED encoding prints no text unless objdump reads it through another instruction's row.
          if (insn.kind === 'undefined' && insn.printedAs === null) expect(printed.text).toBe('');
          else expect(printed.text).not.toBe('');
          expect(disassembleThumb(hw1, hw2, address, itState)).toEqual({ ...printed, size: length });
        },
      ),
      { numRuns: 50_000, seed: 20261204 },
    );
  });

  it('every row, at its pattern and at random fillings of its fields, decodes to a kind with a formatter', () => {
    const random = fc.sample(fc.integer({ min: 0, max: 0xffffffff }), { numRuns: 64, seed: 7 });
    for (const [rows, length] of [
      [T16_ROWS, 2],
      [T32_ROWS, 4],
    ] as const) {
      for (const row of rows) {
        for (const fill of [0, 0xffffffff, ...random]) {
          const bits = ((row.value | (fill & ~row.mask)) & (length === 2 ? 0xffff : 0xffffffff)) >>> 0;
          const insn = row.decode(bits, 0x8000, row.op, false, 0);
          expect(hasThumbFormatter(insn.kind, length), `${row.pattern} (${row.op}) → ${insn.kind}`).toBe(true);
          expect(() => formatThumb(insn)).not.toThrow();
        }
      }
    }
  });
});
