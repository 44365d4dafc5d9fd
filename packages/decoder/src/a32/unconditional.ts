/**
 * The unconditional space (A5.7, cond = 1111) apart from BLX (immediate) (branch.ts) and the
 * coprocessor forms (coprocessor.ts): CPS, SETEND, SETPAN, the memory hints PLD / PLDW / PLI,
 * CLREX and the barriers (A5.7.1), SRS and RFE. Advanced SIMD data-processing (1111 001x) and
 * element / structure loads and stores (1111 0100 xxx0) come from the asimd/ rows.
 * Everything else here is unallocated and falls through to UNDEFINED.
 */
import { asimdLoadStoreRows } from '../asimd/load-store.js';
import { tableRow } from '../asimd/row.js';
import { asimdDataProcessingRows } from '../asimd/rows.js';
import { COND_UNCONDITIONAL, LR, type MemoryAccess, NO_MEMORY, PC } from './common.js';
import { type Row, row } from './row.js';
import type {
  BarrierInsn,
  ChangeProcessorStateInsn,
  ClearExclusiveInsn,
  PreloadInsn,
  ReturnFromExceptionInsn,
  SetEndiannessInsn,
  SetPrivilegedAccessNeverInsn,
  StoreReturnStateInsn,
} from './system.js';
import { type UndefinedInsn, undefinedInsn } from './undefined.js';

/** Addressing-mode suffixes by P:U, as objdump spells them. */
const SRS_OPS: readonly string[] = ['srsda', 'srsia', 'srsdb', 'srsib'];
const RFE_OPS: readonly string[] = ['rfeda', 'rfeia', 'rfedb', 'rfeib'];

const PRELOAD: MemoryAccess = { access: 'preload', bytes: 0, exclusive: false, unprivileged: false };
const LOAD_TWO_WORDS: MemoryAccess = { access: 'load', bytes: 8, exclusive: false, unprivileged: false };
const STORE_TWO_WORDS: MemoryAccess = { access: 'store', bytes: 8, exclusive: false, unprivileged: false };

/**
 * CPS / CPSIE / CPSID: `imod` 0b10 enables and 0b11 disables the selected A/I/F masks; `changeMode`
 * (M) switches to `mode`.
 */
export function decodeChangeProcessorState(word: number, address: number, op: string): ChangeProcessorStateInsn {
  const imod = (word >>> 18) & 3;
  const changeMode = (word & 0x20000) !== 0;
  const mode = word & 31;
  const aif = (word >>> 6) & 7;
  return {
    isa: 'arm',
    kind: 'change-processor-state',
    address,
    word: word >>> 0,
    cond: COND_UNCONDITIONAL,
    op: imod === 2 ? 'cpsie' : imod === 3 ? 'cpsid' : op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable:
      (mode !== 0 && !changeMode) || (imod >= 2 ? aif === 0 : aif !== 0) || imod === 1 || (imod === 0 && !changeMode),
    memory: NO_MEMORY,
    target: null,
    imod,
    affectA: (aif & 4) !== 0,
    affectI: (aif & 2) !== 0,
    affectF: (aif & 1) !== 0,
    changeMode,
    mode,
  };
}

/** SETEND BE / LE. */
export function decodeSetEndianness(
  word: number,
  address: number,
  op: string,
  shouldBeBroken: boolean,
): SetEndiannessInsn {
  return {
    isa: 'arm',
    kind: 'set-endianness',
    address,
    word: word >>> 0,
    cond: COND_UNCONDITIONAL,
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: shouldBeBroken,
    memory: NO_MEMORY,
    target: null,
    bigEndian: (word & 0x200) !== 0,
  };
}

/** SETPAN #imm (ARMv8.1 Privileged Access Never). */
export function decodeSetPrivilegedAccessNever(
  word: number,
  address: number,
  op: string,
): SetPrivilegedAccessNeverInsn {
  return {
    isa: 'arm',
    kind: 'set-pan',
    address,
    word: word >>> 0,
    cond: COND_UNCONDITIONAL,
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    imm1: (word >>> 9) & 1,
  };
}

/** An Advanced SIMD data-processing encoding no instruction has. */
function decodeUnallocatedSimd(word: number, address: number): UndefinedInsn {
  return undefinedInsn(word, address);
}

/**
 * PLD / PLDW / PLI (immediate, literal): `[rn, #±imm12]`. `index` is the P bit: PLD and PLI always
 * have it; a PLDW-shaped word without it (1111 0100 x001) is an unallocated memory hint that executes
 * as a NOP and that objdump prints post-indexed.
 */
