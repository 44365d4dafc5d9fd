import type { BranchInsn } from '../a32/branch.js';
import type { FormatterTable } from './table.js';

export const branchFormatters: FormatterTable<BranchInsn> = {};
