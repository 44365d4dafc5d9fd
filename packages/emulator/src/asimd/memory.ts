/**
 * Advanced SIMD element and structure loads and stores (ARM ARM A7.7): VLD1–VLD4 / VST1–VST4 of multiple
 * structures, of one structure to one lane, and (loads) of one structure to all lanes. Elements are
 * little-endian in memory and in the registers, so an element moves byte by byte: byte k of element e of D<r>
 * is byte e × size + k of the register. Unaligned element addresses are allowed (SCTLR.A clear, as under Linux);
 * an alignment the instruction names (`[r0 :128]`) that the address does not have is an alignment fault.
 * A load reads every byte before it writes a register, so a data abort leaves the registers as they were.
 */

import { MemoryFault } from '../memory/fault.js';
import type { PhysicalMemory } from '../memory/memory.js';
import type { SimdState } from './elements.js';

function getByte(vfp: Uint32Array, d: number, j: number): number {
  return (vfp[2 * d + (j >>> 2)]! >>> ((j & 3) * 8)) & 0xff;
}

function setByte(vfp: Uint32Array, d: number, j: number, v: number): void {
  const i = 2 * d + (j >>> 2);
  const shift = (j & 3) * 8;
  vfp[i] = ((vfp[i]! & ~(0xff << shift)) | (v << shift)) >>> 0;
}

/**
 * VLD1 / VST1 of multiple registers: memory and the (consecutive) registers hold the same bytes in the same
 * order whatever the element size, so they move a word at a time.
 */
function contiguous(vfp: Uint32Array, mem: PhysicalMemory, load: boolean, first: number, words: number, base: number) {
  const aligned = (base & 3) === 0;
  if (load) {
    const w = new Array<number>(words);
    for (let i = 0; i < words; i++) {
      const a = (base + 4 * i) >>> 0;
      w[i] = aligned
        ? mem.read32(a) >>> 0
        : (mem.read8(a) |
            (mem.read8((a + 1) >>> 0) << 8) |
            (mem.read8((a + 2) >>> 0) << 16) |
            (mem.read8((a + 3) >>> 0) << 24)) >>>
          0;
    }
    for (let i = 0; i < words; i++) vfp[2 * first + i] = w[i]!;
    return;
  }
  mem.checkAccess(base, 4 * words, 'write');
  for (let i = 0; i < words; i++) {
    const a = (base + 4 * i) >>> 0;
    const v = vfp[2 * first + i]!;
    if (aligned) mem.write32(a, v | 0);
    else for (let k = 0; k < 4; k++) mem.write8((a + k) >>> 0, (v >>> (8 * k)) & 0xff);
  }
}

/** The class of an Advanced SIMD structure access. */
export const MULTIPLE = 0;
export const SINGLE_LANE = 1;
export const ALL_LANES = 2;

/**
 * One VLDn / VSTn at `address`. `first`, `count`, `stride`: the D register list as the decoder gives it;
 * `ebytes`: element size in bytes; `lane`: the lane of a single-lane access; `alignBytes`: required alignment
 * (0 for none).
 */
export function simdLoadStore(
  st: SimdState,
  mem: PhysicalMemory,
  form: number,
  load: boolean,
  structure: number,
  ebytes: number,
  first: number,
  count: number,
  stride: number,
  lane: number,
  alignBytes: number,
  address: number,
): void {
  const vfp = st.vfp;
  const base = address >>> 0;
  if (alignBytes > 0 && base % alignBytes !== 0) throw new MemoryFault(base, load ? 'read' : 'write', 'alignment');
  if (form === MULTIPLE && structure === 1) {
    contiguous(vfp, mem, load, first, 2 * count, base);
    return;
  }
  // The (register, register byte) of each memory byte, in memory order.
  const regOf: number[] = [];
  const byteOf: number[] = [];
  if (form === MULTIPLE) {
    const perMember = count / structure;
    const elements = 8 / ebytes;
    for (let r = 0; r < perMember; r++)
      for (let e = 0; e < elements; e++)
        for (let s = 0; s < structure; s++)
          for (let k = 0; k < ebytes; k++) {
            regOf.push(first + s * stride * perMember + r);
            byteOf.push(e * ebytes + k);
          }
  } else {
    for (let s = 0; s < structure; s++)
      for (let k = 0; k < ebytes; k++) {
        regOf.push(first + s * stride);
        byteOf.push(form === SINGLE_LANE ? lane * ebytes + k : k);
      }
  }
  const n = regOf.length;
  if (!load) {
    mem.checkAccess(base, n, 'write');
    for (let i = 0; i < n; i++) mem.write8((base + i) >>> 0, getByte(vfp, regOf[i]!, byteOf[i]!));
    return;
  }
  const bytes = new Array<number>(n);
  for (let i = 0; i < n; i++) bytes[i] = mem.read8((base + i) >>> 0);
  if (form !== ALL_LANES) {
    for (let i = 0; i < n; i++) setByte(vfp, regOf[i]!, byteOf[i]!, bytes[i]!);
    return;
  }
  // All lanes: each structure element is replicated into every lane of its register (VLD1: of `count` registers).
  const targets = structure === 1 ? count : 1;
  for (let s = 0; s < structure; s++)
    for (let t = 0; t < targets; t++) {
      const reg = first + s * stride + t;
      for (let j = 0; j < 8; j++) setByte(vfp, reg, j, bytes[s * ebytes + (j % ebytes)]!);
    }
}
