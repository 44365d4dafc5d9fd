#!/usr/bin/env node
import { internalErrorMessage } from './errors.js';

// A closed pipe (`armprobe demo | head`) is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const argv = process.argv.slice(2);
// `disasm` takes a lean path that loads only the disassembler (see disasm-entry.ts).
const run =
  argv[0] === 'disasm'
    ? import('./disasm-entry.js').then(({ disasmEntry }) => disasmEntry(argv))
    : import('./main.js').then(({ main }) => main(argv));

run.then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(internalErrorMessage(error, (process.env.ARMPROBE_DEBUG ?? '') !== ''));
    process.exitCode = 70;
  },
);
