import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  A32_BRANCH_MAX_OFFSET,
  A32_BRANCH_MIN_OFFSET,
  ARM_NOP,
  type BlockMode,
  decodeA32,
  disassembleA32,
  EncodeError,
  encodeAddImm,
  encodeAddReg,
  encodeB,
  encodeBkpt,
  encodeBL,
  encodeBLX,
  encodeBX,
  encodeLdm,
  encodeLdrImm,
  encodeLdrLiteral,
  encodeModifiedImmediate,
  encodeMovImm,
  encodeMovReg,
  encodeStm,
  encodeStrImm,
  encodeSubImm,
  encodeSubReg,
  encodeUdf,
} from '../src/index.js';

/** Decoded instruction as a loose record (fields in ARM ARM vocabulary), or null if its class has no decoder yet. */
function fields(word: number, address = 0): Record<string, unknown> | null {
  const insn = decodeA32(word, address);
  return insn.kind === 'undefined' ? null : (insn as unknown as Record<string, unknown>);
}

function expectEncodeError(f: () => unknown, code: EncodeError['code']): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EncodeError);
    expect((e as EncodeError).code).toBe(code);
    return;
  }
  throw new Error(`expected EncodeError ${code}`);
}

describe('A32 encoders: known encodings', () => {
  it('ARM-FACTS encodings', () => {
    for (let imm = 0; imm < 256; imm++) {
      expect(encodeSubImm(13, 13, imm)).toBe((0xe24dd000 | imm) >>> 0);
      expect(encodeAddImm(3, 13, imm)).toBe((0xe28d3000 | imm) >>> 0);
    }
    expect(encodeLdm(13, 0x7fff)).toBe(0xe89d7fff);
    expect(encodeMovReg(15, 14)).toBe(0xe1a0f00e);
    expect(ARM_NOP).toBe(0xe320f000);
    // the kernel's ARM kprobe breakpoint with condition AL
    expect(encodeUdf(0x18)).toBe(0xe7f001f8);
    // B/BL: 0xEA000000 / 0xEB000000 | ((target − (pc + 8)) >> 2 & 0xFFFFFF)
    expect(encodeB(0x1000, 0x2000)).toBe((0xea000000 | ((0x2000 - 0x1008) >> 2)) >>> 0);
    expect(encodeBL(0x2000, 0x1000)).toBe((0xeb000000 | (((0x1000 - 0x2008) >> 2) & 0xffffff)) >>> 0);
  });

  // Each word and its disassembly checked with arm-linux-gnueabihf-objdump 2.40 at the given address.
  const objdump: [number, number, number, string, string | null][] = [
    [0x8000, encodeB(0x8000, 0x8000), 0xeafffffe, 'b\t0x8000', null],
    [0x8004, encodeBL(0x8004, 0x2008000), 0xeb7ffffd, 'bl\t0x2008000', null],
    [0x8008, encodeB(0x8008, (0x8010 - 33554432) >>> 0, 0), 0x0a800000, 'beq\t0xfe008010', null],
    [0x800c, encodeBLX(0x800c, 0x8016), 0xfb000000, 'blx\t0x8016', null],
    [0x8010, encodeBX(14), 0xe12fff1e, 'bx\tlr', null],
    [0x8014, encodeLdrLiteral(3, 0x8014, 0x8014 + 8 + 4095), 0xe59f3fff, 'ldr\tr3, [pc, #4095]', '0x901b'],
    [0x8018, encodeLdrImm(0, 13, -4, { index: true, wback: true }), 0xe53d0004, 'ldr\tr0, [sp, #-4]!', null],
    [0x801c, encodeStrImm(1, 2, 8, { index: false, wback: true }), 0xe4821008, 'str\tr1, [r2], #8', null],
    [
      0x8020,
      encodeLdm(13, 0x7fff),
      0xe89d7fff,
      'ldm\tsp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      null,
    ],
    [0x8024, encodeStm(13, 0x4ff0, 'db', true), 0xe92d4ff0, 'push\t{r4, r5, r6, r7, r8, r9, sl, fp, lr}', null],
    [0x8028, encodeSubImm(13, 13, 0x48), 0xe24dd048, 'sub\tsp, sp, #72', '0x48'],
    [0x802c, encodeAddImm(3, 13, 0x48), 0xe28d3048, 'add\tr3, sp, #72', '0x48'],
    [0x8030, encodeMovImm(0, 0xff000000), 0xe3a004ff, 'mov\tr0, #-16777216', '0xff000000'],
    [0x8034, encodeMovReg(15, 14), 0xe1a0f00e, 'mov\tpc, lr', null],
    [0x8038, encodeAddReg(0, 1, 2), 0xe0810002, 'add\tr0, r1, r2', null],
    [0x803c, encodeSubReg(4, 5, 6, 1), 0x10454006, 'subne\tr4, r5, r6', null],
    [0x8040, encodeUdf(0x18), 0xe7f001f8, 'udf\t#24', null],
    [0x8044, encodeBkpt(0x1234), 0xe1212374, 'bkpt\t0x1234', null],
    [0x8048, ARM_NOP, 0xe320f000, 'nop\t{0}', null],
  ];
  it.each(objdump)('@%i encodes word %i', (address, got, word, text, comment) => {
    expect(got).toBe(word);
    if (fields(word, address) !== null) expect(disassembleA32(word, address)).toEqual({ text, comment });
  });
});

