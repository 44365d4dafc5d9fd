/**
 * `user`: the user's own SMP program (`--elf FILE --entry-per-cpu SYM --probe SYM[+OFF]…`), probed while it
 * runs: the probes are registered after the first instructions, unregistered later, and the program runs to
 * its end. Compared with the same program and seed run without probes (output and exit status).
 */
import { Machine } from '@armprobe/emulator';
import { Kprobes } from '@armprobe/kprobes';
import {
  outcome,
  patchCounters,
  type Scenario,
  type SeedOutcome,
  type SeedRun,
  type UserWorkload,
} from './scenario.js';

/** A bad `--probe` place or workload, named. */
export class WorkloadError extends Error {
  override readonly name = 'WorkloadError';
}

/** `SYMBOL` or `SYMBOL+OFFSET` (decimal or 0x hex). */
export function parseProbePlace(text: string): { symbol: string; offset: number } {
  const m = /^([A-Za-z_.$][\w.$]*)(?:\+(0x[0-9a-fA-F]+|\d+))?$/.exec(text);
  if (m === null) throw new WorkloadError(`--probe ${JSON.stringify(text)}: expected SYMBOL or SYMBOL+OFFSET`);
  return { symbol: m[1]!, offset: m[2] === undefined ? 0 : Number(m[2]) };
}

const ATTACH_AFTER = 5_000;
const DETACH_AFTER = 60_000;

interface Run {
  readonly out: string;
  readonly status: number | null;
  readonly reason: string;
  readonly machine: Machine;
}

function boot(w: UserWorkload, seed: number, cpus: number): { machine: Machine; out: () => string } {
  let out = '';
  const decoder = new TextDecoder();
  const machine = new Machine({
    cpus,
    seed,
    fetch: 'architectural',
    tickPeriod: 2_000,
    trapWindow: 300,
    onStdout: (b) => {
      out += decoder.decode(b, { stream: true });
    },
  });
  machine.loadElf(w.elf, { argv: [w.name] });
  if (machine.program?.symbols.resolve(w.entryPerCpu) === undefined) {
    throw new WorkloadError(`${w.name}: no symbol ${w.entryPerCpu} for --entry-per-cpu`);
  }
  machine.startSmp({ entry: w.entryPerCpu, cpus });
  return { machine, out: () => out };
}

function finish(machine: Machine, out: () => string, w: UserWorkload, done: number): Run {
  const r = machine.run({ maxInstructions: Math.max(0, (w.maxInstructions ?? 50_000_000) - done) });
  return { out: out(), status: r.status, reason: r.reason, machine };
}

/** The same program and seed run without probes. */
function reference(w: UserWorkload, seed: number, cpus: number): Run {
  const { machine, out } = boot(w, seed, cpus);
  return finish(machine, out, w, 0);
}

/**
 * Violations: `cmodx-*`, `trap-race` (a breakpoint trap that found no probe), `output-changed` (stdout or exit
 * status differ from the unprobed run with the same seed), `guest-fault` (the program faulted).
 */
function user({ seed, strategy, cpus, user: w }: SeedRun): SeedOutcome {
  if (w === undefined) throw new WorkloadError('the user scenario needs --elf, --entry-per-cpu and --probe');
  if (w.probes.length === 0) throw new WorkloadError('the user scenario needs at least one --probe');
  const places = w.probes.map(parseProbePlace);
  const { machine, out } = boot(w, seed, cpus);
  machine.run({ maxInstructions: ATTACH_AFTER });
  const kprobes = new Kprobes(machine, { strategy });
  const from = patchCounters(machine);
  const probes = kprobes.batch(() => places.map((p) => kprobes.register(p)));
  machine.run({ maxInstructions: DETACH_AFTER });
  kprobes.batch(() => {
    for (const p of probes) kprobes.unregister(p);
  });
  const run = finish(machine, out, w, ATTACH_AFTER + DETACH_AFTER);
  const ref = reference(w, seed, cpus);
  const stats = kprobes.statistics();
  return outcome(machine, from, stats.writes, {
    'trap-race': stats.spuriousTraps,
    'output-changed': run.out !== ref.out || run.status !== ref.status ? 1 : 0,
    'guest-fault': run.reason === 'fault' && ref.reason !== 'fault' ? 1 : 0,
  });
}

export const USER: Scenario = {
  name: 'user',
  description: 'your SMP program (--elf, --entry-per-cpu), probed at --probe places while it runs',
  unavailable: null,
  run: user,
};
