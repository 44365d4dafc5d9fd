import type { EmulatorError, GuestFault, StopReason } from '../cpu/stop.js';

export interface RunOptions {
  /** Stop with reason `limit` after this many instructions (machine total, this call). Default: unbounded. */
  readonly maxInstructions?: number;
}

export interface RunResult {
  readonly reason: StopReason;
  /** Exit status (exit, or 128 + signal for a fatal fault under the Linux personality); null otherwise. */
  readonly status: number | null;
  /** Instructions retired and emulated cycles spent during this call (all CPUs). */
  readonly instructions: number;
  readonly cycles: number;
  readonly fault?: GuestFault;
  readonly error?: EmulatorError;
}

export interface CpuStatistics {
  readonly instructions: number;
  /** Cycles spent (instructions, exceptions, services); `idleCycles` asleep in WFI/WFE. */
  readonly cycles: number;
  readonly idleCycles: number;
  /** Timer ticks of this CPU's clock, and IRQs it took. */
  readonly ticks: number;
  readonly interrupts: number;
}

/** Everything here is emulated (no host time), so the same seed gives identical statistics. */
export interface MachineStatistics {
  readonly instructions: number;
  /** Cycles of all CPUs (`machine.cycles()`), and their idle cycles. */
  readonly cycles: number;
  readonly idleCycles: number;
  readonly perCpu: readonly CpuStatistics[];
  /** Decoded-line cache activity summed over CPUs. */
  readonly decodes: number;
  readonly compiles: number;
  readonly invalidations: number;
  /** Timer ticks (all CPUs), of which dropped because no hook or guest vector could take them. */
  readonly ticks: number;
  readonly ticksDropped: number;
  /** IRQs taken, and of those the ones nobody handled (dropped). */
  readonly interrupts: number;
  readonly interruptsDropped: number;
  /** IPIs sent (syncCores, stopMachine with `ipi` preemption, sendIpi). */
  readonly ipis: number;
  readonly trapWindows: number;
  /**
   * stop_machine rendezvous: how many, cycles charged over all CPUs, summed latency (join + steps), and how many
   * had to wait for a CPU inside its trap window (its handler ran before the rendezvous completed).
   */
  readonly rendezvous: {
    readonly count: number;
    readonly cycles: number;
    readonly latency: number;
    readonly trapWaits: number;
  };
  readonly syncCores: { readonly count: number; readonly cycles: number };
  /** Host `cacheMaintenance` calls and cycles; `operations` also counts guest CP15 maintenance. */
  readonly maintenance: { readonly count: number; readonly cycles: number; readonly operations: number };
  /** CMODX violations ever recorded (architectural fetch model). */
  readonly violations: number;
  /** The seeded scheduler's slice count and interleaving digest (null with a custom scheduler). */
  readonly schedule: { readonly slices: number; readonly digest: number } | null;
}
