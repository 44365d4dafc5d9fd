/** objdump's spelling of LDM/STM, PUSH/POP and the user-register (`^`) forms. */
import type { LoadStoreMultipleInsn } from '../a32/load-store-multiple.js';
import { cond, type Disassembly, reg, regList, UNPREDICTABLE } from './format.js';
import type { FormatterTable } from './table.js';

function formatLoadStoreMultiple(i: LoadStoreMultipleInsn): Disassembly {
  const list = regList(i.registers);
  const comment = i.rn === 15 || i.registers === 0 ? UNPREDICTABLE : null;
  const op = i.op;
  if (op === 'push' || op === 'pop') return { text: op + cond(i.cond) + '\t' + list, comment };
  const base = i.wback ? reg(i.rn) + '!, ' : reg(i.rn) + ', ';
  const caret = i.userRegisters || i.exceptionReturn;
  return { text: op + cond(i.cond) + '\t' + base + (caret ? list + '^' : list), comment };
}

export const loadStoreMultipleFormatters: FormatterTable<LoadStoreMultipleInsn> = {
  loadStoreMultiple: formatLoadStoreMultiple,
};
