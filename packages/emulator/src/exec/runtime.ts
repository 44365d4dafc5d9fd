import type { Cpu } from '../cpu/cpu.js';
import { exceptionReturn } from '../exceptions/entry.js';
import { MemoryFault } from '../memory/fault.js';

export { simdAes, simdMullP64, simdSha2, simdSha3 } from '../asimd/crypto.js';
export { simdDot } from '../asimd/dot.js';
export { simdDoubling } from '../asimd/doubling.js';
export { simdConvertHalf, simdEstimate, simdStep } from '../asimd/estimate.js';
export {
  simdCoreToScalar,
  simdDuplicateCore,
  simdDuplicateScalar,
  simdExtract,
  simdScalarToCore,
  simdTable,
} from '../asimd/extract.js';
export { simdByScalarFloat, simdMiscFloat, simdThreeFloat } from '../asimd/float.js';
export { simdMiscHalf, simdThreeHalf } from '../asimd/half.js';
export { simdBitwise, simdByScalar, simdDifferent, simdModifiedImmediate, simdThree } from '../asimd/integer.js';
export { simdLoadStore } from '../asimd/memory.js';
export { simdMisc } from '../asimd/misc.js';
export { simdShift } from '../asimd/shift.js';
export { exceptionReturn } from '../exceptions/entry.js';
export {
  readFp,
  vfpArithmetic,
  vfpCompare,
  vfpConvert,
  vfpMoveFromSystem,
  vfpMoveImmediate,
  vfpMoveToSystem,
  vfpSelect,
  vfpUnary,
  writeFp,
} from '../vfp/runtime.js';
export { shiftC, shifter } from './shifter.js';
export { undefinedAtRun } from './undefined-fault.js';

/**
 * Helpers the emitted code calls (`h.…`) for the rarer or longer operations. Hot, simple semantics are
 * emitted inline; anything touching exceptions, modes or the PSR goes through here.
 */

/**
 * BXWritePC (BX, BLX register), LoadWritePC (LDR/LDM/POP to the PC) and ARM state's ALUWritePC on ARMv7,
 * in either state: bit 0 selects Thumb state (the address with bit 0 cleared), else ARM state. An ARM-state
 * target with bits 1:0 = 0b10 is UNPREDICTABLE: documented choice, the bits are cleared. Entering ARM state
 * leaves ITSTATE 0 (a branch is the last instruction of an IT block).
 */
export function bxWritePc(cpu: Cpu, value: number): void {
  if ((value & 1) !== 0) {
    cpu.thumb = 1;
    cpu.nextPc = (value & ~1) >>> 0;
  } else {
    cpu.thumb = 0;
    cpu.itState = 0;
    cpu.nextPc = (value & ~3) >>> 0;
  }
}

export function undefinedInstruction(cpu: Cpu, pc: number, word: number): void {
  cpu.system.raise(cpu, { kind: 'und', pc, word });
}

/** SVC; `itAfter` is the IT state after it (Thumb, inside an IT block), which the exception saves in SPSR. */
export function supervisorCall(cpu: Cpu, pc: number, word: number, imm24: number, itAfter = 0): void {
  cpu.itState = itAfter;
  cpu.system.raise(cpu, { kind: 'svc', pc, word, immediate: imm24 });
}

/** BKPT: a debug event taken as a prefetch abort (ARM ARM C3.1, halting debug disabled). */
export function breakpoint(cpu: Cpu, pc: number, word: number, imm16: number): void {
  cpu.system.raise(cpu, { kind: 'pabt', pc, word, immediate: imm16, breakpoint: true, faultAddress: pc });
}

export function alignmentFault(address: number, access: 'read' | 'write'): never {
  throw new MemoryFault(address >>> 0, access, 'alignment');
}

/** N and Z from a 32-bit result. */
export function setNZ(cpu: Cpu, result: number): void {
  cpu.n = result >>> 31;
  cpu.z = result === 0 ? 1 : 0;
}

/** Signed saturation to `bits` (1–32); sets `saturated` when it clipped (SignedSatQ). */
export function signedSaturate(value: number, bits: number, cpu: Cpu): number {
  const max = 2 ** (bits - 1) - 1;
  const min = -(2 ** (bits - 1));
  if (value > max) {
    cpu.q = 1;
    return max | 0;
  }
  if (value < min) {
    cpu.q = 1;
    return min | 0;
  }
  return value | 0;
}

/** Unsigned saturation to `bits` (0–31); sets Q when it clipped (UnsignedSatQ). */
export function unsignedSaturate(value: number, bits: number, cpu: Cpu): number {
  const max = 2 ** bits - 1;
  if (value > max) {
    cpu.q = 1;
    return max | 0;
  }
  if (value < 0) {
    cpu.q = 1;
    return 0;
  }
  return value | 0;
}

/** Signed saturation without touching Q (for the parallel saturating lanes). */
export function signedSat(value: number, bits: number): number {
  const max = 2 ** (bits - 1) - 1;
  const min = -(2 ** (bits - 1));
  return value > max ? max : Math.max(value, min);
}

export function unsignedSat(value: number, bits: number): number {
  const max = 2 ** bits - 1;
  return value > max ? max : Math.max(value, 0);
}

/**
 * Flag-setting ALU write to the PC (`SUBS pc, lr, #4` and friends): an exception return from a mode
 * with an SPSR. In USR/SYS mode (UNPREDICTABLE) the documented choice is a plain ALUWritePC.
 */
export function aluExceptionReturn(cpu: Cpu, value: number): void {
  if (cpu.mode === 0x10 || cpu.mode === 0x1f) bxWritePc(cpu, value);
  else exceptionReturn(cpu, value, cpu.spsr);
}

export {
  byteReverse,
  parallelAddSub,
  reverseBits,
  saturate16,
  selectBytes,
  sumAbsoluteDifferences,
} from './media-runtime.js';
export { add64, mul64, set64, sub64, wide } from './wide.js';

/** User-mode view of r8–r14 (LDM/STM with ^). */
export function readUserRegister(cpu: Cpu, n: number): number {
  return cpu.readRegisterOf(0x10, n);
}

export function writeUserRegister(cpu: Cpu, n: number, value: number): void {
  cpu.writeRegisterOf(0x10, n, value);
}

/** LDM with PC and ^: CPSR ← SPSR, then branch (USR/SYS: UNPREDICTABLE, documented as a plain load to PC). */
export function ldmExceptionReturn(cpu: Cpu, value: number): void {
  aluExceptionReturn(cpu, value);
}
export {
  changeProcessorState,
  contextSynchronize,
  moveFromCp15,
  moveToCp15,
  readBanked,
  readPsr,
  returnFromException,
  sendEvent,
  storeReturnState,
  waitForEvent,
  waitForInterrupt,
  writeBanked,
  writeCpsrByInstruction,
  writeSpsrByInstruction,
} from './system-runtime.js';
