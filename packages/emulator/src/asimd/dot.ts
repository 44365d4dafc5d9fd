/**
 * Advanced SIMD 8-bit dot products (ARMv8.2 VSDOT / VUDOT, ARMv8.6 VUSDOT / VSUDOT): each 32-bit element of the
 * destination adds the four products of the corresponding bytes of Vn and Vm (or of the 32-bit scalar
 * Dm[lane] for the by-element forms). VUSDOT: Vn unsigned, Vm signed; VSUDOT: Vn signed, the scalar unsigned.
 */
import { get, type SimdState, set } from './elements.js';

/** `lane` < 0: Vm is a vector; otherwise the second operand is 32-bit element `lane` of D<m>, for every element. */
export function simdDot(st: SimdState, op: string, regs: number, d: number, n: number, m: number, lane: number): void {
  const vfp = st.vfp;
  const nSigned = op === 'vsdot' || op === 'vsudot';
  const mSigned = op === 'vsdot' || op === 'vusdot';
  const count = 2 * regs;
  const out = new Array<number>(count);
  for (let e = 0; e < count; e++) {
    let sum = vfp[2 * d + e]!;
    for (let k = 0; k < 4; k++) {
      const a = get(vfp, n, 4 * e + k, 8, nSigned);
      const b = lane < 0 ? get(vfp, m, 4 * e + k, 8, mSigned) : get(vfp, m, 4 * lane + k, 8, mSigned);
      sum += a * b;
    }
    out[e] = sum >>> 0;
  }
  for (let e = 0; e < count; e++) set(vfp, d, e, 32, out[e]!);
}
