import { describe, expect, it } from 'vitest';
import { a32Corpora, compare } from './oracle.js';

describe('A32 disassembly agrees with GNU objdump 2.40', () => {
  const corpora = a32Corpora();

  it('has oracle corpora', () => {
    expect(corpora.length).toBeGreaterThan(0);
  });

  for (const { name, records } of corpora) {
    it(`${name}: at least 99.9% exact text+comment agreement (objdump's garbage included)`, () => {
      const { total, mismatches } = compare(records);
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
        [...byClass].map(([c, l]) => [c, { count: l.length, examples: l.slice(0, 3) }]),
      );
      if (mismatches.length > 0)
        console.log(`${name}: ${mismatches.length}/${total} mismatches`, JSON.stringify(report, null, 2));
      expect(total).toBeGreaterThan(1000);
      expect(mismatches.length, JSON.stringify(report, null, 2)).toBeLessThanOrEqual(Math.floor(total * 0.001));
    });
  }
});
