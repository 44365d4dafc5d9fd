import { A32_BRANCH_MAX_OFFSET, A32_BRANCH_MIN_OFFSET } from '@armprobe/decoder';

/**
 * Exact branch reach.
 *
 * A32 `B`/`BL` (encoding A1): the CPU reads PC as the branch's address + 8, and the offset
 * target − (address + 8) is a signed 26-bit byte offset whose low two bits are zero: a multiple of 4 in
 * −33554432 … +33554428 (−32 MiB … +32 MiB − 4).
 *
 * T32 `B.W` (encoding T4): PC reads as address + 4; the offset target − (address + 4) is a signed 25-bit
 * byte offset whose low bit is zero: even, in −16777216 … +16777214 (±16 MiB).
 *
 * Address arithmetic wraps modulo 2^32, as the PC does.
 *
 * Why "exact" matters: the ARM kernel's optprobe pre-check computes the distance as slot − address + 8
 * where the architecture's is slot − (address + 8), i.e. it is off by 16 bytes. It therefore refuses a
 * handful of legal forward branches within 16 bytes of the +32 MiB limit, and lets through backward
 * branches up to 16 bytes beyond the −32 MiB limit, which only its branch encoder's own range check
 * (a warning and a zero instruction) then stops. armprobe checks the real offset, once.
 */

export const A32_BRANCH_MIN = A32_BRANCH_MIN_OFFSET;
export const A32_BRANCH_MAX = A32_BRANCH_MAX_OFFSET;
export const T32_BRANCH_MIN = -16777216;
export const T32_BRANCH_MAX = 16777214;

/** Why a branch cannot reach its target. */
export type BranchRangeFailure = 'out-of-range' | 'misaligned-target';

export type BranchRange =
  | { readonly ok: true; readonly offset: number }
  | { readonly ok: false; readonly reason: BranchRangeFailure; readonly offset: number };

function checkAddress(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`${name} ${value} is not a 32-bit address`);
  }
}

function reach(
  address: number,
  target: number,
  pcOffset: number,
  alignment: number,
  min: number,
  max: number,
): BranchRange {
  checkAddress('branch address', address);
  checkAddress('branch target', target);
  if (address % alignment !== 0) {
    throw new RangeError(`branch address ${address} is not ${alignment}-byte aligned`);
  }
  const offset = (target - (address + pcOffset)) | 0;
  if (offset % alignment !== 0) return { ok: false, reason: 'misaligned-target', offset };
  if (offset < min || offset > max) return { ok: false, reason: 'out-of-range', offset };
  return { ok: true, offset };
}

/** Can an A32 `B` at `address` (word aligned, else RangeError) reach `target`? */
export function a32BranchRange(address: number, target: number): BranchRange {
  return reach(address, target, 8, 4, A32_BRANCH_MIN, A32_BRANCH_MAX);
}

/** Can a T32 `B.W` at `address` (halfword aligned, else RangeError) reach `target`? */
export function t32BranchRange(address: number, target: number): BranchRange {
  return reach(address, target, 4, 2, T32_BRANCH_MIN, T32_BRANCH_MAX);
}
