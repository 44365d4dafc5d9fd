import type { A32Instruction } from '../a32/types.js';
import { ARM_PROBE_TABLE, type ProbeEntry, type ProbeHandler, type RegFields, type RegType } from './arm-table.js';

/** The kernel's largest stack use below SP that a probed instruction may have (bytes). */
export const MAX_STACK_USE = 64;

/** Bit positions of the five 4-bit register fields the table annotates. */
const FIELD_SHIFTS = [16, 12, 8, 4, 0] as const;
/** The out-of-line copy's registers for renamed fields: 19:16 → r2, 15:12 → r0, 11:8 → r1, 3:0 → r3. */
const RENAMED_TO = [2, 0, 1, -1, 3] as const;

/** Where a renamed field's original register went in the instruction-slot copy. */
export interface RegisterRename {
  /** Bit position of the field in the original word (16, 12, 8 or 0). */
  readonly field: number;
  /** The register the probed instruction names there. */
  readonly original: number;
  /** The register the slot copy names there instead. */
  readonly slot: number;
}

interface ProbeCommon {
  /** The table entry (by name) that decided, e.g. `LDR/LDRB (immediate)`. */
  readonly entry: string;
  /**
   * Bytes the instruction may store below SP: 0 if none, or 'unknown'. The kernel's count for STMDA on SP is
   * 4 × (registers − 1), so an empty register list gives −4: such a decision is always a rejection.
   */
  readonly stackUse: number | 'unknown';
  /** Registers the instruction uses (bitmask); 0xffff means "assume everything" (kernel default). */
  readonly registersUsed: number;
}

export type ArmProbeDecision =
  | (ProbeCommon & {
      readonly action: 'simulate';
      readonly handler: ProbeHandler;
    })
  | (ProbeCommon & {
      readonly action: 'emulate';
      readonly handler: ProbeHandler;
      /** The word to copy into the instruction slot: renamed registers, condition AL. */
      readonly slotWord: number;
      readonly renames: readonly RegisterRename[];
      /** LDM/STM copies: the slot's register window starts at this register (0, 2 or 3), else 0. */
      readonly registerBase: number;
    })
  | (ProbeCommon & {
      readonly action: 'reject';
      readonly reason: string;
    });

function isWriteback(word: number): boolean {
  // Post-indexed (P = 0) always writes back; pre-indexed only with W = 1.
  return (word & (1 << 24)) === 0 || (word & (1 << 21)) !== 0;
}

function checkField(type: RegType, reg: number, word: number): string | null {
  switch (type) {
    case 'any':
      return null;
    case 'no-pc':
    case 'no-pc-x':
      return reg === 15 ? 'must not be PC' : null;
    case 'no-pc-wb':
      return reg === 15 && isWriteback(word) ? 'must not be PC when the base is written back' : null;
    case 'no-sp':
      return reg === 13 ? 'must not be SP' : null;
    case 'no-sp-pc':
      return reg === 13 || reg === 15 ? 'must not be SP or PC' : null;
    case 'sp':
      return reg === 13 ? null : 'must be SP';
    case 'pc':
      return reg === 15 ? null : 'must be PC';
  }
}

const FIELD_NAMES = ['bits 19:16', 'bits 15:12', 'bits 11:8', 'bits 7:4', 'bits 3:0'] as const;

function checkRegs(regs: RegFields | null, word: number): string | null {
  if (regs === null) return null;
  for (let i = 0; i < 5; i++) {
    const t = regs[i];
    if (t === null || t === undefined) continue;
    const reg = (word >>> FIELD_SHIFTS[i]!) & 0xf;
    const problem = checkField(t, reg, word);
    if (problem !== null) return `register field ${FIELD_NAMES[i]} (r${reg}) ${problem}`;
  }
  return null;
}

/** The kernel's register-usage rule: the annotated fields' registers. */
function registersOfFields(regs: RegFields | null, word: number): number {
  if (regs === null) return 0;
  let used = 0;
  for (let i = 0; i < 5; i++)
    if (regs[i] !== null && regs[i] !== undefined) used |= 1 << ((word >>> FIELD_SHIFTS[i]!) & 0xf);
  return used;
}

