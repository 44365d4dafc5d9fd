/**
 * 64-bit arithmetic on 32-bit halves without BigInt (the long multiplies are hot in compiled C).
 * Results are left in `wide.lo` / `wide.hi` as int32 values.
 */
export const wide = { lo: 0, hi: 0 };

const TWO32 = 4294967296;

/** Unsigned or signed 32 × 32 → 64-bit product into `wide`. */
export function mul64(a: number, b: number, signed: boolean): void {
  const ua = a >>> 0;
  const ub = b >>> 0;
  const aL = ua & 0xffff;
  const aH = ua >>> 16;
  const bL = ub & 0xffff;
  const bH = ub >>> 16;
  const ll = aL * bL;
  const mid = aL * bH + aH * bL; // < 2^33
  const midLow = mid % 65536;
  let lo = ll + midLow * 65536; // < 2^33
  let hi = aH * bH + Math.floor(mid / 65536);
  if (lo >= TWO32) {
    hi += Math.floor(lo / TWO32);
    lo %= TWO32;
  }
  if (signed) {
    if ((a | 0) < 0) hi -= ub;
    if ((b | 0) < 0) hi -= ua;
  }
  wide.lo = lo | 0;
  wide.hi = hi | 0;
}

/** wide += hi:lo (64-bit wrap-around). */
export function add64(hi: number, lo: number): void {
  const sum = (wide.lo >>> 0) + (lo >>> 0);
  wide.lo = sum | 0;
  wide.hi = (wide.hi + hi + (sum >= TWO32 ? 1 : 0)) | 0;
}

/** wide -= hi:lo (64-bit wrap-around). */
export function sub64(hi: number, lo: number): void {
  const diff = (wide.lo >>> 0) - (lo >>> 0);
  wide.lo = diff | 0;
  wide.hi = (wide.hi - hi - (diff < 0 ? 1 : 0)) | 0;
}

/** wide = sign-extended 64-bit value of a (safe) integer. */
export function set64(value: number): void {
  wide.lo = value | 0;
  wide.hi = Math.floor(value / TWO32) | 0;
}
