/**
 * What every decoded Thumb instruction carries on top of the fields of its kind.
 *
 * One instruction model for both states (as QEMU's a32/t32/t16 decodetree files lead to one set of
 * translators): a Thumb row that encodes the same operation as an A32 row produces the same `kind` with
 * the same fields, so execution and probe rules are written once per kind. What differs is carried here:
 * the state (`isa: 'thumb'`), the instruction's length in bytes (the ARM ARM's ThisInstrLength()), and the
 * IT state it was decoded under.
 */
import type { A32Common } from '../a32/common.js';

/** Condition AL: what an instruction outside an IT block (other than B<c>) executes under. */
export const THUMB_COND_AL = 14;

export interface ThumbFields {
  readonly isa: 'thumb';
  /** 2 for a 16-bit instruction, 4 for a 32-bit one. */
  readonly length: 2 | 4;
  /**
   * ITSTATE (CPSR.IT, 8 bits: firstcond[3:1] in 7:5, the condition's low bit and mask in 4:0) in force
   * when the instruction was decoded; 0 outside an IT block. `cond` is the condition it gives.
   */
  readonly itState: number;
}

/**
 * The Thumb form of an A32 instruction kind: the same fields, `isa: 'thumb'`, a length and the IT state.
 * `word` is the 16-bit unit, or `hw1 << 16 | hw2` for a 32-bit instruction (the ARM ARM's order).
 * `cond` is the condition the instruction executes under: its own for B<c>, the IT block's inside one,
 * AL otherwise.
 */
export type ThumbForm<T> = T extends { readonly isa: 'arm' } ? Omit<T, 'isa'> & ThumbFields : never;

/** Fields every Thumb-only kind starts from (as A32Common, in Thumb state). */
export type ThumbCommon = Omit<A32Common, 'isa'> & ThumbFields;

/** True when a first halfword starts a 32-bit instruction (bits 15:11 = 0b11101, 0b11110 or 0b11111). */
export function isThumb32(hw1: number): boolean {
  return (hw1 & 0xffff) >>> 11 >= 0x1d;
}

/** Length in bytes of the Thumb instruction whose first halfword is `hw1`. */
export function thumbLength(hw1: number): 2 | 4 {
  return isThumb32(hw1) ? 4 : 2;
}

/** True when ITSTATE puts the next instruction inside an IT block. */
export function inItBlock(itState: number): boolean {
  return (itState & 0xf) !== 0;
}

/** True when the instruction decoded under ITSTATE is the last of its IT block. */
export function lastInItBlock(itState: number): boolean {
  return (itState & 0xf) === 0x8;
}

/** The condition an instruction executes under in an IT block (ITSTATE[7:4]); AL outside one. */
export function itCondition(itState: number): number {
  return inItBlock(itState) ? (itState >>> 4) & 0xf : THUMB_COND_AL;
}

/**
 * ITAdvance(): the IT state after an instruction executed (or was skipped) under `itState`.
 * The block ends when ITSTATE[2:0] is zero; otherwise ITSTATE[4:0] shifts left by one.
 */
export function itAdvance(itState: number): number {
  if ((itState & 0x7) === 0) return 0;
  return (itState & 0xe0) | ((itState << 1) & 0x1f);
}

/** The IT state an `IT firstcond, mask` instruction (bits 7:0 of the 16-bit unit) starts. */
export function itStateOf(itInstruction: number): number {
  return itInstruction & 0xff;
}

/** Number of instructions an IT instruction's mask covers (1–4; 0 if the mask is 0). */
export function itBlockSize(mask: number): number {
  mask &= 0xf;
  if (mask === 0) return 0;
  return 4 - countTrailingZeros4(mask);
}

function countTrailingZeros4(m: number): number {
  if (m & 1) return 0;
  if (m & 2) return 1;
  if (m & 4) return 2;
  return 3;
}