export function decodePreloadImmediate(word: number, address: number, op: string): PreloadInsn {
  const rn = (word >>> 16) & 15;
  const pli = op === 'pli';
  return {
    isa: 'arm',
    kind: 'preload',
    address,
    word: word >>> 0,
    cond: COND_UNCONDITIONAL,
    op,
    reads: 1 << rn,
    writes: 0,
    setsFlags: false,
    // There is no PLDW (literal).
    unpredictable: rn === PC && op === 'pldw',
    memory: PRELOAD,
    target: null,
    rn,
    add: (word & 0x00800000) !== 0,
    index: pli || (word & 0x01000000) !== 0,
    registerOffset: false,
    imm32: word & 0xfff,
    rm: -1,
    shiftType: 0,
    shiftAmount: 0,
    rs: -1,
  };
}

/**
 * PLD / PLDW / PLI (register): `[rn, ±rm, <shift> #n]` (`shiftType` / `shiftAmount` as in the
 * encoding: type 3 with amount 0 is RRX, types 1 and 2 with amount 0 shift by 32). Without the P bit
 * (1111 0110 x001) the word is an unallocated memory hint, executed as a NOP.
 */
export function decodePreloadRegister(word: number, address: number, op: string): PreloadInsn {
  const rn = (word >>> 16) & 15;
  const rm = word & 15;
  const pli = op === 'pli';
  return {
    isa: 'arm',
    kind: 'preload',
    address,
    word: word >>> 0,
    cond: COND_UNCONDITIONAL,
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 0,
    setsFlags: false,
    unpredictable: rm === PC || (rn === PC && op === 'pldw'),
    memory: PRELOAD,
    target: null,
    rn,
    add: (word & 0x00800000) !== 0,
    index: pli || (word & 0x01000000) !== 0,
    registerOffset: true,
    imm32: 0,
    rm,
    shiftType: (word >>> 5) & 3,
    shiftAmount: (word >>> 7) & 31,
    rs: -1,
  };
}

/**
 * A preload with a register-shifted register offset `[rn, ±rm, <shift> rs]`: UNDEFINED in the ARM ARM
 * (bit 4 must be 0), but objdump prints it, so it decodes to this shape with `unpredictable` set.
 */
export function decodePreloadRegisterShifted(word: number, address: number, op: string): PreloadInsn {
  const rn = (word >>> 16) & 15;
  const rm = word & 15;
  const rs = (word >>> 8) & 15;
  return {
    isa: 'arm',
    kind: 'preload',
    address,
    word: word >>> 0,
    cond: COND_UNCONDITIONAL,
    op,
    reads: (1 << rn) | (1 << rm) | (1 << rs),
    writes: 0,
    setsFlags: false,
    unpredictable: true,
    memory: PRELOAD,
    target: null,
    rn,
    add: (word & 0x00800000) !== 0,
    index: op === 'pli' || (word & 0x01000000) !== 0,
    registerOffset: true,
    imm32: 0,
    rm,
    shiftType: (word >>> 5) & 3,
    shiftAmount: 0,
    rs,
  };
}

/** CLREX. */
export function decodeClearExclusive(word: number, address: number, op: string): ClearExclusiveInsn {
  return {
    isa: 'arm',
    kind: 'clear-exclusive',
    address,
    word: word >>> 0,
    cond: COND_UNCONDITIONAL,
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
  };
}

/**
 * DSB / DMB / ISB with their 4-bit option, and the speculation barriers that reuse DSB encodings:
 * SSBB (DSB #0), PSSBB (DSB #4), DFB (DSB #12, ARMv8-R), and SB.
 */
export function decodeBarrier(word: number, address: number, op: string): BarrierInsn {
  return {
    isa: 'arm',
    kind: 'barrier',
    address,
    word: word >>> 0,
    cond: COND_UNCONDITIONAL,
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    option: word & 15,
  };
}

/**
 * SRS{DA,IA,DB,IB} SP{!}, #mode: store LR and SPSR of the current mode to the stack of `mode`.
 * `increment` is U; `wordHigher` (P == U) selects the second word of the pair; `wback` updates that
 * mode's SP.
 */
export function decodeStoreReturnState(word: number, address: number): StoreReturnStateInsn {
  const p = (word >>> 24) & 1;
  const u = (word >>> 23) & 1;
  return {
    isa: 'arm',
    kind: 'store-return-state',
    address,
    word: word >>> 0,
    cond: COND_UNCONDITIONAL,
    op: SRS_OPS[(p << 1) | u]!,
    reads: 1 << LR,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: STORE_TWO_WORDS,
    target: null,
    mode: word & 31,
    increment: u === 1,
    wordHigher: p === u,
    wback: (word & 0x00200000) !== 0,
  };
}

