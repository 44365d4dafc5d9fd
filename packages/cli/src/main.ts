import { parseArgs } from 'node:util';
import { ElfError } from '@armprobe/emulator';
import { demo } from './commands/demo.js';
import { disasmStream, parseIsa } from './commands/disasm.js';
import { listElf } from './commands/disasm-elf.js';
import { parseCount, readProgram, runCommand } from './commands/run.js';
import { UsageError } from './errors.js';

export const USAGE = `usage: armprobe <command> [options]

commands:
  disasm [--isa arm|thumb]      read "ADDR WORD" hex lines on stdin, write one JSON object per line
  disasm FILE.elf [--symbol NAME]
                                an objdump -d style listing of the ARM code ($d literal pools as .word)
  run FILE.elf [--max-insns N] [--stats FILE.json]
                                run a static ARM Linux executable like qemu-arm (exit status = guest's)
  demo                          the main job: a guided run of the armprobe components
  help                          this text
`;

/** Runs the `armprobe` command line; resolves to the process exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'disasm': {
        const { values, positionals } = parseArgs({
          args: rest,
          options: { isa: { type: 'string' }, symbol: { type: 'string' } },
          allowPositionals: true,
          strict: true,
        });
        if (positionals.length > 1) throw new UsageError('disasm takes at most one ELF file');
        const file = positionals[0];
        if (file === undefined) {
          if (values.symbol !== undefined) throw new UsageError('--symbol needs an ELF file');
          return await disasmStream(process.stdin, (s) => process.stdout.write(s), { isa: parseIsa(values.isa) });
        }
        if (values.isa !== undefined && parseIsa(values.isa) !== 'arm') {
          throw new UsageError('ELF listings cover ARM state only (--isa arm)');
        }
        const bytes = readProgram(file);
        try {
          process.stdout.write(listElf(bytes, file, values.symbol === undefined ? {} : { symbol: values.symbol }));
        } catch (error) {
          if (error instanceof ElfError) {
            process.stderr.write(`armprobe: ${file}: not a readable ARM ELF file (${error.message})\n`);
            return 1;
          }
          throw error;
        }
        return 0;
      }
      case 'run': {
        const { values, positionals } = parseArgs({
          args: rest,
          options: { 'max-insns': { type: 'string' }, stats: { type: 'string' } },
          allowPositionals: true,
          strict: true,
        });
        if (positionals.length !== 1) throw new UsageError('run needs exactly one ELF file');
        const maxInstructions = parseCount('--max-insns', values['max-insns']);
        return runCommand({
          file: positionals[0]!,
          ...(maxInstructions === undefined ? {} : { maxInstructions }),
          ...(values.stats === undefined ? {} : { statsFile: values.stats }),
        });
      }
      case 'demo':
        return await demo(rest, (s) => process.stdout.write(s));
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`armprobe: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
