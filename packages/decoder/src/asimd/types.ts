/**
 * The Advanced SIMD data-processing model (ARM ARM A7.4): one typed form for every instruction of the
 * 1111 001U space (Thumb: 111U 1111) and of the ARMv8 SIMD extensions GNU objdump 2.40 decodes in the
 * unconditional coprocessor space (VCADD, VCMLA, VSDOT/VUDOT, VFMAL/VFMSL, BF16, Int8 matrix multiply).
 *
 * An instruction is its operation (`op`, objdump's mnemonic without condition or type), its element data
 * types and its operands, typed: D / Q / S registers by number, scalars `d3[1]`, D register lists, and
 * immediates with their encoded fields (modified immediates keep cmode/op/imm8; `expandModifiedImmediate`
 * gives the 64-bit value). That is what an emulator executes from; the printer spells the same fields.
 */
import type { A32Common } from '../a32/common.js';

/** Encoding classes of the Advanced SIMD data-processing space (ARM ARM A7.4.1–A7.4.6) and the extensions. */
export type AdvancedSimdKind =
  | 'asimd-three-registers'
  | 'asimd-three-registers-different'
  | 'asimd-two-registers-scalar'
  | 'asimd-shift-immediate'
  | 'asimd-modified-immediate'
  | 'asimd-two-registers-misc'
  | 'asimd-extract-table-duplicate'
  | 'asimd-extension';

/** A D (0–31), Q (0–15) or S (0–31) register. */
export interface SimdRegisterOperand {
  readonly type: 'register';
  readonly bank: 'd' | 'q' | 's';
  readonly index: number;
}

/** One element of a D or S register: `d3[1]`. */
export interface SimdScalarOperand {
  readonly type: 'scalar';
  readonly bank: 'd' | 's';
  readonly index: number;
  readonly lane: number;
}

/** Consecutive D registers `{d4-d6}` (VTBL / VTBX). */
export interface SimdListOperand {
  readonly type: 'list';
  readonly first: number;
  readonly count: number;
}

/** An immediate: shift amount, fraction bits, element index, rotation in degrees, comparison zero. */
export interface SimdImmediateOperand {
  readonly type: 'immediate';
  readonly value: number;
  /** objdump also prints values above 32 in hex as a comment (shift amounts read from a field). */
  readonly hexComment: boolean;
}

/** VMOV / VMVN / VORR / VBIC immediate: AdvSIMDExpandImm(op, cmode, imm8). */
export interface SimdModifiedImmediateOperand {
  readonly type: 'modified-immediate';
  readonly cmode: number;
  readonly op: number;
  readonly imm8: number;
}

/**
 * An operand the encoding cannot have (an odd D number for a Q register, VSHLL's shift for 64-bit elements),
 * in an `architecturallyUndefined` word; `text` is objdump's spelling (`<illegal reg q2.5>`).
 */
export interface SimdIllegalOperand {
  readonly type: 'illegal';
  readonly text: string;
}

export type SimdOperand =
  | SimdIllegalOperand
  | SimdRegisterOperand
  | SimdScalarOperand
  | SimdListOperand
  | SimdImmediateOperand
  | SimdModifiedImmediateOperand;

/** How the condition is spelled: `c` after the operation (Thumb IT), `u` also UNPREDICTABLE in an IT block, `none`. */
export type SimdConditionRule = 'c' | 'u' | 'none';

export interface AdvancedSimdInsn extends A32Common {
  readonly kind: AdvancedSimdKind;
  /**
   * Element data type as objdump spells it after the first dot (`s8`, `u16`, `i32`, `f32`, `p64`, `bf16`, `8`, …);
   * '' when the instruction has none (VAND, VSWP…).
   */
  readonly dataType: string;
  /** Second data type of a conversion (`vcvt.s32.f32`: dataType `s32`, dataType2 `f32`); '' otherwise. */
  readonly dataType2: string;
  /** Element size in bits (8, 16, 32, 64) of the first data type; 0 when none. */
  readonly elementBits: number;
  /** Q = 1: the instruction operates on quadword vectors. */
  readonly quad: boolean;
  /** Destination first, then sources, as the assembler orders them. */
  readonly operands: readonly SimdOperand[];
  readonly conditionRule: SimdConditionRule;
  /**
   * The ARM ARM makes the word UNDEFINED although objdump names it: an element size the operation does not have
   * (`dataType` then holds objdump's `<illegal width N>`), or an operand of type `illegal`. Executes as UNDEFINED.
   */
  readonly architecturallyUndefined: boolean;
}

/** The 64-bit value of a modified immediate (ARM ARM AdvSIMDExpandImm) as [high word, low word]. */
export function expandModifiedImmediate(op: number, cmode: number, imm8: number): [number, number] {
  const i = imm8 & 0xff;
  const rep = (v: number): [number, number] => [v >>> 0, v >>> 0];
  switch (cmode >>> 1) {
    case 0:
      return rep(i);
    case 1:
      return rep(i << 8);
    case 2:
      return rep(i << 16);
    case 3:
      return rep(i << 24);
    case 4:
      return rep((i | (i << 16)) >>> 0);
    case 5:
      return rep(((i << 8) | (i << 24)) >>> 0);
    case 6:
      return rep((cmode & 1) === 0 ? (i << 8) | 0xff : (i << 16) | 0xffff);
    default: {
      if ((cmode & 1) === 0 && op === 0) {
        const b = i * 0x01010101;
        return rep(b >>> 0);
      }
      if ((cmode & 1) === 0 && op === 1) {
        let hi = 0;
        let lo = 0;
        for (let k = 0; k < 4; k++) if ((i >>> k) & 1) lo |= 0xff << (8 * k);
        for (let k = 0; k < 4; k++) if ((i >>> (k + 4)) & 1) hi |= 0xff << (8 * k);
        return [hi >>> 0, lo >>> 0];
      }
      // cmode 1111, op 0: a single-precision constant in each word (op 1 is UNDEFINED).
      const f = ((i & 0x80) << 24) | ((i & 0x40 ? 0x3e00 : 0x4000) << 16) | ((i & 0x3f) << 19);
      return rep(f >>> 0);
    }
  }
}
