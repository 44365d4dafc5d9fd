/**
 * Floating-point arithmetic as the ARM ARM's pseudocode defines it (FPUnpack, FPRound, FPProcessNaN(s),
 * FPAdd … FPMulAdd, FPCompare, FPToFixed, FixedToFP, FPRoundInt), computed exactly: every operand is an
 * exact value mantissa × 2^exponent with a BigInt mantissa, every operation's exact result (or, for division
 * and square root, enough quotient bits plus a sticky bit) is rounded once by `round`. That makes fused
 * multiply-add, the directed rounding modes and the exception flags exact with no double rounding.
 *
 * Values are raw bit patterns: half and single precision as unsigned numbers, double precision as BigInt.
 * Flags go to the `FpState` passed in (its `fpscr`, cumulative bits 7 and 4:0).
 */

export interface FpState {
  fpscr: number;
}

/** FPSCR fields. */
export const FPSCR_AHP = 1 << 26;
export const FPSCR_DN = 1 << 25;
export const FPSCR_FZ = 1 << 24;
/** FZ16 (ARMv8.2): flush-to-zero of half-precision arithmetic (not of conversions), without IDC. */
export const FPSCR_FZ16 = 1 << 19;
export const IOC = 1 << 0;
export const DZC = 1 << 1;
export const OFC = 1 << 2;
export const UFC = 1 << 3;
export const IXC = 1 << 4;
export const IDC = 1 << 7;

/** A float format: exponent and fraction widths. */
export interface Format {
  readonly e: number;
  readonly f: number;
  readonly size: 16 | 32 | 64;
}

export const F16: Format = { e: 5, f: 10, size: 16 };
export const F32: Format = { e: 8, f: 23, size: 32 };
export const F64: Format = { e: 11, f: 52, size: 64 };

/** Rounding: 0 nearest-even, 1 towards +∞, 2 towards −∞, 3 towards zero (FPSCR.RMode order), 4 nearest-away. */
export type RoundingMode = 0 | 1 | 2 | 3 | 4;
export const ROUND_NEAREST = 0;
export const ROUND_PLUS = 1;
export const ROUND_MINUS = 2;
export const ROUND_ZERO = 3;
export const ROUND_AWAY = 4;

export const enum Kind {
  Zero = 0,
  Number = 1,
  Infinity = 2,
  QNaN = 3,
  SNaN = 4,
}

/** An unpacked operand: value (−1)^sign × mant × 2^exp for numbers. */
export interface Unpacked {
  readonly kind: Kind;
  readonly sign: number;
  readonly mant: bigint;
  readonly exp: number;
}

const ZERO = 0n;

function bias(fmt: Format): number {
  return (1 << (fmt.e - 1)) - 1;
}

/** The minimum normal exponent. */
function eMin(fmt: Format): number {
  return 1 - bias(fmt);
}

export function bitsOf(_fmt: Format, v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v >>> 0);
}

function fromBits(fmt: Format, b: bigint): number | bigint {
  return fmt.size === 64 ? b : Number(b);
}

/**
 * FPUnpack: flush-to-zero of single/double denormal inputs when FPSCR.FZ (IDC set), of half-precision ones
 * when FPSCR.FZ16 (no IDC) unless `noFlush` (conversions); with `ahp` a half-precision operand is in the
 * alternative format (no infinities or NaNs).
 */
