import { hex } from '../errors.js';
import type { Isa, PatchPurpose } from '../request.js';
import { type BreakpointKind, breakpointKind } from './breakpoint.js';
import { matchSafeSet, type SafeEncoding } from './safe-set.js';

/** What the rules need to know about a write (a `PatchWrite` satisfies it). */
export interface RuleInput {
  readonly address: number;
  readonly isa: Isa;
  readonly width: 2 | 4;
  readonly old: number;
  readonly new: number;
  readonly purpose?: PatchPurpose | null;
}

/** The rules' verdict on one write. Plain data. */
export interface RuleDecision {
  /** May be written directly (single store + maintenance + syncCores) while other CPUs run. */
  readonly direct: boolean;
  /** If it needs a rendezvous: may one CPU write (`one`), or must every CPU (`all`)? */
  readonly writers: 'one' | 'all';
  /** The store is single-copy atomic for instruction fetch. */
  readonly atomic: boolean;
  readonly oldSafe: SafeEncoding | null;
  readonly newSafe: SafeEncoding | null;
  /** The write takes a breakpoint away (by encoding, or by purpose `disarm`/`optimize`). */
  readonly removesBreakpoint: boolean;
  readonly reason: string;
}

function describe(isa: Isa, width: 2 | 4, insn: number, safe: SafeEncoding | null, bp: BreakpointKind | null): string {
  const digits = isa === 'thumb' && width === 2 ? 4 : 8;
  if (bp === 'kprobe-udf') return `kprobe breakpoint ${hex(insn, digits)}`;
  if (safe !== null) return `${safe.op} ${hex(insn, digits)}`;
  return hex(insn, digits);
}

function atomicity(isa: Isa, width: 2 | 4, address: number): { atomic: boolean; why: string } {
  if (isa === 'arm') {
    return address % 4 === 0
      ? { atomic: true, why: 'aligned 32-bit ARM store is single-copy atomic' }
      : { atomic: false, why: 'misaligned ARM word' };
  }
  if (width === 2) {
    return address % 2 === 0
      ? { atomic: true, why: 'aligned 16-bit Thumb store is single-copy atomic' }
      : { atomic: false, why: 'misaligned Thumb halfword' };
  }
  return address % 4 === 0
    ? { atomic: false, why: 'a 32-bit Thumb instruction is never single-copy atomic for instruction fetch' }
    : { atomic: false, why: 'a 32-bit Thumb instruction at 2 mod 4 is written as two halfword stores' };
}

/**
 * ARMv7 A3.5.4 applied to one write on a system with `cpus` CPUs online:
 * - one CPU online ⇒ direct (nothing else can be executing the instruction);
 * - otherwise direct only if the store is single-copy atomic for the instruction and both old and new
 *   are in the safe set, and the write does not remove a breakpoint (a CPU may be between the trap and
 *   its handler's read of memory);
 * - anything else needs a rendezvous: every CPU writing (`all`) when it removes a breakpoint, else one.
 */
export function decideWrite(write: RuleInput, cpus: number): RuleDecision {
  const { isa, width, address } = write;
  const oldSafe = matchSafeSet(isa, width, write.old);
  const newSafe = matchSafeSet(isa, width, write.new);
  const oldBp = breakpointKind(isa, width, write.old);
  const newBp = breakpointKind(isa, width, write.new);
  const byPurpose = write.purpose === 'disarm' || write.purpose === 'optimize';
  const removesBreakpoint = byPurpose || (oldBp !== null && write.old !== write.new);
  const { atomic, why } = atomicity(isa, width, address);
  const writers = removesBreakpoint ? 'all' : 'one';
  const direct = cpus <= 1 || (atomic && oldSafe !== null && newSafe !== null && !removesBreakpoint);
  // The reason is text for people: composed when read (a plan of 100,000 writes rarely reads them all).
  const reason = (): string => {
    const pair = `${describe(isa, width, write.old, oldSafe, oldBp)} → ${describe(isa, width, write.new, newSafe, newBp)}`;
    if (cpus <= 1) return `direct: one CPU online (${pair})`;
    const all = removesBreakpoint ? '; every CPU writes: it removes a breakpoint a CPU may have trapped on' : '';
    if (!atomic) return `rendezvous: ${why} (${pair})${all}`;
    if (oldSafe === null || newSafe === null) {
      const outside = oldSafe === null && newSafe === null ? 'old and new are' : oldSafe === null ? 'old is' : 'new is';
      return `rendezvous: ${pair}: ${outside} outside the A3.5.4 safe set${all}`;
    }
    if (removesBreakpoint) return `rendezvous: ${pair} are in the safe set${all}`;
    return `direct: ${why}; ${pair} are both in the A3.5.4 safe set`;
  };
  return {
    writers,
    atomic,
    oldSafe,
    newSafe,
    removesBreakpoint,
    direct,
    get reason() {
      return reason();
    },
  };
}
