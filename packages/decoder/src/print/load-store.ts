/**
 * objdump's spelling of single-register loads and stores: A5.3 word/byte forms (its `%a` addressing) and
 * the extra halfword/signed/doubleword forms (its `%s` addressing), plus the class's other printers.
 */
import type { LoadStoreInsn } from '../a32/load-store.js';
import type { LoadStoreImmediateInsn, LoadStoreRegisterInsn } from '../a32/load-store-common.js';
import {
  cond,
  type Disassembly,
  headReg,
  immShiftSuffix,
  offsetHex,
  offsetImmediate,
  REG_NAMES,
  reg,
  UNPREDICTABLE,
} from './format.js';
import { loadStoreMultipleFormatters } from './load-store-multiple.js';
import { synchronizationFormatters } from './synchronization.js';
import type { FormatContext, FormatterTable } from './table.js';

/** A comment with objdump's ` @ <UNPREDICTABLE>` mark appended when `unpredictable`. */
export function markUnpredictable(comment: string | null, unpredictable: boolean): string | null {
  if (!unpredictable) return comment;
  return comment === null ? UNPREDICTABLE : comment + '\t@ ' + UNPREDICTABLE;
}

/** objdump comments an immediate offset only outside -16…32. */
function offsetComment(offset: number): string | null {
  return offset > 32 || offset < -16 ? offsetHex(offset) : null;
}

/** The extra forms (objdump's `%s` operand): halfword, signed byte/halfword, doubleword. */
function isExtra(i: LoadStoreImmediateInsn | LoadStoreRegisterInsn): boolean {
  return i.size === 2 || i.size === 8 || i.signed;
}

/** objdump's `%12-15R`: which transfers mark Rt = PC as UNPREDICTABLE. */
function rtPcMarked(i: LoadStoreImmediateInsn | LoadStoreRegisterInsn): boolean {
  if (i.rt !== 15) return false;
  if (i.size === 8) return false;
  if (i.size === 4) return !i.load ? false : i.unprivileged;
  return true;
}

/* The fixed pieces of an address operand, by base register. */
const OPEN: readonly string[] = REG_NAMES.map((r) => '[' + r + ', ');
const POST: readonly string[] = REG_NAMES.map((r) => '[' + r + '], ');
const BASE_ONLY: readonly string[] = REG_NAMES.map((r) => '[' + r + ']');
const MINUS_REG: readonly string[] = REG_NAMES.map((r) => '-' + r);

/** `[rn, #±imm]{!}` or `[rn]` (pre-indexed), `[rn], #±imm` (post-indexed). */
function immediateAddress(rn: number, i: LoadStoreImmediateInsn, w: boolean): string {
  if (!i.index) return POST[rn]! + offsetImmediate(i.add, i.imm32);
  if (w) return OPEN[rn]! + offsetImmediate(i.add, i.imm32) + ']!';
  if (!i.add || i.imm32 !== 0) return OPEN[rn]! + offsetImmediate(i.add, i.imm32) + ']';
  return BASE_ONLY[rn]!;
}

function formatImmediate(i: LoadStoreImmediateInsn, context: FormatContext): Disassembly {
  const w = (i.word & 0x00200000) !== 0;
  const op = i.op;
  if (op === 'push' || op === 'pop') {
    const c = cond(i.cond);
    const rt = reg(i.rt);
    if (op === 'push') return { text: 'push' + c + '\t{' + rt + '}', comment: '(str' + c + ' ' + rt + ', [sp, #-4]!)' };
    return { text: 'pop' + c + '\t{' + rt + '}', comment: '(ldr' + c + ' ' + rt + ', [sp], #4)' };
  }
  let operand: string;
  let comment: string | null;
  let unpredictable = rtPcMarked(i);
  if (!isExtra(i)) {
    operand = immediateAddress(i.rn, i, w);
    comment = i.rn === 15 ? context.formatAddress(i.literalAddress!) : offsetComment(i.add ? i.imm32 : -i.imm32);
  } else if (i.rn === 15) {
    if (i.index) {
      operand = i.imm32 !== 0 || !i.add ? '[pc, ' + offsetImmediate(i.add, i.imm32) + ']' : '[pc]';
      comment = context.formatAddress(i.literalAddress!);
    } else {
      // objdump drops the offset comment here and calls every non-T form UNPREDICTABLE.
      operand = '[pc], ' + offsetImmediate(i.add, i.imm32);
      comment = null;
      if (!i.unprivileged) unpredictable = true;
    }
  } else {
    operand = immediateAddress(i.rn, i, w);
    if (!i.index && !i.unprivileged && w) unpredictable = true;
    comment = offsetComment(i.add ? i.imm32 : -i.imm32);
  }
  return { text: headReg(op, i.cond, i.rt) + operand, comment: markUnpredictable(comment, unpredictable) };
}

function formatRegister(i: LoadStoreRegisterInsn): Disassembly {
  const w = (i.word & 0x00200000) !== 0;
  const offset = (i.add ? REG_NAMES[i.rm]! : MINUS_REG[i.rm]!) + immShiftSuffix(i.shiftType, i.shiftAmount);
  let unpredictable = rtPcMarked(i);
  let operand: string;
  if (i.index) {
    operand = w ? OPEN[i.rn]! + offset + ']!' : OPEN[i.rn]! + offset + ']';
    if (w && i.rm === i.rt && isExtra(i)) unpredictable = true;
  } else {
    operand = POST[i.rn]! + offset;
    if (isExtra(i) && !i.unprivileged && (i.rm === i.rt || w || i.rm === 15)) unpredictable = true;
  }
  return { text: headReg(i.op, i.cond, i.rt) + operand, comment: unpredictable ? UNPREDICTABLE : null };
}

export const loadStoreFormatters: FormatterTable<LoadStoreInsn> = {
  loadStoreImmediate: formatImmediate,
  loadStoreRegister: formatRegister,
  ...loadStoreMultipleFormatters,
  ...synchronizationFormatters,
};
