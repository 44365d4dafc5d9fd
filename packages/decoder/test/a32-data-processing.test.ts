import { describe, expect, it } from 'vitest';
import { dataProcessingRows } from '../src/a32/data-processing.js';
import { type A32Instruction, decodeA32, disassembleA32, matchA32Row } from '../src/index.js';
import { a32BaseCorpora, isExcluded, type OracleRecord, recordText } from './oracle.js';

function decode<K extends A32Instruction['kind']>(word: number, kind: K): Extract<A32Instruction, { kind: K }> {
  const insn = decodeA32(word, 0x8000);
  expect(insn.kind).toBe(kind);
  return insn as Extract<A32Instruction, { kind: K }>;
}

const mask = (...regs: number[]): number => regs.reduce((m, r) => m | (1 << r), 0);

/**
 * The data-processing class's encodings (ARM ARM A5.2): cond ≠ 1111, bits 27:26 = 00, and
 *   op = 1, op1 ≠ 10x10 (immediate ALU forms, MOVW, MOVT);
 *   op = 0, op1 ≠ 10xx0, op2 = xxx0 or 0xx1 (register and register-shifted register forms);
 *   op = 0, op1 = 10xx0, op2 = 0101 (saturating add/subtract) or op1 = 10110, op2 = 0001 (CLZ).
 */
export function isDataProcessingEncoding(w: number): boolean {
  if (w >>> 28 === 0xf || ((w >>> 26) & 3) !== 0) return false;
  const op1 = (w >>> 20) & 0x1f;
  const op2 = (w >>> 4) & 0xf;
  const misc = (op1 & 0x19) === 0x10;
  if ((w >>> 25) & 1) return (op1 & 0x1b) !== 0x12;
  if (!misc) return (op2 & 1) === 0 || (op2 & 8) === 0;
  return op2 === 5 || (op1 === 0x16 && op2 === 1);
}

const CONDITIONS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'];
const MNEMONICS = new Set(
  'and eor sub rsb add adc sbc rsc tst teq cmp cmn orr mov bic mvn lsl lsr asr ror rrx nop movw movt qadd qsub qdadd qdsub clz'.split(
    ' ',
  ),
);

/** objdump's mnemonic without the condition and the `s` suffix. */
function baseMnemonic(r: OracleRecord, w: number): string {
  let m = r.text.split('\t')[0] ?? '';
  const c = w >>> 28;
  if (c < 14 && m.endsWith(CONDITIONS[c]!)) m = m.slice(0, -2);
  if (!MNEMONICS.has(m) && m.endsWith('s')) m = m.slice(0, -1);
  return m;
}

/**
 * Corpus records this class must print: the 0b00x words objdump prints with one of this class's
 * mnemonics (wherever the ARM ARM places them: objdump prints some miscellaneous-space words as
 * compares), plus the rest of this class's encodings except those objdump prints as MSR (the system
 * class's rows print those).
 */
function isOurs(r: OracleRecord): boolean {
  const w = Number.parseInt(r.word, 16) >>> 0;
  if (isExcluded(r) || w >>> 28 === 0xf || ((w >>> 26) & 3) !== 0) return false;
  const m = baseMnemonic(r, w);
  if (m === 'nop' && r.text.includes('{')) return false; // nop {N}: the hint space (system class)
  if (MNEMONICS.has(m)) return true;
  return isDataProcessingEncoding(w) && !m.startsWith('msr');
}

