/** objdump's spelling of LDM/STM, PUSH/POP and the user-register (`^`) forms. */
import type { LoadStoreMultipleInsn } from '../a32/load-store-multiple.js';
import { type Disassembly, head, headReg, REG_NAMES, regList, UNPREDICTABLE } from './format.js';
import type { FormatterTable } from './table.js';

/** `rn!, ` for the writeback forms. */
const BASE_WBACK: readonly string[] = REG_NAMES.map((r) => r + '!, ');

function formatLoadStoreMultiple(i: LoadStoreMultipleInsn): Disassembly {
  const list = regList(i.registers);
  const comment = i.rn === 15 || i.registers === 0 ? UNPREDICTABLE : null;
  const op = i.op;
  if (op === 'push' || op === 'pop') return { text: head(op, i.cond) + list, comment };
  const operands = i.userRegisters || i.exceptionReturn ? list + '^' : list;
  if (i.wback) return { text: head(op, i.cond) + BASE_WBACK[i.rn]! + operands, comment };
  return { text: headReg(op, i.cond, i.rn) + operands, comment };
}

export const loadStoreMultipleFormatters: FormatterTable<LoadStoreMultipleInsn> = {
  loadStoreMultiple: formatLoadStoreMultiple,
};
