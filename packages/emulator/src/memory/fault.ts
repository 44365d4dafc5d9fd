/**
 * Faults raised by the memory system. They are thrown inside an instruction handler and caught by the
 * run loop, which turns them into a data abort (loads/stores) or a prefetch abort (instruction fetch).
 */

/** What the access was doing when it faulted. */
export type AccessKind = 'read' | 'write' | 'execute';

/** Why it faulted, in the ARM ARM's fault-status vocabulary (reduced to a flat physical memory). */
export type FaultReason = 'unmapped' | 'permission' | 'alignment';

export class MemoryFault extends Error {
  override readonly name = 'MemoryFault';
  constructor(
    /** The faulting virtual (= physical) address. */
    readonly address: number,
    readonly access: AccessKind,
    readonly reason: FaultReason,
  ) {
    super(`${reason} fault on ${access} at 0x${(address >>> 0).toString(16).padStart(8, '0')}`);
  }

  /** `prefetch-abort` for instruction fetches, `data-abort` for everything else. */
  get abort(): 'prefetch-abort' | 'data-abort' {
    return this.access === 'execute' ? 'prefetch-abort' : 'data-abort';
  }
}

/** Errors in how the host uses the memory API (overlapping maps, bad sizes): a host bug, not a guest fault. */
export class MemoryMapError extends Error {
  override readonly name = 'MemoryMapError';
  constructor(
    readonly code: 'overlap' | 'bad-range' | 'not-mapped',
    message: string,
  ) {
    super(message);
  }
}
