import type { Platform } from '../platform.js';
import type { Isa, PatchWrite } from '../request.js';

/**
 * The kernel's `__patch_text`, minus the maintenance: the store(s) that put `insn` at `address`. An ARM
 * word or a 16-bit Thumb instruction is one store; a 32-bit Thumb instruction is one 32-bit store when
 * word aligned (first halfword at the lower address) and two halfword stores at 2 mod 4 (not atomic).
 * Returns the number of stores.
 */
export function patchText(platform: Platform, isa: Isa, width: 2 | 4, address: number, insn: number): number {
  if (width === 2) {
    platform.write(address, insn & 0xffff, 2);
    return 1;
  }
  if (isa === 'arm') {
    platform.write(address, insn >>> 0, 4);
    return 1;
  }
  const first = insn >>> 16;
  const second = insn & 0xffff;
  if (address % 4 === 0) {
    platform.write(address, (first | (second << 16)) >>> 0, 4);
    return 1;
  }
  platform.write(address, first, 2);
  platform.write(address + 2, second, 2);
  return 2;
}

/** Reads the instruction of `isa`/`width` at `address` back as a value (see `PatchRequest`). */
export function readText(platform: Platform, isa: Isa, width: 2 | 4, address: number): number {
  if (width === 2) return platform.read(address, 2) & 0xffff;
  if (isa === 'arm') return platform.read(address, 4) >>> 0;
  return ((platform.read(address, 2) << 16) | (platform.read(address + 2, 2) & 0xffff)) >>> 0;
}

/** Stores `patchText` performs for a write. */
export function storesFor(write: Pick<PatchWrite, 'isa' | 'width' | 'address'>): number {
  return write.isa === 'thumb' && write.width === 4 && write.address % 4 !== 0 ? 2 : 1;
}

export interface TextRange {
  readonly address: number;
  readonly size: number;
}

/** The writes' byte ranges, sorted and with adjacent ranges merged (one maintenance call each). */
export function maintenanceRanges(writes: readonly Pick<PatchWrite, 'address' | 'width'>[]): TextRange[] {
  const sorted = [...writes].sort((a, b) => a.address - b.address);
  const ranges: { address: number; size: number }[] = [];
  for (const w of sorted) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.address + last.size >= w.address) {
      last.size = Math.max(last.size, w.address + w.width - last.address);
    } else {
      ranges.push({ address: w.address, size: w.width });
    }
  }
  return ranges;
}
