import { inItBlock, isThumb32, itCondition } from '../thumb/common.js';
import type { ThumbInstruction } from '../thumb/types.js';
import { MAX_STACK_USE, type RegisterRename } from './arm.js';
import {
  THUMB16_PROBE_TABLE,
  THUMB32_PROBE_TABLE,
  THUMB32_STACK_TABLE,
  type ThumbCustomHandler,
  type ThumbProbeEntry,
  type ThumbProbeHandler,
  type ThumbRegFields,
  type ThumbRegType,
} from './thumb-table.js';

/** Thumb `bx lr`: what follows the instruction in an emulated Thumb slot. */
export const THUMB_SLOT_RETURN = 0x4770;

/** Bit positions of the five 4-bit register fields of a 32-bit instruction the table annotates. */
const FIELD_SHIFTS = [16, 12, 8, 4, 0] as const;
/** The slot copy's registers for renamed fields: 19:16 → r2, 15:12 → r0, 11:8 → r1, 7:4 → r0, 3:0 → r3. */
const RENAMED_TO = [2, 0, 1, 0, 3] as const;
const FIELD_NAMES = ['bits 19:16', 'bits 15:12', 'bits 11:8', 'bits 7:4', 'bits 3:0'] as const;

/** A Thumb probe input the classifier cannot take (a lone first half of a 32-bit instruction, …). */
export class ThumbProbeInputError extends Error {
  override readonly name = 'ThumbProbeInputError';
}

/** When the kernel runs a probed Thumb instruction's handlers (and steps it). */
export type ThumbProbeCondition =
  /** Outside an IT block: always. */
  | { readonly source: 'always' }
  /**
   * Inside an IT block: only when the block's current condition (ITSTATE) passes; either way ITSTATE
   * advances past the instruction.
   */
  | { readonly source: 'it-block'; readonly cond: number }
  /** B<c> (16-bit and 32-bit): the branch's own condition, which its custom decoder installs. */
  | { readonly source: 'branch'; readonly cond: number };

interface ThumbProbeCommon {
  /** The table entry (by name) that decided, e.g. `LDR/STR (immediate)`. */
  readonly entry: string;
  /** 2 or 4: the kernel's breakpoint is 16-bit 0xDE18 over a 16-bit instruction, 32-bit 0xF7F0A018 over a 32-bit one. */
  readonly length: 2 | 4;
  /** Bytes the instruction may store below SP: 0 if none, or 'unknown' (register offset with SP). */
  readonly stackUse: number | 'unknown';
  /**
   * Registers the instruction uses (bitmask). The kernel has no Thumb register checker, so this is always
   * 0xffff ("assume everything"), as in the kernel.
   */
  readonly registersUsed: number;
  readonly condition: ThumbProbeCondition;
}

export type ThumbProbeDecision =
  | (ThumbProbeCommon & {
      readonly action: 'simulate';
      readonly handler: ThumbProbeHandler;
    })
  | (ThumbProbeCommon & {
      readonly action: 'emulate';
      readonly handler: ThumbProbeHandler;
      /**
       * The instruction slot's halfwords: the (renamed or rewritten) instruction, then `bx lr` (0x4770).
       * PUSH/POP become STMDB r9!, {…} / LDMIA r9!, {…} (r9 stands in for SP; LR for PUSH, PC for POP
       * travel as r8); a 16-bit high-register ADD/CMP/MOV runs as `<op> r1, r0` (r1 = Rdn, r0 = Rm, PC read
       * as address + 4); other 16-bit forms run unchanged on r0–r7.
       */
      readonly slot: readonly number[];
      /** 32-bit forms: where each annotated field's register went in the slot copy. */
      readonly renames: readonly RegisterRename[];
      /** LDM/STM (32-bit) copies: the slot's register window starts at this register (0, 2 or 3), else 0. */
      readonly registerBase: number;
    })
  | (ThumbProbeCommon & {
      readonly action: 'reject';
      readonly reason: string;
    });

