/**
 * Advanced SIMD single-precision operations. They compute under the ARM ARM's StandardFPSCRValue — round to
 * nearest, flush-to-zero, default NaN, whatever FPSCR's control bits say — and accumulate the exception flags
 * (IOC DZC OFC UFC IXC IDC) into the real FPSCR. Exact arithmetic from ../vfp/softfloat.ts.
 */

import { fastSingle } from '../vfp/fast-path.js';
import {
  add,
  compare,
  F32,
  type Format,
  fromFixed,
  Kind,
  mul,
  mulAdd,
  processNaNs,
  ROUND_NEAREST,
  ROUND_ZERO,
  toFixed,
  unpack,
} from '../vfp/softfloat.js';
import { type SimdState, set } from './elements.js';
import { accumulateFlags, standardFp, zeroCompareHolds } from './fp-state.js';

/** Scratch words for the fast path: two operands and the result, as bits and as floats (one buffer). */
const scratchBits = new Uint32Array(3);
const scratchFloats = new Float32Array(scratchBits.buffer);

/** A normal number: neither zero, denormal (which FZ flushes), infinite nor NaN. */
function isNormal(x: number): boolean {
  const e = (x >>> 23) & 0xff;
  return e !== 0 && e !== 0xff;
}

/**
 * VADD / VSUB / VMUL of two normal operands whose result is a normal number: flush-to-zero and default NaN
 * cannot matter, so the VFP fast path (IEEE double arithmetic rounded by Math.fround, exact Inexact) gives the
 * architected bits. Returns them, or -1 when the case needs the exact path.
 */
function fast(op: string, a: number, b: number, fp: { fpscr: number }): number {
  if (!isNormal(a) || !isNormal(b)) return -1;
  scratchBits[0] = a;
  scratchBits[1] = b;
  return fastSingle(scratchFloats, fp, op, 2, 0, 1) ? scratchBits[2]! : -1;
}

/**
 * VMAX/VMIN of two elements of `format` (f32 or f16), the ARM ARM's FPMax/FPMin: NaNs propagate (default NaN),
 * +0 above −0 when both are zeros, a flushed denormal gives a zero.
 */
export function maxMin(format: Format, x: number, y: number, max: boolean, fp: { fpscr: number }): number {
  const a = unpack(format, x, fp);
  const b = unpack(format, y, fp);
  const nan = processNaNs(format, [x, y], [a.kind, b.kind], fp);
  if (nan !== null) return Number(nan);
  let pickA: boolean;
  if (a.kind === Kind.Zero && b.kind === Kind.Zero) pickA = max ? a.sign === 0 : a.sign === 1;
  else {
    // NZCV: 0b0010 above, 0b1000 below (no NaN is left to compare unordered).
    const c = compare(format, x, y, false, fp);
    pickA = max ? c === 0b0010 : c === 0b1000;
  }
  const u = pickA ? a : b;
  if (u.kind === Kind.Zero) return u.sign === 1 ? 2 ** (format.size - 1) : 0;
  return pickA ? x : y;
}

function absBits(x: number): number {
  return (x & 0x7fffffff) >>> 0;
}

/** The f32 three-same operations this module implements. */
export const THREE_SAME_F32 = new Set([
  'vadd',
  'vsub',
  'vmul',
  'vmla',
  'vmls',
  'vfma',
  'vfms',
  'vabd',
  'vceq',
  'vcge',
  'vcgt',
  'vacge',
  'vacgt',
  'vmax',
  'vmin',
  'vpadd',
  'vpmax',
  'vpmin',
]);

function floatElement(op: string, a: number, b: number, acc: number, fp: { fpscr: number }): number {
  switch (op) {
    case 'vadd':
    case 'vsub':
    case 'vmul': {
      const r = fast(op, a, b, fp);
      if (r >= 0) return r;
      return op === 'vmul' ? Number(mul(F32, a, b, fp)) : Number(add(F32, a, b, fp, op === 'vsub'));
    }
    case 'vmla':
    case 'vmls': {
      let p = fast('vmul', a, b, fp);
      if (p < 0) p = Number(mul(F32, a, b, fp));
      const r = fast(op === 'vmla' ? 'vadd' : 'vsub', acc, p, fp);
      if (r >= 0) return r;
      return Number(add(F32, acc, p, fp, op === 'vmls'));
    }
    case 'vfma':
      return Number(mulAdd(F32, acc, a, b, fp));
    case 'vfms':
      return Number(mulAdd(F32, acc, (a ^ 0x80000000) >>> 0, b, fp));
    case 'vabd':
      return absBits(Number(add(F32, a, b, fp, true)));
    case 'vceq':
      return compare(F32, a, b, false, fp) === 0b0110 ? 0xffffffff : 0;
    case 'vcge': {
      const c = compare(F32, a, b, true, fp);
      return c === 0b0110 || c === 0b0010 ? 0xffffffff : 0;
    }
    case 'vcgt':
      return compare(F32, a, b, true, fp) === 0b0010 ? 0xffffffff : 0;
    case 'vacge': {
      const c = compare(F32, absBits(a), absBits(b), true, fp);
      return c === 0b0110 || c === 0b0010 ? 0xffffffff : 0;
    }
    case 'vacgt':
      return compare(F32, absBits(a), absBits(b), true, fp) === 0b0010 ? 0xffffffff : 0;
    case 'vmax':
    case 'vpmax':
      return maxMin(F32, a, b, true, fp);
    case 'vmin':
    case 'vpmin':
      return maxMin(F32, a, b, false, fp);
    default:
      throw new Error(`simdThreeFloat: no operation '${op}'`);
  }
}

