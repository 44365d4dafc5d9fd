/**
 * 32-bit Thumb loads and stores: decoded fields (addressing mode, literal address at both alignments,
 * memory access, registers read and written incl. writeback, UNPREDICTABLE cases), the A32 model's field
 * order, and objdump 2.40's text for representative units (the corpora in thumb-oracle.test.ts cover the rest).
 */
import { describe, expect, it } from 'vitest';
import { decodeA32, decodeThumb, disassembleThumb, type ThumbInstruction } from '../src/index.js';

type Kind = ThumbInstruction['kind'];

function decode<K extends Kind>(unit: number, kind: K, address = 0x8000, itState = 0) {
  const insn = decodeThumb(unit >>> 16, unit & 0xffff, address, itState);
  expect(insn.kind).toBe(kind);
  expect(insn.isa).toBe('thumb');
  expect(insn.length).toBe(4);
  expect(insn.itState).toBe(itState);
  return insn as Extract<ThumbInstruction, { kind: K }>;
}

function text(unit: number, address = 0x8000, itState = 0): [string, string | null] {
  const d = disassembleThumb(unit >>> 16, unit & 0xffff, address, itState);
  expect(d.size).toBe(4);
  return [d.text, d.comment];
}

const mask = (...regs: number[]): number => regs.reduce((m, r) => m | (1 << r), 0);

/** The keys of a decoded Thumb instruction without the Thumb-only trailer, in order. */
function modelKeys(insn: object): string[] {
  return Object.keys(insn).filter((k) => k !== 'length' && k !== 'itState');
}

describe('Thumb single loads and stores', () => {
  it('LDR (literal) reads from Align(PC, 4) ± imm12 at addresses ≡ 0 and 2 (mod 4)', () => {
    for (const address of [0x8000, 0x8002]) {
      const plus = decode(0xf8df1004, 'loadStoreImmediate', address);
      expect(plus).toMatchObject({ op: 'ldr', rn: 15, rt: 1, imm32: 4, add: true, index: true, wback: false });
      expect(plus.literalAddress).toBe(0x8008);
      expect(plus.reads).toBe(mask(15));
      expect(plus.writes).toBe(mask(1));
      expect(plus.unpredictable).toBe(false);
      expect(text(0xf8df1004, address)).toEqual(['ldr.w\tr1, [pc, #4]', '0x8008']);
      const minus = decode(0xf85f1004, 'loadStoreImmediate', address);
      expect(minus).toMatchObject({ add: false, imm32: 4, literalAddress: 0x8000 });
      expect(text(0xf85f1004, address)).toEqual(['ldr.w\tr1, [pc, #-4]', '0x8000']);
    }
  });

  it('imm8 pre-indexed with writeback, post-indexed, negative offset', () => {
    const pre = decode(0xf8511f04, 'loadStoreImmediate');
    expect(pre).toMatchObject({ rt: 1, rn: 1, imm32: 4, index: true, add: true, wback: true, literalAddress: null });
    // Writeback to the loaded register: UNPREDICTABLE.
    expect(pre.unpredictable).toBe(true);
    const post = decode(0xf8510b04, 'loadStoreImmediate');
    expect(post).toMatchObject({ rt: 0, rn: 1, index: false, add: true, wback: true, unpredictable: false });
    expect(post.writes).toBe(mask(0, 1));
    expect(text(0xf8510b04)).toEqual(['ldr.w\tr0, [r1], #4', null]);
    const neg = decode(0xf8510c04, 'loadStoreImmediate');
    expect(neg).toMatchObject({ index: true, add: false, wback: false, imm32: 4 });
    expect(text(0xf8510c04)).toEqual(['ldr.w\tr0, [r1, #-4]', null]);
  });

  it('imm12 offsets above 32 get objdump’s hex comment', () => {
    const i = decode(0xf8d1012c, 'loadStoreImmediate');
    expect(i).toMatchObject({ imm32: 300, add: true, index: true, size: 4, load: true });
    expect(text(0xf8d1012c)).toEqual(['ldr.w\tr0, [r1, #300]', '0x12c']);
  });

  it('register offset with LSL #0–3', () => {
    const r = decode(0xf8510022, 'loadStoreRegister');
    expect(r).toMatchObject({ rt: 0, rn: 1, rm: 2, shiftType: 0, shiftAmount: 2, index: true, add: true });
    expect(r.reads).toBe(mask(1, 2));
    expect(text(0xf8510022)).toEqual(['ldr.w\tr0, [r1, r2, lsl #2]', null]);
    // Rm = SP is UNPREDICTABLE.
    expect(decode(0xf851002d, 'loadStoreRegister').unpredictable).toBe(true);
  });

  it('unprivileged forms carry unprivileged memory accesses', () => {
    const t = decode(0xf8510e04, 'loadStoreImmediate');
    expect(t).toMatchObject({ op: 'ldrt', unprivileged: true, imm32: 4, index: true, add: true, wback: false });
    expect(t.memory).toEqual({ access: 'load', bytes: 4, exclusive: false, unprivileged: true });
    expect(text(0xf8510e04)).toEqual(['ldrt\tr0, [r1, #4]', null]);
  });

  it('stores read Rt; sizes and sign', () => {
    const s = decode(0xf8012c01, 'loadStoreImmediate');
    expect(s).toMatchObject({ op: 'strb', load: false, size: 1, rt: 2, rn: 1, add: false, imm32: 1 });
    expect(s.reads).toBe(mask(1, 2));
    expect(s.writes).toBe(0);
    expect(s.memory).toEqual({ access: 'store', bytes: 1, exclusive: false, unprivileged: false });
    expect(decode(0xf9310002, 'loadStoreRegister')).toMatchObject({ op: 'ldrsh', size: 2, signed: true });
    // LDRSH with Rt = PC is an unallocated memory hint (a NOP): a preload-kind hint spelled as objdump does.
    const hint = decode(0xf9b1f004, 'preload');
    expect(hint).toMatchObject({ op: 'ldrsh', rn: 1, imm32: 4, writes: 0, unpredictable: false });
    expect(text(0xf9b1f004)).toEqual(['ldrsh.w\tpc, [r1, #4]', null]);
    expect(decode(0xf931fb04, 'preload').unpredictable).toBe(true); // post-indexed: UNPREDICTABLE
    // A store to a PC base is UNDEFINED in the ARM ARM; objdump prints it, the model marks it.
    expect(decode(0xf8cf2039, 'loadStoreImmediate').unpredictable).toBe(true);
  });

  it('LDR to the PC is a branch, UNPREDICTABLE inside an IT block unless last', () => {
    const pop = decode(0xf85dfb04, 'loadStoreImmediate');
    expect(pop.writes).toBe(mask(13, 15));
    expect(pop.unpredictable).toBe(false);
    // IT EQ with two instructions: ITSTATE 0x04 for the first, 0x08 for the last.
    expect(decode(0xf85dfb04, 'loadStoreImmediate', 0x8000, 0x04).unpredictable).toBe(true);
    const last = decode(0xf85dfb04, 'loadStoreImmediate', 0x8000, 0x08);
    expect(last.unpredictable).toBe(false);
    expect(last.cond).toBe(0);
    expect(text(0xf85dfb04, 0x8000, 0x08)).toEqual(['ldreq.w\tpc, [sp], #4', null]);
  });

  it('has the A32 field order', () => {
    expect(modelKeys(decode(0xf8df1004, 'loadStoreImmediate'))).toEqual(Object.keys(decodeA32(0xe59f1004, 0)));
    expect(modelKeys(decode(0xf8510022, 'loadStoreRegister'))).toEqual(Object.keys(decodeA32(0xe7910102, 0)));
  });
});

