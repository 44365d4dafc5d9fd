/**
 * Helpers shared by the 32-bit Thumb load/store rows (load-store.ts, load-store-dual.ts,
 * load-store-multiple.ts): the literal base and the ARM ARM's recurring UNPREDICTABLE conditions.
 */
import { PC, type Reg, SP } from '../a32/common.js';
import { inItBlock, lastInItBlock } from '../thumb/common.js';

/** Align(PC, 4) for a Thumb instruction at `address` (PC reads as address + 4): the base of literal forms. */
export function thumbLiteralBase(address: number): number {
  return ((address + 4) & ~3) >>> 0;
}

/** True when an instruction that may write the PC sits in an IT block but is not its last instruction. */
export function branchInsideItBlock(itState: number): boolean {
  return inItBlock(itState) && !lastInItBlock(itState);
}

/** SP or PC: the registers most 32-bit Thumb load/store encodings forbid as Rt, Rt2, Rd or Rm. */
export function badReg(r: Reg): boolean {
  return r === SP || r === PC;
}
