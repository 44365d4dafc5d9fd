import { decodeA32 } from '../a32/decode.js';
import type { A32Instruction } from '../a32/types.js';
import { branchFormatters } from './branch.js';
import { coprocessorFormatters } from './coprocessor.js';
import { dataProcessingFormatters } from './data-processing.js';
import { type Disassembly, undefinedText } from './format.js';
import { loadStoreFormatters } from './load-store.js';
import { mediaFormatters } from './media.js';
import { multiplyFormatters } from './multiply.js';
import { systemFormatters } from './system.js';
import type { FormatterTable } from './table.js';

const formatters: FormatterTable<A32Instruction> = {
  ...dataProcessingFormatters,
  ...multiplyFormatters,
  ...loadStoreFormatters,
  ...mediaFormatters,
  ...branchFormatters,
  ...systemFormatters,
  ...coprocessorFormatters,
  undefined: (insn) => undefinedText(insn.word),
};

/** Prints a decoded instruction exactly as GNU objdump 2.40 (`-m arm`) does. */
export function formatA32(insn: A32Instruction): Disassembly {
  return (formatters[insn.kind] as (i: A32Instruction) => Disassembly)(insn);
}

/** Decodes and prints one ARM-state word at `address`. Never throws. */
export function disassembleA32(word: number, address = 0): Disassembly {
  return formatA32(decodeA32(word, address));
}
