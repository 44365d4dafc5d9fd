/**
 * The LDM/STM part of A5.5 (branch, branch with link, and block data transfer): STMDA/STMIA/STMDB/STMIB,
 * LDMDA/LDMIA/LDMDB/LDMIB, their PUSH/POP aliases, STM/LDM (user registers) and LDM (exception return).
 */
import type { A32Common, Reg } from './common.js';
import { PC } from './common.js';
import { ACCESS_LOAD, ACCESS_STORE, bitCount16, memoryAccess } from './load-store-common.js';
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

/* objdump's mnemonic by P:U (DA, IA, DB, IB). LDMIA prints as `ldm`, STMIA as `stmia` unless plain (below). */
const LDM_OPS: readonly string[] = ['ldmda', 'ldm', 'ldmdb', 'ldmib'];
const STM_OPS: readonly string[] = ['stmda', 'stmia', 'stmdb', 'stmib'];

function decodeLoadStoreMultiple(word: number, address: number, _op: string, _broken: boolean): LoadStoreMultipleInsn {
  const before = (word & 0x01000000) !== 0;
  const increment = (word & 0x00800000) !== 0;
  const s = (word & 0x00400000) !== 0;
  const wback = (word & 0x00200000) !== 0;
  const load = (word & 0x00100000) !== 0;
  const rn = (word >>> 16) & 15;
  const registers = word & 0xffff;
  const count = bitCount16(registers);
  const exceptionReturn = load && s && (registers & 0x8000) !== 0;
  let op: string;
  if (load) {
    // LDMIA SP! is POP; objdump spells a one-register POP as `ldmfd sp!`.
    if ((word & 0x0fff0000) === 0x08bd0000) op = count === 1 ? 'ldmfd' : 'pop';
    else op = LDM_OPS[(word >>> 23) & 3]!;
  } else if ((word & 0x0fff0000) === 0x092d0000) op = count === 1 ? 'stmfd' : 'push';
  else if ((word & 0x0ff00000) === 0x08800000) op = 'stm';
  else op = STM_OPS[(word >>> 23) & 3]!;
  return {
    isa: 'arm',
    kind: 'loadStoreMultiple',
    address,
    word,
    cond: word >>> 28,
    op,
    reads: load ? 1 << rn : (1 << rn) | registers,
    writes: (load ? registers : 0) | (wback ? 1 << rn : 0),
    setsFlags: exceptionReturn,
    unpredictable:
      rn === PC || count === 0 || (s && wback && !exceptionReturn) || (load && wback && (registers & (1 << rn)) !== 0),
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, 4 * count, false, false),
    target: null,
    load,
    rn,
    registers,
    increment,
    before,
    wback,
    userRegisters: s && !exceptionReturn,
    exceptionReturn,
  };
}

export const loadStoreMultipleRows: readonly Row[] = [
  row('cccc 100p u0w0 nnnn rrrr rrrr rrrr rrrr', 'stm', decodeLoadStoreMultiple),
  row('cccc 100p u0w1 nnnn rrrr rrrr rrrr rrrr', 'ldm', decodeLoadStoreMultiple),
  row('cccc 100p u1w0 nnnn rrrr rrrr rrrr rrrr', 'stm', decodeLoadStoreMultiple),
  row('cccc 100p u1w1 nnnn rrrr rrrr rrrr rrrr', 'ldm', decodeLoadStoreMultiple),
];
