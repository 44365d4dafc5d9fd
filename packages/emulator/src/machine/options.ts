/**
 * How a Machine is configured (its options and those of a rendezvous), and the fixed addresses and sizes
 * its SMP start-up uses.
 */
import type { ExceptionKind } from '../exceptions/kinds.js';
import type { ExecutionMode } from '../exec/run.js';
import type { FetchMode } from '../fetch/instruction-fetch.js';
import type { LinuxUserOptions } from '../linux/personality.js';
import { STACK_SIZE, STACK_TOP } from '../loader/stack.js';
import type { PhysicalMemory } from '../memory/memory.js';
import type { QuantumRange } from '../smp/scheduler.js';
import type { Scheduler } from './scheduler.js';

export interface MachineOptions extends LinuxUserOptions {
  /** Number of CPUs, 1–64 (default 1). CPU 0 starts powered on; the others wait for `startCpu`/`startSmp`. */
  readonly cpus?: number;
  /** Existing memory to use (default: a new empty one). */
  readonly memory?: PhysicalMemory;
  /** Instruction fetch model (default `coherent`); see fetch/instruction-fetch.ts. */
  readonly fetch?: FetchMode;
  /** `blocks` (compiled basic blocks, default) or `interpreter` (one decoded line at a time). */
  readonly execution?: ExecutionMode;
  /** Seed of the interleaving (default 0). Same seed, same run. */
  readonly seed?: number;
  /** Instructions per slice: a fixed number or a range drawn per slice (default [1000, 10000]; 1 = exploration). */
  readonly quantum?: number | QuantumRange;
  /** Replaces the seeded scheduler. */
  readonly scheduler?: Scheduler;
  /** Install the Linux user-mode personality when a program is loaded (default true). */
  readonly linuxUser?: boolean;
  /** Per-CPU timer tick period in cycles of that CPU's clock (default 100,000; 0 disables ticks). */
  readonly tickPeriod?: number;
  /** How a busy CPU reaches a `stopMachine` rendezvous: at its next timer `tick` (default) or after an `ipi`. */
  readonly preemption?: 'tick' | 'ipi';
  /** Cycles between an exception being taken and the host hooks running, during which other CPUs run (default 0). */
  readonly trapWindow?: number;
  /** Exceptions that open a trap window (default `und` and `pabt`: breakpoints). */
  readonly trapWindowKinds?: readonly ExceptionKind[];
  /** Throw (host writes) or stop the run (guest writes) at the first CMODX violation (default false). */
  readonly throwOnViolation?: boolean;
}

/** Options of `stopMachine` (the patcher's `StopMachineOptions`). */
export interface StopMachineOptions {
  readonly writers: 'one' | 'all';
}

/** Where `startSmp` parks a CPU that returns from its entry function: a UDF at this address powers it off. */
export const HALT_STUB = 0xfffe0000;
/** The halt stub's word: `udf #0` (only its address makes it the stub). */
export const HALT_STUB_WORD = 0xe7f000f0;
/** Stack space reserved above CPU 0's SMP stack for the loader's initial process stack (argv, auxv). */
export const SMP_STACK_RESERVE = 64 << 10;
/** Largest per-CPU SMP stack. */
export const SMP_STACK_MAX = 1 << 20;

/**
 * Initial SP of CPU k in an SMP start with n CPUs: stacks are carved from the top of the process stack
 * mapping, below `SMP_STACK_RESERVE` (64 KiB kept for the loader's argv/auxv): CPU k's stack is
 * [top − S, top) with top = 0xC0000000 − 64 KiB − k·S and S = min(1 MiB, (8 MiB − 64 KiB) / n rounded down
 * to 4 KiB). Tops are 16-byte aligned (so 8-byte AAPCS alignment holds). No guard pages.
 */
export function smpStackTop(k: number, n: number): number {
  const size = Math.min(SMP_STACK_MAX, Math.floor((STACK_SIZE - SMP_STACK_RESERVE) / n / 4096) * 4096);
  return (STACK_TOP - SMP_STACK_RESERVE - k * size) >>> 0;
}
