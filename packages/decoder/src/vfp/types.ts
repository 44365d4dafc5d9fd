/**
 * The floating-point (VFP) instruction kinds: coprocessors 10 and 11 (single and double precision) and the
 * ARMv8.2 half-precision forms objdump finds in coprocessor 9's encodings, in A32 and (as the same A32 word
 * with condition 1110 / 1111) T32.
 *
 * The fields are what an executor needs, named as in the ARM ARM's pseudocode: the operation (`op`, objdump's
 * base mnemonic), the data type(s), registers as bank + number, immediates as bits and as a number, the
 * rounding a conversion or VRINT uses, and which system register / flags a transfer reads or writes. Printing
 * reads these fields only.
 */
import type { A32Common, Reg } from '../a32/common.js';

/** A floating-point / Advanced SIMD register: S0–S31, D0–D31 or Q0–Q15. */
export interface FpRegister {
  readonly bank: 's' | 'd' | 'q';
  readonly index: number;
}

/** Floating-point element types. `bf16` only as VCVT{B,T}.BF16.F32's destination. */
export type FloatType = 'f16' | 'f32' | 'f64' | 'bf16';
/** Integer and fixed-point types of conversions (fixed point: with `fbits`). */
export type IntegerType = 's16' | 'u16' | 's32' | 'u32';
export type FpDataType = FloatType | IntegerType;

/**
 * How a result is rounded. `fpscr`: FPSCR.RMode (VCVTR, VRINTR, arithmetic); `exact`: FPSCR.RMode and the
 * Inexact exception when the value changes (VRINTX); `zero`: towards zero (VCVT to integer, VRINTZ, VJCVT);
 * `a` nearest with ties away, `n` nearest even, `p` towards +∞, `m` towards −∞ (VCVTA/N/P/M, VRINTA/N/P/M).
 */
export type FpRounding = 'fpscr' | 'exact' | 'zero' | 'a' | 'n' | 'p' | 'm';

interface VfpCommon extends A32Common {
  /**
   * The ARM ARM makes this encoding UNDEFINED although objdump prints a mnemonic for it (a Q register with
   * an odd number, a half-precision VRINT with opc2 = 0111, a register list of length 0): execution raises
   * UNDEFINED.
   */
  readonly architecturallyUndefined: boolean;
}

/**
 * Three-register operations: VADD, VSUB, VMUL, VNMUL, VDIV, VMLA, VMLS, VNMLA, VNMLS (chained), VFMA, VFMS,
 * VFNMA, VFNMS (fused), VMAXNM, VMINNM and VSEL. Vd = Vn op Vm (the multiply-accumulates also read Vd).
 */
export interface VfpArithmeticInsn extends VfpCommon {
  readonly kind: 'vfp-arithmetic';
  readonly dataType: 'f16' | 'f32' | 'f64';
  readonly vd: FpRegister;
  readonly vn: FpRegister;
  readonly vm: FpRegister;
  /** VSEL: the condition selecting Vn (else Vm) — 0 EQ, 6 VS, 10 GE, 12 GT; null for the other operations. */
  readonly selectCond: number | null;
}

/**
 * One-source operations: VABS, VNEG, VSQRT, VMOV (register), VMOVX (top half of Vm to the bottom of Vd),
 * VINS (bottom half of Vm to the top of Vd) and VRINT{A,N,P,M,X,Z,R}.
 */
export interface VfpUnaryInsn extends VfpCommon {
  readonly kind: 'vfp-unary';
  readonly dataType: 'f16' | 'f32' | 'f64';
  readonly vd: FpRegister;
  readonly vm: FpRegister;
  /** VRINT's rounding (objdump prints its letter after `vrint`); null for the other operations. */
  readonly rounding: FpRounding | null;
}

/** VCMP / VCMPE: compare Vd with Vm (or with +0.0), result in FPSCR.NZCV. */
export interface VfpCompareInsn extends VfpCommon {
  readonly kind: 'vfp-compare';
  readonly dataType: 'f16' | 'f32' | 'f64';
  readonly vd: FpRegister;
  /** null: compare with zero. */
  readonly vm: FpRegister | null;
  /** VCMPE: an Invalid Operation exception for quiet NaNs too. */
  readonly quietNanExceptions: boolean;
}

/** VMOV (immediate): Vd = the floating-point constant VFPExpandImm(imm8). */
export interface VfpMoveImmediateInsn extends VfpCommon {
  readonly kind: 'vfp-move-immediate';
  readonly dataType: 'f16' | 'f32' | 'f64';
  readonly vd: FpRegister;
  /** The encoded imm8 (bits 19:16 and 3:0), which objdump prints. */
  readonly imm8: number;
  /** The constant's bits in its data type: f16 16 bits, f32 32 bits, f64 the high word (the low word is 0). */
  readonly bits: number;
  /** The constant's value. */
  readonly value: number;
}

/**
 * VCVT in all its forms — floating point ↔ floating point (VCVT, VCVTB/VCVTT with `half`), floating point ↔
 * integer (VCVT, VCVTR, VCVTA/N/P/M), floating point ↔ fixed point (`fbits`), VJCVT (`op` 'vjcvt', a
 * JavaScript conversion: round towards zero, result modulo 2^32).
 */
