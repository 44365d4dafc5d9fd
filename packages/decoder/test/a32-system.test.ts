import { describe, expect, it } from 'vitest';
import type {
  BarrierInsn,
  ChangeProcessorStateInsn,
  MoveFromStatusInsn,
  MoveToStatusImmediateInsn,
  PreloadInsn,
  StoreReturnStateInsn,
} from '../src/a32/system.js';
import { decodeA32, disassembleA32 } from '../src/index.js';
import { a32Corpora, compare, type OracleRecord } from './oracle.js';

const corpora = a32Corpora();

function records(filter: (w: number) => boolean): OracleRecord[] {
  return corpora.flatMap(({ records }) => records.filter((r) => filter(Number.parseInt(r.word, 16) >>> 0)));
}

const conditional = (w: number): boolean => w >>> 28 !== 0xf;

/**
 * The miscellaneous space (cccc 0001 0xx0 …, bit 7 = 0) without the QADD family (op2 = 101) and
 * CLZ's op2 (op = 11, op2 = 001), which the data-processing class owns.
 */
function isMiscellaneous(w: number): boolean {
  if (!conditional(w) || (w & 0x0f900080) >>> 0 !== 0x01000000) return false;
  const op2 = (w >>> 4) & 7;
  return op2 !== 5 && !(op2 === 1 && ((w >>> 21) & 3) === 3);
}

/** MSR (immediate) and hints: cccc 0011 0R10. */
const isMsrImmediateOrHint = (w: number): boolean => conditional(w) && (w & 0x0fb00000) >>> 0 === 0x03200000;
/** SVC: cccc 1111. */
const isSupervisorCall = (w: number): boolean => conditional(w) && (w & 0x0f000000) >>> 0 === 0x0f000000;
/** The unconditional space's 1111 0xxx (memory hints, barriers, CPS, SETEND, Advanced SIMD) and 1111 100x (SRS, RFE). */
const isUnconditionalSystem = (w: number): boolean => !conditional(w) && ((w >>> 25) & 7) <= 4;

