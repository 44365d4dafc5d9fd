/**
 * The pt_regs frame a trampoline builds below SP, laid out like the kernel's ARM `struct pt_regs`:
 * r0–r15 at 0…60 (`uregs[n]` at 4n), CPSR at 64, ORIG_r0 at 68 — 18 words, 72 bytes.
 *
 * While the gate runs, the frame holds the registers as they were *before* the probed instruction:
 * SP (+52) is the original SP (not the frame's), PC (+60) is the probe address, CPSR (+64) is what
 * `mrs` read. The gate's host side reads the frame into a pt_regs view and writes it back; see
 * `readPtRegsFrame` / `writePtRegsFrame`.
 */

/** Byte offset of register rN (0–15) in the frame. */
export function ptRegsOffset(n: number): number {
  return 4 * n;
}

export const PT_REGS_SP = 52;
export const PT_REGS_LR = 56;
export const PT_REGS_PC = 60;
export const PT_REGS_CPSR = 64;
export const PT_REGS_ORIG_R0 = 68;
/** Words in the frame (`uregs` of the kernel's pt_regs). */
export const PT_REGS_WORDS = 18;

/**
 * CPSR bits the trampoline writes back after the gate (`msr APSR_nzcvqg`): N Z C V Q and GE[3:0]. A
 * change to any other CPSR bit in the frame is ignored, as kprobes' breakpoint path ignores it.
 */
export const PT_REGS_CPSR_WRITABLE = 0xf80f0000;

/** Host access to guest memory (the emulator's `PhysicalMemory` fits structurally). */
export interface FrameMemory {
  peek32(address: number): number;
  poke32(address: number, value: number): void;
}

/** The 18 frame words at `frame` (the gate's r1) as unsigned values: `uregs` of a pt_regs view. */
export function readPtRegsFrame(memory: FrameMemory, frame: number): Uint32Array {
  const uregs = new Uint32Array(PT_REGS_WORDS);
  for (let i = 0; i < PT_REGS_WORDS; i++) uregs[i] = memory.peek32((frame + 4 * i) >>> 0) >>> 0;
  return uregs;
}

/** Writes a pt_regs view's 18 words back to the frame at `frame`. */
export function writePtRegsFrame(memory: FrameMemory, frame: number, uregs: ArrayLike<number>): void {
  if (uregs.length !== PT_REGS_WORDS) throw new RangeError(`pt_regs has ${PT_REGS_WORDS} words, got ${uregs.length}`);
  for (let i = 0; i < PT_REGS_WORDS; i++) memory.poke32((frame + 4 * i) >>> 0, uregs[i]! >>> 0);
}
