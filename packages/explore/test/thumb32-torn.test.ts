import { disassembleThumb } from '@armprobe/decoder';
import { execute, KPROBE_THUMB32_BREAKPOINT, plan } from '@armprobe/patcher';
import { describe, expect, it } from 'vitest';
import { scenario } from '../src/index.js';
import {
  T_L0,
  T_SA,
  THUMB_ADDS_R1,
  THUMB_ADDW_R5,
  THUMB_B_L0,
  thumbLoop,
  thumbProbeRequest,
  wrongCounts,
} from '../src/scenarios/thumb32-torn.js';

describe('thumb32-torn', () => {
  it('the loop is the Thumb code it says, with the probed 32-bit instruction at an address ≡ 2 (mod 4)', () => {
    expect(T_SA % 4).toBe(2);
    const text = (address: number, unit: number, next = 0) => disassembleThumb(unit, next, address).text;
    expect(text(T_L0, THUMB_ADDS_R1)).toBe('adds\tr1, #1');
    expect(text(T_SA, THUMB_ADDW_R5 >>> 16, THUMB_ADDW_R5 & 0xffff)).toBe('add.w\tr5, r5, #1');
    expect(text(T_SA + 4, THUMB_B_L0)).toBe(`b.n\t0x${T_L0.toString(16)}`);
  });

  it('every CPU runs it in Thumb state, traps on the breakpoint armed safely, and counts each pass once', () => {
    const loop = thumbLoop(5, 4);
    const m = loop.machine;
    loop.run(4 * 300);
    expect(m.cpus.every((c) => c.thumb && c.regs[1]! > 5)).toBe(true);
    execute(plan(thumbProbeRequest('arm'), { cpus: 4, strategy: 'auto' }), m);
    expect(m.memory.peek16(T_SA)).toBe(KPROBE_THUMB32_BREAKPOINT >>> 16);
    expect(m.memory.peek16(T_SA + 2)).toBe(KPROBE_THUMB32_BREAKPOINT & 0xffff);
    loop.run(4 * 300);
    expect(loop.hits.every((h) => h > 0)).toBe(true);
    execute(plan(thumbProbeRequest('disarm'), { cpus: 4, strategy: 'auto' }), m);
    const hits = [...loop.hits];
    loop.run(4 * 300);
    expect(loop.hits).toEqual(hits);
    expect(m.memory.peek16(T_SA)).toBe(THUMB_ADDW_R5 >>> 16);
    expect(m.memory.peek16(T_SA + 2)).toBe(THUMB_ADDW_R5 & 0xffff);
    expect(loop.faults).toBe(0);
    expect(loop.races).toBe(0);
    expect(wrongCounts(m)).toBe(0);
    expect(m.violations()).toEqual([]);
  });

  it('the oracle sees a CPU whose count is off', () => {
    const loop = thumbLoop(6, 2);
    loop.run(2 * 200);
    loop.machine.cpus[1]!.regs[5]! += 1;
    expect(wrongCounts(loop.machine)).toBe(1);
  });

  it('direct writes are torn (two halfword stores at ≡ 2 mod 4) from the first seed; stop-all, auto, kernel never', () => {
    const s = scenario('thumb32-torn')!;
    for (let seed = 1; seed <= 20; seed++) {
      const direct = s.run({ seed, strategy: 'direct', cpus: 4 });
      // arm and disarm, each two halfword stores, each judged as the 32-bit instruction it belongs to
      expect(direct.violationsByKind['cmodx-torn'], `seed ${seed}`).toBe(4);
      expect(direct.rendezvous).toBe(0);
      for (const strategy of ['stop-all', 'auto', 'kernel'] as const) {
        const safe = s.run({ seed, strategy, cpus: 4 });
        expect(safe.violationsByKind, `seed ${seed} ${strategy}`).toEqual({});
        expect(safe.rendezvous).toBe(2);
        expect(safe.changes).toBe(2);
      }
    }
  });
});
