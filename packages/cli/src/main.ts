import { parseArgs } from 'node:util';
import { demo } from './commands/demo.js';
import { disasmCommand } from './commands/disasm-command.js';
import { exploreCommand } from './commands/explore/command.js';
import { type LinuxSetup, parseEnv } from './commands/machine-setup.js';
import { parseStrategy, probeCommand } from './commands/probe.js';
import { parseCount, parseFetch, parseQuantum, runCommand } from './commands/run.js';
import { CommandError, UsageError } from './errors.js';
import { cliVersion } from './version.js';

export const USAGE = `usage: armprobe <command> [options]

commands:
  disasm [--isa arm|thumb]      read "ADDR WORD" hex lines on stdin, write one JSON object per line
  disasm FILE.elf [--symbol NAME]
                                an objdump -d style listing of the ARM code ($d literal pools as .word)
  run FILE.elf [--root DIR] [--env NAME=VALUE]... [--strace] [--cpus N [--entry-per-cpu SYMBOL]]
        [--seed S] [--quantum A..B] [--fetch coherent|architectural] [--max-insns N] [--stats FILE.json]
        [-- ARGS...]
                                run a static ARM Linux executable (static glibc too) like qemu-arm (exit
                                status = guest's); the guest's / is DIR (default .), its environment only
                                the --env entries; its threads (pthreads) run on the N CPUs, interleaved by
                                the seed; with --entry-per-cpu every CPU k starts at SYMBOL with r0 = k
  probe FILE.elf (--at SYMBOL[+OFF] | --every-insn SYMBOL | --every-insn-all)... [--kretprobe SYMBOL]
        [--optimize [--optimize-delay TICKS]] [--strategy auto|direct|stop-one|stop-all|kernel]
        [--attach-after N] [--detach-after M] [--cpus N [--entry-per-cpu SYMBOL]] [--seed S]
        [--quantum A..B] [--fetch coherent|architectural] [--max-insns N] [--report FILE.json]
        [--root DIR] [--env NAME=VALUE]... [--strace] [-- ARGS...]
                                run with kprobes; guest output unchanged; per-probe hits in the report
  demo [--cpus N] [--seed S] [--items N] [--json]
                                the main job: kprobes, optprobes and a jump label on a 4-CPU machine
  explore [--scenario NAME…] [--strategy S…] [--seeds A..B] [--cpus N…] [--workers K] [--shard I/N]
        [--out DIR] [--quiet] [--elf FILE --entry-per-cpu SYMBOL --probe SYMBOL[+OFF]…]
                                seeded sweeps of patching hazards on all cores: DIR/results.json, DIR/report.html
  explore merge DIR… --out DIR  merge shard outputs (= one unsharded run, host time aside)
  help                          this text
  --version                     the version of armprobe (the @armprobe/cli package)
`;

/**
 * The ELF file (the one positional before `--`) and the Linux options: `--root`, `--env`, `--strace`, the
 * guest's arguments after `--`.
 */
function linuxSetup(
  command: string,
  positionals: readonly string[],
  tokens: readonly { kind: string; index: number }[],
  values: {
    root?: string | undefined;
    env?: string[] | undefined;
    strace?: boolean | undefined;
    seed?: string | undefined;
  },
): { file: string; linux: Omit<LinuxSetup, 'file'> } {
  const terminator = tokens.find((t) => t.kind === 'option-terminator');
  const before = tokens.filter(
    (t) => t.kind === 'positional' && (terminator === undefined || t.index < terminator.index),
  ).length;
  if (before === 0) throw new UsageError(`${command} needs an ELF file`);
  if (before > 1) {
    // qemu-arm takes the guest's arguments right after the program; here they follow `--`.
    const file = positionals[0]!;
    throw new UsageError(
      `${command} takes one ELF file; the guest's arguments go after --: armprobe ${command} ${file} -- ${positionals.slice(1, before).join(' ')}`,
    );
  }
  const env = parseEnv(values.env);
  return {
    file: positionals[0]!,
    linux: {
      args: positionals.slice(1),
      ...(values.root === undefined ? {} : { root: values.root }),
      ...(env === undefined ? {} : { env }),
      ...(values.strace ? { strace: true } : {}),
    },
  };
}

