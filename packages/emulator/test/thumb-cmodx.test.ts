import { disassembleA32, disassembleThumb } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import { MODE_SVC } from '../src/index.js';
import { CODE, DATA, machineWith } from './helpers.js';

/*
 * The fetch model and the CMODX detector for Thumb code: a 32-bit Thumb instruction is two halfwords, at an
 * address ≡ 2 (mod 4) in two words, written halfword by halfword never single-copy atomically. The detector
 * reports one violation per instruction (`torn` when a CPU could fetch one half old and the other new), and in
 * the architectural model a CPU refetching between the two halves' maintenance executes a torn instruction.
 */

/** Thumb halfwords from a listing ("hhhh" or "hhhh hhhh" per instruction), checked against their text. */
function thumb(address: number, listing: readonly (readonly [string, string])[]): number[] {
  const out: number[] = [];
  let at = address;
  for (const [hex, text] of listing) {
    const hws = hex.split(' ').map((h) => Number.parseInt(h, 16));
    expect(disassembleThumb(hws[0]!, hws[1] ?? 0, at).text, hex).toBe(text);
    out.push(...hws);
    at += 2 * hws.length;
  }
  return out;
}

/** ARM words from a listing, checked against their text. */
function arm(address: number, listing: readonly (readonly [number, string])[]): number[] {
  return listing.map(([word, text], i) => {
    expect(disassembleA32(word, address + 4 * i).text, word.toString(16)).toBe(text);
    return word;
  });
}

function poke(m: ReturnType<typeof machineWith>, address: number, halfwords: readonly number[]): void {
  halfwords.forEach((h, i) => {
    m.memory.poke16(address + 2 * i, h);
  });
}

// movw r0, #0x1111 and movw r0, #0xeeee: their halves mixed are movw r0, #0x16ee and #0xe911.
const MOVW_A = [0xf241, 0x1011] as const;
const MOVW_B = [0xf64e, 0x60ee] as const;
const unit = (hw: readonly number[]) => ((hw[0]! << 16) | hw[1]!) >>> 0;

/**
 * A Thumb loop with a 32-bit instruction at an address ≡ 2 (mod 4), run by every CPU of an architectural machine:
 *   CODE+0 adds r1, #1; CODE+2 movw r0, #0x1111; CODE+6 nop; CODE+8 b.n CODE; CODE+10 nop;
 *   CODE+12 movw r2, #1 (≡ 0 mod 4); CODE+16 b.n CODE.
 * The second loop is entered only by the tests that need an aligned 32-bit instruction.
 */
function thumbLoop(cpus = 2, entry = CODE) {
  const m = machineWith([], { cpus, fetch: 'architectural', quantum: [1, 50], seed: 3 });
  poke(
    m,
    CODE,
    thumb(CODE, [
      ['3101', 'adds\tr1, #1'],
      ['f241 1011', 'movw\tr0, #4369'],
      ['bf00', 'nop'],
      ['e7fa', `b.n\t0x${CODE.toString(16)}`],
      ['bf00', 'nop'],
      ['f240 0201', 'movw\tr2, #1'],
      ['e7f6', `b.n\t0x${CODE.toString(16)}`],
    ]),
  );
  for (let k = 0; k < cpus; k++) m.startCpu(k, entry | 1, { mode: MODE_SVC });
  m.run({ maxInstructions: 400 * cpus });
  return m;
}

describe('CMODX detector: Thumb code', () => {
  it('decoded Thumb code is Thumb instruction memory; the loop runs on every CPU', () => {
    const m = thumbLoop();
    for (const c of m.cpus) {
      expect(c.thumb).toBe(1);
      expect(c.regs[0]! >>> 0).toBe(0x1111);
    }
    m.write(CODE, 0xbf00, 2); // adds r1, #1 → nop: a 16-bit instruction outside the safe set
    expect(m.violations()).toMatchObject([
      { writer: 'host', address: CODE, old: 0x3101, new: 0xbf00, isa: 'thumb', reason: 'old-not-safe' },
    ]);
  });

  it('a 32-bit instruction at ≡ 2 (mod 4) written halfword by halfword: one torn violation per store', () => {
    const m = thumbLoop();
    m.write(CODE + 2, MOVW_B[0], 2);
    m.write(CODE + 4, MOVW_B[1], 2);
    expect(m.violations()).toEqual([
      expect.objectContaining({
        address: CODE + 2,
        old: unit(MOVW_A),
        new: unit([MOVW_B[0], MOVW_A[1]]),
        isa: 'thumb',
        reason: 'torn',
      }),
      expect.objectContaining({
        address: CODE + 2,
        old: unit([MOVW_B[0], MOVW_A[1]]),
        new: unit(MOVW_B),
        isa: 'thumb',
        reason: 'torn',
      }),
    ]);
    expect(m.violations()[0]!.running).toEqual([1]);
  });

  it('its second half alone (the other word) is torn too; a 32-bit store straddling it is not atomic for it', () => {
    const m = thumbLoop();
    m.write(CODE + 4, MOVW_B[1], 2);
    expect(m.violations().map((v) => [v.address, v.reason])).toEqual([[CODE + 2, 'torn']]);
    m.clearViolations();
    // An aligned word store at CODE+4 covers the second half and the NOP after it.
    m.write(CODE + 4, (0xbf00 << 16) | MOVW_A[1], 4);
    expect(m.violations().map((v) => [v.address, v.reason])).toEqual([[CODE + 2, 'torn']]);
  });

  it('an aligned 32-bit instruction written by one word store is one thumb32 violation, by two halfwords torn', () => {
    const m = thumbLoop(2, CODE + 12);
    m.write(CODE + 12, (0x0203 << 16) | 0xf240, 4); // movw r2, #1 → movw r2, #3 at once
    expect(m.violations()).toEqual([
      expect.objectContaining({ address: CODE + 12, old: 0xf2400201, new: 0xf2400203, reason: 'thumb32' }),
    ]);
    m.clearViolations();
    m.write(CODE + 14, 0x0201, 2);
    expect(m.violations()).toEqual([expect.objectContaining({ address: CODE + 12, reason: 'torn' })]);
  });

  it('16-bit NOP ↔ B by an aligned halfword store is allowed; a byte store is not atomic', () => {
    const m = thumbLoop();
    m.write(CODE + 6, 0xe000, 2); // nop → b.n CODE+10 (the next instruction but one)
    m.write(CODE + 6, 0xbf00, 2);
    expect(m.violations()).toEqual([]);
    m.memory.write8(CODE + 6, 0x01);
    expect(m.violations().map((v) => v.reason)).toEqual(['not-atomic']);
  });
});

