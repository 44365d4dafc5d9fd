/**
 * Building blocks of the Advanced SIMD rows: a row is an encoding (value/mask in the A32 form, 1111 001U …
 * or the unconditional coprocessor space), the operation, how its data type and operands are read from the
 * word, and its encoding class. A row becomes an A32 table row whose decoder builds an `AdvancedSimdInsn`;
 * a word whose fields the row cannot give (a Q register with an odd number, an element size the operation
 * does not have) is UNDEFINED.
 */
import { type DecodeFn, type Row, row } from '../a32/row.js';
import { undefinedInsn } from '../a32/undefined.js';
import type {
  AdvancedSimdInsn,
  AdvancedSimdKind,
  SimdConditionRule,
  SimdIllegalOperand,
  SimdImmediateOperand,
  SimdOperand,
  SimdRegisterOperand,
} from './types.js';

/** Element data type(s) of an encoding, read from the word; null when no row type fits (UNDEFINED). */
export interface SimdDataType {
  readonly dataType: string;
  readonly dataType2: string;
  readonly elementBits: number;
  /** A size the operation does not have: objdump spells it `<illegal width N>`; the word is UNDEFINED. */
  readonly illegal: boolean;
}
export type DataTypeFn = (word: number) => SimdDataType | null;
export type OperandFn = (word: number) => SimdOperand | null;
export type OpFn = (word: number) => string;

const DT_CACHE = new Map<string, SimdDataType>();

/** One shared object per spelling (decoding allocates no data-type objects). */
export function dataType(dataType: string, elementBits: number, dataType2 = '', illegal = false): SimdDataType {
  const key = `${dataType}.${dataType2}`;
  let t = DT_CACHE.get(key);
  if (t === undefined) {
    t = { dataType, dataType2, elementBits, illegal };
    DT_CACHE.set(key, t);
  }
  return t;
}

const NO_TYPE = dataType('', 0);

/** No data type (VAND, VSWP, VMVN register…). */
export const none: DataTypeFn = () => NO_TYPE;

/** A fixed data type: `fixed('f32')`, `fixed('8')`, `fixed('f16', 'f32')`. */
export function fixed(dt: string, dt2 = ''): DataTypeFn {
  const bits = Number.parseInt(dt.replace(/^[a-z]+/, ''), 10);
  const t = dataType(dt, Number.isNaN(bits) ? 0 : bits, dt2);
  return () => t;
}

/** A type letter: fixed, or chosen by one bit (`[bit, letterWhenOne, letterWhenZero]`). */
export type Letter = string | readonly [number, string, string];

/**
 * Letter + element size from a 1- or 2-bit size field at `lo`: size = base << field, allowed for fields
 * `low`..`high`; other fields give objdump's `<illegal width N>` (an architecturally UNDEFINED word).
 */
export function sized(letter: Letter, lo: number, width: 1 | 2, base: number, low: number, high: number): DataTypeFn {
  const fieldMask = (1 << width) - 1;
  const table: (SimdDataType | null)[][] = [[], []];
  for (let b = 0; b < 2; b++) {
    const l = typeof letter === 'string' ? letter : b === 1 ? letter[1] : letter[2];
    for (let f = 0; f <= fieldMask; f++)
      table[b]![f] =
        f < low || f > high
          ? dataType(`${l}<illegal width ${base << f}>`, base << f, '', true)
          : dataType(l + (base << f), base << f);
  }
  const sel = typeof letter === 'string' ? 0 : letter[0];
  const selMask = typeof letter === 'string' ? 0 : 1;
  return (w) => table[(w >>> sel) & selMask]![(w >>> lo) & fieldMask]!;
}

/** A data type chosen by a multi-bit field (value → type, null = none allowed). */
export function chosen(lo: number, width: number, types: readonly (SimdDataType | null)[]): DataTypeFn {
  const m = (1 << width) - 1;
  return (w) => types[(w >>> lo) & m] ?? null;
}

/* Register numbers of the three operand positions (ARM ARM D:Vd, N:Vn, M:Vm). */
export const vd = (w: number): number => ((w >>> 12) & 15) | ((w >>> 18) & 16);
export const vn = (w: number): number => ((w >>> 16) & 15) | ((w >>> 3) & 16);
export const vm = (w: number): number => (w & 15) | ((w >>> 1) & 16);

