import { describe, expect, it } from 'vitest';
import { reg, runWords } from './helpers.js';

describe('smoke', () => {
  for (const execution of ['blocks', 'interpreter'] as const) {
    it(`runs a few ALU instructions (${execution})`, () => {
      const m = runWords(
        [
          0xe3a00005, 0xe3a01007, 0xe0902001, 0xe0503001, 0xe0040190, 0xe0865193, 0xe0c87193, 0xe1a09223, 0xe16faf10,
          0xe71bf014, 0xe6bfcf34,
        ],
        undefined,
        { execution },
      );
      expect(reg(m, 2)).toBe(12);
      expect(reg(m, 3)).toBe(0xfffffffe);
      expect(reg(m, 4)).toBe(35);
      expect(reg(m, 5)).toBe(0xfffffff2);
      expect(reg(m, 6)).toBe(6);
      expect(reg(m, 7)).toBe(0xfffffff2);
      expect(reg(m, 8)).toBe(0xffffffff);
      expect(reg(m, 9)).toBe(0x0fffffff);
      expect(reg(m, 10)).toBe(29);
      expect(reg(m, 11)).toBe(7);
      expect(reg(m, 12)).toBe(0x23000000);
    });
  }
});
