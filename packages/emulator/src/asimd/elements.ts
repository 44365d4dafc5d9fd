/**
 * Advanced SIMD element access on the shared register file: `cpu.vfp` holds D<n> as words 2n (bits 31:0) and
 * 2n + 1 (bits 63:32); Q<n> is D<2n>:D<2n+1>, so the elements of a Q register continue from its first D into
 * its second. Element e of `bits` bits of the vector starting at D<d> is bits (e × bits) mod 32 … of word
 * 2d + (e × bits) / 32: addressing by words keeps this independent of the host's byte order.
 *
 * Elements of 8–32 bits are JavaScript numbers (signed or unsigned by the caller's choice); 64-bit elements are
 * BigInts. FPSCR.QC (bit 27) is the cumulative saturation flag.
 */

export const FPSCR_QC = 1 << 27;

/** The register file and FPSCR the Advanced SIMD helpers work on (a Cpu). */
export interface SimdState {
  readonly vfp: Uint32Array;
  fpscr: number;
}

/** Element e (8, 16 or 32 bits) of the vector at D<d>, zero-extended. */
export function getU(vfp: Uint32Array, d: number, e: number, bits: number): number {
  const bit = e * bits;
  const w = vfp[2 * d + (bit >>> 5)]!;
  return bits === 32 ? w : (w >>> (bit & 31)) & ((1 << bits) - 1);
}

/** Element e (8, 16 or 32 bits) of the vector at D<d>, sign-extended. */
export function getS(vfp: Uint32Array, d: number, e: number, bits: number): number {
  const bit = e * bits;
  const w = vfp[2 * d + (bit >>> 5)]!;
  if (bits === 32) return w | 0;
  const shift = 32 - bits;
  return ((w >>> (bit & 31)) << shift) >> shift;
}

export function get(vfp: Uint32Array, d: number, e: number, bits: number, signed: boolean): number {
  return signed ? getS(vfp, d, e, bits) : getU(vfp, d, e, bits);
}

/** Writes the low `bits` bits of v to element e of the vector at D<d>. */
export function set(vfp: Uint32Array, d: number, e: number, bits: number, v: number): void {
  const bit = e * bits;
  const i = 2 * d + (bit >>> 5);
  if (bits === 32) {
    vfp[i] = v >>> 0;
    return;
  }
  const shift = bit & 31;
  const mask = ((1 << bits) - 1) << shift;
  vfp[i] = ((vfp[i]! & ~mask) | ((v << shift) & mask)) >>> 0;
}

/** 64-bit element e of the vector at D<d>. */
export function get64(vfp: Uint32Array, d: number, e: number, signed: boolean): bigint {
  const v = (BigInt(vfp[2 * (d + e) + 1]!) << 32n) | BigInt(vfp[2 * (d + e)]!);
  return signed ? BigInt.asIntN(64, v) : v;
}

export function set64(vfp: Uint32Array, d: number, e: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  vfp[2 * (d + e)] = Number(u & 0xffffffffn);
  vfp[2 * (d + e) + 1] = Number(u >> 32n);
}

/** All `count` elements of the vector at D<d>. */
export function readVector(vfp: Uint32Array, d: number, count: number, bits: number, signed: boolean): number[] {
  const out = new Array<number>(count);
  for (let e = 0; e < count; e++) out[e] = signed ? getS(vfp, d, e, bits) : getU(vfp, d, e, bits);
  return out;
}

export function writeVector(vfp: Uint32Array, d: number, bits: number, values: readonly number[]): void {
  for (let e = 0; e < values.length; e++) set(vfp, d, e, bits, values[e]!);
}

export function readVector64(vfp: Uint32Array, d: number, count: number, signed: boolean): bigint[] {
  const out = new Array<bigint>(count);
  for (let e = 0; e < count; e++) out[e] = get64(vfp, d, e, signed);
  return out;
}

export function writeVector64(vfp: Uint32Array, d: number, values: readonly bigint[]): void {
  for (let e = 0; e < values.length; e++) set64(vfp, d, e, values[e]!);
}

/** The range of a `bits`-bit integer. */
export function minOf(bits: number, signed: boolean): number {
  return signed ? -(2 ** (bits - 1)) : 0;
}

export function maxOf(bits: number, signed: boolean): number {
  return signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
}

/** Saturates an exact integer (|v| < 2^53) to `bits` bits, setting FPSCR.QC when it had to. */
export function saturate(st: SimdState, v: number, bits: number, signed: boolean): number {
  const lo = minOf(bits, signed);
  const hi = maxOf(bits, signed);
  if (v > hi) {
    st.fpscr = (st.fpscr | FPSCR_QC) >>> 0;
    return hi;
  }
  if (v < lo) {
    st.fpscr = (st.fpscr | FPSCR_QC) >>> 0;
    return lo;
  }
  return v;
}

export function saturate64(st: SimdState, v: bigint, bits: number, signed: boolean): bigint {
  const b = BigInt(bits);
  const lo = signed ? -(1n << (b - 1n)) : 0n;
  const hi = signed ? (1n << (b - 1n)) - 1n : (1n << b) - 1n;
  if (v > hi) {
    st.fpscr = (st.fpscr | FPSCR_QC) >>> 0;
    return hi;
  }
  if (v < lo) {
    st.fpscr = (st.fpscr | FPSCR_QC) >>> 0;
    return lo;
  }
  return v;
}

/** The low `bits` bits (8, 16 or 32) of an integer-valued number, unsigned (ToUint32 is exact modular reduction). */
export function wrap(v: number, bits: number): number {
  return bits === 32 ? v >>> 0 : (v >>> 0) & ((1 << bits) - 1);
}

/** floor(v / 2^n) for an exact integer v and 0 ≤ n (n may reach 64). */
export function shiftRight(v: number, n: number): number {
  return Math.floor(v / 2 ** n);
}
