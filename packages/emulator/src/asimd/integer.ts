/**
 * Advanced SIMD integer operations (ARM ARM A8.8, the integer forms of the three-registers-same-length,
 * different-lengths and by-scalar classes; shifts by immediate are in ./shift.ts, the miscellaneous class in
 * ./misc.ts), element by element
 * over the shared register file. Every source element is read before any destination element is written, so
 * overlapping operands behave as the architecture's pseudocode (which reads whole registers first).
 *
 * Arguments are D register numbers (a Q register Q<n> is passed as D<2n>) and `regs`, 1 (D) or 2 (Q).
 * Element types: `s` signed, `u` unsigned, `i` either (wrapping), `p` polynomial over GF(2).
 */
import {
  get,
  get64,
  getU,
  readVector,
  readVector64,
  type SimdState,
  saturate,
  saturate64,
  set,
  set64,
  shiftRight,
  wrap,
  writeVector,
  writeVector64,
} from './elements.js';

/** Carry-less product of two polynomials of `bits` bits (up to 2 × bits − 1 bits). */
function polyMul(a: number, b: number, bits: number): number {
  let r = 0;
  for (let i = 0; i < bits; i++) if ((b >>> i) & 1) r ^= a << i;
  return r >>> 0;
}

/** Exact a × b for |a|, |b| < 2^32 (a product may need 64 bits: BigInt beyond 2^53). */
function exactMul(a: number, b: number): number {
  const p = a * b;
  return Number.isSafeInteger(p) ? p : Number(BigInt(a) * BigInt(b));
}

/** VSHL / VRSHL / VQSHL / VQRSHL (register): shift by the signed low byte of `s`. */
function shiftByRegister(st: SimdState, op: string, a: number, s8: number, bits: number, signed: boolean): number {
  const s = (s8 << 24) >> 24;
  const rounding = op === 'vrshl' || op === 'vqrshl';
  const saturating = op === 'vqshl' || op === 'vqrshl';
  let v: number;
  if (s >= 0) {
    v = a * 2 ** Math.min(s, 80);
    return saturating ? saturate(st, v === 0 ? 0 : v, bits, signed) : s >= bits ? 0 : wrap(v, bits);
  }
  const n = -s;
  v = rounding ? shiftRight(a + 2 ** (n - 1), n) : shiftRight(a, n);
  return saturating ? saturate(st, v, bits, signed) : wrap(v, bits);
}

function shiftByRegister64(st: SimdState, op: string, a: bigint, s8: number, signed: boolean): bigint {
  const s = (s8 << 24) >> 24;
  const rounding = op === 'vrshl' || op === 'vqrshl';
  const saturating = op === 'vqshl' || op === 'vqrshl';
  let v: bigint;
  if (s >= 0) v = a << BigInt(s);
  else {
    const n = BigInt(-s);
    v = rounding ? (a + (1n << (n - 1n))) >> n : a >> n;
  }
  return saturating ? saturate64(st, v, 64, signed) : BigInt.asUintN(64, v);
}

