/**
 * The siginfo and thread fault fields Linux 6.1 gives a user-mode exception on ARM (arch/arm/mm/fault.c,
 * arch/arm/kernel/traps.c): UNDEFINED → SIGILL/ILL_ILLOPC at the instruction (trap_no 6, error_code 0); a data
 * abort → SIGSEGV with SEGV_MAPERR (no mapping) or SEGV_ACCERR (permission), or SIGBUS/BUS_ADRALN (alignment), at
 * the faulting address (trap_no 14, error_code the short-descriptor FSR, WnR for a write); a prefetch abort →
 * SIGSEGV at the instruction (the IFSR with the kernel's prefetch marker, bit 31); BKPT → SIGTRAP/TRAP_BRKPT at
 * the instruction.
 */
import type { ExceptionEvent } from '../exceptions/hooks.js';
import { BUS_ADRALN, ILL_ILLOPC, SEGV_ACCERR, SEGV_MAPERR, TRAP_BRKPT } from './signal-delivery.js';
import type { SignalInfo } from './signal-frame.js';
import { signalFor } from './signals.js';

/** Short-descriptor fault status codes (ARM ARM B3.13.3): alignment, translation (page), permission (page). */
const FSR_ALIGNMENT = 0x1;
const FSR_TRANSLATION = 0x7;
const FSR_PERMISSION = 0xf;
/** DFSR.WnR: the access was a write. */
const FSR_WRITE = 1 << 11;
/** The kernel's marker for a prefetch abort's FSR (FSR_LNX_PF). */
const FSR_LNX_PF = 0x80000000;
const TRAP_UNDEFINED = 6;
const TRAP_ABORT = 14;

export interface FaultSignal {
  readonly info: SignalInfo;
  readonly trapNo: number;
  readonly errorCode: number;
  readonly address: number;
}

export function faultInfo(event: ExceptionEvent): FaultSignal {
  const signo = signalFor(event);
  const pc = event.pc >>> 0;
  if (event.kind === 'und') {
    return { info: { signo, code: ILL_ILLOPC, fields: [pc] }, trapNo: TRAP_UNDEFINED, errorCode: 0, address: pc };
  }
  if (event.breakpoint) {
    return { info: { signo, code: TRAP_BRKPT, fields: [pc] }, trapNo: TRAP_ABORT, errorCode: 0, address: pc };
  }
  const address = event.kind === 'dabt' && event.faultAddress !== null ? event.faultAddress >>> 0 : pc;
  const status =
    event.reason === 'alignment' ? FSR_ALIGNMENT : event.reason === 'permission' ? FSR_PERMISSION : FSR_TRANSLATION;
  const errorCode =
    event.kind === 'pabt' ? (status | FSR_LNX_PF) >>> 0 : status | (event.access === 'write' ? FSR_WRITE : 0);
  const code = event.reason === 'alignment' ? BUS_ADRALN : event.reason === 'permission' ? SEGV_ACCERR : SEGV_MAPERR;
  return { info: { signo, code, fields: [address] }, trapNo: TRAP_ABORT, errorCode, address };
}
