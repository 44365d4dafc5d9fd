import type { Cpu } from '../cpu/cpu.js';
import type { StopRequest } from '../cpu/stop.js';
import type { AccessKind, FaultReason } from '../memory/fault.js';
import type { ExceptionKind } from './kinds.js';

/** What a host hook sees about an exception about to be taken. */
export interface ExceptionEvent {
  readonly kind: ExceptionKind;
  readonly cpu: Cpu;
  /**
   * Address of the instruction that caused it (UND, SVC, BKPT, aborts) or, for IRQ/FIQ, of the next
   * instruction to execute (the preferred return address).
   */
  readonly pc: number;
  /**
   * The instruction at `pc` (synchronous exceptions), else null: the ARM word, or in Thumb state the 16-bit
   * unit or `hw1 << 16 | hw2` for a 32-bit instruction.
   */
  readonly word: number | null;
  /** The exception was taken from Thumb state (CPSR.T of the instruction at `pc`). */
  readonly thumb: boolean;
  /** Length in bytes of the instruction at `pc`: 4 in ARM state, 2 or 4 in Thumb state. */
  readonly length: 2 | 4;
  /**
   * ITSTATE when the hook runs: the faulting instruction's own for UND, BKPT and aborts (0 outside an IT
   * block; its condition is ITSTATE[7:4]), the state after it for SVC (which advances it first). A hook that
   * claims the exception and skips or emulates an instruction inside an IT block advances `cpu.itState`
   * itself (`itAdvance`), as a guest handler would in SPSR; if it leaves it unchanged, the IT state advances
   * past the instruction unless `resumeAt` is the instruction itself (retried under its own IT state).
   */
  readonly itState: number;
  /** SVC: imm24. BKPT: imm16. Otherwise null. */
  readonly immediate: number | null;
  /** `pabt` raised by BKPT (a debug event) rather than a memory fault. */
  readonly breakpoint: boolean;
  /** Aborts: the faulting address, the access, and why. */
  readonly faultAddress: number | null;
  readonly access: AccessKind | null;
  readonly reason: FaultReason | null;
  /** IRQ/FIQ: the acknowledged interrupt ID (SGI 0–15; 29 = the per-CPU timer tick), else null. */
  readonly interrupt: number | null;
  /**
   * Where execution continues if the hook claims the exception. Defaults: the next instruction for
   * SVC, UND and BKPT (`pc` + `length`); the same instruction (retry) for memory aborts; the interrupted instruction
   * for IRQ/FIQ. A hook may change it.
   */
  resumeAt: number;
  /** Stops the machine (e.g. exit, or a fatal signal in the Linux-user personality). */
  stop(request: StopRequest): void;
}

/** A hook returns `true` or `'handled'` to claim the exception (no guest vectoring); anything else declines. */
export type ExceptionHook = (event: ExceptionEvent) => unknown;

export interface HookOptions {
  /**
   * Hooks run from the highest priority down (equal priorities in registration order). Default 0.
   * A debugger-like client (kprobes) uses a positive priority so it sees its traps before a personality
   * that would turn every undefined instruction into a fatal signal.
   */
  readonly priority?: number;
}

interface Registered {
  readonly hook: ExceptionHook;
  readonly priority: number;
}

/**
 * A host-call gate: guest code calls (BL/BLX) an address the host maps to a JavaScript function; the
 * function runs with the CPU and returns where execution continues (normally the LR; bit 0 set returns to
 * Thumb state, as BX LR would). The word at the
 * address is a permanently-undefined instruction, but no exception is modelled: a gate costs a call and
 * a return, as the function call it stands for would.
 */
export type HostCall = (cpu: Cpu) => number;

/** Per-kind lists of host hooks, called in priority order until one claims the exception. */
export class ExceptionHooks {
  private readonly calls = new Map<number, HostCall>();

  /** Maps `address` to a host call (see `HostCall`); returns a function that removes it. */
  onHostCall(address: number, call: HostCall): () => void {
    const a = address >>> 0;
    if (this.calls.has(a)) throw new Error(`a host call is already mapped at 0x${a.toString(16)}`);
    this.calls.set(a, call);
    return () => {
      if (this.calls.get(a) === call) this.calls.delete(a);
    };
  }

  /** The host call mapped at `address`, if any. */
  hostCall(address: number): HostCall | undefined {
    return this.calls.size === 0 ? undefined : this.calls.get(address >>> 0);
  }

  private readonly hooks: Record<ExceptionKind, Registered[]> = {
    und: [],
    svc: [],
    pabt: [],
    dabt: [],
    irq: [],
    fiq: [],
  };

  /** Registers a hook; returns a function that removes it. */
  on(kind: ExceptionKind, hook: ExceptionHook, options: HookOptions = {}): () => void {
    const priority = options.priority ?? 0;
    const list = this.hooks[kind];
    let at = list.length;
    while (at > 0 && list[at - 1]!.priority < priority) at--;
    list.splice(at, 0, { hook, priority });
    return () => this.off(kind, hook);
  }

  off(kind: ExceptionKind, hook: ExceptionHook): void {
    const list = this.hooks[kind];
    const i = list.findIndex((r) => r.hook === hook);
    if (i >= 0) list.splice(i, 1);
  }

  /** True when at least one hook is registered for `kind`. */
  has(kind: ExceptionKind): boolean {
    return this.hooks[kind].length !== 0;
  }

  /** True when some hook claimed the event. */
  dispatch(event: ExceptionEvent): boolean {
    const list = this.hooks[event.kind];
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!.hook(event);
      if (r === true || r === 'handled') return true;
    }
    return false;
  }
}