function isWriteback(insn: number): boolean {
  return ((insn ^ 0x01000000) & 0x01200000) !== 0;
}

function checkField(type: ThumbRegType, reg: number, insn: number): string | null {
  switch (type) {
    case 'any':
    case 'same-as-16':
      return null;
    case 'no-pc':
    case 'no-pc-x':
      return reg === 15 ? 'must not be PC' : null;
    case 'no-pc-wb':
      return reg === 15 && isWriteback(insn) ? 'must not be PC when the base is written back' : null;
    case 'no-sp':
      return reg === 13 ? 'must not be SP' : null;
    case 'no-sp-pc':
    case 'no-sp-pc-x':
      return reg === 13 || reg === 15 ? 'must not be SP or PC' : null;
    case 'sp':
      return reg === 13 ? null : 'must be SP';
    case 'pc':
      return reg === 15 ? null : 'must be PC';
  }
}

function checkRegs(regs: ThumbRegFields | null, insn: number): string | null {
  if (regs === null) return null;
  for (let i = 0; i < 5; i++) {
    const t = regs[i];
    if (t === null || t === undefined) continue;
    const reg = (insn >>> FIELD_SHIFTS[i]!) & 0xf;
    const problem = checkField(t, reg, insn);
    if (problem !== null) return `register field ${FIELD_NAMES[i]} (r${reg}) ${problem}`;
  }
  return null;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}

/** The kernel's Thumb32 stack checker (THUMB32_STACK_TABLE) on the original instruction. */
function stackUse32(insn: number): number | 'unknown' {
  let matched = false;
  for (const e of THUMB32_STACK_TABLE) {
    if (!matched && (insn & e.mask) >>> 0 !== e.value) continue;
    if (e.type === 'or') {
      matched = true;
      continue;
    }
    switch (e.use) {
      case 'none':
        return 0;
      case 'unknown':
        return 'unknown';
      case 'imm8':
        return insn & 0xff;
      case 'imm8x4':
        return (insn & 0xff) * 4;
      case 'stmdb':
        // P (bit 24) is set in every matching encoding: 4 bytes per listed register.
        return (popcount(insn & 0xffff) - ((insn & (1 << 24)) === 0 ? 1 : 0)) * 4;
    }
  }
  return 0;
}

/** Handlers the kernel's stack checkers run for. */
function stackUse(handler: ThumbProbeHandler, insn: number): number | 'unknown' {
  if (handler === 't16-push') return popcount(insn & 0x1ff) * 4;
  if (handler === 't32-ldm-stm' || handler === 't32-ldrd-strd' || handler === 't32-load-store') return stackUse32(insn);
  return 0;
}

function stackReason(stack: number | 'unknown'): string {
  if (stack === 'unknown') return 'stack use below SP cannot be determined statically (register offset involving SP)';
  return `stores ${stack} bytes below SP, more than the ${MAX_STACK_USE} the exception entry leaves free`;
}

function slotOf(insn: number, length: 2 | 4): number[] {
  return length === 4 ? [insn >>> 16, insn & 0xffff, THUMB_SLOT_RETURN] : [insn & 0xffff, THUMB_SLOT_RETURN];
}

function renamed(insn: number, regs: ThumbRegFields | null): { insn: number; renames: RegisterRename[] } {
  let w = insn >>> 0;
  const renames: RegisterRename[] = [];
  if (regs === null) return { insn: w, renames };
  for (let i = 0; i < 5; i++) {
    const t = regs[i];
    if (t === null || t === undefined) continue;
    const shift = FIELD_SHIFTS[i]!;
    const original = (insn >>> shift) & 0xf;
    const slot = t === 'same-as-16' ? 2 : RENAMED_TO[i]!;
    w = ((w & ~(0xf << shift)) | (slot << shift)) >>> 0;
    renames.push({ field: shift, original, slot });
  }
  return { insn: w, renames };
}

type Common = Omit<ThumbProbeCommon, 'entry' | 'stackUse'>;