/** One element of a three-same integer operation; `acc` is the destination element (VMLA, VMLS, VABA). */
function sameElement(st: SimdState, op: string, t: string, bits: number, a: number, b: number, acc: number): number {
  const signed = t === 's';
  const ones = 2 ** bits - 1;
  switch (op) {
    case 'vadd':
      return wrap(a + b, bits);
    case 'vsub':
      return wrap(a - b, bits);
    case 'vmul':
      return t === 'p' ? polyMul(a, b, bits) & ones : wrap(Math.imul(a, b) >>> 0, bits);
    case 'vmla':
      return wrap(acc + (Math.imul(a, b) >>> 0), bits);
    case 'vmls':
      return wrap(acc - (Math.imul(a, b) >>> 0), bits);
    case 'vtst':
      return (a & b) !== 0 ? ones : 0;
    case 'vceq':
      return a === b ? ones : 0;
    case 'vcgt':
      return a > b ? ones : 0;
    case 'vcge':
      return a >= b ? ones : 0;
    case 'vmax':
      return wrap(Math.max(a, b), bits);
    case 'vmin':
      return wrap(Math.min(a, b), bits);
    case 'vabd':
      return wrap(Math.abs(a - b), bits);
    case 'vaba':
      return wrap(acc + Math.abs(a - b), bits);
    case 'vhadd':
      return wrap(shiftRight(a + b, 1), bits);
    case 'vrhadd':
      return wrap(shiftRight(a + b + 1, 1), bits);
    case 'vhsub':
      return wrap(shiftRight(a - b, 1), bits);
    case 'vqadd':
      return wrap(saturate(st, a + b, bits, signed), bits);
    case 'vqsub':
      return wrap(saturate(st, a - b, bits, signed), bits);
    case 'vshl':
    case 'vrshl':
    case 'vqshl':
    case 'vqrshl':
      return wrap(shiftByRegister(st, op, a, b & 0xff, bits, signed), bits);
    case 'vqdmulh':
    case 'vqrdmulh': {
      const p = exactMul(a, b) * 2 + (op === 'vqrdmulh' ? 2 ** (bits - 1) : 0);
      const v = Number.isSafeInteger(p)
        ? shiftRight(p, bits)
        : Number((2n * BigInt(a) * BigInt(b) + (op === 'vqrdmulh' ? 1n << BigInt(bits - 1) : 0n)) >> BigInt(bits));
      return wrap(saturate(st, v, bits, true), bits);
    }
    default:
      throw new Error(`simdThree: no operation '${op}'`);
  }
}

/** The three-same integer operations this module implements (others are UNDEFINED in the emitters). */
export const THREE_SAME_INTEGER = new Set([
  'vadd',
  'vsub',
  'vmul',
  'vmla',
  'vmls',
  'vtst',
  'vceq',
  'vcgt',
  'vcge',
  'vmax',
  'vmin',
  'vabd',
  'vaba',
  'vhadd',
  'vrhadd',
  'vhsub',
  'vqadd',
  'vqsub',
  'vshl',
  'vrshl',
  'vqshl',
  'vqrshl',
  'vqdmulh',
  'vqrdmulh',
  'vpadd',
  'vpmax',
  'vpmin',
]);
/** Of those, the ones with 64-bit elements. */
export const THREE_SAME_64 = new Set(['vadd', 'vsub', 'vqadd', 'vqsub', 'vshl', 'vrshl', 'vqshl', 'vqrshl']);

/** Three registers of the same length, integer: Vd = Vn op Vm (shifts: Vd = Vm shifted by Vn, as passed). */
export function simdThree(
  st: SimdState,
  op: string,
  t: string,
  bits: number,
  regs: number,
  d: number,
  n: number,
  m: number,
): void {
  const vfp = st.vfp;
  const signed = t === 's';
  if (bits === 64) {
    const a = readVector64(vfp, n, regs, signed);
    const b = readVector64(vfp, m, regs, signed);
    const out = a.map((x, e) => {
      const y = b[e]!;
      if (op === 'vadd') return x + y;
      if (op === 'vsub') return x - y;
      if (op === 'vqadd') return saturate64(st, x + y, 64, signed);
      if (op === 'vqsub') return saturate64(st, x - y, 64, signed);
      return shiftByRegister64(st, op, x, Number(y & 0xffn), signed);
    });
    writeVector64(vfp, d, out);
    return;
  }
  const count = (regs * 64) / bits;
  if (op === 'vpadd' || op === 'vpmax' || op === 'vpmin') {
    const cat = [...readVector(vfp, n, count, bits, signed), ...readVector(vfp, m, count, bits, signed)];
    const out = new Array<number>(count);
    for (let e = 0; e < count; e++) {
      const x = cat[2 * e]!;
      const y = cat[2 * e + 1]!;
      out[e] = op === 'vpadd' ? wrap(x + y, bits) : wrap(op === 'vpmax' ? Math.max(x, y) : Math.min(x, y), bits);
    }
    writeVector(vfp, d, bits, out);
    return;
  }
  // VSHL (register) and friends shift by the signed low byte of each element of the second operand.
  const a = readVector(vfp, n, count, bits, signed);
  const b = readVector(vfp, m, count, bits, signed && !op.includes('sh'));
  const acc = readVector(vfp, d, count, bits, false);
  const out = new Array<number>(count);
  for (let e = 0; e < count; e++) out[e] = sameElement(st, op, t, bits, a[e]!, b[e]!, acc[e]!);
  writeVector(vfp, d, bits, out);
}

