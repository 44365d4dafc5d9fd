import { describe, expect, it } from 'vitest';
import { compareThumb, thumbCorpora } from './thumb-oracle.js';

describe('Thumb disassembly agrees with GNU objdump 2.40 (-M force-thumb)', () => {
  const corpora = thumbCorpora();

  it('has oracle corpora: random, stratified, every 16-bit unit, IT blocks', () => {
    expect(corpora.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        't32-generated.jsonl.gz',
        't32-shared-sample.jsonl.gz',
        't32-t16-exhaustive.jsonl.gz',
        't32-thumb32-generated.jsonl.gz',
        't32-it-blocks.jsonl.gz',
      ]),
    );
  });

  for (const { name, records } of corpora) {
    it(`${name}: at least 99.9% exact text+comment agreement (objdump's garbage included)`, () => {
      const { total, mismatches } = compareThumb(records);
      const byClass = new Map<string, string[]>();
      for (const m of mismatches) {
        const c = m.record.cls ?? 'unlabelled';
        const list = byClass.get(c) ?? [];
        list.push(
          `${m.record.word}@${m.record.addr.toString(16)}: want ${JSON.stringify(m.record.text)} ${JSON.stringify(m.record.comment)} got ${JSON.stringify(m.got.text)} ${JSON.stringify(m.got.comment)}`,
        );
        byClass.set(c, list);
      }
      // The remaining mismatches, by class, so a regression names its encoding class.
      const report = Object.fromEntries(
        [...byClass]
          .sort((a, b) => b[1].length - a[1].length)
          .map(([c, l]) => [c, { count: l.length, examples: l.slice(0, 3) }]),
      );
      if (mismatches.length > 0)
        console.log(`${name}: ${mismatches.length}/${total} mismatches`, JSON.stringify(report, null, 2));
      expect(total).toBeGreaterThan(1000);
      expect(mismatches.length, JSON.stringify(report, null, 2)).toBeLessThanOrEqual(Math.floor(total * 0.001));
    });
  }
});