export function unpack(fmt: Format, raw: number | bigint, st: FpState, ahp = false, noFlush = false): Unpacked {
  const b = bitsOf(fmt, raw);
  const fracMask = (1n << BigInt(fmt.f)) - 1n;
  const frac = b & fracMask;
  const expField = Number((b >> BigInt(fmt.f)) & ((1n << BigInt(fmt.e)) - 1n));
  const sign = Number(b >> BigInt(fmt.size - 1)) & 1;
  const maxExp = (1 << fmt.e) - 1;
  if (expField === 0) {
    if (frac === ZERO) return { kind: Kind.Zero, sign, mant: ZERO, exp: 0 };
    if (fmt.size !== 16 && (st.fpscr & FPSCR_FZ) !== 0) {
      st.fpscr |= IDC;
      return { kind: Kind.Zero, sign, mant: ZERO, exp: 0 };
    }
    if (fmt.size === 16 && !noFlush && (st.fpscr & FPSCR_FZ16) !== 0)
      return { kind: Kind.Zero, sign, mant: ZERO, exp: 0 };
    return { kind: Kind.Number, sign, mant: frac, exp: eMin(fmt) - fmt.f };
  }
  if (expField === maxExp && !(fmt.size === 16 && ahp)) {
    if (frac === ZERO) return { kind: Kind.Infinity, sign, mant: ZERO, exp: 0 };
    const quiet = (frac >> BigInt(fmt.f - 1)) & 1n;
    return { kind: quiet === 1n ? Kind.QNaN : Kind.SNaN, sign, mant: frac, exp: 0 };
  }
  return { kind: Kind.Number, sign, mant: frac | (1n << BigInt(fmt.f)), exp: expField - bias(fmt) - fmt.f };
}

export function isNaNKind(k: Kind): boolean {
  return k === Kind.QNaN || k === Kind.SNaN;
}

export function defaultNaN(fmt: Format): bigint {
  return (((1n << BigInt(fmt.e)) - 1n) << BigInt(fmt.f)) | (1n << BigInt(fmt.f - 1));
}

export function infinityBits(fmt: Format, sign: number): bigint {
  return (BigInt(sign) << BigInt(fmt.size - 1)) | (((1n << BigInt(fmt.e)) - 1n) << BigInt(fmt.f));
}

export function zeroBits(fmt: Format, sign: number): bigint {
  return BigInt(sign) << BigInt(fmt.size - 1);
}

function maxNormalBits(fmt: Format, sign: number): bigint {
  return (
    (BigInt(sign) << BigInt(fmt.size - 1)) |
    (((1n << BigInt(fmt.e)) - 2n) << BigInt(fmt.f)) |
    ((1n << BigInt(fmt.f)) - 1n)
  );
}

/** FPProcessNaN: a signalling NaN is quietened (IOC); with FPSCR.DN the default NaN. */
export function processNaN(fmt: Format, raw: number | bigint, kind: Kind, st: FpState): bigint {
  let b = bitsOf(fmt, raw);
  if (kind === Kind.SNaN) {
    b |= 1n << BigInt(fmt.f - 1);
    st.fpscr |= IOC;
  }
  return (st.fpscr & FPSCR_DN) !== 0 ? defaultNaN(fmt) : b;
}

/** FPProcessNaNs / FPProcessNaNs3: the first signalling NaN, else the first quiet NaN, in operand order. */
export function processNaNs(
  fmt: Format,
  ops: readonly (number | bigint)[],
  kinds: readonly Kind[],
  st: FpState,
): bigint | null {
  for (let i = 0; i < kinds.length; i++) if (kinds[i] === Kind.SNaN) return processNaN(fmt, ops[i]!, Kind.SNaN, st);
  for (let i = 0; i < kinds.length; i++) if (kinds[i] === Kind.QNaN) return processNaN(fmt, ops[i]!, Kind.QNaN, st);
  return null;
}

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

/**
 * FPRound: rounds the exact non-zero value (−1)^sign × mant × 2^exp (`sticky`: a non-zero amount below mant's
 * last bit is lost) to `fmt` under `mode`, with FPSCR.FZ (FZ16 for half precision) flushing of tiny results (UFC, no IXC) unless
 * `noFlush`, underflow detected before rounding and signalled only when inexact, overflow to infinity or the
 * largest normal by mode. `ahp`: alternative half precision (no infinity: saturates with IOC).
 */
