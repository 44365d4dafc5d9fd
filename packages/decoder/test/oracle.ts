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
 * Records the acceptance criterion excludes: objdump's own garbage only. The floating-point space
 * (coprocessors 9, 10 and 11), Advanced SIMD data-processing, element and structure loads and stores, and the
 * ARMv8 SIMD extensions of coprocessors 8, 12 and 13 are compared.
 */
export function isExcluded(r: OracleRecord): boolean {
  const w = Number.parseInt(r.word, 16) >>> 0;
  const floatingPoint = isFloatingPointSpace(w);
  if (!floatingPoint && r.cls !== undefined && /^vfp_/.test(r.cls)) return true;
  const all = `${r.text} ${r.comment ?? ''}`;
  return /UNDEF:|<unknown>|\?\?|<illegal|<undefined>/.test(all);
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
    if (got.text !== r.text || got.comment !== r.comment) mismatches.push({ record: r, got });
  }
  return { total: records.length - excluded, excluded, mismatches };
}
