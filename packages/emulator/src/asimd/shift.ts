/**
 * Advanced SIMD shifts by an immediate (ARM ARM A7.4.4), integer forms: VSHR VSRA VRSHR VRSRA VSHL VQSHL VQSHLU
 * VSRI VSLI (8–64-bit elements), the narrowing VSHRN VRSHRN VQSHRN VQRSHRN VQSHRUN VQRSHRUN, and the widening
 * VSHLL / VMOVL. Saturation sets FPSCR.QC.
 */
import {
  get,
  get64,
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

/**
 * Two registers and a shift amount (integer forms). `bits` is the source element size (the wide one for the
 * narrowing shifts, the narrow one for VSHLL / VMOVL); `shift` the amount as the assembler writes it.
 */
export function simdShift(
  st: SimdState,
  op: string,
  t: string,
  bits: number,
  regs: number,
  d: number,
  m: number,
  shift: number,
): void {
  const vfp = st.vfp;
  const signed = t === 's';
  if (op === 'vmovl' || op === 'vshll') {
    const count = 64 / bits;
    const a = readVector(vfp, m, count, bits, signed);
    for (let e = 0; e < count; e++) {
      const v = BigInt(a[e]!) << BigInt(shift);
      if (bits === 32) set64(vfp, d, e, v);
      else set(vfp, d, e, 2 * bits, Number(BigInt.asUintN(2 * bits, v)));
    }
    return;
  }
  if (op.endsWith('n')) {
    narrowingShift(st, op, t, bits, d, m, shift);
    return;
  }
  const big = BigInt(shift);
  if (bits === 64) {
    const a = readVector64(vfp, m, regs, signed && op !== 'vqshlu');
    const acc = readVector64(vfp, d, regs, false);
    const out = a.map((x, e) => {
      const sx = op === 'vqshlu' ? BigInt.asIntN(64, x) : x;
      switch (op) {
        case 'vshr':
          return x >> big;
        case 'vsra':
          return acc[e]! + (x >> big);
        case 'vrshr':
          return (x + (1n << (big - 1n))) >> big;
        case 'vrsra':
          return acc[e]! + ((x + (1n << (big - 1n))) >> big);
        case 'vshl':
          return x << big;
        case 'vqshl':
          return saturate64(st, x << big, 64, signed);
        case 'vqshlu':
          return saturate64(st, sx << big, 64, false);
        case 'vsri': {
          const mask = big === 64n ? 0n : BigInt.asUintN(64, -1n) >> big;
          return (acc[e]! & ~mask) | (BigInt.asUintN(64, x) >> big);
        }
        default: {
          // vsli
          const mask = BigInt.asUintN(64, BigInt.asUintN(64, -1n) << big);
          return (acc[e]! & ~mask) | BigInt.asUintN(64, x << big);
        }
      }
    });
    writeVector64(vfp, d, out);
    return;
  }
  const count = (regs * 64) / bits;
  const a = readVector(vfp, m, count, bits, signed || op === 'vqshlu');
  const acc = readVector(vfp, d, count, bits, false);
  const out = new Array<number>(count);
  const ones = 2 ** bits - 1;
  for (let e = 0; e < count; e++) {
    const x = a[e]!;
    let v: number;
    switch (op) {
      case 'vshr':
        v = shiftRight(x, shift);
        break;
      case 'vsra':
        v = acc[e]! + shiftRight(x, shift);
        break;
      case 'vrshr':
        v = shiftRight(x + 2 ** (shift - 1), shift);
        break;
      case 'vrsra':
        v = acc[e]! + shiftRight(x + 2 ** (shift - 1), shift);
        break;
      case 'vshl':
        v = x * 2 ** shift;
        break;
      case 'vqshl':
        v = saturate(st, x * 2 ** shift, bits, signed);
        break;
      case 'vqshlu':
        v = saturate(st, x * 2 ** shift, bits, false);
        break;
      case 'vsri': {
        const mask = shift === bits ? 0 : Math.floor(ones / 2 ** shift);
        const ux = x < 0 ? x + 2 ** bits : x;
        v = acc[e]! - (acc[e]! % (mask + 1)) + Math.floor(ux / 2 ** shift);
        break;
      }
      case 'vsli': {
        const low = 2 ** shift;
        const ux = x < 0 ? x + 2 ** bits : x;
        v = (acc[e]! % low) + wrap(ux * low, bits);
        break;
      }
      default:
        throw new Error(`simdShift: no operation '${op}'`);
    }
    out[e] = wrap(v, bits);
  }
  writeVector(vfp, d, bits, out);
}

/** VSHRN VRSHRN VQSHRN VQRSHRN VQSHRUN VQRSHRUN: Dd = narrow(Qm >> shift); `bits` the wide size. */
function narrowingShift(st: SimdState, op: string, t: string, bits: number, d: number, m: number, shift: number) {
  const vfp = st.vfp;
  const narrow = bits / 2;
  const count = 64 / narrow;
  const signedIn = t === 's';
  const big = BigInt(shift);
  const rounding = op.includes('rshr');
  const out = new Array<number>(count);
  for (let e = 0; e < count; e++) {
    const x = bits === 64 ? get64(vfp, m, e, signedIn) : BigInt(get(vfp, m, e, bits, signedIn));
    const v = rounding ? (x + (1n << (big - 1n))) >> big : x >> big;
    let r: bigint;
    if (op === 'vshrn' || op === 'vrshrn') r = v;
    else if (op.endsWith('un')) r = saturate64(st, v, narrow, false);
    else r = saturate64(st, v, narrow, signedIn);
    out[e] = Number(BigInt.asUintN(narrow, r));
  }
  writeVector(vfp, d, narrow, out);
}