export function round(
  fmt: Format,
  sign: number,
  mant: bigint,
  exp: number,
  mode: RoundingMode,
  st: FpState,
  sticky = false,
  noFlush = false,
  ahp = false,
): bigint {
  const n = bitLength(mant);
  const e = exp + n - 1; // floor(log2(value)) when sticky is below mant's lsb
  const emin = eMin(fmt);
  const flush = fmt.size === 16 ? (st.fpscr & FPSCR_FZ16) !== 0 : (st.fpscr & FPSCR_FZ) !== 0;
  if (flush && !noFlush && e < emin) {
    st.fpscr |= UFC;
    return zeroBits(fmt, sign);
  }
  let biased = Math.max(e - emin + 1, 0);
  const lsbExp = biased === 0 ? emin - fmt.f : e - fmt.f;
  const shift = lsbExp - exp;
  let intMant: bigint;
  // error: 0 exact, 1 below half, 2 half, 3 above half
  let error = 0;
  if (shift <= 0) {
    intMant = mant << BigInt(-shift);
    error = sticky ? 1 : 0;
  } else {
    const s = BigInt(shift);
    intMant = mant >> s;
    const rem = mant & ((1n << s) - 1n);
    const half = 1n << (s - 1n);
    if (rem === ZERO) error = sticky ? 1 : 0;
    else if (rem < half) error = 1;
    else if (rem === half) error = sticky ? 3 : 2;
    else error = 3;
  }
  if (biased === 0 && error !== 0) st.fpscr |= UFC;
  let roundUp = false;
  let overflowToInf = false;
  switch (mode) {
    case ROUND_NEAREST:
      roundUp = error === 3 || (error === 2 && (intMant & 1n) === 1n);
      overflowToInf = true;
      break;
    case ROUND_AWAY:
      roundUp = error >= 2;
      overflowToInf = true;
      break;
    case ROUND_PLUS:
      roundUp = error !== 0 && sign === 0;
      overflowToInf = sign === 0;
      break;
    case ROUND_MINUS:
      roundUp = error !== 0 && sign === 1;
      overflowToInf = sign === 1;
      break;
    default:
      break;
  }
  if (roundUp) {
    intMant += 1n;
    if (intMant === 1n << BigInt(fmt.f)) biased = 1;
    if (intMant === 1n << BigInt(fmt.f + 1)) {
      biased += 1;
      intMant >>= 1n;
    }
  }
  const maxBiased = (1 << fmt.e) - 1;
  if (fmt.size === 16 && ahp) {
    if (biased >= maxBiased + 1) {
      st.fpscr |= IOC;
      return (BigInt(sign) << 15n) | 0x7fffn;
    }
  } else if (biased >= maxBiased) {
    st.fpscr |= OFC | IXC;
    return overflowToInf ? infinityBits(fmt, sign) : maxNormalBits(fmt, sign);
  }
  if (error !== 0) st.fpscr |= IXC;
  const fracBits = intMant & ((1n << BigInt(fmt.f)) - 1n);
  return (BigInt(sign) << BigInt(fmt.size - 1)) | (BigInt(biased) << BigInt(fmt.f)) | fracBits;
}

/** FPSCR.RMode. */
export function fpscrRounding(st: FpState): RoundingMode {
  return ((st.fpscr >>> 22) & 3) as RoundingMode;
}

function exactSum(a: Unpacked, b: Unpacked): { sign: number; mant: bigint; exp: number } {
  const exp = Math.min(a.exp, b.exp);
  const ma = a.mant << BigInt(a.exp - exp);
  const mb = b.mant << BigInt(b.exp - exp);
  const va = a.sign ? -ma : ma;
  const vb = b.sign ? -mb : mb;
  const s = va + vb;
  return s < ZERO ? { sign: 1, mant: -s, exp } : { sign: 0, mant: s, exp };
}

/** Adds two finite unpacked values (zeros included) exactly and rounds: the sign of an exact zero by mode. */
function addFinite(fmt: Format, a: Unpacked, b: Unpacked, mode: RoundingMode, st: FpState): bigint {
  if (a.kind === Kind.Zero && b.kind === Kind.Zero) {
    const sign = a.sign === b.sign ? a.sign : mode === ROUND_MINUS ? 1 : 0;
    return zeroBits(fmt, sign);
  }
  const s = exactSum(a, b);
  if (s.mant === ZERO) return zeroBits(fmt, mode === ROUND_MINUS ? 1 : 0);
  return round(fmt, s.sign, s.mant, s.exp, mode, st);
}

type Raw = number | bigint;

