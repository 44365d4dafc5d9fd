import { describe, expect, it } from 'vitest';
import { keptLine, LineCache, ListingOutput, OTHER_ADDRESS } from '../src/commands/listing-output.js';

const SENTINEL = '\u0001';

function collect(write: (out: ListingOutput) => void): string {
  const chunks: Buffer[] = [];
  const out = new ListingOutput((c) => chunks.push(Buffer.from(c)), 64);
  write(out);
  out.flush();
  return Buffer.concat(chunks).toString('latin1');
}

describe('keptLine: how a unit’s line is kept for its other occurrences', () => {
  const a = 0x10230;
  const other = (a ^ OTHER_ADDRESS) >>> 0;
  it('a line without addresses, the same elsewhere, is kept as it is; a different one is not kept', () => {
    expect(keptLine('mov\tr0, #1\n', a, 0, 0, '', 'mov\tr0, #1\n', other, 0, 0)).toBe('mov\tr0, #1\n');
    expect(keptLine('mov\tr0, #1\n', a, 0, 0, '', 'mov\tr0, #2\n', other, 0, 0)).toBeNull();
  });
  it('a branch is a template around its target, at a fixed distance', () => {
    const kept = keptLine('bl\t10400 <f>\n', a, 1, 0x10400, '10400 <f>', `bl\t${SENTINEL}\n`, other, 1, other + 0x1d0);
    expect(kept).toEqual({ prefix: 'bl\t', rest: '\n', delta: 0x1d0, aligned: false });
  });
  it('a Thumb literal load is a template from the word-aligned address', () => {
    // Target = Align(address + 4, 4) + 8: the unit at an address ≡ 2 (mod 4), and elsewhere at ≡ 0.
    const at = 0x10232;
    const there = (at ^ OTHER_ADDRESS) >>> 0;
    const target = ((at + 4) & ~3) + 8;
    const otherTarget = ((there + 4) & ~3) + 8;
    const kept = keptLine(
      'ldr\tr0, [pc, #8]\t@ (1023c <x+0x4>)\n',
      at,
      1,
      target,
      '1023c <x+0x4>',
      `ldr\tr0, [pc, #8]\t@ (${SENTINEL})\n`,
      there,
      1,
      otherTarget >>> 0,
    );
    expect(kept).toEqual({ prefix: 'ldr\tr0, [pc, #8]\t@ (', rest: ')\n', delta: 12, aligned: true });
  });
  it('not kept: two addresses, a target not at a fixed distance, or text that differs around the address', () => {
    expect(keptLine('x\n', a, 2, 0, '', `x${SENTINEL}${SENTINEL}\n`, other, 2, 0)).toBeNull();
    expect(keptLine('b\t20000 <g>\n', a, 1, 0x20000, '20000 <g>', `b\t${SENTINEL}\n`, other, 1, 0x20000)).toBeNull();
    expect(
      keptLine('b\t10400 <f>\n', a, 1, 0x10400, '10400 <f>', `bx\t${SENTINEL}\n`, other, 1, other + 0x1d0),
    ).toBeNull();
    expect(keptLine('b\t10400 <f>\n', a, 1, 0x10400, '10400 <f>', 'b\t10400\n', other, 0, 0)).toBeNull();
  });
});

describe('LineCache', () => {
  it('says a unit is new, then seen, then keeps its line; templates spell their target', () => {
    const cache = new LineCache(4, 256);
    expect(cache.find(0x1234, 0)).toBe(-2);
    expect(cache.find(0x1234, 0)).toBe(-1);
    expect(cache.find(0x1234, 1)).toBe(-2);
    const plain = cache.put(0x1234, 0, 'nop\n');
    const branch = cache.put(-5, 7, { prefix: 'b\t', rest: '\n', delta: 8, aligned: false });
    const literal = cache.put(-5, 8, { prefix: 'ldr\t', rest: '!\n', delta: 4, aligned: true });
    expect(cache.find(0x1234, 0)).toBe(plain);
    expect(cache.find(-5, 7)).toBe(branch);
    const spell = (out: ListingOutput, address: number) => out.text(`<${address.toString(16)}>`);
    const text = collect((out) => {
      cache.write(plain, out, 0x100, spell);
      cache.write(branch, out, 0x100, spell);
      cache.write(literal, out, 0x102, spell);
    });
    expect(text).toBe('nop\nb\t<108>\nldr\t<104>!\n');
  });
  it('starts again when half full, and refuses lines longer than 255 bytes', () => {
    const cache = new LineCache(4, 1024);
    for (let k = 0; k < 8; k++) expect(cache.put(k, 0, `l${k}\n`)).toBeGreaterThanOrEqual(0);
    for (let k = 0; k < 8; k++) expect(cache.find(k, 0)).toBeGreaterThanOrEqual(0);
    cache.put(100, 0, 'x\n');
    expect(cache.find(100, 0)).toBeGreaterThanOrEqual(0);
    expect(cache.find(0, 0)).toBeLessThan(0);
    expect(cache.put(1, 1, 'y'.repeat(256))).toBe(-1);
  });
  it('names with bytes above 0x7f are written as those bytes', () => {
    expect(
      Buffer.from(
        collect((out) => out.text('f\u00e9\n')),
        'latin1',
      ),
    ).toEqual(Buffer.from([0x66, 0xe9, 0x0a]));
  });
});
