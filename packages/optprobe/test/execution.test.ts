/**
 * Trampolines executed on the emulator, the kprobes self-test way: each representative instruction runs
 * without and with its optprobe from identical registers, flags (16 scenarios: NZCV = s, GE = s,
 * Q = s & 1) and memory; outcomes must be identical, the handler must fire exactly when the condition
 * passes and see pt_regs as they were before the instruction (PC = probe address, SP = original SP).
 */
import { describe, expect, it } from 'vitest';
import { buildTrampoline, MAX_TRAMPOLINE_WORDS, planOptimization, TrampolineError } from '../src/index.js';
import {
  Bench,
  classifyArmProbe,
  conditionPasses,
  decodeAt,
  differences,
  GATE,
  INSN,
  PROBE_ID,
  registersFor,
  STACK,
  scenarioCpsr,
} from './bench.js';

interface Case {
  readonly name: string;
  readonly word: number;
  readonly mode: 'direct' | 'relocated';
  /** Data words in the code page (literals, jump tables). */
  readonly data?: readonly (readonly [number, number])[];
}

const CASES: readonly Case[] = [
  // the golden set
  { name: 'add r0, r1, r2', word: 0xe0810002, mode: 'direct' },
  { name: 'str r1, [sp, #-8]! (stack use 8)', word: 0xe52d1008, mode: 'direct' },
  { name: 'push {r4, lr}', word: 0xe92d4010, mode: 'direct' },
  { name: 'movne r0, #1', word: 0x13a00001, mode: 'direct' },
  { name: 'ldr r0, [pc, #16]', word: 0xe59f0010, mode: 'relocated', data: [[INSN + 0x18, 0xcafef00d]] },
  { name: 'add r0, pc, #4 (adr)', word: 0xe28f0004, mode: 'relocated' },
  { name: 'bl .+0x48', word: 0xeb000010, mode: 'relocated' },
  { name: 'beq .-0x100', word: 0x0affffbe, mode: 'relocated' },
  { name: 'blx .+0x22 (Thumb)', word: 0xfb000004, mode: 'relocated' },
  // more relocations
  { name: 'sub r1, pc, #8 (adr)', word: 0xe24f1008, mode: 'relocated' },
  { name: 'ldrh r3, [pc, #-4]', word: 0xe15f30b4, mode: 'relocated', data: [[INSN + 4, 0x8765abcd]] },
  { name: 'ldrsb r5, [pc, #9]', word: 0xe1df50d9, mode: 'relocated', data: [[INSN + 0x10, 0x00f00000]] },
  { name: 'ldrsh r6, [pc, #-2]', word: 0xe15f60b2, mode: 'relocated', data: [[INSN + 4, 0x8001ffff]] },
  { name: 'ldrb r7, [pc, #-2]', word: 0xe55f7002, mode: 'relocated', data: [[INSN + 4, 0x00be0000]] },
  {
    name: 'ldrd r2, [pc, #8]',
    word: 0xe1cf20d8,
    mode: 'relocated',
    data: [
      [INSN + 0x10, 0x11112222],
      [INSN + 0x14, 0x33334444],
    ],
  },
  { name: 'ldr pc, [pc, #8]', word: 0xe59ff008, mode: 'relocated', data: [[INSN + 0x10, INSN + 0x40]] },
  { name: 'ldrne sp, [pc, #-4]', word: 0x151fd004, mode: 'relocated', data: [[INSN + 4, STACK - 0x400]] },
  { name: 'add pc, pc, #8', word: 0xe28ff008, mode: 'relocated' },
  { name: 'adds r0, pc, r1', word: 0xe09f0001, mode: 'relocated' },
  { name: 'adc r2, pc, r1 (carry in)', word: 0xe0af2001, mode: 'relocated' },
  { name: 'cmp pc, r3', word: 0xe15f0003, mode: 'relocated' },
  { name: 'str pc, [sp, #-4]! (stack use 4)', word: 0xe52df004, mode: 'relocated' },
  { name: 'strgt pc, [r0, #12]', word: 0xc580f00c, mode: 'relocated' },
  { name: 'blx r3', word: 0xe12fff33, mode: 'relocated' },
  { name: 'blxvs lr', word: 0x612fff3e, mode: 'relocated' },
  { name: 'bx pc', word: 0xe12fff1f, mode: 'relocated' },
  { name: 'pld [pc, #16]', word: 0xf5dff010, mode: 'relocated' },
  // direct forms that write the PC themselves, or read flags
  { name: 'bx lr', word: 0xe12fff1e, mode: 'direct' },
  { name: 'movlt pc, lr', word: 0xb1a0f00e, mode: 'direct' },
  { name: 'pop {r4, pc}', word: 0xe8bd8010, mode: 'direct' },
  { name: 'adcs r0, r1, r2', word: 0xe0b10002, mode: 'direct' },
  { name: 'mrs r0, CPSR', word: 0xe10f0000, mode: 'direct' },
  { name: 'movw r0, #0x1234', word: 0xe3010234, mode: 'direct' },
  { name: 'qadd r0, r1, r2 (sets Q)', word: 0xe1020051, mode: 'direct' },
  { name: 'sadd8 r0, r1, r2 (sets GE)', word: 0xe6110f92, mode: 'direct' },
  { name: 'stmdb sp!, {r0-r3} (stack use 16)', word: 0xe92d000f, mode: 'direct' },
];

