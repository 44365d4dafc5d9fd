import { disassembleA32 } from '@armprobe/decoder';

/** One output line of `armprobe disasm` in stdin mode. */
export type DisasmLineResult =
  | { readonly addr: number; readonly word: string; readonly text: string; readonly comment: string | null }
  | { readonly line: number; readonly error: string };

const HEX = /^(?:0x)?([0-9a-fA-F]{1,8})$/;

/**
 * Parses one `ADDR WORD` line (both hexadecimal, optional 0x, whitespace-separated) and disassembles it.
 * Returns null for a blank line (skipped, not an error).
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
  if (isa === 'thumb') {
    return { line: lineNumber, error: 'Thumb disassembly (--isa thumb) is not supported yet; use --isa arm' };
  }
  if (addr % 4 !== 0)
    return { line: lineNumber, error: `address 0x${addr.toString(16)} is not word-aligned (ARM state)` };
  const { text, comment } = disassembleA32(word, addr);
  return { addr, word: word.toString(16).padStart(8, '0'), text, comment };
}
