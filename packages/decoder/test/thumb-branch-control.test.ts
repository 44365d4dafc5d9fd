import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeA32, decodeThumb, disassembleThumb, type ThumbInstruction } from '../src/index.js';

type ThumbOf<K extends ThumbInstruction['kind']> = Extract<ThumbInstruction, { kind: K }>;

function thumb<K extends ThumbInstruction['kind']>(
  hw1: number,
  hw2: number,
  kind: K,
  itState = 0,
  address = 0x8000,
): ThumbOf<K> {
  const insn = decodeThumb(hw1, hw2, address, itState);
  expect(insn.kind).toBe(kind);
  expect(insn.length).toBe(4);
  expect(insn.isa).toBe('thumb');
  expect(insn.itState).toBe(itState);
  return insn as ThumbOf<K>;
}

const mask = (...regs: number[]): number => regs.reduce((m, r) => m | (1 << r), 0);
const PC = 15;
const LR = 14;

/** B.W (T4), BL, BLX (immediate) from a byte offset, transcribed from the ARM ARM (A8.8.18 / A8.8.25). */
function encodeWide(offset: number, kind: 'b' | 'bl' | 'blx'): [number, number] {
  const s = offset < 0 ? 1 : 0;
  const i1 = (offset >> 23) & 1;
  const i2 = (offset >> 22) & 1;
  const j1 = 1 - (i1 ^ s);
  const j2 = 1 - (i2 ^ s);
  const hw1 = 0xf000 | (s << 10) | ((offset >> 12) & 0x3ff);
  const op = kind === 'b' ? 0x9000 : kind === 'bl' ? 0xd000 : 0xc000;
  return [hw1, op | (j1 << 13) | (j2 << 11) | ((offset >> 1) & 0x7ff)];
}

/** B<c>.W (T3) from a byte offset. */
function encodeConditional(offset: number, cond: number): [number, number] {
  const s = offset < 0 ? 1 : 0;
  const hw1 = 0xf000 | (s << 10) | (cond << 6) | ((offset >> 12) & 0x3f);
  return [hw1, 0x8000 | (((offset >> 18) & 1) << 13) | (((offset >> 19) & 1) << 11) | ((offset >> 1) & 0x7ff)];
}

/** An even address, so both PC alignments (≡ 0 and ≡ 2 mod 4) occur. */
const address = fc.integer({ min: 0, max: 0x7fffffff }).map((a) => (a * 2) >>> 0);

