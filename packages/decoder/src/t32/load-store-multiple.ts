/**
 * 32-bit Thumb LDM/STM (A6.3.5: LDMIA/LDMDB/STMIA/STMDB, incl. the PUSH.W/POP.W encodings, which objdump
 * 2.40 prints as `stmdb sp!` / `ldmia.w sp!`) and SRS/RFE. Same kinds and fields as A32.
 *
 * objdump also spells LDMIA with base PC and bit 13 clear as the ARMv8.1-M CLRM; on this profile that unit
 * is an UNPREDICTABLE LDM (base PC), so it keeps the LDM shape with objdump's mnemonic as `op`.
 */
import { LR, PC, SP } from '../a32/common.js';
import { ACCESS_LOAD, ACCESS_STORE, bitCount16, memoryAccess } from '../a32/load-store-common.js';
import type { LoadStoreMultipleInsn } from '../a32/load-store-multiple.js';
import type { ReturnFromExceptionInsn, StoreReturnStateInsn } from '../a32/system.js';
import { itCondition, type ThumbForm } from '../thumb/common.js';
import { type ThumbRow, t32 } from '../thumb/row.js';
import { branchInsideItBlock } from './load-store-common.js';

const LOAD_TWO_WORDS = memoryAccess(ACCESS_LOAD, 8, false, false);
const STORE_TWO_WORDS = memoryAccess(ACCESS_STORE, 8, false, false);

/**
 * LDM/STM IA (bits 24:23 = 01) and DB (10). The ARM ARM makes UNPREDICTABLE: base PC, fewer than two
 * registers, SP in the list, PC in an STM list, PC and LR both in an LDM list, writeback to a listed base,
 * and an LDM loading PC inside an IT block but not last in it.
 */
function decodeMultiple(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const load = (bits & 0x00100000) !== 0;
  const wback = (bits & 0x00200000) !== 0;
  const increment = (bits & 0x00800000) !== 0;
  const rn = (bits >>> 16) & 15;
  const registers = bits & 0xffff;
  const count = bitCount16(registers);
  const pcListed = (registers & 0x8000) !== 0;
  const unpredictable =
    rn === PC ||
    count < 2 ||
    (registers & (1 << SP)) !== 0 ||
    (wback && (registers & (1 << rn)) !== 0) ||
    (load ? pcListed && ((registers & (1 << LR)) !== 0 || branchInsideItBlock(itState)) : pcListed);
  const insn: ThumbForm<LoadStoreMultipleInsn> = {
    isa: 'thumb',
    kind: 'loadStoreMultiple',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: load ? 1 << rn : (1 << rn) | registers,
    writes: (load ? registers : 0) | (wback ? 1 << rn : 0),
    setsFlags: false,
    unpredictable,
    memory: memoryAccess(load ? ACCESS_LOAD : ACCESS_STORE, 4 * count, false, false),
    target: null,
    load,
    rn,
    registers,
    increment,
    before: !increment,
    wback,
    userRegisters: false,
    exceptionReturn: false,
    length: 4,
    itState,
  };
  return insn;
}

/**
 * SRSDB / SRSIA SP{!}, #mode. The Rn field should be SP (1101); objdump prints whatever it holds, and any
 * other value is UNPREDICTABLE.
 */
function decodeStoreReturnState(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const increment = (bits & 0x00800000) !== 0;
  const insn: ThumbForm<StoreReturnStateInsn> = {
    isa: 'thumb',
    kind: 'store-return-state',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << LR,
    writes: 0,
    setsFlags: false,
    unpredictable: ((bits >>> 16) & 15) !== SP,
    memory: STORE_TWO_WORDS,
    target: null,
    mode: bits & 31,
    increment,
    wordHigher: false,
    wback: (bits & 0x00200000) !== 0,
    length: 4,
    itState,
  };
  return insn;
}

/** RFEDB / RFEIA rn{!}: load PC and CPSR from the two words at the address. */
function decodeReturnFromException(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const rn = (bits >>> 16) & 15;
  const wback = (bits & 0x00200000) !== 0;
  const insn: ThumbForm<ReturnFromExceptionInsn> = {
    isa: 'thumb',
    kind: 'return-from-exception',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 1 << rn,
    writes: wback ? (1 << PC) | (1 << rn) : 1 << PC,
    setsFlags: true,
    unpredictable: rn === PC || branchInsideItBlock(itState),
    memory: LOAD_TWO_WORDS,
    target: null,
    rn,
    increment: (bits & 0x00800000) !== 0,
    wordHigher: false,
    wback,
    length: 4,
    itState,
  };
  return insn;
}

/* hw1 = 1110 100P U0WL nnnn; P:U = 01 IA, 10 DB (00 and 11: SRS / RFE). */
export const t32LoadStoreMultipleRows: readonly ThumbRow[] = [
  t32('1110 1000 1001 1111 rr0r rrrr rrrr rrrr', 'clrm', decodeMultiple),
  t32('1110 1000 00W1 nnnn 1100 0000 0000 0000', 'rfedb', decodeReturnFromException),
  t32('1110 1001 10W1 nnnn 1100 0000 0000 0000', 'rfeia', decodeReturnFromException),
  t32('1110 1000 00W0 nnnn 1100 0000 000m mmmm', 'srsdb', decodeStoreReturnState),
  t32('1110 1001 10W0 nnnn 1100 0000 000m mmmm', 'srsia', decodeStoreReturnState),
  t32('1110 1000 10W0 nnnn rrrr rrrr rrrr rrrr', 'stmia', decodeMultiple),
  t32('1110 1000 10W1 nnnn rrrr rrrr rrrr rrrr', 'ldmia', decodeMultiple),
  t32('1110 1001 00W0 nnnn rrrr rrrr rrrr rrrr', 'stmdb', decodeMultiple),
  t32('1110 1001 00W1 nnnn rrrr rrrr rrrr rrrr', 'ldmdb', decodeMultiple),
];