describe('Thumb preloads', () => {
  it('PLD / PLI / PLDW immediate, literal and register', () => {
    const pld = decode(0xf891f004, 'preload');
    expect(pld).toMatchObject({ op: 'pld', rn: 1, imm32: 4, add: true, index: true, registerOffset: false });
    expect(pld.memory).toEqual({ access: 'preload', bytes: 0, exclusive: false, unprivileged: false });
    expect(pld.writes).toBe(0);
    expect(text(0xf891f004)).toEqual(['pld\t[r1, #4]', null]);
    expect(decode(0xf991f004, 'preload').op).toBe('pli');
    for (const [address, target] of [
      [0x8000, '0x7ffc'],
      [0x8002, '0x7ffc'],
    ] as const) {
      expect(decode(0xf81ff008, 'preload', address)).toMatchObject({ rn: 15, add: false, imm32: 8 });
      expect(text(0xf81ff008, address)).toEqual(['pld\t[pc, #-8]', target]);
    }
    // There is no PLDW (literal).
    expect(decode(0xf83ff008, 'preload').unpredictable).toBe(true);
    const reg = decode(0xf811f012, 'preload');
    expect(reg).toMatchObject({ registerOffset: true, rm: 2, shiftAmount: 1 });
    expect(reg.reads).toBe(mask(1, 2));
    expect(text(0xf811f012)).toEqual(['pld\t[r1, r2, lsl #1]', null]);
    // PLD with writeback is not a PLD encoding: objdump prints it, the ARM ARM makes it UNPREDICTABLE.
    expect(decode(0xf811ff04, 'preload').unpredictable).toBe(true);
    expect(modelKeys(pld)).toEqual(Object.keys(decodeA32(0xf5d1f004, 0)));
  });
});

