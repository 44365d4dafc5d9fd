import type { Cpu } from '../cpu/cpu.js';

/**
 * One scheduling decision: which CPU runs next and how many instructions it may retire at most. A scheduler may
 * hand out the same object each time (the seeded one does: a slice per few instructions would otherwise be most
 * of what an exploration allocates); the machine reads it before it asks for the next.
 */
export interface Slice {
  readonly cpu: number;
  readonly quantum: number;
}

/**
 * The machine's scheduler slot: decides the interleaving of CPUs. The default is the seeded scheduler with
 * a quantum range (smp/scheduler.ts); round robin with a fixed quantum is kept for simple experiments.
 */
export interface Scheduler {
  /** The next slice among the powered-on CPUs (`cpus[i].poweredOn`), or null when none is powered on. */
  next(cpus: readonly Cpu[]): Slice | null;
}

export class RoundRobinScheduler implements Scheduler {
  private last = -1;

  constructor(private readonly quantum: number) {}

  next(cpus: readonly Cpu[]): Slice | null {
    for (let k = 1; k <= cpus.length; k++) {
      const i = (this.last + k) % cpus.length;
      if (cpus[i]!.poweredOn) {
        this.last = i;
        return { cpu: i, quantum: this.quantum };
      }
    }
    return null;
  }
}

/**
 * Guest threads multiplexed onto the CPUs (the Linux personality's `clone`/`futex` threads). The machine
 * asks before each slice whether the CPU switches threads (preemption), and when no CPU can run whether
 * time can pass to a pending timeout or the guest is deadlocked.
 */
export interface ThreadSwitcher {
  /** The scheduler gave `cpu` the next slice: the thread on it may be switched first. */
  beforeSlice(cpu: Cpu): void;
  /** No CPU can run: true when this woke a thread (time passed) or stopped the run (deadlock). */
  idle(): boolean;
}
