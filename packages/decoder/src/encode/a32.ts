/**
 * A32 instruction writer: the encodings other packages emit (optprobe trampolines, jump labels, kprobes
 * breakpoints). It knows nothing about the code it is writing for; relocating an existing instruction
 * is the relocator's job, which asks this writer for the replacement encodings.
 *
 * Every function returns the 32-bit word as an unsigned number and throws `EncodeError` when the
 * operands cannot be encoded (out of range, misaligned, or an operand the encoding cannot take).
 */

/** Why an encoding was refused. */
export type EncodeErrorCode = 'out-of-range' | 'misaligned' | 'invalid-operand';

export class EncodeError extends Error {
  override readonly name = 'EncodeError';
  constructor(
    readonly code: EncodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The architected NOP (ARMv6K+), inside the ARMv7 concurrent-modification safe set. */
export const ARM_NOP = 0xe320f000;

/** Branch offsets (target − (address + 8)) that B, BL and BLX can encode: a signed 26-bit byte offset. */
export const A32_BRANCH_MIN_OFFSET = -33554432;
export const A32_BRANCH_MAX_OFFSET = 33554428;

const AL = 14;

function checkRegister(name: string, r: number): void {
  if (!Number.isInteger(r) || r < 0 || r > 15)
    throw new EncodeError('invalid-operand', `${name} must be r0–r15, got ${r}`);
}

/** Condition 0 (EQ) … 14 (AL); 15 is the unconditional space and is not a condition. */
function checkCondition(cond: number): void {
  if (!Number.isInteger(cond) || cond < 0 || cond > 14) {
    throw new EncodeError('invalid-operand', `condition must be 0–14, got ${cond}`);
  }
}

function checkAddress(name: string, a: number): void {
  if (!Number.isInteger(a) || a < 0 || a > 0xffffffff) {
    throw new EncodeError('invalid-operand', `${name} must be a 32-bit address, got ${a}`);
  }
}

/** target − (from + 8), as a signed 32-bit difference (addresses wrap modulo 2^32). */
function branchOffset(from: number, to: number): number {
  checkAddress('from', from);
  checkAddress('to', to);
  return (to - ((from + 8) >>> 0)) | 0;
}

function checkBranchRange(what: string, from: number, to: number, offset: number, max: number): void {
  if (offset < A32_BRANCH_MIN_OFFSET || offset > max) {
    throw new EncodeError(
      'out-of-range',
      `${what} from 0x${from.toString(16)} to 0x${to.toString(16)}: offset ${offset} is outside ${A32_BRANCH_MIN_OFFSET}…${max}`,
    );
  }
}

function encodeBranch(what: string, link: number, from: number, to: number, cond: number): number {
  checkCondition(cond);
  const offset = branchOffset(from, to);
  if ((offset & 3) !== 0) {
    throw new EncodeError(
      'misaligned',
      `${what} target 0x${to.toString(16)} is not word aligned relative to 0x${from.toString(16)}`,
    );
  }
  checkBranchRange(what, from, to, offset, A32_BRANCH_MAX_OFFSET);
  return ((cond << 28) | 0x0a000000 | link | ((offset >> 2) & 0xffffff)) >>> 0;
}

/** `B<c> to` at address `from`. */
export function encodeB(from: number, to: number, cond = AL): number {
  return encodeBranch('B', 0, from, to, cond);
}

/** `BL<c> to` at address `from` (writes LR). */
export function encodeBL(from: number, to: number, cond = AL): number {
  return encodeBranch('BL', 0x01000000, from, to, cond);
}

/** `BLX to` (immediate) at `from`: calls Thumb code at a halfword-aligned target (H bit = offset bit 1). */
export function encodeBLX(from: number, to: number): number {
  const offset = branchOffset(from, to);
  if ((offset & 1) !== 0) {
    throw new EncodeError('misaligned', `BLX target 0x${to.toString(16)} is not halfword aligned`);
  }
  checkBranchRange('BLX', from, to, offset, A32_BRANCH_MAX_OFFSET + 2);
  return (0xfa000000 | (((offset >> 1) & 1) << 24) | ((offset >> 2) & 0xffffff)) >>> 0;
}

/** `BX<c> rm`. */
export function encodeBX(rm: number, cond = AL): number {
  checkRegister('rm', rm);
  checkCondition(cond);
  return ((cond << 28) | 0x012fff10 | rm) >>> 0;
}

/** `LDR<c> rt, [pc, #±imm12]` loading the word at `literalAddress` from an instruction at `from`. */
export function encodeLdrLiteral(rt: number, from: number, literalAddress: number, cond = AL): number {
  checkRegister('rt', rt);
  checkCondition(cond);
  checkAddress('from', from);
  checkAddress('literalAddress', literalAddress);
  const offset = (literalAddress - ((from + 8) >>> 0)) | 0;
  if (offset < -4095 || offset > 4095) {
    throw new EncodeError('out-of-range', `LDR literal offset ${offset} is outside −4095…4095`);
  }
  const up = offset >= 0 ? 0x00800000 : 0;
  return ((cond << 28) | 0x051f0000 | up | (rt << 12) | Math.abs(offset)) >>> 0;
}

/** Addressing of LDR/STR (immediate), in the ARM ARM's terms: pre-index (`index`) and base writeback. */
export interface IndexMode {
  readonly index: boolean;
  readonly wback: boolean;
}

const OFFSET_ADDRESSING: IndexMode = { index: true, wback: false };

function encodeWordTransfer(
  load: boolean,
  rt: number,
  rn: number,
  offset: number,
  mode: IndexMode,
  cond: number,
): number {
  const what = load ? 'LDR' : 'STR';
  checkRegister('rt', rt);
  checkRegister('rn', rn);
  checkCondition(cond);
  if (!Number.isInteger(offset) || offset < -4095 || offset > 4095) {
    throw new EncodeError('out-of-range', `${what} immediate offset ${offset} is outside −4095…4095`);
  }
  // Post-indexed addressing always writes back (P = 0, W = 1 would be the unprivileged LDRT/STRT).
  if (!mode.index && !mode.wback) {
    throw new EncodeError('invalid-operand', `${what} post-indexed addressing always writes back (wback must be true)`);
  }
  if (mode.wback && (rn === 15 || rn === rt)) {
    throw new EncodeError('invalid-operand', `${what} with writeback cannot use rn = ${rn} (UNPREDICTABLE)`);
  }
  const p = mode.index ? 0x01000000 : 0;
  const w = mode.index && mode.wback ? 0x00200000 : 0;
  const up = offset >= 0 ? 0x00800000 : 0;
  const l = load ? 0x00100000 : 0;
  return ((cond << 28) | 0x04000000 | p | up | w | l | (rn << 16) | (rt << 12) | Math.abs(offset)) >>> 0;
}

/** `LDR<c> rt, [rn, #±offset]` (or pre-/post-indexed with writeback per `mode`). */
export function encodeLdrImm(rt: number, rn: number, offset: number, mode = OFFSET_ADDRESSING, cond = AL): number {
  return encodeWordTransfer(true, rt, rn, offset, mode, cond);
}

/** `STR<c> rt, [rn, #±offset]` (or pre-/post-indexed with writeback per `mode`). */
export function encodeStrImm(rt: number, rn: number, offset: number, mode = OFFSET_ADDRESSING, cond = AL): number {
  return encodeWordTransfer(false, rt, rn, offset, mode, cond);
}

/** Block transfer modes: increment/decrement, after/before. */
export type BlockMode = 'ia' | 'ib' | 'da' | 'db';

const BLOCK_MODE_BITS: Record<BlockMode, number> = {
  da: 0,
  ia: 0x00800000,
  db: 0x01000000,
  ib: 0x01800000,
};

function encodeBlock(
  load: boolean,
  rn: number,
  registers: number,
  mode: BlockMode,
  wback: boolean,
  cond: number,
): number {
  const what = load ? 'LDM' : 'STM';
  checkRegister('rn', rn);
  checkCondition(cond);
  if (!Number.isInteger(registers) || registers <= 0 || registers > 0xffff) {
    throw new EncodeError('invalid-operand', `${what} register mask must be a non-empty 16-bit mask, got ${registers}`);
  }
  const bits = BLOCK_MODE_BITS[mode];
  if (bits === undefined)
    throw new EncodeError('invalid-operand', `${what} mode must be ia, ib, da or db, got ${mode}`);
  if (rn === 15) throw new EncodeError('invalid-operand', `${what} cannot use the PC as base (UNPREDICTABLE)`);
  return (
    ((cond << 28) | 0x08000000 | bits | (wback ? 0x00200000 : 0) | (load ? 0x00100000 : 0) | (rn << 16) | registers) >>>
    0
  );
}

/** `LDM{mode}<c> rn{!}, {registers}` (`registers`: bit n = rn). */
export function encodeLdm(rn: number, registers: number, mode: BlockMode = 'ia', wback = false, cond = AL): number {
  return encodeBlock(true, rn, registers, mode, wback, cond);
}

/** `STM{mode}<c> rn{!}, {registers}` (`registers`: bit n = rn). */
export function encodeStm(rn: number, registers: number, mode: BlockMode = 'ia', wback = false, cond = AL): number {
  return encodeBlock(false, rn, registers, mode, wback, cond);
}

/**
 * The 12-bit modified immediate (rotation:imm8) for `value`, or null when no rotation of an 8-bit value
 * produces it. Chooses the smallest rotation, as assemblers do.
 */
export function encodeModifiedImmediate(value: number): number | null {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) return null;
  const v = value >>> 0;
  for (let rot = 0; rot < 16; rot++) {
    // value = imm8 ROR (2 × rot)  ⇔  imm8 = value ROL (2 × rot)
    const s = 2 * rot;
    const imm8 = s === 0 ? v : ((v << s) | (v >>> (32 - s))) >>> 0;
    if (imm8 <= 0xff) return (rot << 8) | imm8;
  }
  return null;
}

function modifiedImmediate(what: string, imm: number): number {
  const field = encodeModifiedImmediate(imm);
  if (field === null) {
    throw new EncodeError('out-of-range', `${what} immediate ${imm} is not an 8-bit value rotated by an even amount`);
  }
  return field;
}

function encodeDataProcessingImm(
  what: string,
  opcode: number,
  rd: number,
  rn: number,
  imm: number,
  cond: number,
): number {
  checkRegister('rd', rd);
  checkRegister('rn', rn);
  checkCondition(cond);
  return ((cond << 28) | 0x02000000 | (opcode << 21) | (rn << 16) | (rd << 12) | modifiedImmediate(what, imm)) >>> 0;
}

function encodeDataProcessingReg(opcode: number, rd: number, rn: number, rm: number, cond: number): number {
  checkRegister('rd', rd);
  checkRegister('rn', rn);
  checkRegister('rm', rm);
  checkCondition(cond);
  return ((cond << 28) | (opcode << 21) | (rn << 16) | (rd << 12) | rm) >>> 0;
}

const OPC_SUB = 0b0010;
const OPC_ADD = 0b0100;
const OPC_MOV = 0b1101;

/** `ADD<c> rd, rn, #imm` (modified immediate). */
export function encodeAddImm(rd: number, rn: number, imm: number, cond = AL): number {
  return encodeDataProcessingImm('ADD', OPC_ADD, rd, rn, imm, cond);
}

/** `SUB<c> rd, rn, #imm` (modified immediate). */
export function encodeSubImm(rd: number, rn: number, imm: number, cond = AL): number {
  return encodeDataProcessingImm('SUB', OPC_SUB, rd, rn, imm, cond);
}

/** `MOV<c> rd, #imm` (modified immediate). */
export function encodeMovImm(rd: number, imm: number, cond = AL): number {
  return encodeDataProcessingImm('MOV', OPC_MOV, rd, 0, imm, cond);
}

/** `MOV<c> rd, rm`. */
export function encodeMovReg(rd: number, rm: number, cond = AL): number {
  return encodeDataProcessingReg(OPC_MOV, rd, 0, rm, cond);
}

/** `ADD<c> rd, rn, rm`. */
export function encodeAddReg(rd: number, rn: number, rm: number, cond = AL): number {
  return encodeDataProcessingReg(OPC_ADD, rd, rn, rm, cond);
}

/** `SUB<c> rd, rn, rm`. */
export function encodeSubReg(rd: number, rn: number, rm: number, cond = AL): number {
  return encodeDataProcessingReg(OPC_SUB, rd, rn, rm, cond);
}

function checkImm16(what: string, imm16: number): void {
  if (!Number.isInteger(imm16) || imm16 < 0 || imm16 > 0xffff) {
    throw new EncodeError('out-of-range', `${what} immediate ${imm16} is outside 0…65535`);
  }
}

/** `UDF #imm16`: permanently undefined (always AL). */
export function encodeUdf(imm16: number): number {
  checkImm16('UDF', imm16);
  return (0xe7f000f0 | ((imm16 >>> 4) << 8) | (imm16 & 0xf)) >>> 0;
}

/** `BKPT #imm16` (always AL). */
export function encodeBkpt(imm16: number): number {
  checkImm16('BKPT', imm16);
  return (0xe1200070 | ((imm16 >>> 4) << 8) | (imm16 & 0xf)) >>> 0;
}