describe('Thumb LDRD / STRD', () => {
  it('immediate, literal (both alignments) and post-indexed, Rt2 its own field', () => {
    const d = decode(0xe9d12302, 'loadStoreImmediate');
    expect(d).toMatchObject({ op: 'ldrd', size: 8, rt: 2, rt2: 3, rn: 1, imm32: 8, index: true, wback: false });
    expect(d.writes).toBe(mask(2, 3));
    expect(d.memory).toEqual({ access: 'load', bytes: 8, exclusive: false, unprivileged: false });
    expect(text(0xe9d12302)).toEqual(['ldrd\tr2, r3, [r1, #8]', null]);
    expect(decode(0xe9df2302, 'loadStoreImmediate', 0x8000).literalAddress).toBe(0x800c);
    expect(decode(0xe9df2302, 'loadStoreImmediate', 0x8002).literalAddress).toBe(0x800c);
    expect(text(0xe9df2302, 0x8002)).toEqual(['ldrd\tr2, r3, [pc, #8]', '0x800c']);
    const post = decode(0xe8e12302, 'loadStoreImmediate');
    expect(post).toMatchObject({ op: 'strd', load: false, index: false, add: true, wback: true });
    expect(post.reads).toBe(mask(1, 2, 3));
    expect(post.writes).toBe(mask(1));
    expect(text(0xe8e12302)).toEqual(['strd\tr2, r3, [r1], #8', null]);
    // LDRD with Rt = Rt2, and Rt2 = SP: UNPREDICTABLE.
    expect(decode(0xe9d12202, 'loadStoreImmediate').unpredictable).toBe(true);
    expect(decode(0xe9d12d02, 'loadStoreImmediate').unpredictable).toBe(true);
  });

  it('objdump’s `#-0` and value comments', () => {
    expect(text(0xe9512300)).toEqual(['ldrd\tr2, r3, [r1, #-0]', null]);
    expect(text(0xe9f12340)).toEqual(['ldrd\tr2, r3, [r1, #256]!', '0x100']);
  });
});

describe('Thumb exclusives and acquire/release', () => {
  it('LDREX / STREX (word) carry the imm8 × 4 offset', () => {
    const l = decode(0xe8510f01, 'loadStoreExclusive');
    expect(l).toMatchObject({ op: 'ldrex', load: true, size: 4, rd: -1, rt: 0, rt2: -1, rn: 1, imm32: 4 });
    expect(l.memory).toEqual({ access: 'load', bytes: 4, exclusive: true, unprivileged: false });
    expect(text(0xe8510f01)).toEqual(['ldrex\tr0, [r1, #4]', null]);
    const s = decode(0xe8410201, 'loadStoreExclusive');
    expect(s).toMatchObject({ op: 'strex', load: false, rd: 2, rt: 0, rn: 1, imm32: 4 });
    expect(s.reads).toBe(mask(0, 1));
    expect(s.writes).toBe(mask(2));
    expect(decode(0xe8410101, 'loadStoreExclusive').unpredictable).toBe(true); // Rd = Rn
    expect(modelKeys(l)).toEqual([...Object.keys(decodeA32(0xe1910f9f, 0)), 'imm32']);
  });

  it('byte / halfword / doubleword and the ARMv8 acquire/release forms', () => {
    expect(decode(0xe8d1237f, 'loadStoreExclusive')).toMatchObject({ op: 'ldrexd', size: 8, rt: 2, rt2: 3, imm32: 0 });
    expect(decode(0xe8c10f42, 'loadStoreExclusive')).toMatchObject({ op: 'strexb', size: 1, rd: 2, rt: 0 });
    expect(decode(0xe8d10fef, 'loadStoreExclusive')).toMatchObject({ op: 'ldaex', acquireRelease: true, size: 4 });
    const stl = decode(0xe8c10faf, 'loadAcquireStoreRelease');
    expect(stl).toMatchObject({ op: 'stl', load: false, rt: 0, rn: 1, size: 4 });
    expect(stl.reads).toBe(mask(0, 1));
    expect(text(0xe8c10faf)).toEqual(['stl\tr0, [r1]', null]);
    expect(text(0xe8df0faf)).toEqual(['lda\tr0, [pc]', '<UNPREDICTABLE>']);
    // A broken should-be field is UNDEFINED, as objdump prints it.
    expect(decode(0xe8510e01, 'undefined').reason).toBe('unallocated');
  });
});

