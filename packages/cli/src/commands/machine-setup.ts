import { readSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { ElfError, Machine, type MachineOptions } from '@armprobe/emulator';
import { CommandError, UsageError } from '../errors.js';
import { HostDirectoryFileSystem } from './host-file-system.js';
import { readProgram } from './run.js';

/** The Linux-user options `run` and `probe` share: the guest's root, environment, arguments, strace. */
export interface LinuxSetup {
  readonly file: string;
  /** Host directory mapped to the guest's `/` (default: the current directory). */
  readonly root?: string;
  /** NAME=VALUE entries: the guest's whole environment. */
  readonly env?: readonly string[];
  /** argv[1..]. */
  readonly args?: readonly string[];
  readonly strace?: boolean;
  readonly seed?: number;
}

/** `--env NAME=VALUE` checks. */
export function parseEnv(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  for (const v of values) {
    if (!/^[^=]+=/.test(v)) throw new UsageError(`--env needs NAME=VALUE, not "${v}"`);
  }
  return [...values];
}

/** Machine options and load options of the Linux personality for `setup`. */
export function linuxOptions(
  setup: LinuxSetup,
  stderr: (s: string) => void,
): { machine: Partial<MachineOptions>; argv: string[]; envp: string[] } {
  let fileSystem: HostDirectoryFileSystem;
  try {
    fileSystem = new HostDirectoryFileSystem(setup.root ?? '.');
  } catch (error) {
    throw new CommandError(`--root ${setup.root ?? '.'}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 2);
  }
  const inside = relative(fileSystem.root, resolve(setup.file));
  const executablePath =
    inside.startsWith('..') || inside.startsWith(sep) ? `/${basename(setup.file)}` : `/${inside.split(sep).join('/')}`;
  return {
    machine: {
      fileSystem,
      executablePath,
      randomSeed: setup.seed ?? 0,
      stdin: (length) => {
        const buffer = new Uint8Array(length);
        try {
          return buffer.subarray(0, readSync(0, buffer, 0, length, null));
        } catch {
          return new Uint8Array(0);
        }
      },
      ...(setup.strace ? { onStrace: (line: string) => stderr(`${line}\n`) } : {}),
    },
    argv: [setup.file, ...(setup.args ?? [])],
    envp: [...(setup.env ?? [])],
  };
}

/** How `run` and `probe` build their machine from command-line options. */
export interface MachineSetup extends LinuxSetup {
  /** CPUs of the machine (default 1): the program's threads run on them, or with `entryPerCpu` every CPU starts. */
  readonly cpus?: number;
  /** Start every CPU k at this symbol with r0 = k (an SMP program); else CPU 0 at the ELF entry. */
  readonly entryPerCpu?: string;
  readonly seed?: number;
  readonly quantum?: readonly [number, number];
  readonly fetch?: 'coherent' | 'architectural';
}

/**
 * A machine with the program loaded (and its CPUs started for an SMP program), or the exit status of a
 * load failure after its message was written.
 */
export function bootMachine(
  setup: MachineSetup,
  extra: Pick<MachineOptions, 'onStdout' | 'onStderr' | 'onWarning'>,
  write: (s: string) => void,
): Machine | number {
  const bytes = readProgram(setup.file);
  const cpus = setup.cpus ?? 1;
  if (cpus < 1 || cpus > 64) throw new UsageError(`--cpus must be 1–64, not ${cpus}`);
  const linux = linuxOptions(setup, write);
  const machine = new Machine({
    ...linux.machine,
    cpus,
    ...(setup.seed === undefined ? {} : { seed: setup.seed }),
    ...(setup.quantum === undefined ? {} : { quantum: setup.quantum }),
    ...(setup.fetch === undefined ? {} : { fetch: setup.fetch }),
    ...extra,
  });
  try {
    machine.loadElf(bytes, { argv: linux.argv, envp: linux.envp });
  } catch (error) {
    if (error instanceof ElfError) {
      write(`armprobe: ${setup.file}: not a loadable ARM ELF executable (${error.message})\n`);
      return 1;
    }
    throw error;
  }
  if (setup.entryPerCpu !== undefined) {
    if (machine.program?.symbols.resolve(setup.entryPerCpu) === undefined) {
      write(`armprobe: ${setup.file}: no symbol ${setup.entryPerCpu} for --entry-per-cpu\n`);
      return 1;
    }
    machine.startSmp({ entry: setup.entryPerCpu, cpus });
  }
  return machine;
}
