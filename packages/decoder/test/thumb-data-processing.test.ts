import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type A32Instruction,
  decodeA32,
  decodeThumb,
  disassembleThumb,
  formatThumb,
  type ThumbInstruction,
} from '../src/index.js';
import { DP_OPCODE_ORN } from '../src/t32/data-processing.js';

type ThumbOf<K extends ThumbInstruction['kind']> = Extract<ThumbInstruction, { kind: K }>;

/** Decodes a 32-bit Thumb unit given as `hw1 << 16 | hw2` and checks its kind. */
function thumb<K extends ThumbInstruction['kind']>(bits: number, kind: K, itState = 0): ThumbOf<K> {
  const insn = decodeThumb(bits >>> 16, bits & 0xffff, 0x8000, itState);
  expect(insn.kind).toBe(kind);
  expect(insn.length).toBe(4);
  expect(insn.isa).toBe('thumb');
  return insn as ThumbOf<K>;
}

function a32<K extends A32Instruction['kind']>(word: number, kind: K): Extract<A32Instruction, { kind: K }> {
  const insn = decodeA32(word >>> 0, 0x8000);
  expect(insn.kind).toBe(kind);
  return insn as Extract<A32Instruction, { kind: K }>;
}

const mask = (...regs: number[]): number => regs.reduce((m, r) => m | (1 << r), 0);

/** The fields of a decoded instruction that describe the operation (not the state, address or spelling). */
function operationFields(insn: object): Record<string, unknown> {
  const {
    isa: _isa,
    length: _length,
    itState: _itState,
    address: _address,
    word: _word,
    cond: _cond,
    op: _op,
    unpredictable: _unpredictable,
    target: _target,
    ...rest
  } = insn as Record<string, unknown>;
  return rest;
}

/** ThumbExpandImm (ARM ARM A6.3.2), transcribed independently of the decoder. */
function expandImm(imm12: number): { imm32: number; carryFromResult: boolean } {
  const imm8 = imm12 & 0xff;
  if (imm12 >>> 10 === 0) {
    const x = imm8;
    const values = [x, (x << 16) | x, (x << 24) | (x << 8), (x << 24) | (x << 16) | (x << 8) | x];
    return { imm32: values[(imm12 >>> 8) & 3]! >>> 0, carryFromResult: false };
  }
  const unrotated = 0x80 | (imm12 & 0x7f);
  const n = imm12 >>> 7;
  return { imm32: ((unrotated >>> n) | (unrotated << (32 - n))) >>> 0, carryFromResult: true };
}

/** Thumb modified-immediate unit: 11110 i 0 op S Rn | 0 imm3 Rd imm8. */
function modImm(op: number, s: number, rn: number, rd: number, imm12: number): number {
  const hw1 = 0xf000 | ((imm12 >>> 11) << 10) | (op << 5) | (s << 4) | rn;
  const hw2 = (((imm12 >>> 8) & 7) << 12) | (rd << 8) | (imm12 & 0xff);
  return ((hw1 << 16) | hw2) >>> 0;
}

/** Thumb shifted-register unit: 1110101 op S Rn | 0 imm3 Rd imm2 type Rm. */
function shiftedReg(op: number, s: number, rn: number, rd: number, imm5: number, type: number, rm: number): number {
  const hw1 = 0xea00 | (op << 5) | (s << 4) | rn;
  const hw2 = ((imm5 >>> 2) << 12) | (rd << 8) | ((imm5 & 3) << 6) | (type << 4) | rm;
  return ((hw1 << 16) | hw2) >>> 0;
}

/** Thumb register-class unit: 11111010 op1 Rn | 1111 Rd op2 Rm. */
function regClass(op1: number, rn: number, rd: number, op2: number, rm: number): number {
  return ((((0xfa00 | (op1 << 4) | rn) << 16) | 0xf000 | (rd << 8) | (op2 << 4) | rm) >>> 0) as number;
}

/** A32 data-processing word (cond AL): immediate (imm12 = rot:imm8) or register (imm5, type, rm). */
function a32Dp(opcode: number, s: number, rn: number, rd: number, operand2: number, immediate: boolean): number {
  return (
    (0xe0000000 | (immediate ? 1 << 25 : 0) | (opcode << 21) | (s << 20) | (rn << 16) | (rd << 12) | operand2) >>> 0
  );
}

