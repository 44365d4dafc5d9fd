/**
 * Thumb instruction writer: the Thumb encodings other packages emit (probe breakpoints, branches to and
 * from trampolines, literal loads, register saves). Like the A32 writer it knows nothing about the code it
 * writes for and throws `EncodeError` for operands the encoding cannot take.
 *
 * A 16-bit encoder returns the halfword. A 32-bit encoder returns `hw1 << 16 | hw2` as an unsigned number,
 * the ARM ARM's order and the `word` of a decoded 32-bit Thumb instruction: store hw1 at the instruction's
 * address and hw2 two bytes after it (`thumbHalfwords`).
 *
 * Branch offsets are from the PC as Thumb code reads it, the instruction's address + 4; BLX to ARM code
 * counts from Align(PC, 4) and needs a word-aligned target.
 */
import { EncodeError } from './a32.js';

/** NOP (T1), the architected 16-bit hint: inside the ARMv7 concurrent-modification safe set. */
export const THUMB_NOP_N = 0xbf00;
/** NOP.W (T2): `0xf3af 0x8000`. */
export const THUMB_NOP_W = 0xf3af8000;
/** The kernel's 16-bit Thumb kprobes breakpoint: `udf #24`. */
export const THUMB16_KPROBE_BREAKPOINT = 0xde18;
/** The kernel's 32-bit Thumb kprobes breakpoint (used whenever the probed instruction is 32-bit): `udf.w #24`. */
export const THUMB32_KPROBE_BREAKPOINT = 0xf7f0a018;

/* Offset ranges (target − (address + 4)) of the Thumb branches. */
/** B<c>.N (T1): SignExtend(imm8:'0'). */
export const THUMB_BCOND_N_MIN_OFFSET = -256;
export const THUMB_BCOND_N_MAX_OFFSET = 254;
/** B.N (T2): SignExtend(imm11:'0'). */
export const THUMB_B_N_MIN_OFFSET = -2048;
export const THUMB_B_N_MAX_OFFSET = 2046;
/** B<c>.W (T3): SignExtend(S:J2:J1:imm6:imm11:'0'). */
export const THUMB_BCOND_W_MIN_OFFSET = -1048576;
export const THUMB_BCOND_W_MAX_OFFSET = 1048574;
/** B.W (T4) and BL: SignExtend(S:I1:I2:imm10:imm11:'0'). */
export const THUMB_BRANCH_MIN_OFFSET = -16777216;
export const THUMB_BRANCH_MAX_OFFSET = 16777214;
/** BLX (immediate) to ARM code: SignExtend(S:I1:I2:imm10H:imm10L:'00') from Align(PC, 4). */
export const THUMB_BLX_MAX_OFFSET = 16777212;

function hex(v: number): string {
  return '0x' + (v >>> 0).toString(16);
}

function checkAddress(name: string, a: number): void {
  if (!Number.isInteger(a) || a < 0 || a > 0xffffffff) {
    throw new EncodeError('invalid-operand', `${name} must be a 32-bit address, got ${a}`);
  }
}

/** A Thumb instruction lives at a halfword-aligned address. */
function checkInstructionAddress(from: number): void {
  checkAddress('from', from);
  if ((from & 1) !== 0)
    throw new EncodeError('misaligned', `Thumb instruction address ${hex(from)} is not halfword aligned`);
}

function checkRegister(name: string, r: number, max = 15): void {
  if (!Number.isInteger(r) || r < 0 || r > max) {
    throw new EncodeError('invalid-operand', `${name} must be r0–r${max}, got ${r}`);
  }
}

/** B<c> conditions: 0 (EQ) … 13 (LE). AL has its own encodings (B.N, B.W); 1111 is not a condition. */
function checkBranchCondition(what: string, cond: number): void {
  if (!Number.isInteger(cond) || cond < 0 || cond > 13) {
    throw new EncodeError('invalid-operand', `${what} condition must be 0–13 (EQ…LE; AL is B), got ${cond}`);
  }
}

/** target − (from + 4) as a signed 32-bit difference, checked for halfword alignment and range. */
function branchOffset(what: string, from: number, to: number, min: number, max: number): number {
  checkInstructionAddress(from);
  checkAddress('to', to);
  const offset = (to - ((from + 4) >>> 0)) | 0;
  if ((offset & 1) !== 0) throw new EncodeError('misaligned', `${what} target ${hex(to)} is not halfword aligned`);
  if (offset < min || offset > max) {
    throw new EncodeError(
      'out-of-range',
      `${what} from ${hex(from)} to ${hex(to)}: offset ${offset} is outside ${min}…${max}`,
    );
  }
  return offset;
}

/** The two halfwords of a 32-bit Thumb encoding, in memory order (hw1 first). */
export function thumbHalfwords(encoding: number): [hw1: number, hw2: number] {
  return [(encoding >>> 16) & 0xffff, encoding & 0xffff];
}

