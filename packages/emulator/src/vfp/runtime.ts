/**
 * The VFP instructions' semantics, called from emitted code (`h.vfp…`). Registers live in `cpu.vfp`
 * (64 words: S<n> is word n, D<n> words 2n (low) and 2n + 1 (high), VFPv3-D32); `cpu.fpscr` is the FPSCR.
 */
import type { Cpu } from '../cpu/cpu.js';
import { fastDouble, fastSingle } from './fast-path.js';
import {
  add,
  compare,
  convert,
  div,
  F16,
  F32,
  F64,
  type Format,
  FPSCR_AHP,
  fpscrRounding,
  fromFixed,
  maxMinNum,
  mul,
  mulAdd,
  ROUND_AWAY,
  ROUND_MINUS,
  ROUND_NEAREST,
  ROUND_PLUS,
  ROUND_ZERO,
  type RoundingMode,
  roundInt,
  sqrt,
  toFixed,
  toInt32JS,
} from './softfloat.js';

type Raw = number | bigint;

/** Data type codes the emitters pass: 16, 32 or 64. */
function formatOf(size: number): Format {
  return size === 64 ? F64 : size === 32 ? F32 : F16;
}

export function readFp(cpu: Cpu, size: number, n: number): Raw {
  if (size === 64) return (BigInt(cpu.vfp[2 * n + 1]!) << 32n) | BigInt(cpu.vfp[2 * n]!);
  if (size === 32) return cpu.vfp[n]!;
  return cpu.vfp[n]! & 0xffff;
}

export function writeFp(cpu: Cpu, size: number, n: number, v: Raw): void {
  if (size === 64) {
    const b = BigInt.asUintN(64, v as bigint);
    cpu.vfp[2 * n] = Number(b & 0xffffffffn);
    cpu.vfp[2 * n + 1] = Number(b >> 32n);
  } else if (size === 32) cpu.vfp[n] = Number(v) >>> 0;
  else cpu.vfp[n] = Number(v) & 0xffff;
}

function negate(size: number, v: Raw): Raw {
  if (size === 64) return (v as bigint) ^ (1n << 63n);
  return (Number(v) ^ (size === 32 ? 0x80000000 : 0x8000)) >>> 0;
}

function absolute(size: number, v: Raw): Raw {
  if (size === 64) return (v as bigint) & ~(1n << 63n);
  return (Number(v) & (size === 32 ? 0x7fffffff : 0x7fff)) >>> 0;
}

/** The FPSCR as the arithmetic sees it (the `fpscr` field of an FpState). */
function state(cpu: Cpu): { fpscr: number } {
  return cpu;
}

/** VADD … VSEL. `op` is the decoder's mnemonic; `selectCond` only for VSEL. */
export function vfpArithmetic(cpu: Cpu, op: string, size: number, d: number, n: number, m: number): void {
  const len = (cpu.fpscr >>> 16) & 7;
  const mask = bankMask(size);
  if (len === 0 || (d & mask) === 0 || size === 16) {
    arithmeticOnce(cpu, op, size, d, n, m);
    return;
  }
  // Short vector (FPSCR.Len > 0, Vd outside the first bank): Len + 1 operations, Vd and Vn step by the
  // stride, Vm too unless it is in the first bank (a scalar operand).
  const delta = vectorDelta(cpu, size);
  const deltaM = (m & mask) === 0 ? 0 : delta;
  for (let i = 0; ; i++) {
    arithmeticOnce(cpu, op, size, d, n, m);
    if (i === len) return;
    d = nextInBank(d, delta, mask);
    n = nextInBank(n, delta, mask);
    m = nextInBank(m, deltaM, mask);
  }
}

/**
 * VFP short vectors: S registers in banks of 8, D registers in banks of 4; an operand whose bank bits
 * (S: 4:3, D: 3:2, so D16–D19 count as the first bank too) are zero is a scalar. Registers step by the stride
 * and wrap within their bank.
 */
function bankMask(size: number): number {
  return size === 64 ? 0xc : 0x18;
}

function vectorDelta(cpu: Cpu, size: number): number {
  const stride = (cpu.fpscr >>> 20) & 3;
  return size === 64 ? (stride >>> 1) + 1 : stride + 1;
}

function nextInBank(r: number, delta: number, mask: number): number {
  const within = mask === 0xc ? 3 : 7;
  return ((r + delta) & within) | (r & ~within);
}