/** Bitwise three-same: VAND VBIC VORR VORN VEOR VBSL VBIT VBIF, a word at a time. */
export function simdBitwise(st: SimdState, op: string, regs: number, d: number, n: number, m: number): void {
  const vfp = st.vfp;
  const words = 2 * regs;
  const out = new Array<number>(words);
  for (let i = 0; i < words; i++) {
    const a = vfp[2 * n + i]!;
    const b = vfp[2 * m + i]!;
    const c = vfp[2 * d + i]!;
    let v: number;
    switch (op) {
      case 'vand':
        v = a & b;
        break;
      case 'vbic':
        v = a & ~b;
        break;
      case 'vorr':
        v = a | b;
        break;
      case 'vorn':
        v = a | ~b;
        break;
      case 'veor':
        v = a ^ b;
        break;
      case 'vbsl':
        v = (c & a) | (~c & b);
        break;
      case 'vbit':
        v = (b & a) | (~b & c);
        break;
      case 'vbif':
        v = (~b & a) | (b & c);
        break;
      default:
        throw new Error(`simdBitwise: no operation '${op}'`);
    }
    out[i] = v >>> 0;
  }
  for (let i = 0; i < words; i++) vfp[2 * d + i] = out[i]!;
}

/** VMOV / VMVN / VORR / VBIC (immediate): `hi`, `lo` the expanded 64-bit immediate (already inverted for VMVN). */
export function simdModifiedImmediate(st: SimdState, op: string, regs: number, d: number, hi: number, lo: number) {
  const vfp = st.vfp;
  for (let r = 0; r < regs; r++) {
    const i = 2 * (d + r);
    if (op === 'vorr') {
      vfp[i] = (vfp[i]! | lo) >>> 0;
      vfp[i + 1] = (vfp[i + 1]! | hi) >>> 0;
    } else if (op === 'vbic') {
      vfp[i] = (vfp[i]! & ~lo) >>> 0;
      vfp[i + 1] = (vfp[i + 1]! & ~hi) >>> 0;
    } else {
      vfp[i] = lo >>> 0;
      vfp[i + 1] = hi >>> 0;
    }
  }
}

/**
 * Three registers of different lengths: long (Qd = Dn op Dm, elements widened), wide (Qd = Qn op Dm) and
 * narrow high half (Dd = (Qn ± Qm) >> bits). `bits` is the narrow element size.
 */
export function simdDifferent(
  st: SimdState,
  op: string,
  t: string,
  bits: number,
  d: number,
  n: number,
  m: number,
): void {
  const vfp = st.vfp;
  const signed = t === 's';
  const count = 64 / bits;
  const wideBits = 2 * bits;
  if (op.endsWith('hn')) {
    // VADDHN / VSUBHN / VRADDHN / VRSUBHN: operands have 2 × bits elements, the result their high halves.
    const out = new Array<number>(count);
    for (let e = 0; e < count; e++) {
      let v: bigint;
      if (wideBits === 64) {
        const a = get64(vfp, n, e, false);
        const b = get64(vfp, m, e, false);
        v = op.includes('add') ? a + b : a - b;
      } else {
        const a = BigInt(getU(vfp, n, e, wideBits));
        const b = BigInt(getU(vfp, m, e, wideBits));
        v = op.includes('add') ? a + b : a - b;
      }
      if (op.startsWith('vr')) v += 1n << BigInt(bits - 1);
      out[e] = Number(BigInt.asUintN(bits, v >> BigInt(bits)));
    }
    writeVector(vfp, d, bits, out);
    return;
  }
  const wide = op === 'vaddw' || op === 'vsubw';
  if (wideBits <= 32) {
    differentNumbers(st, op, t, bits, wide, d, n, m);
    return;
  }
  const out: bigint[] = new Array<bigint>(count);
  for (let e = 0; e < count; e++) {
    const p = wide
      ? wideBits === 64
        ? get64(vfp, n, e, signed)
        : BigInt(get(vfp, n, e, wideBits, signed))
      : BigInt(get(vfp, n, e, bits, signed));
    const q = BigInt(get(vfp, m, e, bits, signed));
    const acc = wideBits === 64 ? get64(vfp, d, e, false) : BigInt(getU(vfp, d, e, wideBits));
    let v: bigint;
    switch (op) {
      case 'vaddl':
      case 'vaddw':
        v = p + q;
        break;
      case 'vsubl':
      case 'vsubw':
        v = p - q;
        break;
      case 'vabdl':
        v = p > q ? p - q : q - p;
        break;
      case 'vabal':
        v = acc + (p > q ? p - q : q - p);
        break;
      case 'vmull':
        v = t === 'p' ? BigInt(polyMul(Number(p), Number(q), bits)) : p * q;
        break;
      case 'vmlal':
        v = acc + p * q;
        break;
      case 'vmlsl':
        v = acc - p * q;
        break;
      default:
        throw new Error(`simdDifferent: no operation '${op}'`);
    }
    out[e] = BigInt.asUintN(wideBits, v);
  }
  // Every source element was read above; now the (possibly overlapping) destination.
  if (wideBits === 64) writeVector64(vfp, d, out);
  else
    writeVector(
      vfp,
      d,
      wideBits,
      out.map((v) => Number(v)),
    );
}

