/**
 * A golden Thumb trampoline: the decoder's disassembly of every halfword (the ARM exit word in ARM state, the
 * pool as words), checked by hand and by execution (thumb-execution.test.ts runs the same pair), then frozen.
 */
import { classifyThumbProbe, decodeThumb, disassembleA32, disassembleThumb, isThumb32 } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import { buildThumbTrampoline, type ThumbTrampoline } from '../src/index.js';

/** `addr: text` per instruction, the ARM word after `bx pc` in ARM state, then the pool words. */
function listing(t: ThumbTrampoline, base: number): string[] {
  const hw = t.halfwords;
  const lines: string[] = [];
  let k = 0;
  let arm = false;
  let codeEnd = hw.length;
  // The pool: the words the literal loads address.
  for (let j = 0; j < hw.length; ) {
    if (arm) break;
    const h = hw[j]!;
    if (h === 0x4778) arm = true;
    j += isThumb32(h) ? 2 : 1;
    if (arm) codeEnd = j + (j % 2 === 1 ? 1 : 0) + 2;
  }
  arm = false;
  while (k < hw.length) {
    const addr = (base + 2 * k) >>> 0;
    if (k >= codeEnd || arm) {
      const w = (hw[k]! | (hw[k + 1]! << 16)) >>> 0;
      lines.push(`${addr.toString(16)}: ${arm ? disassembleA32(w, addr).text : `.word 0x${w.toString(16)}`}`);
      arm = false;
      k += 2;
      continue;
    }
    const h = hw[k]!;
    const wide = isThumb32(h);
    lines.push(`${addr.toString(16)}: ${disassembleThumb(h, wide ? hw[k + 1]! : 0, addr).text}`);
    if (h === 0x4778) {
      // bx pc: a pad halfword, then the ARM word.
      lines.push(`${(addr + 2).toString(16)}: ${disassembleThumb(hw[k + 1]!, 0, addr + 2).text}`);
      arm = true;
      k += 2;
      continue;
    }
    k += wide ? 2 : 1;
  }
  return lines;
}

describe('golden Thumb trampolines', () => {
  it('adds r0, r1, r2 (probe 7) and ldr r1, [pc, #4] (probe 8) at 0x10800', () => {
    const a = 0x10800;
    const i1 = decodeThumb(0x1888, 0, a, 0);
    const i2 = decodeThumb(0x4901, 0, a + 2, 0);
    const t = buildThumbTrampoline({
      steps: [
        { insn: i1, decision: classifyThumbProbe(i1), probeId: 7 },
        { insn: i2, decision: classifyThumbProbe(i2), probeId: 8 },
      ],
      slotAddress: 0x100100,
      gateAddress: 0x100000,
    });
    expect(listing(t, 0x100100)).toEqual([
      '100100: sub\tsp, #72',
      '100102: stmia.w\tsp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip}',
      '100106: str.w\tlr, [sp, #56]',
      '10010a: str\tr0, [sp, #68]',
      '10010c: add\tr0, sp, #72',
      '10010e: str\tr0, [sp, #52]',
      '100110: ldr.w\tr0, [pc, #188]',
      '100114: str\tr0, [sp, #60]',
      '100116: mrs\tr0, CPSR',
      '10011a: orr.w\tr0, r0, #32',
      '10011e: str\tr0, [sp, #64]',
      '100120: ldr.w\tr0, [pc, #176]',
      '100124: mov\tr1, sp',
      '100126: mov\tr4, sp',
      '100128: and.w\tr4, r4, #4',
      '10012c: sub.w\tsp, sp, r4',
      '100130: ldr.w\tr2, [pc, #164]',
      '100134: blx\tr2',
      '100136: add\tsp, r4',
      '100138: ldr\tr0, [sp, #60]',
      '10013a: ldr.w\tr1, [pc, #148]',
      '10013e: cmp\tr0, r1',
      '100140: ldr\tr0, [sp, #64]',
      '100142: bne.w\t0x1001b6',
      '100146: msr\tCPSR_fs, r0',
      '10014a: ldr.w\tlr, [sp, #56]',
      '10014e: ldmia.w\tsp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip}',
      '100152: ldr.w\tsp, [sp, #52]',
      '100156: adds\tr0, r1, r2',
      '100158: sub\tsp, #72',
      '10015a: stmia.w\tsp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip}',
      '10015e: str.w\tlr, [sp, #56]',
      '100162: str\tr0, [sp, #68]',
      '100164: add\tr0, sp, #72',
      '100166: str\tr0, [sp, #52]',
      '100168: ldr.w\tr0, [pc, #112]',
      '10016c: str\tr0, [sp, #60]',
      '10016e: mrs\tr0, CPSR',
      '100172: orr.w\tr0, r0, #32',
      '100176: str\tr0, [sp, #64]',
      '100178: ldr.w\tr0, [pc, #100]',
      '10017c: mov\tr1, sp',
      '10017e: mov\tr4, sp',
      '100180: and.w\tr4, r4, #4',
      '100184: sub.w\tsp, sp, r4',
      '100188: ldr.w\tr2, [pc, #76]',
      '10018c: blx\tr2',
      '10018e: add\tsp, r4',
      '100190: ldr\tr0, [sp, #60]',
      '100192: ldr.w\tr1, [pc, #72]',
      '100196: cmp\tr0, r1',
      '100198: ldr\tr0, [sp, #64]',
      '10019a: bne.w\t0x1001b6',
      '10019e: msr\tCPSR_fs, r0',
      '1001a2: ldr.w\tr0, [pc, #64]',
      '1001a6: ldr.w\tr0, [r0]',
      '1001aa: str\tr0, [sp, #4]',
      '1001ac: ldr.w\tr0, [pc, #56]',
      '1001b0: str\tr0, [sp, #60]',
      '1001b2: b.w\t0x1001c6',
      '1001b6: ldr\tr1, [sp, #60]',
      '1001b8: ubfx\tr2, r0, #5, #1',
      '1001bc: orr.w\tr1, r1, r2',
      '1001c0: str\tr1, [sp, #60]',
      '1001c2: msr\tCPSR_fs, r0',
      '1001c6: nop',
      '1001c8: bx\tpc',
      '1001ca: nop',
      '1001cc: ldm\tsp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '1001d0: .word 0x10800',
      '1001d4: .word 0x7',
      '1001d8: .word 0x100000',
      '1001dc: .word 0x10802',
      '1001e0: .word 0x8',
      '1001e4: .word 0x10808',
      '1001e8: .word 0x10805',
    ]);
    expect(t.returnAddress).toBe(0x10804);
    expect(t.steps.map((s) => [s.address, s.probeId, s.how, s.gateReturn, s.frameBytes])).toEqual([
      [0x10800, 7, 'direct', 0x100136, 72],
      [0x10802, 8, 'frame', 0x10018e, 72],
    ]);
    // Faults: the adds itself (registers live), the relocated load (registers in the frame).
    expect(t.faultSites).toEqual([
      { at: 0x100156, address: 0x10800, word: 0x1888, registers: 'live' },
      { at: 0x1001a6, address: 0x10802, word: 0x4901, registers: 'frame' },
    ]);
  });
});
