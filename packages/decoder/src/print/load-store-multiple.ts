/** objdump's spelling of LDM/STM, PUSH/POP and the user-register (`^`) forms. */
import type { LoadStoreMultipleInsn } from '../a32/load-store-multiple.js';
import { cond, type Disassembly, reg, regList, UNPREDICTABLE } from './format.js';
import type { FormatterTable } from './table.js';

function formatLoadStoreMultiple(i: LoadStoreMultipleInsn): Disassembly {
  const list = regList(i.registers);
  const comment = i.rn === 15 || i.registers === 0 ? UNPREDICTABLE : null;
  if (i.op === 'push' || i.op === 'pop') return { text: `${i.op}${cond(i.cond)}\t${list}`, comment };
  const caret = i.userRegisters || i.exceptionReturn ? '^' : '';
  return { text: `${i.op}${cond(i.cond)}\t${reg(i.rn)}${i.wback ? '!' : ''}, ${list}${caret}`, comment };
}

export const loadStoreMultipleFormatters: FormatterTable<LoadStoreMultipleInsn> = {
  loadStoreMultiple: formatLoadStoreMultiple,
};
