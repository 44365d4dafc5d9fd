import type { DataProcessingInsn } from '../a32/data-processing.js';
import type { FormatterTable } from './table.js';

export const dataProcessingFormatters: FormatterTable<DataProcessingInsn> = {};
