import { setFlagsFromString } from 'node:v8';

/**
 * `armprobe disasm …` without loading the other commands (the machine, kprobes, the explore pool): their
 * modules take longer to load than a listing of a small file takes to print. The disassembler and the ELF
 * reader are all it imports. A command-line mistake is raised before anything is written; then the full
 * command line runs through `main`, which reports it exactly as it reports every command's mistakes.
 */
export async function disasmEntry(argv: readonly string[]): Promise<number> {
  // A listing keeps almost nothing alive, but the objects that live long (modules, tables, symbols) are
  // created while V8 sizes its young generation, which it then doubles to 8 MiB semi-spaces and keeps: 15 MiB
  // of resident memory for nothing. Keep it at its initial size (V8 reads this flag whenever it would grow).
  setFlagsFromString('--semi-space-growth-factor=1');
  const { disasmCommand, writeAllSync } = await import('./commands/disasm-command.js');
  let written = false;
  const output = {
    out: (chunk: string | Uint8Array) => {
      written = true;
      writeAllSync(1, chunk);
    },
    err: (chunk: string) => {
      written = true;
      process.stderr.write(chunk);
    },
  };
  try {
    return await disasmCommand(argv.slice(1), output);
  } catch (error) {
    if (written) throw error;
    const { main } = await import('./main.js');
    return main(argv);
  }
}
