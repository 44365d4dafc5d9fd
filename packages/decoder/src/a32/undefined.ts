import type { A32Common, Reg } from './common.js';
import { undefinedReading } from './undefined-readings.js';

/**
 * Encodings with no instruction: unallocated space, permanently UNDEFINED forms that objdump does not
 * name, and extensions this decoder does not model yet (VFP / Advanced SIMD). objdump prints most of
 * them with empty text and `<UNDEFINED> instruction: 0x…`; the few it reads through a row of another
 * instruction carry that reading in `printedAs` (they still execute as UNDEFINED).
 */
export interface UndefinedInsn extends A32Common {
  readonly kind: 'undefined';
  readonly reason: 'unallocated' | 'extension-not-supported';
  /** For `extension-not-supported`: which extension the word belongs to. */
  readonly extension: 'vfp' | 'advanced-simd' | null;
  /** What GNU objdump 2.40 prints instead of `<UNDEFINED>`, or null when it prints that. */
  readonly printedAs: UndefinedReading | null;
}

/** An UNDEFINED encoding as one of objdump's rows for another instruction reads it. */
export type UndefinedReading = IllegalShifterReading | PreloadIllegalShifterReading | SingleTransferReading;

/**
 * A32, bits 27:25 = 000 with bits 7 and 4 set (the multiply and extra load/store space) and a condition:
 * what no multiply, synchronization or extra load/store row takes, objdump's MSR (register), TEQ
 * (register-shifted register) and LSL/LSR/ASR/ROR (register) rows still match, as their masks leave bit 7
 * free. Its operand-2 printer then finds a register-shifted register with bit 7 set and prints the register
 * and `@ <illegal shifter operand>` in place of the shift: `teqvs fp, fp @ <illegal shifter operand>`.
 */
export interface IllegalShifterReading {
  readonly form: 'illegal-shifter';
  readonly op: 'msr' | 'teq' | 'lsl' | 'lsr' | 'asr' | 'ror';
  /** The shifts' S (bit 20): `lsls`. */
  readonly setsFlags: boolean;
  /** The operand before Rm: Rn for TEQ, Rd for the shifts; -1 for MSR, which names `psrFields` instead. */
  readonly rd: Reg;
  /** MSR: R (bit 22, SPSR) and the field mask (bits 19:16) as R:mask, printed `CPSR_fc`; 0 for the others. */
  readonly psrFields: number;
  readonly rm: Reg;
  /** objdump adds `@ <UNPREDICTABLE>`: TEQ with bits 15:12 = 1111 or Rn = PC, a shift with Rd = PC. */
  readonly unpredictable: boolean;
}

/**
 * A32, the unconditional space's register-offset preloads (`1111 011`, bits 15:12 = 1111) with bits 7 and 4
 * set, which ARMv7 leaves UNDEFINED: objdump's PLDW (bits 22:20 = 001), PLI and PLD (101) rows match them and
 * its address printer stops at the shift as for data-processing, inside the brackets of a pre-indexed form:
 * `pli [r7, -r8 @ <illegal shifter operand>]`, `pldw [fp], -r7 @ <illegal shifter operand>` (P = 0). PLI is
 * always printed pre-indexed (objdump's `%P`).
 */
export interface PreloadIllegalShifterReading {
  readonly form: 'preload-illegal-shifter';
  readonly op: 'pld' | 'pli' | 'pldw';
  readonly rn: Reg;
  readonly rm: Reg;
  /** U (bit 23): false prints `-rm`. */
  readonly add: boolean;
  /** P (bit 24), forced for PLI: false prints the post-indexed `[rn], rm`. */
  readonly index: boolean;
}

/**
 * T32 single loads and stores (`1111 100S UttL`) objdump prints although no such instruction exists: a
 * size/sign it has no name for (`ldr??.w`, `str??t`: size 11, LDR with S = 1 and size 10) or an offset form
 * bits 11:8 do not give (`ldrb.w r0, [r1, <undefined>]`). `op` is the mnemonic as printed before the
 * condition (`ldr??`, `str??t`, `ldrb`); the operands are objdump's `%a`, printed from the unit's bits.
 */
export interface SingleTransferReading {
  readonly form: 'single-transfer';
  readonly op: string;
  readonly rt: Reg;
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
    printedAs: undefinedReading(word),
  };
}
