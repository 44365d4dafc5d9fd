import { readFileSync } from 'node:fs';
import { Machine } from '@armprobe/emulator';
import { type Kprobe, Kprobes, type Kretprobe } from '@armprobe/kprobes';
import { type ExecutionReport, execute, StaticKey, type Strategy } from '@armprobe/patcher';
import { UsageError } from '../errors.js';
import { parseCount } from './run.js';

/** The workload: fixtures/programs/src/demo-workload.c, copied next to the CLI by its build. */
const WORKLOAD = new URL('./demo-workload.elf', import.meta.url);

export interface DemoOptions {
  readonly cpus: number;
  readonly seed: number;
  readonly items: number;
  readonly json: boolean;
}

interface ProbeSummary {
  readonly symbol: string;
  readonly hits: number;
  readonly missed: number;
  readonly optimized: boolean;
  readonly why: string | null;
  readonly note: string;
}

/** What one run of the scripted sequence produced. */
export interface DemoRun {
  readonly strategy: Strategy;
  readonly stdout: string;
  readonly status: number | null;
  readonly probes: ProbeSummary[];
  readonly kretprobe: { symbol: string; returns: number; missed: number; largest: number };
  readonly tracedItems: number;
  readonly patches: { plans: number; rendezvous: number; directWrites: number; writes: number };
  readonly jumpLabel: { flips: number; rendezvous: number; direct: number };
  readonly violations: number;
  readonly instructions: number;
  /** Emulated cycles of every CPU, rendezvous latency included. */
  readonly cycles: number;
  /** Of which: CPUs waiting in and for stop_machine rendezvous. */
  readonly rendezvousCycles: number;
  readonly hostSeconds: number;
  readonly optimizedPeak: number;
}

export function parseDemoArgs(values: { cpus?: string; seed?: string; items?: string; json?: boolean }): DemoOptions {
  const cpus = parseCount('--cpus', values.cpus) ?? 4;
  if (cpus < 1 || cpus > 64) throw new UsageError('--cpus must be 1–64');
  const items = parseCount('--items', values.items) ?? 2000;
  if (items < 1 || items > 1_000_000) throw new UsageError('--items must be 1–1000000');
  return { cpus, seed: parseCount('--seed', values.seed) ?? 1, items, json: values.json ?? false };
}

const PHASES = ['attach probes', 'optimise', 'jump label on', 'jump label off', 'remove everything', 'finish'] as const;

/** A timer tick every 10,000 cycles (the optimizer waits 5 ticks), so short workloads see the optimizer. */
const DEMO_TICK_PERIOD = 10_000;
/** Guest instructions per work item, measured on the workload (about 535), for pacing the phases. */
const INSTRUCTIONS_PER_ITEM = 535;

/**
 * The scripted sequence on a fresh machine: attach probes while the workload runs, let the optimizer turn
 * them into optprobes, flip a jump label on and off, remove everything, run to the end.
 */
