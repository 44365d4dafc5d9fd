import { decodeA32 } from '@armprobe/decoder';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  breakpointKind,
  decideWrite,
  kprobeArmBreakpoint,
  matchA32SafeSet,
  matchSafeSet,
  matchT16SafeSet,
  type RuleInput,
} from '../src/index.js';
import { ARM_SAFE, ARM_UNSAFE, THUMB_SAFE, THUMB_UNSAFE, THUMB32_SAMPLES } from './samples.js';

const armSafe = Object.entries(ARM_SAFE).flatMap(([op, words]) => words.map((w) => [op, w] as const));
const thumbSafe = Object.entries(THUMB_SAFE).flatMap(([op, hws]) => hws.map((h) => [op, h] as const));
const hex = (n: number): string => `0x${n.toString(16)}`;

const arm = (old: number, neu: number, address = 0x8000): RuleInput => ({
  address,
  isa: 'arm',
  width: 4,
  old,
  new: neu,
});
const t16 = (old: number, neu: number, address = 0x8002): RuleInput => ({
  address,
  isa: 'thumb',
  width: 2,
  old,
  new: neu,
});

describe('A3.5.4 safe set: membership', () => {
  it.each(armSafe.map(([op, w]) => [hex(w), op, w] as const))('ARM %s is %s', (_, op, word) => {
    expect(matchA32SafeSet(word)?.op).toBe(op);
  });
  it.each(ARM_UNSAFE.map(([w, why]) => [hex(w), why, w] as const))('ARM %s (%s) is outside', (_, __, word) => {
    expect(matchA32SafeSet(word)).toBeNull();
  });
  it.each(thumbSafe.map(([op, h]) => [hex(h), op, h] as const))('Thumb %s is %s', (_, op, hw) => {
    expect(matchT16SafeSet(hw)?.op).toBe(op);
  });
  it.each(THUMB_UNSAFE.map(([h, why]) => [hex(h), why, h] as const))('Thumb %s (%s) is outside', (_, __, hw) => {
    expect(matchT16SafeSet(hw)).toBeNull();
  });
  it('B T1 takes every condition but 1110 (UDF) and 1111 (SVC)', () => {
    for (let cond = 0; cond < 16; cond++) {
      const hw = 0xd000 | (cond << 8) | 0x12;
      expect(matchT16SafeSet(hw)?.op).toBe(cond < 14 ? 'b' : cond === 15 ? 'svc' : undefined);
    }
  });
  it('ARM B/BL/NOP/SVC/SMC take every condition but 1111; BKPT/HVC only 1110', () => {
    for (let cond = 0; cond < 16; cond++) {
      const c = (cond << 28) >>> 0;
      const expectConditional = cond === 15 ? null : true;
      for (const body of [0x0a000000, 0x0b000000, 0x0320f000, 0x0f000000, 0x01600070]) {
        expect(matchA32SafeSet((c | body) >>> 0) !== null || null).toBe(expectConditional);
      }
      for (const body of [0x01200070, 0x01400070]) expect(matchA32SafeSet((c | body) >>> 0) !== null).toBe(cond === 14);
    }
  });
  it('32-bit Thumb is never in the set', () => {
    for (const insn of THUMB32_SAMPLES) expect(matchSafeSet('thumb', 4, insn)).toBeNull();
  });
});

