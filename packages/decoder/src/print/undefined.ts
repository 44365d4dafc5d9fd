/**
 * UNDEFINED A32 words: objdump's `<UNDEFINED> instruction: 0x…`, or what it prints when one of its rows for
 * another instruction reads the word (a32/undefined-readings.ts).
 */
import type { IllegalShifterReading, PreloadIllegalShifterReading, UndefinedInsn } from '../a32/undefined.js';
import { type Disassembly, headS, REG_COMMA, REG_NAMES, swiComment, UNPREDICTABLE, undefinedText } from './format.js';
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

/** `pld [rn, -rm` / `pldw [rn], -rm`, and the comment with what objdump prints after it (`]` when pre-indexed). */
function formatPreloadIllegalShifter(reading: PreloadIllegalShifterReading): Disassembly {
  const rm = (reading.add ? '' : '-') + REG_NAMES[reading.rm]!;
  const base = reading.op + '\t[' + REG_NAMES[reading.rn]!;
  return reading.index
    ? { text: base + ', ' + rm, comment: ILLEGAL_SHIFTER + ']' }
    : { text: base + '], ' + rm, comment: ILLEGAL_SHIFTER };
}

/**
 * objdump's catch-all row prints the word with the `%x` operand printer, which adds SWI 0xf00000's and 0xf00001's
 * comments when the low 28 bits are those (under condition 1111, where its SVC row does not match).
 */
function undefinedWord(word: number): Disassembly {
  const plain = undefinedText(word);
  const swi = swiComment(word);
  return swi === null ? plain : { text: plain.text, comment: `${plain.comment}\t@ ${swi}` };
}

export function formatA32Undefined(insn: UndefinedInsn): Disassembly {
  const reading = insn.printedAs;
  if (reading === null) return undefinedWord(insn.word);
  switch (reading.form) {
    case 'illegal-shifter':
      return formatIllegalShifter(reading, insn.cond);
    case 'preload-illegal-shifter':
      return formatPreloadIllegalShifter(reading);
    default:
      return undefinedWord(insn.word);
  }
}
