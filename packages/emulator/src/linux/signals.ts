import type { ExceptionEvent } from '../exceptions/hooks.js';

/** Signals a fault turns into (asm-generic numbering, as on ARM Linux). */
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SIGTERM = 15;

export const SIGNAL_NAMES: Readonly<Record<number, string>> = {
  [SIGILL]: 'Illegal instruction',
  [SIGTRAP]: 'Trace/breakpoint trap',
  [SIGABRT]: 'Aborted',
  [SIGBUS]: 'Bus error',
  [SIGKILL]: 'Killed',
  [SIGSEGV]: 'Segmentation fault',
  [SIGTERM]: 'Terminated',
};

/**
 * The signal Linux delivers for a user-mode exception: UNDEFINED → SIGILL, BKPT → SIGTRAP, alignment
 * fault → SIGBUS, anything else (unmapped, permission, prefetch abort) → SIGSEGV.
 */
export function signalFor(event: ExceptionEvent): number {
  switch (event.kind) {
    case 'und':
      return SIGILL;
    case 'pabt':
      return event.breakpoint ? SIGTRAP : SIGSEGV;
    case 'dabt':
      return event.reason === 'alignment' ? SIGBUS : SIGSEGV;
    default:
      return SIGSEGV;
  }
}

/** Exit status a shell reports for a process killed by `signal`. */
export function signalStatus(signal: number): number {
  return 128 + signal;
}