/** RFE{DA,IA,DB,IB} rn{!}: load PC and CPSR from [rn]. */
export function decodeReturnFromException(word: number, address: number): ReturnFromExceptionInsn {
  const rn = (word >>> 16) & 15;
  const p = (word >>> 24) & 1;
  const u = (word >>> 23) & 1;
  const wback = (word & 0x00200000) !== 0;
  return {
    isa: 'arm',
    kind: 'return-from-exception',
    address,
    word: word >>> 0,
    cond: COND_UNCONDITIONAL,
    op: RFE_OPS[(p << 1) | u]!,
    reads: 1 << rn,
    writes: wback ? (1 << PC) | (1 << rn) : 1 << PC,
    setsFlags: true,
    unpredictable: rn === PC,
    memory: LOAD_TWO_WORDS,
    target: null,
    rn,
    increment: u === 1,
    wordHigher: p === u,
    wback,
  };
}

/**
 * Rows in first-match order. Fields: I = imod, M = change mode, A / F (and the I after A) = mask bits,
 * m = mode or Rm, E = endianness, P = index / PAN bit, U = add, W = writeback, n = Rn, i = immediate,
 * t = shift type, s = Rs, x = barrier option, z = "(0)".
 */
export const unconditionalRows: readonly Row[] = [
  // Processor state (objdump wants the "(0)" bits 15:9 zero).
  row('1111 0001 0000 IIM0 0000 000A IF0m mmmm', 'cps', decodeChangeProcessorState),
  row('1111 0001 0000 0001 0000 00Ez zzzz zzzz', 'setend', decodeSetEndianness),
  row('1111 0001 0001 0000 0000 00P0 0000 0000', 'setpan', decodeSetPrivilegedAccessNever),

  // Advanced SIMD data-processing (asimd/rows-*.ts); what no row names is UNDEFINED.
  ...asimdDataProcessingRows.map(tableRow),
  row('1111 001- ---- ---- ---- ---- ---- ----', 'undefined', decodeUnallocatedSimd),
  // Advanced SIMD element / structure loads and stores (asimd/load-store.ts): the three rows cover 1111 0100
  // ---0; multiple-structure types 1011–1111 decode as UNDEFINED there.
  ...asimdLoadStoreRows,

  // Memory hints. objdump wants bits 15:12 = 1111 (the ARM ARM's "(1)(1)(1)(1)").
  row('1111 0100 U101 nnnn 1111 iiii iiii iiii', 'pli', decodePreloadImmediate),
  row('1111 0101 U101 nnnn 1111 iiii iiii iiii', 'pld', decodePreloadImmediate),
  row('1111 010P U001 nnnn 1111 iiii iiii iiii', 'pldw', decodePreloadImmediate),
  row('1111 0110 U101 nnnn 1111 iiii itt0 mmmm', 'pli', decodePreloadRegister),
  row('1111 0111 U101 nnnn 1111 iiii itt0 mmmm', 'pld', decodePreloadRegister),
  row('1111 011P U001 nnnn 1111 iiii itt0 mmmm', 'pldw', decodePreloadRegister),
  row('1111 0110 U101 nnnn 1111 ssss 0tt1 mmmm', 'pli', decodePreloadRegisterShifted),
  row('1111 0111 U101 nnnn 1111 ssss 0tt1 mmmm', 'pld', decodePreloadRegisterShifted),
  row('1111 011P U001 nnnn 1111 ssss 0tt1 mmmm', 'pldw', decodePreloadRegisterShifted),

  // CLREX and barriers.
  row('1111 0101 0111 1111 1111 0000 0001 1111', 'clrex', decodeClearExclusive),
  row('1111 0101 0111 1111 1111 0000 0100 0000', 'ssbb', decodeBarrier),
  row('1111 0101 0111 1111 1111 0000 0100 0100', 'pssbb', decodeBarrier),
  row('1111 0101 0111 1111 1111 0000 0100 1100', 'dfb', decodeBarrier),
  row('1111 0101 0111 1111 1111 0000 0100 xxxx', 'dsb', decodeBarrier),
  row('1111 0101 0111 1111 1111 0000 0101 xxxx', 'dmb', decodeBarrier),
  row('1111 0101 0111 1111 1111 0000 0110 xxxx', 'isb', decodeBarrier),
  row('1111 0101 0111 1111 1111 0000 0111 0000', 'sb', decodeBarrier),

  // Exception state (objdump wants every should-be bit exact).
  row('1111 100P U1W0 1101 0000 0101 000m mmmm', 'srs', decodeStoreReturnState),
  row('1111 100P U0W1 nnnn 0000 1010 0000 0000', 'rfe', decodeReturnFromException),
];
