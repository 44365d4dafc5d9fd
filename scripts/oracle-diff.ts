/**
 * Developer tool: compare the disassembler with the objdump corpora and list mismatches.
 *   npx tsx scripts/oracle-diff.ts [--thumb] [--corpus REGEX] [--cls REGEX] [--limit N] [--summary]
 * --thumb compares disassembleThumb with the t32-* corpora (IT state from each record's `it`).
 */
import { a32Corpora, compare } from '../packages/decoder/test/oracle.js';
import { compareThumb, thumbCorpora } from '../packages/decoder/test/thumb-oracle.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const cls = opt('--cls');
const limit = Number(opt('--limit') ?? 40);
const summaryOnly = args.includes('--summary');
const clsRe = cls ? new RegExp(cls) : null;
const thumb = args.includes('--thumb');
const corpusRe = opt('--corpus') ? new RegExp(opt('--corpus')!) : null;
const corpora = (thumb ? thumbCorpora() : a32Corpora()).filter((c) => corpusRe === null || corpusRe.test(c.name));

let total = 0;
let bad = 0;
const byClass = new Map<string, number>();
const shown: string[] = [];
for (const { name, records } of corpora) {
  const selected = clsRe ? records.filter((r) => clsRe.test(r.cls ?? '')) : records;
  // biome-ignore lint/suspicious/noExplicitAny: both corpus shapes carry the fields compare reads
  const res = thumb ? compareThumb(selected as any) : compare(selected);
  total += res.total;
  bad += res.mismatches.length;
  for (const m of res.mismatches) {
    const c = m.record.cls ?? '?';
    byClass.set(c, (byClass.get(c) ?? 0) + 1);
    if (shown.length < limit)
      shown.push(
        `${name} ${m.record.word} @${m.record.addr.toString(16)}${thumb ? ` it=${(m.record as { it?: number }).it ?? 0}` : ''} [${c}]\n  want ${JSON.stringify(m.record.text)} ${JSON.stringify(m.record.comment)}\n  got  ${JSON.stringify(m.got.text)} ${JSON.stringify(m.got.comment)}`,
      );
  }
}
if (!summaryOnly) console.log(shown.join('\n'));
console.log('\nmismatches by class:');
for (const [c, n] of [...byClass].sort((a, b) => b[1] - a[1])) console.log(`  ${c.padEnd(24)} ${n}`);
console.log(
  `\n${total - bad}/${total} agree (${((100 * (total - bad)) / Math.max(total, 1)).toFixed(3)}%), ${bad} mismatches`,
);
