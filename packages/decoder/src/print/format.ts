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

/* The leading byte's digits with `0x` before them: one concatenation fewer per hex() of a value above 0xff. */
const BYTE_HEX_0X_FIRST: readonly string[] = Array.from({ length: 256 }, (_, b) => '0x' + b.toString(16));

/** `0x` + lowercase hex of the unsigned 32-bit value, no padding (objdump's `0x%x`). */
export function hex(v: number): string {
  v >>>= 0;
  if (v < 0x100) return BYTE_HEX_0X_FIRST[v]!;
  if (v < 0x10000) return BYTE_HEX_0X_FIRST[v >>> 8]! + BYTE_HEX[v & 0xff]!;
  if (v < 0x1000000) return BYTE_HEX_0X_FIRST[v >>> 16]! + BYTE_HEX[(v >>> 8) & 0xff]! + BYTE_HEX[v & 0xff]!;
  return (
    BYTE_HEX_0X_FIRST[v >>> 24]! + BYTE_HEX[(v >>> 16) & 0xff]! + BYTE_HEX[(v >>> 8) & 0xff]! + BYTE_HEX[v & 0xff]!
  );
}

/*
 * Tables indexed by a byte, not by a 16-bit half: they stay in the CPU's first-level cache, where 64K-entry
 * tables of spelled halves made printing random words slower (a cache miss costs more than the
 * concatenations they saved).
 */
/** `0x` and the two hex digits of a byte. */
const BYTE_HEX_0X: readonly string[] = BYTE_HEX.map((h) => '0x' + h);

/** `0x` + 8 lowercase hex digits (objdump's `0x%08x`). */
export function hexPad8(v: number): string {
  v >>>= 0;
  return BYTE_HEX_0X[v >>> 24]! + BYTE_HEX[(v >>> 16) & 0xff]! + BYTE_HEX[(v >>> 8) & 0xff]! + BYTE_HEX[v & 0xff]!;
}

/** `0x` + lowercase hex padded to `width` digits (objdump's `0x%08x` and friends). */
export function hexPad(v: number, width: number): string {
  v >>>= 0;
  if (width === 8) return hexPad8(v);
  const digits = hexDigits(v);
  return digits.length >= width ? '0x' + digits : '0x' + '0'.repeat(width - digits.length) + digits;
}

/*
 * Register lists are printed from two halves looked up by byte: r0–r7 and r8–pc, each already joined
 * with ", " (so `{r0, r2, sl, pc}` is '{' + "r0, r2" + ", " + "sl, pc" + '}').
 */
function joinedNames(byte: number, first: number): string {
  const names: string[] = [];
  for (let r = 0; r < 8; r++) if ((byte & (1 << r)) !== 0) names.push(REG_NAMES[first + r]!);
  return names.join(', ');
}
const LOW_REGS: readonly string[] = Array.from({ length: 256 }, (_, b) => joinedNames(b, 0));
const HIGH_REGS: readonly string[] = Array.from({ length: 256 }, (_, b) => joinedNames(b, 8));
/* The pieces a list is made of, with their braces and separator: one concatenation per list. */
const LOW_ONLY: readonly string[] = LOW_REGS.map((r) => '{' + r + '}');
const HIGH_ONLY: readonly string[] = HIGH_REGS.map((r) => '{' + r + '}');
const LOW_OPEN: readonly string[] = LOW_REGS.map((r) => '{' + r + ', ');
const HIGH_CLOSE: readonly string[] = HIGH_REGS.map((r) => r + '}');

/** objdump's register list: `{r0, r2, sl, pc}` (every register named, no ranges). */
export function regList(mask: number): string {
  const low = mask & 0xff;
  const high = (mask >>> 8) & 0xff;
  if (high === 0) return LOW_ONLY[low]!;
  if (low === 0) return HIGH_ONLY[high]!;
  return LOW_OPEN[low]! + HIGH_CLOSE[high]!;
}

export const SHIFT_NAMES: readonly string[] = ['lsl', 'lsr', 'asr', 'ror'];

/* immShiftSuffix by type × amount (0–32): every spelling built once. */
const IMM_SHIFT_SUFFIX: readonly string[] = Array.from({ length: 4 * 33 }, (_, i) => {
  const type = Math.floor(i / 33);
  const amount = i % 33;
  if (amount === 0) return type === 0 ? '' : type === 3 ? ', rrx' : ', ' + SHIFT_NAMES[type]! + ' #32';
  return ', ' + SHIFT_NAMES[type]! + ' #' + amount;
});

/**
 * An immediate shift of a register operand as objdump prints it after `rm`: `""` for `lsl #0`,
 * `, rrx` for `ror #0`, `, lsr #32` / `, asr #32` for a zero amount of those types.
 */
