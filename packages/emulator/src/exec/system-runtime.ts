import type { Cpu } from '../cpu/cpu.js';
import { bankOf, MODE_ABT, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_UND, MODE_USR } from '../cpu/modes.js';
import { exceptionReturn } from '../exceptions/entry.js';
import { MemoryFault } from '../memory/fault.js';

/**
 * Runtime helpers of the system instructions: PSR access (MRS/MSR, banked forms), CPS, SRS/RFE, the
 * wait/event hints and CP15 transfers. Privilege rules follow the ARM ARM's CPSRWriteByInstr.
 */

const MRS_MASK = 0xf8ff03df | 0;

export function readPsr(cpu: Cpu, spsr: boolean): number {
  return spsr ? cpu.spsr | 0 : cpu.cpsr & MRS_MASK;
}

/** Byte mask from MSR's field mask (bit 3 f, 2 s, 1 x, 0 c). */
function byteMask(fields: number): number {
  return (
    (fields & 8 ? 0xff000000 : 0) |
    (fields & 4 ? 0xff0000 : 0) |
    (fields & 2 ? 0xff00 : 0) |
    (fields & 1 ? 0xff : 0) |
    0
  );
}

/**
 * MSR to CPSR (CPSRWriteByInstr, not an exception return): NZCVQ and GE from any mode; E from any mode;
 * A, I, F and M only when privileged; IT, J and T are never written by MSR.
 */
export function writeCpsrByInstruction(cpu: Cpu, value: number, fields: number): void {
  let writable = 0xf80f0200 | 0;
  if (cpu.isPrivileged) writable |= 0x1df;
  cpu.writeCpsr(value, byteMask(fields) & writable);
}

/** MSR to SPSR: whole bytes per field; ignored in USR/SYS (UNPREDICTABLE). */
export function writeSpsrByInstruction(cpu: Cpu, value: number, fields: number): void {
  const mask = byteMask(fields);
  cpu.spsr = (cpu.spsr & ~mask) | (value & mask);
}

/** Banked register selected by SYSm (ARM ARM B9.2.3): [mode, register] or null. */
function bankedRegister(spsr: boolean, sysm: number): [number, number] | null {
  if (spsr) {
    const modes: Record<number, number> = { 14: MODE_FIQ, 16: MODE_IRQ, 18: MODE_SVC, 20: MODE_ABT, 22: MODE_UND };
    const mode = modes[sysm];
    return mode === undefined ? null : [mode, -1];
  }
  if (sysm <= 6) return [MODE_USR, 8 + sysm];
  if (sysm >= 8 && sysm <= 14) return [MODE_FIQ, sysm];
  const table: Record<number, [number, number]> = {
    16: [MODE_IRQ, 14],
    17: [MODE_IRQ, 13],
    18: [MODE_SVC, 14],
    19: [MODE_SVC, 13],
    20: [MODE_ABT, 14],
    21: [MODE_ABT, 13],
    22: [MODE_UND, 14],
    23: [MODE_UND, 13],
  };
  return table[sysm] ?? null;
}

/** MRS banked: returns the value, or raises UND (PL0, or an unimplemented register: MON/HYP). */
export function readBanked(cpu: Cpu, pc: number, word: number, spsr: boolean, sysm: number): number | undefined {
  const target = bankedRegister(spsr, sysm);
  if (!cpu.isPrivileged || target === null) {
    cpu.system.raise(cpu, { kind: 'und', pc, word });
    return undefined;
  }
  const [mode, n] = target;
  return n < 0 ? cpu.spsrOf(mode) | 0 : cpu.readRegisterOf(mode, n);
}

export function writeBanked(cpu: Cpu, pc: number, word: number, spsr: boolean, sysm: number, value: number): void {
  const target = bankedRegister(spsr, sysm);
  if (!cpu.isPrivileged || target === null) {
    cpu.system.raise(cpu, { kind: 'und', pc, word });
    return;
  }
  const [mode, n] = target;
  if (n < 0) cpu.setSpsrOf(mode, value);
  else cpu.writeRegisterOf(mode, n, value);
}

/** CPS: a NOP in User mode; otherwise sets/clears A, I, F and optionally changes mode. */
export function changeProcessorState(cpu: Cpu, imod: number, affect: number, changeMode: boolean, mode: number): void {
  if (!cpu.isPrivileged) return;
  if (imod >= 2) {
    const v = imod === 3 ? 1 : 0;
    if (affect & 4) cpu.maskA = v;
    if (affect & 2) cpu.maskI = v;
    if (affect & 1) cpu.maskF = v;
  }
  if (changeMode && bankOf(mode) >= 0) cpu.switchMode(mode);
  cpu.attention = 1;
}

