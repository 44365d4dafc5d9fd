/** Processor modes (CPSR.M) and the register bank each one uses. */

export const MODE_USR = 0x10;
export const MODE_FIQ = 0x11;
export const MODE_IRQ = 0x12;
export const MODE_SVC = 0x13;
export const MODE_ABT = 0x17;
export const MODE_UND = 0x1b;
export const MODE_SYS = 0x1f;

export type ModeName = 'usr' | 'fiq' | 'irq' | 'svc' | 'abt' | 'und' | 'sys';

/** Register banks: USR and SYS share bank 0. */
export const BANK_USR = 0;
export const BANK_FIQ = 1;
export const BANK_IRQ = 2;
export const BANK_SVC = 3;
export const BANK_ABT = 4;
export const BANK_UND = 5;
export const BANK_COUNT = 6;

/** Bank of a mode, or -1 for an encoding that is not a mode this CPU implements (MON, HYP, reserved). */
export function bankOf(mode: number): number {
  switch (mode & 0x1f) {
    case MODE_USR:
    case MODE_SYS:
      return BANK_USR;
    case MODE_FIQ:
      return BANK_FIQ;
    case MODE_IRQ:
      return BANK_IRQ;
    case MODE_SVC:
      return BANK_SVC;
    case MODE_ABT:
      return BANK_ABT;
    case MODE_UND:
      return BANK_UND;
    default:
      return -1;
  }
}

export function isValidMode(mode: number): boolean {
  return bankOf(mode) >= 0;
}

export function modeName(mode: number): ModeName | `0x${string}` {
  switch (mode & 0x1f) {
    case MODE_USR:
      return 'usr';
    case MODE_FIQ:
      return 'fiq';
    case MODE_IRQ:
      return 'irq';
    case MODE_SVC:
      return 'svc';
    case MODE_ABT:
      return 'abt';
    case MODE_UND:
      return 'und';
    case MODE_SYS:
      return 'sys';
    default:
      return `0x${(mode & 0x1f).toString(16)}`;
  }
}

/** CPSR bit positions (ARM ARM B1.3.3). */
export const PSR_N = 1 << 31;
export const PSR_Z = 1 << 30;
export const PSR_C = 1 << 29;
export const PSR_V = 1 << 28;
export const PSR_Q = 1 << 27;
export const PSR_J = 1 << 24;
export const PSR_E = 1 << 9;
export const PSR_A = 1 << 8;
export const PSR_I = 1 << 7;
export const PSR_F = 1 << 6;
export const PSR_T = 1 << 5;
export const PSR_GE_SHIFT = 16;
export const PSR_MODE_MASK = 0x1f;
