/**
 * kprobes on a 4-CPU machine with the architectural fetch model: probes attached while the program runs
 * (breakpoints, and optprobes), the SMP fixture programs' output unchanged, no CMODX violation, and few
 * rendezvous.
 */
import { type ExceptionEvent, Machine } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import { Kprobes } from '../src/index.js';
import { armInstructions, executionProfile, program } from './helpers.js';

/** The kernel's ARM kprobe breakpoint (`udf` with the kprobes immediate; it takes the probed instruction's condition). */
const KPROBE_UDF_AL = 0xe7f001f8;
const SMP_PROGRAMS = ['smp-counter-O2', 'smp-ticket-O2', 'smp-flags-O2', 'smp-mixed-O2'];

function smpMachine(name: string, seed: number, trapWindow = 0) {
  const p = program(name);
  let out = '';
  const decoder = new TextDecoder();
  const machine = new Machine({
    cpus: 4,
    seed,
    fetch: 'architectural',
    // Ticks often enough that the optimizer's 5-tick delay passes within these short programs.
    tickPeriod: 2_000,
    trapWindow,
    onStdout: (b) => {
      out += decoder.decode(b);
    },
  });
  machine.loadElf(p.elf);
  machine.startSmp({ entry: 'cpu_entry', cpus: 4 });
  return { p, machine, out: () => out };
}

/** Probes every instruction of smp-mixed's per-item functions (they run once per item, whichever CPU claims it). */
function probePerItemFunctions(kprobes: Kprobes, machine: Machine) {
  const symbols = machine.program!.symbols;
  const perItem = ['mix32', 'checksum', 'fib', 'publish'];
  kprobes.batch(() => {
    for (const a of armInstructions(machine)) {
      const at = symbols.lookup(a);
      if (at === null || !perItem.includes(at.symbol.name)) continue;
      try {
        kprobes.register({ address: a });
      } catch {
        // barriers (DMB) are not probeable
      }
    }
  });
  return kprobes.probes();
}

describe('probe every instruction on 4 CPUs (architectural fetch), attached while running', () => {
  for (const name of SMP_PROGRAMS) {
    for (const optimize of [false, true]) {
      it(`${name}${optimize ? ' --optimize' : ''}: output unchanged, 0 violations, ≤ ${optimize ? 3 : 2} rendezvous`, () => {
        for (const seed of [1, 2]) {
          const { p, machine, out } = smpMachine(name, seed);
          const first = machine.run({ maxInstructions: 5_000 });
          expect(first.reason).toBe('limit');
          const kprobes = new Kprobes(machine, { optimize });
          const image = armInstructions(machine).map((a) => [a, machine.memory.peek32(a)] as const);
          kprobes.batch(() => {
            for (const [address] of image) {
              try {
                kprobes.register({ address });
              } catch {
                // rejected instructions are covered by the single-CPU tests
              }
            }
          });
          const probes = kprobes.probes();
          // Let the optimizer run (it waits 5 ticks), then take everything away while the program runs.
          machine.run({ maxInstructions: 60_000 });
          if (optimize) expect(probes.filter((pr) => pr.optimized).length).toBeGreaterThanOrEqual(probes.length * 0.95);
          kprobes.batch(() => {
            for (const probe of probes) kprobes.unregister(probe);
          });
          const result = machine.run({ maxInstructions: 200_000_000 });
          expect(out()).toBe(p.stdout);
          expect(result.status).toBe(p.status);
          expect(machine.violations()).toEqual([]);
          expect(kprobes.statistics().hits).toBeGreaterThan(0);
          // One rendezvous to arm, one to remove (+ one to optimise).
          expect(kprobes.statistics().rendezvous).toBeLessThanOrEqual(optimize ? 3 : 2);
          expect(image.filter(([a, w]) => machine.memory.peek32(a) !== w)).toEqual([]);
        }
      });
    }
  }

  it('per-probe hits equal the sequential run for code whose execution count does not depend on the interleaving', () => {
    // smp-mixed's per-item functions run once per item whichever CPU claims it; spin loops do not.
    const name = 'smp-mixed-O2';
    const profile = executionProfile(program(name));
    const { p, machine, out } = smpMachine(name, 7);
    const kprobes = new Kprobes(machine, { optimize: true });
    const probes = probePerItemFunctions(kprobes, machine);
    expect(probes.length).toBeGreaterThan(20);
    machine.run({ maxInstructions: 200_000_000 });
    expect(out()).toBe(p.stdout);
    expect(machine.violations()).toEqual([]);
    const wrong = probes.filter((probe) => probe.hits !== (profile.counts.get(probe.address) ?? 0));
    expect(wrong.map((w) => `${w.symbol}+${w.offset}: ${w.hits} vs ${profile.counts.get(w.address)}`)).toEqual([]);
    expect(probes.every((probe) => probe.optimized)).toBe(true);
  });
});

