/**
 * `optprobe`: kprobes with the optimizer on the hot loop: four probes registered while every CPU runs the
 * loop, turned into optprobes (a branch to a trampoline) two ticks later, then unregistered under load.
 */
import { Random } from '@armprobe/emulator';
import { Kprobes } from '@armprobe/kprobes';
import { CODE, F, hotLoop, L0, SA, SB, T1, T2 } from '../hot-loop.js';
import { outcome, patchCounters, type Scenario, type SeedOutcome, type SeedRun } from './scenario.js';

/** The kprobes area: within branch range of the loop (the default is placed for ELF programs). */
const AREA = CODE + 0x100000;
const PROBED = [SA, F, T1, T2];

/**
 * Violations: `cmodx-*`; `trap-race` (a breakpoint trap that found no probe: kprobes re-executes, Linux would
 * SIGILL); `wrong-count` (a CPU whose iteration counters disagree at the end: an execution of a probed
 * instruction lost or doubled). SB holds the kernel NOP and is never patched, so per CPU r1 (passes) equals
 * r5 (SA) and r2 (F), up to where the CPU stopped in the loop.
 */
function optprobe({ seed, strategy, cpus, memory }: SeedRun): SeedOutcome {
  const loop = hotLoop({ seed, cpus, tickPeriod: 2_000, breakpointHook: false, ...(memory ? { memory } : {}) });
  const m = loop.machine;
  const kprobes = new Kprobes(m, { strategy, optimize: true, optimizeDelay: 2, areaBase: AREA });
  const rng = new Random(seed * 31 + 7);
  loop.run(cpus * (200 + rng.below(200)));
  const from = patchCounters(m);
  const probes = kprobes.batch(() => PROBED.map((address) => kprobes.register({ address })));
  // CPU 0's ticks drive the optimizer: run until it has turned the probes into optprobes.
  for (let i = 0; i < 40 && !probes.every((p) => p.optimized); i++) loop.run(1_000 * cpus);
  if (!probes.every((p) => p.optimized)) throw new Error(`optprobe seed ${seed} (${cpus} CPUs): not optimised`);
  loop.run(cpus * (200 + rng.below(200)));
  kprobes.batch(() => {
    for (const p of probes) kprobes.unregister(p);
  });
  // Long enough for every CPU to leave any trampoline and come round the loop.
  loop.run(cpus * 2_000);
  let wrong = 0;
  for (const cpu of m.cpus) {
    const pc = cpu.pc >>> 0;
    const r = cpu.regs;
    if (pc < L0 || pc > T2 + 4) {
      wrong++; // still outside the loop after 2,000 instructions per CPU: lost in a trampoline or slot
      continue;
    }
    const passes = r[1]!;
    if (passes - r[5]! !== (pc === SA ? 1 : 0)) wrong++;
    else if (passes - r[2]! !== (pc === SA || pc === SB || pc === F ? 1 : 0)) wrong++;
  }
  const stats = kprobes.statistics();
  return outcome(m, from, stats.writes, {
    'trap-race': stats.spuriousTraps,
    'wrong-count': wrong,
    'guest-fault': loop.faults,
  });
}

export const OPTPROBE: Scenario = {
  name: 'optprobe',
  description: 'register 4 probes on the running loop, let the optimizer turn them into optprobes, unregister them',
  unavailable: null,
  run: optprobe,
};
