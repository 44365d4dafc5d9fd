import { describe, expect, it } from 'vitest';
import { reg, runWords } from './helpers.js';

const PROGRAM = [
  0xe3a00802, 0xe3a01011, 0xe5801000, 0xe4902004, 0xe5a01004, 0xe5103008, 0xe3a04003, 0xe7c04004, 0xe7d05004,
  0xe92d403f, 0xe8bd1fc0, 0xe5906001, 0xe14080d4, 0xe190af9f, 0xe180bf94, 0xe180cf94,
];

describe('load/store', () => {
  for (const execution of ['blocks', 'interpreter'] as const) {
    it(`addressing modes, push/pop, unaligned LDR, LDRD, exclusives (${execution})`, () => {
      const m = runWords(PROGRAM, (m) => (m.cpus[0]!.regs[13] = 0x20800), { execution });
      expect(reg(m, 0)).toBe(0x20008);
      expect(reg(m, 2)).toBe(0x11);
      expect(reg(m, 3)).toBe(0x11);
      expect(reg(m, 5)).toBe(3);
      expect(reg(m, 7)).toBe(0x11);
      expect(reg(m, 6)).toBe(0x00030000);
      expect(reg(m, 8)).toBe(0);
      expect(reg(m, 9)).toBe(0x03000011);
      expect(reg(m, 10)).toBe(0x03000011);
      expect(reg(m, 11)).toBe(0);
      expect(reg(m, 12)).toBe(1);
      expect(reg(m, 13)).toBe(0x20800);
      expect(m.memory.peek32(0x20008)).toBe(3);
      expect(m.cpus[0]!.instructions).toBe(PROGRAM.length);
    });
  }
});