describe('A32 data-processing: decoded fields', () => {
  it('immediate forms: ARMExpandImm, PC-relative ADR forms, compares', () => {
    const add = decode(0xe2800f01, 'dp-immediate'); // add r0, r0, #1, 30
    expect(add).toMatchObject({ op: 'add', opcode: 4, rd: 0, rn: 0, imm32: 4, imm8: 1, rotation: 30 });
    expect(add).toMatchObject({ setsFlags: false, reads: mask(0), writes: mask(0), unpredictable: false });
    const adr = decode(0xe24f0008, 'dp-immediate'); // sub r0, pc, #8
    expect(adr).toMatchObject({ op: 'sub', rn: 15, imm32: 8, reads: mask(15), writes: mask(0), target: null });
    const cmn = decode(0xa370f27e, 'dp-immediate'); // cmnge r0, #-536870905 (bits 15:12 = 1111)
    expect(cmn).toMatchObject({ op: 'cmn', cond: 10, rn: 0, imm32: 0xe0000007, setsFlags: true, writes: 0 });
    expect(cmn.unpredictable).toBe(true);
    expect(decode(0xe3500000, 'dp-immediate')).toMatchObject({ op: 'cmp', unpredictable: false, writes: 0 });
    expect(decode(0xe3e10001, 'dp-immediate')).toMatchObject({ op: 'mvn', rn: 1, reads: 0, unpredictable: true });
    expect(decode(0xe3b0f001, 'dp-immediate')).toMatchObject({ op: 'mov', rd: 15, setsFlags: true, writes: mask(15) });
    expect(decode(0xe3b0f001, 'dp-immediate').target).toBe(null); // MOVS PC: exception return
    expect(decode(0xe3a0f001, 'dp-immediate').target).toBe(1);
    expect(decode(0xe28ff004, 'dp-immediate').target).toBe(0x8000 + 8 + 4); // add pc, pc, #4
    expect(decode(0xe24ff010, 'dp-immediate').target).toBe(0x8000 + 8 - 16);
    expect(decode(0xe281f004, 'dp-immediate').target).toBe(null); // add pc, r1, #4
    expect(decode(0xe28f0008, 'dp-immediate').target).toBe(null); // adr: not a branch
  });

  it('register forms: DecodeImmShift, shift aliases, nop', () => {
    const adds = decode(0xe0910182, 'dp-register'); // adds r0, r1, r2, lsl #3
    expect(adds).toMatchObject({ op: 'add', opcode: 4, rd: 0, rn: 1, rm: 2, shiftType: 0, shiftAmount: 3 });
    expect(adds).toMatchObject({ setsFlags: true, reads: mask(1, 2), writes: mask(0) });
    expect(decode(0xe1a0f020, 'dp-register')).toMatchObject({ op: 'lsr', opcode: 13, shiftType: 1, shiftAmount: 32 });
    expect(decode(0xe1a00060, 'dp-register')).toMatchObject({
      op: 'rrx',
      shiftType: 4,
      shiftAmount: 1,
      reads: mask(0),
    });
    expect(decode(0xe1b01162, 'dp-register')).toMatchObject({
      op: 'ror',
      shiftType: 3,
      shiftAmount: 2,
      setsFlags: true,
    });
    expect(decode(0xe1a00000, 'dp-register')).toMatchObject({ op: 'nop', opcode: 13, rd: 0, rm: 0 });
    expect(decode(0x01a00000, 'dp-register')).toMatchObject({ op: 'mov', cond: 0 });
    const ret = decode(0xe1a0f00e, 'dp-register'); // mov pc, lr
    expect(ret).toMatchObject({ op: 'mov', reads: mask(14), writes: mask(15), unpredictable: false });
    expect(decode(0xe1500004, 'dp-register')).toMatchObject({ op: 'cmp', reads: mask(0, 4), writes: 0 });
    expect(decode(0xe110f000, 'dp-register')).toMatchObject({ op: 'tst', rd: 15, unpredictable: true });
    // S = 0 compares are the miscellaneous space: objdump prints a compare, the ARM ARM has no such instruction.
    expect(decode(0xe1611384, 'dp-register')).toMatchObject({ op: 'cmn', unpredictable: true });
  });

  it('register-shifted register forms', () => {
    const cmp = decode(0xe1520613, 'dp-register-shifted'); // cmp r2, r3, lsl r6
    expect(cmp).toMatchObject({ op: 'cmp', rn: 2, rm: 3, rs: 6, shiftType: 0, reads: mask(2, 3, 6), writes: 0 });
    expect(cmp.unpredictable).toBe(false);
    const lsl = decode(0xe1a0f112, 'dp-register-shifted'); // lsl pc, r2, r1
    expect(lsl).toMatchObject({ op: 'lsl', opcode: 13, rd: 15, rm: 2, rs: 1, reads: mask(1, 2), writes: mask(15) });
    expect(lsl.unpredictable).toBe(true);
    expect(decode(0xe0810f12, 'dp-register-shifted').unpredictable).toBe(true); // Rs = PC
  });

  it('MOVW/MOVT, saturating add/subtract, CLZ', () => {
    expect(decode(0xe30d2104, 'move-halfword')).toMatchObject({ op: 'movw', rd: 2, imm16: 0xd104, top: false });
    expect(decode(0xe340f001, 'move-halfword')).toMatchObject({
      op: 'movt',
      rd: 15,
      imm16: 1,
      top: true,
      reads: mask(15),
      unpredictable: true,
    });
    const q = decode(0xe1400051, 'saturating-add-subtract'); // qdadd r0, r1, r0
    expect(q).toMatchObject({ op: 'qdadd', rd: 0, rm: 1, rn: 0, doubling: true, subtract: false, setsFlags: true });
    expect(decode(0xe1600051, 'saturating-add-subtract')).toMatchObject({ doubling: true, subtract: true });
    expect(decode(0xe16f0f11, 'count-leading-zeros')).toMatchObject({ rd: 0, rm: 1, reads: mask(1), writes: mask(0) });
    expect(decode(0xe16fff11, 'count-leading-zeros').unpredictable).toBe(true);
  });

  it('what objdump does not recognise stays UNDEFINED', () => {
    for (const w of [0xe3a10000, 0xe1a10001, 0xe1200151]) expect(decodeA32(w).kind).toBe('undefined');
  });

  it('each kind has one property order (monomorphic shapes)', () => {
    const shapes = new Map<string, string>();
    const rows = new Set(dataProcessingRows);
    const differing: string[] = [];
    let seed = 7;
    for (let i = 0; i < 50_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const w = ((seed & 0x03ffffff) | 0xe0000000) >>> 0;
      const insn = decodeA32(w);
      if (!rows.has(matchA32Row(w)!)) continue;
      const keys = Object.keys(insn).join(',');
      const seen = shapes.get(insn.kind);
      if (seen === undefined) shapes.set(insn.kind, keys);
      else if (keys !== seen) differing.push(`${insn.kind}: ${keys}`);
    }
    expect(differing).toEqual([]);
    for (const kind of ['dp-immediate', 'dp-register', 'dp-register-shifted', 'move-halfword'])
      expect(shapes.has(kind), kind).toBe(true);
  });
});