/** Runs the `armprobe` command line; resolves to the process exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'disasm':
        return await disasmCommand(rest);
      case 'run': {
        const { values, positionals, tokens } = parseArgs({
          args: rest,
          options: {
            'max-insns': { type: 'string' },
            stats: { type: 'string' },
            cpus: { type: 'string' },
            'entry-per-cpu': { type: 'string' },
            seed: { type: 'string' },
            quantum: { type: 'string' },
            fetch: { type: 'string' },
            root: { type: 'string' },
            env: { type: 'string', multiple: true },
            strace: { type: 'boolean' },
          },
          allowPositionals: true,
          strict: true,
          tokens: true,
        });
        const { file, linux } = linuxSetup('run', positionals, tokens, values);
        const maxInstructions = parseCount('--max-insns', values['max-insns']);
        const cpus = parseCount('--cpus', values.cpus);
        const seed = parseCount('--seed', values.seed);
        const quantum = parseQuantum(values.quantum);
        const fetch = parseFetch(values.fetch);
        return runCommand({
          ...linux,
          file,
          ...(maxInstructions === undefined ? {} : { maxInstructions }),
          ...(values.stats === undefined ? {} : { statsFile: values.stats }),
          ...(cpus === undefined ? {} : { cpus }),
          ...(values['entry-per-cpu'] === undefined ? {} : { entryPerCpu: values['entry-per-cpu'] }),
          ...(seed === undefined ? {} : { seed }),
          ...(quantum === undefined ? {} : { quantum }),
          ...(fetch === undefined ? {} : { fetch }),
        });
      }
      case 'probe': {
        const { values, positionals, tokens } = parseArgs({
          args: rest,
          options: {
            at: { type: 'string', multiple: true },
            'every-insn': { type: 'string', multiple: true },
            'every-insn-all': { type: 'boolean' },
            kretprobe: { type: 'string', multiple: true },
            strategy: { type: 'string' },
            'attach-after': { type: 'string' },
            'detach-after': { type: 'string' },
            'max-insns': { type: 'string' },
            report: { type: 'string' },
            optimize: { type: 'boolean' },
            'optimize-delay': { type: 'string' },
            cpus: { type: 'string' },
            'entry-per-cpu': { type: 'string' },
            seed: { type: 'string' },
            quantum: { type: 'string' },
            fetch: { type: 'string' },
            root: { type: 'string' },
            env: { type: 'string', multiple: true },
            strace: { type: 'boolean' },
          },
          allowPositionals: true,
          strict: true,
          tokens: true,
        });
        const { file, linux } = linuxSetup('probe', positionals, tokens, values);
        const attachAfter = parseCount('--attach-after', values['attach-after']);
        const detachAfter = parseCount('--detach-after', values['detach-after']);
        const maxInstructions = parseCount('--max-insns', values['max-insns']);
        if (attachAfter !== undefined && detachAfter !== undefined && detachAfter < attachAfter) {
          throw new UsageError('--detach-after must not be smaller than --attach-after');
        }
        const optimizeDelay = parseCount('--optimize-delay', values['optimize-delay']);
        if (optimizeDelay !== undefined && values.optimize !== true)
          throw new UsageError('--optimize-delay needs --optimize');
        const probeCpus = parseCount('--cpus', values.cpus);
        const probeSeed = parseCount('--seed', values.seed);
        const probeQuantum = parseQuantum(values.quantum);
        const probeFetch = parseFetch(values.fetch);
        return probeCommand({
          ...linux,
          file,
          optimize: values.optimize ?? false,
          ...(optimizeDelay === undefined ? {} : { optimizeDelay }),
          ...(probeCpus === undefined ? {} : { cpus: probeCpus }),
          ...(values['entry-per-cpu'] === undefined ? {} : { entryPerCpu: values['entry-per-cpu'] }),
          ...(probeSeed === undefined ? {} : { seed: probeSeed }),
          ...(probeQuantum === undefined ? {} : { quantum: probeQuantum }),
          ...(probeFetch === undefined ? {} : { fetch: probeFetch }),
          at: values.at ?? [],
          everyInsn: values['every-insn'] ?? [],
          everyInsnAll: values['every-insn-all'] ?? false,
          kretprobes: values.kretprobe ?? [],
          strategy: parseStrategy(values.strategy),
          ...(attachAfter === undefined ? {} : { attachAfter }),
          ...(detachAfter === undefined ? {} : { detachAfter }),
          ...(maxInstructions === undefined ? {} : { maxInstructions }),
          ...(values.report === undefined ? {} : { reportFile: values.report }),
        });
      }
      case 'demo':
        return await demo(rest, (s) => process.stdout.write(s));
      case 'explore':
        return await exploreCommand(rest, { out: (s) => process.stdout.write(s), err: process.stderr });
      case '--version':
        process.stdout.write(`${cliVersion()}\n`);
        return 0;
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
    if (error instanceof CommandError) {
      process.stderr.write(`armprobe: ${error.message}\n`);
      return error.status;
    }
    throw error;
  }
}