/** Thumb op field → A32 opcode, for the operations both states have (ORN: 16, Thumb only). */
const THUMB_TO_A32: Record<number, number> = {
  0: 0,
  1: 14,
  2: 12,
  3: DP_OPCODE_ORN,
  4: 1,
  8: 4,
  10: 5,
  11: 6,
  13: 2,
  14: 3,
};

/**
 * The A32 opcode a Thumb op field encodes (ARM ARM A6.3.1 / A6.3.11): Rd = 1111 with S = 1 makes AND, EOR,
 * ADD, SUB the compares TST, TEQ, CMN, CMP; Rn = 1111 makes ORR, ORN the moves MOV, MVN.
 */
function expectedOpcode(op: number, s: number, rn: number, rd: number): number {
  const compares: Record<number, number> = { 0: 8, 4: 9, 8: 11, 13: 10 };
  if (rd === 15 && s === 1 && compares[op] !== undefined) return compares[op]!;
  if (rn === 15 && (op === 2 || op === 3)) return op === 2 ? 13 : 15;
  return THUMB_TO_A32[op]!;
}

describe('Thumb modified immediate (A6.3.1): dp-immediate with ThumbExpandImm', () => {
  it('expands every imm12 as the ARM ARM does, and rotation ≠ 0 exactly when the carry-out is imm32<31>', () => {
    for (let imm12 = 0; imm12 < 4096; imm12++) {
      const insn = thumb(modImm(0, 1, 1, 2, imm12), 'dp-immediate');
      const want = expandImm(imm12);
      expect(insn.imm32).toBe(want.imm32);
      expect(insn.rotation !== 0).toBe(want.carryFromResult);
      // As in A32: imm32 = ROR(imm8, rotation) for the rotated forms; the replicated forms keep the byte.
      if (insn.rotation !== 0) {
        expect(((insn.imm8 >>> insn.rotation) | (insn.imm8 << (32 - insn.rotation))) >>> 0).toBe(insn.imm32);
      } else expect(insn.imm8).toBe(imm12 & 0xff);
      // A replicated form of a zero byte is UNPREDICTABLE.
      expect(insn.unpredictable).toBe(imm12 >>> 10 === 0 && (imm12 & 0x300) !== 0 && (imm12 & 0xff) === 0);
    }
  });

  it('maps each Thumb op to the A32 opcode, with the compares and MOV/MVN carved out', () => {
    const cases: [number, number, number, number, string, number][] = [
      // op, S, Rn, Rd, objdump op, A32 opcode
      [0, 0, 1, 2, 'and', 0],
      [0, 1, 1, 15, 'tst', 8],
      [1, 1, 1, 2, 'bic', 14],
      [2, 0, 1, 2, 'orr', 12],
      [2, 1, 15, 2, 'mov', 13],
      [3, 0, 1, 2, 'orn', DP_OPCODE_ORN],
      [3, 0, 15, 2, 'mvn', 15],
      [4, 0, 1, 2, 'eor', 1],
      [4, 1, 1, 15, 'teq', 9],
      [8, 0, 1, 2, 'add', 4],
      [8, 1, 1, 15, 'cmn', 11],
      [10, 0, 1, 2, 'adc', 5],
      [11, 0, 1, 2, 'sbc', 6],
      [13, 0, 1, 2, 'sub', 2],
      [13, 1, 1, 15, 'cmp', 10],
      [14, 0, 1, 2, 'rsb', 3],
    ];
    for (const [op, s, rn, rd, name, opcode] of cases) {
      const insn = thumb(modImm(op, s, rn, rd, 0x0ff), 'dp-immediate');
      expect([insn.op, insn.opcode]).toEqual([name, opcode]);
      const compare = opcode >= 8 && opcode <= 11;
      const move = opcode === 13 || opcode === 15;
      expect(insn.setsFlags).toBe(compare || s === 1);
      // Opcode parts are not registers: the compares' Rd and MOV/MVN's Rn read as 0, as A32 has them.
      expect(insn.rd).toBe(compare ? 0 : rd);
      expect(insn.rn).toBe(move ? 0 : rn);
      expect(insn.writes).toBe(compare ? 0 : mask(rd));
      expect(insn.reads).toBe(move ? 0 : mask(rn));
      expect(insn.target).toBeNull();
    }
    // Thumb op 0101, 0110, 0111, 1001, 1100 and 1111 are unallocated.
    for (const op of [5, 6, 7, 9, 12, 15])
      expect(thumb(modImm(op, 0, 1, 2, 0x0ff), 'undefined').reason).toBe('unallocated');
  });

  it('has the same fields as the A32 encoding of the same operation (immediates both states can encode)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2, 3, 4, 8, 10, 11, 13, 14),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 12 }),
        (op, s, rn, rd, byte, rot) => {
          // A32 rotation 2·rot of an imm8 with bit 7 set (rot ≥ 4) is Thumb's rotated form; rot 0 the plain byte.
          const rotation = rot < 4 ? 0 : 2 * rot;
          const imm8 = rotation === 0 ? byte : byte | 0x80;
          const imm12 = rotation === 0 ? imm8 : (rotation << 7) | (imm8 & 0x7f);
          const t = thumb(modImm(op, s, rn, rd, imm12), 'dp-immediate');
          const opcode = expectedOpcode(op, s, rn, rd);
          expect(t.opcode).toBe(opcode);
          if (opcode === DP_OPCODE_ORN) return;
          const compare = opcode >= 8 && opcode <= 11;
          const move = opcode === 13 || opcode === 15;
          const word = a32Dp(
            opcode,
            compare ? 1 : s,
            move ? 0 : rn,
            compare ? 0 : rd,
            ((rotation / 2) << 8) | imm8,
            true,
          );
          expect(operationFields(t)).toEqual(operationFields(a32(word, 'dp-immediate')));
        },
      ),
      { numRuns: 3000, seed: 1404 },
    );
  });

  it('follows the ARM ARM register rules for UNPREDICTABLE (BadReg; SP allowed as ADD/SUB/CMP/CMN base)', () => {
    expect(thumb(modImm(8, 0, 13, 13, 4), 'dp-immediate').unpredictable).toBe(false); // add.w sp, sp, #4
    expect(thumb(modImm(8, 0, 1, 13, 4), 'dp-immediate').unpredictable).toBe(true); // add.w sp, r1, #4
    expect(thumb(modImm(8, 0, 15, 1, 4), 'dp-immediate').unpredictable).toBe(true); // add.w r1, pc, #4
    expect(thumb(modImm(8, 0, 13, 15, 4), 'dp-immediate').unpredictable).toBe(true); // add.w pc, sp, #4
    expect(thumb(modImm(13, 1, 13, 15, 4), 'dp-immediate').unpredictable).toBe(false); // cmp.w sp, #4
    expect(thumb(modImm(0, 1, 13, 15, 4), 'dp-immediate').unpredictable).toBe(true); // tst.w sp, #4
    expect(thumb(modImm(0, 0, 1, 15, 4), 'dp-immediate').unpredictable).toBe(true); // and.w pc, r1, #4
    expect(thumb(modImm(2, 0, 13, 1, 4), 'dp-immediate').unpredictable).toBe(true); // orr.w r1, sp, #4
    expect(thumb(modImm(2, 0, 15, 13, 4), 'dp-immediate').unpredictable).toBe(true); // mov.w sp, #4
    expect(thumb(modImm(10, 0, 12, 11, 4), 'dp-immediate').unpredictable).toBe(false); // adc.w fp, ip, #4
  });

  it('prints as objdump: .w where a 16-bit form exists, unsigned immediates, value comments above 32', () => {
    expect(disassembleThumb(0xf11d, 0x3ff0)).toMatchObject({ text: 'cmn.w\tsp, #4042322160', comment: '0xf0f0f0f0' });
    expect(disassembleThumb(0xf06c, 0x7666)).toMatchObject({ text: 'orn\tr6, ip, #60293120', comment: '0x3980000' });
    expect(disassembleThumb(0xf05f, 0x3700)).toMatchObject({ text: 'movs.w\tr7, #0', comment: null });
    expect(disassembleThumb(0xf090, 0x0f20)).toMatchObject({ text: 'teq\tr0, #32', comment: null });
    // Inside an IT block (ITSTATE 0x68: firstcond VS): the condition after `s`, before `.w`.
    expect(disassembleThumb(0xf553, 0x0e9d, 0, 0x68).text).toBe('adcsvs.w\tlr, r3, #5144576');
  });
});

