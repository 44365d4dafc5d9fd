/**
 * Units of the 32-bit branch and miscellaneous-control space that ARMv7-A does not execute but GNU objdump
 * 2.40 prints with a name (the `named-undefined` kind, see thumb/types.ts):
 * - the Armv8.1-M branch-future and low-overhead-loop instructions, all in the BLX (immediate) space with
 *   H (bit 0) = 1, which ARMv7-A makes UNDEFINED;
 * - ARMv8's DCPS1–3 (hw1 0xF78F), UNDEFINED in ARMv7-A;
 * - the rest of the B<c>.W cond = 111x space that no miscellaneous-control row claims: objdump prints
 *   `undefined (bcc, cond=0xE)` / `(bcc, cond=0xF)`. The ARM ARM makes these UNDEFINED, or UNPREDICTABLE
 *   where they are a control instruction with broken should-be bits; this model executes them as UNDEFINED.
 */
import { type Reg, SP } from '../a32/common.js';
import { itCondition } from '../thumb/common.js';
import type { NamedUndefinedInsn } from '../thumb/types.js';

const BAD_REGS = (1 << SP) | (1 << 15);

function namedUndefined(
  bits: number,
  address: number,
  op: string,
  itState: number,
  rn: Reg | null,
  elementSize: number,
  imm: number,
  label: number | null,
  elseOffset: number,
  elseCond: number,
): NamedUndefinedInsn {
  return {
    isa: 'thumb',
    length: 4,
    itState,
    kind: 'named-undefined',
    address,
    word: bits >>> 0,
    cond: itCondition(itState),
    op,
    reads: 0,
    writes: 0,
    setsFlags: false,
    // objdump's `%S` operands: SP or PC as the loop count / branch register.
    unpredictable: rn !== null && ((1 << rn) & BAD_REGS) !== 0,
    memory: null,
    target: null,
    rn,
    elementSize,
    imm,
    label,
    elseOffset,
    elseCond,
  };
}

/** The loop offset of WLS / LE: imm10 (bits 10:1) × 4 + bit 11 × 2. */
function loopOffset(bits: number): number {
  return ((bits & 0x7fe) << 1) | ((bits >>> 10) & 2);
}

/**
 * WLS / WLSTP (forward to address + 4 + offset), DLS / DLSTP (no label), LE / LETP (back to address + 4 −
 * offset), LCTP. The `…TP` forms' element size is 8 << bits 21:20; LE with Rn = 1111 names LR.
 */
export function decodeLowOverheadLoop(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): NamedUndefinedInsn {
  const size = op === 'wlstp' || op === 'dlstp' ? 8 << ((bits >>> 20) & 3) : 0;
  switch (op) {
    case 'wls':
    case 'wlstp':
      return namedUndefined(
        bits,
        address,
        op,
        itState,
        (bits >>> 16) & 15,
        size,
        0,
        (address + 4 + loopOffset(bits)) >>> 0,
        0,
        0,
      );
    case 'dls':
    case 'dlstp':
      return namedUndefined(bits, address, op, itState, (bits >>> 16) & 15, size, 0, null, 0, 0);
    case 'le':
    case 'letp': {
      const lr = op === 'letp' || (bits & 0x00200000) === 0;
      return namedUndefined(
        bits,
        address,
        op,
        itState,
        lr ? 14 : null,
        0,
        0,
        (address + 4 - loopOffset(bits)) >>> 0,
        0,
        0,
      );
    }
    default:
      return namedUndefined(bits, address, op, itState, null, 0, 0, null, 0, 0);
  }
}

/**
 * BF / BFL / BFCSEL (a label) and BFX / BFLX (a register): the branch point's offset is hw1 bits 10:7 × 2;
 * the label is address + 4 + SignExtend(immA:immB:immC:'0') with immA 5 (BF), 7 (BFL) or 1 (BFCSEL) bits.
 * BFCSEL adds the else offset (branch offset + 4 with T = 1, + 2 without) and a condition (bits 21:18).
 */
export function decodeBranchFuture(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): NamedUndefinedInsn {
  const branchOffset = ((bits >>> 23) & 15) << 1;
  const low = ((bits & 0x7fe) << 1) | ((bits >>> 10) & 2);
  switch (op) {
    case 'bfx':
    case 'bflx':
      return namedUndefined(bits, address, op, itState, (bits >>> 16) & 15, 0, branchOffset, null, 0, 0);
    case 'bf': {
      const offset = (((((bits >>> 16) & 0x1f) << 12) | low) << 15) >> 15;
      return namedUndefined(bits, address, op, itState, null, 0, branchOffset, (address + 4 + offset) >>> 0, 0, 0);
    }
    case 'bfl': {
      const offset = (((((bits >>> 16) & 0x7f) << 12) | low) << 13) >> 13;
      return namedUndefined(bits, address, op, itState, null, 0, branchOffset, (address + 4 + offset) >>> 0, 0, 0);
    }
    default: {
      const offset = (((((bits >>> 16) & 1) << 12) | low) << 19) >> 19;
      const elseOffset = branchOffset + ((bits & 0x00020000) !== 0 ? 4 : 2);
      const elseCond = (bits >>> 18) & 15;
      return namedUndefined(
        bits,
        address,
        op,
        itState,
        null,
        0,
        branchOffset,
        (address + 4 + offset) >>> 0,
        elseOffset,
        elseCond,
      );
    }
  }
}

/** DCPS1–3 (ARMv8): `imm` is the target exception level, bits 1:0. */
export function decodeDebugChangeState(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): NamedUndefinedInsn {
  return namedUndefined(bits, address, op, itState, null, 0, bits & 3, null, 0, 0);
}

/** objdump's `undefined (bcc, cond=0xE|0xF)`: `imm` is the B<c>.W condition field (14 or 15). */
export function decodeReservedBranch(
  bits: number,
  address: number,
  op: string,
  _broken: boolean,
  itState: number,
): NamedUndefinedInsn {
  return namedUndefined(bits, address, op, itState, null, 0, (bits >>> 22) & 15, null, 0, 0);
}
