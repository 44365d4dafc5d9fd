import type { LoadStoreInsn } from '../a32/load-store.js';
import type { FormatterTable } from './table.js';

export const loadStoreFormatters: FormatterTable<LoadStoreInsn> = {};
