/**
 * Thumb optprobes (the kernel has none): the analysis and the whole plan for one site.
 *
 * A `B.W` (4 bytes, ±16 MiB) replaces the probed instruction. A 32-bit instruction is replaced in place. A
 * 16-bit one is replaced together with the next instruction (its first halfword when that one is 32-bit: its
 * second halfword stays but is never reached), and only when
 * - neither is inside an IT block nor is an IT instruction (a B.W inside an IT block is UNPREDICTABLE
 *   unless last, and the trampoline runs outside any block),
 * - no branch in the function lands inside the replaced bytes, and the probed instruction is not a call
 *   (its return would land there) — the function scan of x86's optprobes;
 * - the function has no indirect branch (TBB/TBH, computed jumps), whose targets the scan cannot see;
 * - kprobes would accept the second instruction too (what it rejects must not run out of line).
 * A 32-bit instruction inside an IT block is refused as well (the B.W would be conditional and must be last).
 *
 * Beyond x86: when the trampoline sits where the B.W's second halfword is also a `bkpt` (`thumbTrappingSlot`),
 * a CPU entering the replaced bytes half way — a branch or a call's return to the second instruction, an
 * indirect branch, a context interrupted between the two instructions — takes a breakpoint debug event
 * there, which the host sends to the trampoline's second step (`detour`). Then landings inside are allowed.
 */
import {
  classifyThumbProbe,
  encodeThumbBW,
  inItBlock,
  type ThumbInstruction,
  type ThumbProbeDecision,
} from '@armprobe/decoder';
import { MAX_FRAME_BYTES } from '../analysis/can-optimize.js';
import { type BranchRangeFailure, t32BranchRange } from '../range/branch-range.js';
import { trampolineFrameBytes } from '../trampoline/build.js';
import { relocateThumb } from './relocate.js';
import type { ThumbFunctionScan } from './scan.js';
import { buildThumbTrampoline, type ThumbTrampoline } from './trampoline.js';

/** Why a Thumb probe stays a breakpoint. */
export type ThumbPlanRejection =
  /** The address is not an instruction of the scanned function. */
  | 'not-an-instruction'
  /** kprobes rejects the probed instruction. */
  | 'classification-rejected'
  | 'post-handler'
  | 'stack-use-unknown'
  | 'frame-too-large'
  /** The probed (or covered) instruction is inside an IT block. */
  | 'it-block'
  /** The probed (or covered) instruction is an IT instruction. */
  | 'it-instruction'
  /** A 16-bit probed instruction is the last of its code range: nothing to cover with it. */
  | 'end-of-function'
  /** A branch in the function lands inside the replaced bytes. */
  | 'branch-target-inside'
  /** The probed instruction is a call: its return address is inside the replaced bytes. */
  | 'call-return-inside'
  /** The function has an indirect branch (TBB/TBH, a computed PC write): landings cannot be known. */
  | 'indirect-branch-in-function'
  /** kprobes rejects the instruction the replacement also covers. */
  | 'covered-instruction-rejected'
  | 'table-branch'
  | 'uses-pc-not-relocatable'
  | BranchRangeFailure;

export interface ThumbPlanQuery {
  /** The probe address: where the `B.W` goes. */
  readonly address: number;
  /** The scan of the function the probe is in (`scanThumbFunction`). */
  readonly scan: ThumbFunctionScan;
  /**
   * Probe ids by address for every probe on an instruction the replacement may cover (the probe at
   * `address` must be there). A probe on the covered second instruction runs from the same trampoline.
   */
  readonly probes: ReadonlyMap<number, number>;
  /** Where the trampoline would be written (word aligned, `MAX_THUMB_TRAMPOLINE_WORDS` words). */
  readonly slotAddress: number;
  /** Guest address of the host-call gate. */
  readonly gateAddress: number;
  /** Some probe on a covered instruction has a post handler. */
  readonly hasPostHandler: boolean;
}

