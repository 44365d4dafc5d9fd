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

function words(vfp: Uint32Array, d: number): number[] {
  return [vfp[2 * d]!, vfp[2 * d + 1]!, vfp[2 * d + 2]!, vfp[2 * d + 3]!];
}

function rol(x: number, n: number): number {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}

function ror(x: number, n: number): number {
  return ((x >>> n) | (x << (32 - n))) >>> 0;
}

function choose(x: number, y: number, z: number): number {
  return (((y ^ z) & x) ^ z) >>> 0;
}

function majority(x: number, y: number, z: number): number {
  return ((x & y) | ((x | y) & z)) >>> 0;
}

/** SHA1C / SHA1P / SHA1M (Qd, Qn, Qm), SHA1SU0 (Qd, Qn, Qm), SHA256H / SHA256H2 / SHA256SU1 (Qd, Qn, Qm). */
export function simdSha3(st: SimdState, op: string, d: number, n: number, m: number): void {
  const vfp = st.vfp;
  const x = words(vfp, d);
  const y = words(vfp, n);
  const w = words(vfp, m);
  let out: number[];
  switch (op) {
    case 'sha1c':
    case 'sha1p':
    case 'sha1m': {
      const f = op === 'sha1c' ? choose : op === 'sha1m' ? majority : (a: number, b: number, c: number) => a ^ b ^ c;
      const xs = [...x];
      let e = y[0]!;
      for (let i = 0; i < 4; i++) {
        const t = f(xs[1]!, xs[2]!, xs[3]!);
        e = (e + rol(xs[0]!, 5) + t + w[i]!) >>> 0;
        xs[1] = rol(xs[1]!, 30);
        const top = xs[3]!;
        xs.splice(3, 1);
        xs.unshift(e);
        e = top;
      }
      out = xs;
      break;
    }
    case 'sha1su0':
      out = [x[2]!, x[3]!, y[0]!, y[1]!].map((v, i) => (v ^ x[i]! ^ w[i]!) >>> 0);
      break;
    case 'sha256h':
    case 'sha256h2': {
      const xs = op === 'sha256h' ? [...x] : [...y];
      const ys = op === 'sha256h' ? [...y] : [...x];
      for (let i = 0; i < 4; i++) {
        const chs = choose(ys[0]!, ys[1]!, ys[2]!);
        const maj = majority(xs[0]!, xs[1]!, xs[2]!);
        const sigma1 = ror(ys[0]!, 6) ^ ror(ys[0]!, 11) ^ ror(ys[0]!, 25);
        const sigma0 = ror(xs[0]!, 2) ^ ror(xs[0]!, 13) ^ ror(xs[0]!, 22);
        const t = (ys[3]! + (sigma1 >>> 0) + chs + w[i]!) >>> 0;
        xs[3] = (t + xs[3]!) >>> 0;
        ys[3] = (t + (sigma0 >>> 0) + maj) >>> 0;
        // ROL(Y:X, 32): Y's top word enters X at the bottom, X's top word enters Y.
        const yTop = ys[3]!;
        const xTop = xs[3]!;
        xs.splice(3, 1);
        xs.unshift(yTop);
        ys.splice(3, 1);
        ys.unshift(xTop);
      }
      out = op === 'sha256h' ? xs : ys;
      break;
    }
    default: {
      // sha256su1
      const t0 = [y[1]!, y[2]!, y[3]!, w[0]!];
      out = [0, 0, 0, 0];
      for (let e = 0; e < 4; e++) {
        const src = e < 2 ? w[2 + e]! : out[e - 2]!;
        const s1 = (ror(src, 17) ^ ror(src, 19) ^ (src >>> 10)) >>> 0;
        out[e] = (s1 + x[e]! + t0[e]!) >>> 0;
      }
    }
  }
  for (let i = 0; i < 4; i++) vfp[2 * d + i] = out[i]! >>> 0;
}

/** SHA1H, SHA1SU1, SHA256SU0 (Qd, Qm). */
export function simdSha2(st: SimdState, op: string, d: number, m: number): void {
  const vfp = st.vfp;
  const x = words(vfp, d);
  const y = words(vfp, m);
  let out: number[];
  if (op === 'sha1h') out = [rol(y[0]!, 30), 0, 0, 0];
  else if (op === 'sha1su1') {
    const t = [x[0]! ^ y[1]!, x[1]! ^ y[2]!, x[2]! ^ y[3]!, x[3]!];
    out = [
      rol(t[0]! >>> 0, 1),
      rol(t[1]! >>> 0, 1),
      rol(t[2]! >>> 0, 1),
      (rol(t[3]! >>> 0, 1) ^ rol(t[0]! >>> 0, 2)) >>> 0,
    ];
  } else {
    const t = [x[1]!, x[2]!, x[3]!, y[0]!];
    out = t.map((v, e) => (((ror(v, 7) ^ ror(v, 18) ^ (v >>> 3)) >>> 0) + x[e]!) >>> 0);
  }
  for (let i = 0; i < 4; i++) vfp[2 * d + i] = out[i]! >>> 0;
}
