import { UsageError } from '../errors.js';
import { disasmLine } from './disasm-lines.js';

export interface DisasmOptions {
  readonly isa: 'arm' | 'thumb';
}

export function parseIsa(value: string | undefined): 'arm' | 'thumb' {
  if (value === undefined || value === 'arm') return 'arm';
  if (value === 'thumb') return 'thumb';
  throw new UsageError(`--isa must be "arm" or "thumb", not "${value}"`);
}

/**
 * `armprobe disasm --isa arm|thumb`: reads `ADDR WORD` lines from `input` (Thumb: WORD is a 4-digit unit or
 * an 8-digit pair, each line decoded outside any IT block), writes one JSON object per line.
 * Resolves to the exit status: 1 if any line was malformed, else 0.
 */
export async function disasmStream(
  input: NodeJS.ReadableStream,
  write: (chunk: string) => void,
  options: DisasmOptions,
): Promise<number> {
  // Loaded here, not with the module: readline brings Node's streams, which an ELF listing (same bundle) never
  // uses and would otherwise pay for in memory.
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  let status = 0;
  let out: string[] = [];
  for await (const line of rl) {
    lineNumber++;
    const result = disasmLine(line, lineNumber, options.isa);
    if (result === null) continue;
    if ('error' in result) status = 1;
    out.push(JSON.stringify(result));
    if (out.length >= 4096) {
      write(out.join('\n') + '\n');
      out = [];
    }
  }
  if (out.length > 0) write(out.join('\n') + '\n');
  return status;
}