describe('A3.5.4 rules: every safe-set member × every other', () => {
  it('ARM: both in the set, aligned ⇒ direct (unless a breakpoint is removed)', () => {
    for (const [, old] of armSafe) {
      for (const [, neu] of armSafe) {
        const d = decideWrite(arm(old, neu), 4);
        const removes = breakpointKind('arm', 4, old) !== null && old !== neu;
        expect(d.direct, `${hex(old)} → ${hex(neu)}: ${d.reason}`).toBe(!removes);
        expect(d.atomic).toBe(true);
        if (removes) expect(d.writers).toBe('all');
      }
    }
  });
  it('Thumb 16-bit: both in the set, aligned ⇒ direct (unless a breakpoint is removed)', () => {
    for (const [, old] of thumbSafe) {
      for (const [, neu] of thumbSafe) {
        for (const address of [0x8000, 0x8002]) {
          const d = decideWrite(t16(old, neu, address), 2);
          const removes = breakpointKind('thumb', 2, old) !== null && old !== neu;
          expect(d.direct, `${hex(old)} → ${hex(neu)}: ${d.reason}`).toBe(!removes);
        }
      }
    }
  });
  it('ARM: a member and a non-member in either order ⇒ rendezvous', () => {
    for (const [, safe] of armSafe) {
      for (const [unsafe] of ARM_UNSAFE) {
        for (const [old, neu] of [
          [safe, unsafe],
          [unsafe, safe],
        ] as const) {
          const d = decideWrite(arm(old, neu), 2);
          expect(d.direct, `${hex(old)} → ${hex(neu)}`).toBe(false);
          expect(d.reason).toMatch(/^rendezvous: .*outside the A3\.5\.4 safe set/);
        }
      }
    }
  });
  it('Thumb: a member and a non-member in either order ⇒ rendezvous', () => {
    for (const [, safe] of thumbSafe) {
      for (const [unsafe] of THUMB_UNSAFE) {
        expect(decideWrite(t16(safe, unsafe), 2).direct).toBe(false);
        expect(decideWrite(t16(unsafe, safe), 2).direct).toBe(false);
      }
    }
  });
  it('32-bit Thumb ⇒ rendezvous at either alignment, even b.w → b.w', () => {
    for (const address of [0x8000, 0x8002]) {
      const d = decideWrite({ address, isa: 'thumb', width: 4, old: 0xf000b800, new: 0xf000b801 }, 4);
      expect(d.direct).toBe(false);
      expect(d.atomic).toBe(false);
      expect(d.reason).toMatch(address % 4 === 0 ? /never single-copy atomic/ : /two halfword stores/);
    }
  });
  it('a misaligned store is not single-copy atomic', () => {
    expect(decideWrite(arm(0xe320f000, 0xeafffffe, 0x8002), 4)).toMatchObject({ direct: false, atomic: false });
  });
  it('one CPU online ⇒ always direct', () => {
    for (const [unsafe] of ARM_UNSAFE) {
      expect(decideWrite(arm(0xe7f001f8, unsafe), 1).direct).toBe(true);
      expect(decideWrite(arm(unsafe, 0xe7f001f8), 1).direct).toBe(true);
    }
    expect(decideWrite({ address: 0x8002, isa: 'thumb', width: 4, old: 0xe92d4010, new: 0xf7f0a018 }, 1).direct).toBe(
      true,
    );
  });
  it('kernel jump-label NOP ⇒ rendezvous, architected NOP ⇒ direct', () => {
    expect(decideWrite(arm(0xe1a00000, 0xea000010), 2).direct).toBe(false);
    expect(decideWrite(arm(0xe320f000, 0xea000010), 2).direct).toBe(true);
    expect(decideWrite(arm(0xea000010, 0xe320f000), 2).direct).toBe(true);
  });
});

