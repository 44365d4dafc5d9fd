#!/usr/bin/env node
/*
 * The `armprobe` command, built as CommonJS (`dist/armprobe.cjs`, tsup.config.ts): a CommonJS entry does not
 * start Node's ES module loader, which costs 1.5-2 MiB of resident memory — a listing's bound (64 MiB) is most
 * of all fixed costs like that one. `disasm` runs from its own CommonJS bundle (`dist/disasm-lean.cjs`, see
 * disasm-lean.ts) without loading the other commands (the machine, kprobes, the explore pool), whose modules
 * take longer to load than a listing of a small file takes to print; every other command, and a `disasm`
 * that failed before writing anything (a command-line mistake, a file it cannot read), goes to `main`
 * (`dist/main.js`, an ES module), which reports it exactly as it reports every command's errors.
 */
import { setFlagsFromString } from 'node:v8';
import type * as Lean from './disasm-lean.js';
import { internalErrorMessage } from './errors.js';
import type * as Main from './main.js';

const argv = process.argv.slice(2);

/**
 * V8 settings for a listing's process, set before the listing's bundle is loaded (loading it already allocates
 * what they govern; V8 reads each of these flags whenever it decides what it governs). A listing keeps almost
 * nothing alive: its resident memory is Node's and V8's own (38 MiB of the node binary's pages), the bundle's
 * code and V8's compilations of it, so these are what keeps a listing of any size under 64 MiB.
 */
function tuneHeapForListing(): void {
  // The objects that live long (modules, tables, symbols) are created while V8 sizes its young generation,
  // which it then doubles to 8 MiB semi-spaces and keeps: 15 MiB of resident memory for nothing. Keep it at its
  // initial size (V8 reads this flag whenever it would grow).
  setFlagsFromString('--semi-space-growth-factor=1');
  // The optimising compiler runs on V8's worker threads, and each thread's malloc arena keeps the largest
  // compilation it ran (its zone: up to 1.7 MiB with V8's default inlining budget, for the listers' big
  // functions inlining the formatters) — 7 MiB of resident memory over four threads on a 15 MB program. A
  // smaller inlining budget per function keeps each below ~1.1 MiB, and the listing no slower (it compiles half
  // as much). V8 reads this flag each time it optimises a function.
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=150');
  // The old generation's limit grows by V8's smallest factor after each full collection instead of by a speed-
  // based one (the listing promotes a few MB of short-lived objects between collections): 1.5-3 MiB less at the
  // peak, the same wall time on the bench ELFs (measured 3.7 MB to 240 MB of text).
  setFlagsFromString('--optimize-for-size');
}

async function runMain(): Promise<number> {
  // A closed pipe (`armprobe demo | head`) is the reader's choice, not an error. (A listing writes with
  // writeSync and handles a closed pipe itself: it does not touch process.stdout, which costs memory.)
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const { main } = (await import('./main.js')) as typeof Main;
  return main(argv);
}

async function run(): Promise<number> {
  if (argv[0] !== 'disasm') return runMain();
  tuneHeapForListing();
  const lean = require('./disasm-lean.cjs') as typeof Lean;
  const status = await lean.disasmLean(argv.slice(1));
  return status ?? runMain();
}

run().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(internalErrorMessage(error, (process.env.ARMPROBE_DEBUG ?? '') !== ''));
    process.exitCode = 70;
  },
);
