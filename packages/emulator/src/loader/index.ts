export {
  CodeMap,
  type CodeMapBasis,
  type CodePlace,
  type CodeRange,
  type InstructionState,
} from './code-map.js';
export { ElfError, type ElfErrorCode, type ElfFile, notExecutable, type ProgramHeader, parseElf } from './elf.js';
export { type LoadedProgram, type LoadOptions, loadElf } from './load.js';
export { STACK_SIZE, STACK_TOP } from './stack.js';
export {
  type ElfSymbol,
  type MappingState,
  type MappingSymbol,
  readSymbols,
  type SymbolLocation,
  type SymbolSection,
  SymbolTable,
} from './symbols.js';