describe('A32 encoders: range, alignment and operand checks', () => {
  it('B/BL range is target − (from + 8) in −33554432 … +33554428, word aligned', () => {
    const from = 0x4000000;
    expect(() => encodeB(from, from + 8 + A32_BRANCH_MAX_OFFSET)).not.toThrow();
    expect(() => encodeB(from, from + 8 + A32_BRANCH_MIN_OFFSET)).not.toThrow();
    expectEncodeError(() => encodeB(from, from + 8 + A32_BRANCH_MAX_OFFSET + 4), 'out-of-range');
    expectEncodeError(() => encodeBL(from, from + 8 + A32_BRANCH_MIN_OFFSET - 4), 'out-of-range');
    expectEncodeError(() => encodeB(from, from + 10), 'misaligned');
    expectEncodeError(() => encodeB(from, from + 8, 15), 'invalid-operand');
    expectEncodeError(() => encodeB(-4, 0), 'invalid-operand');
  });

  it('BLX range allows halfword targets up to +33554430', () => {
    const from = 0x4000000;
    expect(encodeBLX(from, from + 8 + 33554430)).toBe(0xfb7fffff);
    expectEncodeError(() => encodeBLX(from, from + 8 + 33554432), 'out-of-range');
    expectEncodeError(() => encodeBLX(from, from + 9), 'misaligned');
  });

  it('LDR/STR immediates, literal range, writeback restrictions', () => {
    expectEncodeError(() => encodeLdrLiteral(0, 0x8000, 0x8008 + 4096), 'out-of-range');
    expectEncodeError(() => encodeLdrImm(0, 1, 4096), 'out-of-range');
    expectEncodeError(() => encodeStrImm(0, 1, 4, { index: false, wback: false }), 'invalid-operand');
    expectEncodeError(() => encodeLdrImm(1, 1, 4, { index: true, wback: true }), 'invalid-operand');
    expectEncodeError(() => encodeLdrImm(16, 1, 4), 'invalid-operand');
  });

  it('LDM/STM masks and modes', () => {
    expectEncodeError(() => encodeLdm(0, 0), 'invalid-operand');
    expectEncodeError(() => encodeStm(0, 0x10000), 'invalid-operand');
    expectEncodeError(() => encodeStm(15, 1), 'invalid-operand');
    expectEncodeError(() => encodeStm(0, 1, 'xx' as BlockMode), 'invalid-operand');
  });

  it('modified immediates: rotations of an 8-bit value, or refused', () => {
    expect(encodeModifiedImmediate(0)).toBe(0);
    expect(encodeModifiedImmediate(0xff)).toBe(0xff);
    expect(encodeModifiedImmediate(0x100)).toBe(0xc01);
    expect(encodeModifiedImmediate(0xff000000)).toBe(0x4ff);
    expect(encodeModifiedImmediate(0xf000000f)).toBe(0x2ff);
    expect(encodeModifiedImmediate(0x101)).toBeNull();
    expect(encodeModifiedImmediate(0x3fc00000)).toBe(0x5ff);
    expect(encodeModifiedImmediate(0x1fe00001)).toBeNull();
    expectEncodeError(() => encodeAddImm(0, 0, 0x102), 'out-of-range');
    expectEncodeError(() => encodeUdf(0x10000), 'out-of-range');
    expectEncodeError(() => encodeBkpt(-1), 'out-of-range');
  });
});

