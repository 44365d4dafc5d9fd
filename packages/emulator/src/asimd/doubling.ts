/**
 * Advanced SIMD saturating doubling multiplies (signed 16- and 32-bit elements): VQDMULL / VQDMLAL / VQDMLSL
 * (long), VQDMULH / VQRDMULH (high half) and the ARMv8.1 VQRDMLAH / VQRDMLSH, by vector or by scalar. Each
 * saturation sets FPSCR.QC. Products are exact (BigInt).
 */
import { get, get64, type SimdState, saturate64, set, set64 } from './elements.js';

/**
 * `scalarReg` < 0: the second operand is the vector at D<m>; otherwise element `lane` of D<scalarReg>.
 * Long forms write 2 × bits elements to Q<d/2> from D<n>; the others write `regs` registers of `bits` elements.
 */
export function simdDoubling(
  st: SimdState,
  op: string,
  bits: number,
  regs: number,
  d: number,
  n: number,
  m: number,
  scalarReg: number,
  lane: number,
): void {
  const vfp = st.vfp;
  const long = op === 'vqdmull' || op === 'vqdmlal' || op === 'vqdmlsl';
  const count = long ? 64 / bits : (regs * 64) / bits;
  const b = BigInt(bits);
  const scalar = scalarReg < 0 ? 0n : BigInt(get(vfp, scalarReg, lane, bits, true));
  const out = new Array<bigint>(count);
  for (let e = 0; e < count; e++) {
    const x = BigInt(get(vfp, n, e, bits, true));
    const y = scalarReg < 0 ? BigInt(get(vfp, m, e, bits, true)) : scalar;
    const product = 2n * x * y;
    if (long) {
      const p = saturate64(st, product, 2 * bits, true);
      const acc = bits === 32 ? get64(vfp, d, e, true) : BigInt(get(vfp, d, e, 2 * bits, true));
      out[e] = op === 'vqdmull' ? p : saturate64(st, op === 'vqdmlal' ? acc + p : acc - p, 2 * bits, true);
      continue;
    }
    const round = op === 'vqdmulh' ? 0n : 1n << (b - 1n);
    let v: bigint;
    if (op === 'vqrdmlah' || op === 'vqrdmlsh') {
      const acc = BigInt(get(vfp, d, e, bits, true)) << b;
      v = (op === 'vqrdmlah' ? acc + product : acc - product) + round;
    } else v = product + round;
    out[e] = saturate64(st, v >> b, bits, true);
  }
  for (let e = 0; e < count; e++) {
    if (long && bits === 32) set64(vfp, d, e, out[e]!);
    else set(vfp, d, e, long ? 2 * bits : bits, Number(BigInt.asIntN(32, out[e]!)));
  }
}
