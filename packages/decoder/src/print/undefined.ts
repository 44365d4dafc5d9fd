/**
 * UNDEFINED A32 words: objdump's `<UNDEFINED> instruction: 0x…`, or what it prints when one of its rows for
 * another instruction reads the word (a32/undefined-readings.ts).
 */
import type { IllegalShifterReading, UndefinedInsn } from '../a32/undefined.js';
import { type Disassembly, headS, REG_COMMA, REG_NAMES, UNPREDICTABLE, undefinedText } from './format.js';
import { PSR_FIELD_NAMES } from './system.js';

const ILLEGAL_SHIFTER = '<illegal shifter operand>';
const ILLEGAL_SHIFTER_UNPREDICTABLE = `${ILLEGAL_SHIFTER}\t@ ${UNPREDICTABLE}`;

/**
 * `op{s}{cond}\t<first>, rm` and `@ <illegal shifter operand>` where objdump's operand printer stops at the
 * shift it cannot print, then `@ <UNPREDICTABLE>` when the row's register checks say so.
 */
function formatIllegalShifter(reading: IllegalShifterReading, cond: number): Disassembly {
  const first = reading.op === 'msr' ? PSR_FIELD_NAMES[reading.psrFields]! + ', ' : REG_COMMA[reading.rd]!;
  return {
    text: headS(reading.op, reading.setsFlags, cond) + first + REG_NAMES[reading.rm]!,
    comment: reading.unpredictable ? ILLEGAL_SHIFTER_UNPREDICTABLE : ILLEGAL_SHIFTER,
  };
}

export function formatA32Undefined(insn: UndefinedInsn): Disassembly {
  const reading = insn.printedAs;
  if (reading === null || reading.form !== 'illegal-shifter') return undefinedText(insn.word);
  return formatIllegalShifter(reading, insn.cond);
}
