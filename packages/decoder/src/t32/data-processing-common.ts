/**
 * Field helpers shared by the 32-bit Thumb data-processing decoders.
 */
import type { Reg } from '../a32/common.js';
import type { ShiftType } from '../a32/data-processing.js';

/** True when r is SP or PC: the ARM ARM's BadReg() for 32-bit Thumb encodings. */
export function badReg(r: Reg): boolean {
  return (r & 13) === 13;
}

/** i:imm3:imm8 of a modified-immediate or plain-immediate encoding (hw1 bit 10, hw2 bits 14:12 and 7:0). */
export function imm12Of(bits: number): number {
  return ((bits >>> 15) & 0x800) | ((bits >>> 4) & 0x700) | (bits & 0xff);
}

/** imm3:imm2 (hw2 bits 14:12 and 7:6): the shift amount, or the lsb of the bitfield encodings. */
export function imm5Of(bits: number): number {
  return ((bits >>> 10) & 0x1c) | ((bits >>> 6) & 3);
}

/** ThumbExpandImm's constant from imm12 = i:imm3:imm8 (the replicated and the rotated forms). */
export function thumbExpandImm(imm12: number): number {
  const imm8 = imm12 & 0xff;
  if ((imm12 & 0xc00) === 0) {
    switch ((imm12 >>> 8) & 3) {
      case 0:
        return imm8;
      case 1:
        return (imm8 * 0x00010001) >>> 0;
      case 2:
        return (imm8 * 0x01000100) >>> 0;
      default:
        return (imm8 * 0x01010101) >>> 0;
    }
  }
  const unrotated = 0x80 | (imm12 & 0x7f);
  const rotation = imm12 >>> 7;
  return ((unrotated >>> rotation) | (unrotated << (32 - rotation))) >>> 0;
}

/**
 * DecodeImmShift(type, imm3:imm2) (hw2 bits 5:4, 14:12, 7:6) as the A32 model gives it: RRX is its own
 * type (4) with amount 1; LSR/ASR by 0 mean 32.
 */
export function decodeImmShiftType(bits: number): ShiftType {
  const type = (bits >>> 4) & 3;
  return type === 3 && (bits & 0x70c0) === 0 ? 4 : (type as ShiftType);
}

/** The amount DecodeImmShift gives with decodeImmShiftType: 0–31 LSL, 1–32 LSR/ASR, 1–31 ROR, 1 RRX. */
export function decodeImmShiftAmount(bits: number): number {
  const imm5 = imm5Of(bits);
  if (imm5 !== 0) return imm5;
  const type = (bits >>> 4) & 3;
  return type === 0 ? 0 : type === 3 ? 1 : 32;
}
