import { ElfError, Machine, type MachineOptions } from '@armprobe/emulator';
import { UsageError } from '../errors.js';
import { readProgram } from './run.js';

/** How `run` and `probe` build their machine from command-line options. */
export interface MachineSetup {
  readonly file: string;
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
  if (cpus > 1 && setup.entryPerCpu === undefined) throw new UsageError('--cpus N > 1 needs --entry-per-cpu SYMBOL');
  const machine = new Machine({
    cpus,
    ...(setup.seed === undefined ? {} : { seed: setup.seed }),
    ...(setup.quantum === undefined ? {} : { quantum: setup.quantum }),
    ...(setup.fetch === undefined ? {} : { fetch: setup.fetch }),
    ...extra,
  });
  try {
    machine.loadElf(bytes, { argv: [setup.file] });
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
