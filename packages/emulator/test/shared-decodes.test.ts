import { decodeA32, decodeThumb, isThumb32, itAdvance } from '@armprobe/decoder';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitInstruction } from '../src/exec/emitters.js';
import { ARM_KEY, decodeShared, useDecodeHashForTesting } from '../src/exec/shared-decodes.js';

/** What DecodedLines decoded before decodes were shared: decode and emit afresh. */
function fresh(address: number, key: number, input: number) {
  if (key === ARM_KEY) {
    const insn = decodeA32(input, address);
    return { insn, emitted: emitInstruction(insn), length: 4, nextKey: ARM_KEY };
  }
  const insn =
    input > 0xffff ? decodeThumb(input >>> 16, input & 0xffff, address, key) : decodeThumb(input, 0, address, key);
  const nextKey = insn.kind === 'if-then' ? ((insn.firstCond << 4) | insn.mask) & 0xff : itAdvance(key);
  return { insn, emitted: emitInstruction(insn), length: insn.length, nextKey };
}

/** A fetched input: an ARM word, or a Thumb unit (hw1 << 16 | hw2 when hw1 starts a 32-bit instruction). */
const input = (key: number, w: number): number => {
  if (key === ARM_KEY) return w >>> 0;
  const hw1 = w >>> 16;
  return isThumb32(hw1) ? w >>> 0 : hw1;
};

const decodeCase = fc
  .record({
    address: fc.integer({ min: 0, max: 15 }).map((i) => 0x8000 + 2 * i),
    key: fc.constantFrom(ARM_KEY, 0, 0x08, 0x18, 0x0c, 0x01),
    // A few words, so that cases repeat (cache hits) and differ in one field only.
    word: fc.constantFrom(
      0xe2800001,
      0xe2800002,
      0x1afffffb,
      0xe7f001f0,
      0x3101bf08,
      0xf1050501,
      0xf1050502,
      0xb1084770,
    ),
  })
  .map(({ address, key, word }) => ({
    address: key === ARM_KEY ? address & ~3 : address,
    key,
    input: input(key, word),
  }));

function sharedEqualsFresh(): void {
  fc.assert(
    fc.property(fc.array(decodeCase, { minLength: 1, maxLength: 30 }), (cases) => {
      const first = cases.map((c) => decodeShared(c.address, c.key, c.input));
      for (let i = 0; i < cases.length; i++) {
        const c = cases[i]!;
        const d = first[i]!;
        const f = fresh(c.address, c.key, c.input);
        expect(d.insn).toEqual(f.insn);
        expect(d.emitted).toEqual(f.emitted);
        expect(d.length).toBe(f.length);
        expect(d.nextKey).toBe(f.nextKey);
        // Decoded again (another CPU, another machine): the same objects.
        expect(decodeShared(c.address, c.key, c.input)).toBe(d);
      }
    }),
    { numRuns: 200 },
  );
}

describe('decodes shared between machines, by address, state key and fetched input', () => {
  it('equal what decoding afresh gives, and are the same objects when decoded again', sharedEqualsFresh);

  it('the same input elsewhere, under another key or with another second halfword is another decode', () => {
    const base = decodeShared(0x8002, 0, 0xf1050501);
    expect(decodeShared(0x8004, 0, 0xf1050501)).not.toBe(base);
    expect(decodeShared(0x8002, 0x08, 0xf1050501)).not.toBe(base);
    expect(decodeShared(0x8002, 0, 0xf1050502)).not.toBe(base);
    expect(decodeShared(0x8002, 0, 0xf1050501)).toBe(base);
  });
});

describe('every decode in one hash bucket (only the comparison tells them apart)', () => {
  beforeAll(() => useDecodeHashForTesting(() => 0));
  afterAll(() => useDecodeHashForTesting(null));
  it('equal what decoding afresh gives, and are the same objects when decoded again', sharedEqualsFresh);
});
