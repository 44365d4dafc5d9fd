/**
 * objdump's own garbage — what it prints for encodings that are no instruction — against the corpora of
 * scripts/fixtures/gen-disasm-garbage.mjs, which keep objdump's whole line (`line`, tabs included). Every
 * record must agree exactly: text, comment and the line a listing prints (objdumpLine).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeA32, decodeThumb, disassembleA32, disassembleThumb } from '../src/index.js';
import { FIXTURES, loadCorpus, type OracleRecord, objdumpLine, recordText } from './oracle.js';
import { halfwords, type ThumbRecord } from './thumb-oracle.js';

interface LineRecord extends OracleRecord {
  line: string;
}

const a32 = loadCorpus(join(FIXTURES, 'disasm/a32-garbage.jsonl.gz')) as LineRecord[];
const t32 = loadCorpus(join(FIXTURES, 'disasm/t32-garbage.jsonl.gz')) as (LineRecord & ThumbRecord)[];

function check<R extends LineRecord>(
  records: R[],
  isa: 'arm' | 'thumb',
  print: (r: R) => { text: string; comment: string | null },
): string[] {
  const bad: string[] = [];
  for (const r of records) {
    const got = print(r);
    const line = objdumpLine(isa, got.text, got.comment);
    if (recordText(got.text) !== r.text || got.comment !== r.comment || line !== r.line)
      bad.push(`${r.cls} ${r.word}@${r.addr.toString(16)}: want ${JSON.stringify(r.line)} got ${JSON.stringify(line)}`);
  }
  return bad;
}

const CONDITIONS = 'eq|ne|cs|cc|mi|pl|vs|vc|hi|ls|ge|lt|gt|le';

/** How many records of a class print a given piece of garbage: the corpora must hold each form. */
function count(records: LineRecord[], cls: string, pattern: RegExp): number {
  return records.filter((r) => r.cls === cls && pattern.test(r.line)).length;
}

describe('objdump garbage, A32 (a32-garbage.jsonl.gz)', () => {
  it('holds every form', () => {
    expect(a32.length).toBeGreaterThan(50000);
    // The shifts need bits 19:16 = 0000 (a sixteenth of the strata); ASR and ROR without S are LDRD/STRD.
    for (const op of ['msr', 'teq', 'lsl', 'lsr', 'lsls', 'lsrs', 'asrs', 'rors']) {
      const form = new RegExp(`^${op}(${CONDITIONS})?\\t.*@ <illegal shifter operand>$`);
      expect(count(a32, 'extra', form), op).toBeGreaterThanOrEqual(10);
    }
    expect(count(a32, 'extra', /<illegal shifter operand>\t@ <UNPREDICTABLE>$/)).toBeGreaterThan(100);
    expect(count(a32, 'extra', /^\t\t@ <UNDEFINED>/)).toBeGreaterThan(1000);
    for (const form of [
      /^pli\t\[\w+, -?\w+\t@ <illegal shifter operand>\]$/,
      /^pldw\t\[\w+\], -?\w+\t@ <illegal/,
      /^pld\t\[/,
    ])
      expect(count(a32, 'preload', form), String(form)).toBeGreaterThan(20);
    expect(count(a32, 'asimd-lane', /^v(ld|st)\d\.\d+\t\t\t@ <UNDEFINED>/)).toBeGreaterThan(100);
  });

  it('every record agrees with objdump exactly, tabs included', () => {
    const bad = check(a32, 'arm', (r) => disassembleA32(Number.parseInt(r.word, 16), r.addr));
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('the garbage forms stay UNDEFINED: kind, no registers, and the kernel-facing op', () => {
    for (const r of a32) {
      if (!/<illegal shifter operand>/.test(r.line)) continue;
      const insn = decodeA32(Number.parseInt(r.word, 16), r.addr);
      expect(insn.kind, r.word).toBe('undefined');
      expect([insn.op, insn.reads, insn.writes, insn.memory]).toEqual(['undefined', 0, 0, null]);
    }
  });
});

describe('objdump garbage, Thumb (t32-garbage.jsonl.gz)', () => {
  it('holds every form, outside and inside IT blocks', () => {
    expect(t32.length).toBeGreaterThan(40000);
    for (const form of [/^ldr\?\?(\w\w)?\.w\t/, /^str\?\?(\w\w)?\.w\t/, /^ldr\?\?t/, /^str\?\?t/, /, <undefined>\]$/])
      expect(count(t32, 'single', form), String(form)).toBeGreaterThan(20);
    expect(t32.filter((r) => r.cls === 'single' && /\?\?/.test(r.line) && (r.it ?? 0) !== 0).length).toBeGreaterThan(
      50,
    );
    expect(t32.filter((r) => r.cls === 'single' && r.addr % 4 === 2).length).toBeGreaterThan(1000);
    expect(count(t32, 'misc16', /^cpsi[ed]\t$/)).toBe(2);
    expect(count(t32, 'asimd-lane', /^v(ld|st)\d(\w\w)?\.\d+\t\t\t@ <UNDEFINED>/)).toBeGreaterThan(100);
  });

  it('every record agrees with objdump exactly, tabs included', () => {
    const bad = check(t32, 'thumb', (r) => {
      const [hw1, hw2] = halfwords(r);
      return disassembleThumb(hw1, hw2, r.addr, r.it ?? 0);
    });
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('the `??` and `<undefined>` single transfers stay UNDEFINED', () => {
    for (const r of t32) {
      // (The PLD/PLI hints and LDRSH with Rt = PC, an unallocated hint, are the preload kind even with an
      // `<undefined>` offset: they execute as hints.)
      if (r.cls !== 'single' || !/^(ldr|str)\S*\t.*(\?\?|<undefined>)/.test(r.line)) continue;
      if (/^ldrsh\S*\tpc, /.test(r.line)) continue;
      const [hw1, hw2] = halfwords(r);
      const insn = decodeThumb(hw1, hw2, r.addr, r.it ?? 0);
      expect(insn.kind, r.word).toBe('undefined');
      expect([insn.op, insn.reads, insn.writes, insn.memory]).toEqual(['undefined', 0, 0, null]);
    }
  });
});
