/**
 * Decoders of the VFP kinds, one per encoding shape. The table (rows.ts) gives each row its operation and,
 * through the factory that built its decoder, the data type; the rest comes from the word's fields:
 * Vd = bits 15:12 and D (22), Vn = bits 19:16 and N (7), Vm = bits 3:0 and M (5) — for S registers the
 * extra bit is the low one (Vd:D), for D registers the high one (D:Vd).
 */
import { type MemoryAccess, PC } from '../a32/common.js';
import type { DecodeFn } from '../a32/row.js';
import {
  D_REGISTERS,
  type FpDataType,
  type FpRegister,
  type FpRounding,
  Q_REGISTERS,
  S_REGISTERS,
  type VfpArithmeticInsn,
  type VfpInsn,
  type VfpLoadStoreMultipleInsn,
} from './types.js';

type Precision = 'f16' | 'f32' | 'f64';

/** Vd: S (Vd:D) or D (D:Vd). */
function vdOf(word: number, double: boolean): FpRegister {
  const v = (word >>> 12) & 0xf;
  const x = (word >>> 22) & 1;
  return double ? D_REGISTERS[(x << 4) | v]! : S_REGISTERS[(v << 1) | x]!;
}

function vnOf(word: number, double: boolean): FpRegister {
  const v = (word >>> 16) & 0xf;
  const x = (word >>> 7) & 1;
  return double ? D_REGISTERS[(x << 4) | v]! : S_REGISTERS[(v << 1) | x]!;
}

function vmOf(word: number, double: boolean): FpRegister {
  const v = word & 0xf;
  const x = (word >>> 5) & 1;
  return double ? D_REGISTERS[(x << 4) | v]! : S_REGISTERS[(v << 1) | x]!;
}

/*
 * Every VFP kind starts with the same fields (no core register read or written, no flags), written out in
 * each decoder: an object spread of a shared base object (`...base()`) went through V8's slow generic copy for
 * these many result shapes and made a VFP word ~40 times as slow to decode as any other word.
 */

/** Three registers: Vd, Vn, Vm of one precision. */
export function arithmetic(dataType: Precision): DecodeFn {
  const double = dataType === 'f64';
  return (word, address, op, _s, broken): VfpArithmeticInsn => ({
    isa: 'arm' as const,
    address: address,
    word: word >>> 0,
    cond: word >>> 28,
    op: op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: broken === 1,
    memory: null,
    target: null,
    kind: 'vfp-arithmetic',
    architecturallyUndefined: false,
    dataType,
    vd: vdOf(word, double),
    vn: vnOf(word, double),
    vm: vmOf(word, double),
    selectCond: null,
  });
}

/** VSEL's conditions by bits 21:20: EQ, VS, GE, GT. */
const SELECT_CONDITIONS: readonly number[] = [0, 6, 10, 12];

export function select(dataType: Precision): DecodeFn {
  const double = dataType === 'f64';
  return (word, address, op, _s, broken): VfpArithmeticInsn => ({
    isa: 'arm' as const,
    address: address,
    word: word >>> 0,
    cond: word >>> 28,
    op: op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: broken === 1,
    memory: null,
    target: null,
    kind: 'vfp-arithmetic',
    architecturallyUndefined: false,
    dataType,
    vd: vdOf(word, double),
    vn: vnOf(word, double),
    vm: vmOf(word, double),
    selectCond: SELECT_CONDITIONS[(word >>> 20) & 3]!,
  });
}

/** VABS, VNEG, VSQRT, VMOV (register), VMOVX, VINS. */
export function unary(dataType: Precision): DecodeFn {
  const double = dataType === 'f64';
  return (word, address, op, _s, broken): VfpInsn => ({
    isa: 'arm' as const,
    address: address,
    word: word >>> 0,
    cond: word >>> 28,
    op: op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: broken === 1,
    memory: null,
    target: null,
    kind: 'vfp-unary',
    architecturallyUndefined: false,
    dataType,
    vd: vdOf(word, double),
    vm: vmOf(word, double),
    rounding: null,
  });
}

/** VRINTR / VRINTX / VRINTZ by bits 16 and 7; both set is not an encoding of VRINT (objdump prints `vrint?`). */
const RINT_FPSCR: readonly (FpRounding | null)[] = ['fpscr', 'zero', 'exact', null];

