import { classifyArmProbe, PC } from '@armprobe/decoder';
import { replacingBranch } from '../branch/replacing-branch.js';

/** Size of the kernel's ARM `struct pt_regs`: r0–r15, CPSR, ORIG_r0 = 18 words. */
export const PT_REGS_BYTES = 72;
/** Largest frame the trampoline's `sub sp, sp, #imm` reserves with an unrotated 8-bit immediate, word aligned. */
export const MAX_FRAME_BYTES = 252;

/** What the kprobes classifier said about the probed instruction (the decoder's `ArmProbeDecision` fits). */
export interface ProbeClassification {
  readonly action: 'simulate' | 'emulate' | 'reject';
  readonly reason?: string;
}

export interface OptimizeQuery {
  /** Address of the probed ARM instruction (word aligned). */
  readonly address: number;
  /** The probed instruction. */
  readonly word: number;
  /** Where the probe's trampoline would be. */
  readonly slotAddress: number;
  readonly hasPostHandler: boolean;
  /** Bytes the instruction may store below SP, or 'unknown'. */
  readonly stackUse: number | 'unknown';
  /** The instruction reads or writes PC: it cannot run unchanged inside the trampoline. */
  readonly usesPc: boolean;
  readonly classification: ProbeClassification;
}

export type OptimizeRejection =
  /** The kprobes classifier rejects the instruction: it cannot be probed at all. */
  | 'classification-rejected'
  /** A post handler runs after single-stepping; an optprobe has no single-step to hook it to. */
  | 'post-handler'
  | 'stack-use-unknown'
  /** pt_regs frame + stack use does not fit `sub sp, sp, #imm8`. */
  | 'frame-too-large'
  | 'out-of-range'
  | 'misaligned-target';

export type OptimizeResult =
  | {
      readonly ok: true;
      /** The branch to write over the probed word. */
      readonly branchWord: number;
      /** Bytes the trampoline reserves below SP: pt_regs + the instruction's stack use, word aligned. */
      readonly frameBytes: number;
      /**
       * The original word can run unchanged in the trampoline (`usesPc` false) — the kernel's condition for
       * direct execution; otherwise the kernel single-steps it from the handler. `planOptimization`
       * relocates PC readers instead (see the trampoline builder).
       */
      readonly executeInTrampoline: boolean;
    }
  | { readonly ok: false; readonly reason: OptimizeRejection; readonly detail: string };

function check32(name: string, value: number, signedOk: boolean): void {
  const low = signedOk ? -0x80000000 : 0;
  if (!Number.isInteger(value) || value < low || value > 0xffffffff) {
    throw new RangeError(`${name} ${value} is not a 32-bit value`);
  }
}

/**
 * Can the probe at `address` become a branch to a trampoline at `slotAddress`? Typed result for every
 * "no"; a RangeError only for input that is not a probe (misaligned address, non-32-bit values).
 * Rules (issue 8): classifier did not reject it; no post handler; stack use known and pt_regs (72) + stack
 * use (rounded up to a word, so the frame keeps SP word aligned for the register stores) ≤ 252, the
 * largest word-aligned unrotated `sub sp, sp, #imm8`; an exact A32 branch from `address` reaches the slot.
 */
export function canOptimize(query: OptimizeQuery): OptimizeResult {
  const { address, word, slotAddress, stackUse } = query;
  check32('probe address', address, false);
  check32('probed word', word, true);
  check32('slot address', slotAddress, false);
  if (address % 4 !== 0) throw new RangeError(`probe address ${address} is not word aligned`);
  if (stackUse !== 'unknown' && (!Number.isInteger(stackUse) || stackUse < 0)) {
    throw new RangeError(`stack use ${stackUse} is not a byte count`);
  }

  const { classification } = query;
  if (classification.action === 'reject') {
    return {
      ok: false,
      reason: 'classification-rejected',
      detail: classification.reason ?? 'rejected by the classifier',
    };
  }
  if (query.hasPostHandler) {
    return { ok: false, reason: 'post-handler', detail: 'a probe with a post handler is never optimised' };
  }
  if (stackUse === 'unknown') {
    return { ok: false, reason: 'stack-use-unknown', detail: 'the instruction stores below SP by an unknown amount' };
  }
  const frameBytes = PT_REGS_BYTES + Math.ceil(stackUse / 4) * 4;
  if (frameBytes > MAX_FRAME_BYTES) {
    return {
      ok: false,
      reason: 'frame-too-large',
      detail: `pt_regs (${PT_REGS_BYTES}) + stack use (${stackUse}) = ${frameBytes} bytes > ${MAX_FRAME_BYTES}`,
    };
  }
  const branch = replacingBranch(address, word, slotAddress);
  if (!branch.ok) {
    const detail =
      branch.reason === 'out-of-range'
        ? `offset ${branch.offset} to the slot is outside −33554432 … +33554428`
        : `offset ${branch.offset} to the slot is not a multiple of 4`;
    return { ok: false, reason: branch.reason, detail };
  }
  return { ok: true, branchWord: branch.word, frameBytes, executeInTrampoline: !query.usesPc };
}

/**
 * `canOptimize` with the classification, stack use and PC use taken from the decoder's kprobes
 * classifier (`classifyArmProbe`).
 */
export function canOptimizeWord(query: {
  readonly address: number;
  readonly word: number;
  readonly slotAddress: number;
  readonly hasPostHandler: boolean;
}): OptimizeResult {
  check32('probed word', query.word, true);
  const classification = classifyArmProbe(query.word >>> 0);
  return canOptimize({
    ...query,
    classification,
    stackUse: classification.stackUse,
    usesPc: (classification.registersUsed & (1 << PC)) !== 0,
  });
}
