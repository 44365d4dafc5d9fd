/**
 * Advanced SIMD two registers, miscellaneous (ARM ARM A7.4.5), integer and bitwise forms: VMOVN VQMOVN VQMOVUN,
 * VPADDL VPADAL, VSWP, VMVN, VREV16/32/64, VTRN VUZP VZIP, VABS VNEG VQABS VQNEG, compares with zero, VCLZ
 * VCLS VCNT. Saturation sets FPSCR.QC.
 */
import {
  get,
  get64,
  getU,
  readVector,
  type SimdState,
  saturate,
  saturate64,
  set,
  set64,
  wrap,
  writeVector,
} from './elements.js';

/** Two registers, miscellaneous (integer and bitwise forms). `bits` the element size from the data type. */
export function simdMisc(st: SimdState, op: string, t: string, bits: number, regs: number, d: number, m: number) {
  const vfp = st.vfp;
  const signed = t === 's';
  const count = (regs * 64) / bits;
  switch (op) {
    case 'vmovn':
    case 'vqmovn':
    case 'vqmovun': {
      // `bits` is the wide element size.
      const narrow = bits / 2;
      const out = new Array<number>(64 / narrow);
      for (let e = 0; e < out.length; e++) {
        if (bits === 64) {
          const x = get64(vfp, m, e, signed);
          const r = op === 'vmovn' ? x : saturate64(st, x, narrow, op === 'vqmovn' && signed);
          out[e] = Number(BigInt.asUintN(narrow, r));
        } else {
          const x = get(vfp, m, e, bits, signed);
          out[e] = wrap(op === 'vmovn' ? x : saturate(st, x, narrow, op === 'vqmovn' && signed), narrow);
        }
      }
      writeVector(vfp, d, narrow, out);
      return;
    }
    case 'vpaddl':
    case 'vpadal': {
      const wideBits = 2 * bits;
      const wideCount = count / 2;
      const a = readVector(vfp, m, count, bits, signed);
      for (let e = 0; e < wideCount; e++) {
        const s = a[2 * e]! + a[2 * e + 1]!;
        if (wideBits === 64) {
          const acc = op === 'vpadal' ? get64(vfp, d, e, false) : 0n;
          set64(vfp, d, e, acc + BigInt(s));
        } else {
          const acc = op === 'vpadal' ? getU(vfp, d, e, wideBits) : 0;
          set(vfp, d, e, wideBits, wrap(acc + s, wideBits));
        }
      }
      return;
    }
    case 'vswp':
      for (let i = 0; i < 2 * regs; i++) {
        const x = vfp[2 * d + i]!;
        vfp[2 * d + i] = vfp[2 * m + i]!;
        vfp[2 * m + i] = x;
      }
      return;
    case 'vmvn':
      for (let i = 0; i < 2 * regs; i++) vfp[2 * d + i] = ~vfp[2 * m + i]! >>> 0;
      return;
    case 'vrev16':
    case 'vrev32':
    case 'vrev64': {
      const group = Number(op.slice(4)) / bits;
      const a = readVector(vfp, m, count, bits, false);
      const out = a.map((_, e) => a[e - (e % group) + (group - 1 - (e % group))]!);
      writeVector(vfp, d, bits, out);
      return;
    }
    case 'vtrn':
    case 'vuzp':
    case 'vzip':
      permute(vfp, op, bits, count, d, m);
      return;
    default:
      break;
  }
  const a = readVector(vfp, m, count, bits, signed || t === 'i');
  const ones = 2 ** bits - 1;
  const out = new Array<number>(count);
  for (let e = 0; e < count; e++) {
    const x = a[e]!;
    let v: number;
    switch (op) {
      case 'vabs':
        v = Math.abs(x);
        break;
      case 'vneg':
        v = -x;
        break;
      case 'vqabs':
        v = saturate(st, Math.abs(x), bits, true);
        break;
      case 'vqneg':
        v = saturate(st, -x, bits, true);
        break;
      case 'vceq':
        v = x === 0 ? ones : 0;
        break;
      case 'vcgt':
        v = x > 0 ? ones : 0;
        break;
      case 'vcge':
        v = x >= 0 ? ones : 0;
        break;
      case 'vcle':
        v = x <= 0 ? ones : 0;
        break;
      case 'vclt':
        v = x < 0 ? ones : 0;
        break;
      case 'vclz': {
        const u = x < 0 ? x + 2 ** bits : x;
        v = Math.clz32(u) - (32 - bits);
        break;
      }
      case 'vcls': {
        const u = x < 0 ? -x - 1 : x;
        v = Math.clz32(u) - (32 - bits) - 1;
        break;
      }
      case 'vcnt': {
        let c = 0;
        for (let k = x; k !== 0; k &= k - 1) c++;
        v = c;
        break;
      }
      default:
        throw new Error(`simdMisc: no operation '${op}'`);
    }
    out[e] = wrap(v, bits);
  }
  writeVector(vfp, d, bits, out);
}

/** VTRN / VUZP / VZIP: both registers are written. */
function permute(vfp: Uint32Array, op: string, bits: number, count: number, d: number, m: number): void {
  const a = readVector(vfp, d, count, bits, false);
  const b = readVector(vfp, m, count, bits, false);
  const x = new Array<number>(count);
  const y = new Array<number>(count);
  const half = count / 2;
  for (let e = 0; e < count; e++) {
    if (op === 'vtrn') {
      // Pairs (a[2i], b[2i]) / (a[2i+1], b[2i+1]) are transposed.
      if (e % 2 === 0) {
        x[e] = a[e]!;
        y[e] = a[e + 1]!;
      } else {
        x[e] = b[e - 1]!;
        y[e] = b[e]!;
      }
    } else if (op === 'vuzp') {
      const cat = e < half ? a : b;
      const k = 2 * (e % half);
      x[e] = cat[k]!;
      y[e] = cat[k + 1]!;
    } else {
      const src = e % 2 === 0 ? a : b;
      x[e] = src[e >> 1]!;
      y[e] = src[half + (e >> 1)]!;
    }
  }
  writeVector(vfp, d, bits, x);
  writeVector(vfp, m, bits, y);
}
