/**
 * GNU objdump 2.40's readings of A32 words the architecture leaves UNDEFINED (see UndefinedReading in
 * undefined.ts). objdump matches its table top to bottom; a word of the multiply and extra load/store space
 * (bits 27:25 = 000, bits 7 and 4 set, a condition) that none of its multiply, synchronization and extra
 * load/store rows takes (those are this decoder's rows too, so such a word decodes as UNDEFINED here) reaches
 * its data-processing rows. Those for MSR (register), TEQ (register-shifted register) and the LSL/LSR/ASR/ROR
 * register forms leave bit 7 out of their masks and so match it; the others need bit 7 = 0.
 */
import type { IllegalShifterReading, PreloadIllegalShifterReading, UndefinedReading } from './undefined.js';

interface ObjdumpRow {
  readonly value: number;
  readonly mask: number;
  /** null: one of objdump's own UNDEFINED rows, which it tries first and which print `<UNDEFINED>`. */
  readonly op: IllegalShifterReading['op'] | null;
}

/**
 * The rows in objdump's order: its UNDEFINED rows for the space (bits 7:4 = 1001 with bits 24:20 = 0x011,
 * with bits 22 and 20 set, or with bit 22 clear, bit 20 set and bits 11:8 = 0000), then `msr%c %C, %o`,
 * `teq%p%c %16-19R, %o` and `lsl%20's%c %12-15R, %q` … `ror…`.
 */
const ROWS: readonly ObjdumpRow[] = [
  { value: 0x00300090, mask: 0x0f3000f0, op: null },
  { value: 0x00500090, mask: 0x0e5000f0, op: null },
  { value: 0x00100090, mask: 0x0e500ff0, op: null },
  { value: 0x0120f000, mask: 0x0db0f000, op: 'msr' },
  { value: 0x01300010, mask: 0x0ff00010, op: 'teq' },
  { value: 0x01a00000, mask: 0x0def0060, op: 'lsl' },
  { value: 0x01a00020, mask: 0x0def0060, op: 'lsr' },
  { value: 0x01a00040, mask: 0x0def0060, op: 'asr' },
  { value: 0x01a00060, mask: 0x0def0060, op: 'ror' },
];

interface PreloadRow {
  readonly value: number;
  readonly mask: number;
  readonly op: PreloadIllegalShifterReading['op'];
}

/** objdump's unconditional preload rows in its order: `pldw %a`, `pli %P`, `pld %a`. */
const PRELOAD_ROWS: readonly PreloadRow[] = [
  { value: 0xf410f000 | 0, mask: 0xfc70f000 | 0, op: 'pldw' },
  { value: 0xf450f000 | 0, mask: 0xfd70f000 | 0, op: 'pli' },
  { value: 0xf450f000 | 0, mask: 0xfc70f000 | 0, op: 'pld' },
];

/** The reading of an UNDEFINED A32 word by another of objdump's rows, or null when it prints `<UNDEFINED>`. */
export function undefinedReading(word: number): UndefinedReading | null {
  if ((word & 0x90) !== 0x90) return null;
  return word >>> 28 === 0xf ? preloadReading(word) : illegalShifterReading(word);
}

function preloadReading(word: number): PreloadIllegalShifterReading | null {
  if ((word & 0x0e000090) !== 0x06000090) return null;
  for (const row of PRELOAD_ROWS) {
    if ((word & row.mask) !== row.value) continue;
    return {
      form: 'preload-illegal-shifter',
      op: row.op,
      rn: (word >>> 16) & 15,
      rm: word & 15,
      add: (word & 0x00800000) !== 0,
      index: row.op === 'pli' || (word & 0x01000000) !== 0,
    };
  }
  return null;
}

function illegalShifterReading(word: number): IllegalShifterReading | null {
  if ((word & 0x0e000090) !== 0x00000090) return null;
  for (const row of ROWS) {
    if ((word & row.mask) !== row.value) continue;
    if (row.op === null) return null;
    const rm = word & 15;
    if (row.op === 'msr') {
      const psrFields = ((word >>> 18) & 0x10) | ((word >>> 16) & 15);
      return { form: 'illegal-shifter', op: 'msr', setsFlags: false, rd: -1, psrFields, rm, unpredictable: false };
    }
    if (row.op === 'teq') {
      const rn = (word >>> 16) & 15;
      const unpredictable = rn === 15 || (word & 0xf000) === 0xf000;
      return { form: 'illegal-shifter', op: 'teq', setsFlags: false, rd: rn, psrFields: 0, rm, unpredictable };
    }
    const rd = (word >>> 12) & 15;
    const setsFlags = (word & 0x00100000) !== 0;
    return { form: 'illegal-shifter', op: row.op, setsFlags, rd, psrFields: 0, rm, unpredictable: rd === 15 };
  }
  return null;
}
