/**
 * kprobes at scale: 100,000 probes on the large fixture program (fixtures/large-program, ≈ 110,000 ARM
 * instructions), on a 4-CPU machine that is running (so text changes need rendezvous). Prints the host
 * time to register them (armed as breakpoints in one batch), to optimize them all into optprobes (one
 * batch), and to unregister them; the host memory they hold (heap + array buffers after a full GC,
 * guest pages for slots and trampolines included) per probe; and the rendezvous each step used.
 *   npm run bench -w @armprobe/kprobes      (runs with node --expose-gc)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine } from '@armprobe/emulator';
import { KprobeError, Kprobes } from '../src/index.js';

const PROBES = Number(process.env.BENCH_PROBES ?? 100_000);
const ELF = join(import.meta.dirname, '../../../fixtures/large-program/large-O2.elf');

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench does)');

function hostBytes(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Wall time, and CPU time of this process (user + system: what the work cost when the host is shared). */
function time<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

const seconds = (t: { ms: number; cpuMs: number }) =>
  `${(t.ms / 1000).toFixed(2)} s (CPU ${(t.cpuMs / 1000).toFixed(2)} s)`;

function run(optimize: boolean) {
  const machine = new Machine({ cpus: 4, seed: 1, tickPeriod: 2_000 });
  machine.loadElf(new Uint8Array(readFileSync(ELF)));
  machine.startSmp({ entry: 'main', cpus: 4 });
  machine.run({ maxInstructions: 4_000 });
  const program = machine.program!;
  const candidates: number[] = [];
  for (const s of program.elf.segments) {
    if ((s.flags & 1) === 0) continue;
    for (let a = s.vaddr; a + 4 <= s.vaddr + s.filesz; a += 4) candidates.push(a);
  }
  const before = hostBytes();
  // A delay the run never reaches: the optimizer runs when asked (optimizeNow), so both steps are timed apart.
  const kprobes = new Kprobes(machine, { optimize, optimizeDelay: 1_000_000 });
  const registered = time(() =>
    kprobes.batch(() => {
      let n = 0;
      for (const address of candidates) {
        if (n === PROBES) break;
        try {
          kprobes.register({ address });
          n++;
        } catch (error) {
          if (!(error instanceof KprobeError)) throw error;
        }
      }
      return n;
    }),
  );
  if (registered.value !== PROBES) throw new Error(`only ${registered.value} probeable instructions`);
  const afterRegister = kprobes.statistics().rendezvous;
  const optimized = time(() => (optimize ? kprobes.optimizeNow() : undefined));
  const afterOptimize = kprobes.statistics().rendezvous;
  const held = hostBytes() - before;
  const probes = kprobes.probes();
  const optprobes = probes.filter((p) => p.optimized).length;
  const reasons = new Map<string, number>();
  for (const p of probes) {
    if (!p.optimized && optimize) {
      const why = (p.notOptimized ?? 'none').split(':')[0]!;
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
  }
  const removed = time(() =>
    kprobes.batch(() => {
      for (const p of probes) kprobes.unregister(p);
    }),
  );
  return {
    register: registered,
    optimize: optimized,
    unregister: removed,
    bytesPerProbe: held / PROBES,
    rendezvous: [afterRegister, afterOptimize - afterRegister, kprobes.statistics().rendezvous - afterOptimize],
    optprobes,
    reasons,
    pages: kprobes.area.mappedPages,
  };
}

console.log(`kprobes at scale: ${PROBES} probes, 4 CPUs running (node ${process.version})\n`);
for (const optimize of process.env.BENCH_ONLY === 'optprobes'
  ? [true]
  : process.env.BENCH_ONLY === 'kprobes'
    ? [false]
    : [false, true]) {
  const r = run(optimize);
  const label = optimize ? 'optprobes ' : 'kprobes   ';
  const both = { ms: r.register.ms + r.optimize.ms, cpuMs: r.register.cpuMs + r.optimize.cpuMs };
  console.log(
    `${label} register ${seconds(r.register)}` +
      (optimize ? `, optimize ${seconds(r.optimize)}` : '') +
      `, register+optimize ${seconds(both)} (target <= 10 s)` +
      `, unregister ${seconds(r.unregister)}`,
  );
  console.log(
    `           host memory ${(r.bytesPerProbe / 1024).toFixed(2)} KiB/probe (target <= 2 KiB), area ${r.pages} pages` +
      `, rendezvous register ${r.rendezvous[0]} + optimize ${r.rendezvous[1]} (target <= 3) + unregister ${r.rendezvous[2]}`,
  );
  if (optimize) {
    console.log(
      `           ${r.optprobes} optprobes` +
        (r.reasons.size > 0 ? `; left breakpoints: ${[...r.reasons].map(([k, v]) => `${k} ${v}`).join(', ')}` : ''),
    );
  }
}
