/**
 * Loads objdump oracle corpora (gzipped JSON lines) and compares them with our disassembler.
 * Shared by the acceptance test and `scripts/oracle-diff.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { disassembleA32 } from '../src/index.js';

export interface OracleRecord {
  addr: number;
  word: string;
  text: string;
  comment: string | null;
  cls?: string;
  src?: string;
}

export const FIXTURES = join(import.meta.dirname, '../../../fixtures');

export function loadCorpus(path: string): OracleRecord[] {
  const raw = path.endsWith('.gz') ? gunzipSync(readFileSync(path)).toString('utf8') : readFileSync(path, 'utf8');
  return raw
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as OracleRecord);
}

/** Every A32 corpus under fixtures/disasm (files named a32-*.jsonl[.gz]). */
export function a32Corpora(): { name: string; records: OracleRecord[] }[] {
  const dir = join(FIXTURES, 'disasm');
  return readdirSync(dir)
    .filter((f) => /^a32-.*\.jsonl(\.gz)?$/.test(f))
    .sort()
    .map((f) => ({ name: f, records: loadCorpus(join(dir, f)) }));
}

/**
 * The A32 corpora not drawn from one extension's encoding space only (`a32-vfp`, `a32-asimd` are): the
 * per-class tests of the base instruction set, which require each corpus to hold their class, use these.
 */
export function a32BaseCorpora(): { name: string; records: OracleRecord[] }[] {
  return a32Corpora().filter((c) => !/^a32-(vfp|asimd)[.-]/.test(c.name));
}

/**
 * Records the acceptance criterion excludes: those a generator labelled as VFP (`vfp_*`) outside the
 * floating-point space. objdump's own garbage (`<illegal shifter operand>`, `??`, `<undefined>`, `UNDEF:`,
 * `<unknown>`) is compared like everything else since the decoder prints it (see gen-disasm-garbage.mjs).
 */
export function isExcluded(r: OracleRecord): boolean {
  if (r.cls === undefined || !/^vfp_/.test(r.cls)) return false;
  return !isFloatingPointSpace(Number.parseInt(r.word, 16) >>> 0);
}

/** Coprocessor-space words (bits 27:25 = 110 or 1110, any condition) naming coprocessor 9, 10 or 11. */
export function isFloatingPointSpace(w: number): boolean {
  const top = (w >>> 25) & 7;
  const coproc = (w >>> 8) & 0xf;
  if (coproc !== 9 && coproc !== 10 && coproc !== 11) return false;
  return top === 6 || (top === 7 && ((w >>> 24) & 1) === 0);
}

/** Coprocessor-space words (bits 27:25 = 110 or 1110) that name coprocessor 10 or 11: VFP / SIMD transfers. */
export function isCp10or11(w: number): boolean {
  const top = (w >>> 25) & 7;
  const coproc = (w >>> 8) & 0xf;
  if ((coproc & 0xe) !== 0xa) return false;
  return top === 6 || (top === 7 && ((w >>> 24) & 1) === 0);
}

/**
 * The corpora keep objdump's text with its trailing whitespace removed (`splitInstruction` in
 * scripts/fixtures/lib/objdump.mjs), so our text is compared with its trailing tabs removed too: objdump ends a
 * few texts with tabs of its own (`cpsie\t`, `vst3.32\t\t\t@ <UNDEFINED> …`), which our text keeps so that a
 * listing prints them. The corpora that keep objdump's whole line (`line`) compare those tabs: objdumpLine.
 */
export function recordText(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x09 || text.charCodeAt(end - 1) === 0x20)) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * objdump's line after the hex column, from our text and comment: the text, then before a comment the tabs
 * objdump's format strings put there — two for an undefined word (empty text), three before `(mov r0, r0)` /
 * `(mov r8, r8)`, two before another parenthesised A32 comment (`pop {r0}\t\t@ (ldr r0, [sp], #4)`), in
 * Thumb three after a mnemonic without operands (`nop\t\t\t@ …`), else one — and `@ `. The CLI's listing
 * writes lines the same way (packages/cli/src/commands/disasm-elf.ts, listing-thumb.ts).
 */
export function objdumpLine(isa: 'arm' | 'thumb', text: string, comment: string | null): string {
  if (comment === null) return text;
  let separator = '\t@ ';
  if (text === '') separator = '\t\t@ ';
  else if (comment === (isa === 'arm' ? '(mov r0, r0)' : '(mov r8, r8)')) separator = '\t\t\t@ ';
  else if (isa === 'arm' && comment.startsWith('(')) separator = '\t\t@ ';
  else if (isa === 'thumb' && !text.includes('\t') && comment.startsWith('<')) separator = '\t\t\t@ ';
  return text + separator + comment;
}

export interface Mismatch {
  record: OracleRecord;
  got: { text: string; comment: string | null };
}

export function compare(records: OracleRecord[]): { total: number; excluded: number; mismatches: Mismatch[] } {
  let excluded = 0;
  const mismatches: Mismatch[] = [];
  for (const r of records) {
    if (isExcluded(r)) {
      excluded++;
      continue;
    }
    const got = disassembleA32(Number.parseInt(r.word, 16), r.addr);
    if (recordText(got.text) !== r.text || got.comment !== r.comment) mismatches.push({ record: r, got });
  }
  return { total: records.length - excluded, excluded, mismatches };
}
