import type { MultiplyInsn } from '../a32/multiply.js';
import type { FormatterTable } from './table.js';

export const multiplyFormatters: FormatterTable<MultiplyInsn> = {};