export function roundFpscr(dataType: Precision): DecodeFn {
  const double = dataType === 'f64';
  return (word, address, op, _s, broken): VfpInsn => {
    const rounding = RINT_FPSCR[(((word >>> 16) & 1) << 1) | ((word >>> 7) & 1)]!;
    return {
      isa: 'arm' as const,
      address: address,
      word: word >>> 0,
      cond: word >>> 28,
      op: op,
      reads: 0,
      writes: 0,
      setsFlags: false,
      unpredictable: broken === 1,
      memory: null,
      target: null,
      kind: 'vfp-unary',
      architecturallyUndefined: rounding === null,
      dataType,
      vd: vdOf(word, double),
      vm: vmOf(word, double),
      rounding: rounding ?? 'fpscr',
    };
  };
}

/** The directed roundings of VRINT{A,N,P,M} and VCVT{A,N,P,M}, by bits 17:16. */
const DIRECTED: readonly FpRounding[] = ['a', 'n', 'p', 'm'];

export function roundDirected(dataType: Precision): DecodeFn {
  const double = dataType === 'f64';
  return (word, address, op, _s, broken): VfpInsn => ({
    isa: 'arm' as const,
    address: address,
    word: word >>> 0,
    cond: word >>> 28,
    op: op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: broken === 1,
    memory: null,
    target: null,
    kind: 'vfp-unary',
    architecturallyUndefined: false,
    dataType,
    vd: vdOf(word, double),
    vm: vmOf(word, double),
    rounding: DIRECTED[(word >>> 16) & 3]!,
  });
}

/** VCMP{E} with a register (zero = false) or with #0.0. */
export function compare(dataType: Precision, zero: boolean): DecodeFn {
  const double = dataType === 'f64';
  return (word, address, _op, _s, broken): VfpInsn => {
    const e = (word >>> 7) & 1;
    return {
      isa: 'arm' as const,
      address: address,
      word: word >>> 0,
      cond: word >>> 28,
      op: e === 1 ? 'vcmpe' : 'vcmp',
      reads: 0,
      writes: 0,
      setsFlags: false,
      unpredictable: broken === 1,
      memory: null,
      target: null,
      kind: 'vfp-compare',
      architecturallyUndefined: false,
      dataType,
      vd: vdOf(word, double),
      vm: zero ? null : vmOf(word, double),
      quietNanExceptions: e === 1,
    };
  };
}

/** VFPExpandImm(imm8) as single-precision bits: a NOT(b) bbbbb cd efgh 0…0. */
export function expandImmediate32(imm8: number): number {
  const b = (imm8 >>> 6) & 1;
  return (
    (((imm8 >>> 7) << 31) |
      ((b ^ 1) << 30) |
      ((b * 0x1f) << 25) |
      (((imm8 >>> 4) & 3) << 23) |
      ((imm8 & 0xf) << 19)) >>>
    0
  );
}

function expandImmediateBits(imm8: number, dataType: Precision): number {
  const a = imm8 >>> 7;
  const b = (imm8 >>> 6) & 1;
  const cd = (imm8 >>> 4) & 3;
  const efgh = imm8 & 0xf;
  if (dataType === 'f16') return (a << 15) | ((b ^ 1) << 14) | ((b * 3) << 12) | (cd << 10) | (efgh << 6);
  if (dataType === 'f32') return expandImmediate32(imm8);
  return ((a << 31) | ((b ^ 1) << 30) | ((b * 0xff) << 22) | (cd << 20) | (efgh << 16)) >>> 0;
}

const F32_VIEW = new DataView(new ArrayBuffer(4));

/** The value of the single-precision bits (every VFP immediate is exact in all three precisions). */
export function float32Value(bits: number): number {
  F32_VIEW.setUint32(0, bits);
  return F32_VIEW.getFloat32(0);
}

export function moveImmediate(dataType: Precision): DecodeFn {
  const double = dataType === 'f64';
  return (word, address, op, _s, broken): VfpInsn => {
    const imm8 = (((word >>> 16) & 0xf) << 4) | (word & 0xf);
    return {
      isa: 'arm' as const,
      address: address,
      word: word >>> 0,
      cond: word >>> 28,
      op: op,
      reads: 0,
      writes: 0,
      setsFlags: false,
      unpredictable: broken === 1,
      memory: null,
      target: null,
      kind: 'vfp-move-immediate',
      architecturallyUndefined: false,
      dataType,
      vd: vdOf(word, double),
      imm8,
      bits: expandImmediateBits(imm8, dataType),
      value: float32Value(expandImmediate32(imm8)),
    };
  };
}

/* ------------------------------------------------------------------------------------------------ */
/* Conversions                                                                                       */
/* ------------------------------------------------------------------------------------------------ */

