import { decodeA32 } from '@armprobe/decoder';

/**
 * The ARMv7 concurrent-modification safe set (ARM ARM DDI 0406C, A3.5.4): when one CPU writes an
 * instruction that another CPU may be executing, the other CPU is only guaranteed to execute either the
 * old or the new instruction if the store is single-copy atomic for the instruction and both the old and
 * the new instruction are one of these. Classified from the decoder's typed instruction, never from the
 * printed text (`mov r0, r0` prints as `nop` but is data-processing; the architected NOP is the hint).
 */

/** ARM state: B, BL (any condition; not BLX), the architected NOP hint (hint #0), BKPT, SVC, HVC, SMC. */
export function isArmSafe(word: number): boolean {
  const insn = decodeA32(word >>> 0, 0);
  switch (insn.kind) {
    case 'branch-immediate':
      return !insn.exchange;
    case 'hint':
      return insn.hint === 0;
    case 'breakpoint':
    case 'supervisor-call':
    case 'hypervisor-call':
    case 'secure-monitor-call':
      return true;
    default:
      return false;
  }
}

/** True for the first halfword of a 32-bit Thumb instruction (bits 15:11 = 0b11101, 0b11110, 0b11111). */
export function isThumb32Prefix(halfword: number): boolean {
  return (halfword & 0xffff) >>> 11 >= 0b11101;
}

/**
 * Thumb state: the 16-bit B (conditional `1101 cond imm8` with cond ≠ 111x, unconditional `11100 imm11`),
 * NOP (0xBF00), BKPT (0xBExx) and SVC (0xDFxx). A 32-bit Thumb instruction is never in the set.
 */
export function isThumb16Safe(halfword: number): boolean {
  const h = halfword & 0xffff;
  if (h >>> 11 === 0b11100) return true; // B (T2)
  if (h >>> 12 === 0b1101) return ((h >>> 8) & 0xf) < 0xe || h >>> 8 === 0xdf; // B (T1) or SVC
  if (h === 0xbf00) return true; // NOP
  return h >>> 8 === 0xbe; // BKPT
}