/*
 * The self-patching program: CPU 1 (ARM) rewrites `movw r0, #…` at R+6 (≡ 2 mod 4) between 0x1111 and 0xeeee
 * forever, second halfword first, each halfword store followed by DCCMVAU, DSB, ICIMVAU, DSB; CPU 0 (Thumb)
 * loops ISB; movw; and stores r0 at DATA (counting in r7) whenever it is neither value. Its output, DATA and
 * r7, is 0 unless a torn instruction executed: (0x1111's first half, 0xeeee's second) = 0x16ee, the reverse
 * 0xe911.
 */
const WRITER = CODE;
const READER = CODE + 0x800;
const TARGET = READER + 6;

function selfPatching(seed: number) {
  const maint = (reg: 'r2' | 'r3'): [number, string][] => {
    const n = reg === 'r2' ? 2 : 3;
    return [
      [(0xee070f3b | (n << 12)) >>> 0, `mcr\t15, 0, ${reg}, cr7, cr11, {1}`],
      [0xf57ff04f, 'dsb\tsy'],
      [(0xee070f35 | (n << 12)) >>> 0, `mcr\t15, 0, ${reg}, cr7, cr5, {1}`],
      [0xf57ff04f, 'dsb\tsy'],
    ];
  };
  const writer = arm(WRITER, [
    [0xe1c2b0b2, 'strh\tfp, [r2, #2]'],
    ...maint('r3'),
    [0xe1c2a0b0, 'strh\tsl, [r2]'],
    ...maint('r2'),
    [0xe1c290b2, 'strh\tr9, [r2, #2]'],
    ...maint('r3'),
    [0xe1c280b0, 'strh\tr8, [r2]'],
    ...maint('r2'),
    [0xeaffffea, `b\t0x${WRITER.toString(16)}`],
  ]);
  const reader = thumb(READER, [
    ['f3bf 8f6f', 'isb\tsy'],
    ['bf00', 'nop'],
    ['f241 1011', 'movw\tr0, #4369'],
    ['42a0', 'cmp\tr0, r4'],
    ['d0f8', `beq.n\t0x${READER.toString(16)}`],
    ['42a8', 'cmp\tr0, r5'],
    ['d0f6', `beq.n\t0x${READER.toString(16)}`],
    ['6030', 'str\tr0, [r6, #0]'],
    ['3701', 'adds\tr7, #1'],
    ['e7f3', `b.n\t0x${READER.toString(16)}`],
  ]);
  const m = machineWith(writer, { cpus: 2, fetch: 'architectural', quantum: [1, 40], seed });
  poke(m, READER, reader);
  m.startCpu(0, READER | 1, { mode: MODE_SVC, regs: { 4: 0x1111, 5: 0xeeee, 6: DATA, 7: 0 } });
  m.run({ maxInstructions: 50 });
  m.startCpu(1, WRITER, {
    mode: MODE_SVC,
    regs: { 2: TARGET, 3: TARGET + 2, 8: MOVW_A[0], 9: MOVW_A[1], 10: MOVW_B[0], 11: MOVW_B[1] },
  });
  m.run({ maxInstructions: 6000 });
  return { m, torn: m.memory.peek32(DATA) >>> 0, count: m.cpus[0]!.regs[7]! >>> 0 };
}

