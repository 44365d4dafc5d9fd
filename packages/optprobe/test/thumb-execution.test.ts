/**
 * Thumb trampolines executed on the emulator, the kprobes self-test way: each case's code runs without and
 * with the optprobe from identical registers, flags (16 scenarios: NZCV = s, GE = s, Q = s & 1, Thumb state)
 * and memory, at both halfword alignments; outcomes must be identical, the handler must fire exactly when
 * kprobes would run it (always, or a B<c>'s condition) and see pt_regs as they were before the instruction
 * (PC = its address, CPSR with the Thumb bit, SP the original), with SP 8-byte aligned at the gate.
 */
import type { ThumbProbeCondition } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import { MAX_THUMB_TRAMPOLINE_HALFWORDS, thumbTrappingSlot } from '../src/index.js';
import { conditionPasses } from './bench.js';
import {
  CODE,
  classifyThumbProbe,
  INSN,
  SLOT,
  ThumbBench,
  thumbDifferences,
  thumbRegistersFor,
  thumbScenarioCpsr,
} from './thumb-bench.js';

/** ARM `udf` (ends a run that switched to ARM state). */
const ARM_END = 0xe7f000f0;
const NOP = 0xbf00;

interface Case {
  readonly name: string;
  /** Halfwords from the probe address on (the covered instructions and what follows). */
  readonly code: readonly number[];
  /** How the probed (first) instruction runs. */
  readonly how: 'direct' | 'live' | 'frame';
  /** Instructions covered (1 for 32-bit, 2 for a 16-bit probed instruction). */
  readonly covered: 1 | 2;
  /** Probe the second covered instruction too. */
  readonly both?: boolean;
  /** Register overrides (e.g. an unmapped address). */
  readonly regs?: Readonly<Record<number, number>>;
  /** The covered instruction faults: in the trampoline, redirected to its own address. */
  readonly faults?: boolean;
}

