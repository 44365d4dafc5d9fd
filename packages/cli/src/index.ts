export { type DisasmLineResult, disasmLine } from './commands/disasm-lines.js';
export { UsageError } from './errors.js';
export { main, USAGE } from './main.js';
