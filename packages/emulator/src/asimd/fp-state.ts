/**
 * The floating-point state an Advanced SIMD instruction computes with, shared by the f32, f16 and estimate
 * forms: the ARM ARM's StandardFPSCRValue (round to nearest, default NaN, flush-to-zero), keeping the bits of
 * the FPSCR that still apply (AHP, FZ16), with the instruction's exception flags accumulated back into the FPSCR.
 */
import {
  FPSCR_DN,
  FPSCR_FZ,
  ROUND_AWAY,
  ROUND_MINUS,
  ROUND_NEAREST,
  ROUND_PLUS,
  ROUND_ZERO,
  type RoundingMode,
} from '../vfp/softfloat.js';
import type { SimdState } from './elements.js';

/** The softfloat state of one instruction: its FPSCR value, exception flags starting clear. */
export interface SimdFp {
  fpscr: number;
}

/** The standard FPSCR value, with `st`'s FPSCR bits in `keep` (FPSCR_AHP, FPSCR_FZ16, or 0). */
export function standardFp(st: SimdState, keep: number): SimdFp {
  return { fpscr: (FPSCR_DN | FPSCR_FZ | (st.fpscr & keep)) >>> 0 };
}

/** Accumulates the cumulative exception flags (IOC DZC OFC UFC IXC, IDC) the instruction raised into the FPSCR. */
export function accumulateFlags(st: SimdState, fp: SimdFp): void {
  st.fpscr = (st.fpscr | (fp.fpscr & 0x9f)) >>> 0;
}

/** The rounding of VRINT{N,X,A,Z,M,P} and VCVT{A,N,P,M} by the letter after the mnemonic's stem. */
export const ROUNDING_BY_LETTER: Readonly<Record<string, RoundingMode>> = {
  n: ROUND_NEAREST,
  x: ROUND_NEAREST,
  a: ROUND_AWAY,
  z: ROUND_ZERO,
  m: ROUND_MINUS,
  p: ROUND_PLUS,
};

/**
 * Whether a compare-with-zero (`vcge`, `vcgt`, `vcle`, `vclt`) holds, from softfloat's `compare` result (NZCV:
 * 0110 equal, 0010 greater, 1000 less, 0011 unordered).
 */
export function zeroCompareHolds(op: string, nzcv: number): boolean {
  if (op === 'vcge') return nzcv === 0b0110 || nzcv === 0b0010;
  if (op === 'vcgt') return nzcv === 0b0010;
  if (op === 'vcle') return nzcv === 0b0110 || nzcv === 0b1000;
  return nzcv === 0b1000;
}
