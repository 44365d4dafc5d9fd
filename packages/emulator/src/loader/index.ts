export { ElfError, type ElfErrorCode, type ElfFile, type ProgramHeader, parseElf } from './elf.js';
export { type LoadedProgram, type LoadOptions, loadElf } from './load.js';
export { STACK_SIZE, STACK_TOP } from './stack.js';
export { type ElfSymbol, type MappingState, readSymbols, type SymbolLocation, SymbolTable } from './symbols.js';
