import type { ExceptionEvent } from '../exceptions/hooks.js';

/** Signals a fault turns into (asm-generic numbering, as on ARM Linux). */
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SIGTERM = 15;

/** strsignal's names (the host's, as qemu-arm prints them). */
export const SIGNAL_NAMES: Readonly<Record<number, string>> = {
  1: 'Hangup',
  2: 'Interrupt',
  3: 'Quit',
  [SIGILL]: 'Illegal instruction',
  [SIGTRAP]: 'Trace/breakpoint trap',
  [SIGABRT]: 'Aborted',
  [SIGBUS]: 'Bus error',
  8: 'Floating point exception',
  [SIGKILL]: 'Killed',
  10: 'User defined signal 1',
  [SIGSEGV]: 'Segmentation fault',
  12: 'User defined signal 2',
  13: 'Broken pipe',
  14: 'Alarm clock',
  [SIGTERM]: 'Terminated',
  24: 'CPU time limit exceeded',
  25: 'File size limit exceeded',
  31: 'Bad system call',
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
