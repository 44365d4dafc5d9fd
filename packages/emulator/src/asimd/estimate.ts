/**
 * Advanced SIMD single-precision forms beyond the arithmetic of ./float.ts: the reciprocal and reciprocal
 * square-root estimates and Newton–Raphson steps (VRECPE VRSQRTE VRECPS VRSQRTS, f32 and u32), the ARMv8
 * rounding forms qemu-arm's default CPU has (VRINTN/X/A/Z/M/P, VCVTA/N/P/M, VMAXNM/VMINNM) and the conversions
 * between f16 and f32. All under the standard FPSCR value (round to nearest, FZ, DN; AHP from FPSCR), the
 * exception flags accumulating in FPSCR. The estimates follow the ARM ARM's RecipEstimate /
 * RecipSqrtEstimate integer algorithms (8-bit results).
 */
import {
  add,
  convert,
  DZC,
  div,
  F16,
  F32,
  FPSCR_AHP,
  IOC,
  isNaNKind,
  Kind,
  maxMinNum,
  mul,
  processNaN,
  ROUND_NEAREST,
  roundInt,
  toFixed,
  UFC,
  unpack,
} from '../vfp/softfloat.js';
import { getU, type SimdState, set } from './elements.js';
import { accumulateFlags, ROUNDING_BY_LETTER, type SimdFp, standardFp } from './fp-state.js';

/** RecipEstimate: a in [256, 512) → r in [256, 512). */
function recipEstimate(a: number): number {
  const b = Math.floor(2 ** 19 / (a * 2 + 1));
  return (b + 1) >> 1;
}

/** RecipSqrtEstimate: a in [128, 512) → r in [256, 512). */
function recipSqrtEstimate(a0: number): number {
  const a = a0 < 256 ? a0 * 2 + 1 : (((a0 >> 1) << 1) + 1) * 2;
  let b = 512;
  while (a * (b + 1) * (b + 1) < 2 ** 28) b++;
  return (b + 1) >> 1;
}

function recipEstimateF32(x: number, fp: SimdFp): number {
  const u = unpack(F32, x, fp);
  const sign = (x >>> 31) << 31;
  if (isNaNKind(u.kind)) return Number(processNaN(F32, x, u.kind, fp));
  if (u.kind === Kind.Infinity) return sign >>> 0;
  if (u.kind === Kind.Zero) {
    fp.fpscr |= DZC;
    return (sign | 0x7f800000) >>> 0;
  }
  const exp = (x >>> 23) & 0xff;
  if (exp >= 253) {
    // |x| ≥ 2^126: the reciprocal is below the normal range, flushed (FZ).
    fp.fpscr |= UFC;
    return sign >>> 0;
  }
  const estimate = recipEstimate(0x100 | ((x >>> 15) & 0xff));
  const resultExp = 253 - exp;
  return (sign | (resultExp << 23) | ((estimate & 0xff) << 15)) >>> 0;
}

function rsqrtEstimateF32(x: number, fp: SimdFp): number {
  const u = unpack(F32, x, fp);
  if (isNaNKind(u.kind)) return Number(processNaN(F32, x, u.kind, fp));
  if (u.kind === Kind.Zero) {
    fp.fpscr |= DZC;
    return ((x & 0x80000000) | 0x7f800000) >>> 0;
  }
  if (u.sign === 1) {
    fp.fpscr |= IOC;
    return 0x7fc00000;
  }
  if (u.kind === Kind.Infinity) return 0;
  const exp = (x >>> 23) & 0xff;
  const fraction = x & 0x7fffff;
  const scaled = (exp & 1) === 0 ? 0x100 | (fraction >>> 15) : 0x80 | (fraction >>> 16);
  const estimate = recipSqrtEstimate(scaled);
  const resultExp = Math.floor((380 - exp) / 2);
  return ((resultExp << 23) | ((estimate & 0xff) << 15)) >>> 0;
}

function isZeroOrDenormal(x: number): boolean {
  return (x & 0x7f800000) === 0;
}

function isInfinity(x: number): boolean {
  return (x & 0x7fffffff) === 0x7f800000;
}