function convertInsn(
  word: number,
  address: number,
  op: string,
  broken: number,
  to: FpDataType,
  from: FpDataType,
  vd: FpRegister,
  vm: FpRegister,
  rounding: FpRounding,
  fbits: number | null,
  half: 'bottom' | 'top' | null,
): VfpInsn {
  return {
    isa: 'arm' as const,
    address: address,
    word: word >>> 0,
    cond: word >>> 28,
    op: op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: broken === 1 || (fbits !== null && fbits < 0),
    memory: null,
    target: null,
    kind: 'vfp-convert',
    architecturallyUndefined: false,
    to,
    from,
    vd,
    vm,
    rounding,
    fbits,
    half,
  };
}

function isDouble(t: FpDataType): boolean {
  return t === 'f64';
}

/** Between floating-point types, rounding by the FPSCR (VCVT.F64.F32, VCVT.F32.F64). */
export function convertFloat(to: FpDataType, from: FpDataType): DecodeFn {
  return (word, address, op, _s, broken) =>
    convertInsn(
      word,
      address,
      op,
      broken,
      to,
      from,
      vdOf(word, isDouble(to)),
      vmOf(word, isDouble(from)),
      'fpscr',
      null,
      null,
    );
}

const HALVES: readonly ('bottom' | 'top')[] = ['bottom', 'top'];

/** VCVTB / VCVTT (bit 7: top) between half precision (or BF16) and single / double precision. */
export function convertHalf(to: FpDataType, from: FpDataType): DecodeFn {
  return (word, address, _op, _s, broken) => {
    const t = (word >>> 7) & 1;
    return convertInsn(
      word,
      address,
      t === 1 ? 'vcvtt' : 'vcvtb',
      broken,
      to,
      from,
      vdOf(word, isDouble(to)),
      vmOf(word, isDouble(from)),
      'fpscr',
      null,
      HALVES[t]!,
    );
  };
}

/** Integer (bit 7: signed) to floating point: VCVT.F<n>.S32 / .U32, rounding by the FPSCR. */
export function convertFromInteger(to: Precision): DecodeFn {
  return (word, address, op, _s, broken) =>
    convertInsn(
      word,
      address,
      op,
      broken,
      to,
      (word >>> 7) & 1 ? 's32' : 'u32',
      vdOf(word, to === 'f64'),
      vmOf(word, false),
      'fpscr',
      null,
      null,
    );
}

/** Floating point to integer (bit 16: signed): VCVT (towards zero, bit 7 set) or VCVTR (FPSCR rounding). */
export function convertToInteger(from: Precision): DecodeFn {
  return (word, address, _op, _s, broken) => {
    const z = (word >>> 7) & 1;
    return convertInsn(
      word,
      address,
      z === 1 ? 'vcvt' : 'vcvtr',
      broken,
      (word >>> 16) & 1 ? 's32' : 'u32',
      from,
      vdOf(word, false),
      vmOf(word, from === 'f64'),
      z === 1 ? 'zero' : 'fpscr',
      null,
      null,
    );
  };
}

/** VCVT{A,N,P,M}: floating point to integer (bit 7: signed) with a directed rounding (bits 17:16). */
export function convertDirected(from: Precision): DecodeFn {
  return (word, address, _op, _s, broken) => {
    const rounding = DIRECTED[(word >>> 16) & 3]!;
    return convertInsn(
      word,
      address,
      'vcvt' + rounding,
      broken,
      (word >>> 7) & 1 ? 's32' : 'u32',
      from,
      vdOf(word, false),
      vmOf(word, from === 'f64'),
      rounding,
      null,
      null,
    );
  };
}

const FIXED_TYPES: readonly IntegerTypeName[] = ['s16', 's32', 'u16', 'u32'];
type IntegerTypeName = 's16' | 's32' | 'u16' | 'u32';

/**
 * Fixed point (bit 16: unsigned, bit 7: 32-bit) ↔ floating point, in place: `toFixed` (bit 18) rounds
 * towards zero, from fixed rounds by the FPSCR. fbits = size − imm4:i.
 */
export function convertFixed(float: Precision, toFixed: boolean): DecodeFn {
  const double = float === 'f64';
  return (word, address, op, _s, broken) => {
    const sx = (word >>> 7) & 1;
    const fixed = FIXED_TYPES[(((word >>> 16) & 1) << 1) | sx]!;
    const imm = ((word & 0xf) << 1) | ((word >>> 5) & 1);
    const vd = vdOf(word, double);
    return convertInsn(
      word,
      address,
      op,
      broken,
      toFixed ? fixed : float,
      toFixed ? float : fixed,
      vd,
      vd,
      toFixed ? 'zero' : 'fpscr',
      (sx === 1 ? 32 : 16) - imm,
      null,
    );
  };
}