export type ThumbOptimizationPlan =
  | {
      readonly ok: true;
      /** The `B.W` to write at `address` (`hw1 << 16 | hw2`). */
      readonly branch: number;
      /** Its halfwords in memory order. */
      readonly branchHalfwords: readonly [number, number];
      /** The covered instructions (one, or two for a 16-bit probed instruction). */
      readonly covered: readonly ThumbInstruction[];
      /** Addresses of covered instructions with a probe, in order. */
      readonly probed: readonly number[];
      /**
       * Where a CPU that arrives at the second covered instruction (a branch, a call's return, an interrupted
       * context resuming) continues: the trampoline's second step. Non-null only for a pair whose B.W has a
       * `bkpt` as its second halfword (`thumbTrappingSlot`): the breakpoint debug event there is sent to
       * this address, so landings inside the replaced bytes are allowed. Null otherwise (then the function
       * scan must show no landing there).
       */
      readonly detour: number | null;
      readonly trampoline: ThumbTrampoline;
    }
  | { readonly ok: false; readonly reason: ThumbPlanRejection; readonly detail: string };

type Rejection = Extract<ThumbOptimizationPlan, { ok: false }>;

function hex(v: number): string {
  return `0x${(v >>> 0).toString(16)}`;
}

function reject(reason: ThumbPlanRejection, detail: string): Rejection {
  return { ok: false, reason, detail };
}

function itProblem(insn: ThumbInstruction, what: string): Rejection | null {
  if (insn.kind === 'if-then') return reject('it-instruction', `${what} at ${hex(insn.address)} is an IT instruction`);
  if (inItBlock(insn.itState)) {
    return reject('it-block', `${what} at ${hex(insn.address)} (${insn.op}) is inside an IT block`);
  }
  return null;
}

function decisionProblem(d: ThumbProbeDecision, covered: boolean): Rejection | null {
  if (d.action === 'reject')
    return reject(covered ? 'covered-instruction-rejected' : 'classification-rejected', d.reason);
  if (d.stackUse === 'unknown')
    return reject('stack-use-unknown', 'the instruction stores below SP by an unknown amount');
  const frame = trampolineFrameBytes(d.stackUse);
  if (frame > MAX_FRAME_BYTES) return reject('frame-too-large', `a ${frame}-byte frame exceeds ${MAX_FRAME_BYTES}`);
  return null;
}

/**
 * Which instructions a `B.W` at `address` would cover, or why it cannot go there (the rules in the module
 * comment). Needs only the scan; the probes and the trampoline's place do not matter here.
 */
export function thumbCover(
  scan: ThumbFunctionScan,
  address: number,
  options: { readonly landings?: 'refuse' | 'detour' } = {},
): { readonly ok: true; readonly covered: readonly ThumbInstruction[] } | Rejection {
  const detour = options.landings === 'detour';
  const first = scan.instructions.get(address >>> 0);
  if (first === undefined) {
    return reject('not-an-instruction', `${hex(address)} is not an instruction boundary of the scanned function`);
  }
  const firstIt = itProblem(first, 'the probed instruction');
  if (firstIt !== null) return firstIt;
  if (first.length === 4) return { ok: true, covered: [first] };
  const secondAddress = (address + 2) >>> 0;
  const second = scan.instructions.get(secondAddress);
  if (second === undefined) {
    return reject(
      'end-of-function',
      `the 16-bit ${first.op} at ${hex(address)} is the last instruction of its code range`,
    );
  }
  const secondIt = itProblem(second, 'the covered instruction');
  if (secondIt !== null) return secondIt;
  // Landings strictly inside the replaced bytes: on the second instruction (and, for a 32-bit second one, on
  // its second halfword). The probed instruction's own branch there is relocated to the trampoline's step.
  const inside = [
    ...(scan.landings.get(secondAddress) ?? []),
    ...(second.length === 4 ? (scan.landings.get((address + 4) >>> 0) ?? []) : []),
  ].filter((l) => !(l.why === 'branch' && l.from === address >>> 0));
  const landing = inside[0];
  if (landing !== undefined && !detour) {
    return landing.why === 'call-return' && landing.from === address >>> 0
      ? reject(
          'call-return-inside',
          `${first.op} at ${hex(address)} is a call: it returns to ${hex(secondAddress)}, inside the replaced bytes`,
        )
      : reject(
          landing.why === 'call-return' ? 'call-return-inside' : 'branch-target-inside',
          `${hex(secondAddress)} is ${landing.why === 'branch' ? 'the target of the branch' : 'the return address of the call'} at ${hex(landing.from)}`,
        );
  }
  if (scan.indirect !== null && !detour) {
    return reject(
      'indirect-branch-in-function',
      `the function has an indirect branch (${scan.indirect.op} at ${hex(scan.indirect.address)}): landings inside ${hex(address)}…${hex(address + 4)} cannot be ruled out`,
    );
  }
  return { ok: true, covered: [first, second] };
}

