import type { Disassembly } from './format.js';

/** One formatter per instruction kind of a class; TypeScript checks that none is missing. */
export type FormatterTable<U extends { readonly kind: string }> = {
  readonly [K in U['kind']]: (insn: Extract<U, { readonly kind: K }>) => Disassembly;
};