describe('A32 system class: decoded fields', () => {
  it('MRS: plain and banked', () => {
    const cpsr = decodeA32(0xe10f0000) as MoveFromStatusInsn;
    expect(cpsr).toMatchObject({ kind: 'mrs', rd: 0, readSpsr: false, banked: false, sysm: 15, unpredictable: false });
    expect(cpsr.writes).toBe(1);
    expect(decodeA32(0xe14f0000)).toMatchObject({ kind: 'mrs', readSpsr: true });
    expect(decodeA32(0xe10f0300)).toMatchObject({ kind: 'mrs', banked: true, sysm: 0x1f, unpredictable: false });
    expect(decodeA32(0xe10ff000)).toMatchObject({ kind: 'mrs', rd: 15, unpredictable: true });
  });

  it('MSR: register, immediate, banked, and the shifted form objdump keeps', () => {
    const reg = decodeA32(0xe12ff000);
    expect(reg).toMatchObject({ kind: 'msr-register', writeSpsr: false, mask: 15, rn: 0, setsFlags: true });
    expect(reg.reads).toBe(1);
    const imm = decodeA32(0xe328f40f) as MoveToStatusImmediateInsn;
    expect(imm).toMatchObject({ kind: 'msr-immediate', mask: 8, imm32: 0x0f000000, imm8: 15, rotation: 8 });
    expect(decodeA32(0xe362f2e3)).toMatchObject({ kind: 'msr-immediate', writeSpsr: true, mask: 2, setsFlags: false });
    expect(decodeA32(0xe12ff205)).toMatchObject({ kind: 'msr-banked', sysm: 0xf, rn: 5, unpredictable: true });
    expect(decodeA32(0x0120f07f)).toMatchObject({
      kind: 'msr-shifted',
      cond: 0,
      rm: 15,
      rs: 0,
      shiftType: 3,
      unpredictable: true,
    });
  });

  it('exception generation and return', () => {
    expect(decodeA32(0xe12eb672)).toMatchObject({ kind: 'breakpoint', imm16: 0xeb62 });
    expect(decodeA32(0xef000000)).toMatchObject({ kind: 'supervisor-call', imm24: 0 });
    expect(decodeA32(0xe1600070)).toMatchObject({ kind: 'secure-monitor-call', imm4: 0, unpredictable: false });
    expect(decodeA32(0xe16fff7f)).toMatchObject({
      kind: 'secure-monitor-call',
      imm4: 15,
      imm16: 0xffff,
      unpredictable: true,
    });
    const eret = decodeA32(0xe160006e);
    expect(eret).toMatchObject({ kind: 'exception-return', reads: 1 << 14, writes: 1 << 15, setsFlags: true });
    // HLT with a condition is no HLT for objdump: it is the S = 0 TST the data-processing class prints.
    expect(decodeA32(0x01000070).kind).not.toBe('halt');
  });

  it('CRC32 and hints', () => {
    expect(decodeA32(0xe1000040)).toMatchObject({ kind: 'crc32', op: 'crc32b', size: 1, castagnoli: false });
    expect(decodeA32(0xe1400240)).toMatchObject({ kind: 'crc32', op: 'crc32cw', size: 4, castagnoli: true });
    expect(decodeA32(0xe320f003)).toMatchObject({ kind: 'hint', op: 'wfi', hint: 3 });
    expect(decodeA32(0xe320f0f5)).toMatchObject({ kind: 'hint', op: 'dbg', hint: 0xf5 });
    expect(decodeA32(0xe320f014)).toMatchObject({ kind: 'hint', op: 'csdb' });
    expect(decodeA32(0x0320f014)).toMatchObject({ kind: 'hint', op: 'nop', hint: 20 });
  });

  it('unconditional space: barriers, preloads, CPS, SETEND, SRS / RFE, Advanced SIMD', () => {
    expect(decodeA32(0xf57ff05f) as BarrierInsn).toMatchObject({ kind: 'barrier', op: 'dmb', option: 15 });
    expect(decodeA32(0xf57ff040)).toMatchObject({ kind: 'barrier', op: 'ssbb', option: 0 });
    const pld = decodeA32(0xf5d3f010) as PreloadInsn;
    expect(pld).toMatchObject({
      kind: 'preload',
      op: 'pld',
      rn: 3,
      add: true,
      index: true,
      imm32: 16,
      registerOffset: false,
    });
    expect(pld.memory?.access).toBe('preload');
    expect(decodeA32(0xf7d3f112)).toMatchObject({ kind: 'preload', rm: 2, rs: 1, unpredictable: true });
    expect(decodeA32(0xf493f021)).toMatchObject({ kind: 'preload', op: 'pldw', index: false, imm32: 33 });
    const srs = decodeA32(0xf8cd0513) as StoreReturnStateInsn;
    expect(srs).toMatchObject({
      kind: 'store-return-state',
      op: 'srsia',
      mode: 19,
      increment: true,
      wordHigher: false,
      wback: false,
    });
    const rfe = decodeA32(0xf8bd0a00);
    expect(rfe).toMatchObject({ kind: 'return-from-exception', op: 'rfeia', rn: 13, wback: true });
    expect(rfe.writes).toBe((1 << 15) | (1 << 13));
    const cps = decodeA32(0xf10c01c0) as ChangeProcessorStateInsn;
    expect(cps).toMatchObject({
      kind: 'change-processor-state',
      op: 'cpsid',
      imod: 3,
      affectA: true,
      affectI: true,
      affectF: true,
    });
    expect(decodeA32(0xf1010200)).toMatchObject({ kind: 'set-endianness', bigEndian: true });
    expect(decodeA32(0xf2000000)).toMatchObject({ kind: 'asimd-three-registers', op: 'vhadd', dataType: 's8' });
    expect(decodeA32(0xf4000000)).toMatchObject({ kind: 'asimd-load-store-multiple', op: 'vst4', rm: 0 });
    expect(decodeA32(0xf4000b00)).toMatchObject({ kind: 'undefined', reason: 'unallocated' });
  });

  it('prints like objdump', () => {
    const cases: [number, number, string, string | null][] = [
      [0xe10f0300, 0x8028, 'mrs\tr0, SP_hyp', null],
      [0xe328f40f, 0x8030, 'msr\tCPSR_f, #251658240', '0xf000000'],
      [0xe12eb672, 0x8040, 'bkpt\t0xeb62', null],
      [0xef000000, 0x8044, 'svc\t0x00000000', null],
      [0xf7d3f112, 0x8050, 'pld\t[r3, r2, lsl r1]', null],
      [0xf8bd0a00, 0x8058, 'rfeia\tsp!', null],
      [0xf10c01c0, 0x805c, 'cpsid\taif', null],
      [0x0120f07f, 0x8070, 'msreq\tCPSR_, pc, ror r0', null],
      [0xe16fff7f, 0x807c, 'smc\t65535', '0xffff'],
      [0xe320f0e6, 0x8084, 'nop\t{230}', '0xe6'],
      [0x0320f014, 0x8088, 'nopeq\t{20}', null],
      [0xe362f2e3, 0x8090, 'msr\tSPSR_x, #805306382', '0x3000000e'],
      [0xf493f021, 0x8098, 'pldw\t[r3], #33', '0x21'],
      [0xe12ff205, 0x809c, 'msr\t(UNDEF: 47), r5', null],
    ];
    for (const [word, address, text, comment] of cases)
      expect(disassembleA32(word, address)).toEqual({ text, comment });
  });
});

describe('A32 system class: every corpus record agrees with objdump', () => {
  for (const [name, filter, minimum] of [
    ['miscellaneous space (MRS, MSR, exception generation, CRC32)', isMiscellaneous, 500],
    ['MSR (immediate) and hints', isMsrImmediateOrHint, 200],
    ['SVC', isSupervisorCall, 500],
    ['unconditional: CPS, SETEND, memory hints, barriers, SRS, RFE', isUnconditionalSystem, 500],
  ] as const) {
    it(name, () => {
      const selected = records(filter);
      expect(selected.length).toBeGreaterThan(minimum);
      const { mismatches } = compare(selected);
      expect(mismatches.slice(0, 10)).toEqual([]);
    });
  }
});