/** Three registers of the same length, f32. */
export function simdThreeFloat(st: SimdState, op: string, regs: number, d: number, n: number, m: number): void {
  const vfp = st.vfp;
  const fp = standardFp(st, 0);
  const count = 2 * regs;
  const out = new Array<number>(count);
  if (op === 'vpadd' || op === 'vpmax' || op === 'vpmin') {
    const cat = [vfp[2 * n]!, vfp[2 * n + 1]!, vfp[2 * m]!, vfp[2 * m + 1]!];
    const f = op === 'vpadd' ? 'vadd' : op;
    for (let e = 0; e < 2; e++) out[e] = floatElement(f, cat[2 * e]!, cat[2 * e + 1]!, 0, fp) >>> 0;
  } else {
    for (let e = 0; e < count; e++)
      out[e] = floatElement(op, vfp[2 * n + e]!, vfp[2 * m + e]!, vfp[2 * d + e]!, fp) >>> 0;
  }
  for (let e = 0; e < count; e++) vfp[2 * d + e] = out[e]!;
  accumulateFlags(st, fp);
}

/** VMUL / VMLA / VMLS (by scalar), f32. */
export function simdByScalarFloat(
  st: SimdState,
  op: string,
  regs: number,
  d: number,
  n: number,
  scalarReg: number,
  lane: number,
): void {
  const vfp = st.vfp;
  const fp = standardFp(st, 0);
  const s = vfp[2 * scalarReg + lane]!;
  const count = 2 * regs;
  const out = new Array<number>(count);
  for (let e = 0; e < count; e++) out[e] = floatElement(op, vfp[2 * n + e]!, s, vfp[2 * d + e]!, fp) >>> 0;
  for (let e = 0; e < count; e++) vfp[2 * d + e] = out[e]!;
  accumulateFlags(st, fp);
}

/**
 * Two registers, miscellaneous, f32: VABS VNEG (sign bit only), comparisons with zero, and VCVT between f32
 * and s32/u32 (to integer: round towards zero; from integer: round to nearest). `to`/`from` are the data types.
 */
export function simdMiscFloat(
  st: SimdState,
  op: string,
  to: string,
  from: string,
  regs: number,
  d: number,
  m: number,
  fbits: number,
): void {
  const vfp = st.vfp;
  const fp = standardFp(st, 0);
  const count = 2 * regs;
  const out = new Array<number>(count);
  for (let e = 0; e < count; e++) {
    const x = vfp[2 * m + e]!;
    let v: number;
    switch (op) {
      case 'vabs':
        v = absBits(x);
        break;
      case 'vneg':
        v = (x ^ 0x80000000) >>> 0;
        break;
      case 'vceq':
        v = compare(F32, x, 0, false, fp) === 0b0110 ? 0xffffffff : 0;
        break;
      case 'vcge':
      case 'vcgt':
      case 'vcle':
      case 'vclt':
        v = zeroCompareHolds(op, compare(F32, x, 0, true, fp)) ? 0xffffffff : 0;
        break;
      case 'vcvt':
        v =
          to === 'f32'
            ? Number(fromFixed(F32, x, 32, from === 'u32', fbits, ROUND_NEAREST, fp))
            : toFixed(F32, x, 32, to === 'u32', fbits, ROUND_ZERO, fp) >>> 0;
        break;
      default:
        throw new Error(`simdMiscFloat: no operation '${op}'`);
    }
    out[e] = v >>> 0;
  }
  for (let e = 0; e < count; e++) set(vfp, d, e, 32, out[e]!);
  accumulateFlags(st, fp);
}