describe('Thumb shifted register (A6.3.11): dp-register and pack-halfword', () => {
  it('has the same fields as the A32 register form of the same operation', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2, 3, 4, 8, 10, 11, 13, 14),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 31 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 15 }),
        (op, s, rn, rd, imm5, type, rm) => {
          const t = thumb(shiftedReg(op, s, rn, rd, imm5, type, rm), 'dp-register');
          const opcode = expectedOpcode(op, s, rn, rd);
          expect(t.opcode).toBe(opcode);
          if (opcode === DP_OPCODE_ORN) return;
          const compare = opcode >= 8 && opcode <= 11;
          const move = opcode === 13 || opcode === 15;
          const operand2 = (imm5 << 7) | (type << 5) | rm;
          const word = a32Dp(opcode, compare ? 1 : s, move ? 0 : rn, compare ? 0 : rd, operand2, false);
          expect(operationFields(t)).toEqual(operationFields(a32(word, 'dp-register')));
        },
      ),
      { numRuns: 3000, seed: 1411 },
    );
  });

  it('decodes DecodeImmShift as A32: RRX is type 4 amount 1, LSR/ASR #0 are #32', () => {
    const rrx = thumb(shiftedReg(8, 0, 1, 2, 0, 3, 3), 'dp-register');
    expect([rrx.shiftType, rrx.shiftAmount]).toEqual([4, 1]);
    const lsr32 = thumb(shiftedReg(8, 0, 1, 2, 0, 1, 3), 'dp-register');
    expect([lsr32.shiftType, lsr32.shiftAmount]).toEqual([1, 32]);
    expect(formatThumb(rrx).text).toBe('add.w\tr2, r1, r3, rrx');
    expect(formatThumb(lsr32).text).toBe('add.w\tr2, r1, r3, lsr #32');
  });

  it('keeps MOV with a shift as objdump prints it (mov.w rd, rm, <shift>), with ORN as opcode 16', () => {
    const mov = thumb(shiftedReg(2, 1, 15, 4, 17, 0, 5), 'dp-register');
    expect([mov.op, mov.opcode, mov.rn, mov.reads, mov.writes, mov.setsFlags]).toEqual([
      'mov',
      13,
      0,
      mask(5),
      mask(4),
      true,
    ]);
    expect(formatThumb(mov).text).toBe('movs.w\tr4, r5, lsl #17');
    const orn = thumb(shiftedReg(3, 0, 7, 8, 0, 3, 11), 'dp-register');
    expect([orn.opcode, orn.reads, orn.shiftType]).toEqual([DP_OPCODE_ORN, mask(7, 11), 4]);
    expect(formatThumb(orn).text).toBe('orn\tr8, r7, fp, rrx');
  });

  it('applies the ARM ARM register rules (ADD/SUB SP: Rd = SP only with LSL #0–3; MOV.W without S)', () => {
    expect(thumb(shiftedReg(8, 0, 13, 13, 2, 0, 3), 'dp-register').unpredictable).toBe(false); // add.w sp, sp, r3, lsl #2
    expect(thumb(shiftedReg(8, 0, 13, 13, 4, 0, 3), 'dp-register').unpredictable).toBe(true); // ... lsl #4
    expect(thumb(shiftedReg(8, 0, 13, 13, 1, 1, 3), 'dp-register').unpredictable).toBe(true); // ... lsr #1
    expect(thumb(shiftedReg(2, 0, 15, 13, 0, 0, 3), 'dp-register').unpredictable).toBe(false); // mov.w sp, r3
    expect(thumb(shiftedReg(2, 0, 15, 13, 0, 0, 13), 'dp-register').unpredictable).toBe(true); // mov.w sp, sp
    expect(thumb(shiftedReg(2, 1, 15, 13, 0, 0, 3), 'dp-register').unpredictable).toBe(true); // movs.w sp, r3
    expect(thumb(shiftedReg(13, 1, 2, 15, 0, 0, 13), 'dp-register').unpredictable).toBe(true); // cmp.w r2, sp
    expect(thumb(shiftedReg(13, 1, 13, 15, 0, 0, 2), 'dp-register').unpredictable).toBe(false); // cmp.w sp, r2
  });

  it('decodes PKHBT/PKHTB with the A32 fields (PKHTB ASR #0 means 32)', () => {
    const bt = thumb(shiftedReg(6, 0, 7, 4, 7, 0, 14), 'pack-halfword');
    expect(operationFields(bt)).toEqual(operationFields(a32(0xe687439e, 'pack-halfword')));
    const tb = thumb(shiftedReg(6, 0, 1, 2, 0, 2, 3), 'pack-halfword');
    expect([tb.tbform, tb.shiftType, tb.shiftAmount]).toEqual([true, 2, 32]);
    expect(formatThumb(tb).text).toBe('pkhtb\tr2, r1, r3, asr #32');
    // S = 1 or T (hw2 bit 4) = 1: unallocated.
    expect(decodeThumb(0xead1, 0x0203).kind).toBe('undefined');
    expect(decodeThumb(0xeac1, 0x0213).kind).toBe('undefined');
  });
});