function checkWordAligned(address: number, access: 'read' | 'write'): void {
  if ((address & 3) !== 0) throw new MemoryFault(address >>> 0, access, 'alignment');
}

/** SRS: stores LR and SPSR of the current mode on the stack of `mode`. UNDEFINED at PL0 (documented choice). */
export function storeReturnState(
  cpu: Cpu,
  pc: number,
  word: number,
  mode: number,
  increment: boolean,
  wordHigher: boolean,
  wback: boolean,
): void {
  if (!cpu.isPrivileged || bankOf(mode) < 0) {
    cpu.system.raise(cpu, { kind: 'und', pc, word });
    return;
  }
  const base = cpu.readRegisterOf(mode, 13);
  let address = increment ? base : (base - 8) | 0;
  if (wordHigher) address = (address + 4) | 0;
  checkWordAligned(address, 'write');
  const mem = cpu.system.memory;
  mem.write32(address, cpu.regs[14]!);
  mem.write32((address + 4) | 0, cpu.spsr);
  if (wback) cpu.writeRegisterOf(mode, 13, increment ? (base + 8) | 0 : (base - 8) | 0);
}

/** RFE: loads PC and CPSR from [Rn]. UNDEFINED at PL0 (documented choice for the UNPREDICTABLE case). */
export function returnFromException(
  cpu: Cpu,
  pc: number,
  word: number,
  rn: number,
  increment: boolean,
  wordHigher: boolean,
  wback: boolean,
): void {
  if (!cpu.isPrivileged) {
    cpu.system.raise(cpu, { kind: 'und', pc, word });
    return;
  }
  const base = cpu.regs[rn]!;
  let address = increment ? base : (base - 8) | 0;
  if (wordHigher) address = (address + 4) | 0;
  checkWordAligned(address, 'read');
  const mem = cpu.system.memory;
  const newPc = mem.read32(address);
  const spsr = mem.read32((address + 4) | 0);
  if (wback) cpu.regs[rn] = increment ? (base + 8) | 0 : (base - 8) | 0;
  exceptionReturn(cpu, newPc, spsr);
}

/** ISB (and every other context-synchronisation event the execution engine sees). */
export function contextSynchronize(cpu: Cpu): void {
  if (cpu.system.contextSynchronize) cpu.system.contextSynchronize(cpu);
}

/** WFI: sleep until an interrupt is pending (the scheduler decides what "halt" means with no sources). */
export function waitForInterrupt(cpu: Cpu): void {
  cpu.waitingForInterrupt = true;
  cpu.attention = 1;
}

/** WFE: consume the event register if set, else sleep until an event or interrupt. */
export function waitForEvent(cpu: Cpu): void {
  if (cpu.eventRegister) cpu.eventRegister = false;
  else {
    cpu.waitingForEvent = true;
    cpu.attention = 1;
  }
}

/** SEV: signal an event to every CPU (through the machine when it offers `sendEvent`). */
export function sendEvent(cpu: Cpu): void {
  if (cpu.system.sendEvent) cpu.system.sendEvent(cpu);
  else cpu.eventRegister = true;
}

/** MRC p15: value to Rt (Rt = PC: flags NZCV from bits 31:28), or UND for an unknown/forbidden register. */
export function moveFromCp15(
  cpu: Cpu,
  pc: number,
  word: number,
  opc1: number,
  crn: number,
  crm: number,
  opc2: number,
  rt: number,
): void {
  const value = cpu.cp15.read(crn, opc1, crm, opc2, cpu.isPrivileged);
  if (value === undefined) {
    cpu.system.raise(cpu, { kind: 'und', pc, word });
    return;
  }
  if (rt === 15) cpu.setApsr((value & 0xf0000000) | (cpu.apsr & 0x0fffffff));
  else cpu.regs[rt] = value;
}

export function moveToCp15(
  cpu: Cpu,
  pc: number,
  word: number,
  opc1: number,
  crn: number,
  crm: number,
  opc2: number,
  value: number,
): void {
  if (!cpu.cp15.write(crn, opc1, crm, opc2, value, cpu.isPrivileged)) cpu.system.raise(cpu, { kind: 'und', pc, word });
}