/** VMOV (immediate) of a single or double constant (`hi`: the high word; a double's low word is 0), vector-aware. */
export function vfpMoveImmediate(cpu: Cpu, size: number, d: number, hi: number): void {
  const len = (cpu.fpscr >>> 16) & 7;
  const mask = bankMask(size);
  const count = len === 0 || (d & mask) === 0 ? 1 : len + 1;
  const delta = vectorDelta(cpu, size);
  for (let i = 0; i < count; i++) {
    if (size === 64) {
      cpu.vfp[2 * d] = 0;
      cpu.vfp[2 * d + 1] = hi;
    } else cpu.vfp[d] = hi;
    d = nextInBank(d, delta, mask);
  }
}

/** Float views of each CPU's register words (little-endian host: D<n> is element n, S<n> element n). */
const views = new WeakMap<Uint32Array, { f32: Float32Array; f64: Float64Array }>();

function viewsOf(words: Uint32Array): { f32: Float32Array; f64: Float64Array } {
  let v = views.get(words);
  if (v === undefined) {
    v = {
      f32: new Float32Array(words.buffer, words.byteOffset, 64),
      f64: new Float64Array(words.buffer, words.byteOffset, 32),
    };
    views.set(words, v);
  }
  return v;
}

/** FPSCR bits that must be clear for the fast path: RMode, FZ, DN. */
const NOT_DEFAULT = 0x03c00000;

function arithmeticOnce(cpu: Cpu, op: string, size: number, d: number, n: number, m: number): void {
  if ((cpu.fpscr & NOT_DEFAULT) === 0 && size !== 16) {
    const v = viewsOf(cpu.vfp);
    if (size === 64 ? fastDouble(v.f64, cpu, op, d, n, m) : fastSingle(v.f32, cpu, op, d, n, m)) return;
  }
  const fmt = formatOf(size);
  const st = state(cpu);
  const vn = readFp(cpu, size, n);
  const vm = readFp(cpu, size, m);
  let r: Raw;
  switch (op) {
    case 'vadd':
      r = add(fmt, vn, vm, st);
      break;
    case 'vsub':
      r = add(fmt, vn, vm, st, true);
      break;
    case 'vmul':
      r = mul(fmt, vn, vm, st);
      break;
    case 'vnmul':
      r = negate(size, mul(fmt, vn, vm, st));
      break;
    case 'vdiv':
      r = div(fmt, vn, vm, st);
      break;
    case 'vmla':
      r = add(fmt, readFp(cpu, size, d), mul(fmt, vn, vm, st), st);
      break;
    case 'vmls':
      r = add(fmt, readFp(cpu, size, d), negate(size, mul(fmt, vn, vm, st)), st);
      break;
    case 'vnmla':
      r = add(fmt, negate(size, readFp(cpu, size, d)), negate(size, mul(fmt, vn, vm, st)), st);
      break;
    case 'vnmls':
      r = add(fmt, negate(size, readFp(cpu, size, d)), mul(fmt, vn, vm, st), st);
      break;
    case 'vfma':
      r = mulAdd(fmt, readFp(cpu, size, d), vn, vm, st);
      break;
    case 'vfms':
      r = mulAdd(fmt, readFp(cpu, size, d), negate(size, vn), vm, st);
      break;
    case 'vfnma':
      r = mulAdd(fmt, negate(size, readFp(cpu, size, d)), negate(size, vn), vm, st);
      break;
    case 'vfnms':
      r = mulAdd(fmt, negate(size, readFp(cpu, size, d)), vn, vm, st);
      break;
    case 'vmaxnm':
      r = maxMinNum(fmt, vn, vm, true, st);
      break;
    case 'vminnm':
      r = maxMinNum(fmt, vn, vm, false, st);
      break;
    default:
      throw new Error(`vfpArithmetic: no operation '${op}'`);
  }
  writeFp(cpu, size, d, r);
}

/** VSEL<cond>: Vd = cond ? Vn : Vm (EQ, VS, GE, GT on the APSR flags). */
export function vfpSelect(cpu: Cpu, size: number, cond: number, d: number, n: number, m: number): void {
  let pass: boolean;
  switch (cond) {
    case 0:
      pass = cpu.z === 1;
      break;
    case 6:
      pass = cpu.v === 1;
      break;
    case 10:
      pass = cpu.n === cpu.v;
      break;
    default:
      pass = cpu.z === 0 && cpu.n === cpu.v;
      break;
  }
  writeFp(cpu, size, d, readFp(cpu, size, pass ? n : m));
}

function roundingOf(cpu: Cpu, rounding: string): RoundingMode {
  switch (rounding) {
    case 'zero':
      return ROUND_ZERO;
    case 'a':
      return ROUND_AWAY;
    case 'n':
      return ROUND_NEAREST;
    case 'p':
      return ROUND_PLUS;
    case 'm':
      return ROUND_MINUS;
    default:
      return fpscrRounding(cpu);
  }
}

