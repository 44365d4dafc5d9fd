/**
 * Breakpoint encodings. Removing one from a running SMP system needs every CPU in the rendezvous: a CPU
 * may have taken the exception for it and not yet read the instruction from memory; if the breakpoint is
 * gone by then, its handler does not recognise the trap (for the kernel's UDF breakpoints the undefined-
 * instruction hook matches the word in memory, so the CPU would take a genuine undefined instruction).
 */

export type BreakpointKind = 'kprobe-udf' | 'bkpt';

/** The kernel's ARM kprobe breakpoint without its condition: matched with mask 0x0fffffff. */
export const KPROBE_ARM_BREAKPOINT = 0x07f001f8;
export const KPROBE_ARM_BREAKPOINT_MASK = 0x0fffffff;
/** The kernel's 16-bit Thumb kprobe breakpoint (UDF #0x18). */
export const KPROBE_THUMB16_BREAKPOINT = 0xde18;
/** The kernel's 32-bit Thumb kprobe breakpoint (f7f0 a018, UDF.W), first halfword in the top half. */
export const KPROBE_THUMB32_BREAKPOINT = 0xf7f0a018;

/** Which breakpoint an instruction of `isa`/`width` is (kernel kprobe UDF or architected BKPT), or null. */
export function breakpointKind(isa: 'arm' | 'thumb', width: 2 | 4, insn: number): BreakpointKind | null {
  insn >>>= 0;
  if (isa === 'arm') {
    if ((insn & KPROBE_ARM_BREAKPOINT_MASK) === KPROBE_ARM_BREAKPOINT) return 'kprobe-udf';
    if ((insn & 0x0ff000f0) === 0x01200070 && insn >>> 28 !== 0xf) return 'bkpt';
    return null;
  }
  if (width === 2) {
    if (insn === KPROBE_THUMB16_BREAKPOINT) return 'kprobe-udf';
    if ((insn & 0xff00) === 0xbe00) return 'bkpt';
    return null;
  }
  return insn === KPROBE_THUMB32_BREAKPOINT ? 'kprobe-udf' : null;
}

/** The kernel's ARM kprobe breakpoint for a probed word: its condition, or AL for AL and the 0xF space. */
export function kprobeArmBreakpoint(probed: number): number {
  const cond = probed >>> 0 >= 0xe0000000 ? 0xe : probed >>> 28;
  return ((cond << 28) | KPROBE_ARM_BREAKPOINT) >>> 0;
}