/** Handlers whose register use is known from their fields (the kernel's register checker). */
const FIELD_USAGE: ReadonlySet<ProbeHandler> = new Set<ProbeHandler>([
  'mrs',
  'saturating-arithmetic',
  'multiply-long',
  'multiply',
  'multiply-add-long',
  'multiply-add',
  'load',
  'load-extra',
  'store',
  'store-extra',
  'data-processing-reg',
  'data-processing-imm',
  'saturate',
  'reverse',
  'parallel-add-sub',
  'pack',
  'extend',
  'extend-add',
  'bitfield',
]);

function registersUsed(handler: ProbeHandler, regs: RegFields | null, word: number): number {
  if (handler === 'sev' || handler === 'wfe') return 0;
  if (handler === 'mov-ip-sp') return (1 << 12) | (1 << 13);
  if (handler === 'ldm-stm') return (word & 0xffff) | (1 << ((word >>> 16) & 0xf));
  if (handler === 'ldrd-strd') return registersOfFields(regs, word) | (1 << (((word >>> 12) & 0xf) + 1));
  if (FIELD_USAGE.has(handler)) return registersOfFields(regs, word);
  return 0xffff;
}

function popcount16(x: number): number {
  let n = 0;
  for (let v = x & 0xffff; v !== 0; v &= v - 1) n++;
  return n;
}

/** The kernel's stack checker: bytes stored below SP, for store-type handlers. */
function stackUse(handler: ProbeHandler, word: number): number | 'unknown' {
  if (handler !== 'store' && handler !== 'store-extra' && handler !== 'ldrd-strd' && handler !== 'ldm-stm') return 0;
  // STR/STRB (register) with SP as base or offset.
  if ((word & 0x0e10000f) >>> 0 === 0x0600000d || (word & 0x0e1f0000) >>> 0 === 0x060d0000) return 'unknown';
  // STRD/STRH (register) with SP as base or offset.
  if ((word & 0x0e5000bf) >>> 0 === 0x000000bd || (word & 0x0e5f00b0) >>> 0 === 0x000d00b0) return 'unknown';
  // STMDA/STMDB on SP.
  if ((word & 0x0edf0000) >>> 0 === 0x080d0000) {
    const n = popcount16(word);
    return (word & (1 << 24)) !== 0 ? 4 * n : 4 * (n - 1);
  }
  // STR/STRB Rt, [SP, #-imm12] (pre-indexed, subtract).
  if ((word & 0x0f9f0000) >>> 0 === 0x050d0000) return word & 0xfff;
  // STRD/STRH Rt, [SP, #-imm8] (pre-indexed, subtract).
  if ((word & 0x0fdf00b0) >>> 0 === 0x014d00b0) return ((word >>> 4) & 0xf0) | (word & 0xf);
  return 0;
}

function slotCopy(word: number, regs: RegFields): { slotWord: number; renames: RegisterRename[] } {
  let w = ((word & 0x0fffffff) | 0xe0000000) >>> 0;
  const renames: RegisterRename[] = [];
  for (let i = 0; i < 5; i++) {
    if (regs[i] === null || regs[i] === undefined || RENAMED_TO[i] === -1) continue;
    const shift = FIELD_SHIFTS[i]!;
    const original = (word >>> shift) & 0xf;
    const slot = RENAMED_TO[i]!;
    w = ((w & ~(0xf << shift)) | (slot << shift)) >>> 0;
    renames.push({ field: shift, original, slot });
  }
  return { slotWord: w, renames };
}

