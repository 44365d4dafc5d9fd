/**
 * The ARMv7 concurrent-modification safe set (ARM ARM DDI 0406C, A3.5.4 "Concurrent modification and
 * execution of instructions"): when one CPU replaces an instruction that another CPU may be executing,
 * the architecture promises "the old or the new instruction" behaviour only if both are one of
 *   ARM state:   B, BL, NOP, BKPT, SVC, HVC, SMC
 *   Thumb state: the 16-bit encodings of B, NOP, BKPT, SVC
 * (and the store is single-copy atomic for the instruction, see `decide.ts`). Everything else —
 * including the kernel's `mov r0, r0` jump-label NOP and its UDF kprobe breakpoints — is UNPREDICTABLE
 * while another CPU can execute it.
 *
 * Rows are the ARM ARM encoding diagrams, most significant bit first; spaces are ignored.
 *   `0` / `1`  fixed bit. Should-be bits ("(0)"/"(1)") are written as fixed bits: an encoding that breaks
 *              one is UNPREDICTABLE, so it is not the listed instruction and not in the set.
 *   `c`        the condition field. ARM: any value but 1111 (that is the unconditional space — 1111 1010
 *              is BLX, not B). Thumb B T1: any value but 111x (1110 is UDF, 1111 is SVC).
 *   letters    an immediate field (any value).
 *
 * Decisions taken from the ARM ARM's encoding pages:
 * - NOP is NOP A1 with any condition (`NOP<c>`): a conditional NOP is still the NOP instruction, and
 *   either way nothing happens. Only the exact hint 0 encoding counts — YIELD/WFE/WFI/SEV/DBG and the
 *   unallocated hints that happen to execute as NOPs are different instructions, so not in the set.
 * - BKPT A1 and HVC A1 are unconditional by definition ("if cond != '1110' then UNPREDICTABLE"), so their
 *   rows fix the condition to 1110. SVC and SMC are conditional (`SVC<c>`, `SMC<c>`).
 * - BLX (immediate) is not BL and is not in the set; only 16-bit Thumb encodings are (Thumb BL is 32-bit).
 */

export type SafeInstruction = 'b' | 'bl' | 'nop' | 'bkpt' | 'svc' | 'hvc' | 'smc';

export interface SafeEncoding {
  readonly isa: 'arm' | 'thumb16';
  readonly op: SafeInstruction;
  /** The ARM ARM's encoding name, e.g. `B A1`, `B T2`. */
  readonly encoding: string;
  readonly pattern: string;
  readonly mask: number;
  readonly value: number;
  /** Mask of the condition field (0 when the row has none). */
  readonly condMask: number;
  /** Shift of the condition field. */
  readonly condShift: number;
}

function safe(isa: SafeEncoding['isa'], op: SafeInstruction, encoding: string, pattern: string): SafeEncoding {
  const bits = pattern.replace(/\s+/g, '');
  const width = isa === 'arm' ? 32 : 16;
  if (bits.length !== width) throw new Error(`${encoding}: pattern has ${bits.length} bits, expected ${width}`);
  let mask = 0;
  let value = 0;
  let condMask = 0;
  for (let i = 0; i < width; i++) {
    const bit = 2 ** (width - 1 - i);
    const s = bits[i];
    if (s === '0' || s === '1') {
      mask += bit;
      if (s === '1') value += bit;
    } else if (s === 'c') condMask += bit;
  }
  const condShift = condMask === 0 ? 0 : Math.log2(condMask / 0xf);
  return { isa, op, encoding, pattern, mask, value, condMask, condShift };
}

/** ARM-state members of the A3.5.4 set. */
export const A32_SAFE_SET: readonly SafeEncoding[] = [
  safe('arm', 'b', 'B A1', '      cccc 1010 iiii iiii iiii iiii iiii iiii'),
  safe('arm', 'bl', 'BL A1', '    cccc 1011 iiii iiii iiii iiii iiii iiii'),
  safe('arm', 'nop', 'NOP A1', '  cccc 0011 0010 0000 1111 0000 0000 0000'),
  safe('arm', 'bkpt', 'BKPT A1', '1110 0001 0010 iiii iiii iiii 0111 iiii'),
  safe('arm', 'svc', 'SVC A1', '  cccc 1111 iiii iiii iiii iiii iiii iiii'),
  safe('arm', 'hvc', 'HVC A1', '  1110 0001 0100 iiii iiii iiii 0111 iiii'),
  safe('arm', 'smc', 'SMC A1', '  cccc 0001 0110 0000 0000 0000 0111 iiii'),
];

/** Thumb-state members: 16-bit encodings only. */
export const T16_SAFE_SET: readonly SafeEncoding[] = [
  safe('thumb16', 'b', 'B T1', '      1101 cccc iiii iiii'),
  safe('thumb16', 'b', 'B T2', '      1110 0iii iiii iiii'),
  safe('thumb16', 'nop', 'NOP T1', '  1011 1111 0000 0000'),
  safe('thumb16', 'bkpt', 'BKPT T1', '1011 1110 iiii iiii'),
  safe('thumb16', 'svc', 'SVC T1', '  1101 1111 iiii iiii'),
];

function conditionAllowed(row: SafeEncoding, cond: number): boolean {
  if (row.condMask === 0) return true;
  return row.isa === 'arm' ? cond !== 0b1111 : cond < 0b1110;
}

function match(rows: readonly SafeEncoding[], insn: number): SafeEncoding | null {
  for (const row of rows) {
    if ((insn & row.mask) >>> 0 !== row.value) continue;
    if (conditionAllowed(row, (insn & row.condMask) >>> row.condShift)) return row;
  }
  return null;
}

/** The A3.5.4 safe-set encoding an ARM word is, or null. */
export function matchA32SafeSet(word: number): SafeEncoding | null {
  return match(A32_SAFE_SET, word >>> 0);
}

/** The A3.5.4 safe-set encoding a 16-bit Thumb instruction is, or null. */
export function matchT16SafeSet(halfword: number): SafeEncoding | null {
  if (halfword < 0 || halfword > 0xffff) return null;
  return match(T16_SAFE_SET, halfword);
}

/**
 * The safe-set encoding of an instruction of `isa`/`width`, or null. A 32-bit Thumb instruction is never
 * in the set.
 */
export function matchSafeSet(isa: 'arm' | 'thumb', width: 2 | 4, insn: number): SafeEncoding | null {
  if (isa === 'arm') return width === 4 ? matchA32SafeSet(insn) : null;
  return width === 2 ? matchT16SafeSet(insn) : null;
}