/** simdDifferent with 8- and 16-bit sources: every intermediate fits a double exactly. */
function differentNumbers(
  st: SimdState,
  op: string,
  t: string,
  bits: number,
  wide: boolean,
  d: number,
  n: number,
  m: number,
): void {
  const vfp = st.vfp;
  const signed = t === 's';
  const count = 64 / bits;
  const wideBits = 2 * bits;
  const out = new Array<number>(count);
  for (let e = 0; e < count; e++) {
    const p = wide ? get(vfp, n, e, wideBits, signed) : get(vfp, n, e, bits, signed);
    const q = get(vfp, m, e, bits, signed);
    let v: number;
    switch (op) {
      case 'vaddl':
      case 'vaddw':
        v = p + q;
        break;
      case 'vsubl':
      case 'vsubw':
        v = p - q;
        break;
      case 'vabdl':
        v = Math.abs(p - q);
        break;
      case 'vabal':
        v = getU(vfp, d, e, wideBits) + Math.abs(p - q);
        break;
      case 'vmull':
        v = t === 'p' ? polyMul(p, q, bits) : p * q;
        break;
      case 'vmlal':
        v = getU(vfp, d, e, wideBits) + p * q;
        break;
      case 'vmlsl':
        v = getU(vfp, d, e, wideBits) - p * q;
        break;
      default:
        throw new Error(`simdDifferent: no operation '${op}'`);
    }
    out[e] = wrap(v, wideBits);
  }
  writeVector(vfp, d, wideBits, out);
}

/** Two registers and a scalar, integer: VMUL / VMLA / VMLS (same length) and VMULL / VMLAL / VMLSL (long). */
export function simdByScalar(
  st: SimdState,
  op: string,
  t: string,
  bits: number,
  regs: number,
  d: number,
  n: number,
  scalarReg: number,
  lane: number,
): void {
  const vfp = st.vfp;
  const signed = t === 's';
  const s = get(vfp, scalarReg, lane, bits, signed);
  if (op === 'vmull' || op === 'vmlal' || op === 'vmlsl') {
    const count = 64 / bits;
    const a = readVector(vfp, n, count, bits, signed);
    const wideBits = 2 * bits;
    for (let e = 0; e < count; e++) {
      const p = BigInt(a[e]!) * BigInt(s);
      const acc = wideBits === 64 ? get64(vfp, d, e, false) : BigInt(getU(vfp, d, e, wideBits));
      const v = op === 'vmull' ? p : op === 'vmlal' ? acc + p : acc - p;
      if (wideBits === 64) set64(vfp, d, e, v);
      else set(vfp, d, e, wideBits, Number(BigInt.asUintN(wideBits, v)));
    }
    return;
  }
  const count = (regs * 64) / bits;
  const a = readVector(vfp, n, count, bits, false);
  for (let e = 0; e < count; e++) {
    const p = Math.imul(a[e]!, s) >>> 0;
    const acc = getU(vfp, d, e, bits);
    set(vfp, d, e, bits, op === 'vmul' ? p : op === 'vmla' ? acc + p : acc - p);
  }
}
