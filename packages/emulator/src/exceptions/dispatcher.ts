import { disassembleA32, disassembleThumb, isThumb32 } from '@armprobe/decoder';
import type { Cpu } from '../cpu/cpu.js';
import type { GuestFault, StopRequest } from '../cpu/stop.js';
import { COST } from '../exec/cost-model.js';
import { bxWritePc } from '../exec/runtime.js';
import type { AccessKind, FaultReason } from '../memory/fault.js';
import { PERM_EXECUTE } from '../memory/page.js';
import { EXCEPTION_RETURN_COST, enterException, vectorAddress } from './entry.js';
import type { ExceptionEvent, ExceptionHooks } from './hooks.js';
import type { ExceptionKind } from './kinds.js';
import { EXCEPTION_VECTORS } from './kinds.js';

/** What the execution engine knows when it raises an exception. */
export interface ExceptionRequest {
  readonly kind: ExceptionKind;
  /** Faulting instruction (synchronous) or next instruction (IRQ/FIQ). */
  readonly pc: number;
  readonly word?: number | null;
  readonly immediate?: number | null;
  readonly breakpoint?: boolean;
  readonly faultAddress?: number | null;
  readonly access?: AccessKind | null;
  readonly reason?: FaultReason | null;
  /** IRQ/FIQ: the interrupt ID acknowledged for it (SGI 0–15, the timer PPI 29), when known. */
  readonly interrupt?: number | null;
}

/** How an exception was handled: a host hook claimed it, the guest vector took it, or nobody could. */
export type ExceptionOutcome = 'hook' | 'vector' | 'unhandled';

/**
 * Routes an exception: host hooks first (a claiming hook decides where execution resumes), then the
 * guest's vector if one is mapped executable, and otherwise stops the CPU with a typed `GuestFault`
 * (unless `stopIfUnhandled` is false: an interrupt nobody handles is dropped). A claimed exception costs
 * what taking and returning from it would (entry + return cycles) and is a context-synchronisation event.
 * `interrupt`, when not null, is the acknowledged interrupt ID of an IRQ/FIQ (instead of `request.interrupt`).
 */
export function raiseException(
  cpu: Cpu,
  hooks: ExceptionHooks,
  request: ExceptionRequest,
  stopIfUnhandled = true,
  interrupt: number | null = null,
): ExceptionOutcome {
  const { kind, pc } = request;
  const thumb = cpu.thumb !== 0;
  const word = request.word ?? null;
  // A Thumb instruction's word is its 16-bit unit, or hw1 << 16 | hw2 (hw1 ≥ 0xe800) for a 32-bit one.
  const length: 2 | 4 = thumb && (word === null || word >>> 0 <= 0xffff) ? 2 : 4;
  const synchronousNext = (pc + length) >>> 0;
  const isMemoryAbort = (kind === 'pabt' || kind === 'dabt') && !request.breakpoint;
  // r15 as the excepting instruction reads it (the run loop does not maintain it per instruction).
  cpu.regs[15] = (pc + (thumb ? 4 : 8)) | 0;
  // A host-call gate is a function call, not an exception: no vectoring, no exception cost.
  const call = kind === 'und' ? hooks.hostCall(pc) : undefined;
  if (call !== undefined) {
    // The call returns like BX LR: a Thumb caller's return address (bit 0 set) continues in Thumb state.
    bxWritePc(cpu, call(cpu));
    cpu.cycles += COST.branch;
    return 'hook';
  }
  // The event only when a hook will see it (interrupts are frequent, and most kinds have no hooks).
  const event = hooks.has(kind)
    ? new RaisedException(
        kind,
        cpu,
        pc >>> 0,
        word,
        thumb,
        length,
        cpu.itState,
        request.immediate ?? null,
        request.breakpoint ?? false,
        request.faultAddress ?? null,
        request.access ?? null,
        request.reason ?? null,
        interrupt ?? request.interrupt ?? null,
        kind === 'irq' || kind === 'fiq' || isMemoryAbort ? pc >>> 0 : synchronousNext,
      )
    : null;
  if (event !== null && hooks.dispatch(event)) {
    cpu.nextPc = event.resumeAt >>> 0;
    cpu.cycles += EXCEPTION_VECTORS[kind].cost + EXCEPTION_RETURN_COST;
    cpu.system.contextSynchronize?.(cpu);
    return 'hook';
  }
  if (cpu.stopRequest !== null) return 'unhandled';
  const vector = vectorAddress(cpu, kind);
  if ((cpu.system.memory.permissions(vector) & PERM_EXECUTE) === 0) {
    if (stopIfUnhandled) requestStop(cpu, { reason: 'fault', status: null, fault: describeFault(cpu, request) });
    return 'unhandled';
  }
  enterException(cpu, kind, pc);
  return 'vector';
}