const CASES: readonly Case[] = [
  // direct
  { name: 'adds r0, r1, r2; nop', code: [0x1888, NOP], how: 'direct', covered: 2 },
  { name: 'add.w r0, r1, r2', code: [0xeb01, 0x0002], how: 'direct', covered: 1 },
  { name: 'adcs.w r0, r1, r2 (carry in)', code: [0xeb51, 0x0002], how: 'direct', covered: 1 },
  { name: 'push {r4, lr}; nop (stack use 8)', code: [0xb510, NOP], how: 'direct', covered: 2 },
  { name: 'movs r0, #1; bx lr', code: [0x2001, 0x4770], how: 'direct', covered: 2, both: true },
  { name: 'pop {r4, pc}; nop', code: [0xbd10, NOP], how: 'direct', covered: 2 },
  {
    name: 'movs r1, r2; str.w r3, [sp, #-8]! (16 + 32, stack use 8)',
    code: [0x0011, 0xf84d, 0x3d08],
    how: 'direct',
    covered: 2,
    both: true,
  },
  { name: 'mrs r0, CPSR', code: [0xf3ef, 0x8000], how: 'direct', covered: 1 },
  { name: 'qadd r0, r1, r2 (sets Q)', code: [0xfa82, 0xf081], how: 'direct', covered: 1 },
  { name: 'str.w r1, [sp, #-8]! (stack use 8)', code: [0xf84d, 0x1d08], how: 'direct', covered: 1 },
  // live relocations
  { name: 'adr r0, #4; nop', code: [0xa001, NOP], how: 'live', covered: 2 },
  { name: 'addw r1, pc, #6', code: [0xf20f, 0x0106], how: 'live', covered: 1 },
  { name: 'subw r1, pc, #10', code: [0xf2af, 0x010a], how: 'live', covered: 1 },
  { name: 'beq.n .+8; nop', code: [0xd002, NOP], how: 'live', covered: 2 },
  { name: 'bne.n .-0x20; nop', code: [0xd1ee, NOP], how: 'live', covered: 2 },
  { name: 'b.n .+0x40; nop', code: [0xe01e, NOP], how: 'live', covered: 2 },
  {
    name: 'b.n to the next instruction; nop (its step in the trampoline)',
    code: [0xe7ff, NOP],
    how: 'live',
    covered: 2,
    both: true,
  },
  { name: 'b.w .+0x100', code: [0xf000, 0xb87e], how: 'live', covered: 1 },
  { name: 'bgt.w .+0x80', code: [0xf300, 0x803e], how: 'live', covered: 1 },
  { name: 'cbz r0, .+10; nop', code: [0xb120, NOP], how: 'live', covered: 2 },
  { name: 'cbnz r1, .+0x20; nop', code: [0xb9d9, NOP], how: 'live', covered: 2 },
  { name: 'bl .+0x60', code: [0xf000, 0xf82e], how: 'live', covered: 1 },
  { name: 'blx .+0x60 (ARM)', code: [0xf000, 0xe82e], how: 'live', covered: 1 },
  { name: 'movs r0, #0; blx r3', code: [0x2000, 0x4798], how: 'direct', covered: 2, both: true },
  { name: 'pld [pc, #8]', code: [0xf89f, 0xf008], how: 'live', covered: 1 },
  // frame relocations
  { name: 'ldr r0, [pc, #8]; nop', code: [0x4802, NOP], how: 'frame', covered: 2 },
  { name: 'ldr.w r1, [pc, #-8]', code: [0xf85f, 0x1008], how: 'frame', covered: 1 },
  { name: 'ldrb.w r2, [pc, #9]', code: [0xf89f, 0x2009], how: 'frame', covered: 1 },
  { name: 'ldrsh.w r3, [pc, #6]', code: [0xf9bf, 0x3006], how: 'frame', covered: 1 },
  { name: 'ldrsb.w r4, [pc, #-7]', code: [0xf91f, 0x4007], how: 'frame', covered: 1 },
  { name: 'ldrh.w r5, [pc, #2]', code: [0xf8bf, 0x5002], how: 'frame', covered: 1 },
  { name: 'ldrd r2, r3, [pc, #8]', code: [0xe9df, 0x2302], how: 'frame', covered: 1 },
  { name: 'ldr.w pc, [pc, #4] (to Thumb)', code: [0xf8df, 0xf004], how: 'frame', covered: 1 },
  { name: 'add r0, pc; nop', code: [0x4478, NOP], how: 'frame', covered: 2 },
  { name: 'mov r7, pc; nop', code: [0x467f, NOP], how: 'frame', covered: 2 },
  { name: 'add r2, pc; ldr r1, [pc, #4] (both framed)', code: [0x447a, 0x4901], how: 'frame', covered: 2, both: true },
  {
    name: 'movs r0, #5; ldr r1, [pc, #4] (second framed, unprobed)',
    code: [0x2005, 0x4901],
    how: 'direct',
    covered: 2,
  },
  { name: 'nop; blx lr', code: [NOP, 0x47f0], how: 'direct', covered: 2, both: true },
  // faults: raised at the covered instruction's address with its registers
  { name: 'ldr.w r1, [pc, #0xffc] (literal unmapped)', code: [0xf8df, 0x1ffc], how: 'frame', covered: 1, faults: true },
  {
    name: 'movs r0, #1; ldr r2, [r7] (r7 unmapped)',
    code: [0x2001, 0x683a],
    how: 'direct',
    covered: 2,
    both: true,
    regs: { 7: 0x00f00000 },
    faults: true,
  },
  {
    name: 'ldr r2, [r7]; nop (r7 unmapped)',
    code: [0x683a, NOP],
    how: 'direct',
    covered: 2,
    regs: { 7: 0x00f00000 },
    faults: true,
  },
];

/** Data the PC-relative cases read: patterned words around every literal address, ARM `udf` at ARM targets. */
function dataFor(bench: ThumbBench, at: number, code: readonly number[]): [number, number][] {
  const data: [number, number][] = [];
  const codeEnd = at + 2 * code.length;
  const free = (a: number) => a < at || a >= codeEnd;
  let a = at;
  while (a < codeEnd) {
    const insn = bench.decode(a);
    if (insn.kind === 'loadStoreImmediate' && insn.literalAddress !== null && insn.literalAddress < CODE + 0x1000) {
      const lit = insn.literalAddress;
      const base = lit & ~1;
      for (let k = 0; k < 6; k++) {
        const h = base + 2 * k;
        // A literal the PC lands on must be a Thumb address back in the page (with `udf` there).
        const value =
          insn.rt === 15 ? (k === 0 ? (at + 0x31) & 0xffff : (at + 0x31) >>> 16) : (0x8765 + 0x1111 * k) & 0xffff;
        if (free(h)) data.push([h, value]);
      }
    }
    if (insn.kind === 'branch-immediate' && insn.exchange && free(insn.target)) {
      data.push([insn.target, ARM_END & 0xffff], [insn.target + 2, ARM_END >>> 16]);
    }
    if (insn.kind === 'branch-exchange' && insn.rm === 15)
      data.push([(a + 4) & ~3, ARM_END & 0xffff], [((a + 4) & ~3) + 2, ARM_END >>> 16]);
    a += insn.length;
  }
  return data;
}

function firePasses(condition: ThumbProbeCondition, s: number): boolean {
  return condition.source !== 'branch' || conditionPasses(condition.cond, s);
}