/** FPAdd (FPSub: `negateB`). */
export function add(fmt: Format, x: Raw, y: Raw, st: FpState, negateB = false): Raw {
  const a = unpack(fmt, x, st);
  let b = unpack(fmt, y, st);
  const nan = processNaNs(fmt, [x, y], [a.kind, b.kind], st);
  if (nan !== null) return fromBits(fmt, nan);
  if (negateB) b = { ...b, sign: b.sign ^ 1 };
  if (a.kind === Kind.Infinity && b.kind === Kind.Infinity && a.sign !== b.sign) {
    st.fpscr |= IOC;
    return fromBits(fmt, defaultNaN(fmt));
  }
  if (a.kind === Kind.Infinity) return fromBits(fmt, infinityBits(fmt, a.sign));
  if (b.kind === Kind.Infinity) return fromBits(fmt, infinityBits(fmt, b.sign));
  return fromBits(fmt, addFinite(fmt, a, b, fpscrRounding(st), st));
}

/** FPMul. */
export function mul(fmt: Format, x: Raw, y: Raw, st: FpState): Raw {
  const a = unpack(fmt, x, st);
  const b = unpack(fmt, y, st);
  const nan = processNaNs(fmt, [x, y], [a.kind, b.kind], st);
  if (nan !== null) return fromBits(fmt, nan);
  const sign = a.sign ^ b.sign;
  if ((a.kind === Kind.Infinity && b.kind === Kind.Zero) || (a.kind === Kind.Zero && b.kind === Kind.Infinity)) {
    st.fpscr |= IOC;
    return fromBits(fmt, defaultNaN(fmt));
  }
  if (a.kind === Kind.Infinity || b.kind === Kind.Infinity) return fromBits(fmt, infinityBits(fmt, sign));
  if (a.kind === Kind.Zero || b.kind === Kind.Zero) return fromBits(fmt, zeroBits(fmt, sign));
  return fromBits(fmt, round(fmt, sign, a.mant * b.mant, a.exp + b.exp, fpscrRounding(st), st));
}

/**
 * FPMulAdd: addend + op1 × op2 with one rounding. NaNs in the order addend, op1, op2; ∞ × 0 with a quiet NaN
 * addend gives the default NaN and Invalid Operation.
 */
export function mulAdd(fmt: Format, addend: Raw, x: Raw, y: Raw, st: FpState): Raw {
  const c = unpack(fmt, addend, st);
  const a = unpack(fmt, x, st);
  const b = unpack(fmt, y, st);
  const infZero =
    (a.kind === Kind.Infinity && b.kind === Kind.Zero) || (a.kind === Kind.Zero && b.kind === Kind.Infinity);
  const nan = processNaNs(fmt, [addend, x, y], [c.kind, a.kind, b.kind], st);
  if (c.kind === Kind.QNaN && infZero) {
    st.fpscr |= IOC;
    return fromBits(fmt, defaultNaN(fmt));
  }
  if (nan !== null) return fromBits(fmt, nan);
  const sign = a.sign ^ b.sign;
  const productInf = a.kind === Kind.Infinity || b.kind === Kind.Infinity;
  if (infZero || (c.kind === Kind.Infinity && productInf && c.sign !== sign)) {
    st.fpscr |= IOC;
    return fromBits(fmt, defaultNaN(fmt));
  }
  if (c.kind === Kind.Infinity) return fromBits(fmt, infinityBits(fmt, c.sign));
  if (productInf) return fromBits(fmt, infinityBits(fmt, sign));
  const productZero = a.kind === Kind.Zero || b.kind === Kind.Zero;
  const p: Unpacked = productZero
    ? { kind: Kind.Zero, sign, mant: ZERO, exp: 0 }
    : { kind: Kind.Number, sign, mant: a.mant * b.mant, exp: a.exp + b.exp };
  return fromBits(fmt, addFinite(fmt, c, p, fpscrRounding(st), st));
}

