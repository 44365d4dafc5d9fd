import { disassembleA32, disassembleThumb, isThumb32 } from '@armprobe/decoder';

/**
 * One output line of `armprobe disasm` in stdin mode: ARM lines carry the 8-digit word; Thumb lines the
 * 4-digit unit or the 8-digit pair (first halfword, then second) and `len`, the instruction's size in bytes.
 */
export type DisasmLineResult =
  | { readonly addr: number; readonly word: string; readonly text: string; readonly comment: string | null }
  | {
      readonly addr: number;
      readonly word: string;
      readonly len: 2 | 4;
      readonly text: string;
      readonly comment: string | null;
    }
  | { readonly line: number; readonly error: string };

const HEX = /^(?:0x)?([0-9a-fA-F]{1,8})$/;

/**
 * Parses one `ADDR WORD` line (both hexadecimal, optional 0x, whitespace-separated) and disassembles it.
 * In Thumb state WORD is 4 hex digits (a 16-bit instruction) or 8 (a 32-bit one, first halfword first, e.g.
 * `eb7e4042`); the line is decoded outside any IT block. Returns null for a blank line (skipped, not an
 * error).
 */
export function disasmLine(line: string, lineNumber: number, isa: 'arm' | 'thumb'): DisasmLineResult | null {
  const trimmed = line.trim();
  if (trimmed === '') return null;
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 2) {
    return { line: lineNumber, error: `expected "ADDR WORD" (two hex fields), got ${fields.length} field(s)` };
  }
  const [addrText, wordText] = fields as [string, string];
  const addrMatch = HEX.exec(addrText);
  if (!addrMatch)
    return { line: lineNumber, error: `address "${addrText}" is not a hexadecimal number of up to 8 digits` };
  const wordMatch = HEX.exec(wordText);
  if (!wordMatch)
    return { line: lineNumber, error: `word "${wordText}" is not a hexadecimal number of up to 8 digits` };
  const addr = Number.parseInt(addrMatch[1]!, 16) >>> 0;
  const word = Number.parseInt(wordMatch[1]!, 16) >>> 0;
  if (isa === 'thumb') return thumbLine(addr, wordMatch[1]!, word, lineNumber);
  if (addr % 4 !== 0)
    return { line: lineNumber, error: `address 0x${addr.toString(16)} is not word-aligned (ARM state)` };
  const { text, comment } = disassembleA32(word, addr);
  return { addr, word: word.toString(16).padStart(8, '0'), text, comment };
}

function thumbLine(addr: number, digits: string, value: number, lineNumber: number): DisasmLineResult {
  if (addr % 2 !== 0)
    return { line: lineNumber, error: `address 0x${addr.toString(16)} is not halfword-aligned (Thumb state)` };
  if (digits.length !== 4 && digits.length !== 8) {
    return {
      line: lineNumber,
      error: `Thumb word "${digits}" must be 4 hex digits (a 16-bit instruction) or 8 (a 32-bit one, first halfword first)`,
    };
  }
  const hw1 = digits.length === 4 ? value : value >>> 16;
  const hw2 = digits.length === 4 ? 0 : value & 0xffff;
  const unit = hw1.toString(16).padStart(4, '0');
  if (digits.length === 4 && isThumb32(hw1)) {
    return {
      line: lineNumber,
      error: `Thumb unit ${unit} starts a 32-bit instruction: give both halfwords (8 hex digits, ${unit}xxxx)`,
    };
  }
  if (digits.length === 8 && !isThumb32(hw1)) {
    return {
      line: lineNumber,
      error: `first halfword ${unit} is a 16-bit Thumb instruction: give it alone (4 hex digits)`,
    };
  }
  const { text, comment, size } = disassembleThumb(hw1, hw2, addr);
  return { addr, word: value.toString(16).padStart(digits.length, '0'), len: size, text, comment };
}
