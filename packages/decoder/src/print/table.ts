import type { Disassembly } from './format.js';

/**
 * How a printer spells what depends on where the code lives. objdump on a raw binary prints addresses
 * as `0x1002c`; on an ELF file with symbols it prints `1002c <lit>`.
 */
export interface FormatContext {
  /** Spells a code or data address (branch targets, PC-relative comments). */
  readonly formatAddress: (address: number) => string;
}

/** One formatter per instruction kind of a class; TypeScript checks that none is missing. */
export type FormatterTable<U extends { readonly kind: string }> = {
  readonly [K in U['kind']]: (insn: Extract<U, { readonly kind: K }>, context: FormatContext) => Disassembly;
};