/** The event hooks see: a class, so that `stop` is one method and not a closure per exception. */
class RaisedException implements ExceptionEvent {
  constructor(
    readonly kind: ExceptionKind,
    readonly cpu: Cpu,
    readonly pc: number,
    readonly word: number | null,
    readonly thumb: boolean,
    readonly length: 2 | 4,
    readonly itState: number,
    readonly immediate: number | null,
    readonly breakpoint: boolean,
    readonly faultAddress: number | null,
    readonly access: AccessKind | null,
    readonly reason: FaultReason | null,
    readonly interrupt: number | null,
    public resumeAt: number,
  ) {}

  stop(request: StopRequest): void {
    requestStop(this.cpu, request);
  }
}

export function requestStop(cpu: Cpu, stop: StopRequest): void {
  if (cpu.stopRequest === null) cpu.stopRequest = stop;
  cpu.attention = 1;
}

/** Builds the typed fault record (with the disassembled instruction) for an unhandled exception. */
export function describeFault(cpu: Cpu, request: ExceptionRequest): GuestFault {
  const pc = request.pc >>> 0;
  const thumb = cpu.thumb !== 0;
  let word = request.word ?? null;
  if (word === null && request.kind !== 'pabt') {
    try {
      const memory = cpu.system.memory;
      if (!thumb) word = memory.peek32(pc);
      else {
        const hw1 = memory.peek16(pc);
        word = isThumb32(hw1) ? ((hw1 << 16) | memory.peek16(pc + 2)) >>> 0 : hw1;
      }
    } catch {
      word = null;
    }
  }
  const text = word === null ? '' : instructionText(word, pc, thumb, cpu.itState);
  const cause: GuestFault['cause'] =
    request.kind === 'und'
      ? 'undefined-instruction'
      : request.breakpoint
        ? 'breakpoint'
        : request.kind === 'svc'
          ? 'supervisor-call'
          : request.kind === 'irq' || request.kind === 'fiq'
            ? 'interrupt'
            : (request.reason ?? 'unmapped');
  const where = `pc 0x${hex(pc)}`;
  const insn = word === null ? '' : ` (${instructionHex(word, thumb)}${text ? `: ${text.replace('\t', ' ')}` : ''})`;
  const detail = request.faultAddress != null ? ` ${request.access ?? 'access'} of 0x${hex(request.faultAddress)}` : '';
  return {
    kind: request.kind,
    cause,
    pc,
    word,
    text,
    address: request.faultAddress ?? null,
    access: request.access ?? null,
    cpu: cpu.index,
    message: `unhandled ${cause}${detail} at ${where}${insn}`,
  };
}

/**
 * The instruction as objdump prints it: an ARM word, or a Thumb unit (`word` as the decoder gives it: the
 * 16-bit unit, or hw1 << 16 | hw2) under the IT state it executed in.
 */
export function instructionText(word: number, pc: number, thumb: boolean, itState = 0): string {
  if (!thumb) return disassembleA32(word >>> 0, pc).text;
  const w = word >>> 0;
  return w > 0xffff
    ? disassembleThumb(w >>> 16, w & 0xffff, pc, itState).text
    : disassembleThumb(w, 0, pc, itState).text;
}

/** An instruction in hex as objdump prints it: 8 digits for ARM, 4 for a 16-bit Thumb unit, `hw1 hw2` for a 32-bit one. */
export function instructionHex(word: number, thumb: boolean): string {
  const w = word >>> 0;
  if (!thumb) return hex(w);
  if (w <= 0xffff) return w.toString(16).padStart(4, '0');
  return `${(w >>> 16).toString(16).padStart(4, '0')} ${(w & 0xffff).toString(16).padStart(4, '0')}`;
}

function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
