/**
 * The `armprobe disasm` command as its own bundle, `dist/disasm-lean.cjs` (tsup.config.ts): the disassembler,
 * the ELF listing and what they use of the decoder and emulator packages, in one minified CommonJS script.
 * Loading it costs less time and memory than loading the packages' modules (a listing of a small file takes
 * less time than that loading): measured on the 3.7 MB bench ELF at load 13, peak RSS 62-63 MiB against 63-66
 * for the packages' own modules. A code cache for it (V8's, made at build time) was tried: 5-10% less CPU time,
 * 1-1.5 MiB more memory (its functions are all deserialized at once), so there is none.
 */
import { disasmCommand, writeAllSync } from './commands/disasm-command.js';

export interface LeanOutput {
  readonly out: (chunk: string | Uint8Array) => void;
  readonly err: (chunk: string) => void;
}

/** Writes to standard output and standard error as the command does. */
export const STDIO: LeanOutput = {
  out: (chunk) => writeAllSync(1, chunk),
  err: (chunk) => process.stderr.write(chunk),
};

/**
 * Runs `armprobe disasm …` (`args`: what follows the command name). Resolves to the exit status, or to null
 * when it failed before writing anything (a command-line mistake, a file it cannot read): the full CLI then
 * runs the command line and reports it as it reports every command's errors (message, and usage text for a
 * usage error).
 */
export async function disasmLean(args: readonly string[], output: LeanOutput = STDIO): Promise<number | null> {
  let written = false;
  const watched: LeanOutput = {
    out: (chunk) => {
      written = true;
      output.out(chunk);
    },
    err: (chunk) => {
      written = true;
      output.err(chunk);
    },
  };
  try {
    return await disasmCommand(args, watched);
  } catch (error) {
    if (!written) return null;
    throw error;
  }
}
