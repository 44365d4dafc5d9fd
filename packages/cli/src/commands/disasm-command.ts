import { writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ElfError } from '@armprobe/emulator';
import { UsageError } from '../errors.js';
import { disasmStream, parseIsa } from './disasm.js';
import { writeElfFileListing } from './disasm-elf.js';

/** Where `armprobe disasm` writes. */
export interface DisasmOutput {
  /** Standard output; a byte chunk is a view valid only during the call. */
  readonly out: (chunk: string | Uint8Array) => void;
  readonly err: (chunk: string) => void;
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes to a file descriptor synchronously, all of it: a listing is produced in one synchronous loop, and
 * `process.stdout.write` on a pipe keeps every chunk (and its write request) alive until that loop yields,
 * which held the whole listing in memory. A full non-blocking pipe (EAGAIN) is waited for; a reader that
 * went away (EPIPE) ends the program as `armprobe.ts` does for every command.
 */
export function writeAllSync(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(PAUSE, 0, 0, 1);
      else if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      else throw error;
    }
  }
}

const STDIO: DisasmOutput = {
  out: (chunk) => writeAllSync(1, chunk),
  err: (chunk) => process.stderr.write(chunk),
};

/**
 * `armprobe disasm [--isa arm|thumb]` (stdin lines) or `armprobe disasm FILE.elf [--symbol NAME]` (a listing,
 * streamed in chunks). Resolves to the exit status; throws UsageError for a command-line mistake, before
 * anything is written.
 */
export async function disasmCommand(args: readonly string[], output: DisasmOutput = STDIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { isa: { type: 'string' }, symbol: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new UsageError('disasm takes at most one ELF file');
  const file = positionals[0];
  if (file === undefined) {
    if (values.symbol !== undefined) throw new UsageError('--symbol needs an ELF file');
    return await disasmStream(process.stdin, output.out, { isa: parseIsa(values.isa) });
  }
  if (values.isa !== undefined && parseIsa(values.isa) !== 'arm') {
    throw new UsageError(
      '--isa thumb is for ADDR WORD lines on stdin; an ELF listing takes each state from its mapping symbols',
    );
  }
  try {
    // Read a piece at a time: memory does not grow with the file.
    writeElfFileListing(file, file, output.out, values.symbol === undefined ? {} : { symbol: values.symbol });
  } catch (error) {
    if (error instanceof ElfError) {
      output.err(`armprobe: ${file}: not a readable ARM ELF file (${error.message})\n`);
      return 1;
    }
    throw error;
  }
  return 0;
}