export function demoRun(options: DemoOptions, strategy: Strategy, progress: (line: string) => void): DemoRun {
  const bytes = new Uint8Array(readFileSync(WORKLOAD));
  let stdout = '';
  const decoder = new TextDecoder();
  const machine = new Machine({
    cpus: options.cpus,
    seed: options.seed,
    fetch: 'architectural',
    tickPeriod: DEMO_TICK_PERIOD,
    onStdout: (b) => {
      stdout += decoder.decode(b);
    },
  });
  const program = machine.loadElf(bytes);
  const symbol = (name: string): number => {
    const a = program.symbols.address(name);
    if (a === undefined) throw new Error(`demo workload has no symbol ${name}`);
    return a;
  };
  machine.memory.poke32(symbol('work_items'), options.items);
  machine.startSmp({ entry: 'cpu_entry', cpus: options.cpus });

  const kprobes = new Kprobes(machine, { strategy, optimize: true });
  // Handlers that count calls and look at arguments.
  const seen = { items: new Set<number>(), lengths: 0, buckets: new Array<number>(16).fill(0), published: 0 };
  const probes: { symbol: string; probe: Kprobe | null; note: () => string }[] = [
    { symbol: 'work_item', probe: null, note: () => `${seen.items.size} distinct items seen in r0` },
    { symbol: 'checksum', probe: null, note: () => `${seen.lengths} bytes checksummed (r1 summed)` },
    {
      symbol: 'hist_add',
      probe: null,
      note: () => `busiest bucket ${seen.buckets.indexOf(Math.max(...seen.buckets))}`,
    },
    { symbol: 'publish', probe: null, note: () => `${seen.published} results published` },
  ];
  const returns: number[] = [];
  let rp: Kretprobe | null = null;
  let optimizedPeak = 0;
  const key = new StaticKey({
    nop: strategy === 'kernel' ? 'kernel' : 'architected',
    sites: [{ address: symbol('jump_label_site'), target: symbol('jump_label_target') }],
  });
  const jumpLabel = { flips: 0, rendezvous: 0, direct: 0 };
  const flip = (enable: boolean) => {
    const update = enable ? key.enable() : key.disable();
    const report: ExecutionReport = execute(update.plan, machine);
    jumpLabel.flips++;
    jumpLabel.rendezvous += report.rendezvous;
    jumpLabel.direct += update.plan.directCount;
  };

  // The kernel's jump labels start as `mov r0, r0`: put that NOP in before the run for the kernel policy.
  if (strategy === 'kernel') machine.memory.poke32(symbol('jump_label_site'), 0xe1a00000);

  const t0 = performance.now();
  let executed = 0;
  let result: ReturnType<Machine['run']> | null = null;
  const step = (budget: number) => {
    if (result !== null) return;
    const r = machine.run({ maxInstructions: budget });
    executed += r.instructions;
    if (r.reason !== 'limit') result = r;
  };
  const report = (phase: string) => {
    const optimized = probes.filter((p) => p.probe?.optimized).length + (rp?.entryProbe.optimized ? 1 : 0);
    optimizedPeak = Math.max(optimizedPeak, optimized);
    const hits = kprobes.statistics().hits;
    progress(
      `[${strategy.padEnd(6)}] ${phase.padEnd(18)} ${(executed / 1e6).toFixed(2)}M insns  hits ${hits}  optimised ${optimized}/5  rendezvous ${kprobes.statistics().rendezvous + jumpLabel.rendezvous}  violations ${machine.violations().length}`,
    );
  };

  // Phases at fractions of the expected run: attach at 5%, optimise until 35%, jump label on to 55%, off,
  // everything removed at 65%, then the rest.
  const slice = Math.max(2_000, Math.round((options.items * INSTRUCTIONS_PER_ITEM) / 20));
  step(slice);
  report(PHASES[0]);
  kprobes.batch(() => {
    for (const p of probes) {
      p.probe = kprobes.register({
        symbol: p.symbol,
        pre: (_probe, regs) => {
          if (p.symbol === 'work_item') seen.items.add(regs.r(0));
          else if (p.symbol === 'checksum') seen.lengths += regs.r(1);
          else if (p.symbol === 'hist_add') seen.buckets[regs.r(0) & 15]!++;
          else seen.published++;
        },
      });
    }
    rp = kprobes.registerKretprobe({ symbol: 'fib', handler: (_ri, regs) => void returns.push(regs.r(0)) });
  });
  for (let i = 0; i < 6 && result === null; i++) {
    step(slice);
    report(PHASES[1]);
  }
  flip(true);
  step(slice * 4);
  report(PHASES[2]);
  flip(false);
  step(slice * 2);
  report(PHASES[3]);
  kprobes.batch(() => {
    for (const p of probes) if (p.probe?.registered) kprobes.unregister(p.probe);
    const kret = rp as Kretprobe | null;
    if (kret?.entryProbe.registered) kprobes.unregisterKretprobe(kret);
  });
  report(PHASES[4]);
  while (result === null) step(1_000_000);
  report(PHASES[5]);
  const hostSeconds = (performance.now() - t0) / 1000;
  const finished = result as ReturnType<Machine['run']>;
  const stats = kprobes.statistics();
  const kret = rp as Kretprobe | null;
  return {
    strategy,
    stdout,
    status: finished.status,
    probes: probes.map((p) => ({
      symbol: p.symbol,
      hits: p.probe?.hits ?? 0,
      missed: p.probe?.missed ?? 0,
      optimized: p.probe?.everOptimized ?? false,
      why: p.probe?.notOptimized ?? null,
      note: p.note(),
    })),
    kretprobe: {
      symbol: 'fib',
      returns: kret?.hits ?? 0,
      missed: kret?.missed ?? 0,
      largest: returns.length === 0 ? 0 : Math.max(...returns),
    },
    tracedItems: machine.memory.peek32(symbol('traced_items')),
    patches: {
      plans: stats.plans,
      rendezvous: stats.rendezvous,
      directWrites: stats.directWrites,
      writes: stats.writes,
    },
    jumpLabel,
    violations: machine.violations().length,
    instructions: executed,
    cycles: machine.cycles(),
    rendezvousCycles: machine.statistics().rendezvous.cycles,
    hostSeconds,
    optimizedPeak,
  };
}