describe('self-patching Thumb: a 32-bit instruction at ≡ 2 (mod 4) rewritten halfword by halfword while CPU 0 runs it', () => {
  it('the detector flags every store as torn, and some seed executes a torn instruction (search ≤ 10,000 seeds)', () => {
    const first = selfPatching(1);
    const torn = first.m.violations().filter((v) => v.address === TARGET);
    expect(torn.length).toBeGreaterThan(4);
    for (const v of torn) expect(v).toMatchObject({ writer: 1, running: [0], isa: 'thumb', reason: 'torn' });
    expect(first.m.violations().every((v) => v.address === TARGET)).toBe(true);

    const seen = new Map<number, number>(); // torn value → first seed that executed it
    let seeds = 0;
    for (let seed = 1; seed <= 10_000 && seen.size < 2; seed++) {
      seeds = seed;
      const run = seed === 1 ? first : selfPatching(seed);
      if (run.count > 0 && !seen.has(run.torn)) seen.set(run.torn, seed);
    }
    // Both torn forms: the first half of one instruction with the second half of the other.
    expect([...seen.keys()].sort(), `seeds searched: ${seeds}`).toEqual([0x16ee, 0xe911]);
    console.log(
      `torn Thumb fetch: ${[...seen].map(([v, s]) => `movw r0, #0x${v.toString(16)} first at seed ${s}`).join('; ')} (${seeds} seeds searched)`,
    );
  });

  it('with the CPUs parked (stopMachine) the same halfword stores are not violations', () => {
    const { m } = selfPatching(1);
    m.clearViolations();
    m.stopMachine(
      () => {
        m.write(TARGET + 2, MOVW_B[1], 2);
        m.write(TARGET, MOVW_B[0], 2);
        m.cacheMaintenance(TARGET, 4);
      },
      { writers: 'all' },
    );
    expect(m.violations()).toEqual([]);
  });
});

/*
 * Two cache lines: `movw r0, #0x1111` at R+30 has its first half in line R and its second in line R+32. CPU 1
 * (ARM) writes `movw r0, #0xeeee` (both halves), cleans both lines to the PoU, but invalidates the instruction
 * cache for `lines` only; CPU 0 (Thumb) loops ISB; movw; str r0, [DATA]. A line not invalidated keeps its
 * half as CPU 0 fetched it, so invalidating one line tears the instruction; invalidating both does not.
 */
function straddling(invalidate: 'first' | 'second' | 'both') {
  const icimvau = (reg: 'r2' | 'r3'): [number, string] => [
    (0xee070f35 | ((reg === 'r2' ? 2 : 3) << 12)) >>> 0,
    `mcr\t15, 0, ${reg}, cr7, cr5, {1}`,
  ];
  const writer = arm(WRITER, [
    [0xe1c2a0b0, 'strh\tsl, [r2]'],
    [0xe1c2b0b2, 'strh\tfp, [r2, #2]'],
    [0xee072f3b, 'mcr\t15, 0, r2, cr7, cr11, {1}'],
    [0xee073f3b, 'mcr\t15, 0, r3, cr7, cr11, {1}'],
    [0xf57ff04f, 'dsb\tsy'],
    ...(invalidate === 'both' ? [icimvau('r2'), icimvau('r3')] : [icimvau(invalidate === 'first' ? 'r2' : 'r3')]),
    [0xf57ff04f, 'dsb\tsy'],
    [0xeafffffe, `b\t0x${(WRITER + 4 * (invalidate === 'both' ? 8 : 7)).toString(16)}`],
  ]);
  const reader = thumb(READER, [
    ['f3bf 8f6f', 'isb\tsy'],
    ...Array.from({ length: 13 }, () => ['bf00', 'nop'] as const),
    ['f241 1011', 'movw\tr0, #4369'],
    ['6030', 'str\tr0, [r6, #0]'],
    ['e7ec', `b.n\t0x${READER.toString(16)}`],
  ]);
  const m = machineWith(writer, { cpus: 2, fetch: 'architectural', quantum: [1, 40], seed: 1 });
  poke(m, READER, reader);
  m.startCpu(0, READER | 1, { mode: MODE_SVC, regs: { 6: DATA } });
  m.run({ maxInstructions: 200 });
  expect(m.memory.peek32(DATA) >>> 0).toBe(0x1111);
  const line = READER + 30;
  m.startCpu(1, WRITER, { mode: MODE_SVC, regs: { 2: line, 3: line + 2, 10: MOVW_B[0], 11: MOVW_B[1] } });
  m.run({ maxInstructions: 2000 });
  expect(m.cpus[1]!.pc).toBe(WRITER + 4 * (invalidate === 'both' ? 8 : 7)); // the writer is done
  return m.memory.peek32(DATA) >>> 0;
}

describe('a 32-bit Thumb instruction across two cache lines (address ≡ 30 mod 32)', () => {
  it('invalidating only the second line: first half old, second new (movw r0, #0x16ee)', () => {
    expect(straddling('second')).toBe(0x16ee);
  });
  it('invalidating only the first line: first half new, second old (movw r0, #0xe911)', () => {
    expect(straddling('first')).toBe(0xe911);
  });
  it('invalidating both lines: the new instruction', () => {
    expect(straddling('both')).toBe(0xeeee);
  });
});
