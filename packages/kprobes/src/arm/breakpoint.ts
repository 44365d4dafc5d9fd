/**
 * The kernel's kprobe breakpoint encodings and the undefined-instruction hook's matching rule.
 * All are permanently-undefined encodings (not the architected BKPT), so arming one over a live
 * instruction is outside the ARMv7 concurrent-modification safe set.
 */

/** ARM-state kprobe breakpoint without its condition nibble. */
export const KPROBE_ARM_BREAKPOINT = 0x07f001f8;
/** Thumb 16-bit kprobe breakpoint. */
export const KPROBE_THUMB16_BREAKPOINT = 0xde18;
/** Thumb 32-bit kprobe breakpoint (first halfword 0xF7F0, second 0xA018). */
export const KPROBE_THUMB32_BREAKPOINT = 0xf7f0a018;

/**
 * The ARM breakpoint for a probe on `probedWord`: the probed condition is copied so a failing
 * condition can act as a NOP, except that words in AL or the 0xF space get 0xE.
 */
export function armBreakpointFor(probedWord: number): number {
  const w = probedWord >>> 0;
  const cond = w >= 0xe0000000 ? 0xe : w >>> 28;
  return ((cond << 28) | KPROBE_ARM_BREAKPOINT) >>> 0;
}

/** The undefined-instruction hook's rule for ARM state: the breakpoint with any condition. */
export function isArmBreakpoint(word: number): boolean {
  return (word & 0x0fffffff) >>> 0 === KPROBE_ARM_BREAKPOINT;
}

export function isThumb16Breakpoint(halfword: number): boolean {
  return (halfword & 0xffff) === KPROBE_THUMB16_BREAKPOINT;
}

/** `first` is the first (most significant) halfword of the 32-bit Thumb instruction. */
export function isThumb32Breakpoint(first: number, second: number): boolean {
  return (((first & 0xffff) << 16) | (second & 0xffff)) >>> 0 === KPROBE_THUMB32_BREAKPOINT;
}
