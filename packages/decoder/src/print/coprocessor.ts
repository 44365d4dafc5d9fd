import type { CoprocessorInsn } from '../a32/coprocessor.js';
import type { FormatterTable } from './table.js';

export const coprocessorFormatters: FormatterTable<CoprocessorInsn> = {};
