/**
 * A tiny Thumb assembler over the decoder's encoders: 16-bit and 32-bit instructions, `ldr.w rt, =value`
 * literal loads (a value, or the address of a local label with the Thumb bit), branches to local labels,
 * jumps out of the trampoline, a word-alignment pad and raw ARM words. Every item but the pad has a fixed
 * size, so one pass lays the code out; the literal pool follows the code, word aligned, deduplicated.
 */
import {
  encodeThumbBCondW,
  encodeThumbBW,
  encodeThumbLdrLiteralW,
  PC,
  THUMB_BRANCH_MAX_OFFSET,
  THUMB_BRANCH_MIN_OFFSET,
  THUMB_NOP_N,
} from '@armprobe/decoder';
import { thumbCompareBranch } from './encode.js';

/** A literal: a constant, or a label's address with bit 0 set (a Thumb code address). */
type LiteralValue = number | { readonly label: string };

type Item =
  | { readonly kind: 'h16'; readonly value: number }
  | { readonly kind: 'h32'; readonly value: number }
  | { readonly kind: 'literal'; readonly rt: number; readonly value: LiteralValue }
  | { readonly kind: 'branch'; readonly label: string; readonly cond: number }
  | { readonly kind: 'compare-branch'; readonly label: string; readonly nonZero: boolean; readonly rn: number }
  | { readonly kind: 'jump'; readonly target: number }
  | { readonly kind: 'align' }
  | { readonly kind: 'arm'; readonly word: number };

/** Condition AL: `branch` emits B.W. */
const AL = 14;

export class ThumbWriter {
  private readonly items: Item[] = [];
  private readonly labels = new Map<string, number>();

  constructor(readonly base: number) {
    if (base % 4 !== 0) throw new RangeError(`a Thumb trampoline starts word aligned, not at 0x${base.toString(16)}`);
  }

  /** A 16-bit instruction. */
  h16(value: number): void {
    this.items.push({ kind: 'h16', value: value & 0xffff });
  }

  /** A 32-bit instruction (`hw1 << 16 | hw2`). */
  h32(value: number): void {
    this.items.push({ kind: 'h32', value: value >>> 0 });
  }

  /** An instruction of either length, by its decoded `length`. */
  insn(value: number, length: 2 | 4): void {
    if (length === 2) this.h16(value);
    else this.h32(value);
  }

  /** `ldr.w rt, [pc, #…]` from the pool: `ldr rt, =value`, or `=label + 1` for `{ label }`. */
  literal(rt: number, value: LiteralValue): void {
    this.items.push({ kind: 'literal', rt, value: typeof value === 'number' ? value >>> 0 : value });
  }

  /** `b<c>.w label` (AL: `b.w label`). */
  branch(label: string, cond = AL): void {
    this.items.push({ kind: 'branch', label, cond });
  }

  /** `cbz rn, label` / `cbnz rn, label` (forward, within 126 bytes). */
  compareBranch(nonZero: boolean, rn: number, label: string): void {
    this.items.push({ kind: 'compare-branch', label, nonZero, rn });
  }

  /** A jump out to Thumb code at `target`: `b.w target` when it reaches, else `ldr.w pc, =target | 1`. */
  jump(target: number): void {
    this.items.push({ kind: 'jump', target: target >>> 0 });
  }

  /** A NOP when needed so the next item starts word aligned. */
  align(): void {
    this.items.push({ kind: 'align' });
  }

  /** A raw ARM word (the position must be word aligned: put `align()` and a state switch before it). */
  arm(word: number): void {
    this.items.push({ kind: 'arm', word: word >>> 0 });
  }

  label(name: string): void {
    if (this.labels.has(name)) throw new Error(`label ${name} defined twice`);
    this.labels.set(name, this.items.length);
  }

  /** Address of the next item (valid at any time: sizes are known when items are added). */
  get here(): number {
    return this.layout()[this.items.length]!;
  }

  /** Address of a label, or null when it is not defined. */
  addressOf(name: string): number | null {
    const index = this.labels.get(name);
    return index === undefined ? null : this.layout()[index]!;
  }

  /** Encodes everything: the halfwords of the code, then the literal pool (word aligned). */
  finish(): number[] {
    const at = this.layout();
    const end = at[this.items.length]!;
    const labelAddress = (name: string): number => {
      const index = this.labels.get(name);
      if (index === undefined) throw new Error(`undefined label ${name}`);
      return at[index]!;
    };
    const reaches = (from: number, to: number) => {
      const offset = (to - ((from + 4) >>> 0)) | 0;
      return offset >= THUMB_BRANCH_MIN_OFFSET && offset <= THUMB_BRANCH_MAX_OFFSET && offset % 2 === 0;
    };
    const pool: number[] = [];
    const slotOf = (value: number): number => {
      let i = pool.indexOf(value);
      if (i < 0) i = pool.push(value) - 1;
      return i;
    };
    const literalValue = (v: LiteralValue): number => (typeof v === 'number' ? v : (labelAddress(v.label) | 1) >>> 0);
    this.items.forEach((item, i) => {
      if (item.kind === 'literal') slotOf(literalValue(item.value));
      else if (item.kind === 'jump' && !reaches(at[i]!, item.target)) slotOf((item.target | 1) >>> 0);
    });
    const poolBase = (end + 3) & ~3;
    const out: number[] = [];
    const push32 = (v: number) => out.push((v >>> 16) & 0xffff, v & 0xffff);
    this.items.forEach((item, i) => {
      const from = at[i]!;
      switch (item.kind) {
        case 'h16':
          out.push(item.value);
          break;
        case 'h32':
          push32(item.value);
          break;
        case 'literal':
          push32(encodeThumbLdrLiteralW(item.rt, from, poolBase + 4 * slotOf(literalValue(item.value))));
          break;
        case 'branch': {
          const to = labelAddress(item.label);
          push32(item.cond === AL ? encodeThumbBW(from, to) : encodeThumbBCondW(from, to, item.cond));
          break;
        }
        case 'compare-branch':
          out.push(thumbCompareBranch(item.nonZero, item.rn, from, labelAddress(item.label)));
          break;
        case 'jump':
          push32(
            reaches(from, item.target)
              ? encodeThumbBW(from, item.target)
              : encodeThumbLdrLiteralW(PC, from, poolBase + 4 * slotOf((item.target | 1) >>> 0)),
          );
          break;
        case 'align':
          if (from % 4 !== 0) out.push(THUMB_NOP_N);
          break;
        case 'arm':
          if (from % 4 !== 0) throw new Error('internal: an ARM word at a halfword-aligned address');
          out.push(item.word & 0xffff, item.word >>> 16);
          break;
      }
    });
    if (end % 4 !== 0) out.push(0);
    for (const value of pool) out.push(value & 0xffff, value >>> 16);
    return out;
  }

  /** Address of every item (and one past the last), from the fixed sizes and the alignment pads. */
  private layout(): number[] {
    const at: number[] = [];
    let a = this.base;
    for (const item of this.items) {
      at.push(a >>> 0);
      a += sizeOf(item, a);
    }
    at.push(a >>> 0);
    return at;
  }
}

function sizeOf(item: Item, at: number): number {
  switch (item.kind) {
    case 'h16':
    case 'compare-branch':
      return 2;
    case 'align':
      return at % 4 === 0 ? 0 : 2;
    default:
      return 4;
  }
}