/** FPDiv. */
export function div(fmt: Format, x: Raw, y: Raw, st: FpState): Raw {
  const a = unpack(fmt, x, st);
  const b = unpack(fmt, y, st);
  const nan = processNaNs(fmt, [x, y], [a.kind, b.kind], st);
  if (nan !== null) return fromBits(fmt, nan);
  const sign = a.sign ^ b.sign;
  if ((a.kind === Kind.Infinity && b.kind === Kind.Infinity) || (a.kind === Kind.Zero && b.kind === Kind.Zero)) {
    st.fpscr |= IOC;
    return fromBits(fmt, defaultNaN(fmt));
  }
  if (a.kind === Kind.Infinity || b.kind === Kind.Zero) {
    if (a.kind !== Kind.Infinity) st.fpscr |= DZC;
    return fromBits(fmt, infinityBits(fmt, sign));
  }
  if (a.kind === Kind.Zero || b.kind === Kind.Infinity) return fromBits(fmt, zeroBits(fmt, sign));
  // Enough quotient bits: at least f + 3 beyond the leading one, plus a sticky bit for the remainder.
  const k = fmt.f + 4 + Math.max(0, bitLength(b.mant) - bitLength(a.mant)) + 1;
  const num = a.mant << BigInt(k);
  const q = num / b.mant;
  const r = num - q * b.mant;
  return fromBits(fmt, round(fmt, sign, q, a.exp - b.exp - k, fpscrRounding(st), st, r !== ZERO));
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** FPSqrt. */
export function sqrt(fmt: Format, x: Raw, st: FpState): Raw {
  const a = unpack(fmt, x, st);
  if (isNaNKind(a.kind)) return fromBits(fmt, processNaN(fmt, x, a.kind, st));
  if (a.kind === Kind.Zero) return fromBits(fmt, zeroBits(fmt, a.sign));
  if (a.sign === 1) {
    st.fpscr |= IOC;
    return fromBits(fmt, defaultNaN(fmt));
  }
  if (a.kind === Kind.Infinity) return fromBits(fmt, infinityBits(fmt, 0));
  // value = mant × 2^exp; make the exponent even and the radicand wide enough for f + 3 result bits.
  let shift = 2 * (fmt.f + 4) + 2;
  if ((a.exp - shift) % 2 !== 0) shift += 1;
  const n = a.mant << BigInt(shift);
  const s = isqrt(n);
  return fromBits(fmt, round(fmt, 0, s, (a.exp - shift) / 2, fpscrRounding(st), st, s * s !== n));
}

/**
 * FPCompare → NZCV (bits 3:0): unordered 0011 (Invalid Operation for a signalling NaN, or any NaN with
 * `quietNanExceptions`), equal 0110, less 1000, greater 0010.
 */
export function compare(fmt: Format, x: Raw, y: Raw, quietNanExceptions: boolean, st: FpState): number {
  const a = unpack(fmt, x, st);
  const b = unpack(fmt, y, st);
  if (isNaNKind(a.kind) || isNaNKind(b.kind)) {
    if (a.kind === Kind.SNaN || b.kind === Kind.SNaN || quietNanExceptions) st.fpscr |= IOC;
    return 0b0011;
  }
  const c = compareValues(a, b);
  return c === 0 ? 0b0110 : c < 0 ? 0b1000 : 0b0010;
}

/** Orders two non-NaN unpacked values: −1, 0, 1. */
export function compareValues(a: Unpacked, b: Unpacked): number {
  const rank = (u: Unpacked): number => (u.kind === Kind.Zero ? 0 : u.sign ? -1 : 1);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ra === 0) return 0;
  const s = ra; // both same sign, non-zero
  if (a.kind === Kind.Infinity || b.kind === Kind.Infinity) {
    if (a.kind === b.kind) return 0;
    return (a.kind === Kind.Infinity ? 1 : -1) * s;
  }
  const d = exactSum(a, { ...b, sign: b.sign ^ 1 });
  if (d.mant === ZERO) return 0;
  return d.sign ? -1 : 1;
}