describe('Thumb plain binary immediate (A6.3.3)', () => {
  it('ADDW/SUBW/ADR are dp-immediate ADD/SUB with the plain 12-bit immediate (Rn = PC: ADR)', () => {
    const addw = thumb(0xf60d2221, 'dp-immediate'); // addw r2, sp, #2593
    expect([addw.op, addw.opcode, addw.rn, addw.rd, addw.imm32, addw.rotation, addw.setsFlags]).toEqual([
      'addw',
      4,
      13,
      2,
      2593,
      0,
      false,
    ]);
    expect([addw.reads, addw.writes, addw.unpredictable]).toEqual([mask(13), mask(2), false]);
    const adr = thumb(0xf2af3ec5, 'dp-immediate'); // subw lr, pc, #965 (ADR T2)
    expect([adr.opcode, adr.rn, adr.imm32, adr.reads, adr.unpredictable]).toEqual([2, 15, 965, mask(15), false]);
    expect(disassembleThumb(0xf2af, 0x3ec5)).toMatchObject({ text: 'subw\tlr, pc, #965', comment: '0x3c5' });
    expect(thumb(0xf20f0d00, 'dp-immediate').unpredictable).toBe(true); // addw sp, pc, #0
    expect(thumb(0xf20d0f00, 'dp-immediate').unpredictable).toBe(true); // addw pc, sp, #0
  });

  it('MOVW/MOVT are move-halfword with imm16 = imm4:i:imm3:imm8 (MOVT reads rd)', () => {
    const movw = thumb(0xf24c6e82, 'move-halfword'); // movw lr, #50818
    expect([movw.rd, movw.imm16, movw.top, movw.reads, movw.writes]).toEqual([14, 50818, false, 0, mask(14)]);
    const movt = thumb(0xf6c1535d, 'move-halfword'); // movt r3, #7517
    expect([movt.rd, movt.imm16, movt.top, movt.reads]).toEqual([3, 7517, true, mask(3)]);
    expect(operationFields(movt)).toEqual(operationFields(a32(0xe3413d5d, 'move-halfword')));
  });

  it('SSAT/USAT/SSAT16/USAT16 have the A32 fields; SSAT16 bit 4 is a (0) objdump prints', () => {
    const ssat = thumb(0xf3225609, 'saturate'); // ssat r6, #10, r2, asr #20
    expect(operationFields(ssat)).toEqual(operationFields(a32(0xe6a96a52, 'saturate')));
    const usat = thumb(0xf3885489, 'saturate'); // usat r4, #9, r8, lsl #22
    expect([usat.signed, usat.saturateTo, usat.shiftType, usat.shiftAmount]).toEqual([false, 9, 0, 22]);
    const ssat16 = thumb(0xf3220903, 'saturate-16'); // ssat16 r9, #4, r2
    expect(operationFields(ssat16)).toEqual(operationFields(a32(0xe6a39f32, 'saturate-16')));
    const broken = thumb(0xf3220913, 'saturate-16');
    expect([broken.saturateTo, broken.unpredictable]).toEqual([4, true]);
    expect(formatThumb(broken).text).toBe('ssat16\tr9, #20, r2');
  });

  it('SBFX/UBFX/BFI/BFC have the A32 fields; bad widths are UNPREDICTABLE and printed as objdump computes them', () => {
    const sbfx = thumb(0xf343524a, 'bitfield-extract'); // sbfx r2, r3, #21, #11
    expect(operationFields(sbfx)).toEqual(operationFields(a32(0xe7aa2ad3, 'bitfield-extract')));
    expect(thumb(0xf3cc64da, 'bitfield-extract').unpredictable).toBe(true); // ubfx r4, ip, #27, #27
    const bfi = thumb(0xf36e284f, 'bitfield-insert'); // bfi r8, lr, #9, #7
    expect([bfi.rn, bfi.lsb, bfi.msb, bfi.reads, bfi.unpredictable]).toEqual([14, 9, 15, mask(8, 14), false]);
    const bfc = thumb(0xf36f021d, 'bitfield-insert'); // bfc r2, #0, #30
    expect([bfc.rn, bfc.reads]).toEqual([null, mask(2)]);
    const wrapped = thumb(0xf36e7057, 'bitfield-insert'); // msb 23 < lsb 29
    expect(wrapped.unpredictable).toBe(true);
    expect(formatThumb(wrapped).text).toBe('bfi\tr0, lr, #29, #4294967291');
  });
});