/** `B<c>.N to` at `from` (T1; cond EQ…LE). */
export function encodeThumbBCondN(from: number, to: number, cond: number): number {
  checkBranchCondition('B<c>.N', cond);
  const offset = branchOffset('B<c>.N', from, to, THUMB_BCOND_N_MIN_OFFSET, THUMB_BCOND_N_MAX_OFFSET);
  return 0xd000 | (cond << 8) | ((offset >> 1) & 0xff);
}

/** `B.N to` at `from` (T2). */
export function encodeThumbBN(from: number, to: number): number {
  const offset = branchOffset('B.N', from, to, THUMB_B_N_MIN_OFFSET, THUMB_B_N_MAX_OFFSET);
  return 0xe000 | ((offset >> 1) & 0x7ff);
}

/** `B<c>.W to` at `from` (T3; cond EQ…LE). */
export function encodeThumbBCondW(from: number, to: number, cond: number): number {
  checkBranchCondition('B<c>.W', cond);
  const offset = branchOffset('B<c>.W', from, to, THUMB_BCOND_W_MIN_OFFSET, THUMB_BCOND_W_MAX_OFFSET);
  const s = (offset >>> 20) & 1;
  const j2 = (offset >>> 19) & 1;
  const j1 = (offset >>> 18) & 1;
  const hw1 = 0xf000 | (s << 10) | (cond << 6) | ((offset >>> 12) & 0x3f);
  const hw2 = 0x8000 | (j1 << 13) | (j2 << 11) | ((offset >>> 1) & 0x7ff);
  return ((hw1 << 16) | hw2) >>> 0;
}

/** The T4 / BL / BLX fields of a 25-bit offset: hw1 = S:imm10, hw2 = J1:J2 (I1, I2 inverted and XORed with S). */
function longBranch(offset: number, hw2Op: number, low11: number): number {
  const s = (offset >>> 24) & 1;
  const i1 = (offset >>> 23) & 1;
  const i2 = (offset >>> 22) & 1;
  const j1 = i1 ^ 1 ^ s;
  const j2 = i2 ^ 1 ^ s;
  const hw1 = 0xf000 | (s << 10) | ((offset >>> 12) & 0x3ff);
  const hw2 = hw2Op | (j1 << 13) | (j2 << 11) | low11;
  return ((hw1 << 16) | hw2) >>> 0;
}

/** `B.W to` at `from` (T4; −16777216 … +16777214). */
export function encodeThumbBW(from: number, to: number): number {
  const offset = branchOffset('B.W', from, to, THUMB_BRANCH_MIN_OFFSET, THUMB_BRANCH_MAX_OFFSET);
  return longBranch(offset, 0x9000, (offset >>> 1) & 0x7ff);
}

/** `BL to` at `from`: call Thumb code (writes LR = from + 4 | 1). */
export function encodeThumbBL(from: number, to: number): number {
  const offset = branchOffset('BL', from, to, THUMB_BRANCH_MIN_OFFSET, THUMB_BRANCH_MAX_OFFSET);
  return longBranch(offset, 0xd000, (offset >>> 1) & 0x7ff);
}

/**
 * `BLX to` (immediate) at `from`: call ARM code. The offset counts from Align(from + 4, 4) and the target
 * must be word aligned (H = 0).
 */
export function encodeThumbBLX(from: number, to: number): number {
  checkInstructionAddress(from);
  checkAddress('to', to);
  if ((to & 3) !== 0) throw new EncodeError('misaligned', `BLX target ${hex(to)} (ARM code) is not word aligned`);
  const base = ((from + 4) & ~3) >>> 0;
  const offset = (to - base) | 0;
  if (offset < THUMB_BRANCH_MIN_OFFSET || offset > THUMB_BLX_MAX_OFFSET) {
    throw new EncodeError(
      'out-of-range',
      `BLX from ${hex(from)} to ${hex(to)}: offset ${offset} from Align(PC, 4) is outside ${THUMB_BRANCH_MIN_OFFSET}…${THUMB_BLX_MAX_OFFSET}`,
    );
  }
  return longBranch(offset, 0xc000, (offset >>> 1) & 0x7fe);
}

/** `BX rm` (16-bit). */
export function encodeThumbBX(rm: number): number {
  checkRegister('rm', rm);
  return 0x4700 | (rm << 3);
}

/** `BLX rm` (16-bit; rm ≠ PC). */
export function encodeThumbBLXReg(rm: number): number {
  checkRegister('rm', rm, 14);
  return 0x4780 | (rm << 3);
}

function literalOffset(from: number, literalAddress: number): number {
  checkInstructionAddress(from);
  checkAddress('literalAddress', literalAddress);
  return (literalAddress - (((from + 4) & ~3) >>> 0)) | 0;
}

/**
 * `LDR rt, [pc, #imm]` (T1, 16-bit) loading the word at `literalAddress` from an instruction at `from`: rt
 * r0–r7, the literal word aligned, 0…1020 bytes after Align(from + 4, 4).
 */