function finish(d: ThumbProbeDecision): ThumbProbeDecision {
  if (d.action === 'reject') return d;
  const stack = d.stackUse;
  if (stack === 'unknown' || stack < 0 || stack > MAX_STACK_USE) {
    return {
      action: 'reject',
      entry: d.entry,
      length: d.length,
      reason: stackReason(stack),
      stackUse: stack,
      registersUsed: d.registersUsed,
      condition: d.condition,
    };
  }
  return d;
}

function custom(handler: ThumbCustomHandler, insn: number, entry: string, c: Common): ThumbProbeDecision {
  const stack = stackUse(handler, insn);
  switch (handler) {
    case 't16-it':
      return { ...c, action: 'simulate', entry, handler, stackUse: stack };
    case 't16-branch-cond':
      return {
        ...c,
        condition: { source: 'branch', cond: (insn >>> 8) & 0xf },
        action: 'simulate',
        entry,
        handler,
        stackUse: stack,
      };
    case 't32-branch-cond':
      return {
        ...c,
        condition: { source: 'branch', cond: (insn >>> 22) & 0xf },
        action: 'simulate',
        entry,
        handler,
        stackUse: stack,
      };
    case 't16-push':
    case 't16-pop':
      return {
        ...c,
        action: 'emulate',
        entry,
        handler,
        stackUse: stack,
        slot: [handler === 't16-push' ? 0xe929 : 0xe8b9, insn & 0x1ff, THUMB_SLOT_RETURN],
        renames: [],
        registerBase: 0,
      };
    case 't16-hi-reg-ops':
      return {
        ...c,
        action: 'emulate',
        entry,
        handler,
        stackUse: stack,
        slot: [(insn & 0xff00) | 0x01, THUMB_SLOT_RETURN],
        renames: [],
        registerBase: 0,
      };
    case 't32-ldm-stm': {
      let reglist = insn & 0xffff;
      let rn = (insn >>> 16) & 0xf;
      const isLoad = (insn & (1 << 20)) !== 0;
      let base = -1;
      if (rn <= 12 && (reglist & 0xe000) === 0) base = 0;
      else if (rn >= 2 && (reglist & 0x8003) === 0) base = 2;
      else if (rn >= 3 && (reglist & 0x0007) === 0 && isLoad && (reglist & 0x8000) !== 0) base = 3;
      if (base < 0) return { ...c, action: 'simulate', entry, handler, stackUse: stack };
      rn -= base;
      reglist >>>= base;
      const w = ((insn & 0xfff00000) | (rn << 16) | reglist) >>> 0;
      return {
        ...c,
        action: 'emulate',
        entry,
        handler,
        stackUse: stack,
        slot: slotOf(w, 4),
        renames: [{ field: 16, original: rn + base, slot: rn }],
        registerBase: base,
      };
    }
  }
}

/** Options for a raw instruction (a decoded ThumbInstruction carries its own IT state). */
export interface ThumbProbeOptions {
  /** ITSTATE the instruction runs under (0 = outside an IT block). */
  readonly itState?: number;
}

