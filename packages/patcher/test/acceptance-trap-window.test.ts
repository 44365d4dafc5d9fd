/**
 * Issue 6 acceptance: the trap-window race. A CPU executes the kprobe UDF breakpoint and takes the
 * exception; before its handler reads the word at the PC (the machine's `trapWindow`, during which the
 * other CPUs run), another CPU removes the breakpoint. The kernel-style handler (smp-loop.ts) matches the
 * word in memory, so it no longer recognises its breakpoint: in Linux the UND would fall through to a
 * SIGILL/oops. Removal without a rendezvous (forced `direct`) reproduces it; through `stop-all`, `auto`
 * (which chooses stop-all for a disarm) or `kernel` it cannot happen.
 *
 * CPU 0 runs the probed loop, CPUs 1–3 a loop of their own (so exactly one CPU traps and windows are
 * never entered by a trap taken inside another window); the remover runs from a timer tick on CPU 1–3
 * that lands inside CPU 0's window — the same moment for every strategy.
 *
 * Rendezvous semantics: `stop_machine` completes only once every CPU has reached its stopper thread, and
 * a CPU between taking the breakpoint and its handler (IRQs off, in the exception) cannot. The emulator's
 * `stopMachine` does not model that (called from inside another CPU's trap window it runs `fn` at once,
 * with the trapped CPU counted as parked), so `KernelRendezvous` below adds exactly that rule: a
 * rendezvous requested while a window is open is retried at the remover's next tick, after the trapped
 * CPU's handler ran. Direct writes do not go through it, so the comparison is fair.
 */
import type { ExceptionEvent, Machine } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import {
  execute,
  type PatchRequest,
  type Platform,
  plan,
  type StopMachineOptions,
  type Strategy,
} from '../src/index.js';
import { ADD_R5, hotLoop, SA, UDF_BP } from './smp-loop.js';

const SEEDS = 250;
const ARM: PatchRequest = { address: SA, isa: 'arm', width: 4, old: ADD_R5, new: UDF_BP, purpose: 'arm' };
const DISARM: PatchRequest = { address: SA, isa: 'arm', width: 4, old: UDF_BP, new: ADD_R5, purpose: 'disarm' };

class RendezvousBusy extends Error {}

/** The machine as a Platform whose rendezvous cannot complete while a CPU is inside a trap window. */
class KernelRendezvous implements Platform {
  deferred = 0;
  constructor(
    private readonly m: Machine,
    private readonly windowOpen: () => boolean,
  ) {}
  cpuCount(): number {
    return this.m.cpuCount();
  }
  read(address: number, size: 2 | 4): number {
    return this.m.read(address, size);
  }
  write(address: number, value: number, size: 2 | 4): void {
    this.m.write(address, value, size);
  }
  cacheMaintenance(address: number, size: number): void {
    this.m.cacheMaintenance(address, size);
  }
  syncCores(): void {
    this.m.syncCores();
  }
  cycles(): number {
    return this.m.cycles();
  }
  stopMachine(fn: (cpu: number) => void, options: StopMachineOptions): void {
    if (this.windowOpen()) {
      this.deferred++;
      throw new RendezvousBusy('a CPU is between a trap and its handler: the rendezvous waits');
    }
    this.m.stopMachine(fn, options);
  }
}

interface RaceRun {
  /** The remover's first attempt came while a trap window was open. */
  readonly requestedInWindow: boolean;
  readonly removed: boolean;
  readonly races: { cpu: number; trapped: number | null; memory: number }[];
  readonly violations: number;
  readonly deferred: number;
  readonly hits: number;
  readonly stepKinds: string[];
}

function raceRun(seed: number, strategy: Strategy): RaceRun {
  const loop = hotLoop({ seed, trapWindow: 400, tickPeriod: 60, sideFrom: 1 });
  const m = loop.machine;
  let handled = 0; // UND traps (all CPU 0's) whose handlers have run: each closes its window
  m.hooks.on(
    'und',
    () => {
      handled++;
      return false; // declined: the kprobe-style hook below handles it
    },
    { priority: 100 },
  );
  const windowOpen = (): boolean => m.statistics().trapWindows > handled;
  const platform = new KernelRendezvous(m, windowOpen);
  execute(plan([ARM], { cpus: 4 }), platform); // armed safely, before anything runs
  const disarm = plan([DISARM], { cpus: 4, strategy });
  let requestedInWindow: boolean | null = null;
  let removed = false;
  m.hooks.on('irq', (_e: ExceptionEvent) => {
    if (removed) return true;
    if (requestedInWindow === null) {
      if (!windowOpen()) return true; // wait for a CPU to trap on the breakpoint
      requestedInWindow = true;
    }
    try {
      execute(disarm, platform);
      removed = true;
    } catch (error) {
      if (!(error instanceof RendezvousBusy)) throw error;
    }
    return true;
  });
  // Until the removal is done (a deferred rendezvous retries at the remover's next tick), then some more.
  for (let i = 0; i < 50 && !removed; i++) m.run({ maxInstructions: 2000 });
  m.run({ maxInstructions: 2000 });
  return {
    requestedInWindow: requestedInWindow === true,
    removed,
    races: loop.races,
    violations: m.violations().length,
    deferred: platform.deferred,
    hits: loop.hits.reduce((a, b) => a + b, 0),
    stepKinds: disarm.steps.map((s) => s.kind),
  };
}

describe('acceptance: breakpoint removal and the trap window (4 CPUs, trapWindow 400 cycles)', () => {
  it(`without a rendezvous (forced direct) a trapped CPU finds the original instruction, in each of ${SEEDS} seeds`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = raceRun(seed, 'direct');
      expect(r.stepKinds).toEqual(['direct']);
      expect(r.requestedInWindow && r.removed).toBe(true);
      expect(r.races.length, `seed ${seed}`).toBeGreaterThanOrEqual(1);
      // The CPU trapped on the breakpoint, its handler read the probed instruction back from memory.
      expect(r.races[0]).toMatchObject({ trapped: UDF_BP, memory: ADD_R5 });
      expect(r.violations).toBeGreaterThanOrEqual(1); // and the detector flags the direct removal
      expect(r.deferred).toBe(0);
    }
  });

  for (const strategy of ['stop-all', 'auto', 'kernel'] as const) {
    it(`${strategy}: the same removal at the same moment never races, in ${SEEDS} seeds`, () => {
      let deferred = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const r = raceRun(seed, strategy);
        expect(r.stepKinds).toEqual(['stop-all']); // auto and kernel both choose every-CPU for a disarm
        expect(r.requestedInWindow && r.removed, `seed ${seed}`).toBe(true);
        expect(r.races, `seed ${seed}`).toEqual([]);
        expect(r.violations).toBe(0);
        expect(r.hits).toBeGreaterThanOrEqual(1); // the trapped CPU's handler recognised its breakpoint
        deferred += r.deferred;
      }
      // Every removal was requested inside a window, so each had to wait for the trapped CPU at least once.
      expect(deferred).toBeGreaterThanOrEqual(SEEDS);
    });
  }
});
