/** Why a run stopped, as requested by whatever stopped it (a syscall, a fault, WFI, the host). */

/** `exit`: the guest exited; `fault`: an exception nobody handled; `limit`: maxInstructions reached; `halt`: no CPU can make progress (WFI with no interrupt source) or the host called `halt()`. */
export type StopReason = 'exit' | 'fault' | 'limit' | 'halt';

/** A guest exception that neither a host hook nor a guest vector handled. */
export interface GuestFault {
  readonly kind: 'und' | 'svc' | 'pabt' | 'dabt' | 'irq' | 'fiq';
  readonly cause:
    | 'undefined-instruction'
    | 'breakpoint'
    | 'unmapped'
    | 'permission'
    | 'alignment'
    | 'supervisor-call'
    | 'interrupt';
  /** Address of the instruction that faulted (for IRQ/FIQ: the next instruction). */
  readonly pc: number;
  /** The instruction at `pc` when it could be read (ARM word; Thumb: the 16-bit unit or hw1 << 16 | hw2). */
  readonly word: number | null;
  /** objdump-style text of the instruction (`''` when unknown). */
  readonly text: string;
  /** The data address of a data abort (or the PC for a prefetch abort); null otherwise. */
  readonly address: number | null;
  readonly access: 'read' | 'write' | 'execute' | null;
  readonly cpu: number;
  readonly message: string;
}

/** Typed errors the machine reports (in `RunResult.error`) or throws for host misuse. */
export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';
  constructor(
    readonly code: 'bad-configuration' | 'internal-error' | 'cmodx-violation' | 'guest-deadlock',
    message: string,
  ) {
    super(message);
  }
}

export interface StopRequest {
  readonly reason: StopReason;
  /** Exit status (for `exit`, and for a fault turned into a signal by a personality). */
  readonly status: number | null;
  readonly fault?: GuestFault;
  readonly error?: EmulatorError;
}