export function immShiftSuffix(type: number, amount: number): string {
  return IMM_SHIFT_SUFFIX[(type & 3) * 33 + Math.min(amount, 32)]!;
}

/** `<UNDEFINED> instruction: 0x` and the hex of the word's top byte. */
const UNDEFINED_HEAD: readonly string[] = BYTE_HEX.map((h) => '<UNDEFINED> instruction: 0x' + h);

/**
 * The comment objdump's `%x` operand printer adds to a word whose low 28 bits are SWI 0xf00000 (`IMB`) or
 * 0xf00001 (`IMBRange`): after `svc`, and after its catch-all UNDEFINED text (condition 1111); else null.
 */
export function swiComment(word: number): string | null {
  const low = word & 0x0fffffff;
  return low === 0x0ff00000 ? 'IMB' : low === 0x0ff00001 ? 'IMBRange' : null;
}

/** The `<UNDEFINED>` form objdump prints for an encoding it does not recognise. */
export function undefinedText(word: number): Disassembly {
  const w = word >>> 0;
  return {
    text: '',
    comment:
      UNDEFINED_HEAD[w >>> 24]! + BYTE_HEX[(w >>> 16) & 0xff]! + BYTE_HEX[(w >>> 8) & 0xff]! + BYTE_HEX[w & 0xff]!,
  };
}

/** The `<UNDEFINED>` form objdump prints for a 16-bit Thumb unit it does not recognise (4 hex digits). */
export function undefinedText16(unit: number): Disassembly {
  return { text: '', comment: UNDEFINED_HEAD[(unit >>> 8) & 0xff]! + BYTE_HEX[unit & 0xff]! };
}

export const UNPREDICTABLE = '<UNPREDICTABLE>';

/* `#<n>` and `#-<n>` for offsets below 4096 (imm12 / imm8 fields), built on first use. */
const PLUS_IMMEDIATE: (string | undefined)[] = new Array(4096).fill(undefined);
const MINUS_IMMEDIATE: (string | undefined)[] = new Array(4096).fill(undefined);

/** `#<n>` when `add`, else `#-<n>` (objdump's spelling of an unsigned offset with its U bit). */
export function offsetImmediate(add: boolean, n: number): string {
  if (n >= 4096 || n < 0) return (add ? '#' : '#-') + n;
  const table = add ? PLUS_IMMEDIATE : MINUS_IMMEDIATE;
  const cached = table[n];
  if (cached !== undefined) return cached;
  const built = (add ? '#' : '#-') + n;
  table[n] = built;
  return built;
}

/* hex() of the offsets -4095…4095, built on first use (offset comments of loads and stores). */
const OFFSET_HEX: (string | undefined)[] = new Array(8191).fill(undefined);

/** hex(offset) for a signed offset; cached when |offset| < 4096. */
export function offsetHex(offset: number): string {
  if (offset >= 4096 || offset <= -4096) return hex(offset);
  const cached = OFFSET_HEX[offset + 4095];
  if (cached !== undefined) return cached;
  const built = hex(offset);
  OFFSET_HEX[offset + 4095] = built;
  return built;
}

/*
 * Mnemonic heads are `op` + one shared piece: the condition suffix and tab (`eq\t`), with objdump's `s` before
 * it (`seq\t`), or with the first register after it (`eq\tr0, `). Heads built per op (16 strings per op, 256
 * with the register) were measured 3-4% slower on random words than this one concatenation: random
 * conditions and registers spread the reads over too many strings for the CPU caches.
 */
const COND_TAB: readonly string[] = COND_SUFFIX.map((c) => c + '\t');
const S_COND_TAB: readonly string[] = COND_SUFFIX.map((c) => 's' + c + '\t');

/** `op` + cond(c) + `\t` (the mnemonic and the tab before the operands). */
export function head(op: string, c: number): string {
  return op + COND_TAB[c & 15]!;
}

/** Register name followed by `, `. */
export const REG_COMMA: readonly string[] = REG_NAMES.map((r) => r + ', ');

/** `rA, rB, ` by `(a << 4) | b`. */
export const REG_PAIR_COMMA: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => REG_COMMA[i >>> 4]! + REG_COMMA[i & 15]!,
);

/* cond + `\t` + register + `, ` by `(cond << 4) | register`. */
const COND_TAB_REG: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => COND_SUFFIX[i >>> 4]! + '\t' + REG_COMMA[i & 15]!,
);

/** `op` + cond(c) + `\t` + reg(r) + `, `. */
export function headReg(op: string, c: number, r: number): string {
  return op + COND_TAB_REG[((c & 15) << 4) | (r & 15)]!;
}

/** head() with objdump's `s` between the operation and the condition when `s` is true. */
export function headS(op: string, s: boolean, c: number): string {
  return op + (s ? S_COND_TAB : COND_TAB)[c & 15]!;
}
