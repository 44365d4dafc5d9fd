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

export interface MachineStatistics {
  readonly instructions: number;
  readonly cycles: number;
  readonly perCpu: readonly { readonly instructions: number; readonly cycles: number }[];
  /** Decoded-line cache activity summed over CPUs. */
  readonly decodes: number;
  readonly compiles: number;
  readonly invalidations: number;
}