/** `armprobe demo`: the main job. Returns the exit status. */
export async function demo(argv: readonly string[], write: (s: string) => void): Promise<number> {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    args: [...argv],
    options: {
      cpus: { type: 'string' },
      seed: { type: 'string' },
      items: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  const options = parseDemoArgs(values);
  const tty = !options.json && process.stderr.isTTY === true;
  const progress = (line: string) => {
    if (options.json) return;
    if (tty) process.stderr.write(`\r${line.padEnd(118).slice(0, 118)}`);
    else write(`${line}\n`);
  };
  const reference = plainRun(options);
  const auto = demoRun(options, 'auto', progress);
  const kernel = demoRun(options, 'kernel', progress);
  if (tty) process.stderr.write('\n');
  const summary = {
    cpus: options.cpus,
    seed: options.seed,
    items: options.items,
    outputIdentical: auto.stdout === reference && kernel.stdout === reference,
    status: auto.status,
    hits: auto.probes.reduce((s, p) => s + p.hits, 0),
    optimized: auto.probes.filter((p) => p.optimized).length,
    rendezvous: auto.patches.rendezvous + auto.jumpLabel.rendezvous,
    kernelRendezvous: kernel.patches.rendezvous + kernel.jumpLabel.rendezvous,
    violations: auto.violations,
    kernelViolations: kernel.violations,
    auto,
    kernel,
  };
  if (options.json) {
    write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    write(render(summary));
  }
  return auto.status === 0 && summary.violations === 0 && summary.outputIdentical ? 0 : 1;
}

/** The workload alone on the same machine: the output every probed run must reproduce. */
function plainRun(options: DemoOptions): string {
  let stdout = '';
  const decoder = new TextDecoder();
  const machine = new Machine({
    cpus: options.cpus,
    seed: options.seed,
    fetch: 'architectural',
    onStdout: (b) => {
      stdout += decoder.decode(b);
    },
  });
  const program = machine.loadElf(new Uint8Array(readFileSync(WORKLOAD)));
  machine.memory.poke32(program.symbols.address('work_items')!, options.items);
  machine.startSmp({ entry: 'cpu_entry', cpus: options.cpus });
  machine.run();
  return stdout;
}

function render(s: {
  outputIdentical: boolean;
  cpus: number;
  seed: number;
  items: number;
  auto: DemoRun;
  kernel: DemoRun;
  rendezvous: number;
  kernelRendezvous: number;
  violations: number;
}): string {
  const a = s.auto;
  const lines: string[] = [];
  lines.push('');
  lines.push(`armprobe demo: ${s.cpus} CPUs (architectural fetch model), seed ${s.seed}, ${s.items} work items`);
  lines.push('');
  lines.push(`workload output (${s.outputIdentical ? 'identical' : 'DIFFERENT'} with and without probes):`);
  for (const l of a.stdout.trimEnd().split('\n')) lines.push(`  ${l}`);
  lines.push('');
  lines.push('probes                 hits   missed  optprobe  what the handler saw');
  for (const p of a.probes) {
    lines.push(
      `  ${p.symbol.padEnd(18)} ${String(p.hits).padStart(6)}  ${String(p.missed).padStart(6)}  ${(p.optimized ? 'yes' : 'no').padEnd(8)}  ${p.note}${p.why ? ` (not optimised: ${p.why})` : ''}`,
    );
  }
  lines.push(
    `  kretprobe ${a.kretprobe.symbol.padEnd(8)} ${String(a.kretprobe.returns).padStart(6)}  ${String(a.kretprobe.missed).padStart(6)}            largest return value ${a.kretprobe.largest}`,
  );
  lines.push('');
  lines.push(
    `jump label: ${a.jumpLabel.flips} flips, ${a.jumpLabel.direct} direct writes, ${a.jumpLabel.rendezvous} rendezvous; ${a.tracedItems} items traced while on`,
  );
  lines.push(
    `patches: ${a.patches.plans} plans, ${a.patches.writes} words written (${a.patches.directWrites} direct), ${a.patches.rendezvous} rendezvous`,
  );
  lines.push('');
  lines.push(
    `rendezvous (stop_machine): armprobe auto ${s.rendezvous}  vs  kernel per-word policy ${s.kernelRendezvous}`,
  );
  lines.push(`CMODX violations: ${s.violations} (kernel policy run: ${s.kernel.violations})`);
  lines.push(
    `emulated time: ${(a.cycles / 1e6).toFixed(2)}M cycles (${(a.rendezvousCycles / 1e3).toFixed(1)}k in rendezvous); kernel policy: ${(s.kernel.cycles / 1e6).toFixed(2)}M cycles (${(s.kernel.rendezvousCycles / 1e3).toFixed(1)}k in rendezvous)`,
  );
  lines.push(`host time: ${a.hostSeconds.toFixed(2)} s for ${(a.instructions / 1e6).toFixed(2)}M guest instructions`);
  lines.push('');
  return lines.join('\n');
}
