import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeThumb, disassembleThumb, itAdvance, T16_ROWS, type ThumbInstruction } from '../src/index.js';
import { hasThumbFormatter } from '../src/print/thumb.js';
import { compareThumb, type ThumbRecord, thumbCorpora } from './thumb-oracle.js';

/* ITSTATE values: IT EQ (one instruction, the last); ITT EQ before its first (not last) instruction. */
const IT_EQ_LAST = 0x08;
const ITT_EQ_FIRST = 0x04;
const ITT_NE_FIRST = 0x14;

function decode(hw: number, address = 0x8000, itState = 0): ThumbInstruction {
  return decodeThumb(hw, 0, address, itState);
}

function pick<K extends ThumbInstruction['kind']>(insn: ThumbInstruction, kind: K) {
  expect(insn.kind).toBe(kind);
  return insn as Extract<ThumbInstruction, { kind: K }>;
}

describe('16-bit Thumb: the A32 kinds of the same operations', () => {
  it('every unit carries the Thumb fields', () => {
    for (let hw = 0; hw < 0xe800; hw += 7) {
      const insn = decode(hw, 0x1000, 0);
      expect(insn.isa).toBe('thumb');
      expect(insn.length).toBe(2);
      expect(insn.itState).toBe(0);
      expect(insn.word).toBe(hw);
    }
  });

  it('ADDS rd, rn, #imm3: dp-immediate; sets flags outside IT only, takes the IT condition inside', () => {
    const out = pick(decode(0x1c48), 'dp-immediate');
    expect(out).toMatchObject({ opcode: 4, rd: 0, rn: 1, imm32: 1, imm8: 1, rotation: 0, setsFlags: true, cond: 14 });
    expect(out.reads).toBe(1 << 1);
    expect(out.writes).toBe(1 << 0);
    const inIt = pick(decode(0x1c48, 0x8000, ITT_NE_FIRST), 'dp-immediate');
    expect(inIt).toMatchObject({ setsFlags: false, cond: 1, itState: ITT_NE_FIRST });
    expect(disassembleThumb(0x1c48, 0, 0x8000, ITT_NE_FIRST).text).toBe('addne\tr0, r1, #1');
  });

  it('MOVS/CMP/ADDS/SUBS #imm8, NEGS, the ALU and register-shift forms, MULS', () => {
    expect(pick(decode(0x20a6), 'dp-immediate')).toMatchObject({ opcode: 13, rd: 0, imm32: 166, rotation: 0 });
    const cmp = pick(decode(0x2a10), 'dp-immediate');
    expect(cmp).toMatchObject({ opcode: 10, rn: 2, imm32: 16, setsFlags: true, writes: 0 });
    // Compares set flags inside IT blocks too.
    expect(pick(decode(0x2a10, 0x8000, IT_EQ_LAST), 'dp-immediate').setsFlags).toBe(true);
    expect(pick(decode(0x4251), 'dp-immediate')).toMatchObject({ op: 'neg', opcode: 3, rd: 1, rn: 2, imm32: 0 });
    expect(pick(decode(0x403a), 'dp-register')).toMatchObject({ opcode: 0, rd: 2, rn: 2, rm: 7, shiftType: 0 });
    expect(pick(decode(0x43e7), 'dp-register')).toMatchObject({ opcode: 15, rd: 7, rm: 4, reads: 1 << 4 });
    const lsl = pick(decode(0x4087), 'dp-register-shifted');
    expect(lsl).toMatchObject({ op: 'lsl', opcode: 13, rd: 7, rm: 7, rs: 0, shiftType: 0 });
    expect(lsl.reads).toBe((1 << 7) | 1);
    const mul = pick(decode(0x4368), 'multiply');
    expect(mul).toMatchObject({ rd: 0, rn: 5, rm: 0, ra: null, subtract: false, setsFlags: true });
  });

  it('shift (immediate): LSR #32, and LSL #0 is MOVS (UNPREDICTABLE in an IT block)', () => {
    expect(pick(decode(0x0800), 'dp-register')).toMatchObject({ op: 'lsr', shiftType: 1, shiftAmount: 32 });
    expect(pick(decode(0x0001), 'dp-register')).toMatchObject({ op: 'mov', rd: 1, rm: 0, unpredictable: false });
    expect(decode(0x0001, 0x8000, IT_EQ_LAST).unpredictable).toBe(true);
  });

  it('special data: high-register ADD/CMP/MOV, the PC as destination, and the nop', () => {
    const addPc = pick(decode(0x4487), 'dp-register');
    expect(addPc).toMatchObject({ opcode: 4, rd: 15, rn: 15, rm: 0, setsFlags: false, unpredictable: false });
    expect(addPc.writes).toBe(1 << 15);
    expect(decode(0x44ff).unpredictable).toBe(true); // add pc, pc
    expect(decode(0x4487, 0x8000, ITT_EQ_FIRST).unpredictable).toBe(true); // a branch not last in IT
    expect(decode(0x4487, 0x8000, IT_EQ_LAST).unpredictable).toBe(false);
    expect(pick(decode(0x45d5), 'dp-register')).toMatchObject({ opcode: 10, rn: 13, rm: 10, writes: 0 });
    expect(decode(0x4508).unpredictable).toBe(true); // cmp r0, r1 needs a high register
    expect(pick(decode(0x46c0), 'dp-register')).toMatchObject({ op: 'nop', opcode: 13, rd: 8, rm: 8 });
  });

  it('BX / BLX (register), BXNS / BLXNS', () => {
    const bx = pick(decode(0x4770), 'branch-exchange');
    expect(bx).toMatchObject({ rm: 14, link: false, unpredictable: false, writes: 1 << 15 });
    expect(pick(decode(0x47f8), 'branch-exchange')).toMatchObject({ rm: 15, link: true, unpredictable: true });
    expect(decode(0x4701).unpredictable).toBe(true); // broken (0) bits
    expect(decode(0x4770, 0x8000, ITT_EQ_FIRST).unpredictable).toBe(true);
    expect(pick(decode(0x4704), 'branch-exchange')).toMatchObject({ op: 'bxns', rm: 0, unpredictable: true });
    expect(decode(0x4787).kind).toBe('undefined');
  });

  it('LDR (literal) reads Align(PC, 4) + imm32; ADR is ADD rd, PC with rotation 30', () => {
    const ldr = pick(decode(0x4800, 0x101c02), 'loadStoreImmediate');
    expect(ldr).toMatchObject({ load: true, size: 4, rt: 0, rn: 15, imm32: 0, index: true, add: true, wback: false });
    expect(ldr.literalAddress).toBe(0x101c04);
    expect(ldr.reads).toBe(1 << 15);
    expect(pick(decode(0x4eff, 0x102a00), 'loadStoreImmediate').literalAddress).toBe(0x102e00);
    const adr = pick(decode(0xa0ff, 0xc000d9fe), 'dp-immediate');
    expect(adr).toMatchObject({ opcode: 4, rd: 0, rn: 15, imm8: 0xff, rotation: 30, imm32: 1020, setsFlags: false });
    expect(disassembleThumb(0xa0ff, 0, 0xc000d9fe).comment).toBe('(adr r0, 0xc000ddfc)');
  });

  it('loads and stores: register offset, immediate offsets scaled by size, SP-relative', () => {
    const ldrsh = pick(decode(0x5e48), 'loadStoreRegister');
    expect(ldrsh).toMatchObject({ load: true, size: 2, signed: true, rt: 0, rn: 1, rm: 1, shiftAmount: 0 });
    const strb = pick(decode(0x5488), 'loadStoreRegister');
    expect(strb).toMatchObject({ load: false, size: 1, rt: 0, rn: 1, rm: 2 });
    expect(strb.reads).toBe(0b111);
    expect(strb.memory).toMatchObject({ access: 'store', bytes: 1 });
    expect(pick(decode(0x6d8d), 'loadStoreImmediate')).toMatchObject({ size: 4, rn: 1, rt: 5, imm32: 88 });
    expect(pick(decode(0x8ad4), 'loadStoreImmediate')).toMatchObject({ size: 2, imm32: 22, literalAddress: null });
    expect(pick(decode(0x7c3f), 'loadStoreImmediate')).toMatchObject({ size: 1, imm32: 16 });
    expect(pick(decode(0x9739), 'loadStoreImmediate')).toMatchObject({ load: false, rn: 13, rt: 7, imm32: 228 });
  });

  it('SP arithmetic, CBZ/CBNZ, extends, reverses', () => {
    expect(pick(decode(0xac8b), 'dp-immediate')).toMatchObject({ rd: 4, rn: 13, imm32: 556 });
    expect(pick(decode(0xb0bf), 'dp-immediate')).toMatchObject({ opcode: 2, rd: 13, rn: 13, imm32: 252 });
    const cbnz = pick(decode(0xb9f6, 0xfffe17ec), 'compare-branch');
    expect(cbnz).toMatchObject({ rn: 6, nonZero: true, imm32: 60, target: 0xfffe182c, unpredictable: false });
    expect(decode(0xb9f6, 0x8000, IT_EQ_LAST).unpredictable).toBe(true);
    expect(pick(decode(0xb256), 'extend')).toMatchObject({ rd: 6, rm: 2, rn: null, signed: true, size: 1 });
    expect(pick(decode(0xb2b0), 'extend')).toMatchObject({ signed: false, size: 2, rotation: 0, dual: false });
    expect(pick(decode(0xbaea), 'reverse')).toMatchObject({ rd: 2, rm: 5, operation: 'revsh' });
  });

  it('PUSH/POP/STMIA/LDMIA: block transfers with the list, writeback and memory size', () => {
    const push = pick(decode(0xb5f0), 'loadStoreMultiple');
    expect(push).toMatchObject({ op: 'push', load: false, rn: 13, registers: 0x40f0, increment: false, before: true });
    expect(push.memory?.bytes).toBe(20);
    const pop = pick(decode(0xbd00), 'loadStoreMultiple');
    expect(pop).toMatchObject({
      op: 'pop',
      load: true,
      registers: 0x8000,
      increment: true,
      before: false,
      wback: true,
    });
    expect(pop.writes).toBe((1 << 15) | (1 << 13));
    expect(decode(0xbd00, 0x8000, ITT_EQ_FIRST).unpredictable).toBe(true);
    expect(decode(0xb400).unpredictable).toBe(true); // empty list
    expect(pick(decode(0xc801), 'loadStoreMultiple')).toMatchObject({ op: 'ldmia', rn: 0, wback: false });
    expect(pick(decode(0xc82a), 'loadStoreMultiple')).toMatchObject({ rn: 0, registers: 0x2a, wback: true });
  });

  it('B<c>, B, UDF, SVC: targets from PC = address + 4', () => {
    const beq = pick(decode(0xd0fe, 0x8000), 'branch-immediate');
    expect(beq).toMatchObject({ cond: 0, imm32: -4, target: 0x8000, link: false, exchange: false });
    expect(decode(0xd0fe, 0x8000, IT_EQ_LAST).unpredictable).toBe(true);
    const b = pick(decode(0xe7fe, 0x8000), 'branch-immediate');
    expect(b).toMatchObject({ cond: 14, imm32: -4, target: 0x8000, unpredictable: false });
    expect(pick(decode(0xe7fe, 0x8000, ITT_NE_FIRST), 'branch-immediate')).toMatchObject({
      cond: 1,
      unpredictable: true,
    });
    expect(decode(0xe7fe, 0x8000, IT_EQ_LAST).unpredictable).toBe(false);
    expect(pick(decode(0xe3ff, 0x8000), 'branch-immediate').target).toBe(0x8802);
    expect(pick(decode(0xde18), 'permanently-undefined').imm16).toBe(24);
    expect(disassembleThumb(0xde18).text).toBe('udf\t#24');
    expect(pick(decode(0xdfcb), 'supervisor-call').imm24).toBe(203);
    expect(disassembleThumb(0xdfcb)).toEqual({ text: 'svc\t203', comment: '0xcb', size: 2 });
  });

  it('IT, hints, CPS, SETEND, BKPT', () => {
    const it8 = pick(decode(0xbf89), 'if-then');
    expect(it8).toMatchObject({ firstCond: 8, mask: 9, unpredictable: false });
    expect(decode(0xbfe9).unpredictable).toBe(true); // AL with an else
    expect(decode(0xbf08, 0x8000, IT_EQ_LAST).unpredictable).toBe(true);
    expect(pick(decode(0xbf30), 'hint')).toMatchObject({ op: 'wfi', hint: 3 });
    expect(pick(decode(0xbfb0), 'hint')).toMatchObject({ op: 'nop', hint: 11 });
    const cps = pick(decode(0xb672), 'change-processor-state');
    expect(cps).toMatchObject({ op: 'cpsid', imod: 3, affectA: false, affectI: true, affectF: false });
    expect(pick(decode(0xb658), 'set-endianness').bigEndian).toBe(true);
    const bkpt = pick(decode(0xbe2a, 0x8000, IT_EQ_LAST), 'breakpoint');
    expect(bkpt).toMatchObject({ imm16: 0x2a, cond: 14 });
  });

  it('the IT state a block leaves: each of its instructions prints with its condition', () => {
    // ITE NE (0xbf14): r0 = 1 if NE else 2.
    let state = 0x14;
    expect(disassembleThumb(0x2001, 0, 0x8002, state).text).toBe('movne\tr0, #1');
    state = itAdvance(state);
    expect(disassembleThumb(0x2002, 0, 0x8004, state).text).toBe('moveq\tr0, #2');
    expect(itAdvance(state)).toBe(0);
  });
});

