import { describe, expect, it } from 'vitest';
import { CODE, EXECUTION_MODES, encodeB, machineWith, reg } from './helpers.js';

/**
 * Decoded lines and blocks are kept per 256-byte chunk, but a block may start in one chunk and run on into
 * the next: a store into the second must drop it too (every block of the page is dropped).
 */
describe('a block running over a 256-byte chunk boundary', () => {
  for (const execution of EXECUTION_MODES) {
    it(`is dropped when code after the boundary is rewritten (${execution})`, () => {
      // B: nop ×4 | nop ; mov r0, #1 ; bx lr  — the bar is the chunk boundary (CODE + 0x100)
      const B = CODE + 0xf0;
      const words = new Array<number>(0x10c / 4).fill(0xe1a00000);
      const program = [
        0xe3003104, // movw r3, #0x104
        0xe3403001, // movt r3, #1          r3 = CODE + 0x104
        encodeB(CODE + 8, B, true), // bl B   r0 = 1
        0xe3004009, // movw r4, #9
        0xe34e43a0, // movt r4, #0xe3a0     r4 = `mov r0, #9`
        0xe5834000, // str r4, [r3]         rewrite CODE + 0x104
        0xe1a06000, // mov r6, r0
        encodeB(CODE + 0x1c, B, true), // bl B   r0 = 9
        0xeafffffe, // b .
      ];
      program.forEach((w, i) => {
        words[i] = w;
      });
      words[0x104 / 4] = 0xe3a00001; // mov r0, #1
      words[0x108 / 4] = 0xe12fff1e; // bx lr
      const m = machineWith(words, { execution });
      m.run({ maxInstructions: 60 });
      expect(m.cpus[0]!.pc).toBe(CODE + 0x20);
      expect(reg(m, 6)).toBe(1);
      expect(reg(m, 0)).toBe(9);
    });
  }
});
