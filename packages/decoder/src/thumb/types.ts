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

/**
 * A 32-bit unit ARMv7-A does not execute but GNU objdump 2.40 prints with a name (t32/named-undefined.ts):
 * the Armv8.1-M branch-future and low-overhead-loop instructions (`op` bf, bfx, bfl, bflx, bfcsel, wls,
 * wlstp, dls, dlstp, le, letp, lctp — BLX (immediate) with H = 1 here), ARMv8's DCPS1–3 (`dcps`), and
 * objdump's `undefined (bcc, cond=0xE|0xF)` for the rest of the B<c>.W cond = 111x space (`op` 'bcc').
 * Executes as UNDEFINED (the ARM ARM's UNDEFINED, or for some `bcc` units an UNPREDICTABLE control form
 * with broken should-be bits); reads, writes and target are empty. The fields hold what objdump prints.
 */
export interface NamedUndefinedInsn extends ThumbCommon {
  readonly kind: 'named-undefined';
  /** The register operand (BFX, BFLX, WLS, WLSTP, DLS, DLSTP; LR for LE lr / LETP), or null. */
  readonly rn: Reg | null;
  /** WLSTP / DLSTP element size in bits (8, 16, 32, 64); 0 otherwise. */
  readonly elementSize: number;
  /** The branch-future family's branch-point offset (bytes), DCPS's level, `bcc`'s condition field (14, 15). */
  readonly imm: number;
  /** The address objdump prints: branch-future target, WLS loop end, LE loop start; null when none. */
  readonly label: number | null;
  /** BFCSEL: the else offset objdump prints (branch offset + 2 or + 4); 0 otherwise. */
  readonly elseOffset: number;
  /** BFCSEL: the condition (bits 21:18); 0 otherwise. */
  readonly elseCond: number;
}

/** Kinds that exist only in Thumb state. */
export type ThumbOnlyInsn = IfThenInsn | CompareBranchInsn | TableBranchInsn | NamedUndefinedInsn;

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
