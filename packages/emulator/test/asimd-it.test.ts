import { describe, expect, it } from 'vitest';
import { Machine } from '../src/index.js';

/*
 * Advanced SIMD instructions inside Thumb IT blocks execute only when the block's condition passes (the
 * encodings, from gas 2.40, carry no condition of their own). Checked in both execution paths, each condition
 * both ways; the expected values are the operations' arithmetic.
 */
const CODE = 0x10000;
const DATA = 0x20000;
// it eq; vaddeq.i32 d0, d1, d2; ite ne; vld1ne.32 {d3}, [r0]!; vst1eq.32 {d1}, [r0]
const HALFWORDS = [0xbf08, 0xef21, 0x0802, 0xbf14, 0xf920, 0x378d, 0xf900, 0x178f];

function run(execution: 'blocks' | 'interpreter', z: boolean) {
  const m = new Machine({ linuxUser: false, execution });
  m.memory.map(CODE, 0x1000, 'rx');
  m.memory.map(DATA, 0x1000, 'rw');
  const code = new Uint8Array(HALFWORDS.length * 2);
  HALFWORDS.forEach((h, i) => {
    code[2 * i] = h & 0xff;
    code[2 * i + 1] = h >>> 8;
  });
  m.memory.writeBytes(CODE, code);
  m.memory.writeBytes(
    DATA,
    Uint8Array.from({ length: 16 }, (_, i) => 0x10 + i),
  );
  const cpu = m.cpus[0]!;
  cpu.writeCpsr(0x30, -1);
  cpu.setApsr(z ? 0x40000000 : 0);
  cpu.regs[0] = DATA;
  cpu.vfp.set([5, 0xffffffff, 7, 1, 0xaaaaaaaa, 0xbbbbbbbb], 0); // d0 = [5, -1]; d1 = [7, 1]; d2 = [0xaaaaaaaa, 0xbbbbbbbb]
  cpu.pc = CODE;
  const r = m.run({ maxInstructions: 5 });
  expect(r.reason).toBe('limit');
  return { m, cpu };
}

describe('Advanced SIMD in Thumb IT blocks', () => {
  for (const execution of ['blocks', 'interpreter'] as const) {
    it(`condition passes and fails (${execution})`, () => {
      const taken = run(execution, true);
      expect([...taken.cpu.vfp.subarray(0, 2)]).toEqual([(7 + 0xaaaaaaaa) >>> 0, (1 + 0xbbbbbbbb) >>> 0]);
      expect([...taken.cpu.vfp.subarray(6, 8)]).toEqual([0, 0]); // vld1ne skipped
      expect(taken.cpu.regs[0]).toBe(DATA); // no writeback
      expect([...taken.m.memory.readBytes(DATA, 8)]).toEqual([7, 0, 0, 0, 1, 0, 0, 0]); // vst1eq stored d1
      const skipped = run(execution, false);
      expect([...skipped.cpu.vfp.subarray(0, 2)]).toEqual([5, 0xffffffff]);
      expect([...skipped.cpu.vfp.subarray(6, 8)]).toEqual([0x13121110, 0x17161514]); // vld1ne loaded d3
      expect(skipped.cpu.regs[0]).toBe(DATA + 8);
      expect([...skipped.m.memory.readBytes(DATA + 8, 8)]).toEqual([0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f]);
      expect(skipped.cpu.pc).toBe(CODE + 16);
    });
  }
});
