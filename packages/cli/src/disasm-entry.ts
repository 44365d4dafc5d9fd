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
  // The optimising compiler runs on V8's worker threads, and each thread's malloc arena keeps the largest
  // compilation it ran (its zone: up to 1.7 MiB with V8's default inlining budget, for the listers' big
  // functions inlining the formatters) — 7 MiB of resident memory over four threads on a 15 MB program. A
  // smaller inlining budget per function keeps each below ~1.1 MiB, and the listing no slower (it compiles half
  // as much). V8 reads this flag each time it optimises a function.
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=150');
  const { disasmLean } = createRequire(import.meta.url)('./disasm-lean.cjs') as typeof Lean;
  const status = await disasmLean(argv.slice(1));
  if (status !== null) return status;
  const { main } = await import('./main.js');
  return main(argv);
}