describe('Thumb trampolines on the emulator (16 scenarios, both alignments)', () => {
  for (const c of CASES) {
    for (const at of [INSN, INSN + 2]) {
      it(`${c.name} at ≡ ${at % 4} (mod 4): ${c.how}, covers ${c.covered}, identical with and without the optprobe`, () => {
        const bench = new ThumbBench();
        bench.load(at, c.code);
        bench.load(at, c.code, dataFor(bench, at, c.code));
        const first = bench.decode(at);
        const second = bench.decode(at + first.length);
        const condition = classifyThumbProbe(first).condition;
        const regsFor = (s: number) => {
          const regs = thumbRegistersFor([first, second], s);
          for (const [n, value] of Object.entries(c.regs ?? {})) regs[Number(n)] = value;
          return regs;
        };
        const plain = Array.from({ length: 16 }, (_, s) =>
          bench.run({ regs: regsFor(s), cpsr: thumbScenarioCpsr(s), start: at }),
        );
        const probes = new Map([[at, 0x100]]);
        if (c.both) probes.set(at + first.length, 0x200);
        const plan = bench.probe(at, probes, [{ start: at, end: at + 2 * c.code.length }]);
        if (!plan.ok) throw new Error(`${plan.reason}: ${plan.detail}`);
        expect(plan.covered.length).toBe(c.covered);
        expect(plan.trampoline.steps[0]!.how).toBe(c.how);
        expect(plan.trampoline.halfwords.length).toBeLessThanOrEqual(MAX_THUMB_TRAMPOLINE_HALFWORDS);
        for (let s = 0; s < 16; s++) {
          const before = bench.calls.length;
          const probed = bench.run({ regs: regsFor(s), cpsr: thumbScenarioCpsr(s), start: at });
          const calls = bench.calls.slice(before);
          const where = `scenario ${s}`;
          const dead = calls.map((k) => k.frame);
          expect([where, ...thumbDifferences(plain[s]!, probed, dead)]).toEqual([where]);
          const fires = firePasses(condition, s);
          const firstCalls = calls.filter((k) => k.id === 0x100);
          expect([where, firstCalls.length]).toEqual([where, fires ? 1 : 0]);
          if (!fires) continue;
          const seen = firstCalls[0]!;
          const regs = regsFor(s).map((v) => v >>> 0);
          expect([where, ...seen.uregs]).toEqual([where, ...regs, at, thumbScenarioCpsr(s), regs[0]!]);
          expect(seen.sp % 8).toBe(0);
        }
        if (c.faults) {
          expect(plain.every((p) => p.reason === 'fault')).toBe(true);
          expect(bench.redirectedFaults).toBe(16);
        } else {
          expect(bench.redirectedFaults).toBe(0);
        }
        // Unoptimized: the original bytes are back and run as before.
        bench.unprobe();
        const again = bench.run({ regs: regsFor(3), cpsr: thumbScenarioCpsr(3), start: at });
        expect(thumbDifferences(plain[3]!, again, [])).toEqual([]);
      });
    }
  }
});

