/**
 * Branches: B and BL with a static target (A5.5, A8.8.18 / A8.8.25), BLX (immediate) from the
 * unconditional space (A5.7), and the register branches of the miscellaneous space (A5.2.12):
 * BX, BXJ, BLX (register). The register rows live in `miscellaneousRows` (see system.ts), where
 * they must precede the MSR rows that objdump falls back to; their decoders live here.
 */
import { type A32Common, BOOL, COND_UNCONDITIONAL, LR, NO_MEMORY, PC, type Reg, same } from './common.js';
import { type Row, row } from './row.js';

/**
 * `b` / `bl` / `blx <label>`: branch to `target` = PC + 8 + `imm32`. `link` writes the return address
 * to LR; `exchange` (BLX immediate) switches to Thumb state, and its H bit makes `imm32` a multiple of 2.
 */
export interface BranchImmediateInsn extends A32Common {
  readonly kind: 'branch-immediate';
  /** Signed byte offset from PC (the instruction's address + 8). */
  readonly imm32: number;
  readonly link: boolean;
  /** BLX (immediate): the target is Thumb code. */
  readonly exchange: boolean;
  readonly target: number;
}

/**
 * `bx` / `bxj` / `blx rm`: branch to the address in rm, interworking on bit 0. BXJ behaves as BX on
 * every implementation without Jazelle hardware; BLX also writes the return address to LR.
 */
export interface BranchExchangeInsn extends A32Common {
  readonly kind: 'branch-exchange';
  readonly rm: Reg;
  readonly link: boolean;
  /** BXJ: the Jazelle-state request form. */
  readonly jazelle: boolean;
}

export type BranchInsn = BranchImmediateInsn | BranchExchangeInsn;

const PC_BIT = 1 << PC;
const LR_BIT = 1 << LR;

/** B / BL (`cccc 101L imm24`) and BLX immediate (`1111 101H imm24`). */
export function decodeBranchImmediate(word: number, address: number, op: string): BranchImmediateInsn {
  // 0/1 flags, no data-dependent branches (see BOOL in common.ts). Bits 31:28 = 1111 is COND_UNCONDITIONAL.
  const exchange = same(word >>> 28, COND_UNCONDITIONAL);
  const link = exchange | ((word >>> 24) & 1);
  // SignExtend(imm24:'00') (plus H:'0' for BLX).
  const imm32 = ((word << 8) >> 6) + ((word >>> 23) & 2 & -exchange);
  return {
    isa: 'arm',
    kind: 'branch-immediate',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: PC_BIT,
    writes: PC_BIT | (LR_BIT & -link),
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: (address + 8 + imm32) >>> 0,
    imm32,
    link: BOOL[link]!,
    exchange: BOOL[exchange]!,
  };
}

/** BX / BXJ / BLX (register): `cccc 0001 0010 1111 1111 1111 00op mmmm` (op 01 BX, 10 BXJ, 11 BLX). */
export function decodeBranchExchange(word: number, address: number, op: string): BranchExchangeInsn {
  const rm = word & 15;
  const link = (word & 0x30) === 0x30;
  const jazelle = (word & 0x30) === 0x20;
  return {
    isa: 'arm',
    kind: 'branch-exchange',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 1 << rm,
    writes: link ? PC_BIT | LR_BIT : PC_BIT,
    setsFlags: false,
    // BX pc is defined (a branch to PC + 8 in ARM state); BXJ pc and BLX pc are not.
    unpredictable: rm === PC && (link || jazelle),
    memory: NO_MEMORY,
    target: null,
    rm,
    link,
    jazelle,
  };
}

/**
 * Rows in first-match order. The BX/BXJ/BLX (register) rows are in `miscellaneousRows`.
 * Fields: c = condition, i = imm24, H = BLX halfword bit.
 */
export const branchRows: readonly Row[] = [
  row('cccc 1010 iiii iiii iiii iiii iiii iiii', 'b', decodeBranchImmediate),
  row('cccc 1011 iiii iiii iiii iiii iiii iiii', 'bl', decodeBranchImmediate),
  row('1111 101H iiii iiii iiii iiii iiii iiii', 'blx', decodeBranchImmediate),
];
