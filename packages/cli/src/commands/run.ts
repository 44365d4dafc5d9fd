import { readFileSync, writeFileSync } from 'node:fs';
import { ElfError, Machine } from '@armprobe/emulator';
import { CommandError, UsageError } from '../errors.js';
import { type LinuxSetup, linuxOptions } from './machine-setup.js';

export interface RunCommandOptions extends LinuxSetup {
  readonly maxInstructions?: number;
  readonly statsFile?: string;
  /** CPUs of the machine (default 1): the program's threads are scheduled onto them. */
  readonly cpus?: number;
  /** Start every CPU k at this symbol with r0 = k (an SMP program); else CPU 0 at the ELF entry. */
  readonly entryPerCpu?: string;
  readonly seed?: number;
  readonly quantum?: readonly [number, number];
  readonly fetch?: 'coherent' | 'architectural';
}

/** `--quantum A..B` (or a single number). */
export function parseQuantum(value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(value);
  const min = m ? Number(m[1]) : Number.NaN;
  const max = m ? Number(m[2] ?? m[1]) : Number.NaN;
  if (!(min >= 1 && max >= min)) throw new UsageError(`--quantum must be N or A..B with 1 ≤ A ≤ B, not "${value}"`);
  return [min, max];
}

export function parseFetch(value: string | undefined): 'coherent' | 'architectural' | undefined {
  if (value === undefined || value === 'coherent' || value === 'architectural') return value;
  throw new UsageError(`--fetch must be coherent or architectural, not "${value}"`);
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
    throw new CommandError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 2);
  }
}

/**
 * `armprobe run FILE.elf`: runs a static ARM Linux executable like qemu-arm does. Guest stdout/stderr go to
 * ours; the result is the guest's exit status (128 + signal for a fatal fault).
 */
export function runCommand(options: RunCommandOptions): number {
  const bytes = readProgram(options.file);
  const cpus = options.cpus ?? 1;
  if (cpus < 1 || cpus > 64) throw new UsageError(`--cpus must be 1–64, not ${cpus}`);
  const linux = linuxOptions(options, (s) => process.stderr.write(s));
  const machine = new Machine({
    ...linux.machine,
    cpus,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.quantum === undefined ? {} : { quantum: options.quantum }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    onStdout: (b) => process.stdout.write(b),
    onStderr: (b) => process.stderr.write(b),
    onWarning: (m) => process.stderr.write(`armprobe: ${m}\n`),
  });
  try {
    machine.loadElf(bytes, { argv: linux.argv, envp: linux.envp });
  } catch (error) {
    if (error instanceof ElfError) {
      process.stderr.write(`armprobe: ${options.file}: not a loadable ARM ELF executable (${error.message})\n`);
      return 1;
    }
    throw error;
  }
  if (options.entryPerCpu !== undefined) {
    if (machine.program?.symbols.resolve(options.entryPerCpu) === undefined) {
      process.stderr.write(`armprobe: ${options.file}: no symbol ${options.entryPerCpu} for --entry-per-cpu\n`);
      return 1;
    }
    machine.startSmp({ entry: options.entryPerCpu, cpus });
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
      cpus,
      fetch: machine.fetch,
      seed: options.seed ?? 0,
      perCpu: stats.perCpu,
      idleCycles: stats.idleCycles,
      ticks: stats.ticks,
      ticksDropped: stats.ticksDropped,
      interrupts: stats.interrupts,
      ipis: stats.ipis,
      rendezvous: stats.rendezvous,
      syncCores: stats.syncCores,
      violations: stats.violations,
      schedule: stats.schedule,
      threads: machine.linux?.threads.statistics() ?? null,
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