describe('Thumb data-processing (register) (A6.3.12)', () => {
  it('register-controlled shifts are A32 MOV with a register-shifted register (rm = value, rs = amount)', () => {
    for (const [op1, name] of [
      [0, 'lsl'],
      [2, 'lsr'],
      [4, 'asr'],
      [6, 'ror'],
    ] as const) {
      const t = thumb(regClass(op1 | 1, 6, 2, 0, 5), 'dp-register-shifted'); // <op>s.w r2, r6, r5
      expect(t.op).toBe(name);
      // A32: movs r2, r6, <op> r5
      const word = a32Dp(13, 1, 0, 2, (5 << 8) | ((op1 >>> 1) << 5) | 0x10 | 6, false);
      expect(operationFields(t)).toEqual(operationFields(a32(word, 'dp-register-shifted')));
    }
    expect(disassembleThumb(0xfa0f, 0xfe04)).toMatchObject({ text: 'lsl.w\tlr, pc, r4', comment: '<UNPREDICTABLE>' });
    expect(disassembleThumb(0xfa60, 0xff04)).toMatchObject({ text: 'ror.w\tpc, r0, r4', comment: null });
  });

  it('extends, parallel add/subtract, QADD family, SEL have the A32 fields', () => {
    const cases: [number, string, number][] = [
      // Thumb unit, kind, A32 word with the same operation and registers
      [regClass(0x0, 5, 4, 0x9, 11), 'extend', 0xe6b5447b], // sxtah r4, r5, fp, ror #8
      [regClass(0x5, 15, 9, 0x9, 13), 'extend', 0xe6ef947d], // uxtb r9, sp, ror #8
      [regClass(0x2, 15, 9, 0x8, 7), 'extend', 0xe68f9077], // sxtb16 r9, r7
      [regClass(0x9, 3, 4, 0x0, 14), 'parallel-add-sub', 0xe6134f1e], // sadd16 r4, r3, lr
      [regClass(0xe, 7, 4, 0x2, 2), 'parallel-add-sub', 0xe6374f52], // shsax r4, r7, r2
      [regClass(0xc, 9, 6, 0x5, 14), 'parallel-add-sub', 0xe6696ffe], // uqsub8 r6, r9, lr
      [regClass(0x8, 10, 11, 0x8, 3), 'saturating-add-subtract', 0xe10ab053], // qadd fp, r3, sl
      [regClass(0x8, 10, 3, 0xb, 2), 'saturating-add-subtract', 0xe16a3052], // qdsub r3, r2, sl
      [regClass(0xa, 8, 2, 0x8, 9), 'select-bytes', 0xe6882fb9], // sel r2, r8, r9
    ];
    for (const [bits, kind, word] of cases) {
      const t = thumb(bits, kind as ThumbInstruction['kind']);
      expect(operationFields(t)).toEqual(operationFields(a32(word, kind as A32Instruction['kind'])));
    }
    expect(formatThumb(thumb(regClass(0x8, 10, 11, 0x8, 3), 'saturating-add-subtract')).text).toBe('qadd\tfp, r3, sl');
  });

  it('REV…/CLZ execute the second copy of Rm; the copies differing is UNPREDICTABLE; objdump prints the first', () => {
    const rev = thumb(regClass(0x9, 7, 3, 0x8, 7), 'reverse');
    expect(operationFields(rev)).toEqual(operationFields(a32(0xe6bf3f37, 'reverse')));
    expect(rev.unpredictable).toBe(false);
    const clz = thumb(0xfab8f483, 'count-leading-zeros'); // clz r4, r8 (second copy: r3)
    expect([clz.rm, clz.reads, clz.unpredictable]).toEqual([3, mask(3), true]);
    expect(formatThumb(clz).text).toBe('clz\tr4, r8');
    const rbit = thumb(regClass(0x9, 1, 12, 0xa, 1), 'reverse');
    expect([rbit.operation, formatThumb(rbit).text]).toEqual(['rbit', 'rbit\tip, r1']);
  });

  it('CRC32: size and polynomial, no condition printed, UNPREDICTABLE inside IT; objdump prints crc32h Rd from bits 11:9', () => {
    const crc = thumb(regClass(0xd, 1, 2, 0xa, 3), 'crc32', 0x75);
    expect([crc.size, crc.castagnoli, crc.unpredictable, crc.cond]).toEqual([4, true, true, 7]);
    expect(formatThumb(crc).text).toBe('crc32cw\tr2, r1, r3');
    expect(operationFields(crc)).toEqual(operationFields(a32(0xe1412243, 'crc32')));
    const h = thumb(0xfac4fe91, 'crc32');
    expect([h.rd, h.size, formatThumb(h).text]).toEqual([14, 2, 'crc32h\tr7, r4, r1']);
  });

  it('leaves the unallocated op1/op2 combinations and broken should-be bits UNDEFINED', () => {
    for (const bits of [0xfa00f010, 0xfa80f070, 0xfab0f090, 0xfae0f080, 0xfac0f0b0, 0xfa0ff0c0, 0xfa00e000]) {
      expect(decodeThumb(bits >>> 16, bits & 0xffff).kind).toBe('undefined');
    }
  });
});