describe('32-bit Thumb branches: branch-immediate with the Thumb PC', () => {
  it('B.W and BL: imm32 from S:I1:I2:imm10:imm11, target = address + 4 + imm32', () => {
    fc.assert(
      fc.property(
        address,
        fc.integer({ min: -(1 << 23), max: (1 << 23) - 1 }).map((h) => h * 2),
        fc.boolean(),
        (at, offset, link) => {
          const [hw1, hw2] = encodeWide(offset, link ? 'bl' : 'b');
          const insn = thumb(hw1, hw2, 'branch-immediate', 0, at);
          expect([insn.imm32, insn.target, insn.link, insn.exchange]).toEqual([
            offset,
            (at + 4 + offset) >>> 0,
            link,
            false,
          ]);
          expect([insn.cond, insn.reads, insn.writes, insn.unpredictable]).toEqual([
            14,
            mask(PC),
            link ? mask(PC, LR) : mask(PC),
            false,
          ]);
        },
      ),
    );
  });

  it('BLX: a multiple of 4 from Align(PC, 4), so the target is word aligned at both PC alignments', () => {
    fc.assert(
      fc.property(
        address,
        fc.integer({ min: -(1 << 22), max: (1 << 22) - 1 }).map((w) => w * 4),
        (at, offset) => {
          const [hw1, hw2] = encodeWide(offset, 'blx');
          const insn = thumb(hw1, hw2, 'branch-immediate', 0, at);
          expect([insn.imm32, insn.link, insn.exchange]).toEqual([offset, true, true]);
          expect(insn.target).toBe((((at + 4) & ~3) + offset) >>> 0);
          expect(insn.target % 4).toBe(0);
        },
      ),
    );
    // At an address ≡ 2 mod 4 the PC is rounded down: 0x8002 + 4 = 0x8006 → 0x8004.
    const [hw1, hw2] = encodeWide(0x100, 'blx');
    expect(thumb(hw1, hw2, 'branch-immediate', 0, 0x8002).target).toBe(0x8104);
    expect(disassembleThumb(hw1, hw2, 0x8002).text).toBe('blx\t0x8104');
    expect(thumb(hw1, hw2, 'branch-immediate', 0, 0x8000).target).toBe(0x8104);
    // B.W is not rounded: 0x8002 + 4 + 0x100.
    const [b1, b2] = encodeWide(0x100, 'b');
    expect(disassembleThumb(b1, b2, 0x8002).text).toBe('b.w\t0x8106');
  });

  it('B<c>.W: its own condition, imm32 from S:J2:J1:imm6:imm11, UNPREDICTABLE inside an IT block', () => {
    fc.assert(
      fc.property(
        address,
        fc.integer({ min: -(1 << 19), max: (1 << 19) - 1 }).map((h) => h * 2),
        fc.integer({ min: 0, max: 13 }),
        (at, offset, cond) => {
          const [hw1, hw2] = encodeConditional(offset, cond);
          const insn = thumb(hw1, hw2, 'branch-immediate', 0, at);
          expect([insn.cond, insn.imm32, insn.target, insn.link, insn.exchange, insn.unpredictable]).toEqual([
            cond,
            offset,
            (at + 4 + offset) >>> 0,
            false,
            false,
            false,
          ]);
        },
      ),
    );
    const [hw1, hw2] = encodeConditional(-8, 1);
    expect(disassembleThumb(hw1, hw2, 0x8000).text).toBe('bne.w\t0x7ffc');
    const inIt = thumb(hw1, hw2, 'branch-immediate', 0x08);
    expect([inIt.cond, inIt.unpredictable]).toEqual([1, true]);
    expect(disassembleThumb(hw1, hw2, 0x8000, 0x08)).toEqual({
      text: 'bne.w\t0x7ffc',
      comment: 'unpredictable <IT:eq>',
      size: 4,
    });
  });

  it('B.W / BL / BLX inside an IT block: its condition; UNPREDICTABLE (and flagged) unless last', () => {
    const [hw1, hw2] = encodeWide(0x40, 'bl');
    const last = thumb(hw1, hw2, 'branch-immediate', 0x18); // IT NE, one instruction
    expect([last.cond, last.unpredictable]).toEqual([1, false]);
    expect(disassembleThumb(hw1, hw2, 0x8000, 0x18)).toEqual({ text: 'blne\t0x8044', comment: null, size: 4 });
    const notLast = thumb(hw1, hw2, 'branch-immediate', 0x14); // ITT NE, first of two
    expect([notLast.cond, notLast.unpredictable]).toEqual([1, true]);
    expect(disassembleThumb(hw1, hw2, 0x8000, 0x14).comment).toBe('unpredictable branch in IT block');
    // An IT AL block's else slot carries condition 0b1111: objdump prints `<und>`.
    expect(disassembleThumb(hw1, hw2, 0x8000, 0xf8).text).toBe('bl<und>\t0x8044');
    const [b1, b2] = encodeWide(0x40, 'b');
    expect(disassembleThumb(b1, b2, 0x8000, 0xe8).text).toBe('bal.w\t0x8044');
  });

  it('BLX with H = 1 is not BLX: objdump reads the space as Armv8.1-M BFL and friends (UNDEFINED here)', () => {
    const bfl = thumb(0xf0ae, 0xc2e9, 'named-undefined', 0, 0x100b54);
    expect([bfl.op, bfl.imm, bfl.label, bfl.target, bfl.reads, bfl.writes]).toEqual(['bfl', 2, 0x12f128, null, 0, 0]);
    expect(disassembleThumb(0xf0ae, 0xc2e9, 0x100b54).text).toBe('bfl\t2, 0x12f128');
  });
});

