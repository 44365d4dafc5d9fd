import { writeFileSync } from 'node:fs';
import { disassembleA32 } from '@armprobe/decoder';
import type { CodeMap, Machine, RunResult } from '@armprobe/emulator';
import { type Kprobe, KprobeError, Kprobes, type Kretprobe } from '@armprobe/kprobes';
import type { Strategy } from '@armprobe/patcher';
import { CommandError, UsageError } from '../errors.js';
import { bootMachine, type MachineSetup } from './machine-setup.js';

export interface ProbeCommandOptions extends MachineSetup {
  /** `SYMBOL` or `SYMBOL+OFF` (OFF decimal or 0x-hex), or a hex address. */
  readonly at: readonly string[];
  readonly everyInsn: readonly string[];
  readonly everyInsnAll: boolean;
  readonly kretprobes: readonly string[];
  readonly strategy: Strategy;
  readonly attachAfter?: number;
  readonly detachAfter?: number;
  readonly maxInstructions?: number;
  readonly reportFile?: string;
  /** Turn probes into optprobes after `optimizeDelay` timer ticks. */
  readonly optimize?: boolean;
  readonly optimizeDelay?: number;
}

export interface ProbeReportEntry {
  readonly address: number;
  readonly symbol: string | null;
  readonly offset: number;
  readonly insn: string;
  readonly action: 'simulate' | 'emulate' | 'reject';
  readonly hits: number;
  readonly missed: number;
  readonly optimized: boolean;
  readonly rejected: string | null;
  /** With --optimize: why the optimizer left this probe a breakpoint. */
  readonly notOptimized?: string;
}

export interface ProbeReport {
  readonly probes: ProbeReportEntry[];
  /** Code ranges asked for but not probed (Thumb code, until Thumb-state probes exist), with the reason. */
  readonly notProbed: NotProbedRange[];
  /** hits: returns seen; entries: entry-probe hits; missed: entries beyond maxactive. */
  readonly kretprobes: { symbol: string; hits: number; entries: number; missed: number }[];
  readonly totals: {
    instructions: number;
    cycles: number;
    hits: number;
    rendezvous: number;
    violations: number;
    spuriousTraps: number;
  };
}

const STRATEGIES: readonly Strategy[] = ['auto', 'direct', 'stop-one', 'stop-all', 'kernel'];

export function parseStrategy(value: string | undefined): Strategy {
  if (value === undefined) return 'auto';
  if ((STRATEGIES as readonly string[]).includes(value)) return value as Strategy;
  throw new UsageError(`--strategy must be one of ${STRATEGIES.join(', ')}, not "${value}"`);
}

/** Code the command was asked to probe but cannot yet (Thumb state): listed in the report, noted on stderr. */
export interface NotProbedRange {
  readonly start: number;
  readonly end: number;
  readonly state: 'thumb';
  readonly section: string;
  readonly reason: string;
}

const THUMB_NOT_YET = 'Thumb code: Thumb-state probes are not supported yet';

/**
 * Where probes go: every requested address, in order, without duplicates — instructions only. `--at` and
 * `--every-insn` refuse a symbol they cannot find, an offset outside the symbol, and data (a literal pool,
 * a section that is not executable) with a `CommandError` naming the address and why; `--every-insn` and
 * `--every-insn-all` take the ARM code ranges of the program's code map (executable sections minus the
 * `$d` ranges) and list the Thumb ones as not probed.
 */
