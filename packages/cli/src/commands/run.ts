import { readFileSync, writeFileSync } from 'node:fs';
import { ElfError, Machine } from '@armprobe/emulator';
import { UsageError } from '../errors.js';

export interface RunCommandOptions {
  readonly file: string;
  readonly maxInstructions?: number;
  readonly statsFile?: string;
}

export function parseCount(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a non-negative integer, not "${value}"`);
  return Number(value);
}

export function readProgram(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/**
 * `armprobe run FILE.elf`: runs a static ARM Linux executable like qemu-arm does. Guest stdout/stderr go to
 * ours; the result is the guest's exit status (128 + signal for a fatal fault).
 */
export function runCommand(options: RunCommandOptions): number {
  const bytes = readProgram(options.file);
  const machine = new Machine({
    onStdout: (b) => process.stdout.write(b),
    onStderr: (b) => process.stderr.write(b),
    onWarning: (m) => process.stderr.write(`armprobe: ${m}\n`),
  });
  try {
    machine.loadElf(bytes, { argv: [options.file] });
  } catch (error) {
    if (error instanceof ElfError) {
      process.stderr.write(`armprobe: ${options.file}: not a loadable ARM ELF executable (${error.message})\n`);
      return 1;
    }
    throw error;
  }
  const t0 = performance.now();
  const result = machine.run(options.maxInstructions === undefined ? {} : { maxInstructions: options.maxInstructions });
  const seconds = (performance.now() - t0) / 1000;
  if (options.statsFile !== undefined) {
    const stats = machine.statistics();
    const report = {
      reason: result.reason,
      status: result.status,
      instructions: result.instructions,
      cycles: result.cycles,
      hostSeconds: Number(seconds.toFixed(6)),
      mips: Number((result.instructions / seconds / 1e6).toFixed(3)),
      perCpu: stats.perCpu,
      decodes: stats.decodes,
      compiles: stats.compiles,
      invalidations: stats.invalidations,
    };
    writeFileSync(options.statsFile, `${JSON.stringify(report, null, 2)}\n`);
  }
  switch (result.reason) {
    case 'exit':
      return result.status ?? 0;
    case 'fault':
      if (result.status !== null) return result.status;
      process.stderr.write(`armprobe: ${result.error?.message ?? result.fault?.message ?? 'guest fault'}\n`);
      return 1;
    case 'limit':
      process.stderr.write(`armprobe: stopped after ${result.instructions} instructions (--max-insns)\n`);
      return 124;
    default:
      process.stderr.write(`armprobe: machine stopped (${result.reason}) without the guest exiting\n`);
      return 1;
  }
}
