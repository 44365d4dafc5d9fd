/**
 * The LDM/STM part of A5.5 (branch, branch with link, and block data transfer): STMDA/STMIA/STMDB/STMIB,
 * LDMDA/LDMIA/LDMDB/LDMIB, their PUSH/POP aliases, STM/LDM (user registers) and LDM (exception return).
 */
import type { A32Common, Reg } from './common.js';
import { BOOL, bit, PC, same } from './common.js';
import { ACCESS_STORE, bitCount16, memoryAccessBits } from './load-store-common.js';
import { type Row, row } from './row.js';

/**
 * Block transfer. Addresses (ARM ARM): increment/before select IA (true/false), IB (true/true),
 * DA (false/false), DB (false/true); the lowest-numbered register uses the lowest address. With wback,
 * Rn is updated by ±4 × BitCount(registers).
 */
export interface LoadStoreMultipleInsn extends A32Common {
  readonly kind: 'loadStoreMultiple';
  readonly load: boolean;
  readonly rn: Reg;
  /** Register list: bit n set ⇔ rn is transferred. */
  readonly registers: number;
  /** U bit: addresses increase from Rn. */
  readonly increment: boolean;
  /** P bit: the first address is Rn ± 4 (IB/DB) rather than Rn (IA/DA). */
  readonly before: boolean;
  readonly wback: boolean;
  /** STM/LDM (user registers), S = 1 without PC in an LDM list: transfers the User-mode registers. */
  readonly userRegisters: boolean;
  /** LDM (exception return), S = 1 with PC in the list: also copies SPSR to CPSR. */
  readonly exceptionReturn: boolean;
}

/*
 * objdump's mnemonic by L:P:U (STM DA, IA, DB, IB; LDM DA, IA, DB, IB). LDMIA prints as `ldm`, STMIA as
 * `stmia` unless plain (below). Flags are computed as 0/1 numbers and fields looked up, without
 * data-dependent branches (see BOOL in common.ts).
 */
const OPS: readonly string[] = ['stmda', 'stmia', 'stmdb', 'stmib', 'ldmda', 'ldm', 'ldmdb', 'ldmib'];

function decodeLoadStoreMultiple(word: number, address: number, _op: string, _broken: boolean): LoadStoreMultipleInsn {
  const s = (word >>> 22) & 1;
  const w = (word >>> 21) & 1;
  const l = (word >>> 20) & 1;
  const rn = (word >>> 16) & 15;
  const registers = word & 0xffff;
  const count = bitCount16(registers);
  const er = l & s & (registers >>> 15);
  let op = OPS[(l << 2) | ((word >>> 23) & 3)]!;
  // LDMIA SP! is POP, STMDB SP! is PUSH; objdump spells a one-register list `ldmfd sp!` / `stmfd sp!`.
  const form = word & 0x0fff0000;
  if (form === 0x08bd0000) op = count === 1 ? 'ldmfd' : 'pop';
  else if (form === 0x092d0000) op = count === 1 ? 'stmfd' : 'push';
  else if ((form & 0x0ff00000) === 0x08800000) op = 'stm';
  return {
    isa: 'arm',
    kind: 'loadStoreMultiple',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (registers & (l - 1)),
    writes: (registers & -l) | ((1 << rn) & -w),
    setsFlags: BOOL[er]!,
    // Rn = PC, an empty list, S with writeback (user registers), an LDM writing back to a listed Rn.
    unpredictable: BOOL[same(rn, PC) | ((count - 1) >>> 31) | (s & w & (er ^ 1)) | (l & w & (registers >>> rn) & 1)]!,
    memory: memoryAccessBits(l ^ ACCESS_STORE, 4 * count, 0, 0),
    target: null,
    load: BOOL[l]!,
    rn,
    registers,
    increment: bit(word, 23),
    before: bit(word, 24),
    wback: BOOL[w]!,
    userRegisters: BOOL[s & (er ^ 1)]!,
    exceptionReturn: BOOL[er]!,
  };
}

export const loadStoreMultipleRows: readonly Row[] = [
  row('cccc 100p u0w0 nnnn rrrr rrrr rrrr rrrr', 'stm', decodeLoadStoreMultiple),
  row('cccc 100p u0w1 nnnn rrrr rrrr rrrr rrrr', 'ldm', decodeLoadStoreMultiple),
  row('cccc 100p u1w0 nnnn rrrr rrrr rrrr rrrr', 'stm', decodeLoadStoreMultiple),
  row('cccc 100p u1w1 nnnn rrrr rrrr rrrr rrrr', 'ldm', decodeLoadStoreMultiple),
];
