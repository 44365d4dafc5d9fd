/**
 * 16-bit block transfers: PUSH (STMDB SP!), POP (LDMIA SP!), STMIA rn! and LDMIA rn{!} (writeback unless
 * rn is in the list), as the A32 kind `loadStoreMultiple`. objdump names them `push`, `pop`, `stmia` and
 * `ldmia`, whatever the list.
 */
import { PC, SP } from '../a32/common.js';
import { ACCESS_LOAD, ACCESS_STORE, bitCount16, memoryAccess } from '../a32/load-store-common.js';
import type { LoadStoreMultipleInsn } from '../a32/load-store-multiple.js';
import { itCondition, type ThumbForm } from '../thumb/common.js';
import { type ThumbRow, t16 } from '../thumb/row.js';
import { notLastInItBit } from './common.js';

function blockTransfer(
  bits: number,
  address: number,
  op: string,
  itState: number,
  load: boolean,
  rn: number,
  registers: number,
  increment: boolean,
  wback: boolean,
  unpredictable: boolean,
): ThumbForm<LoadStoreMultipleInsn> {
  const count = bitCount16(registers);
  return {
    isa: 'thumb',
    length: 2,
    itState,
    kind: 'loadStoreMultiple',
    address,
    word: bits,
    cond: itCondition(itState),
    op,
    reads: load ? 1 << rn : (1 << rn) | registers,
    writes: (load ? registers : 0) | (wback ? 1 << rn : 0),
    setsFlags: false,
    // An empty list is UNPREDICTABLE in every form.
    unpredictable: count === 0 || unpredictable,
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
  };
}

/* `1011 010M list`: PUSH {list, LR if M}. */
function decodePush(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const registers = (bits & 0xff) | ((bits & 0x100) << 6);
  return blockTransfer(bits, address, op, itState, false, SP, registers, false, true, false);
}

/* `1011 110P list`: POP {list, PC if P}; loading the PC is a branch, allowed only last in an IT block. */
function decodePop(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const registers = (bits & 0xff) | ((bits & 0x100) << 7);
  const unpredictable = ((registers >>> PC) & notLastInItBit(itState)) === 1;
  return blockTransfer(bits, address, op, itState, true, SP, registers, true, true, unpredictable);
}

/* `1100 L Rn list`: STMIA rn!, {list} / LDMIA rn{!}, {list} (no writeback when an LDM loads rn). */
function decodeLoadStoreMultiple(bits: number, address: number, op: string, _broken: boolean, itState: number) {
  const load = (bits & 0x800) !== 0;
  const rn = (bits >>> 8) & 7;
  const registers = bits & 0xff;
  const wback = !load || ((registers >>> rn) & 1) === 0;
  return blockTransfer(bits, address, op, itState, load, rn, registers, true, wback, false);
}

/** Rows in first-match order. Fields: M = LR, P = PC, n = Rn, r = register list. */
export const t16LoadStoreMultipleRows: readonly ThumbRow[] = [
  t16('1011 010M rrrr rrrr', 'push', decodePush),
  t16('1011 110P rrrr rrrr', 'pop', decodePop),
  t16('1100 0nnn rrrr rrrr', 'stmia', decodeLoadStoreMultiple),
  t16('1100 1nnn rrrr rrrr', 'ldmia', decodeLoadStoreMultiple),
];
