import type { Cpu } from '../cpu/cpu.js';

/**
 * Runtime helpers for the media instructions (ARM ARM A8.8): the parallel add/subtract family, SEL,
 * SSAT16/USAT16, reversal, USAD8. Lanes are computed on plain numbers, then packed.
 */

/** Lane operations and arithmetic as numbers (chosen at decode time; no string compares at run time). */
export const LANE_OPS = ['add16', 'asx', 'sax', 'sub16', 'add8', 'sub8'] as const;
export const ARITHMETIC = ['modular', 'saturating', 'halving'] as const;
const ASX = 1;
const SAX = 2;
const SUB16 = 3;
const SUB8 = 5;
const ADD8 = 4;
const MODULAR = 0;
const SATURATING = 1;
const HALVING = 2;

function lane(v: number, index: number, bits: number, signed: boolean): number {
  const shifted = v >>> (index * bits);
  const mask = bits === 16 ? 0xffff : 0xff;
  const raw = shifted & mask;
  return signed && raw & (1 << (bits - 1)) ? raw - (mask + 1) : raw;
}

export function parallelAddSub(
  cpu: Cpu,
  n: number,
  m: number,
  signed: boolean,
  arithmetic: number,
  operation: number,
): number {
  const bits = operation === ADD8 || operation === SUB8 ? 8 : 16;
  const lanes = 32 / bits;
  const results: number[] = [];
  for (let i = 0; i < lanes; i++) {
    let value: number;
    let isSub: boolean;
    if (operation === ASX) {
      // High lane: n.hi + m.lo; low lane: n.lo − m.hi.
      isSub = i === 0;
      value =
        i === 0 ? lane(n, 0, 16, signed) - lane(m, 1, 16, signed) : lane(n, 1, 16, signed) + lane(m, 0, 16, signed);
    } else if (operation === SAX) {
      isSub = i === 1;
      value =
        i === 0 ? lane(n, 0, 16, signed) + lane(m, 1, 16, signed) : lane(n, 1, 16, signed) - lane(m, 0, 16, signed);
    } else {
      isSub = operation === SUB16 || operation === SUB8;
      value = isSub
        ? lane(n, i, bits, signed) - lane(m, i, bits, signed)
        : lane(n, i, bits, signed) + lane(m, i, bits, signed);
    }
    results.push(value);
    if (arithmetic === MODULAR) {
      const ge = signed ? value >= 0 : isSub ? value >= 0 : value >= 1 << bits;
      const geBits = bits === 16 ? 3 << (i * 2) : 1 << i;
      if (i === 0) cpu.ge = 0;
      if (ge) cpu.ge |= geBits;
    }
  }
  let out = 0;
  const mask = bits === 16 ? 0xffff : 0xff;
  for (let i = 0; i < lanes; i++) {
    let v = results[i]!;
    if (arithmetic === SATURATING) {
      if (signed) {
        const max = (1 << (bits - 1)) - 1;
        v = v > max ? max : Math.max(v, -max - 1);
      } else {
        v = v > mask ? mask : Math.max(v, 0);
      }
    } else if (arithmetic === HALVING) {
      v = Math.floor(v / 2);
    }
    out |= (v & mask) << (i * bits);
  }
  return out | 0;
}

/** SEL: byte i from n when GE[i] is set, else from m. */
export function selectBytes(cpu: Cpu, n: number, m: number): number {
  let out = 0;
  for (let i = 0; i < 4; i++) {
    const src = (cpu.ge >>> i) & 1 ? n : m;
    out |= ((src >>> (8 * i)) & 0xff) << (8 * i);
  }
  return out | 0;
}

/** SSAT16 / USAT16 (saturateTo: SSAT16 1–16, USAT16 0–15). Sets Q on saturation. */
export function saturate16(cpu: Cpu, v: number, saturateTo: number, signed: boolean): number {
  let out = 0;
  for (let i = 0; i < 2; i++) {
    const x = lane(v, i, 16, true);
    let r: number;
    if (signed) {
      const max = 2 ** (saturateTo - 1) - 1;
      const min = -(2 ** (saturateTo - 1));
      r = x > max ? max : Math.max(x, min);
    } else {
      const max = 2 ** saturateTo - 1;
      r = x > max ? max : Math.max(x, 0);
    }
    if (r !== x) cpu.q = 1;
    out |= (r & 0xffff) << (16 * i);
  }
  return out | 0;
}

export function reverseBits(v: number): number {
  let out = 0;
  for (let i = 0; i < 32; i++) out |= ((v >>> i) & 1) << (31 - i);
  return out | 0;
}

export function byteReverse(v: number): number {
  return (v >>> 24) | ((v >>> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24) | 0;
}

export function sumAbsoluteDifferences(n: number, m: number): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += Math.abs(((n >>> (8 * i)) & 0xff) - ((m >>> (8 * i)) & 0xff));
  return sum;
}