/** VRECPS (2 − a × b) and VRSQRTS ((3 − a × b) / 2), with ∞ × 0 giving 2.0 / 1.5 (a denormal there: IDC). */
function step(op: string, a: number, b: number, fp: SimdFp): number {
  if ((isInfinity(a) && isZeroOrDenormal(b)) || (isInfinity(b) && isZeroOrDenormal(a))) {
    if ((a & 0x7fffffff) !== 0 && (b & 0x7fffffff) !== 0) fp.fpscr |= 0x80;
    return op === 'vrecps' ? 0x40000000 : 0x3fc00000;
  }
  const product = Number(mul(F32, a, b, fp));
  if (op === 'vrecps') return Number(add(F32, 0x40000000, product, fp, true));
  return Number(div(F32, Number(add(F32, 0x40400000, product, fp, true)), 0x40000000, fp));
}

/** The unary forms of this module on f32 (or u32) elements: `op` as the decoder names it, `type` its data type. */
export function simdEstimate(st: SimdState, op: string, type: string, regs: number, d: number, m: number): void {
  const vfp = st.vfp;
  const fp = standardFp(st, FPSCR_AHP);
  const count = 2 * regs;
  const out = new Array<number>(count);
  for (let e = 0; e < count; e++) {
    const x = vfp[2 * m + e]!;
    let v: number;
    if (op === 'vrecpe')
      v =
        type === 'u32'
          ? (x & 0x80000000) === 0
            ? 0xffffffff
            : recipEstimate(x >>> 23) << 23
          : recipEstimateF32(x, fp);
    else if (op === 'vrsqrte')
      v =
        type === 'u32'
          ? (x & 0xc0000000) === 0
            ? 0xffffffff
            : recipSqrtEstimate(x >>> 23) << 23
          : rsqrtEstimateF32(x, fp);
    else if (op.startsWith('vrint')) v = Number(roundInt(F32, x, ROUNDING_BY_LETTER[op[5]!]!, op === 'vrintx', fp));
    // VCVTA / VCVTN / VCVTP / VCVTM to s32 / u32.
    else v = toFixed(F32, x, 32, type === 'u32', 0, ROUNDING_BY_LETTER[op[4]!]!, fp);
    out[e] = v >>> 0;
  }
  for (let e = 0; e < count; e++) vfp[2 * d + e] = out[e]!;
  accumulateFlags(st, fp);
}

/** VRECPS / VRSQRTS / VMAXNM / VMINNM (f32, three registers). */
export function simdStep(st: SimdState, op: string, regs: number, d: number, n: number, m: number): void {
  const vfp = st.vfp;
  const fp = standardFp(st, FPSCR_AHP);
  const count = 2 * regs;
  const out = new Array<number>(count);
  for (let e = 0; e < count; e++) {
    const a = vfp[2 * n + e]!;
    const b = vfp[2 * m + e]!;
    out[e] =
      (op === 'vmaxnm' || op === 'vminnm' ? Number(maxMinNum(F32, a, b, op === 'vmaxnm', fp)) : step(op, a, b, fp)) >>>
      0;
  }
  for (let e = 0; e < count; e++) vfp[2 * d + e] = out[e]!;
  accumulateFlags(st, fp);
}

/** VCVT.F16.F32 (Dd ← Qm) and VCVT.F32.F16 (Qd ← Dm). */
export function simdConvertHalf(st: SimdState, toHalf: boolean, d: number, m: number): void {
  const vfp = st.vfp;
  const fp = standardFp(st, FPSCR_AHP);
  const ahp = (st.fpscr & FPSCR_AHP) !== 0;
  const out = new Array<number>(4);
  for (let e = 0; e < 4; e++)
    out[e] = toHalf
      ? Number(convert(F16, F32, vfp[2 * m + e]!, ROUND_NEAREST, fp, ahp)) & 0xffff
      : Number(convert(F32, F16, getU(vfp, m, e, 16), ROUND_NEAREST, fp, ahp)) >>> 0;
  for (let e = 0; e < 4; e++) set(vfp, d, e, toHalf ? 16 : 32, out[e]!);
  accumulateFlags(st, fp);
}
