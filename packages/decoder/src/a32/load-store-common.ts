/**
 * Shapes and helpers shared by the load/store decoders: single-register transfers (A5.3 word and
 * unsigned byte, A5.2.8/A5.2.9 extra and unprivileged extra forms) and the memory-access descriptors.
 */
import type { A32Common, MemoryAccess, Reg } from './common.js';

/** Fields every single-register (or LDRD/STRD register-pair) transfer carries, as the ARM ARM decode computes them. */
interface SingleTransferFields {
  /** True for LDR-family (including LDRD), false for STR-family. */
  readonly load: boolean;
  /** Bytes per access: 1 (byte), 2 (halfword), 4 (word), 8 (LDRD/STRD pair). */
  readonly size: 1 | 2 | 4 | 8;
  /** Sign-extending load (LDRSB, LDRSH, LDRSBT, LDRSHT). */
  readonly signed: boolean;
  /** LDRT/STRT family: performed with PL0 permissions. */
  readonly unprivileged: boolean;
  readonly rt: Reg;
  /** Second register of LDRD/STRD ((rt + 1) mod 16); -1 for every other transfer. */
  readonly rt2: Reg;
  readonly rn: Reg;
}

/**
 * Immediate-offset transfer: LDR/STR/LDRB/STRB/LDRT/… (imm12) and LDRH/LDRSB/LDRSH/LDRD/STRH/STRD/LDRHT/…
 * (imm8), including PC-relative (literal) forms.
 *
 * Address semantics (ARM ARM): offset_addr = add ? R[n] + imm32 : R[n] − imm32; address = index ? offset_addr : R[n];
 * if wback, R[n] = offset_addr. With rn = PC the base is Align(PC, 4) = this instruction's address + 8.
 */
export interface LoadStoreImmediateInsn extends A32Common, SingleTransferFields {
  readonly kind: 'loadStoreImmediate';
  readonly imm32: number;
  readonly index: boolean;
  readonly add: boolean;
  readonly wback: boolean;
  /**
   * rn = PC: the address accessed (address + 8 ± imm32 when index, else address + 8), which optprobe must
   * relocate; null when the base is not the PC.
   */
  readonly literalAddress: number | null;
}

/**
 * Register-offset transfer: the offset is R[m] shifted by (shiftType, shiftAmount) — extra forms always
 * use lsl #0. shiftType: 0 lsl, 1 lsr, 2 asr, 3 ror. shiftAmount is the decoded amount (DecodeImmShift):
 * lsr/asr with imm5 = 0 give 32; ror with amount 0 means RRX (rotate right one bit through carry).
 */
export interface LoadStoreRegisterInsn extends A32Common, SingleTransferFields {
  readonly kind: 'loadStoreRegister';
  readonly rm: Reg;
  readonly shiftType: number;
  readonly shiftAmount: number;
  readonly index: boolean;
  readonly add: boolean;
  readonly wback: boolean;
}

/* Shared immutable MemoryAccess descriptors, so decoding allocates nothing for them. */
const ACCESS_KINDS: readonly MemoryAccess['access'][] = ['load', 'store', 'swap'];
const MAX_BYTES = 64;
const ACCESS_TABLE: MemoryAccess[] = [];
for (let a = 0; a < ACCESS_KINDS.length; a++)
  for (let e = 0; e < 2; e++)
    for (let u = 0; u < 2; u++)
      for (let b = 0; b <= MAX_BYTES; b++)
        ACCESS_TABLE.push(
          Object.freeze({ access: ACCESS_KINDS[a]!, bytes: b, exclusive: e === 1, unprivileged: u === 1 }),
        );

export const ACCESS_LOAD = 0;
export const ACCESS_STORE = 1;
export const ACCESS_SWAP = 2;

/** The shared descriptor for an access (kind: ACCESS_LOAD / ACCESS_STORE / ACCESS_SWAP, bytes 0–64). */
export function memoryAccess(kind: number, bytes: number, exclusive: boolean, unprivileged: boolean): MemoryAccess {
  return ACCESS_TABLE[((kind * 2 + (exclusive ? 1 : 0)) * 2 + (unprivileged ? 1 : 0)) * (MAX_BYTES + 1) + bytes]!;
}

/** memoryAccess with 0/1 numbers for the flags (no branch): the descriptor for (kind, bytes, exclusive, unprivileged). */
export function memoryAccessBits(kind: number, bytes: number, exclusive: number, unprivileged: number): MemoryAccess {
  return ACCESS_TABLE[((kind * 2 + exclusive) * 2 + unprivileged) * (MAX_BYTES + 1) + bytes]!;
}

/** DecodeImmShift's amount for an imm5 field: lsr/asr #0 mean 32; lsl and ror keep imm5 (ror #0 = RRX). */
export function decodeShiftAmount(type: number, imm5: number): number {
  return imm5 === 0 && (type === 1 || type === 2) ? 32 : imm5;
}

/** Number of set bits in a 16-bit register list. */
export function bitCount16(mask: number): number {
  let m = mask & 0xffff;
  m = m - ((m >>> 1) & 0x5555);
  m = (m & 0x3333) + ((m >>> 2) & 0x3333);
  m = (m + (m >>> 4)) & 0x0f0f;
  return (m + (m >>> 8)) & 0x1f;
}