export function encodeThumbLdrLiteralN(rt: number, from: number, literalAddress: number): number {
  checkRegister('rt', rt, 7);
  const offset = literalOffset(from, literalAddress);
  if ((offset & 3) !== 0)
    throw new EncodeError('misaligned', `LDR.N literal ${hex(literalAddress)} is not word aligned`);
  if (offset < 0 || offset > 1020) {
    throw new EncodeError('out-of-range', `LDR.N literal offset ${offset} from Align(PC, 4) is outside 0…1020`);
  }
  return 0x4800 | (rt << 8) | (offset >>> 2);
}

/** `LDR.W rt, [pc, #±imm12]` (T2) loading the word at `literalAddress` (−4095 … +4095 from Align(from + 4, 4)). */
export function encodeThumbLdrLiteralW(rt: number, from: number, literalAddress: number): number {
  checkRegister('rt', rt);
  const offset = literalOffset(from, literalAddress);
  if (offset < -4095 || offset > 4095) {
    throw new EncodeError('out-of-range', `LDR.W literal offset ${offset} from Align(PC, 4) is outside −4095…4095`);
  }
  const hw1 = offset >= 0 ? 0xf8df : 0xf85f;
  return ((hw1 << 16) | (rt << 12) | Math.abs(offset)) >>> 0;
}

function checkRegisterList(what: string, registers: number): void {
  if (!Number.isInteger(registers) || registers <= 0 || registers > 0xffff) {
    throw new EncodeError('invalid-operand', `${what} register mask must be a non-empty 16-bit mask, got ${registers}`);
  }
}

/** `PUSH {registers}` (T1, 16-bit): r0–r7 and LR only. */
export function encodeThumbPushN(registers: number): number {
  checkRegisterList('PUSH', registers);
  if ((registers & ~0x40ff) !== 0) {
    throw new EncodeError('invalid-operand', `PUSH (16-bit) takes r0–r7 and lr only, got mask ${hex(registers)}`);
  }
  return 0xb400 | ((registers >>> 6) & 0x100) | (registers & 0xff);
}

/** `POP {registers}` (T1, 16-bit): r0–r7 and PC only. */
export function encodeThumbPopN(registers: number): number {
  checkRegisterList('POP', registers);
  if ((registers & ~0x80ff) !== 0) {
    throw new EncodeError('invalid-operand', `POP (16-bit) takes r0–r7 and pc only, got mask ${hex(registers)}`);
  }
  return 0xbc00 | ((registers >>> 7) & 0x100) | (registers & 0xff);
}

function singleRegister(registers: number): number {
  return 31 - Math.clz32(registers);
}

/**
 * `PUSH.W {registers}`: STMDB SP! (T2) for two or more registers, `STR.W rt, [sp, #-4]!` (T4) for one
 * (objdump prints that one as `str.w`). SP and PC cannot be pushed.
 */
export function encodeThumbPushW(registers: number): number {
  checkRegisterList('PUSH.W', registers);
  if ((registers & 0xa000) !== 0) {
    throw new EncodeError('invalid-operand', `PUSH.W cannot store sp or pc, got mask ${hex(registers)}`);
  }
  if ((registers & (registers - 1)) === 0) return (0xf84d0d04 | (singleRegister(registers) << 12)) >>> 0;
  return (0xe92d0000 | registers) >>> 0;
}

/**
 * `POP.W {registers}`: LDMIA SP! (T2) for two or more registers, `LDR.W rt, [sp], #4` (T3) for one. SP
 * cannot be loaded, nor LR together with PC.
 */
export function encodeThumbPopW(registers: number): number {
  checkRegisterList('POP.W', registers);
  if ((registers & 0x2000) !== 0) throw new EncodeError('invalid-operand', 'POP.W cannot load sp');
  if ((registers & 0xc000) === 0xc000) throw new EncodeError('invalid-operand', 'POP.W cannot load both lr and pc');
  if ((registers & (registers - 1)) === 0) return (0xf85d0b04 | (singleRegister(registers) << 12)) >>> 0;
  return (0xe8bd0000 | registers) >>> 0;
}

/** `UDF #imm8` (16-bit, permanently undefined). */
export function encodeThumbUdfN(imm8: number): number {
  if (!Number.isInteger(imm8) || imm8 < 0 || imm8 > 0xff) {
    throw new EncodeError('out-of-range', `UDF.N immediate ${imm8} is outside 0…255`);
  }
  return 0xde00 | imm8;
}

/** `UDF.W #imm16` (32-bit, permanently undefined). */
export function encodeThumbUdfW(imm16: number): number {
  if (!Number.isInteger(imm16) || imm16 < 0 || imm16 > 0xffff) {
    throw new EncodeError('out-of-range', `UDF.W immediate ${imm16} is outside 0…65535`);
  }
  return (0xf7f0a000 | ((imm16 >>> 12) << 16) | (imm16 & 0xfff)) >>> 0;
}

/** `BKPT #imm8` (16-bit; executes unconditionally, even in an IT block). */
export function encodeThumbBkpt(imm8: number): number {
  if (!Number.isInteger(imm8) || imm8 < 0 || imm8 > 0xff) {
    throw new EncodeError('out-of-range', `BKPT immediate ${imm8} is outside 0…255`);
  }
  return 0xbe00 | imm8;
}
