/**
 * `npm run bench -w @armprobe/patcher`: what batching and the safe set buy on the emulator's 4-CPU
 * architectural-fetch machine (bench/workload.ts).
 *
 * 1. 1,000 kprobe breakpoints attached to and detached from a loop the 4 CPUs are running, `auto` vs
 *    `kernel`: rendezvous, emulated cycles (the machine's clock: all CPUs), host time for plan + execute;
 *    for both ways a CPU joins a rendezvous (`tick`: at its next timer tick, every 100,000 cycles;
 *    `ipi`: after an IPI).
 * 2. Jump-label flips (StaticKey enable/disable) with the architected NOP and the kernel's `mov r0, r0`.
 */
import { ARCHITECTED_NOP, execute, KERNEL_JUMP_LABEL_NOP, plan, StaticKey, type Strategy } from '../src/index.js';
import { PROBES, REGION_INSTRUCTIONS, workload } from './workload.js';

type Preemption = 'tick' | 'ipi';
const RUN = 20_000; // instructions (all CPUs) before the attach, between attach and detach
/** Host times are the best of this many fresh runs (emulated cycles are deterministic: checked equal). */
const REPS = 5;

function pad(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i]!)).join('  ');
}
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function breakpoints(strategy: Strategy, preemption: Preemption) {
  const runs = Array.from({ length: REPS }, () => breakpointsOnce(strategy, preemption));
  const first = runs[0]!;
  for (const r of runs) {
    if (r.attachCycles !== first.attachCycles || r.detachCycles !== first.detachCycles) {
      throw new Error('emulated cycles differ between identical runs');
    }
  }
  return {
    ...first,
    attachMs: Math.min(...runs.map((r) => r.attachMs)),
    detachMs: Math.min(...runs.map((r) => r.detachMs)),
  };
}

/** Host time includes planning: `plan` + `execute`. */
function breakpointsOnce(strategy: Strategy, preemption: Preemption) {
  const w = workload({ seed: 1, preemption });
  const m = w.machine;
  m.run({ maxInstructions: RUN });
  let t = performance.now();
  const attach = execute(plan(w.attach, { strategy, cpus: 4 }), m);
  const attachMs = performance.now() - t;
  m.run({ maxInstructions: RUN });
  t = performance.now();
  const detach = execute(plan(w.detach, { strategy, cpus: 4 }), m);
  const detachMs = performance.now() - t;
  const stats = m.statistics();
  return {
    rendezvous: attach.rendezvous + detach.rendezvous,
    machineRendezvous: stats.rendezvous.count,
    attachCycles: attach.cycles!,
    detachCycles: detach.cycles!,
    attachMs,
    detachMs,
    violations: m.violations().length,
    hits: w.hits.reduce((a, b) => a + b, 0),
    races: w.races,
  };
}

console.log(
  `1,000 breakpoints on a ${REGION_INSTRUCTIONS}-instruction loop run by 4 CPUs (architectural fetch), attached then detached`,
);
console.log(`cycles: the machine clock (sum over CPUs) during execute; ms: plan + execute, best of ${REPS}`);
const widths = [10, 7, 11, 14, 14, 14, 10, 10, 11, 6];
console.log(
  pad(
    [
      'preemption',
      'plan',
      'rendezvous',
      'attach cyc',
      'detach cyc',
      'total cyc',
      'attach ms',
      'detach ms',
      'violations',
      'races',
    ],
    widths,
  ),
);
for (const preemption of ['tick', 'ipi'] as const) {
  const rows: Record<string, ReturnType<typeof breakpoints>> = {};
  for (const strategy of ['auto', 'kernel'] as const) {
    const r = breakpoints(strategy, preemption);
    rows[strategy] = r;
    if (r.machineRendezvous !== r.rendezvous) throw new Error('machine and report disagree on rendezvous');
    console.log(
      pad(
        [
          preemption,
          strategy,
          r.rendezvous,
          fmt(r.attachCycles),
          fmt(r.detachCycles),
          fmt(r.attachCycles + r.detachCycles),
          r.attachMs.toFixed(1),
          r.detachMs.toFixed(1),
          r.violations,
          r.races,
        ],
        widths,
      ),
    );
  }
  const a = rows.auto!;
  const k = rows.kernel!;
  console.log(
    `${''.padStart(widths[0]!)}  kernel/auto: ${(k.rendezvous / a.rendezvous).toFixed(0)}× rendezvous, ` +
      `${((k.attachCycles + k.detachCycles) / (a.attachCycles + a.detachCycles)).toFixed(1)}× cycles, ` +
      `${((k.attachMs + k.detachMs) / (a.attachMs + a.detachMs)).toFixed(1)}× host time`,
  );
}
if (PROBES !== 1000) throw new Error('workload changed');

// ---- jump labels --------------------------------------------------------------------------------

const FLIPS = 200;
const SITES_AT = 0x48000;

function jumpLabel(nop: 'architected' | 'kernel', sites: number, preemption: Preemption) {
  const w = workload({ seed: 2, preemption });
  const m = w.machine;
  m.memory.map(SITES_AT, 0x1000, 'rwx');
  const nopWord = nop === 'architected' ? ARCHITECTED_NOP : KERNEL_JUMP_LABEL_NOP;
  for (let i = 0; i < sites; i++) m.memory.poke32(SITES_AT + 8 * i, nopWord);
  m.registerText(SITES_AT, 8 * sites);
  const key = new StaticKey({
    nop,
    sites: Array.from({ length: sites }, (_, i) => ({ address: SITES_AT + 8 * i, target: SITES_AT + 8 * i + 8 })),
  });
  m.run({ maxInstructions: RUN });
  let cycles = 0;
  let rendezvous = 0;
  let syncs = 0;
  const times: number[] = [];
  for (let i = 0; i < FLIPS; i++) {
    const t = performance.now();
    const update = key.enabled ? key.disable({ cpus: 4 }) : key.enable({ cpus: 4 });
    const r = execute(update.plan, m);
    times.push(performance.now() - t);
    cycles += r.cycles!;
    rendezvous += r.rendezvous;
    syncs += r.syncs;
    m.run({ maxInstructions: 500 });
  }
  return {
    cycles: cycles / FLIPS,
    rendezvous: rendezvous / FLIPS,
    syncs: syncs / FLIPS,
    us: 1000 * times.sort((a, b) => a - b)[FLIPS >> 1]!,
    violations: m.violations().length,
  };
}

console.log(
  `\njump-label flips (auto), ${FLIPS} flips on the running machine: per flip (mean cycles, median µs of plan + execute)`,
);
const jw = [10, 12, 6, 11, 6, 12, 8, 10];
console.log(pad(['preemption', 'nop', 'sites', 'rendezvous', 'syncs', 'cycles', 'host µs', 'violations'], jw));
for (const preemption of ['tick', 'ipi'] as const) {
  for (const nop of ['architected', 'kernel'] as const) {
    for (const sites of [1, 16]) {
      const r = jumpLabel(nop, sites, preemption);
      console.log(
        pad([preemption, nop, sites, r.rendezvous, r.syncs, fmt(r.cycles), r.us.toFixed(1), r.violations], jw),
      );
    }
  }
}