describe('A32 data-processing: objdump text', () => {
  // Each pair was printed by arm-linux-gnueabihf-objdump 2.40 at address 0x8000.
  const vectors: [number, string, string | null][] = [
    [0xe0810f12, 'add\tr0, r1, r2, lsl pc', null],
    [0xe08f0112, 'add\tr0, pc, r2, lsl r1', '<UNPREDICTABLE>'],
    [0xe1a00000, 'nop', '(mov r0, r0)'],
    [0x01a00000, 'moveq\tr0, r0', null],
    [0xe1b00000, 'movs\tr0, r0', null],
    [0xe1a0f060, 'rrx\tpc, r0', null],
    [0xe1a0f020, 'lsr\tpc, r0, #32', '<UNPREDICTABLE>'],
    [0xe1a0f012, 'lsl\tpc, r2, r0', '<UNPREDICTABLE>'],
    [0xe1a00f12, 'lsl\tr0, r2, pc', null],
    [0xe1a01142, 'asr\tr1, r2, #2', null],
    [0xe1b01162, 'rors\tr1, r2, #2', null],
    [0xe110f000, 'tst\tr0, r0', '<UNPREDICTABLE>'],
    [0xe1101000, 'tst\tr0, r0', null],
    [0xe2800f01, 'add\tr0, r0, #1, 30', null],
    [0xe3a00021, 'mov\tr0, #33', '0x21'],
    [0xe28f0008, 'add\tr0, pc, #8', null],
    [0xe3e00000, 'mvn\tr0, #0', null],
    [0xa370f27e, 'cmnge\tr0, #-536870905', '0xe0000007\t@ <UNPREDICTABLE>'],
    [0xe1e10001, 'mvn\tr0, r1', null],
    [0xe1000151, 'tst\tr0, r1, asr r1', null],
    [0xe1600151, 'cmn\tr0, r1, asr r1', null],
    [0xe1611384, 'cmn\tr1, r4, lsl #7', null],
    [0xe3a10000, '', '<UNDEFINED> instruction: 0xe3a10000'],
    [0xe1a10001, '', '<UNDEFINED> instruction: 0xe1a10001'],
    [0xe1200151, '', '<UNDEFINED> instruction: 0xe1200151'],
    [0xe16f0f1f, 'clz\tr0, pc', '<UNPREDICTABLE>'],
    [0xe1200051, 'qsub\tr0, r1, r0', null],
    [0xe3000021, 'movw\tr0, #33', '0x21'],
    [0xe340f001, 'movt\tpc, #1', '<UNPREDICTABLE>'],
    [0xe3400000, 'movt\tr0, #0', null],
  ];
  it.each(vectors.map(([w, text, comment]) => [w.toString(16).padStart(8, '0'), w, text, comment] as const))(
    '%s',
    (_hex, word, text, comment) => {
      expect(disassembleA32(word, 0x8000)).toEqual({ text, comment });
    },
  );

  for (const { name, records } of a32BaseCorpora()) {
    it(`${name}: every record of this class's encodings matches objdump exactly`, () => {
      const ours = records.filter(isOurs);
      expect(ours.length).toBeGreaterThan(100);
      const bad = ours
        .map((r) => ({ r, got: disassembleA32(Number.parseInt(r.word, 16), r.addr) }))
        .filter(({ r, got }) => recordText(got.text) !== r.text || got.comment !== r.comment)
        .map(({ r, got }) => `${r.word}: want ${JSON.stringify([r.text, r.comment])} got ${JSON.stringify(got)}`);
      expect(bad).toEqual([]);
    });
  }
});
