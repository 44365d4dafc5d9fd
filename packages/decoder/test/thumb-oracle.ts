/**
 * Thumb objdump oracle corpora (fixtures/disasm/t32-*.jsonl.gz) and their comparison with disassembleThumb.
 * Shared by the acceptance test and `scripts/oracle-diff.ts`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { disassembleThumb } from '../src/index.js';
import { FIXTURES, loadCorpus, type Mismatch, type OracleRecord, recordText } from './oracle.js';

export interface ThumbRecord extends OracleRecord {
  len: 2 | 4;
  /** ITSTATE in force when the unit is decoded (absent: 0, outside an IT block). */
  it?: number;
}

/** Every Thumb corpus under fixtures/disasm (files named t32-*.jsonl[.gz]). */
export function thumbCorpora(): { name: string; records: ThumbRecord[] }[] {
  const dir = join(FIXTURES, 'disasm');
  return readdirSync(dir)
    .filter((f) => /^t32-.*\.jsonl(\.gz)?$/.test(f))
    .sort()
    .map((f) => ({ name: f, records: loadCorpus(join(dir, f)) as ThumbRecord[] }));
}

/** The two halfwords of a record (hw2 = 0 for a 16-bit unit). */
export function halfwords(r: ThumbRecord): [number, number] {
  const v = Number.parseInt(r.word, 16) >>> 0;
  return r.len === 4 ? [v >>> 16, v & 0xffff] : [v, 0];
}

/**
 * Records the acceptance criteria exclude: those a generator labelled as VFP (`t32_vfp*`) outside the
 * floating-point space (coprocessors 9, 10 and 11). objdump's own garbage is compared like everything else.
 */
export function isThumbExcluded(r: ThumbRecord): boolean {
  if (r.cls === undefined || !/^t32_vfp/.test(r.cls)) return false;
  if (r.len !== 4) return true;
  const [hw1, hw2] = halfwords(r);
  const coproc = (hw2 >>> 8) & 0xf;
  const floatingPoint =
    (hw1 & 0xec00) === 0xec00 && (hw1 & 0xef00) !== 0xef00 && (coproc === 9 || coproc === 10 || coproc === 11);
  return !floatingPoint;
}

export function compareThumb(records: ThumbRecord[]): { total: number; excluded: number; mismatches: Mismatch[] } {
  let excluded = 0;
  const mismatches: Mismatch[] = [];
  for (const r of records) {
    if (isThumbExcluded(r)) {
      excluded++;
      continue;
    }
    const [hw1, hw2] = halfwords(r);
    const got = disassembleThumb(hw1, hw2, r.addr, r.it ?? 0);
    if (recordText(got.text) !== r.text || got.comment !== r.comment || got.size !== r.len)
      mismatches.push({ record: r, got });
  }
  return { total: records.length - excluded, excluded, mismatches };
}