const D_REGS: readonly SimdRegisterOperand[] = Array.from({ length: 32 }, (_, i) => ({
  type: 'register',
  bank: 'd',
  index: i,
}));
const Q_REGS: readonly SimdRegisterOperand[] = Array.from({ length: 16 }, (_, i) => ({
  type: 'register',
  bank: 'q',
  index: i,
}));
const S_REGS: readonly SimdRegisterOperand[] = Array.from({ length: 32 }, (_, i) => ({
  type: 'register',
  bank: 's',
  index: i,
}));

export type Position = 'd' | 'n' | 'm';
const FIELD: Record<Position, (w: number) => number> = { d: vd, n: vn, m: vm };

/** A D register. */
export function dReg(p: Position): OperandFn {
  const f = FIELD[p];
  return (w) => D_REGS[f(w)]!;
}

/** objdump's spelling of an odd D number given for a Q register (UNDEFINED), by D number. */
const ILLEGAL_Q: readonly SimdIllegalOperand[] = Array.from({ length: 32 }, (_, r) => ({
  type: 'illegal',
  text: `<illegal reg q${r >>> 1}.5>`,
}));

/** An operand the encoding cannot have, spelled as objdump prints it. */
export function illegal(text: string): SimdIllegalOperand {
  return { type: 'illegal', text };
}

/** A Q register (an odd D number makes the word UNDEFINED; objdump prints `<illegal reg qN.5>`). */
export function qReg(p: Position): OperandFn {
  const f = FIELD[p];
  return (w) => {
    const r = f(w);
    return (r & 1) === 0 ? Q_REGS[r >>> 1]! : ILLEGAL_Q[r]!;
  };
}

/** Q register when bit 6 (Q) is set, else D register. */
export function dqReg(p: Position): OperandFn {
  const d = dReg(p);
  const q = qReg(p);
  return (w) => ((w & 0x40) === 0 ? d(w) : q(w));
}

/** An S register numbered `low bit | field << 1` (VFMAL / VFMSL). */
export function sReg(lowBit: number, fieldLo: number, fieldWidth: number): OperandFn {
  const m = (1 << fieldWidth) - 1;
  return (w) => S_REGS[((w >>> lowBit) & 1) | (((w >>> fieldLo) & m) << 1)]!;
}

/** A D register from an arbitrary field. */
export function dField(fieldLo: number, fieldWidth: number, highBit = -1): OperandFn {
  const m = (1 << fieldWidth) - 1;
  return (w) => D_REGS[((w >>> fieldLo) & m) | (highBit < 0 ? 0 : ((w >>> highBit) & 1) << fieldWidth)]!;
}

/** A scalar `bank reg[lane]` from register and lane functions. */
export function scalar(bank: 'd' | 's', reg: (w: number) => number, lane: (w: number) => number): OperandFn {
  return (w) => ({ type: 'scalar', bank, index: reg(w), lane: lane(w) });
}

/**
 * The by-scalar operand of the two-registers-and-a-scalar class: Vm:M holds register and index, split by
 * the size field (16-bit: d0–d7 and index 0–3; 32-bit: d0–d15 and index 0–1).
 */
export const elementScalar: OperandFn = (w) => {
  const raw = vm(w);
  const size = (w >>> 20) & 3;
  return { type: 'scalar', bank: 'd', index: raw & ((4 << size) - 1), lane: (raw >>> size) >>> 2 };
};

/** VTBL / VTBX table: len + 1 consecutive D registers from Vn (past d31: UNPREDICTABLE, see `decoderOf`). */
export const tableList: OperandFn = (w) => ({ type: 'list', first: vn(w), count: ((w >>> 8) & 3) + 1 });

/** `#value` (hexComment: objdump adds the value in hex as a comment when it is above 32). */
export function immediate(value: number, hexComment = false): SimdImmediateOperand {
  return { type: 'immediate', value, hexComment };
}

const CONSTANTS = new Map<number, SimdImmediateOperand>();

/** A constant immediate (`#0` of the compare-with-zero forms). */
export function constant(value: number): OperandFn {
  let c = CONSTANTS.get(value);
  if (c === undefined) {
    c = immediate(value);
    CONSTANTS.set(value, c);
  }
  const k = c;
  return () => k;
}

