/**
 * ARMv8 cryptography in AArch32 Advanced SIMD, as qemu-arm's default CPU has it: AESE / AESD (AddRoundKey,
 * ShiftRows or its inverse, SubBytes or its inverse), AESMC / AESIMC (MixColumns or its inverse) and VMULL.P64
 * (64 × 64-bit carry-less multiply). The S-boxes are computed from their definition (the multiplicative inverse
 * in GF(2^8) followed by the affine map), not tabulated by hand.
 */
import { type SimdState, set } from './elements.js';

/** Product in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
function gfMul(a: number, b: number): number {
  let r = 0;
  let x = a;
  for (let i = 0; i < 8; i++) {
    if ((b >>> i) & 1) r ^= x;
    x = x & 0x80 ? ((x << 1) ^ 0x11b) & 0xff : x << 1;
  }
  return r;
}

const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);
for (let x = 0; x < 256; x++) {
  let inv = 0;
  if (x !== 0) for (inv = 1; gfMul(x, inv) !== 1; inv++);
  let s = inv;
  for (let k = 1; k <= 4; k++) s ^= ((inv << k) | (inv >>> (8 - k))) & 0xff;
  SBOX[x] = s ^ 0x63;
  INV_SBOX[SBOX[x]!] = x;
}

function bytesOf(vfp: Uint32Array, d: number): number[] {
  const b: number[] = [];
  for (let i = 0; i < 16; i++) b.push((vfp[2 * d + (i >>> 2)]! >>> (8 * (i & 3))) & 0xff);
  return b;
}

function store(vfp: Uint32Array, d: number, b: readonly number[]): void {
  for (let w = 0; w < 4; w++)
    vfp[2 * d + w] = (b[4 * w]! | (b[4 * w + 1]! << 8) | (b[4 * w + 2]! << 16) | (b[4 * w + 3]! << 24)) >>> 0;
}

/** AESE / AESD (Qd, Qm) and AESMC / AESIMC (Qd ← Qm); `d`, `m` are the first D registers. */
export function simdAes(st: SimdState, op: string, d: number, m: number): void {
  const vfp = st.vfp;
  const src = bytesOf(vfp, m);
  const out = new Array<number>(16);
  if (op === 'aese' || op === 'aesd') {
    const dst = bytesOf(vfp, d);
    const x = dst.map((v, i) => v ^ src[i]!);
    for (let c = 0; c < 4; c++)
      for (let r = 0; r < 4; r++) {
        const from = op === 'aese' ? (c + r) & 3 : (c - r + 4) & 3;
        const v = x[r + 4 * from]!;
        out[r + 4 * c] = op === 'aese' ? SBOX[v]! : INV_SBOX[v]!;
      }
  } else {
    const k = op === 'aesmc' ? [2, 3, 1, 1] : [14, 11, 13, 9];
    for (let c = 0; c < 4; c++)
      for (let r = 0; r < 4; r++) {
        let v = 0;
        for (let j = 0; j < 4; j++) v ^= gfMul(src[4 * c + ((r + j) & 3)]!, k[j]!);
        out[r + 4 * c] = v;
      }
  }
  store(vfp, d, out);
}

/** VMULL.P64 Qd, Dn, Dm. */
export function simdMullP64(st: SimdState, d: number, n: number, m: number): void {
  const vfp = st.vfp;
  const a = (BigInt(vfp[2 * n + 1]!) << 32n) | BigInt(vfp[2 * n]!);
  const b = (BigInt(vfp[2 * m + 1]!) << 32n) | BigInt(vfp[2 * m]!);
  let r = 0n;
  for (let i = 0n; i < 64n; i++) if ((b >> i) & 1n) r ^= a << i;
  for (let w = 0; w < 4; w++) set(vfp, d, w, 32, Number((r >> BigInt(32 * w)) & 0xffffffffn));
}