describe('breakpoints', () => {
  it('arming a kprobe needs one writer, removing it needs every CPU', () => {
    const push = 0xe92d4010;
    const bp = kprobeArmBreakpoint(push);
    expect(bp).toBe(0xe7f001f8);
    expect(decideWrite(arm(push, bp), 4)).toMatchObject({ direct: false, writers: 'one', removesBreakpoint: false });
    expect(decideWrite(arm(bp, push), 4)).toMatchObject({ direct: false, writers: 'all', removesBreakpoint: true });
    expect(decideWrite(t16(0xde18, 0xb510), 4)).toMatchObject({ writers: 'all' });
    expect(decideWrite({ address: 0x8002, isa: 'thumb', width: 4, old: 0xf7f0a018, new: 0xe92d4010 }, 4)).toMatchObject(
      { writers: 'all' },
    );
  });
  it('the kprobe breakpoint copies the condition, AL for AL and the 0xF space', () => {
    expect(kprobeArmBreakpoint(0x0a000000)).toBe(0x07f001f8);
    expect(kprobeArmBreakpoint(0xd2800001)).toBe(0xd7f001f8);
    expect(kprobeArmBreakpoint(0xfa000000)).toBe(0xe7f001f8);
    for (let cond = 0; cond < 16; cond++) {
      expect(breakpointKind('arm', 4, ((cond << 28) | 0x07f001f8) >>> 0)).toBe('kprobe-udf');
    }
  });
  it('purpose disarm/optimize makes a write remove a breakpoint even if the encodings do not show it', () => {
    const d = decideWrite({ ...arm(0xe320f000, 0xea000010), purpose: 'optimize' }, 4);
    expect(d).toMatchObject({ direct: false, writers: 'all', removesBreakpoint: true });
  });
  it('BKPT → B is two safe-set members but still a breakpoint removal', () => {
    expect(decideWrite(arm(0xe1200070, 0xea000010), 4)).toMatchObject({ direct: false, writers: 'all' });
    expect(decideWrite(t16(0xbe00, 0xe000), 4)).toMatchObject({ direct: false, writers: 'all' });
  });
});

// Cross-check against the decoder once its branch / hint / exception-generating rows exist.
const decoderNames = (word: number): string => decodeA32(word, 0x8000).op;
const decoderKnows = (op: string, word: number): boolean => decodeA32(word, 0x8000).op === op;
/**
 * What the decoder says a word is, restricted to the safe-set instructions: objdump spells `mov r0, r0`
 * and the unallocated hints `nop` too, so NOP means the hint instruction with hint number 0.
 */
function decoderSafeOp(word: number): string | null {
  const insn = decodeA32(word, 0x8000);
  if (!['b', 'bl', 'nop', 'bkpt', 'svc', 'hvc', 'smc'].includes(insn.op)) return null;
  if (insn.cond === 15 || insn.unpredictable) return null;
  if (insn.op === 'nop' && !(insn.kind === 'hint' && (insn as { hint?: number }).hint === 0)) return null;
  return insn.op;
}

describe('cross-check with @armprobe/decoder', () => {
  for (const [op, words] of Object.entries(ARM_SAFE)) {
    it.skipIf(!decoderKnows(op, words[0]))(`decodeA32 names every ${op} sample ${op}`, () => {
      for (const w of words) expect(decoderNames(w)).toBe(op);
    });
  }
  const all = ['b', 'bl', 'nop', 'bkpt', 'svc', 'hvc', 'smc'];
  it.skipIf(!all.every((op) => decoderKnows(op, ARM_SAFE[op as keyof typeof ARM_SAFE][0])))(
    'the decoder reads no unsafe sample as a safe-set instruction',
    () => {
      for (const [w] of ARM_UNSAFE) expect(decoderSafeOp(w), hex(w)).toBeNull();
    },
  );
  it.skipIf(!all.every((op) => decoderKnows(op, ARM_SAFE[op as keyof typeof ARM_SAFE][0])))(
    'the safe-set table and decodeA32 agree on random words',
    () => {
      const member = fc.oneof(
        fc.constantFrom(0x0a000000, 0x0b000000, 0x0320f000, 0x01200070, 0x0f000000, 0x01400070, 0x01600070),
        fc.constant(0),
      );
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 0xffffffff }), member, (random, body) => {
          // bias towards the safe-set encodings: keep the random bits outside their fixed bits
          const word = body === 0 ? random : ((random & 0xf00fff0f) | body) >>> 0;
          expect(matchA32SafeSet(word)?.op ?? null, hex(word)).toBe(decoderSafeOp(word));
        }),
        { numRuns: 5000 },
      );
    },
  );
});
