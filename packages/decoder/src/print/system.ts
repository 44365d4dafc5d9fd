import type { SystemInsn } from '../a32/system.js';
import type { FormatterTable } from './table.js';

export const systemFormatters: FormatterTable<SystemInsn> = {};
