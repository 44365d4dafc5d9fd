/**
 * The decoded Thumb instruction: the Thumb form of every A32 kind (same kind, same fields) plus the kinds
 * that exist only in Thumb state.
 */
import type { Reg } from '../a32/common.js';
import type { LoadStoreExclusiveInsn } from '../a32/synchronization.js';
import type { A32Instruction } from '../a32/types.js';
import type { ThumbCommon, ThumbForm } from './common.js';

/** IT (A8.8.54): makes the next 1–4 instructions conditional. */
export interface IfThenInsn extends ThumbCommon {
  readonly kind: 'if-then';
  /** firstcond (bits 7:4). */
  readonly firstCond: number;
  /** mask (bits 3:0, non-zero). */
  readonly mask: number;
}

/** CBZ / CBNZ (A8.8.29): compare a low register with zero and branch forward. */
export interface CompareBranchInsn extends ThumbCommon {
  readonly kind: 'compare-branch';
  readonly rn: Reg;
  /** CBNZ: branch when rn is not zero. */
  readonly nonZero: boolean;
  readonly imm32: number;
  readonly target: number;
}

/** TBB / TBH (A8.8.411): branch forward by twice a byte / halfword read from a table at rn + rm (× 2 for TBH). */
export interface TableBranchInsn extends ThumbCommon {
  readonly kind: 'table-branch';
  readonly rn: Reg;
  readonly rm: Reg;
  /** TBH: halfword entries. */
  readonly half: boolean;
}

/** Kinds that exist only in Thumb state. */
export type ThumbOnlyInsn = IfThenInsn | CompareBranchInsn | TableBranchInsn;

/**
 * LDREX / STREX (word) in Thumb state address `[rn, #imm32]` (imm8 × 4, A8.8.75 / A8.8.212); the A32
 * encodings and every other exclusive form have no offset (imm32 = 0). The one field the states differ by.
 */
export type ThumbLoadStoreExclusiveInsn = ThumbForm<LoadStoreExclusiveInsn> & { readonly imm32: number };

/** A decoded Thumb instruction (16 or 32-bit): a discriminated union on `kind`. */
export type ThumbInstruction =
  | ThumbForm<Exclude<A32Instruction, LoadStoreExclusiveInsn>>
  | ThumbLoadStoreExclusiveInsn
  | ThumbOnlyInsn;

export type ThumbKind = ThumbInstruction['kind'];

/** The Thumb instruction of kind K. */
export type ThumbOfKind<K extends ThumbKind> = Extract<ThumbInstruction, { readonly kind: K }>;
