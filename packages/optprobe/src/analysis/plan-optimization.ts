import { classifyArmProbe, decodeA32 } from '@armprobe/decoder';
import { isAddressDependent, relocate } from '../relocate/relocate.js';
import { buildTrampoline, type Trampoline } from '../trampoline/build.js';
import { canOptimize, type OptimizeRejection } from './can-optimize.js';

/** Why a probe stays a breakpoint: `canOptimize`'s reasons, or a PC use the relocator cannot reproduce. */
export type PlanRejection = OptimizeRejection | 'uses-pc-not-relocatable';

export interface PlanQuery {
  /** Address of the probed ARM instruction (word aligned). */
  readonly address: number;
  /** The probed instruction (the original word, not the breakpoint). */
  readonly word: number;
  /** Where the trampoline would be written (`MAX_TRAMPOLINE_WORDS` words). */
  readonly slotAddress: number;
  /** Guest address of the host-call gate. */
  readonly gateAddress: number;
  /** Passed to the gate in r0. */
  readonly probeId: number;
  readonly hasPostHandler: boolean;
}

export type OptimizationPlan =
  | {
      readonly ok: true;
      /** The `B` to write over the probed word once the trampoline is in place. */
      readonly branchWord: number;
      readonly trampoline: Trampoline;
    }
  | { readonly ok: false; readonly reason: PlanRejection; readonly detail: string };

/**
 * Everything needed to optimise one probe: the analysis (`canOptimize` with the decoder's kprobes
 * classification), the relocation decision and the trampoline. `{ ok: false, reason, detail }` for every
 * "no" (the probe stays a breakpoint); `RangeError` only for input that is not a probe.
 */
export function planOptimization(query: PlanQuery): OptimizationPlan {
  const { address, word, slotAddress, gateAddress, probeId, hasPostHandler } = query;
  if (!Number.isInteger(word) || word < -0x80000000 || word > 0xffffffff) {
    throw new RangeError(`probed word ${word} is not a 32-bit value`);
  }
  const insn = decodeA32(word >>> 0, address >>> 0);
  const classification = classifyArmProbe(insn);
  const analysis = canOptimize({
    address,
    word,
    slotAddress,
    hasPostHandler,
    stackUse: classification.stackUse,
    usesPc: isAddressDependent(insn),
    classification,
  });
  if (!analysis.ok) return analysis;
  const relocation = relocate(insn, classification);
  if (relocation.mode === 'not-relocatable') {
    return { ok: false, reason: 'uses-pc-not-relocatable', detail: relocation.detail };
  }
  const trampoline = buildTrampoline({
    address,
    word: word >>> 0,
    insn,
    slotAddress,
    gateAddress,
    probeId,
    stackUse: classification.stackUse as number,
    classification,
  });
  return { ok: true, branchWord: analysis.branchWord, trampoline };
}