describe('removal while a CPU is between its breakpoint trap and the handler (trap window 300 cycles)', () => {
  it('the removal rendezvous waits for the trapped CPU, whose handler still finds its breakpoint in memory', () => {
    const name = 'smp-mixed-O2';
    for (const seed of [1, 2, 3]) {
      const { p, machine, out } = smpMachine(name, seed, 300);
      const kprobes = new Kprobes(machine, { optimize: false });
      const probes = probePerItemFunctions(kprobes, machine);
      // This hook sees every breakpoint trap before kprobes (and declines it). A window is open when one was
      // counted since the last trap reached the hooks.
      let windowsSeen = 0;
      let traps = 0;
      let removed = false;
      let inFlight: { cpu: number; memory: number } | null = null;
      machine.hooks.on(
        'und',
        (e: ExceptionEvent) => {
          if (removed && inFlight === null) inFlight = { cpu: e.cpu.index, memory: machine.memory.peek32(e.pc >>> 0) };
          windowsSeen = machine.statistics().trapWindows;
          traps++;
          return false;
        },
        { priority: 1000 },
      );
      // Remove every probe from a timer tick on another CPU while a breakpoint trap is in flight.
      let remover = -1;
      machine.hooks.on(
        'irq',
        (e: ExceptionEvent) => {
          if (removed || machine.statistics().trapWindows <= windowsSeen || kprobes.statistics().hits < 50)
            return false;
          removed = true;
          remover = e.cpu.index;
          kprobes.batch(() => {
            for (const probe of probes) kprobes.unregister(probe);
          });
          return false;
        },
        { priority: 1000 },
      );
      const result = machine.run({ maxInstructions: 200_000_000 });
      expect(removed, `seed ${seed}`).toBe(true);
      // The removal's rendezvous waited for the trapped CPU: its trap reached the hooks before the write,
      // with the breakpoint still in memory (the kernel's undef hook matches the word it reads there).
      expect(machine.statistics().rendezvous.trapWaits, `seed ${seed}`).toBe(1);
      expect(inFlight).not.toBeNull();
      expect(inFlight!.cpu).not.toBe(remover);
      expect((inFlight!.memory & 0x0fffffff) >>> 0).toBe(KPROBE_UDF_AL & 0x0fffffff);
      // The probes were already unregistered, so kprobes restarts that one instruction instead of reporting a
      // hit; every other trap was a hit.
      expect(kprobes.statistics().hits + kprobes.statistics().spuriousTraps).toBe(traps);
      expect(out()).toBe(p.stdout);
      expect(result.status).toBe(p.status);
      expect(machine.violations()).toEqual([]);
    }
  });
});

describe('lifecycle cost on 4 CPUs', () => {
  it('registering, optimising and unregistering 1000 probes costs ≤ 3 rendezvous (kernel policy: ~4 per probe)', () => {
    const counts: Record<string, number> = {};
    for (const strategy of ['auto', 'kernel'] as const) {
      const { machine, out, p } = smpMachine('smp-ticket-O0', 3);
      machine.run({ maxInstructions: 5_000 });
      const kprobes = new Kprobes(machine, { optimize: true, strategy });
      const addresses = armInstructions(machine);
      kprobes.batch(() => {
        for (const address of addresses) {
          if (kprobes.probes().length >= 1000) break;
          try {
            kprobes.register({ address });
          } catch {
            // not probeable
          }
        }
      });
      const probes = kprobes.probes();
      expect(probes.length).toBe(1000);
      machine.run({ maxInstructions: 100_000 });
      expect(probes.filter((pr) => pr.optimized).length).toBeGreaterThanOrEqual(950);
      kprobes.batch(() => {
        for (const probe of probes) kprobes.unregister(probe);
      });
      machine.run({ maxInstructions: 100_000_000 });
      expect(out()).toBe(p.stdout);
      expect(machine.violations()).toEqual([]);
      counts[strategy] = kprobes.statistics().rendezvous;
    }
    expect(counts.auto).toBeLessThanOrEqual(3);
    expect(counts.kernel).toBeGreaterThanOrEqual(3000);
  });
});
