/**
 * The Thumb encodings the Thumb trampoline needs that `@armprobe/decoder`'s Thumb writer does not have.
 * Each is one fixed pattern with fields (ARM ARM section in the comment); a 32-bit encoding is returned as
 * `hw1 << 16 | hw2` like the decoder's writer. The tests check every pattern with `disassembleThumb`.
 */
import { EncodeError } from '@armprobe/decoder';

function reg(name: string, r: number, max = 14): number {
  if (!Number.isInteger(r) || r < 0 || r > max) throw new EncodeError('invalid-operand', `${name} must be r0–r${max}`);
  return r;
}

function low(name: string, r: number): number {
  return reg(name, r, 7);
}

function scaled(what: string, imm: number, scale: number, max: number): number {
  if (!Number.isInteger(imm) || imm < 0 || imm > max || imm % scale !== 0) {
    throw new EncodeError('out-of-range', `${what} immediate ${imm} is not a multiple of ${scale} in 0…${max}`);
  }
  return imm / scale;
}

function wide(encoding: number): number {
  return encoding >>> 0;
}

/** `SUB SP, SP, #imm` (T1, A8.8.226): imm a multiple of 4, 0…508. */
export function thumbSubSpImm(imm: number): number {
  return 0xb080 | scaled('SUB SP', imm, 4, 508);
}

/** `ADD Rd, SP, #imm` (T1, A8.8.9): Rd r0–r7, imm a multiple of 4, 0…1020. */
export function thumbAddRdSpImm(rd: number, imm: number): number {
  return 0xa800 | (low('rd', rd) << 8) | scaled('ADD SP', imm, 4, 1020);
}

/** `STR Rt, [SP, #imm]` (T2, A8.8.203): Rt r0–r7, imm a multiple of 4, 0…1020. */
export function thumbStrSp(rt: number, imm: number): number {
  return 0x9000 | (low('rt', rt) << 8) | scaled('STR SP', imm, 4, 1020);
}

/** `LDR Rt, [SP, #imm]` (T2, A8.8.62): Rt r0–r7, imm a multiple of 4, 0…1020. */
export function thumbLdrSp(rt: number, imm: number): number {
  return 0x9800 | (low('rt', rt) << 8) | scaled('LDR SP', imm, 4, 1020);
}

/** Single loads the relocator reproduces from a literal address, by decoded `op`: the T2/T3 imm12 patterns. */
const LOAD_IMM12: Readonly<Record<string, number>> = {
  ldr: 0xf8d00000,
  ldrb: 0xf8900000,
  ldrh: 0xf8b00000,
  ldrsb: 0xf9900000,
  ldrsh: 0xf9b00000,
};

/** `<op>.W Rt, [Rn, #imm12]` for op in ldr, ldrb, ldrh, ldrsb, ldrsh (A8.8.62 T3 and its byte/halfword kin). */
export function thumbLoadImm12(op: string, rt: number, rn: number, imm12 = 0): number {
  const pattern = LOAD_IMM12[op];
  if (pattern === undefined) throw new EncodeError('invalid-operand', `no imm12 load named ${op}`);
  if (!Number.isInteger(imm12) || imm12 < 0 || imm12 > 4095)
    throw new EncodeError('out-of-range', `imm12 ${imm12} outside 0…4095`);
  return wide(pattern | (reg('rn', rn) << 16) | (reg('rt', rt, 15) << 12) | imm12);
}

/** `LDR.W Rt, [Rn, #imm12]` (T3): Rt may be SP (loads SP) or PC (an interworking branch). */
export function thumbLdrW(rt: number, rn: number, imm12: number): number {
  return thumbLoadImm12('ldr', rt, rn, imm12);
}

/** `STR.W Rt, [Rn, #imm12]` (T3, A8.8.203). */
export function thumbStrW(rt: number, rn: number, imm12: number): number {
  if (!Number.isInteger(imm12) || imm12 < 0 || imm12 > 4095)
    throw new EncodeError('out-of-range', `imm12 ${imm12} outside 0…4095`);
  return wide(0xf8c00000 | (reg('rn', rn) << 16) | (reg('rt', rt) << 12) | imm12);
}

/** `LDRD Rt, Rt2, [Rn]` (T1, A8.8.72, offset 0, no writeback). */
export function thumbLdrd(rt: number, rt2: number, rn: number): number {
  return wide(0xe9d00000 | (reg('rn', rn) << 16) | (reg('rt', rt, 12) << 12) | (reg('rt2', rt2, 12) << 8));
}

function registerList(list: number): number {
  if (!Number.isInteger(list) || list <= 0 || list > 0x5fff || (list & 0x2000) !== 0 || (list & (list - 1)) === 0) {
    throw new EncodeError('invalid-operand', `register list 0x${list.toString(16)} needs two or more of r0–r12, lr`);
  }
  return list;
}