/** An unsigned field as an immediate. */
export function field(lo: number, width: number): OperandFn {
  const m = 2 ** width - 1;
  return (w) => immediate((w >>> lo) & m, true);
}

/** 2^width − field: right-shift amounts and fraction bits. */
export function complement(lo: number, width: number): OperandFn {
  const m = 2 ** width - 1;
  return (w) => immediate(2 ** width - ((w >>> lo) & m));
}

/** A computed immediate (rotations, VSHLL's element size). */
export function computed(f: (w: number) => number): OperandFn {
  return (w) => immediate(f(w));
}

/** VMOV / VMVN / VORR / VBIC modified immediate: i:imm3:imm4, cmode, op. */
export const modifiedImmediate: OperandFn = (w) => ({
  type: 'modified-immediate',
  cmode: (w >>> 8) & 15,
  op: (w >>> 5) & 1,
  imm8: ((w >>> 17) & 0x80) | ((w >>> 12) & 0x70) | (w & 15),
});

/** One Advanced SIMD encoding. */
export interface SimdRowSpec {
  readonly value: number;
  readonly mask: number;
  readonly op: string | OpFn;
  readonly dataType: DataTypeFn;
  readonly operands: readonly OperandFn[];
  readonly kind: AdvancedSimdKind;
  readonly condition: SimdConditionRule;
}

export function spec(
  kind: AdvancedSimdKind,
  value: number,
  mask: number,
  op: string | OpFn,
  dt: DataTypeFn,
  operands: readonly OperandFn[],
  condition: SimdConditionRule = 'c',
): SimdRowSpec {
  return { value: value >>> 0, mask: mask >>> 0, op, dataType: dt, operands, kind, condition };
}

/** Operation chosen by a bit field: `choose(7, 3, ['vrintn', …])` (value → name). */
export function choose(lo: number, width: number, names: readonly string[]): OpFn {
  const m = (1 << width) - 1;
  return (w) => names[(w >>> lo) & m]!;
}

function decoderOf(s: SimdRowSpec): DecodeFn {
  const { kind, operands, condition } = s;
  const dtOf = s.dataType;
  const fixedOp = typeof s.op === 'string' ? s.op : null;
  const opOf = typeof s.op === 'string' ? null : s.op;
  const n = operands.length;
  return (word, address): AdvancedSimdInsn | ReturnType<typeof undefinedInsn> => {
    const t = dtOf(word);
    if (t === null) return undefinedInsn(word, address);
    const ops: SimdOperand[] = new Array(n);
    let undefinedOperand = false;
    for (let i = 0; i < n; i++) {
      const o = operands[i]!(word);
      if (o === null) return undefinedInsn(word, address);
      if (o.type === 'illegal') undefinedOperand = true;
      ops[i] = o;
    }
    const first = ops[0];
    // A register list running past d31 (VTBL / VTBX with n + length > 32).
    const overflow = n > 1 && ops[1]!.type === 'list' && ops[1]!.first + ops[1]!.count > 32;
    return {
      isa: 'arm',
      kind,
      address,
      word: word >>> 0,
      cond: word >>> 28,
      op: fixedOp ?? opOf!(word),
      reads: 0,
      writes: 0,
      setsFlags: false,
      unpredictable: overflow,
      memory: null,
      target: null,
      dataType: t.dataType,
      dataType2: t.dataType2,
      elementBits: t.elementBits,
      quad: first !== undefined && first.type === 'register' && first.bank === 'q',
      operands: ops,
      conditionRule: condition,
      architecturallyUndefined: t.illegal || undefinedOperand,
    };
  };
}

/** The A32 table row of a spec: the value/mask drawn as a 32-symbol pattern. */
export function tableRow(s: SimdRowSpec): Row {
  let pattern = '';
  for (let i = 31; i >= 0; i--) {
    pattern += (s.mask >>> i) & 1 ? String((s.value >>> i) & 1) : '-';
    if (i % 4 === 0 && i > 0) pattern += ' ';
  }
  return row(pattern, typeof s.op === 'string' ? s.op : 'asimd', decoderOf(s));
}