/** VJCVT.S32.F64. */
export const convertJavaScript: DecodeFn = (word, address, op, _s, broken) =>
  convertInsn(word, address, op, broken, 's32', 'f64', vdOf(word, false), vmOf(word, true), 'zero', null, null);

/* ------------------------------------------------------------------------------------------------ */
/* Loads and stores                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

const ACCESS: Record<string, MemoryAccess> = {};
function access(kind: 'load' | 'store', bytes: number): MemoryAccess {
  const key = kind + bytes;
  let a = ACCESS[key];
  if (a === undefined) {
    a = Object.freeze({ access: kind, bytes, exclusive: false, unprivileged: false });
    ACCESS[key] = a;
  }
  return a;
}

/** VLDR / VSTR of `size` bytes (bit 20: load). */
export function loadStore(size: 2 | 4 | 8): DecodeFn {
  const scale = size === 2 ? 2 : 4;
  return (word, address, op, _s, broken): VfpInsn => {
    const load = ((word >>> 20) & 1) === 1;
    const rn = (word >>> 16) & 0xf;
    return {
      isa: 'arm' as const,
      address: address,
      word: word >>> 0,
      cond: word >>> 28,
      op: op,
      reads: 1 << rn,
      writes: 0,
      setsFlags: false,
      unpredictable: broken === 1,
      memory: access(load ? 'load' : 'store', size),
      target: null,
      kind: 'vfp-load-store',
      architecturallyUndefined: false,
      load,
      size,
      vd: vdOf(word, size === 8),
      rn,
      imm32: (word & 0xff) * scale,
      add: ((word >>> 23) & 1) === 1,
    };
  };
}

/** VLDM / VSTM / VPUSH / VPOP / FLDMX / FSTMX of S (`double` false) or D registers. */
export function loadStoreMultiple(double: boolean): DecodeFn {
  return (word, address, op, _s, broken): VfpInsn => {
    const load = ((word >>> 20) & 1) === 1;
    const rn = (word >>> 16) & 0xf;
    const wback = ((word >>> 21) & 1) === 1;
    const imm8 = word & 0xff;
    const first = vdOf(word, double).index;
    const count = double ? imm8 >>> 1 : imm8;
    const last = first + count;
    return {
      isa: 'arm' as const,
      address: address,
      word: word >>> 0,
      cond: word >>> 28,
      op: op,
      reads: 1 << rn,
      writes: wback ? 1 << rn : 0,
      setsFlags: false,
      unpredictable: broken === 1 || (rn === PC && wback) || count === 0 || last > 32 || (double && count > 16),
      memory: access(load ? 'load' : 'store', imm8 * 4),
      target: null,
      // The ARM ARM: PC as base with writeback, an empty list or one past the last register are UNPREDICTABLE.
      kind: 'vfp-load-store-multiple',
      architecturallyUndefined: false,
      load,
      rn,
      increment: ((word >>> 23) & 1) === 1,
      wback,
      bank: double ? 'd' : 's',
      first,
      count,
      imm8,
    };
  };
}

/** VLLDM / VLSTM (ARMv8-M lazy floating-point state): UNDEFINED in A-profile; objdump names them. */
export const loadStoreMultipleUndefined: DecodeFn = (word, address, op, shouldBeBroken, broken) => ({
  ...(loadStoreMultiple(true)(word, address, op, shouldBeBroken, broken) as VfpLoadStoreMultipleInsn),
  architecturallyUndefined: true,
});

/* ------------------------------------------------------------------------------------------------ */
/* Transfers between core and floating-point registers                                               */
/* ------------------------------------------------------------------------------------------------ */

/** VMOV core ↔ S register (bit 20: to core), `f16` for the half-precision form. */
export function moveCoreSingle(dataType: 'f16' | null): DecodeFn {
  return (word, address, op, _s, broken): VfpInsn => {
    const toCore = ((word >>> 20) & 1) === 1;
    const rt = (word >>> 12) & 0xf;
    return {
      isa: 'arm' as const,
      address: address,
      word: word >>> 0,
      cond: word >>> 28,
      op: op,
      reads: toCore ? 0 : 1 << rt,
      writes: toCore ? 1 << rt : 0,
      setsFlags: false,
      unpredictable: broken === 1 || rt === PC,
      memory: null,
      target: null,
      kind: 'vfp-move-core-single',
      architecturallyUndefined: false,
      toCore,
      rt,
      vn: vnOf(word, false),
      dataType,
    };
  };
}