function targets(machine: Machine, options: ProbeCommandOptions): { addresses: number[]; notProbed: NotProbedRange[] } {
  const program = machine.program!;
  const { symbols, code } = program;
  const out: number[] = [];
  const seen = new Set<number>();
  const notProbed: NotProbedRange[] = [];
  const add = (a: number) => {
    if (!seen.has(a)) {
      seen.add(a);
      out.push(a);
    }
  };
  for (const spec of options.at) {
    const m = /^([A-Za-z_.$][\w.$]*)(?:\+(0x[0-9a-fA-F]+|\d+))?$/.exec(spec);
    let address: number;
    if (m) {
      const symbol = symbols.symbol(m[1]!);
      if (symbol === undefined) throw new CommandError(`--at ${spec}: no symbol "${m[1]}" in ${options.file}`, 2);
      const offset = m[2] === undefined ? 0 : Number(m[2]);
      const { start, end } = symbols.extent(symbol);
      if (offset > 0 && start + offset >= end) {
        throw new CommandError(
          `--at ${spec}: 0x${hex(start + offset)} is past the end of ${symbol.name} ` +
            `(0x${hex(start)}, ${end - start} bytes), not part of it`,
          2,
        );
      }
      address = (symbol.address + offset) >>> 0;
    } else if (/^0x[0-9a-fA-F]+$/.test(spec)) address = Number(spec) >>> 0;
    else throw new UsageError(`--at ${spec}: expected SYMBOL, SYMBOL+OFFSET or a 0x address`);
    const why = code.refusal(address & ~3, 4, 'arm');
    if (why !== null) throw new CommandError(`--at ${spec}: ${why}${thumbSuffix(code, address)}`, 2);
    add(address);
  }
  /** Adds the ARM instructions in [from, to), lists the Thumb code there; returns how many ARM words it saw. */
  const probeRange = (from: number, to: number): number => {
    let words = 0;
    for (const r of code.ranges) {
      const start = Math.max(r.start, from);
      const end = Math.min(r.end, to);
      if (start >= end) continue;
      if (r.state === 'thumb') {
        notProbed.push({ start, end, state: 'thumb', section: r.section, reason: THUMB_NOT_YET });
        continue;
      }
      for (let a = (start + 3) & ~3; a + 4 <= end; a += 4) {
        add(a);
        words++;
      }
    }
    return words;
  };
  for (const name of options.everyInsn) {
    const symbol = symbols.symbol(name);
    if (symbol === undefined) throw new CommandError(`--every-insn ${name}: no symbol "${name}" in ${options.file}`, 2);
    const { start, end } = symbols.extent(symbol);
    if (probeRange(start, end) === 0) {
      const why = code.refusal(start, 4, 'arm') ?? `0x${hex(start)} holds no whole ARM instruction`;
      throw new CommandError(`--every-insn ${name}: ${why}${thumbSuffix(code, start)}`, 2);
    }
  }
  if (options.everyInsnAll) probeRange(0, 2 ** 32);
  return { addresses: out, notProbed };
}

/** `: Thumb-state probes are not supported yet` when the address is Thumb code. */
function thumbSuffix(code: CodeMap, address: number): string {
  const place = code.at(address);
  return place.kind === 'code' && place.range.state === 'thumb' ? ': Thumb-state probes are not supported yet' : '';
}

function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

interface Planned {
  readonly address: number;
  probe: Kprobe | null;
  rejected: string | null;
}

/**
 * `armprobe probe`: runs a program with kprobes on it. Guest output and exit status are the program's
 * own; the report (`--report`) lists every probe with its hits.
 */
