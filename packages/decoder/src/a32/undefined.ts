import type { A32Common } from './common.js';

/**
 * Encodings with no instruction: unallocated space, permanently UNDEFINED forms that objdump does not
 * name, and extensions this decoder does not model yet (VFP / Advanced SIMD). objdump prints all of
 * them with empty text and `<UNDEFINED> instruction: 0x…`.
 */
export interface UndefinedInsn extends A32Common {
  readonly kind: 'undefined';
  readonly reason: 'unallocated' | 'extension-not-supported';
  /** For `extension-not-supported`: which extension the word belongs to. */
  readonly extension: 'vfp' | 'advanced-simd' | null;
}

export function undefinedInsn(
  word: number,
  address: number,
  reason: UndefinedInsn['reason'] = 'unallocated',
  extension: UndefinedInsn['extension'] = null,
): UndefinedInsn {
  return {
    isa: 'arm',
    kind: 'undefined',
    address,
    word: word >>> 0,
    // The unconditional space's 0b1111 is COND_UNCONDITIONAL (15) itself.
    cond: word >>> 28,
    op: 'undefined',
    reads: 0,
    writes: 0,
    setsFlags: false,
    unpredictable: false,
    memory: null,
    target: null,
    reason,
    extension,
  };
}