/** FPMaxNum / FPMinNum (VMAXNM / VMINNM): a quiet NaN against a number gives the number. */
export function maxMinNum(fmt: Format, x: Raw, y: Raw, max: boolean, st: FpState): Raw {
  const a = unpack(fmt, x, st);
  const b = unpack(fmt, y, st);
  let xx: Raw = x;
  let yy: Raw = y;
  let ka = a.kind;
  let kb = b.kind;
  if (a.kind === Kind.QNaN && !isNaNKind(b.kind)) {
    xx = fromBits(fmt, infinityBits(fmt, max ? 1 : 0));
    ka = Kind.Infinity;
  } else if (b.kind === Kind.QNaN && !isNaNKind(a.kind)) {
    yy = fromBits(fmt, infinityBits(fmt, max ? 1 : 0));
    kb = Kind.Infinity;
  }
  const nan = processNaNs(fmt, [xx, yy], [ka, kb], st);
  if (nan !== null) return fromBits(fmt, nan);
  const ua = ka === Kind.Infinity && ka !== a.kind ? { kind: ka, sign: max ? 1 : 0, mant: ZERO, exp: 0 } : a;
  const ub = kb === Kind.Infinity && kb !== b.kind ? { kind: kb, sign: max ? 1 : 0, mant: ZERO, exp: 0 } : b;
  const ra = ka === Kind.Zero ? zeroBits(fmt, ua.sign) : bitsOf(fmt, xx);
  const rb = kb === Kind.Zero ? zeroBits(fmt, ub.sign) : bitsOf(fmt, yy);
  const c = compareValues(ua, ub);
  let pickA: boolean;
  if (c === 0 && ua.kind === Kind.Zero && ub.kind === Kind.Zero) {
    // max(+0, −0) = +0, min(+0, −0) = −0.
    pickA = max ? ua.sign === 0 : ua.sign === 1;
  } else pickA = max ? c >= 0 : c <= 0;
  const chosen = pickA ? ra : rb;
  const u = pickA ? ua : ub;
  // A denormal that was flushed is returned as zero; a number result is the operand itself.
  if (u.kind === Kind.Number || u.kind === Kind.Infinity) return fromBits(fmt, chosen);
  return fromBits(fmt, chosen);
}

/** Converts between float formats (FPConvert): NaNs keep their top fraction bits, quietened. */
export function convert(
  to: Format,
  from: Format,
  x: Raw,
  mode: RoundingMode,
  st: FpState,
  ahp = false,
  noFlush = false,
): Raw {
  const a = unpack(from, x, st, ahp, from.size === 16);
  if (isNaNKind(a.kind)) {
    if (a.kind === Kind.SNaN) st.fpscr |= IOC;
    if (to.size === 16 && ahp) return 0;
    if ((st.fpscr & FPSCR_DN) !== 0) return fromBits(to, defaultNaN(to));
    const shift = from.f - to.f;
    const frac = shift >= 0 ? a.mant >> BigInt(shift) : a.mant << BigInt(-shift);
    const b =
      (BigInt(a.sign) << BigInt(to.size - 1)) |
      (((1n << BigInt(to.e)) - 1n) << BigInt(to.f)) |
      frac |
      (1n << BigInt(to.f - 1));
    return fromBits(to, b);
  }
  if (a.kind === Kind.Infinity) {
    if (to.size === 16 && ahp) {
      st.fpscr |= IOC;
      return (a.sign << 15) | 0x7fff;
    }
    return fromBits(to, infinityBits(to, a.sign));
  }
  if (a.kind === Kind.Zero) return fromBits(to, zeroBits(to, a.sign));
  return fromBits(to, round(to, a.sign, a.mant, a.exp, mode, st, false, noFlush || to.size === 16, ahp));
}

/**
 * Rounds the exact value to an integer under `mode`: returns the integer (BigInt, signed) and whether it
 * was inexact.
 */
function roundToInteger(u: Unpacked, mode: RoundingMode): { value: bigint; inexact: boolean } {
  if (u.kind === Kind.Zero) return { value: ZERO, inexact: false };
  let int: bigint;
  let error = 0;
  if (u.exp >= 0) int = u.mant << BigInt(u.exp);
  else {
    const s = BigInt(-u.exp);
    int = u.mant >> s;
    const rem = u.mant & ((1n << s) - 1n);
    const half = 1n << (s - 1n);
    error = rem === ZERO ? 0 : rem < half ? 1 : rem === half ? 2 : 3;
  }
  let up = false;
  switch (mode) {
    case ROUND_NEAREST:
      up = error === 3 || (error === 2 && (int & 1n) === 1n);
      break;
    case ROUND_AWAY:
      up = error >= 2;
      break;
    case ROUND_PLUS:
      up = error !== 0 && u.sign === 0;
      break;
    case ROUND_MINUS:
      up = error !== 0 && u.sign === 1;
      break;
    default:
      break;
  }
  if (up) int += 1n;
  return { value: u.sign ? -int : int, inexact: error !== 0 };
}

