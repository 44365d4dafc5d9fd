/**
 * A5.2.10 synchronization primitives: SWP/SWPB, LDREX/STREX (word, doubleword, byte, halfword), and the
 * ARMv8 AArch32 load-acquire/store-release forms (LDA/STL, LDAEX/STLEX families). Space: cond 0001 op 1001.
 *
 * The ARM ARM marks bits 11:8 (and bits 3:0 or 15:12 where unused) as should-be; objdump only recognises
 * the exact encodings, and a broken should-be bit is UNPREDICTABLE, for which UNDEFINED is a permitted
 * behaviour — so the rows fix those bits and everything else in the space decodes as undefined.
 */
import type { A32Common, Reg } from './common.js';
import { PC } from './common.js';
import { ACCESS_LOAD, ACCESS_STORE, ACCESS_SWAP, memoryAccess } from './load-store-common.js';
import { decodeMoveToBanked } from './miscellaneous.js';
import { type Row, row } from './row.js';
import { type UndefinedInsn, undefinedInsn } from './undefined.js';

/** SWP/SWPB: loads [Rn] into Rt and stores Rt2 to [Rn], atomically. */
export interface SwapInsn extends A32Common {
  readonly kind: 'swap';
  readonly size: 1 | 4;
  readonly rt: Reg;
  readonly rt2: Reg;
  readonly rn: Reg;
}

/**
 * LDREX/STREX family and LDAEX/STLEX family (acquireRelease). Stores write their status (0 success,
 * 1 failure) to rd; loads have rd = -1. rt2 is the second register of the doubleword forms ((rt + 1) mod 16),
 * -1 otherwise.
 */
export interface LoadStoreExclusiveInsn extends A32Common {
  readonly kind: 'loadStoreExclusive';
  readonly load: boolean;
  readonly size: 1 | 2 | 4 | 8;
  readonly acquireRelease: boolean;
  readonly rd: Reg;
  readonly rt: Reg;
  readonly rt2: Reg;
  readonly rn: Reg;
}

/** LDA/LDAB/LDAH (load-acquire) and STL/STLB/STLH (store-release): plain [Rn] addressing, no writeback. */
export interface LoadAcquireStoreReleaseInsn extends A32Common {
  readonly kind: 'loadAcquireStoreRelease';
  readonly load: boolean;
  readonly size: 1 | 2 | 4;
  readonly rt: Reg;
  readonly rn: Reg;
}

/** Bits 22:21 of the exclusive forms: 00 word, 01 doubleword, 10 byte, 11 halfword. */
const EXCLUSIVE_SIZE: readonly (1 | 2 | 4 | 8)[] = [4, 8, 1, 2];

function decodeSwap(word: number, address: number, op: string, _broken: boolean): SwapInsn {
  const rn = (word >>> 16) & 15;
  const rt = (word >>> 12) & 15;
  const rt2 = word & 15;
  const size = (word & 0x00400000) !== 0 ? 1 : 4;
  return {
    isa: 'arm',
    kind: 'swap',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rt2),
    writes: 1 << rt,
    setsFlags: false,
    unpredictable: rt === PC || rt2 === PC || rn === PC || rn === rt || rn === rt2,
    memory: memoryAccess(ACCESS_SWAP, size, false, false),
    target: null,
    size,
    rt,
    rt2,
    rn,
  };
}

function decodeLoadExclusive(word: number, address: number, op: string, _broken: boolean): LoadStoreExclusiveInsn {
  const rn = (word >>> 16) & 15;
  const rt = (word >>> 12) & 15;
  const size = EXCLUSIVE_SIZE[(word >>> 21) & 3]!;
  const dual = size === 8;
  const rt2 = dual ? (rt + 1) & 15 : -1;
  return {
    isa: 'arm',
    kind: 'loadStoreExclusive',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 1 << rn,
    writes: dual ? (1 << rt) | (1 << rt2) : 1 << rt,
    setsFlags: false,
    unpredictable: rn === PC || (dual ? (rt & 1) !== 0 || rt === 14 : rt === PC),
    memory: memoryAccess(ACCESS_LOAD, size, true, false),
    target: null,
    load: true,
    size,
    acquireRelease: (word & 0x100) === 0,
    rd: -1,
    rt,
    rt2,
    rn,
  };
}

function decodeStoreExclusive(word: number, address: number, op: string, _broken: boolean): LoadStoreExclusiveInsn {
  const rn = (word >>> 16) & 15;
  const rd = (word >>> 12) & 15;
  const rt = word & 15;
  const size = EXCLUSIVE_SIZE[(word >>> 21) & 3]!;
  const dual = size === 8;
  const rt2 = dual ? (rt + 1) & 15 : -1;
  return {
    isa: 'arm',
    kind: 'loadStoreExclusive',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: dual ? (1 << rn) | (1 << rt) | (1 << rt2) : (1 << rn) | (1 << rt),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable:
      rd === PC ||
      rn === PC ||
      rd === rn ||
      rd === rt ||
      (dual ? (rt & 1) !== 0 || rt === 14 || rd === rt2 : rt === PC),
    memory: memoryAccess(ACCESS_STORE, size, true, false),
    target: null,
    load: false,
    size,
    acquireRelease: (word & 0x100) === 0,
    rd,
    rt,
    rt2,
    rn,
  };
}