/** `STMIA.W Rn, {list}` (T2, A8.8.199, no writeback): two or more of r0–r12, LR. */
export function thumbStmW(rn: number, list: number): number {
  return wide(0xe8800000 | (reg('rn', rn) << 16) | registerList(list));
}

/** `LDMIA.W Rn, {list}` (T2, A8.8.58, no writeback): two or more of r0–r12, LR. */
export function thumbLdmW(rn: number, list: number): number {
  return wide(0xe8900000 | (reg('rn', rn) << 16) | registerList(list));
}

/** `MRS Rd, APSR` (T1, A8.8.109; objdump: `mrs rd, CPSR`). */
export function thumbMrs(rd: number): number {
  return wide(0xf3ef8000 | (reg('rd', rd, 12) << 8));
}

/** `MSR APSR_nzcvqg, Rn` (T1, A8.8.112, mask 0b11; objdump: `msr CPSR_fs, rn`): N Z C V Q and GE only. */
export function thumbMsrNzcvqg(rn: number): number {
  return wide(0xf3808c00 | (reg('rn', rn, 12) << 16));
}

function imm8(what: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 255)
    throw new EncodeError('out-of-range', `${what} immediate ${value} outside 0…255`);
  return value;
}

/** `ORR.W Rd, Rn, #imm8` (T1, A8.8.122, an unrotated modified immediate 0…255; flags unchanged). */
export function thumbOrrImm(rd: number, rn: number, value: number): number {
  return wide(0xf0400000 | (reg('rn', rn, 12) << 16) | (reg('rd', rd, 12) << 8) | imm8('ORR', value));
}

/** `AND.W Rd, Rn, #imm8` (T1, A8.8.13, unrotated 0…255; flags unchanged). */
export function thumbAndImm(rd: number, rn: number, value: number): number {
  return wide(0xf0000000 | (reg('rn', rn, 12) << 16) | (reg('rd', rd, 12) << 8) | imm8('AND', value));
}

/** `ORR.W Rd, Rn, Rm` (T2, A8.8.123, no shift; flags unchanged). */
export function thumbOrrReg(rd: number, rn: number, rm: number): number {
  return wide(0xea400000 | (reg('rn', rn, 12) << 16) | (reg('rd', rd, 12) << 8) | reg('rm', rm, 12));
}

/** `SUB.W SP, SP, Rm` (T1 of SUB (SP minus register), A8.8.227, no shift; flags unchanged). */
export function thumbSubSpReg(rm: number): number {
  return wide(0xebad0d00 | reg('rm', rm, 12));
}

/** `ADD SP, Rm` (16-bit T2 of ADD (register), A8.8.6; flags unchanged). */
export function thumbAddSpReg(rm: number): number {
  return 0x4485 | (reg('rm', rm) << 3);
}

/** `MOV Rd, Rm` (16-bit T1, A8.8.103; flags unchanged). */
export function thumbMovReg(rd: number, rm: number): number {
  reg('rd', rd);
  return 0x4600 | ((rd & 8) << 4) | (reg('rm', rm) << 3) | (rd & 7);
}

/** `CMP Rn, Rm` (16-bit T1, A8.8.38): low registers. */
export function thumbCmpReg(rn: number, rm: number): number {
  return 0x4280 | (low('rm', rm) << 3) | low('rn', rn);
}

/** `UBFX Rd, Rn, #lsb, #width` (T1, A8.8.244). */
export function thumbUbfx(rd: number, rn: number, lsb: number, width: number): number {
  if (!Number.isInteger(lsb) || lsb < 0 || lsb > 31 || !Number.isInteger(width) || width < 1 || lsb + width > 32) {
    throw new EncodeError('out-of-range', `UBFX #${lsb}, #${width} is not a field of a word`);
  }
  return wide(
    0xf3c00000 |
      (reg('rn', rn, 12) << 16) |
      ((lsb >>> 2) << 12) |
      (reg('rd', rd, 12) << 8) |
      ((lsb & 3) << 6) |
      (width - 1),
  );
}

/** `CBZ Rn, to` / `CBNZ Rn, to` at `from` (T1, A8.8.29): forward only, 0…126 bytes after from + 4. */
export function thumbCompareBranch(nonZero: boolean, rn: number, from: number, to: number): number {
  const offset = (to - ((from + 4) >>> 0)) | 0;
  if (offset < 0 || offset > 126 || offset % 2 !== 0) {
    throw new EncodeError('out-of-range', `CB${nonZero ? 'N' : ''}Z offset ${offset} outside 0…126`);
  }
  return 0xb100 | (nonZero ? 0x800 : 0) | ((offset >>> 6) << 9) | (((offset >>> 1) & 0x1f) << 3) | low('rn', rn);
}
