import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type * as Lean from './disasm-lean.js';

/**
 * `armprobe disasm …` without loading the other commands (the machine, kprobes, the explore pool): their
 * modules take longer to load than a listing of a small file takes to print. The command is its own bundle,
 * `dist/disasm-lean.cjs` (see disasm-lean.ts). A command that fails before writing anything (a command-line
 * mistake, a file it cannot read) goes to `main`, which reports it exactly as it reports every command's errors.
 */
export async function disasmEntry(argv: readonly string[]): Promise<number> {
  // A listing keeps almost nothing alive, but the objects that live long (modules, tables, symbols) are
  // created while V8 sizes its young generation, which it then doubles to 8 MiB semi-spaces and keeps: 15 MiB
  // of resident memory for nothing. Keep it at its initial size (V8 reads this flag whenever it would grow).
  setFlagsFromString('--semi-space-growth-factor=1');
  const { disasmLean } = createRequire(import.meta.url)('./disasm-lean.cjs') as typeof Lean;
  const status = await disasmLean(argv.slice(1));
  if (status !== null) return status;
  const { main } = await import('./main.js');
  return main(argv);
}
