/**
 * What every decoded A32 instruction carries, whatever its kind.
 */

/** Condition field: 0 (EQ) … 14 (AL); 15 marks the unconditional (0b1111) space. */
export type Condition = number;

export const COND_AL = 14;
export const COND_UNCONDITIONAL = 15;

/** Register numbers 0–15; 13 = SP, 14 = LR, 15 = PC. */
export type Reg = number;

export const SP = 13;
export const LR = 14;
export const PC = 15;

/** A memory access an instruction makes (null in `A32Common.memory` when it makes none). */
export interface MemoryAccess {
  readonly access: 'load' | 'store' | 'swap' | 'preload';
  /** Bytes transferred (LDM/STM: 4 × registers). 0 for preloads. */
  readonly bytes: number;
  /** LDREX/STREX family (and acquire/release exclusives). */
  readonly exclusive: boolean;
  /** LDRT/STRT family: performed with user (PL0) permissions. */
  readonly unprivileged: boolean;
}

export interface A32Common {
  readonly isa: 'arm';
  readonly address: number;
  readonly word: number;
  readonly cond: Condition;
  /** The operation in objdump's base spelling, without condition or `s` (e.g. `add`, `ldrsh`, `stmdb`). */
  readonly op: string;
  /** Bit n set ⇔ register rn is read as a source (bit 15: the PC value is read, e.g. PC-relative). */
  readonly reads: number;
  /** Bit n set ⇔ register rn is written (bit 15: the instruction branches / writes the PC). */
  readonly writes: number;
  /** Updates condition flags (N, Z, C, V, Q or GE). */
  readonly setsFlags: boolean;
  /** The ARM ARM calls this encoding UNPREDICTABLE (including broken should-be bits). */
  readonly unpredictable: boolean;
  readonly memory: MemoryAccess | null;
  /** Statically known branch target, or null. */
  readonly target: number | null;
}

export const NO_MEMORY = null;

/** Bitmask with the given registers set. */
export function regMask(...regs: readonly Reg[]): number {
  let m = 0;
  for (const r of regs) m |= 1 << r;
  return m;
}

/**
 * `BOOL[x]` for x ∈ {0, 1}: a boolean without a conditional branch. Decoding random words makes every
 * data-dependent branch a coin toss for the CPU's predictor, so the hot decoders compute their flags as
 * 0/1 numbers and look the boolean up here.
 */
export const BOOL: readonly boolean[] = [false, true];

/** Bit n of `word` as a boolean (no branch). */
export function bit(word: number, n: number): boolean {
  return BOOL[(word >>> n) & 1]!;
}

/** 1 when the 4-bit register numbers a and b are equal, else 0 (no branch). */
export function same(a: Reg, b: Reg): number {
  return ((a ^ b) - 1) >>> 31;
}

/** 1 when x (an int32) is non-zero, else 0 (no branch). */
export function nonZero(x: number): number {
  return (x | -x) >>> 31;
}
