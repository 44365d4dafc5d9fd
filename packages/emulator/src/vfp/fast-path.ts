/**
 * A shortcut for the common case of VADD/VSUB/VMUL/VDIV in single and double precision: FPSCR in its default
 * state (round to nearest, no flush-to-zero, no default NaN) and finite operands whose result is a finite
 * normal number. Then IEEE binary64 arithmetic (JavaScript numbers) gives the architected result — for single
 * precision, the double result rounded by Math.fround (double has more than 2 × 24 + 2 bits, so that is not
 * double rounding) — and the exact error terms (TwoSum, Dekker's TwoProduct, the division's remainder) decide
 * Inexact. Anything else (NaNs, infinities, zeros, results that may overflow or underflow) returns false and
 * goes to the exact software path.
 */

const SPLITTER = 134217729; // 2^27 + 1
const MIN_NORMAL64 = 2 ** -1022;
const MIN_NORMAL32 = 2 ** -126;
const MAX32 = 3.4028234663852886e38;
/** Below this, TwoProduct's error terms could underflow; above SPLIT_MAX, splitting could overflow. */
const PRODUCT_MIN = 2 ** -960;
const SPLIT_MAX = 2 ** 995;

/** The rounding error of a + b (exact when a + b does not overflow). */
function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

/** The rounding error of a × b (exact when neither operand nor the product is near the limits). */
function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

function safeForProduct(x: number): boolean {
  const ax = Math.abs(x);
  return ax > PRODUCT_MIN && ax < SPLIT_MAX;
}

/**
 * Computes `op` on two finite numbers: the double result and whether it was inexact, or null when the case is
 * not covered (a zero, a possible overflow or underflow, error terms out of range).
 */
function compute(op: string, a: number, b: number): { value: number; inexact: boolean } | null {
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === 0 || b === 0) return null;
  switch (op) {
    case 'vadd':
    case 'vsub': {
      const bb = op === 'vsub' ? -b : b;
      const s = a + bb;
      // At or below the smallest normal the exact sum may be tiny (underflow is detected before rounding).
      if (!Number.isFinite(s) || Math.abs(s) <= MIN_NORMAL64) return null;
      return { value: s, inexact: sumError(a, bb, s) !== 0 };
    }
    case 'vmul': {
      if (!safeForProduct(a) || !safeForProduct(b)) return null;
      const p = a * b;
      if (!Number.isFinite(p) || Math.abs(p) < PRODUCT_MIN || Math.abs(p) > SPLIT_MAX) return null;
      return { value: p, inexact: productError(a, b, p) !== 0 };
    }
    case 'vdiv': {
      if (!safeForProduct(a) || !safeForProduct(b)) return null;
      const q = a / b;
      if (!Number.isFinite(q) || Math.abs(q) < PRODUCT_MIN || Math.abs(q) > SPLIT_MAX) return null;
      // q is exact iff q × b = a exactly: the product's rounded value and its error give the remainder.
      const p = q * b;
      if (Math.abs(p) < PRODUCT_MIN || Math.abs(p) > SPLIT_MAX) return null;
      const e = productError(q, b, p);
      return { value: q, inexact: p !== a || e !== 0 };
    }
    default:
      return null;
  }
}

const IXC = 1 << 4;

/** Double precision: writes the result and IXC and returns true, or returns false (take the exact path). */
export function fastDouble(
  f64: Float64Array,
  fp: { fpscr: number },
  op: string,
  d: number,
  n: number,
  m: number,
): boolean {
  const r = compute(op, f64[n]!, f64[m]!);
  if (r === null) return false;
  f64[d] = r.value;
  if (r.inexact) fp.fpscr |= IXC;
  return true;
}

/** Single precision: the double result (exact for add/sub of close exponents and for mul) rounded by fround. */
export function fastSingle(
  f32: Float32Array,
  fp: { fpscr: number },
  op: string,
  d: number,
  n: number,
  m: number,
): boolean {
  const r = compute(op, f32[n]!, f32[m]!);
  if (r === null) return false;
  const v = Math.fround(r.value);
  const av = Math.abs(v);
  if (Math.abs(r.value) <= MIN_NORMAL32 || av > MAX32) return false;
  f32[d] = v;
  if (r.inexact || v !== r.value) fp.fpscr |= IXC;
  return true;
}