describe('16-bit Thumb against objdump: every unit, outside and inside an IT block', () => {
  for (const name of ['t32-t16-exhaustive.jsonl.gz', 't32-t16-in-it.jsonl.gz']) {
    it(`${name}: every record agrees exactly`, () => {
      const corpus = thumbCorpora().find((c) => c.name === name);
      expect(corpus, name).toBeDefined();
      const { total, mismatches } = compareThumb(corpus!.records);
      expect(total).toBe(0xe800);
      const shown = mismatches
        .slice(0, 10)
        .map(
          (m) =>
            `${m.record.word} it=${(m.record as ThumbRecord).it ?? 0}: want ${JSON.stringify(m.record.text)} ${JSON.stringify(m.record.comment)} got ${JSON.stringify(m.got.text)} ${JSON.stringify(m.got.comment)}`,
        );
      expect(shown).toEqual([]);
    });
  }
});

describe('16-bit Thumb totality', () => {
  it('every row decodes to a kind with a 16-bit formatter', () => {
    for (const row of T16_ROWS) {
      const insn = row.decode(row.value, 0x8000, row.op, false, 0);
      expect(hasThumbFormatter(insn.kind, 2), `${row.pattern} → ${insn.kind}`).toBe(true);
    }
  });

  it('every 16-bit unit under any IT state decodes and prints', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xe7ff }),
        fc.integer({ min: 0, max: 0xff }),
        fc.integer({ min: 0, max: 0x7ffffffe }),
        (hw, itState, addr) => {
          const insn = decodeThumb(hw, 0, addr * 2, itState);
          expect(insn.length).toBe(2);
          expect(insn.reads >>> 16).toBe(0);
          expect(insn.writes >>> 16).toBe(0);
          const printed = disassembleThumb(hw, 0, addr * 2, itState);
          expect(printed.size).toBe(2);
          expect(insn.kind === 'undefined' ? printed.text === '' : printed.text !== '').toBe(true);
        },
      ),
      { numRuns: 30_000, seed: 20261204 },
    );
  });
});