describe('Thumb data-processing: IT state and totality', () => {
  it('takes the condition from the IT state and prints it (al and <und> included)', () => {
    const add = thumb(0xeb0d584e, 'dp-register', 0x14); // addne.w r8, sp, lr, lsl #21
    expect(add.cond).toBe(1);
    expect(formatThumb(add).text).toBe('addne.w\tr8, sp, lr, lsl #21');
    expect(disassembleThumb(0xf143, 0x0000, 0, 0xe8).text).toBe('adcal.w\tr0, r3, #0');
    expect(disassembleThumb(0xf17b, 0x4d63, 0, 0xfc).text).toBe('sbcs<und>.w\tsp, fp, #3808428032');
    expect(thumb(0xf04f2ce7, 'dp-immediate').cond).toBe(14);
  });

  it('every unit of the four classes decodes to a data-processing kind or UNDEFINED and prints', () => {
    const kinds = new Set([
      'dp-immediate',
      'dp-register',
      'dp-register-shifted',
      'move-halfword',
      'pack-halfword',
      'saturate',
      'saturate-16',
      'bitfield-extract',
      'bitfield-insert',
      'extend',
      'parallel-add-sub',
      'saturating-add-subtract',
      'reverse',
      'select-bytes',
      'count-leading-zeros',
      'crc32',
      'undefined',
    ]);
    fc.assert(
      fc.property(
        fc.constantFrom(0xea00, 0xf000, 0xf200, 0xfa00),
        fc.integer({ min: 0, max: 0x3ff }),
        fc.integer({ min: 0, max: 0x7fff }),
        fc.integer({ min: 0, max: 0xff }),
        (base, low, hw2, itState) => {
          const hw1 = base === 0xfa00 ? base | (low & 0xff) : base | (base === 0xea00 ? low & 0x1ff : low & 0x5ff);
          const second = base === 0xfa00 ? hw2 | (0x8000 * (low >>> 9)) : hw2;
          const insn = decodeThumb(hw1, second, 0x8000, itState);
          expect(kinds.has(insn.kind)).toBe(true);
          expect(insn.reads >>> 16).toBe(0);
          expect(insn.writes >>> 16).toBe(0);
          const printed = formatThumb(insn);
          expect(printed.text === '').toBe(insn.kind === 'undefined');
        },
      ),
      { numRuns: 20_000, seed: 1414 },
    );
  });
});