function frameOf(frameBytes: number): readonly [number, number] {
  return [STACK - frameBytes, STACK - frameBytes + 72];
}

describe('trampolines on the emulator (16 scenarios each)', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.mode}, identical with and without the optprobe`, () => {
      const insn = decodeAt(c.word);
      expect(classifyArmProbe(insn).action).not.toBe('reject');
      const bench = new Bench();
      bench.load(c.word, c.data);
      const plain = Array.from({ length: 16 }, (_, s) => bench.run(insn, { scenario: s }));
      const plan = bench.probe(c.word);
      if (!plan.ok) throw new Error(`${plan.reason}: ${plan.detail}`);
      expect(plan.trampoline.mode).toBe(c.mode);
      expect(plan.trampoline.words.length).toBeLessThanOrEqual(MAX_TRAMPOLINE_WORDS);
      for (let s = 0; s < 16; s++) {
        const before = bench.calls.length;
        const probed = bench.run(insn, { scenario: s });
        const fires = conditionPasses(insn.cond, s);
        const where = `scenario ${s}`;
        expect([where, ...differences(plain[s]!, probed, frameOf(plan.trampoline.frameBytes))]).toEqual([where]);
        expect([where, bench.calls.length - before]).toEqual([where, fires ? 1 : 0]);
        if (!fires) continue;
        const seen = bench.calls.at(-1)!;
        const regs = registersFor(insn, s);
        const expected = [...regs.map((v) => v >>> 0), INSN, scenarioCpsr(s), regs[0]! >>> 0];
        expect([where, ...seen]).toEqual([where, ...expected]);
        expect(bench.ids.at(-1)).toBe(PROBE_ID);
        expect(bench.gateSp.at(-1)! % 8).toBe(0);
      }
    });
  }

  it('the stack use region below SP survives the frame: str r1, [sp, #-8]! and stmdb sp!, {r0-r3}', () => {
    for (const word of [0xe52d1008, 0xe92d000f]) {
      const insn = decodeAt(word);
      const bench = new Bench();
      bench.load(word);
      const plan = bench.probe(word);
      if (!plan.ok) throw new Error(plan.detail);
      const stackUse = classifyArmProbe(insn).stackUse as number;
      expect(plan.trampoline.frameBytes).toBe(72 + stackUse);
      const probed = bench.run(insn, { scenario: 0 });
      expect(probed.regs[13]).toBe(STACK - stackUse);
      const regs = registersFor(insn, 0);
      const stored = word === 0xe52d1008 ? [regs[1]!] : regs.slice(0, 4);
      const at = (a: number) => bench.machine.memory.peek32(a) >>> 0;
      expect(stored.map((_, k) => at(STACK - stackUse + 4 * k))).toEqual(stored.map((v) => v >>> 0));
    }
  });

  it('SP 4 mod 8 at the probe: the call to the gate is still 8-byte aligned, SP restored exactly', () => {
    const word = 0xe92d4010; // push {r4, lr}
    const insn = decodeAt(word);
    const bench = new Bench();
    bench.load(word);
    const regs = registersFor(insn, 3);
    regs[13] = STACK - 4;
    const plain = bench.run(insn, { scenario: 3, regs });
    const plan = bench.probe(word);
    if (!plan.ok) throw new Error(plan.detail);
    const probed = bench.run(insn, { scenario: 3, regs });
    const frame: [number, number] = [
      STACK - 4 - plan.trampoline.frameBytes,
      STACK - 4 - plan.trampoline.frameBytes + 72,
    ];
    expect(differences(plain, probed, frame)).toEqual([]);
    expect(bench.gateSp.at(-1)! % 8).toBe(0);
    expect(probed.regs[13]).toBe(STACK - 4 - 8);
  });
});

describe('what a handler changes through pt_regs', () => {
  /** Runs `word` probed with `handler`, and unprobed from the state the handler leaves. */
  function compare(word: number, scenario: number, change: (uregs: Uint32Array) => void, data: Case['data'] = []) {
    const insn = decodeAt(word);
    const bench = new Bench();
    bench.load(word, data);
    const regs = registersFor(insn, scenario);
    const uregs = new Uint32Array([...regs, INSN, scenarioCpsr(scenario), regs[0]!]);
    change(uregs);
    const plain = bench.run(insn, { scenario, regs: Array.from(uregs.subarray(0, 15)), cpsr: uregs[16]! });
    const plan = bench.probe(word);
    if (!plan.ok) throw new Error(plan.detail);
    const probed = bench.run(insn, { scenario }, (u) => {
      change(u);
      return false;
    });
    return { plain, probed, plan: plan.trampoline, bench };
  }

  it('registers and flags (N Z C V Q GE) reach the instruction: direct and relocated, flag readers included', () => {
    const change = (u: Uint32Array) => {
      u[1] = 0x7fffffff;
      u[2] = 1;
      u[5] = 0x55555555;
      u[16] = (u[16]! & 0x0000ffff) | 0x20000000 | 0x00050000; // C set, GE = 0b0101, N Z V Q clear
    };
    for (const word of [0xe0b10002 /* adcs r0, r1, r2 */, 0xe0af2001 /* adc r2, pc, r1 */, 0xe09f0001]) {
      for (const s of [0, 9, 15]) {
        const { plain, probed, plan } = compare(word, s, change);
        expect(differences(plain, probed, frameOf(plan.frameBytes))).toEqual([]);
      }
    }
  });

  it('SP: a handler moving SP moves where the instruction pushes', () => {
    const { plain, probed, plan } = compare(0xe92d4010, 2, (u) => {
      u[13] = STACK - 0x100;
    });
    expect(differences(plain, probed, frameOf(plan.frameBytes))).toEqual([]);
    expect(probed.regs[13]).toBe(STACK - 0x108);
  });

  it('the condition is evaluated once, before the handler (as the breakpoint path does)', () => {
    // movne r0, #1 in a scenario where NE passes; the handler sets Z: the instruction still runs.
    const word = 0x13a00001;
    const insn = decodeAt(word);
    const bench = new Bench();
    bench.load(word);
    bench.probe(word);
    const probed = bench.run(insn, { scenario: 0 }, (u) => {
      u[16] = (u[16]! | 0x40000000) >>> 0;
      return false;
    });
    expect(probed.regs[0]).toBe(1);
    expect(probed.cpsr & 0x40000000).toBe(0x40000000);
  });

  it('a handler that takes over the PC: resume there with its registers, the instruction skipped', () => {
    for (const word of [0xe0810002, 0xe59f0010, 0xeb000010]) {
      const insn = decodeAt(word);
      const bench = new Bench();
      bench.load(word);
      bench.probe(word);
      const regs = registersFor(insn, 5);
      const probed = bench.run(insn, { scenario: 5 }, (u) => {
        u[15] = INSN + 0x80;
        u[7] = 0x77;
        u[13] = STACK - 0x20;
        u[16] = (u[16]! & 0x0fffffff) | 0x90000000;
        return true;
      });
      expect(probed.reason).toBe('fault');
      expect(probed.pc).toBe(INSN + 0x80);
      expect(probed.regs).toEqual(regs.map((v, n) => (n === 7 ? 0x77 : n === 13 ? STACK - 0x20 : v >>> 0)));
      expect(probed.cpsr >>> 28).toBe(0x9);
    }
  });

  it('a PC change without taking over is ignored (kprobes: only a handler returning true moves the PC)', () => {
    const word = 0xe0810002;
    const insn = decodeAt(word);
    const bench = new Bench();
    bench.load(word);
    const plain = bench.run(insn, { scenario: 1 });
    const plan = bench.probe(word);
    if (!plan.ok) throw new Error(plan.detail);
    const probed = bench.run(insn, { scenario: 1 }, (u) => {
      u[15] = INSN + 0x80;
      return false;
    });
    expect(differences(plain, probed, frameOf(plan.trampoline.frameBytes))).toEqual([]);
  });
});

describe('branch range at the trampoline level', () => {
  const word = 0xe0810002; // add r0, r1, r2
  const insn = decodeAt(word);

  it('a slot exactly +32 MiB − 4 away (the branch back becomes ldr pc) and exactly −32 MiB away (wrapping) runs', () => {
    for (const slot of [(INSN + 8 + 33554428) >>> 0, (INSN + 8 - 33554432) >>> 0]) {
      const bench = new Bench(slot);
      bench.load(word);
      const plain = bench.run(insn, { scenario: 6 });
      const plan = bench.probe(word, slot);
      if (!plan.ok) throw new Error(plan.detail);
      const probed = bench.run(insn, { scenario: 6 });
      expect(differences(plain, probed, frameOf(plan.trampoline.frameBytes))).toEqual([]);
      expect(bench.calls.length).toBe(1);
    }
  });

  it('one word beyond either edge is refused by planOptimization and by buildTrampoline', () => {
    for (const slot of [(INSN + 8 + 33554432) >>> 0, (INSN + 8 - 33554436) >>> 0]) {
      const plan = planOptimization({
        address: INSN,
        word,
        slotAddress: slot,
        gateAddress: GATE,
        probeId: 1,
        hasPostHandler: false,
      });
      expect(plan).toMatchObject({ ok: false, reason: 'out-of-range' });
      const build = () =>
        buildTrampoline({
          address: INSN,
          word,
          insn,
          slotAddress: slot,
          gateAddress: GATE,
          probeId: 1,
          stackUse: 0,
          classification: classifyArmProbe(insn),
        });
      expect(build).toThrow(TrampolineError);
      expect(build).toThrow(/cannot reach/);
    }
  });
});