/** The value a 12-bit modified-immediate field stands for. */
function expandImm(field: number): number {
  const rot = 2 * (field >>> 8);
  const imm8 = field & 0xff;
  return rot === 0 ? imm8 : ((imm8 >>> rot) | (imm8 << (32 - rot))) >>> 0;
}

const address = fc.integer({ min: 0, max: 0x3ffffffc }).map((a) => (a & ~3) + 0x2000000);
const reg = fc.integer({ min: 0, max: 15 });
const cond = fc.integer({ min: 0, max: 14 });

describe('A32 encoders: properties (encode, then decode)', () => {
  it('B/BL: branch field round-trips; the decoder sees the same target', () => {
    fc.assert(
      fc.property(
        address,
        fc.integer({ min: -(1 << 23), max: (1 << 23) - 1 }),
        cond,
        fc.boolean(),
        (from, words, c, link) => {
          const to = (from + 8 + words * 4) >>> 0;
          const w = link ? encodeBL(from, to, c) : encodeB(from, to, c);
          expect(w >>> 28).toBe(c);
          expect(((w << 8) >> 6) + from + 8).toBe(from + 8 + words * 4);
          const d = fields(w, from);
          if (d !== null) expect(d).toMatchObject({ op: link ? 'bl' : 'b', target: to, cond: c });
        },
      ),
    );
  });

  it('BLX: halfword targets round-trip through imm24:H', () => {
    fc.assert(
      fc.property(address, fc.integer({ min: -(1 << 24), max: (1 << 24) - 1 }), (from, halves) => {
        const to = (from + 8 + halves * 2) >>> 0;
        const w = encodeBLX(from, to);
        const offset = ((w << 8) >> 6) | (((w >>> 24) & 1) << 1);
        expect((from + 8 + offset) >>> 0).toBe(to);
        const d = fields(w, from);
        if (d !== null) expect(d).toMatchObject({ op: 'blx', target: to });
      }),
    );
  });

  it('modified immediate: every rotated byte is found and expands back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 15 }), (imm8, rot) => {
        const value = expandImm((rot << 8) | imm8);
        const field = encodeModifiedImmediate(value);
        expect(field).not.toBeNull();
        expect(expandImm(field!)).toBe(value);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
        const field = encodeModifiedImmediate(v);
        if (field !== null) expect(expandImm(field)).toBe(v);
      }),
    );
  });

  it('ADD/SUB/MOV immediate and register forms decode to the same operands', () => {
    fc.assert(
      fc.property(
        reg,
        reg,
        reg,
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 15 }),
        cond,
        (rd, rn, rm, imm8, rot, c) => {
          const imm = expandImm((rot << 8) | imm8);
          const add = encodeAddImm(rd, rn, imm, c);
          const sub = encodeSubImm(rd, rn, imm, c);
          const mov = encodeMovImm(rd, imm, c);
          expect(expandImm(add & 0xfff)).toBe(imm);
          for (const [w, op] of [
            [add, 'add'],
            [sub, 'sub'],
          ] as const) {
            const d = fields(w);
            if (d !== null) expect(d).toMatchObject({ op, rd, rn, imm32: imm, cond: c });
          }
          const m = fields(mov);
          if (m !== null) expect(m).toMatchObject({ op: 'mov', rd, imm32: imm });
          const r = fields(encodeAddReg(rd, rn, rm, c));
          if (r !== null) expect(r).toMatchObject({ op: 'add', rd, rn, rm, shiftAmount: 0 });
          const s = fields(encodeSubReg(rd, rn, rm, c));
          if (s !== null) expect(s).toMatchObject({ op: 'sub', rd, rn, rm });
          const mr = fields(encodeMovReg(rd, rm, c));
          if (mr !== null) expect(mr).toMatchObject({ rd, rm });
        },
      ),
    );
  });

  it('STR rt, [sp, #-4]! and LDR rt, [sp], #4 are the single-register push and pop (objdump names them so)', () => {
    expect(fields(encodeStrImm(0, 13, -4, { index: true, wback: true }))).toMatchObject({ op: 'push', rn: 13 });
    expect(fields(encodeLdrImm(0, 13, 4, { index: false, wback: true }))).toMatchObject({ op: 'pop', rn: 13 });
  });

  it('LDR/STR immediate and literal decode to the same addressing', () => {
    fc.assert(
      fc.property(
        reg,
        reg,
        fc.integer({ min: -4095, max: 4095 }),
        fc.constantFrom({ index: true, wback: false }, { index: true, wback: true }, { index: false, wback: true }),
        fc.boolean(),
        (rt, rn, offset, mode, load) => {
          fc.pre(!mode.wback || (rn !== 15 && rn !== rt));
          const w = load ? encodeLdrImm(rt, rn, offset, mode) : encodeStrImm(rt, rn, offset, mode);
          const d = fields(w);
          if (d !== null) {
            expect(d).toMatchObject({
              op: singleRegisterStackOp(rn, offset, mode, load) ?? (load ? 'ldr' : 'str'),
              rt,
              rn,
              imm32: Math.abs(offset),
              add: offset >= 0,
              index: mode.index,
              wback: mode.wback,
            });
          }
        },
      ),
    );
    fc.assert(
      fc.property(reg, address, fc.integer({ min: -4095, max: 4095 }), (rt, from, offset) => {
        const w = encodeLdrLiteral(rt, from, from + 8 + offset);
        const d = fields(w, from);
        if (d !== null) expect(d).toMatchObject({ op: 'ldr', rt, rn: 15, imm32: Math.abs(offset), add: offset >= 0 });
      }),
    );
  });

  it('LDM/STM decode to the same base, list and writeback', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 1, max: 0xffff }),
        fc.constantFrom<BlockMode>('ia', 'ib', 'da', 'db'),
        fc.boolean(),
        fc.boolean(),
        (rn, registers, mode, wback, load) => {
          const w = load ? encodeLdm(rn, registers, mode, wback) : encodeStm(rn, registers, mode, wback);
          expect(w & 0xffff).toBe(registers);
          const d = fields(w);
          if (d !== null) {
            expect(d).toMatchObject({ rn, registers, wback, memory: { access: load ? 'load' : 'store' } });
          }
        },
      ),
    );
  });

  it('BX, UDF and BKPT', () => {
    fc.assert(
      fc.property(reg, cond, fc.integer({ min: 0, max: 0xffff }), (rm, c, imm16) => {
        const bx = fields(encodeBX(rm, c));
        if (bx !== null) expect(bx).toMatchObject({ op: 'bx', rm, cond: c });
        const udf = fields(encodeUdf(imm16));
        if (udf !== null) expect(udf).toMatchObject({ op: 'udf', imm16 });
        const bkpt = fields(encodeBkpt(imm16));
        if (bkpt !== null) expect(bkpt).toMatchObject({ op: 'bkpt', imm16 });
      }),
    );
  });
});

/**
 * The op of an LDR/STR immediate that is objdump's single-register `push` (STR rt, [sp, #-4]!) or `pop`
 * (LDR rt, [sp], #4), or null for any other addressing.
 */
function singleRegisterStackOp(
  rn: number,
  offset: number,
  mode: { index: boolean; wback: boolean },
  load: boolean,
): 'push' | 'pop' | null {
  if (rn !== 13 || !mode.wback) return null;
  if (!load && mode.index && offset === -4) return 'push';
  if (load && !mode.index && offset === 4) return 'pop';
  return null;
}
