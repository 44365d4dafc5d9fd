/**
 * Advanced SIMD half-precision arithmetic (ARMv8.2 FP16, which qemu-arm's default CPU has): the f16 forms of
 * the three-same, by-scalar and miscellaneous classes. Standard FPSCR value (round to nearest, default NaN) with
 * FPSCR.FZ16 deciding flush-to-zero (no IDC for half precision); flags accumulate in FPSCR.
 */
import {
  add,
  compare,
  F16,
  FPSCR_FZ16,
  fromFixed,
  maxMinNum,
  mul,
  mulAdd,
  ROUND_NEAREST,
  ROUND_ZERO,
  roundInt,
  toFixed,
} from '../vfp/softfloat.js';
import { getU, type SimdState, set } from './elements.js';
import { maxMin, THREE_SAME_F32 } from './float.js';
import { accumulateFlags, ROUNDING_BY_LETTER, type SimdFp, standardFp, zeroCompareHolds } from './fp-state.js';

const ONES = 0xffff;

function element(op: string, a: number, b: number, acc: number, fp: SimdFp): number {
  switch (op) {
    case 'vadd':
    case 'vpadd':
      return Number(add(F16, a, b, fp));
    case 'vsub':
      return Number(add(F16, a, b, fp, true));
    case 'vmul':
      return Number(mul(F16, a, b, fp));
    case 'vmla':
      return Number(add(F16, acc, Number(mul(F16, a, b, fp)), fp));
    case 'vmls':
      return Number(add(F16, acc, Number(mul(F16, a, b, fp)), fp, true));
    case 'vfma':
      return Number(mulAdd(F16, acc, a, b, fp));
    case 'vfms':
      return Number(mulAdd(F16, acc, a ^ 0x8000, b, fp));
    case 'vabd':
      return Number(add(F16, a, b, fp, true)) & 0x7fff;
    case 'vceq':
      return compare(F16, a, b, false, fp) === 0b0110 ? ONES : 0;
    case 'vcge': {
      const c = compare(F16, a, b, true, fp);
      return c === 0b0110 || c === 0b0010 ? ONES : 0;
    }
    case 'vcgt':
      return compare(F16, a, b, true, fp) === 0b0010 ? ONES : 0;
    case 'vacge': {
      const c = compare(F16, a & 0x7fff, b & 0x7fff, true, fp);
      return c === 0b0110 || c === 0b0010 ? ONES : 0;
    }
    case 'vacgt':
      return compare(F16, a & 0x7fff, b & 0x7fff, true, fp) === 0b0010 ? ONES : 0;
    case 'vmax':
    case 'vpmax':
      return maxMin(F16, a, b, true, fp);
    case 'vmin':
    case 'vpmin':
      return maxMin(F16, a, b, false, fp);
    case 'vmaxnm':
    case 'vminnm':
      return Number(maxMinNum(F16, a, b, op === 'vmaxnm', fp));
    default:
      throw new Error(`simdThreeHalf: no operation '${op}'`);
  }
}

export const THREE_SAME_F16 = new Set([...THREE_SAME_F32, 'vmaxnm', 'vminnm']);

/** Three-same f16 (`scalarReg` < 0), or by scalar: element `lane` of D<scalarReg> (VMUL / VMLA / VMLS). */
export function simdThreeHalf(
  st: SimdState,
  op: string,
  regs: number,
  d: number,
  n: number,
  m: number,
  scalarReg: number,
  lane: number,
): void {
  const vfp = st.vfp;
  const fp = standardFp(st, FPSCR_FZ16);
  const count = 4 * regs;
  const out = new Array<number>(count);
  if (op === 'vpadd' || op === 'vpmax' || op === 'vpmin') {
    const cat: number[] = [];
    for (let e = 0; e < 4; e++) cat.push(getU(vfp, n, e, 16));
    for (let e = 0; e < 4; e++) cat.push(getU(vfp, m, e, 16));
    for (let e = 0; e < 4; e++) out[e] = element(op, cat[2 * e]!, cat[2 * e + 1]!, 0, fp);
  } else {
    const s = scalarReg < 0 ? 0 : getU(vfp, scalarReg, lane, 16);
    for (let e = 0; e < count; e++)
      out[e] = element(op, getU(vfp, n, e, 16), scalarReg < 0 ? getU(vfp, m, e, 16) : s, getU(vfp, d, e, 16), fp);
  }
  for (let e = 0; e < count; e++) set(vfp, d, e, 16, out[e]!);
  accumulateFlags(st, fp);
}

/** Miscellaneous f16: VABS VNEG, compares with zero, VCVT f16 ↔ s16/u16, VRINT*, VCVTA/N/P/M. */
export function simdMiscHalf(st: SimdState, op: string, to: string, from: string, regs: number, d: number, m: number) {
  const vfp = st.vfp;
  const fp = standardFp(st, FPSCR_FZ16);
  const count = 4 * regs;
  const out = new Array<number>(count);
  for (let e = 0; e < count; e++) {
    const x = getU(vfp, m, e, 16);
    let v: number;
    if (op === 'vabs') v = x & 0x7fff;
    else if (op === 'vneg') v = x ^ 0x8000;
    else if (op === 'vceq') v = compare(F16, x, 0, false, fp) === 0b0110 ? ONES : 0;
    else if (op === 'vcge' || op === 'vcgt' || op === 'vcle' || op === 'vclt') {
      v = zeroCompareHolds(op, compare(F16, x, 0, true, fp)) ? ONES : 0;
    } else if (op.startsWith('vrint')) v = Number(roundInt(F16, x, ROUNDING_BY_LETTER[op[5]!]!, op === 'vrintx', fp));
    else if (op === 'vcvt')
      v =
        to === 'f16'
          ? Number(fromFixed(F16, x, 16, from === 'u16', 0, ROUND_NEAREST, fp))
          : toFixed(F16, x, 16, to === 'u16', 0, ROUND_ZERO, fp);
    else v = toFixed(F16, x, 16, to === 'u16', 0, ROUNDING_BY_LETTER[op[4]!]!, fp);
    out[e] = v & 0xffff;
  }
  for (let e = 0; e < count; e++) set(vfp, d, e, 16, out[e]!);
  accumulateFlags(st, fp);
}