describe('TBB / TBH', () => {
  it('reads the table base and index, writes the PC', () => {
    const b = decode(0xe8dff001, 'table-branch');
    expect(b).toMatchObject({ op: 'tbb', rn: 15, rm: 1, half: false, target: null, unpredictable: false });
    expect(b.reads).toBe(mask(1, 15));
    expect(b.writes).toBe(mask(15));
    expect(b.memory).toEqual({ access: 'load', bytes: 1, exclusive: false, unprivileged: false });
    expect(text(0xe8d1f012)).toEqual(['tbh\t[r1, r2, lsl #1]', null]);
    // Inside an IT block but not last: UNPREDICTABLE, and objdump says so.
    expect(decode(0xe8dff001, 'table-branch', 0x8000, 0x04).unpredictable).toBe(true);
    expect(text(0xe8dff001, 0x8000, 0x04)).toEqual(['tbbeq\t[pc, r1]', 'unpredictable branch in IT block']);
    expect(text(0xe8dff001, 0x8000, 0x08)).toEqual(['tbbeq\t[pc, r1]', null]);
  });
});

describe('Thumb LDM / STM / SRS / RFE', () => {
  it('LDMIA / STMDB (PUSH.W / POP.W encodings) as objdump prints them', () => {
    const pop = decode(0xe8bd8001, 'loadStoreMultiple');
    expect(pop).toMatchObject({ op: 'ldmia', load: true, rn: 13, increment: true, before: false, wback: true });
    expect(pop.registers).toBe(mask(0, 15));
    expect(pop.writes).toBe(mask(0, 13, 15));
    expect(pop.memory).toEqual({ access: 'load', bytes: 8, exclusive: false, unprivileged: false });
    expect(text(0xe8bd8001)).toEqual(['ldmia.w\tsp!, {r0, pc}', null]);
    const push = decode(0xe92d4001, 'loadStoreMultiple');
    expect(push).toMatchObject({ op: 'stmdb', load: false, increment: false, before: true, wback: true });
    expect(push.reads).toBe(mask(0, 13, 14));
    expect(text(0xe92d4001)).toEqual(['stmdb\tsp!, {r0, lr}', null]);
    expect(modelKeys(pop)).toEqual(Object.keys(decodeA32(0xe8bd8001, 0)));
  });

  it('UNPREDICTABLE lists', () => {
    expect(decode(0xe8b00003, 'loadStoreMultiple').unpredictable).toBe(true); // writeback to a listed base
    expect(decode(0xe8a00003, 'loadStoreMultiple').unpredictable).toBe(true); // STM too
    expect(decode(0xe8a20003, 'loadStoreMultiple').unpredictable).toBe(false);
    expect(decode(0xe8bdc001, 'loadStoreMultiple').unpredictable).toBe(true); // PC and LR
    expect(decode(0xe8bd0001, 'loadStoreMultiple').unpredictable).toBe(true); // one register
    expect(decode(0xe8bd8001, 'loadStoreMultiple', 0x8000, 0x04).unpredictable).toBe(true); // PC, IT not last
    expect(decode(0xe89f8003, 'loadStoreMultiple')).toMatchObject({ op: 'clrm', rn: 15, unpredictable: true });
    expect(text(0xe89f8003)).toEqual(['clrm\t{r0, r1, APSR}', null]);
  });

  it('SRS and RFE', () => {
    const srs = decode(0xe82dc013, 'store-return-state');
    expect(srs).toMatchObject({ op: 'srsdb', mode: 19, increment: false, wordHigher: false, wback: true });
    expect(srs.unpredictable).toBe(false);
    expect(text(0xe82dc013)).toEqual(['srsdb\tsp!, #19', null]);
    expect(decode(0xe82cc013, 'store-return-state').unpredictable).toBe(true);
    expect(text(0xe82cc013)).toEqual(['srsdb\tip!, #19', null]);
    const rfe = decode(0xe990c000, 'return-from-exception');
    expect(rfe).toMatchObject({ op: 'rfeia', rn: 0, increment: true, wback: false });
    expect(rfe.writes).toBe(mask(15));
    expect(text(0xe990c000)).toEqual(['rfeia\tr0', null]);
    expect(modelKeys(srs)).toEqual(Object.keys(decodeA32(0xf96d0513, 0)));
    expect(modelKeys(rfe)).toEqual(Object.keys(decodeA32(0xf8900a00, 0)));
  });
});

describe('Totality of the load/store space', () => {
  it('every sampled unit of 0xE800–0xE9FF and 0xF800–0xF9FF decodes and prints without throwing', () => {
    let seed = 12345;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 8;
    };
    for (let i = 0; i < 50000; i++) {
      const hw1 = (i & 1 ? 0xf800 : 0xe800) | (next() & 0x1ff);
      const hw2 = next() & 0xffff;
      const d = disassembleThumb(hw1, hw2, 0x8000 + 2 * (i & 1), i & 0xff);
      expect(d.size).toBe(4);
    }
  });
});