function decodeLoadAcquire(word: number, address: number, op: string, _broken: boolean): LoadAcquireStoreReleaseInsn {
  const rn = (word >>> 16) & 15;
  const rt = (word >>> 12) & 15;
  const size = EXCLUSIVE_SIZE[(word >>> 21) & 3] as 1 | 2 | 4;
  return {
    isa: 'arm',
    kind: 'loadAcquireStoreRelease',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 1 << rn,
    writes: 1 << rt,
    setsFlags: false,
    unpredictable: rt === PC || rn === PC,
    memory: memoryAccess(ACCESS_LOAD, size, false, false),
    target: null,
    load: true,
    size,
    rt,
    rn,
  };
}

function decodeStoreRelease(word: number, address: number, op: string, _broken: boolean): LoadAcquireStoreReleaseInsn {
  const rn = (word >>> 16) & 15;
  const rt = word & 15;
  const size = EXCLUSIVE_SIZE[(word >>> 21) & 3] as 1 | 2 | 4;
  return {
    isa: 'arm',
    kind: 'loadAcquireStoreRelease',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: (1 << rn) | (1 << rt),
    writes: 0,
    setsFlags: false,
    unpredictable: rt === PC || rn === PC,
    memory: memoryAccess(ACCESS_STORE, size, false, false),
    target: null,
    load: false,
    size,
    rt,
    rn,
  };
}

function decodeUnallocated(word: number, address: number, _op: string, _broken: boolean): UndefinedInsn {
  return undefinedInsn(word, address);
}

export const synchronizationRows: readonly Row[] = [
  row('cccc 0001 0000 nnnn tttt 0000 1001 ssss', 'swp', decodeSwap),
  row('cccc 0001 0100 nnnn tttt 0000 1001 ssss', 'swpb', decodeSwap),
  // ARMv8 load-acquire / store-release (bits 9:8 = 00).
  row('cccc 0001 1000 nnnn 1111 1100 1001 tttt', 'stl', decodeStoreRelease),
  row('cccc 0001 1001 nnnn tttt 1100 1001 1111', 'lda', decodeLoadAcquire),
  row('cccc 0001 1100 nnnn 1111 1100 1001 tttt', 'stlb', decodeStoreRelease),
  row('cccc 0001 1101 nnnn tttt 1100 1001 1111', 'ldab', decodeLoadAcquire),
  row('cccc 0001 1110 nnnn 1111 1100 1001 tttt', 'stlh', decodeStoreRelease),
  row('cccc 0001 1111 nnnn tttt 1100 1001 1111', 'ldah', decodeLoadAcquire),
  // ARMv8 acquire/release exclusives (bits 9:8 = 10).
  row('cccc 0001 1000 nnnn dddd 1110 1001 tttt', 'stlex', decodeStoreExclusive),
  row('cccc 0001 1001 nnnn tttt 1110 1001 1111', 'ldaex', decodeLoadExclusive),
  row('cccc 0001 1010 nnnn dddd 1110 1001 tttt', 'stlexd', decodeStoreExclusive),
  row('cccc 0001 1011 nnnn tttt 1110 1001 1111', 'ldaexd', decodeLoadExclusive),
  row('cccc 0001 1100 nnnn dddd 1110 1001 tttt', 'stlexb', decodeStoreExclusive),
  row('cccc 0001 1101 nnnn tttt 1110 1001 1111', 'ldaexb', decodeLoadExclusive),
  row('cccc 0001 1110 nnnn dddd 1110 1001 tttt', 'stlexh', decodeStoreExclusive),
  row('cccc 0001 1111 nnnn tttt 1110 1001 1111', 'ldaexh', decodeLoadExclusive),
  // Exclusives (bits 9:8 = 11).
  row('cccc 0001 1000 nnnn dddd 1111 1001 tttt', 'strex', decodeStoreExclusive),
  row('cccc 0001 1001 nnnn tttt 1111 1001 1111', 'ldrex', decodeLoadExclusive),
  row('cccc 0001 1010 nnnn dddd 1111 1001 tttt', 'strexd', decodeStoreExclusive),
  row('cccc 0001 1011 nnnn tttt 1111 1001 1111', 'ldrexd', decodeLoadExclusive),
  row('cccc 0001 1100 nnnn dddd 1111 1001 tttt', 'strexb', decodeStoreExclusive),
  row('cccc 0001 1101 nnnn tttt 1111 1001 1111', 'ldrexb', decodeLoadExclusive),
  row('cccc 0001 1110 nnnn dddd 1111 1001 tttt', 'strexh', decodeStoreExclusive),
  row('cccc 0001 1111 nnnn tttt 1111 1001 1111', 'ldrexh', decodeLoadExclusive),
  // Unallocated op = 0x10 with bits 15:12 = 1111 and bit 9 set: objdump's MSR (banked register) pattern ignores
  // bits 7:4 and claims these, so they decode as that (UNPREDICTABLE) MSR and print as objdump does.
  row('cccc 0001 0r10 jjjj 1111 --1j 1001 nnnn', 'msr', decodeMoveToBanked),
  // The rest of the space: unallocated op values and broken should-be bits.
  row('cccc 0001 ---- ---- ---- ---- 1001 ----', 'undefined', decodeUnallocated),
];
