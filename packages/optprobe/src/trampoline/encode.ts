/**
 * The few A32 encodings the trampoline needs that `@armprobe/decoder`'s writer does not have. Each is one
 * fixed pattern with register fields (ARM ARM section in the comment); the tests check every word with
 * `disassembleA32`. Everything else comes from the decoder's encoders.
 */
import { EncodeError } from '@armprobe/decoder';

const AL = 14;

function reg(name: string, r: number): number {
  if (!Number.isInteger(r) || r < 0 || r > 14)
    throw new EncodeError('invalid-operand', `${name} must be r0–r14, got ${r}`);
  return r;
}

/** `MRS<c> rd, APSR` (A8.8.109, objdump: `mrs rd, CPSR`): `cccc 0001 0000 1111 dddd 0000 0000 0000`. */
export function encodeMrsApsr(rd: number, cond = AL): number {
  return ((cond << 28) | 0x010f0000 | (reg('rd', rd) << 12)) >>> 0;
}

/**
 * `MSR<c> APSR_nzcvqg, rn` (A8.8.112, mask = 0b11; objdump: `msr CPSR_fs, rn`): writes N Z C V Q and
 * GE[3:0] and nothing else, in any mode — exactly the bits a handler may change through pt_regs.
 * `cccc 0001 0010 1100 1111 0000 0000 nnnn`.
 */
export function encodeMsrApsrNzcvqg(rn: number, cond = AL): number {
  return ((cond << 28) | 0x012cf000 | reg('rn', rn)) >>> 0;
}

/** `BLX<c> rm` (register, A8.8.26): `cccc 0001 0010 1111 1111 1111 0011 mmmm`. */
export function encodeBlxReg(rm: number, cond = AL): number {
  return ((cond << 28) | 0x012fff30 | reg('rm', rm)) >>> 0;
}

/** `CMP<c> rn, rm` (register, no shift, A8.8.38): `cccc 0001 0101 nnnn 0000 0000 0000 mmmm`. */
export function encodeCmpReg(rn: number, rm: number, cond = AL): number {
  return ((cond << 28) | 0x01500000 | (reg('rn', rn) << 16) | reg('rm', rm)) >>> 0;
}

/** `AND<c> rd, rn, #imm8` (A8.8.13, unrotated immediate 0–255): `cccc 0010 0000 nnnn dddd 0000 iiii iiii`. */
export function encodeAndImm8(rd: number, rn: number, imm8: number, cond = AL): number {
  if (!Number.isInteger(imm8) || imm8 < 0 || imm8 > 255) {
    throw new EncodeError('out-of-range', `AND immediate ${imm8} is outside 0…255`);
  }
  return ((cond << 28) | 0x02000000 | (reg('rn', rn) << 16) | (reg('rd', rd) << 12) | imm8) >>> 0;
}