/**
 * FPToFixed: the value × 2^fbits rounded to an integer of `bits` bits (signed or not), saturating with
 * Invalid Operation (a NaN gives 0); inexact sets IXC. Returns the integer as a 32-bit signed number
 * (sign- or zero-extended to 32 bits).
 */
export function toFixed(
  fmt: Format,
  x: Raw,
  bits: 16 | 32,
  unsigned: boolean,
  fbits: number,
  mode: RoundingMode,
  st: FpState,
): number {
  const a = unpack(fmt, x, st);
  if (isNaNKind(a.kind)) {
    st.fpscr |= IOC;
    return 0;
  }
  const min = unsigned ? ZERO : -(1n << BigInt(bits - 1));
  const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
  let result: bigint;
  if (a.kind === Kind.Infinity) {
    st.fpscr |= IOC;
    result = a.sign ? min : max;
  } else {
    const { value, inexact } = roundToInteger({ ...a, exp: a.exp + fbits }, mode);
    if (value > max) {
      st.fpscr |= IOC;
      result = max;
    } else if (value < min) {
      st.fpscr |= IOC;
      result = min;
    } else {
      if (inexact) st.fpscr |= IXC;
      result = value;
    }
  }
  return Number(BigInt.asIntN(32, result));
}

/** FixedToFP: the `bits`-bit integer (signed or not) / 2^fbits, rounded to `fmt`. */
export function fromFixed(
  fmt: Format,
  operand: number,
  bits: 16 | 32,
  unsigned: boolean,
  fbits: number,
  mode: RoundingMode,
  st: FpState,
): Raw {
  const v = unsigned ? BigInt.asUintN(bits, BigInt(operand)) : BigInt.asIntN(bits, BigInt(operand));
  if (v === ZERO) return fromBits(fmt, zeroBits(fmt, 0));
  const sign = v < ZERO ? 1 : 0;
  return fromBits(fmt, round(fmt, sign, sign ? -v : v, -fbits, mode, st));
}

/** FPRoundInt (VRINT): rounds to an integral value in the same format; `exact` (VRINTX) signals Inexact. */
export function roundInt(fmt: Format, x: Raw, mode: RoundingMode, exact: boolean, st: FpState): Raw {
  const a = unpack(fmt, x, st);
  if (isNaNKind(a.kind)) return fromBits(fmt, processNaN(fmt, x, a.kind, st));
  if (a.kind === Kind.Infinity) return fromBits(fmt, infinityBits(fmt, a.sign));
  if (a.kind === Kind.Zero) return fromBits(fmt, zeroBits(fmt, a.sign));
  const { value, inexact } = roundToInteger(a, mode);
  if (inexact && exact) st.fpscr |= IXC;
  if (value === ZERO) return fromBits(fmt, zeroBits(fmt, a.sign));
  const mag = value < ZERO ? -value : value;
  return fromBits(fmt, round(fmt, a.sign, mag, 0, ROUND_ZERO, { fpscr: 0 }));
}

/**
 * VJCVT (FPToFixedJS): double to int32 towards zero, modulo 2^32; returns the result and Z (1 when the
 * conversion was exact and in range). Invalid Operation for NaN, infinity and out-of-range; Inexact otherwise
 * when not exact.
 */
export function toInt32JS(x: bigint, st: FpState): { value: number; z: number } {
  const a = unpack(F64, x, st);
  if (isNaNKind(a.kind) || a.kind === Kind.Infinity) {
    st.fpscr |= IOC;
    return { value: 0, z: 0 };
  }
  const { value, inexact } = roundToInteger(a, ROUND_ZERO);
  const wrapped = BigInt.asIntN(32, value);
  const inRange = wrapped === value;
  if (!inRange) st.fpscr |= IOC;
  else if (inexact) st.fpscr |= IXC;
  const negZero = a.kind === Kind.Zero && a.sign === 1;
  return { value: Number(wrapped), z: inRange && !inexact && !negZero ? 1 : 0 };
}
