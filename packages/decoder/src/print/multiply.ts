/**
 * GNU objdump's spelling of the multiply class. objdump marks `<UNPREDICTABLE>` when a register it
 * checks is the PC, and for the long forms (not UMAAL) when RdLo = RdHi; it does not check Rd and Rn
 * of SMLATT, nor Rn of SMLAWT.
 */
import type { MultiplyInsn } from '../a32/multiply.js';
import { cond, reg, UNPREDICTABLE } from './format.js';
import type { FormatterTable } from './table.js';

const PC = 15;

function unpredictableIf(flag: boolean): string | null {
  return flag ? UNPREDICTABLE : null;
}

export const multiplyFormatters: FormatterTable<MultiplyInsn> = {
  multiply: (insn) => {
    const head = insn.op + (insn.setsFlags ? 's' : '') + cond(insn.cond) + '\t';
    const operands = reg(insn.rd) + ', ' + reg(insn.rn) + ', ' + reg(insn.rm);
    const ra = insn.ra;
    const pc = insn.rd === PC || insn.rn === PC || insn.rm === PC || ra === PC;
    return { text: head + (ra === null ? operands : operands + ', ' + reg(ra)), comment: unpredictableIf(pc) };
  },
  'multiply-long': (insn) => ({
    text:
      insn.op +
      (insn.setsFlags ? 's' : '') +
      cond(insn.cond) +
      '\t' +
      reg(insn.rdLo) +
      ', ' +
      reg(insn.rdHi) +
      ', ' +
      reg(insn.rn) +
      ', ' +
      reg(insn.rm),
    comment: unpredictableIf(
      insn.rdLo === PC ||
        insn.rdHi === PC ||
        insn.rn === PC ||
        insn.rm === PC ||
        (insn.rdLo === insn.rdHi && insn.accumulate !== 'dual'),
    ),
  }),
  'multiply-halfword': (insn) => {
    const ra = insn.ra;
    const operands = reg(insn.rd) + ', ' + reg(insn.rn) + ', ' + reg(insn.rm);
    const checked = insn.op === 'smlatt' ? false : insn.rd === PC || insn.rn === PC;
    return {
      text: insn.op + cond(insn.cond) + '\t' + (ra === null ? operands : operands + ', ' + reg(ra)),
      comment: unpredictableIf(checked || insn.rm === PC || ra === PC),
    };
  },
  'multiply-word-halfword': (insn) => {
    const ra = insn.ra;
    const operands = reg(insn.rd) + ', ' + reg(insn.rn) + ', ' + reg(insn.rm);
    const rnChecked = insn.op !== 'smlawt' && insn.rn === PC;
    return {
      text: insn.op + cond(insn.cond) + '\t' + (ra === null ? operands : operands + ', ' + reg(ra)),
      comment: unpredictableIf(rnChecked || insn.rd === PC || insn.rm === PC || ra === PC),
    };
  },
  'multiply-halfword-long': (insn) => ({
    text:
      insn.op +
      cond(insn.cond) +
      '\t' +
      reg(insn.rdLo) +
      ', ' +
      reg(insn.rdHi) +
      ', ' +
      reg(insn.rn) +
      ', ' +
      reg(insn.rm),
    comment: unpredictableIf(
      insn.rdLo === PC || insn.rdHi === PC || insn.rn === PC || insn.rm === PC || insn.rdLo === insn.rdHi,
    ),
  }),
};
