import { describe, expect, it } from 'vitest';
import type { BranchExchangeInsn, BranchImmediateInsn } from '../src/a32/branch.js';
import { decodeA32, disassembleA32 } from '../src/index.js';
import { a32Corpora, compare, type OracleRecord } from './oracle.js';

/** B, BL (cond ≠ 1111) and BLX (immediate) (cond = 1111): bits 27:25 = 101. */
function isBranchImmediate(w: number): boolean {
  return ((w >>> 25) & 7) === 5;
}

/** BX / BXJ / BLX (register): cccc 0001 0010 1111 1111 1111 00xx mmmm, xx ≠ 00. */
function isBranchExchange(w: number): boolean {
  return w >>> 28 !== 0xf && (w & 0x0ffffff0) >>> 0 !== 0x012fff00 && (w & 0x0fffffc0) >>> 0 === 0x012fff00;
}

const corpora = a32Corpora();

function records(filter: (w: number) => boolean): OracleRecord[] {
  return corpora.flatMap(({ records }) => records.filter((r) => filter(Number.parseInt(r.word, 16) >>> 0)));
}

describe('A32 branches: decoded fields', () => {
  it('BL with a static target, PC read (PC-relative) and PC + LR written', () => {
    const insn = decodeA32(0xeb000000, 0x8008) as BranchImmediateInsn;
    expect(insn).toMatchObject({ kind: 'branch-immediate', op: 'bl', cond: 14, imm32: 0, link: true, exchange: false });
    expect(insn.target).toBe(0x8010);
    expect(insn.reads).toBe(1 << 15);
    expect(insn.writes).toBe((1 << 15) | (1 << 14));
  });

  it('B to itself and a conditional B', () => {
    const self = decodeA32(0xeafffffe, 0x800c) as BranchImmediateInsn;
    expect(self).toMatchObject({ kind: 'branch-immediate', op: 'b', imm32: -8, link: false, target: 0x800c });
    expect(self.writes).toBe(1 << 15);
    expect(decodeA32(0x0a000010, 0x8018)).toMatchObject({ cond: 0, target: 0x8060, imm32: 0x40 });
    // The target wraps at 2^32.
    expect(decodeA32(0xea800000, 0x807c).target).toBe(0xfe008084);
  });

  it('BLX (immediate): unconditional, Thumb target, H bit adds 2', () => {
    expect(decodeA32(0xfa000000, 0x8010)).toMatchObject({
      kind: 'branch-immediate',
      op: 'blx',
      cond: 15,
      exchange: true,
      link: true,
      target: 0x8018,
    });
    expect(decodeA32(0xfb000000, 0x8014)).toMatchObject({ imm32: 2, target: 0x801e });
  });

  it('BX / BLX / BXJ (register)', () => {
    const bx = decodeA32(0xe12fff1e) as BranchExchangeInsn;
    expect(bx).toMatchObject({ kind: 'branch-exchange', op: 'bx', rm: 14, link: false, jazelle: false });
    expect(bx.reads).toBe(1 << 14);
    expect(bx.writes).toBe(1 << 15);
    expect(bx.unpredictable).toBe(false);
    const blx = decodeA32(0xe12fff3c) as BranchExchangeInsn;
    expect(blx).toMatchObject({ op: 'blx', rm: 12, link: true });
    expect(blx.writes).toBe((1 << 15) | (1 << 14));
    expect(decodeA32(0xe12fff2f)).toMatchObject({ op: 'bxj', jazelle: true, unpredictable: true });
    expect(decodeA32(0xe12fff1f)).toMatchObject({ op: 'bx', unpredictable: false });
  });

  it('prints like objdump', () => {
    expect(disassembleA32(0xe12fff1e, 0x8000)).toEqual({ text: 'bx\tlr', comment: null });
    expect(disassembleA32(0xe12fff3c, 0x8004)).toEqual({ text: 'blx\tip', comment: null });
    expect(disassembleA32(0xeb000000, 0x8008)).toEqual({ text: 'bl\t0x8010', comment: null });
    expect(disassembleA32(0xfb000000, 0x8014)).toEqual({ text: 'blx\t0x801e', comment: null });
    expect(disassembleA32(0x0a000010, 0x8018)).toEqual({ text: 'beq\t0x8060', comment: null });
    expect(disassembleA32(0xe12fff2f, 0x801c)).toEqual({ text: 'bxj\tpc', comment: '<UNPREDICTABLE>' });
  });
});

describe('A32 branches: every corpus record agrees with objdump', () => {
  for (const [name, filter] of [
    ['B / BL / BLX (immediate)', isBranchImmediate],
    ['BX / BXJ / BLX (register)', isBranchExchange],
  ] as const) {
    it(name, () => {
      const selected = records(filter);
      expect(selected.length).toBeGreaterThan(name.startsWith('B /') ? 1000 : 20);
      const { mismatches } = compare(selected);
      expect(mismatches.slice(0, 10)).toEqual([]);
    });
  }
});
