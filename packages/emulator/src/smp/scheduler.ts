import type { Cpu } from '../cpu/cpu.js';
import type { Scheduler, Slice } from '../machine/scheduler.js';

/** A quantum range in instructions: [min, max], both ≥ 1. */
export type QuantumRange = readonly [number, number];

/**
 * mulberry32: a small, fast 32-bit PRNG; the whole interleaving derives from its seed. Seeds beyond 32 bits
 * are folded.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.floor(seed) ^ Math.floor(seed / 2 ** 32) ^ 0x9e3779b9) >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return n <= 1 ? 0 : this.next() % n;
  }
}

/**
 * Deterministic seeded interleaving: each slice picks one of the powered-on CPUs uniformly at random and a
 * quantum uniformly in [min, max] instructions. The same seed replays the same schedule exactly (as long
 * as the machine is driven the same way). Quantum 1 is the exploration mode: a switch may happen after any
 * instruction. `digest` fingerprints the sequence of slices (to tell interleavings apart). The slice it returns
 * is one object, overwritten by the next call.
 */
export class SeededScheduler implements Scheduler {
  private readonly random: Random;
  /** The slice handed out, reused (see Slice). */
  private readonly slice = { cpu: 0, quantum: 0 };
  /** Slices handed out, and an FNV-1a hash of their (cpu, quantum) sequence. */
  slices = 0;
  digest = 0x811c9dc5;

  constructor(
    readonly seed: number,
    readonly quantum: QuantumRange,
  ) {
    const [min, max] = quantum;
    if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 1 && max >= min)) {
      throw new RangeError(`quantum must be integers 1 ≤ min ≤ max, got [${min}, ${max}]`);
    }
    this.random = new Random(seed);
  }

  /** The RNG (the machine draws trap-window orders from it too, so they replay with the seed). */
  get rng(): Random {
    return this.random;
  }

  next(cpus: readonly Cpu[]): Slice | null {
    // The k-th powered-on CPU, k uniform (drawn only when there is a choice), without a list of them: emptying
    // and refilling an array each slice reallocated its storage, a tenth of what an exploration allocated.
    let on = 0;
    for (let i = 0; i < cpus.length; i++) if (cpus[i]!.poweredOn) on++;
    if (on === 0) return null;
    let k = on === 1 ? 0 : this.random.below(on);
    let cpu = 0;
    for (let i = 0; i < cpus.length; i++) {
      if (cpus[i]!.poweredOn && k-- === 0) {
        cpu = i;
        break;
      }
    }
    const [min, max] = this.quantum;
    const quantum = min === max ? min : min + this.random.below(max - min + 1);
    this.slices++;
    this.digest = Math.imul(this.digest ^ cpu, 16777619) >>> 0;
    this.digest = Math.imul(this.digest ^ quantum, 16777619) >>> 0;
    this.slice.cpu = cpu;
    this.slice.quantum = quantum;
    return this.slice;
  }
}
