/**
 * Encoding patterns, written the way the ARM ARM draws an encoding diagram.
 *
 * A pattern is 32 symbols, most significant bit first; spaces are ignored.
 *   `0` / `1`   fixed bit (part of the match)
 *   `z` / `o`   "(0)" / "(1)": should-be-zero / should-be-one. Not part of the match; an encoding that
 *               breaks one is still this instruction but UNPREDICTABLE (objdump prints it anyway).
 *   anything else (letters, `-`)  a field or don't-care bit; letters name the field for the reader.
 */
export interface Pattern {
  readonly mask: number;
  readonly value: number;
  /** Bits that should be zero (ARM ARM "(0)"). */
  readonly sbz: number;
  /** Bits that should be one (ARM ARM "(1)"). */
  readonly sbo: number;
}

export class PatternError extends Error {
  override readonly name = 'PatternError';
}

export function compilePattern(pattern: string): Pattern {
  const symbols = pattern.replace(/\s+/g, '');
  if (symbols.length !== 32) {
    throw new PatternError(`pattern "${pattern}" has ${symbols.length} bits, expected 32`);
  }
  let mask = 0;
  let value = 0;
  let sbz = 0;
  let sbo = 0;
  for (let i = 0; i < 32; i++) {
    const bit = 1 << (31 - i);
    const s = symbols[i];
    if (s === '0') mask |= bit;
    else if (s === '1') {
      mask |= bit;
      value |= bit;
    } else if (s === 'z') sbz |= bit;
    else if (s === 'o') sbo |= bit;
  }
  return { mask: mask >>> 0, value: value >>> 0, sbz: sbz >>> 0, sbo: sbo >>> 0 };
}

/** True when `word` breaks a should-be-zero or should-be-one bit of the pattern. */
export function breaksShouldBe(p: Pattern, word: number): boolean {
  return (word & p.sbz) !== 0 || (word & p.sbo) >>> 0 !== p.sbo;
}