describe('32-bit Thumb miscellaneous control: the A32 kinds', () => {
  it('MSR (register): PSR fields from hw2 bits 11:8, R from hw1 bit 4', () => {
    const cpsr = thumb(0xf381, 0x8c00, 'msr-register');
    expect([cpsr.writeSpsr, cpsr.mask, cpsr.rn, cpsr.reads, cpsr.writes, cpsr.setsFlags, cpsr.unpredictable]).toEqual([
      false,
      0xc,
      1,
      mask(1),
      0,
      true,
      false,
    ]);
    expect(disassembleThumb(0xf381, 0x8c00).text).toBe('msr\tCPSR_fs, r1');
    const spsr = thumb(0xf392, 0x8100, 'msr-register');
    expect([spsr.writeSpsr, spsr.mask, spsr.setsFlags]).toEqual([true, 1, false]);
    expect(thumb(0xf381, 0x8000, 'msr-register').unpredictable).toBe(true); // mask 0
    expect(thumb(0xf38d, 0x8800, 'msr-register').unpredictable).toBe(true); // Rn = SP
    // objdump's Armv7-M reading of the "(0)" bits 7:0: the A-profile MSR with broken should-be bits.
    const m = thumb(0xf380, 0x8810, 'msr-register');
    expect([m.mask, m.unpredictable]).toEqual([8, true]);
    expect(disassembleThumb(0xf380, 0x8810).text).toBe('msr\tPRIMASK, r0');
  });

  it('MSR / MRS (banked): SYSm = M (hw2 bit 4) : M1', () => {
    const msr = thumb(0xf380, 0x8030, 'msr-banked');
    expect([msr.writeSpsr, msr.sysm, msr.rn, msr.unpredictable]).toEqual([false, 0x10, 0, false]);
    expect(disassembleThumb(0xf380, 0x8030).text).toBe('msr\tLR_irq, r0');
    const mrs = thumb(0xf3e4, 0x8330, 'mrs');
    expect([mrs.rd, mrs.readSpsr, mrs.banked, mrs.sysm, mrs.writes, mrs.unpredictable]).toEqual([
      3,
      false,
      true,
      0x14,
      mask(3),
      false,
    ]);
    expect(disassembleThumb(0xf3e4, 0x8330).text).toBe('mrs\tr3, LR_abt');
    expect(thumb(0xf3e4, 0x8339, 'mrs').unpredictable).toBe(true); // "(0)" bits 3:0 broken
  });

  it('MRS: CPSR / SPSR, Rd in hw2 bits 11:8', () => {
    const cpsr = thumb(0xf3ef, 0x8500, 'mrs');
    expect([cpsr.rd, cpsr.readSpsr, cpsr.banked, cpsr.sysm, cpsr.unpredictable]).toEqual([5, false, false, 15, false]);
    expect(disassembleThumb(0xf3ff, 0x8100).text).toBe('mrs\tr1, SPSR');
    expect(thumb(0xf3ef, 0x8d00, 'mrs').unpredictable).toBe(true); // Rd = SP
    expect(disassembleThumb(0xf3ef, 0x8010).text).toBe('mrs\tr0, PRIMASK');
    expect(thumb(0xf3ef, 0x8010, 'mrs').unpredictable).toBe(true);
  });

  it('CPS: imod, A/I/F, mode; UNPREDICTABLE inside an IT block (objdump notes it)', () => {
    const cpsid = thumb(0xf3af, 0x8660, 'change-processor-state');
    expect([cpsid.op, cpsid.imod, cpsid.affectA, cpsid.affectI, cpsid.affectF, cpsid.changeMode, cpsid.mode]).toEqual([
      'cpsid',
      3,
      false,
      true,
      true,
      false,
      0,
    ]);
    expect(cpsid.unpredictable).toBe(false);
    expect(disassembleThumb(0xf3af, 0x8660).text).toBe('cpsid.w\tif');
    const withMode = thumb(0xf3af, 0x8593, 'change-processor-state');
    expect([withMode.op, withMode.imod, withMode.affectA, withMode.changeMode, withMode.mode]).toEqual([
      'cpsie',
      2,
      true,
      true,
      19,
    ]);
    expect(disassembleThumb(0xf3af, 0x8593).text).toBe('cpsie\ta, #19');
    expect(thumb(0xf3af, 0x8113, 'change-processor-state')).toMatchObject({
      op: 'cps',
      imod: 0,
      changeMode: true,
      mode: 19,
    });
    expect(thumb(0xf3af, 0x8660, 'change-processor-state', 0x08).unpredictable).toBe(true);
    expect(disassembleThumb(0xf3af, 0x8660, 0, 0x08).comment).toBe('unpredictable <IT:eq>');
    expect(thumb(0xf3af, 0x8400, 'change-processor-state').unpredictable).toBe(true); // CPSIE with no A/I/F
  });

  it('hints, barriers, CLREX: hint number, barrier option', () => {
    expect(thumb(0xf3af, 0x8003, 'hint')).toMatchObject({
      op: 'wfi',
      hint: 3,
      reads: 0,
      writes: 0,
      unpredictable: false,
    });
    expect(thumb(0xf3af, 0x8042, 'hint')).toMatchObject({ op: 'nop', hint: 0x42 });
    expect(disassembleThumb(0xf3af, 0x8042)).toEqual({ text: 'nop.w\t{66}', comment: '0x42', size: 4 });
    expect(thumb(0xf3af, 0x80f5, 'hint')).toMatchObject({ op: 'dbg', hint: 0xf5 });
    expect(disassembleThumb(0xf3af, 0x80f5, 0, 0x08).text).toBe('dbgeq\t#5');
    expect(thumb(0xf3af, 0x802d, 'hint')).toMatchObject({ op: 'aut', hint: 0x2d });
    expect(thumb(0xf3bf, 0x8f5b, 'barrier')).toMatchObject({ op: 'dmb', option: 11 });
    expect(disassembleThumb(0xf3bf, 0x8f5b).text).toBe('dmb\tish');
    expect(thumb(0xf3bf, 0x8f6f, 'barrier')).toMatchObject({ op: 'isb', option: 15 });
    expect(thumb(0xf3bf, 0x8f40, 'barrier')).toMatchObject({ op: 'ssbb', option: 0 });
    expect(thumb(0xf3bf, 0x8f2f, 'clear-exclusive').op).toBe('clrex');
  });

  it('BXJ: branch-exchange with jazelle; UNPREDICTABLE with SP / PC or inside an IT block but not last', () => {
    const bxj = thumb(0xf3c4, 0x8f00, 'branch-exchange');
    expect([bxj.rm, bxj.link, bxj.jazelle, bxj.reads, bxj.writes, bxj.unpredictable]).toEqual([
      4,
      false,
      true,
      mask(4),
      mask(PC),
      false,
    ]);
    expect(thumb(0xf3cd, 0x8f00, 'branch-exchange').unpredictable).toBe(true);
    expect(thumb(0xf3c4, 0x8f00, 'branch-exchange', 0x14).unpredictable).toBe(true);
    expect(disassembleThumb(0xf3c4, 0x8f00, 0, 0x14)).toEqual({
      text: 'bxjne\tr4',
      comment: 'unpredictable branch in IT block',
      size: 4,
    });
  });

  it('SUBS PC, LR, #imm8 and ERET: exception-return with the amount subtracted from LR', () => {
    const subs = thumb(0xf3de, 0x8f04, 'exception-return');
    expect([subs.imm32, subs.reads, subs.writes, subs.setsFlags, subs.unpredictable]).toEqual([
      4,
      mask(LR),
      mask(PC),
      true,
      false,
    ]);
    expect(disassembleThumb(0xf3de, 0x8f04).text).toBe('subs\tpc, lr, #4');
    expect(thumb(0xf3de, 0x8f00, 'exception-return').imm32).toBe(0);
    const armEret = decodeA32(0xe160006e);
    expect(armEret).toMatchObject({ kind: 'exception-return', imm32: 0 });
  });

  it('SMC, HVC, UDF.W: their immediates (SMC with objdump’s folding of the should-be-zero bits)', () => {
    const smc = thumb(0xf7f3, 0x8e32, 'secure-monitor-call');
    expect([smc.imm4, smc.imm16, smc.unpredictable]).toEqual([3, 0x2e33, true]);
    expect(thumb(0xf7f5, 0x8000, 'secure-monitor-call')).toMatchObject({ imm4: 5, imm16: 5, unpredictable: false });
    expect(thumb(0xf7e3, 0x88b9, 'hypervisor-call')).toMatchObject({ imm16: 0x38b9, writes: mask(PC) });
    // The kernel's Thumb-2 kprobes breakpoint.
    expect(thumb(0xf7f0, 0xa018, 'permanently-undefined')).toMatchObject({ imm16: 24, reads: 0, writes: 0 });
    expect(disassembleThumb(0xf7f0, 0xa018).text).toBe('udf.w\t#24');
  });

  it("named-undefined: what ARMv7-A leaves UNDEFINED but objdump names, with objdump's operands", () => {
    const bf = thumb(0xf15b, 0xedbb, 'named-undefined', 0, 0x8f18);
    expect([bf.op, bf.imm, bf.label, bf.reads, bf.writes, bf.target, bf.unpredictable]).toEqual([
      'bf',
      4,
      0x4a92,
      0,
      0,
      null,
      false,
    ]);
    const bfcsel = thumb(0xf5a6, 0xe2e5, 'named-undefined', 0, 0x8018);
    expect([bfcsel.op, bfcsel.imm, bfcsel.label, bfcsel.elseOffset, bfcsel.elseCond]).toEqual([
      'bfcsel',
      0x16,
      0x85e4,
      0x1a,
      9,
    ]);
    expect(disassembleThumb(0xf5a6, 0xe2e5, 0x8018).text).toBe('bfcsel\t16, 0x85e4, 1a, ls');
    const wlstp = thumb(0xf02d, 0xc6e5, 'named-undefined', 0, 0x102494);
    expect([wlstp.op, wlstp.rn, wlstp.elementSize, wlstp.label, wlstp.unpredictable]).toEqual([
      'wlstp',
      13,
      32,
      0x103260,
      true,
    ]);
    expect(thumb(0xf78f, 0x8002, 'named-undefined')).toMatchObject({ op: 'dcps', imm: 2 });
    const bcc = thumb(0xf3b5, 0x8102, 'named-undefined');
    expect([bcc.op, bcc.imm]).toEqual(['bcc', 14]);
    expect(disassembleThumb(0xf3b5, 0x8102).text).toBe('undefined (bcc, cond=0xE)');
  });
});
