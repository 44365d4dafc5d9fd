import { decodeA32, decodeThumb } from '@armprobe/decoder';
import type { SymbolTable } from '@armprobe/emulator';

/** How far back the scan looks (arm64 uses the same bound for its atomic-sequence check). */
export const EXCLUSIVE_SCAN_LIMIT = 16;

/** CLREX (A1), the only encoding of the clear-exclusive kind. */
const CLREX = 0xf57ff01f;

/**
 * Is `address` inside an LDREX…STREX sequence? Taking the probe's trap and returning the way Linux's
 * exception return does clears the local exclusive monitor, so a breakpoint between a load-exclusive and
 * its store-exclusive would make the store fail every time. Scans backwards (within the containing
 * function, over ARM code only): a store-exclusive (or CLREX) first means "outside"; a load-exclusive
 * first means "inside".
 */
export function insideExclusiveSequence(
  /** Reads an instruction word, or null where there is no code (unmapped or not executable). */
  read32: (address: number) => number | null,
  symbols: SymbolTable | null,
  address: number,
): boolean {
  const start = symbols?.lookup(address);
  const floor = start ? start.symbol.address & ~3 : 0;
  for (let i = 1, a = address - 4; i <= EXCLUSIVE_SCAN_LIMIT && a >= floor; i++, a -= 4) {
    const word = read32(a);
    if (word === null) return false;
    // Only words of the synchronization-primitive space with bit 23 set (LDREX/STREX and relatives) or
    // CLREX can end the scan: skip the decode (and the mapping-symbol lookup) for everything else.
    if ((word & 0x0f8000f0) !== 0x01800090 && word >>> 0 !== CLREX) continue;
    if (symbols?.mappingAt(a) === 'data') continue;
    const insn = decodeA32(word, a);
    if (insn.kind === 'clear-exclusive') return false;
    if (insn.kind === 'loadStoreExclusive') return insn.load;
  }
  return false;
}

/**
 * The Thumb form of `insideExclusiveSequence`: scans back over the instruction starts before `address`
 * (up to EXCLUSIVE_SCAN_LIMIT, not before `floor`, the containing function's start), reading each with
 * `read`; a store-exclusive or CLREX first means "outside", a load-exclusive first means "inside".
 */
export function insideThumbExclusiveSequence(
  /** Instruction starts before the probed one, nearest first. */
  previous: readonly number[],
  read: (address: number) => { hw1: number; hw2: number; itState: number },
): boolean {
  for (const a of previous.slice(0, EXCLUSIVE_SCAN_LIMIT)) {
    const { hw1, hw2, itState } = read(a);
    // LDREX/STREX (e840/e850), the byte/halfword/doubleword forms (e8c0/e8d0) and CLREX (f3bf 8f2f) only.
    const masked = hw1 & 0xffe0;
    if (masked !== 0xe840 && masked !== 0xe8c0 && hw1 !== 0xf3bf) continue;
    const insn = decodeThumb(hw1, hw2, a, itState);
    if (insn.kind === 'clear-exclusive') return false;
    if (insn.kind === 'loadStoreExclusive') return insn.load;
  }
  return false;
}