export interface VfpConvertInsn extends VfpCommon {
  readonly kind: 'vfp-convert';
  readonly to: FpDataType;
  readonly from: FpDataType;
  readonly vd: FpRegister;
  /** The source (for fixed point the same register as vd). */
  readonly vm: FpRegister;
  /** Rounding of a conversion to integer or to a narrower float (`fpscr` where the FPSCR decides). */
  readonly rounding: FpRounding;
  /** Fixed point: the number of fraction bits (size − imm; negative values are UNPREDICTABLE); else null. */
  readonly fbits: number | null;
  /** VCVTB / VCVTT: which half of the single-precision register holds the half-precision value. */
  readonly half: 'bottom' | 'top' | null;
}

/** VLDR / VSTR: one register to/from [rn, ±imm32] (rn = PC: the literal Align(PC, 4) ± imm32). */
export interface VfpLoadStoreInsn extends VfpCommon {
  readonly kind: 'vfp-load-store';
  readonly load: boolean;
  /** Bytes transferred: 2 (`.16`, coprocessor 9), 4 (S) or 8 (D). */
  readonly size: 2 | 4 | 8;
  readonly vd: FpRegister;
  readonly rn: Reg;
  /** imm8 × 4 (× 2 for the 16-bit form). */
  readonly imm32: number;
  readonly add: boolean;
}

/**
 * VLDM / VSTM (IA with optional writeback, DB with writeback), VPUSH / VPOP (SP, writeback), and the
 * deprecated FLDMX / FSTMX (D registers, imm8 odd: one extra word). `first` and `count` give the register
 * list; objdump prints it whatever its length, even past the last register.
 */
export interface VfpLoadStoreMultipleInsn extends VfpCommon {
  readonly kind: 'vfp-load-store-multiple';
  readonly load: boolean;
  readonly rn: Reg;
  readonly increment: boolean;
  readonly wback: boolean;
  readonly bank: 's' | 'd';
  /** First register of the list (its number in the bank). */
  readonly first: number;
  /** Number of registers: imm8 for S, imm8 / 2 (rounded down) for D. */
  readonly count: number;
  /** imm8: words transferred. */
  readonly imm8: number;
}

/** VMOV between a core register and a single-precision register (`.f16`: its low half, ARMv8.2). */
export interface VfpMoveCoreSingleInsn extends VfpCommon {
  readonly kind: 'vfp-move-core-single';
  readonly toCore: boolean;
  readonly rt: Reg;
  readonly vn: FpRegister;
  /** `f16`: only the low 16 bits move (the rest of the destination is zeroed); null for 32 bits. */
  readonly dataType: 'f16' | null;
}

/** VMOV between two core registers and two consecutive S registers or one D register. */
export interface VfpMoveCorePairInsn extends VfpCommon {
  readonly kind: 'vfp-move-core-pair';
  readonly toCore: boolean;
  readonly rt: Reg;
  readonly rt2: Reg;
  /** The D register, or the first of the two S registers (the second is index + 1). */
  readonly vm: FpRegister;
}

/** VMOV between a core register and a scalar (one element of a D register). */
export interface VfpMoveCoreScalarInsn extends VfpCommon {
  readonly kind: 'vfp-move-core-scalar';
  readonly toCore: boolean;
  readonly rt: Reg;
  readonly vn: FpRegister;
  /** Element size in bits. */
  readonly size: 8 | 16 | 32;
  readonly lane: number;
  /** To core, 8 and 16 bits: sign-extend (`.s8` / `.s16`) or zero-extend (`.u8` / `.u16`); null otherwise. */
  readonly signed: boolean | null;
}

/** VDUP (core register): every element of Dd / Qd = the low `size` bits of rt. */
export interface VfpDuplicateCoreInsn extends VfpCommon {
  readonly kind: 'vfp-duplicate-core';
  readonly rt: Reg;
  /** D or Q register (a Q register with an odd D number is UNDEFINED: `architecturallyUndefined`). */
  readonly vd: FpRegister;
  readonly size: 8 | 16 | 32;
}

/**
 * VMRS (system register → core register, or FPSCR.NZCV → APSR.NZCV when `rt` = 15) and VMSR (core register →
 * system register).
 */
export interface VfpSystemRegisterInsn extends VfpCommon {
  readonly kind: 'vfp-system-register';
  /** VMRS. */
  readonly toCore: boolean;
  readonly rt: Reg;
  /** The register number (bits 19:16): 0 FPSID, 1 FPSCR, 5–7 MVFR2/1/0, 8 FPEXC, … */
  readonly specialRegister: number;
  /** Its name as objdump prints it, or null for an implementation-defined number. */
  readonly registerName: string | null;
  /** VMRS APSR_nzcv, fpscr: writes the flags. */
  readonly toFlags: boolean;
}

export type VfpInsn =
  | VfpArithmeticInsn
  | VfpUnaryInsn
  | VfpCompareInsn
  | VfpMoveImmediateInsn
  | VfpConvertInsn
  | VfpLoadStoreInsn
  | VfpLoadStoreMultipleInsn
  | VfpMoveCoreSingleInsn
  | VfpMoveCorePairInsn
  | VfpMoveCoreScalarInsn
  | VfpDuplicateCoreInsn
  | VfpSystemRegisterInsn;

export type VfpKind = VfpInsn['kind'];

function bank(b: 's' | 'd' | 'q', n: number): readonly FpRegister[] {
  return Array.from({ length: n }, (_, index) => Object.freeze({ bank: b, index }));
}

/** Shared register objects (no allocation per decode). */
export const S_REGISTERS: readonly FpRegister[] = bank('s', 32);
export const D_REGISTERS: readonly FpRegister[] = bank('d', 32);
export const Q_REGISTERS: readonly FpRegister[] = bank('q', 16);
