import { writeFileSync } from 'node:fs';
import { disassembleA32, disassembleThumb, isThumb32, itAdvance } from '@armprobe/decoder';
import type { CodeRange, Machine, RunResult } from '@armprobe/emulator';
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
  /** The instruction set state the instruction is probed in. */
  readonly isa: 'arm' | 'thumb';
  readonly symbol: string | null;
  readonly offset: number;
  /** As objdump prints it (a Thumb instruction in an IT block with its condition). */
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

/** An instruction to probe: its address, state, and (Thumb) the IT state it runs under. */
interface Target {
  readonly address: number;
  readonly isa: 'arm' | 'thumb';
  readonly itState: number;
}

/**
 * The instructions of a Thumb code range, decoded in order from its start (a `$t` mapping symbol, an
 * instruction boundary) as objdump does: start address, and the IT state each runs under.
 */
function thumbTargets(machine: Machine, range: CodeRange): Target[] {
  const out: Target[] = [];
  let itState = 0;
  for (let a = range.start; a + 2 <= range.end; ) {
    const hw1 = machine.memory.peek16(a);
    const wide = isThumb32(hw1);
    if (wide && a + 4 > range.end) break;
    out.push({ address: a, isa: 'thumb', itState });
    itState = !wide && (hw1 & 0xff00) === 0xbf00 && (hw1 & 0xf) !== 0 ? hw1 & 0xff : itAdvance(itState);
    a += wide ? 4 : 2;
  }
  return out;
}

/**
 * Where probes go: every requested instruction, in order, without duplicates — instructions only, in
 * their own state (ARM words, Thumb instruction starts). `--at` and `--every-insn` refuse a symbol they
 * cannot find, an offset outside the symbol, and data (a literal pool, a section that is not executable)
 * with a `CommandError` naming the address and why; `--every-insn` and `--every-insn-all` take the code
 * ranges of the program's code map (executable sections minus the `$d` ranges), ARM and Thumb.
 */
function targets(machine: Machine, options: ProbeCommandOptions): Target[] {
  const program = machine.program!;
  const { symbols, code } = program;
  // Without mapping symbols (stripped of its local symbols, or of everything) nothing says which bytes of the
  // code are literal pools, nor (without function symbols) where Thumb code is: probing every instruction
  // would write breakpoints into data.
  const unmapped = symbols.mappingSymbols.length === 0;
  if (unmapped && (options.everyInsn.length > 0 || options.everyInsnAll)) {
    const flag = options.everyInsnAll ? '--every-insn-all' : `--every-insn ${options.everyInsn[0]}`;
    throw new CommandError(
      `${flag}: ${options.file} has no mapping symbols ($a, $t, $d: stripped?), so its instructions cannot be told ` +
        'from the literal pools between them; probe a build with its symbols, or single instructions with --at',
      2,
    );
  }
  const out: Target[] = [];
  const seen = new Set<number>();
  const add = (t: Target) => {
    if (!seen.has(t.address)) {
      seen.add(t.address);
      out.push(t);
    }
  };
  const thumbRanges = new Map<number, Target[]>();
  const thumbOf = (range: CodeRange): Target[] => {
    let list = thumbRanges.get(range.start);
    if (list === undefined) {
      list = thumbTargets(machine, range);
      thumbRanges.set(range.start, list);
    }
    return list;
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
      address = ((symbol.address & ~1) + offset) >>> 0;
    } else if (/^0x[0-9a-fA-F]+$/.test(spec)) {
      // Bit 0 set is a Thumb code pointer: the instruction is at the even address.
      const raw = Number(spec) >>> 0;
      address = code.rangeAt((raw & ~1) >>> 0)?.state === 'thumb' ? (raw & ~1) >>> 0 : raw;
    } else throw new UsageError(`--at ${spec}: expected SYMBOL, SYMBOL+OFFSET or a 0x address`);
    const range = code.rangeAt(address);
    if (range?.state === 'thumb') {
      const t = thumbOf(range).find((x) => x.address === address);
      if (t === undefined) {
        throw new CommandError(
          `--at ${spec}: 0x${hex(address)} is not the start of a Thumb instruction (it is inside a 32-bit one)`,
          2,
        );
      }
      add(t);
      continue;
    }
    const why = code.refusal(address & ~3, 4, 'arm');
    if (why !== null) throw new CommandError(`--at ${spec}: ${why}`, 2);
    add({ address, isa: 'arm', itState: 0 });
  }
  /** Adds the instructions in [from, to) of both states; returns how many it saw. */
  const probeRange = (from: number, to: number): number => {
    let count = 0;
    for (const r of code.ranges) {
      const start = Math.max(r.start, from);
      const end = Math.min(r.end, to);
      if (start >= end) continue;
      if (r.state === 'thumb') {
        for (const t of thumbOf(r)) {
          if (t.address < start || t.address >= end) continue;
          add(t);
          count++;
        }
        continue;
      }
      for (let a = (start + 3) & ~3; a + 4 <= end; a += 4) {
        add({ address: a, isa: 'arm', itState: 0 });
        count++;
      }
    }
    return count;
  };
  for (const name of options.everyInsn) {
    const symbol = symbols.symbol(name);
    if (symbol === undefined) throw new CommandError(`--every-insn ${name}: no symbol "${name}" in ${options.file}`, 2);
    const { start, end } = symbols.extent(symbol);
    if (probeRange(start, end) === 0) {
      const state = code.rangeAt(start)?.state ?? 'arm';
      const why = code.refusal(start, state === 'thumb' ? 2 : 4, state) ?? `0x${hex(start)} holds no whole instruction`;
      throw new CommandError(`--every-insn ${name}: ${why}`, 2);
    }
  }
  if (options.everyInsnAll) probeRange(0, 2 ** 32);
  return out;
}

/** The instruction at a target as objdump prints it. */
function instructionText(machine: Machine, t: Target): string {
  const memory = machine.memory;
  if (t.isa === 'arm') return disassembleA32(memory.peek32(t.address), t.address).text;
  return disassembleThumb(memory.peek16(t.address), memory.peek16(t.address + 2), t.address, t.itState).text;
}

function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

interface Planned {
  readonly target: Target;
  /** Read before the probes go in (the text holds breakpoints while they are armed). */
  readonly insn: string;
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
  const wanted = targets(machine, options);
  if (wanted.length === 0 && options.kretprobes.length === 0) {
    throw new UsageError('nothing to probe: give --at, --every-insn, --every-insn-all or --kretprobe');
  }
  const kprobes = new Kprobes(machine, {
    strategy: options.strategy,
    optimize: options.optimize ?? false,
    ...(options.optimizeDelay === undefined ? {} : { optimizeDelay: options.optimizeDelay }),
  });
  const planned: Planned[] = wanted.map((target) => ({
    target,
    insn: instructionText(machine, target),
    probe: null,
    rejected: null,
  }));
  const kretprobes: { symbol: string; rp: Kretprobe }[] = [];
  const attach = () =>
    kprobes.batch(() => {
      for (const p of planned) {
        try {
          const { address, isa } = p.target;
          // Bit 0 asks for Thumb state, as a Thumb code pointer does.
          p.probe = kprobes.register({ address: isa === 'thumb' ? address | 1 : address });
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
        const probe = p.probe;
        const { address, isa } = p.target;
        const at = machine.program!.symbols.lookup(address);
        return {
          address,
          isa,
          symbol: at?.symbol.name ?? null,
          offset: at?.offset ?? 0,
          insn: p.insn,
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