/** VABS, VNEG, VSQRT, VMOV (register), VMOVX, VINS, VRINT*. */
export function vfpUnary(cpu: Cpu, op: string, size: number, rounding: string, d: number, m: number): void {
  const len = (cpu.fpscr >>> 16) & 7;
  const mask = bankMask(size);
  const vectorOp = op === 'vabs' || op === 'vneg' || op === 'vsqrt' || op === 'vmov';
  if (!vectorOp || len === 0 || (d & mask) === 0 || size === 16) {
    unaryOnce(cpu, op, size, rounding, d, m);
    return;
  }
  const delta = vectorDelta(cpu, size);
  const deltaM = (m & mask) === 0 ? 0 : delta;
  for (let i = 0; ; i++) {
    unaryOnce(cpu, op, size, rounding, d, m);
    if (i === len) return;
    if (size === 64 && deltaM !== 0) {
      // qemu-arm 7.2's double-precision two-operand vector loop (the oracle) steps Vd from Vm and keeps Vm:
      // every later element is op(Vm) written to Vm + stride. Matched on purpose; the ARM ARM steps both.
      d = nextInBank(m, deltaM, mask);
      continue;
    }
    d = nextInBank(d, delta, mask);
    m = nextInBank(m, deltaM, mask);
  }
}

function unaryOnce(cpu: Cpu, op: string, size: number, rounding: string, d: number, m: number): void {
  const fmt = formatOf(size);
  const vm = readFp(cpu, size, m);
  switch (op) {
    case 'vabs':
      writeFp(cpu, size, d, absolute(size, vm));
      return;
    case 'vneg':
      writeFp(cpu, size, d, negate(size, vm));
      return;
    case 'vsqrt':
      writeFp(cpu, size, d, sqrt(fmt, vm, state(cpu)));
      return;
    case 'vmov':
      writeFp(cpu, size, d, vm);
      return;
    case 'vmovx':
      cpu.vfp[d] = cpu.vfp[m]! >>> 16;
      return;
    case 'vins':
      cpu.vfp[d] = ((cpu.vfp[m]! << 16) | (cpu.vfp[d]! & 0xffff)) >>> 0;
      return;
    default:
      break;
  }
  if (op.startsWith('vrint')) {
    const exact = rounding === 'exact';
    writeFp(cpu, size, d, roundInt(fmt, vm, exact ? fpscrRounding(cpu) : roundingOf(cpu, rounding), exact, cpu));
    return;
  }
  throw new Error(`vfpUnary: no operation '${op}'`);
}

/** VCMP / VCMPE (m < 0: with +0.0): FPSCR.NZCV. */
export function vfpCompare(cpu: Cpu, size: number, d: number, m: number, quietNanExceptions: boolean): void {
  const fmt = formatOf(size);
  const zero: Raw = size === 64 ? 0n : 0;
  const nzcv = compare(fmt, readFp(cpu, size, d), m < 0 ? zero : readFp(cpu, size, m), quietNanExceptions, cpu);
  cpu.fpscr = ((cpu.fpscr & 0x0fffffff) | (nzcv << 28)) >>> 0;
}

function typeSize(t: string): number {
  return t === 'f64' ? 64 : t === 'f32' ? 32 : 16;
}

