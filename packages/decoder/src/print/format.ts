/**
 * Spelling shared by every printer: GNU objdump 2.40's register names, condition suffixes,
 * and hexadecimal forms.
 */

/** What objdump prints for one instruction: the text (mnemonic, a tab, operands) and the `@` comment. */
export interface Disassembly {
  /** Mnemonic, a tab, the operands; `''` for an undefined encoding. */
  readonly text: string;
  /** What objdump prints after `@ `, or null when it prints no comment. */
  readonly comment: string | null;
}

export const REG_NAMES: readonly string[] = [
  'r0',
  'r1',
  'r2',
  'r3',
  'r4',
  'r5',
  'r6',
  'r7',
  'r8',
  'r9',
  'sl',
  'fp',
  'ip',
  'sp',
  'lr',
  'pc',
];

/** Condition suffixes; AL and the unconditional space print nothing. */
export const COND_SUFFIX: readonly string[] = [
  'eq',
  'ne',
  'cs',
  'cc',
  'mi',
  'pl',
  'vs',
  'vc',
  'hi',
  'ls',
  'ge',
  'lt',
  'gt',
  'le',
  '',
  '',
];

export function reg(n: number): string {
  return REG_NAMES[n & 15]!;
}

export function cond(c: number): string {
  return COND_SUFFIX[c & 15]!;
}

/*
 * Number.prototype.toString(16) is a runtime call in V8 and dominated printing; these build hex from
 * byte strings instead (printing is on the decoder's hot path: see bench/).
 */
const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const DIGIT_HEX: readonly string[] = Array.from({ length: 16 }, (_, d) => d.toString(16));

/** Lowercase hex of the unsigned 32-bit value without leading zeros ("0" for zero). */
function hexDigits(v: number): string {
  v >>>= 0;
  if (v < 0x10) return DIGIT_HEX[v]!;
  if (v < 0x100) return BYTE_HEX[v]!;
  if (v < 0x1000) return DIGIT_HEX[v >>> 8]! + BYTE_HEX[v & 0xff]!;
  if (v < 0x10000) return BYTE_HEX[v >>> 8]! + BYTE_HEX[v & 0xff]!;
  if (v < 0x100000) return DIGIT_HEX[v >>> 16]! + BYTE_HEX[(v >>> 8) & 0xff]! + BYTE_HEX[v & 0xff]!;
  if (v < 0x1000000) return BYTE_HEX[v >>> 16]! + BYTE_HEX[(v >>> 8) & 0xff]! + BYTE_HEX[v & 0xff]!;
  const low = BYTE_HEX[(v >>> 16) & 0xff]! + BYTE_HEX[(v >>> 8) & 0xff]! + BYTE_HEX[v & 0xff]!;
  return (v < 0x10000000 ? DIGIT_HEX[v >>> 24]! : BYTE_HEX[v >>> 24]!) + low;
}

/** `0x` + lowercase hex of the unsigned 32-bit value, no padding (objdump's `0x%x`). */
export function hex(v: number): string {
  return '0x' + hexDigits(v);
}

/** `0x` + lowercase hex padded to `width` digits (objdump's `0x%08x` and friends). */
export function hexPad(v: number, width: number): string {
  v >>>= 0;
  if (width === 8) {
    return (
      '0x' + BYTE_HEX[v >>> 24]! + BYTE_HEX[(v >>> 16) & 0xff]! + BYTE_HEX[(v >>> 8) & 0xff]! + BYTE_HEX[v & 0xff]!
    );
  }
  const digits = hexDigits(v);
  return digits.length >= width ? '0x' + digits : '0x' + '0'.repeat(width - digits.length) + digits;
}

/** objdump's register list: `{r0, r2, sl, pc}` (every register named, no ranges). */
export function regList(mask: number): string {
  let out = '{';
  let first = true;
  for (let r = 0; r < 16; r++) {
    if ((mask & (1 << r)) === 0) continue;
    out += first ? REG_NAMES[r]! : ', ' + REG_NAMES[r]!;
    first = false;
  }
  return out + '}';
}

export const SHIFT_NAMES: readonly string[] = ['lsl', 'lsr', 'asr', 'ror'];

/**
 * An immediate shift of a register operand as objdump prints it after `rm`: `""` for `lsl #0`,
 * `, rrx` for `ror #0`, `, lsr #32` / `, asr #32` for a zero amount of those types.
 */
export function immShiftSuffix(type: number, amount: number): string {
  if (amount === 0) {
    if (type === 0) return '';
    if (type === 3) return ', rrx';
    return `, ${SHIFT_NAMES[type]} #32`;
  }
  return `, ${SHIFT_NAMES[type]} #${amount}`;
}

/** The `<UNDEFINED>` form objdump prints for an encoding it does not recognise. */
export function undefinedText(word: number): Disassembly {
  return { text: '', comment: `<UNDEFINED> instruction: ${hexPad(word, 8)}` };
}

export const UNPREDICTABLE = '<UNPREDICTABLE>';