describe('Thumb trampolines: what a handler does through pt_regs', () => {
  const at = INSN + 2;
  /** Runs `code` plain from `input` registers/CPSR, and probed from the scenario with a handler producing them. */
  function sameAsInput(code: readonly number[], change: (uregs: Uint32Array) => void) {
    const bench = new ThumbBench();
    bench.load(at, code);
    const first = bench.decode(at);
    const regs = thumbRegistersFor([first], 5);
    const uregs = new Uint32Array([...regs, at, thumbScenarioCpsr(5), regs[0]!]);
    change(uregs);
    const plain = bench.run({ regs: Array.from(uregs.subarray(0, 15)), cpsr: uregs[16]!, start: at });
    const plan = bench.probe(at, new Map([[at, 0x100]]), [{ start: at, end: at + 2 * code.length }]);
    if (!plan.ok) throw new Error(plan.detail);
    const probed = bench.run({ regs, cpsr: thumbScenarioCpsr(5), start: at }, (u) => {
      change(u);
      return false;
    });
    return thumbDifferences(
      plain,
      probed,
      bench.calls.map((k) => k.frame),
    );
  }

  it('registers, LR and the flags (N Z C V Q GE) a handler writes are what the instruction sees', () => {
    // adcs r0, r1 (reads C); nop
    expect(
      sameAsInput([0x4148, NOP], (u) => {
        u[0] = 0x7fffffff;
        u[1] = 1;
        u[14] = (CODE + 0x81) >>> 0;
        u[16] = ((u[16]! & 0x0000ffff) | 0x28050000) >>> 0; // C, Q, GE 0b0101
      }),
    ).toEqual([]);
  });
  it('an SP a handler writes is the SP the instruction uses', () => {
    // push {r4, lr}; nop
    expect(
      sameAsInput([0xb510, NOP], (u) => {
        u[13] = (u[13]! - 0x100) >>> 0;
      }),
    ).toEqual([]);
  });
  it('a handler that takes over resumes at its PC with its registers, in the state its CPSR.T says', () => {
    for (const thumb of [true, false]) {
      const bench = new ThumbBench();
      const code = [0x1888, NOP]; // adds r0, r1, r2; nop
      const target = CODE + 0x100;
      bench.load(
        at,
        code,
        thumb
          ? []
          : [
              [target, 0x00f0],
              [target + 2, 0xe7f0],
            ],
      );
      const plan = bench.probe(at, new Map([[at, 0x100]]), [{ start: at, end: at + 4 }]);
      if (!plan.ok) throw new Error(plan.detail);
      const regs = thumbRegistersFor([bench.decode(at)], 0);
      const out = bench.run({ regs, cpsr: thumbScenarioCpsr(0), start: at }, (u) => {
        u[15] = target;
        u[3] = 0x3333;
        if (!thumb) u[16] = (u[16]! & ~0x20) >>> 0;
        return true;
      });
      expect([out.reason, out.pc, out.thumb]).toEqual(['fault', target, thumb ? 1 : 0]);
      // The instruction did not run (r0 unchanged), the handler's r3 is there.
      expect([out.regs[0], out.regs[3]]).toEqual([regs[0]! >>> 0, 0x3333]);
    }
  });
  it('a slot at the far end of B.W reach: the way back is a literal load into the PC', () => {
    const code = [0xeb01, 0x0002]; // add.w r0, r1, r2
    const slot = INSN + 4 + 16777214 - 2;
    const bench = new ThumbBench(slot);
    bench.load(INSN, code);
    const plain = bench.run({ regs: thumbRegistersFor([bench.decode(INSN)], 1), cpsr: thumbScenarioCpsr(1) });
    const plan = bench.probe(INSN, new Map([[INSN, 0x100]]), [{ start: INSN, end: INSN + 4 }]);
    if (!plan.ok) throw new Error(plan.detail);
    const probed = bench.run({ regs: thumbRegistersFor([bench.decode(INSN)], 1), cpsr: thumbScenarioCpsr(1) });
    expect(
      thumbDifferences(
        plain,
        probed,
        bench.calls.map((k) => k.frame),
      ),
    ).toEqual([]);
    expect(bench.calls.length).toBe(1);
    // Out of reach one word further.
    const beyond = new ThumbBench(slot + 4);
    beyond.load(INSN, code);
    const refused = beyond.probe(INSN, new Map([[INSN, 1]]), [{ start: INSN, end: INSN + 4 }]);
    expect(refused.ok ? 'ok' : refused.reason).toBe('out-of-range');
  });
});

describe('a pair whose B.W traps half way (bkpt second halfword): landings inside are detoured', () => {
  // movs r0, #1; loop: adds r0, #2; cmp r0, #7; bne loop — the bne lands on the pair's second instruction.
  const code = [0x2001, 0x3002, 0x2807, 0xd1fc];
  for (const at of [INSN, INSN + 2]) {
    it(`at ≡ ${at % 4} (mod 4): refused on an ordinary slot, accepted on a trapping one, identical, every arrival detoured`, () => {
      const ranges = [{ start: at, end: at + 2 * code.length }];
      const ordinary = new ThumbBench();
      ordinary.load(at, code);
      const refused = ordinary.probe(at, new Map([[at, 0x100]]), ranges);
      expect(refused.ok ? 'ok' : refused.reason).toBe('branch-target-inside');
      const slot = thumbTrappingSlot(at, SLOT)!;
      expect(slot).not.toBeNull();
      const bench = new ThumbBench(slot);
      bench.load(at, code);
      const regs = thumbRegistersFor([bench.decode(at)], 2);
      const plain = bench.run({ regs, cpsr: thumbScenarioCpsr(2), start: at });
      const plan = bench.probe(
        at,
        new Map([
          [at, 0x100],
          [at + 2, 0x200],
        ]),
        ranges,
      );
      if (!plan.ok) throw new Error(plan.detail);
      expect(plan.branchHalfwords[1] & 0xff00).toBe(0xbe00);
      expect(plan.detour).toBe(plan.trampoline.steps[1]!.start);
      const probed = bench.run({ regs, cpsr: thumbScenarioCpsr(2), start: at });
      expect(
        thumbDifferences(
          plain,
          probed,
          bench.calls.map((k) => k.frame),
        ),
      ).toEqual([]);
      // adds ran three times: once after movs in the trampoline, twice after the bne landed on it.
      expect(bench.calls.map((k) => k.id)).toEqual([0x100, 0x200, 0x200, 0x200]);
      expect(bench.detours).toBe(2);
    });
  }
});