/** VMOV two core registers ↔ two S registers (first Vm:M) or a D register (M:Vm); bit 20: to core. */
export function moveCorePair(double: boolean): DecodeFn {
  return (word, address, op, _s, broken): VfpInsn => {
    const toCore = ((word >>> 20) & 1) === 1;
    const rt = (word >>> 12) & 0xf;
    const rt2 = (word >>> 16) & 0xf;
    const vm = vmOf(word, double);
    const mask = (1 << rt) | (1 << rt2);
    return {
      isa: 'arm' as const,
      address: address,
      word: word >>> 0,
      cond: word >>> 28,
      op: op,
      reads: toCore ? 0 : mask,
      writes: toCore ? mask : 0,
      setsFlags: false,
      unpredictable: broken === 1 || rt === PC || rt2 === PC || (toCore && rt === rt2) || (!double && vm.index === 31),
      memory: null,
      target: null,
      kind: 'vfp-move-core-pair',
      architecturallyUndefined: false,
      toCore,
      rt,
      rt2,
      vm,
    };
  };
}

/**
 * VMOV core ↔ scalar: size 32 (lane bit 21), 16 (lane bits 21 and 6), 8 (lane bits 21, 6, 5); to core (bit
 * 20) of 8 / 16 bits sign-extends unless U (bit 23).
 */
export function moveCoreScalar(size: 8 | 16 | 32): DecodeFn {
  return (word, address, op, _s, broken): VfpInsn => {
    const toCore = ((word >>> 20) & 1) === 1;
    const rt = (word >>> 12) & 0xf;
    const h = (word >>> 21) & 1;
    const lane = size === 32 ? h : size === 16 ? (h << 1) | ((word >>> 6) & 1) : (h << 2) | ((word >>> 5) & 3);
    return {
      isa: 'arm' as const,
      address: address,
      word: word >>> 0,
      cond: word >>> 28,
      op: op,
      reads: toCore ? 0 : 1 << rt,
      writes: toCore ? 1 << rt : 0,
      setsFlags: false,
      unpredictable: broken === 1 || rt === PC,
      memory: null,
      target: null,
      kind: 'vfp-move-core-scalar',
      architecturallyUndefined: false,
      toCore,
      rt,
      vn: vnOf(word, true),
      size,
      lane,
      signed: toCore && size !== 32 ? ((word >>> 23) & 1) === 0 : null,
    };
  };
}

/** VDUP (core register) to a D register or (bit 21) a Q register. */
export function duplicateCore(size: 8 | 16 | 32): DecodeFn {
  return (word, address, op, _s, broken): VfpInsn => {
    const rt = (word >>> 12) & 0xf;
    const d = vnOf(word, true).index;
    const q = ((word >>> 21) & 1) === 1;
    return {
      isa: 'arm' as const,
      address: address,
      word: word >>> 0,
      cond: word >>> 28,
      op: op,
      reads: 1 << rt,
      writes: 0,
      setsFlags: false,
      unpredictable: broken === 1 || rt === PC,
      memory: null,
      target: null,
      kind: 'vfp-duplicate-core',
      architecturallyUndefined: q && (d & 1) === 1,
      rt,
      vd: q ? Q_REGISTERS[d >>> 1]! : D_REGISTERS[d]!,
      size,
    };
  };
}

/** System register names by number (bits 19:16) as objdump 2.40 prints them; null: implementation defined. */
export const SYSTEM_REGISTER_NAMES: readonly (string | null)[] = [
  'fpsid',
  'fpscr',
  'fpscr_nzcvqc',
  null,
  null,
  'mvfr2',
  'mvfr1',
  'mvfr0',
  'fpexc',
  'fpinst',
  'fpinst2',
  null,
  null,
  null,
  'fpcxt_ns',
  'fpcxt_s',
];

/** VMRS (bit 20) / VMSR. */
export const systemRegister: DecodeFn = (word, address, op, _s, broken) => {
  const toCore = ((word >>> 20) & 1) === 1;
  const rt = (word >>> 12) & 0xf;
  const specialRegister = (word >>> 16) & 0xf;
  const toFlags = toCore && rt === PC && specialRegister === 1;
  return {
    isa: 'arm' as const,
    address: address,
    word: word >>> 0,
    cond: word >>> 28,
    op: op,
    reads: toCore ? 0 : 1 << rt,
    writes: toCore && !toFlags ? 1 << rt : 0,
    setsFlags: toFlags,
    unpredictable: broken === 1 || (rt === PC && !toFlags),
    memory: null,
    target: null,
    kind: 'vfp-system-register',
    architecturallyUndefined: false,
    toCore,
    rt,
    specialRegister,
    registerName: SYSTEM_REGISTER_NAMES[specialRegister]!,
    toFlags,
  };
};
