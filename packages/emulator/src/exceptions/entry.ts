import { SCTLR_EE, SCTLR_TE } from '../cpu/cp15.js';
import type { Cpu } from '../cpu/cpu.js';
import { EXCEPTION_VECTORS, type ExceptionKind } from './kinds.js';

/** Address of the vector for `kind` on this CPU (SCTLR.V high vectors, else VBAR). */
export function vectorAddress(cpu: Cpu, kind: ExceptionKind): number {
  return (cpu.cp15.vectorBase + EXCEPTION_VECTORS[kind].offset) >>> 0;
}

/**
 * Takes an exception into guest code (ARM ARM B1.8.3 TakeXxxException): saves CPSR (T and ITSTATE
 * included) in the target mode's SPSR, switches mode, sets LR from the preferred return address (with the
 * offset of the state the exception is taken from: a Thumb UNDEFINED or SVC gives its address + 2), masks I (and A, F as
 * the exception requires), clears IT and J, sets T from SCTLR.TE and E from SCTLR.EE, and continues at
 * the vector.
 */
export function enterException(cpu: Cpu, kind: ExceptionKind, preferredReturn: number): void {
  const vector = EXCEPTION_VECTORS[kind];
  const savedCpsr = cpu.cpsr;
  const lrOffset = cpu.thumb !== 0 ? vector.thumbLrOffset : vector.lrOffset;
  cpu.switchMode(vector.mode);
  cpu.spsr = savedCpsr;
  cpu.regs[14] = (preferredReturn + lrOffset) | 0;
  cpu.maskI = 1;
  if (vector.maskA) cpu.maskA = 1;
  if (vector.maskF) cpu.maskF = 1;
  cpu.itState = 0;
  cpu.jazelle = 0;
  cpu.thumb = (cpu.cp15.sctlr & SCTLR_TE) !== 0 ? 1 : 0;
  cpu.bigEndian = (cpu.cp15.sctlr & SCTLR_EE) !== 0 ? 1 : 0;
  cpu.waitingForInterrupt = false;
  cpu.cycles += vector.cost;
  cpu.nextPc = vectorAddress(cpu, kind);
  cpu.system.contextSynchronize?.(cpu);
}

/** Cycles charged for an exception return (RFE, SUBS PC, LR, LDM with PC and ^). */
export const EXCEPTION_RETURN_COST = 10;

/**
 * Exception return (B1.8.10): CPSR ← SPSR (all fields, mode switch included), then branch to `address`
 * (bit 0 / bits 1:0 cleared according to the restored T bit). Exception return also sets the event
 * register. A restored mode this CPU does not implement is ignored (documented UNPREDICTABLE choice).
 */
export function exceptionReturn(cpu: Cpu, address: number, spsr: number): void {
  cpu.writeCpsr(spsr, -1);
  cpu.nextPc = (cpu.thumb ? address & ~1 : address & ~3) >>> 0;
  cpu.eventRegister = true;
  cpu.cycles += EXCEPTION_RETURN_COST;
  cpu.system.contextSynchronize?.(cpu);
}
