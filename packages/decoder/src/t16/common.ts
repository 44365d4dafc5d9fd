/**
 * What the 16-bit Thumb decoders share: the IT-block rules of the ARM ARM's T16 pseudocode.
 *
 * - A 16-bit form whose ARM ARM decode says `setflags = !InITBlock()` sets flags only outside an IT block.
 * - An instruction that may only be the last of an IT block (branches, writes to the PC) is UNPREDICTABLE
 *   when it is inside a block and not its last instruction.
 * - An instruction that is "not permitted in IT block" (CBZ, CPS, SETEND, B<c>, IT) is UNPREDICTABLE
 *   anywhere inside a block.
 */
import { BOOL } from '../a32/common.js';

/** 1 when ITSTATE puts the instruction inside an IT block, else 0 (no branch). */
export function inItBit(itState: number): number {
  return ((itState & 0xf) + 0xf) >>> 4;
}

/** 1 when the instruction is inside an IT block but not its last instruction, else 0. */
export function notLastInItBit(itState: number): number {
  // Inside (low nibble non-zero) and not the last (low nibble ≠ 1000): ITSTATE[2:0] non-zero.
  return ((itState & 0x7) + 0x7) >>> 3;
}

/** setflags = !InITBlock() for the 16-bit flag-setting forms. */
export function setsFlagsOutsideIt(itState: number): boolean {
  return BOOL[inItBit(itState) ^ 1]!;
}

/** The PC as a Thumb instruction reads it: its address + 4. */
export function thumbPc(address: number): number {
  return (address + 4) >>> 0;
}

/** Align(PC, 4): the base of Thumb literal loads and ADR. */
export function thumbAlignedPc(address: number): number {
  return ((address + 4) & ~3) >>> 0;
}
