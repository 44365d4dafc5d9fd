/**
 * Advanced SIMD byte extraction, table lookup and duplication: VEXT, VTBL / VTBX, VDUP (scalar and core
 * register) and VMOV between a core register and an 8- or 16-bit scalar.
 */
import { get, getU, type SimdState, set } from './elements.js';

/** VEXT.8: bytes imm … of Vn:Vm (Vn the low end), `regs` registers long. */
export function simdExtract(st: SimdState, regs: number, d: number, n: number, m: number, imm: number): void {
  const vfp = st.vfp;
  const size = 8 * regs;
  const cat: number[] = [];
  for (let j = 0; j < size; j++) cat.push(getU(vfp, n, j, 8));
  for (let j = 0; j < size; j++) cat.push(getU(vfp, m, j, 8));
  for (let j = 0; j < size; j++) set(vfp, d, j, 8, cat[imm + j]!);
}

/** VTBL / VTBX: each byte of Dm indexes the table of `length` registers from D<n>; out of range gives 0 (VTBL) or keeps Dd (VTBX). */
export function simdTable(st: SimdState, extend: boolean, d: number, n: number, length: number, m: number): void {
  const vfp = st.vfp;
  const table: number[] = [];
  for (let r = 0; r < length; r++) for (let j = 0; j < 8; j++) table.push(getU(vfp, n + r, j, 8));
  const index: number[] = [];
  for (let j = 0; j < 8; j++) index.push(getU(vfp, m, j, 8));
  for (let j = 0; j < 8; j++) {
    const i = index[j]!;
    if (i < table.length) set(vfp, d, j, 8, table[i]!);
    else if (!extend) set(vfp, d, j, 8, 0);
  }
}

/** VDUP (scalar): every element of the destination = element `lane` of D<m>. */
export function simdDuplicateScalar(
  st: SimdState,
  bits: number,
  regs: number,
  d: number,
  m: number,
  lane: number,
): void {
  const vfp = st.vfp;
  const v = getU(vfp, m, lane, bits);
  const count = (regs * 64) / bits;
  for (let e = 0; e < count; e++) set(vfp, d, e, bits, v);
}

/** VDUP (core register): every element = the low `bits` bits of the value. */
export function simdDuplicateCore(st: SimdState, bits: number, regs: number, d: number, value: number): void {
  const vfp = st.vfp;
  const count = (regs * 64) / bits;
  for (let e = 0; e < count; e++) set(vfp, d, e, bits, value);
}

/** VMOV core register ← 8/16-bit scalar (sign- or zero-extended). */
export function simdScalarToCore(st: SimdState, bits: number, signed: boolean, n: number, lane: number): number {
  return get(st.vfp, n, lane, bits, signed) | 0;
}

/** VMOV 8/16-bit scalar ← core register (the low bits). */
export function simdCoreToScalar(st: SimdState, bits: number, n: number, lane: number, value: number): void {
  set(st.vfp, n, lane, bits, value);
}