/** LDM/STM: the kernel copies the instruction with a shifted register window when it can. */
function decideLdmStm(word: number, entry: string): ArmProbeDecision {
  let reglist = word & 0xffff;
  let rn = (word >>> 16) & 0xf;
  const isLoad = (word & (1 << 20)) !== 0;
  const used = registersUsed('ldm-stm', null, word);
  const stack = stackUse('ldm-stm', word);
  if (stack === 'unknown' || stack < 0 || stack > MAX_STACK_USE) {
    return { action: 'reject', entry, reason: stackReason(stack), stackUse: stack, registersUsed: used };
  }
  let base = -1;
  if (rn <= 12 && (reglist & 0xe000) === 0) base = 0;
  else if (rn >= 2 && (reglist & 0x8003) === 0) base = 2;
  else if (rn >= 3 && (reglist & 0x0007) === 0 && isLoad && (reglist & 0x8000) !== 0) base = 3;
  if (base < 0) return { action: 'simulate', entry, handler: 'ldm-stm', stackUse: stack, registersUsed: used };
  rn -= base;
  reglist >>>= base;
  // Same mode bits, base and list shifted down by `base`, condition AL.
  const slotWord = ((word & 0x0ff00000) | 0xe0000000 | (rn << 16) | reglist) >>> 0;
  return {
    action: 'emulate',
    entry,
    handler: 'ldm-stm',
    slotWord,
    renames: [{ field: 16, original: rn + base, slot: rn }],
    registerBase: base,
    stackUse: stack,
    registersUsed: used,
  };
}

function stackReason(stack: number | 'unknown'): string {
  if (stack === 'unknown') return 'stack use below SP cannot be determined statically (register offset involving SP)';
  if (stack < 0) {
    return `stack use below SP computes as ${stack} bytes (STMDA on SP with an empty register list); the kernel refuses a negative stack use`;
  }
  return `stores ${stack} bytes below SP, more than the ${MAX_STACK_USE} the exception entry leaves free`;
}

/**
 * Classifies an ARM-state instruction for kprobes exactly as the kernel's ARM decode tables do:
 * simulate, emulate out of line (with the renamed slot copy), or reject with a reason; plus stack use
 * below SP and the registers used (for optprobes).
 */
export function classifyArmProbe(insn: A32Instruction | number): ArmProbeDecision {
  const word = (typeof insn === 'number' ? insn : insn.word) >>> 0;
  const op = typeof insn === 'number' ? null : insn.op;
  // The kernel matches the table against the word made unconditional (condition AL; the 0xF space stays), so
  // the fully specified `mov ip, sp` row (0xe1a0c00d) also catches `mov<c> ip, sp` in every condition.
  // Register checks, stack use and the slot copy read the original word, as the kernel's checkers do.
  const matchWord = word < 0xe0000000 ? ((word | 0xe0000000) & ~0x10000000) >>> 0 : word;
  let entries: readonly ProbeEntry[] = ARM_PROBE_TABLE;
  let matched = false;
  for (let i = 0; ; i++) {
    const e = entries[i]!;
    if (e.type === 'end') {
      const what = op !== null && op !== 'undefined' ? `${op}: ` : '';
      return { action: 'reject', entry: e.name, reason: `${what}${e.name}`, stackUse: 0, registersUsed: 0xffff };
    }
    if (!matched && (matchWord & e.mask) >>> 0 !== e.value) continue;
    const regs = e.type === 'simulate' || e.type === 'emulate' ? e.regs : null;
    const problem = checkRegs(regs, word);
    if (problem !== null) {
      return { action: 'reject', entry: e.name, reason: `${e.name}: ${problem}`, stackUse: 0, registersUsed: 0xffff };
    }
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
        return { action: 'reject', entry: e.name, reason: e.reason, stackUse: 0, registersUsed: 0xffff };
      case 'custom':
        return decideLdmStm(word, e.name);
      case 'simulate':
        return {
          action: 'simulate',
          entry: e.name,
          handler: e.handler,
          stackUse: 0,
          registersUsed: registersUsed(e.handler, e.regs, word),
        };
      case 'emulate': {
        const stack = stackUse(e.handler, word);
        const used = registersUsed(e.handler, e.regs, word);
        if (stack === 'unknown' || stack < 0 || stack > MAX_STACK_USE) {
          return { action: 'reject', entry: e.name, reason: stackReason(stack), stackUse: stack, registersUsed: used };
        }
        const { slotWord, renames } = slotCopy(word, e.regs);
        return {
          action: 'emulate',
          entry: e.name,
          handler: e.handler,
          slotWord,
          renames,
          registerBase: 0,
          stackUse: stack,
          registersUsed: used,
        };
      }
    }
  }
}
