export { type ListingOptions, listElf, writeElfListing } from './commands/disasm-elf.js';
export { type DisasmLineResult, disasmLine } from './commands/disasm-lines.js';
export { CommandError, UsageError } from './errors.js';
export { main, USAGE } from './main.js';
