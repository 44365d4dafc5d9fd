export { type ListingOptions, listElf, writeElfFileListing, writeElfListing } from './commands/disasm-elf.js';
export { type DisasmLineResult, disasmLine } from './commands/disasm-lines.js';
export type { ListingSource } from './commands/listing-file.js';
export { memoryScratch, type ScratchStore, temporaryFileScratch } from './commands/listing-scratch.js';
export type { SortLimits } from './commands/listing-sort.js';
export type { SymbolSorting } from './commands/listing-symbols.js';
export { CommandError, UsageError } from './errors.js';
export { main, USAGE } from './main.js';