export function probeCommand(
  options: ProbeCommandOptions,
  write: (s: string) => void = (s) => process.stderr.write(s),
): number {
  const machine = bootMachine(
    options,
    {
      onStdout: (b) => process.stdout.write(b),
      onStderr: (b) => process.stderr.write(b),
      onWarning: (m) => write(`armprobe: ${m}\n`),
    },
    write,
  );
  if (typeof machine === 'number') return machine;
  const { addresses, notProbed } = targets(machine, options);
  if (addresses.length === 0 && options.kretprobes.length === 0) {
    if (notProbed.length > 0) {
      throw new CommandError(`nothing to probe: the program's code is Thumb code (${THUMB_NOT_YET})`, 1);
    }
    throw new UsageError('nothing to probe: give --at, --every-insn, --every-insn-all or --kretprobe');
  }
  if (notProbed.length > 0) {
    const bytes = notProbed.reduce((n, r) => n + r.end - r.start, 0);
    write(
      `armprobe: not probed: ${notProbed.length} Thumb code range${notProbed.length === 1 ? '' : 's'} ` +
        `(${bytes} bytes; Thumb-state probes are not supported yet)\n`,
    );
  }
  const kprobes = new Kprobes(machine, {
    strategy: options.strategy,
    optimize: options.optimize ?? false,
    ...(options.optimizeDelay === undefined ? {} : { optimizeDelay: options.optimizeDelay }),
  });
  const planned: Planned[] = addresses.map((address) => ({ address, probe: null, rejected: null }));
  const kretprobes: { symbol: string; rp: Kretprobe }[] = [];
  const attach = () =>
    kprobes.batch(() => {
      for (const p of planned) {
        try {
          p.probe = kprobes.register({ address: p.address });
        } catch (error) {
          if (!(error instanceof KprobeError)) throw error;
          p.rejected = error.message;
        }
      }
      for (const symbol of options.kretprobes) {
        try {
          kretprobes.push({ symbol, rp: kprobes.registerKretprobe({ symbol, handler: () => {} }) });
        } catch (error) {
          if (!(error instanceof KprobeError)) throw error;
          throw new CommandError(`--kretprobe ${symbol}: ${error.message}`, 2);
        }
      }
    });
  const detach = () =>
    kprobes.batch(() => {
      for (const p of planned) if (p.probe?.registered) kprobes.unregister(p.probe);
      for (const k of kretprobes) if (k.rp.entryProbe.registered) kprobes.unregisterKretprobe(k.rp);
    });

  const limit = options.maxInstructions ?? Number.POSITIVE_INFINITY;
  let executed = 0;
  let cycles = 0;
  const runUntil = (total: number): RunResult | null => {
    const budget = Math.min(total, limit) - executed;
    if (budget <= 0) return null;
    const r = machine.run({ maxInstructions: budget });
    executed += r.instructions;
    cycles += r.cycles;
    return r.reason === 'limit' && executed < limit ? null : r;
  };
  let result: RunResult | null = null;
  if (options.attachAfter !== undefined) result = runUntil(options.attachAfter);
  if (result === null) {
    attach();
    if (options.detachAfter !== undefined) {
      result = runUntil(options.detachAfter);
      if (result === null) detach();
    }
    result ??= runUntil(Number.POSITIVE_INFINITY);
  }
  if (result === null) throw new Error('unreachable: the run ended without a result');

  if (options.reportFile !== undefined) {
    const stats = kprobes.statistics();
    const report: ProbeReport = {
      probes: planned.map((p) => {
        const word = machine.memory.peek32(p.address);
        const probe = p.probe;
        const at = machine.program!.symbols.lookup(p.address);
        return {
          address: p.address,
          symbol: at?.symbol.name ?? null,
          offset: at?.offset ?? 0,
          insn: disassembleA32(probe?.word ?? word, p.address).text,
          action: probe === null ? 'reject' : probe.decision.action,
          hits: probe?.hits ?? 0,
          missed: probe?.missed ?? 0,
          optimized: probe?.optimized ?? false,
          rejected: p.rejected,
          ...(probe !== null && options.optimize && !probe.optimized && probe.notOptimized !== null
            ? { notOptimized: probe.notOptimized }
            : {}),
        };
      }),
      notProbed,
      kretprobes: kretprobes.map((k) => ({
        symbol: k.symbol,
        hits: k.rp.hits,
        entries: k.rp.entryProbe.hits,
        missed: k.rp.missed,
      })),
      totals: {
        instructions: executed,
        cycles,
        hits: stats.hits,
        rendezvous: stats.rendezvous,
        violations: machine.violations().length,
        spuriousTraps: stats.spuriousTraps,
      },
    };
    writeFileSync(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
  }
  switch (result.reason) {
    case 'exit':
      return result.status ?? 0;
    case 'fault':
      if (result.status !== null) return result.status;
      write(`armprobe: ${result.error?.message ?? result.fault?.message ?? 'guest fault'}\n`);
      return 1;
    case 'limit':
      write(`armprobe: stopped after ${executed} instructions (--max-insns)\n`);
      return 124;
    default:
      write(`armprobe: machine stopped (${result.reason}) without the guest exiting\n`);
      return 1;
  }
}