/**
 * Everything needed to optimise one Thumb site: the analysis, the relocations and the trampoline.
 * `{ ok: false, reason, detail }` for every "no"; `RangeError` only for input that is not a probe.
 */
export function planThumbOptimization(query: ThumbPlanQuery): ThumbOptimizationPlan {
  const { address, scan, probes, slotAddress, gateAddress } = query;
  if (!Number.isInteger(address) || address < 0 || address > 0xffffffff || address % 2 !== 0) {
    throw new RangeError(`Thumb probe address ${address} is not a halfword-aligned 32-bit address`);
  }
  if (!probes.has(address >>> 0)) throw new RangeError(`no probe id for the probe at ${hex(address)}`);
  const first = scan.instructions.get(address >>> 0);
  if (first === undefined) {
    return reject('not-an-instruction', `${hex(address)} is not an instruction boundary of the scanned function`);
  }
  const firstDecision = classifyThumbProbe(first);
  const firstProblem = decisionProblem(firstDecision, false);
  if (firstProblem?.reason === 'classification-rejected') return firstProblem;
  if (query.hasPostHandler) return reject('post-handler', 'a probe with a post handler is never optimised');
  if (firstProblem !== null) return firstProblem;
  const range = t32BranchRange(address >>> 0, slotAddress >>> 0);
  if (!range.ok) {
    return reject(
      range.reason,
      range.reason === 'out-of-range'
        ? `offset ${range.offset} from ${hex(address)} to the slot is outside −16777216 … +16777214`
        : `offset ${range.offset} to the slot is odd`,
    );
  }
  const branch = encodeThumbBW(address >>> 0, slotAddress >>> 0);
  const trapping = isTrappingHalfword(branch & 0xffff);
  const cover = thumbCover(scan, address, { landings: trapping ? 'detour' : 'refuse' });
  if (!cover.ok) return cover;
  const decisions: ThumbProbeDecision[] = [firstDecision];
  for (const insn of cover.covered.slice(1)) {
    const d = classifyThumbProbe(insn);
    const problem = decisionProblem(d, true);
    if (problem !== null) return problem;
    decisions.push(d);
  }
  for (let i = 0; i < cover.covered.length; i++) {
    const r = relocateThumb(cover.covered[i]!, decisions[i]!);
    if (r.how === 'not-relocatable') return reject(r.reason, r.detail);
  }
  const steps = cover.covered.map((insn, i) => ({
    insn,
    decision: decisions[i]!,
    probeId: probes.get(insn.address >>> 0) ?? null,
  }));
  const trampoline = buildThumbTrampoline({ steps, slotAddress, gateAddress });
  return {
    ok: true,
    branch,
    branchHalfwords: [branch >>> 16, branch & 0xffff],
    covered: cover.covered,
    probed: steps.filter((s) => s.probeId !== null).map((s) => s.insn.address >>> 0),
    trampoline,
    detour: trapping && cover.covered.length === 2 ? trampoline.steps[1]!.start : null,
  };
}

/** A B.W second halfword that is also a `bkpt #imm8` (0xBExx) when executed on its own. */
function isTrappingHalfword(hw2: number): boolean {
  return (hw2 & 0xff00) === 0xbe00;
}

/**
 * The first word-aligned trampoline address at or after `from` (within 4 KiB) whose B.W from `address` has a
 * `bkpt` as its second halfword, or null. Such a B.W traps where it is entered half way: 0xBExx is
 * `10 J1 1 J2 imm11` with J1 = J2 = 1 and imm11<10:8> = 110, i.e. an offset within ±4 MiB whose bits 11:9 are
 * 110 — one 512-byte window in every 4 KiB.
 */
export function thumbTrappingSlot(address: number, from: number): number | null {
  for (let slot = (from + 3) & ~3; slot < from + 4096; slot += 4) {
    const range = t32BranchRange(address >>> 0, slot >>> 0);
    if (range.ok && isTrappingHalfword(encodeThumbBW(address >>> 0, slot >>> 0) & 0xffff)) return slot >>> 0;
  }
  return null;
}