function normalise(
  input: ThumbInstruction | number | readonly number[],
  options: ThumbProbeOptions,
): { insn: number; length: 2 | 4; itState: number; op: string | null } {
  if (typeof input === 'object' && !Array.isArray(input)) {
    const t = input as ThumbInstruction;
    return { insn: t.word >>> 0, length: t.length, itState: t.itState, op: t.op };
  }
  const itState = (options.itState ?? 0) & 0xff;
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 0 || input > 0xffffffff) {
      throw new ThumbProbeInputError(`not a Thumb instruction: ${input}`);
    }
    const n = input >>> 0;
    if (n > 0xffff) {
      if (!isThumb32(n >>> 16)) {
        throw new ThumbProbeInputError(
          `0x${n.toString(16)}: the first halfword 0x${(n >>> 16).toString(16)} is not the start of a 32-bit Thumb instruction`,
        );
      }
      return { insn: n, length: 4, itState, op: null };
    }
    if (isThumb32(n)) {
      throw new ThumbProbeInputError(
        `0x${n.toString(16)} is the first halfword of a 32-bit Thumb instruction; pass hw1 << 16 | hw2 or [hw1, hw2]`,
      );
    }
    return { insn: n, length: 2, itState, op: null };
  }
  const units = input as readonly number[];
  const hw1 = units[0];
  if (hw1 === undefined || !Number.isInteger(hw1) || hw1 < 0 || hw1 > 0xffff) {
    throw new ThumbProbeInputError(`not a Thumb halfword: ${String(hw1)}`);
  }
  if (!isThumb32(hw1)) return { insn: hw1, length: 2, itState, op: null };
  const hw2 = units[1];
  if (hw2 === undefined || !Number.isInteger(hw2) || hw2 < 0 || hw2 > 0xffff) {
    throw new ThumbProbeInputError(
      `0x${hw1.toString(16)} starts a 32-bit Thumb instruction but its second halfword is ${hw2 === undefined ? 'missing' : `not a halfword (${String(hw2)})`}`,
    );
  }
  return { insn: ((hw1 << 16) | hw2) >>> 0, length: 4, itState, op: null };
}

/**
 * Classifies a Thumb-state instruction for kprobes exactly as a Thumb-2 kernel's decode tables do (the
 * 16-bit or the 32-bit table by the first halfword): simulate, emulate out of line in a Thumb slot (with the
 * slot's halfwords and the register renaming), or reject with a reason; plus stack use below SP and the
 * condition under which the kernel runs it (the IT block's, a B<c>'s own, or always).
 *
 * Input: a decoded ThumbInstruction (its IT state is used), a number (a 16-bit instruction, or
 * `hw1 << 16 | hw2`), or the halfwords at the probe address (`[hw1]` or `[hw1, hw2]`; as the kernel reads
 * them, a second halfword after a 16-bit instruction belongs to the next instruction and is not read).
 */
export function classifyThumbProbe(
  input: ThumbInstruction | number | readonly number[],
  options: ThumbProbeOptions = {},
): ThumbProbeDecision {
  const { insn, length, itState, op } = normalise(input, options);
  const condition: ThumbProbeCondition = inItBlock(itState)
    ? { source: 'it-block', cond: itCondition(itState) }
    : { source: 'always' };
  const c: Common = { length, registersUsed: 0xffff, condition };
  const reject = (entry: string, reason: string): ThumbProbeDecision => ({
    ...c,
    action: 'reject',
    entry,
    reason,
    stackUse: 0,
  });
  let entries: readonly ThumbProbeEntry[] = length === 4 ? THUMB32_PROBE_TABLE : THUMB16_PROBE_TABLE;
  let matched = false;
  for (let i = 0; ; i++) {
    const e = entries[i]!;
    if (e.type === 'end') {
      const what = op !== null && op !== 'undefined' ? `${op}: ` : '';
      return reject(e.name, `${what}${e.name}`);
    }
    if (!matched && (insn & e.mask) >>> 0 !== e.value) continue;
    const regs = e.type === 'simulate' || e.type === 'emulate' ? e.regs : null;
    const problem = checkRegs(regs, insn);
    if (problem !== null) return reject(e.name, `${e.name}: ${problem}`);
    switch (e.type) {
      case 'table':
        entries = e.table;
        i = -1;
        matched = false;
        continue;
      case 'or':
        matched = true;
        continue;
      case 'reject':
        return reject(e.name, e.reason);
      case 'custom':
        return finish(custom(e.handler, insn, e.name, c));
      case 'simulate':
        return finish({
          ...c,
          action: 'simulate',
          entry: e.name,
          handler: e.handler,
          stackUse: stackUse(e.handler, insn),
        });
      case 'emulate': {
        const r = renamed(insn, e.regs);
        return finish({
          ...c,
          action: 'emulate',
          entry: e.name,
          handler: e.handler,
          stackUse: stackUse(e.handler, insn),
          slot: slotOf(r.insn, length),
          renames: r.renames,
          registerBase: 0,
        });
      }
    }
  }
}
