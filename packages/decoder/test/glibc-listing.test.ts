/**
 * The decoder's part of the issue 15 ELF acceptance, independent of the CLI's listing: every instruction line
 * of objdump -d on the static glibc fixtures (fixtures/glibc, from scripts/fixtures/gen-glibc-listings.mjs)
 * is decoded from its hex column — ARM words (8 digits), Thumb units (4, or 4 + 4 digits) with the IT state
 * the listing's IT instructions give — and printed; the text must be objdump's. Lines whose operands name a
 * symbol (`1234 <memcpy+0x10>`) are compared with the name left out, as naming is the listing's job;
 * `.word` / `.short` data lines are the listing's too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { disassembleA32, disassembleThumb } from '../src/index.js';

const GLIBC = join(import.meta.dirname, '../../../fixtures/glibc');
const PROGRAMS = ['glibc-demo-O2', 'neon-loops-O3'];
const LINE = /^ *([0-9a-f]+):\t([0-9a-f]{4,8}(?: [0-9a-f]{4})?) +\t(.*)$/;

/** Addresses as an objdump -d listing spells them, with the symbol left out: `1234 <?>`. */
const SYMBOLIC = { formatAddress: (a: number) => `${(a >>> 0).toString(16)} <?>` };
const unname = (s: string) => s.replace(/ <[^>]+>/g, ' <?>');

/** ITSTATE after an `it` instruction with this firstcond and mask (ARM ARM ITSTATE = firstcond:mask). */
function itAdvance(it: number): number {
  if ((it & 7) === 0) return 0;
  return (it & 0xe0) | ((it << 1) & 0x1f);
}

interface Checked {
  readonly lines: number;
  readonly arm: number;
  readonly thumb: number;
  readonly simdOrVfp: number;
  readonly bad: string[];
}

function check(listing: string): Checked {
  let arm = 0;
  let thumb = 0;
  let simdOrVfp = 0;
  let lines = 0;
  const bad: string[] = [];
  let it = 0;
  for (const line of listing.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) {
      // A label or blank line ends any IT block objdump was tracking.
      if (line.trim() !== '') it = 0;
      continue;
    }
    const address = Number.parseInt(m[1]!, 16);
    const hexColumn = m[2]!;
    const rest = m[3]!;
    if (rest.startsWith('.word') || rest.startsWith('.short') || rest.startsWith('.byte')) continue;
    lines++;
    const at = rest.indexOf('@ ');
    const wantText = (at < 0 ? rest : rest.slice(0, at)).replace(/\t+$/, '').trimEnd();
    const wantComment = at < 0 ? null : rest.slice(at + 2);
    let got: { text: string; comment: string | null };
    if (hexColumn.length === 8) {
      arm++;
      got = disassembleA32(Number.parseInt(hexColumn, 16), address, SYMBOLIC);
      it = 0;
    } else {
      thumb++;
      const [h1, h2] = hexColumn.split(' ');
      const hw2 = h2 === undefined ? 0 : Number.parseInt(h2, 16);
      got = disassembleThumb(Number.parseInt(h1!, 16), hw2, address, it, SYMBOLIC);
      const isIt = /^it[te]*\t/.test(wantText) && h2 === undefined && (Number.parseInt(h1!, 16) & 0xff00) === 0xbf00;
      it = isIt ? Number.parseInt(h1!, 16) & 0xff : itAdvance(it);
    }
    if (/^v|^f(ld|st)m/.test(wantText)) simdOrVfp++;
    // Symbol names are the listing's: both sides spell an address `1234 <?>`.
    const ok = got.text === unname(wantText) && got.comment === (wantComment === null ? null : unname(wantComment));
    if (!ok)
      bad.push(`${m[1]}: ${hexColumn} want ${JSON.stringify([wantText, wantComment])} got ${JSON.stringify(got)}`);
  }
  return { lines, arm, thumb, simdOrVfp, bad };
}

describe('decoder over the static glibc listings (objdump -d)', () => {
  for (const name of PROGRAMS) {
    it(`${name}: every ARM and Thumb instruction line prints as objdump does`, () => {
      const listing = gunzipSync(readFileSync(join(GLIBC, `${name}.objdump.gz`))).toString('utf8');
      const r = check(listing);
      console.log(
        name,
        JSON.stringify({ lines: r.lines, arm: r.arm, thumb: r.thumb, simdOrVfp: r.simdOrVfp, bad: r.bad.length }),
      );
      expect(r.bad.slice(0, 30)).toEqual([]);
      expect(r.arm).toBeGreaterThan(500);
      expect(r.thumb).toBeGreaterThan(20000);
      expect(r.simdOrVfp).toBeGreaterThan(500);
    });
  }
});