/** Every VCVT form, VCVTR, VCVT{A,N,P,M}, VCVTB/VCVTT and VJCVT; `fbits` −1 when not fixed point, `half` '' when not VCVTB/T. */
export function vfpConvert(
  cpu: Cpu,
  op: string,
  to: string,
  from: string,
  rounding: string,
  fbits: number,
  half: string,
  d: number,
  m: number,
): void {
  const mode = roundingOf(cpu, rounding);
  if (op === 'vjcvt') {
    const { value, z } = toInt32JS(readFp(cpu, 64, m) as bigint, cpu);
    cpu.vfp[d] = value >>> 0;
    cpu.fpscr = ((cpu.fpscr & 0x0fffffff) | (z << 30)) >>> 0;
    return;
  }
  const toFloat = to[0] === 'f' || to === 'bf16';
  const fromFloat = from[0] === 'f';
  if (toFloat && fromFloat) {
    const ahp = (cpu.fpscr & FPSCR_AHP) !== 0;
    if (half !== '') {
      // VCVTB / VCVTT: the half-precision value is the bottom or top half of S<n>.
      const shift = half === 'top' ? 16 : 0;
      if (from === 'f16') {
        const h = (cpu.vfp[m]! >>> shift) & 0xffff;
        const toSize = typeSize(to);
        writeFp(cpu, toSize, d, convert(formatOf(toSize), F16, h, mode, cpu, ahp));
      } else {
        const fromSize = typeSize(from);
        const h = Number(convert(F16, formatOf(fromSize), readFp(cpu, fromSize, m), mode, cpu, ahp, true));
        const keep = half === 'top' ? cpu.vfp[d]! & 0xffff : cpu.vfp[d]! & 0xffff0000;
        cpu.vfp[d] = (keep | (h << shift)) >>> 0;
      }
      return;
    }
    const toSize = typeSize(to);
    const fromSize = typeSize(from);
    writeFp(cpu, toSize, d, convert(formatOf(toSize), formatOf(fromSize), readFp(cpu, fromSize, m), mode, cpu));
    return;
  }
  if (fromFloat) {
    const fromSize = typeSize(from);
    const bits = to.endsWith('16') ? 16 : 32;
    const fixed = fbits >= 0;
    const v = toFixed(formatOf(fromSize), readFp(cpu, fromSize, m), bits, to[0] === 'u', fixed ? fbits : 0, mode, cpu);
    // A fixed-point result stays in its (S or D) register, extended by its signedness; an integer goes to S<d>.
    if (fixed && fromSize === 64) writeFp(cpu, 64, d, BigInt.asUintN(64, BigInt(to[0] === 'u' ? v >>> 0 : v)));
    else cpu.vfp[d] = v >>> 0;
    return;
  }
  // Integer / fixed point to float.
  const toSize = typeSize(to);
  const bits = from.endsWith('16') ? 16 : 32;
  const fixed = fbits >= 0;
  const operand = toSize === 64 && fixed ? cpu.vfp[2 * m]! : cpu.vfp[m]!;
  // Fixed point converts with round to nearest whatever FPSCR.RMode says (FixedToFP's round_to_nearest).
  const fixedMode = fixed ? ROUND_NEAREST : mode;
  writeFp(
    cpu,
    toSize,
    d,
    fromFixed(formatOf(toSize), operand, bits, from[0] === 'u', fixed ? fbits : 0, fixedMode, cpu),
  );
}

/**
 * FPSID, MVFR0, MVFR1 (privileged modes only) of the emulated VFPv4-D32 without Advanced SIMD (Cortex-A15's
 * FPSID and MVFR0; MVFR1 with the SIMD fields 0); FPEXC with EN set.
 */
export const FPSID = 0x410430f0;
export const MVFR0 = 0x10110222;
export const MVFR1 = 0x01000011;
export const FPEXC_EN = 0x40000000;
/**
 * FPSCR bits a VMSR writes: qemu-arm 7.2's default CPU keeps bits 31:16 (Len and Stride too, FZ16) and the
 * cumulative flags 7 and 4:0; the trap enables read as zero.
 */
export const FPSCR_WRITABLE = 0xffff009f;
/** FPSCR.Len and Stride: when non-zero, the short-vector data-processing forms are UNDEFINED (no FPShVec). */
export const FPSCR_VECTOR = 0x00370000;
const MODE_USR = 0x10;

/**
 * VMRS (rt 15 with FPSCR: the flags). In User mode only FPSCR is accessible (FPSID, MVFR0/1 and FPEXC are
 * UNDEFINED at PL0, as under Linux and qemu-arm).
 */
export function vfpMoveFromSystem(cpu: Cpu, pc: number, word: number, reg: number, rt: number): void {
  if (reg !== 1 && cpu.mode === MODE_USR) {
    cpu.system.raise(cpu, { kind: 'und', pc, word });
    return;
  }
  let v: number;
  switch (reg) {
    case 0:
      v = FPSID;
      break;
    case 1:
      v = cpu.fpscr;
      break;
    case 6:
      v = MVFR1;
      break;
    case 7:
      v = MVFR0;
      break;
    case 8:
      v = FPEXC_EN;
      break;
    default:
      cpu.system.raise(cpu, { kind: 'und', pc, word });
      return;
  }
  if (rt === 15) {
    cpu.n = (v >>> 31) & 1;
    cpu.z = (v >>> 30) & 1;
    cpu.c = (v >>> 29) & 1;
    cpu.v = (v >>> 28) & 1;
  } else cpu.regs[rt] = v | 0;
}

/** VMSR: FPSCR (the writable bits), FPEXC in privileged modes (EN stays set); other registers UNDEFINED. */
export function vfpMoveToSystem(cpu: Cpu, pc: number, word: number, reg: number, value: number): void {
  if (reg === 1) cpu.fpscr = (value & FPSCR_WRITABLE) >>> 0;
  else if (reg !== 8 || cpu.mode === MODE_USR) cpu.system.raise(cpu, { kind: 'und', pc, word });
}
