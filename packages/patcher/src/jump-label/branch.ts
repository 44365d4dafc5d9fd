/**
 * ARM `B` (encoding A1), exact: offset = target − (address + 8), a multiple of 4 within
 * −33554432 … +33554428, stored as imm24 = offset >> 2. Addresses wrap modulo 2^32 like the PC does.
 * (Kept local until the decoder's encoders land; same contract as `encodeB(from, to, cond)`.)
 */
export function encodeArmBranch(address: number, target: number, cond = 0xe): number {
  if (!Number.isInteger(address) || address < 0 || address > 0xffffffff || address % 4 !== 0) {
    throw new RangeError(`branch address ${address} is not a word-aligned 32-bit address`);
  }
  if (!Number.isInteger(target) || target < 0 || target > 0xffffffff) {
    throw new RangeError(`branch target ${target} is not a 32-bit address`);
  }
  if (!Number.isInteger(cond) || cond < 0 || cond > 0xe) throw new RangeError(`condition ${cond} is not 0…14`);
  const offset = (target - (address + 8)) | 0;
  if (offset % 4 !== 0) throw new RangeError(`branch target ${target} is not word aligned`);
  if (offset < -33554432 || offset > 33554428) {
    throw new RangeError(`branch from ${address} to ${target} is out of range (offset ${offset})`);
  }
  return ((cond << 28) | 0x0a000000 | ((offset >> 2) & 0xffffff)) >>> 0;
}
