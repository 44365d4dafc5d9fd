/**
 * The barrel shifter as emitted code (ARM ARM A8.4.3 Shift_C). For an immediate shift everything is
 * known at decode time, so the expressions are specialised; a register-specified shift calls the
 * runtime helper `h.shiftC`, which leaves the carry-out in `h.shifter.carry`.
 */

export const SRTYPE_LSL = 0;
export const SRTYPE_LSR = 1;
export const SRTYPE_ASR = 2;
export const SRTYPE_ROR = 3;
export const SRTYPE_RRX = 4;

export interface ShiftExpression {
  /** Expression for the shifted value (int32). */
  readonly value: string;
  /** Expression for the shifter carry-out (0/1). */
  readonly carry: string;
}

/** Shift_C(v, type, amount, APSR.C) with an immediate amount (as DecodeImmShift returns it). */
export function immediateShift(v: string, type: number, amount: number): ShiftExpression {
  switch (type) {
    case SRTYPE_LSL:
      if (amount === 0) return { value: v, carry: 'cpu.c' };
      return { value: `(${v} << ${amount})`, carry: `((${v} >>> ${32 - amount}) & 1)` };
    case SRTYPE_LSR:
      if (amount >= 32) return { value: '0', carry: `(${v} >>> 31)` };
      return { value: `(${v} >>> ${amount} | 0)`, carry: `((${v} >>> ${amount - 1}) & 1)` };
    case SRTYPE_ASR:
      if (amount >= 32) return { value: `(${v} >> 31)`, carry: `(${v} >>> 31)` };
      return { value: `(${v} >> ${amount})`, carry: `((${v} >>> ${amount - 1}) & 1)` };
    case SRTYPE_ROR:
      if (amount === 0) return { value: v, carry: 'cpu.c' };
      return {
        value: `((${v} >>> ${amount}) | (${v} << ${32 - amount}))`,
        carry: `((${v} >>> ${amount - 1}) & 1)`,
      };
    default:
      return { value: `((cpu.c << 31) | (${v} >>> 1))`, carry: `(${v} & 1)` };
  }
}

/** Runtime state of a register-specified shift. */
export const shifter = { carry: 0 };

/** Shift_C with a register amount (bottom byte of Rs), ARM ARM semantics for amounts ≥ 32. */
export function shiftC(value: number, type: number, amount: number, carryIn: number): number {
  amount &= 0xff;
  if (amount === 0) {
    shifter.carry = carryIn;
    return value | 0;
  }
  switch (type) {
    case SRTYPE_LSL:
      if (amount < 32) {
        shifter.carry = (value >>> (32 - amount)) & 1;
        return value << amount;
      }
      shifter.carry = amount === 32 ? value & 1 : 0;
      return 0;
    case SRTYPE_LSR:
      if (amount < 32) {
        shifter.carry = (value >>> (amount - 1)) & 1;
        return (value >>> amount) | 0;
      }
      shifter.carry = amount === 32 ? value >>> 31 : 0;
      return 0;
    case SRTYPE_ASR:
      if (amount < 32) {
        shifter.carry = (value >>> (amount - 1)) & 1;
        return value >> amount;
      }
      shifter.carry = value >>> 31;
      return value >> 31;
    default: {
      const n = amount & 31;
      if (n === 0) {
        shifter.carry = value >>> 31;
        return value | 0;
      }
      shifter.carry = (value >>> (n - 1)) & 1;
      return (value >>> n) | (value << (32 - n));
    }
  }
}
