import { decodeA32, decodeThumb, isThumb32, itAdvance } from '@armprobe/decoder';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockSource, compileBlock, shapeHash, useShapeHashForTesting } from '../src/exec/compile.js';
import { ARM_KEY, type Block, type DecodedLine } from '../src/exec/decoded-lines.js';
import { emitInstruction } from '../src/exec/emitters.js';

/** An ARM line decoded as DecodedLines decodes it. */
function line(address: number, word: number): DecodedLine {
  const insn = decodeA32(word, address);
  return {
    address,
    word: insn.word >>> 0,
    insn,
    emitted: emitInstruction(insn),
    key: ARM_KEY,
    length: 4,
    nextKey: ARM_KEY,
    single: undefined,
    other: undefined,
  };
}

/** A Thumb line (`unit`: the 16-bit unit, or hw1 << 16 | hw2) decoded under ITSTATE `key`. */
function thumbLine(address: number, unit: number, key: number): DecodedLine {
  const wide = unit > 0xffff;
  const insn = wide ? decodeThumb(unit >>> 16, unit & 0xffff, address, key) : decodeThumb(unit, 0, address, key);
  return {
    address,
    word: insn.word >>> 0,
    insn,
    emitted: emitInstruction(insn),
    key,
    length: insn.length,
    nextKey: insn.kind === 'if-then' ? ((insn.firstCond << 4) | insn.mask) & 0xff : itAdvance(key),
    single: undefined,
    other: undefined,
  };
}

/** ARM lines for `words` from `start`. */
function armBlock(start: number, words: readonly number[]): DecodedLine[] {
  return words.map((w, i) => line(start + 4 * i, w));
}

/** Thumb lines for `units` from `start` under ITSTATE `key`, each under the IT state the one before leaves. */
function thumbBlock(start: number, units: readonly number[], key: number): DecodedLine[] {
  const out: DecodedLine[] = [];
  let address = start;
  let k = key;
  for (const u of units) {
    const l = thumbLine(address, u, k);
    out.push(l);
    address += l.length;
    k = l.nextKey;
  }
  return out;
}

/** The block's function is the one its own lines generate (its text holds their source). */
function expectOwnFunction(block: Block): void {
  expect(block.run.toString()).toContain(blockSource(block.lines));
}

function differingInputs(): void {
  // ldr r2, [pc, #8] ; add r0, r0, #1 ; cmp r0, #9 ; bne <start> ; bx lr
  const arm = [0xe59f2008, 0xe2800001, 0xe3500009, 0x1afffffb, 0xe12fff1e];
  // adds r1, #1 ; add.w r5, r5, #1 ; ldr r2, [pc, #4] ; b .-8
  const thumb = [0x3101, 0xf1050501, 0x4a01, 0xe7fa];
  const variants: [string, DecodedLine[]][] = [
    ['arm', armBlock(0x10000, arm)],
    ['arm, start moved by one word', armBlock(0x10004, arm)],
    ['arm, first word changed', armBlock(0x10000, [0xe59f200c, ...arm.slice(1)])],
    ['arm, last word changed', armBlock(0x10000, [...arm.slice(0, 4), 0xe12fff1f])],
    ['arm, one line fewer', armBlock(0x10000, arm.slice(0, 4))],
    ['thumb', thumbBlock(0x10002, thumb, 0)],
    ['thumb, start moved by one halfword', thumbBlock(0x10004, thumb, 0)],
    ['thumb, second half of the 32-bit unit changed', thumbBlock(0x10002, [0x3101, 0xf1050502, 0x4a01, 0xe7fa], 0)],
    // The same halfwords inside an IT block (ITSTATE: EQ, then EQ, then EQ, then the last): other conditions.
    ['thumb, under an IT state', thumbBlock(0x10002, thumb, 0x01)],
    ['thumb, under another IT state', thumbBlock(0x10002, thumb, 0x11)],
    // The same bits as ARM words: the key differs.
    ['thumb halfwords as an ARM word', armBlock(0x10000, [0x31013101])],
    ['an ARM word as Thumb units', thumbBlock(0x10000, [0x3101, 0x3101], 0)],
  ];
  const blocks = variants.map(([name, lines]) => [name, compileBlock(lines)] as const);
  for (let i = 0; i < blocks.length; i++) {
    expectOwnFunction(blocks[i]![1]);
    for (let j = 0; j < i; j++) {
      expect(blocks[i]![1].run, `${blocks[i]![0]} vs ${blocks[j]![0]}`).not.toBe(blocks[j]![1].run);
    }
  }
  // Compiled again from fresh lines (another machine): the same functions.
  for (const [name, lines] of variants) {
    const again = compileBlock(lines.map((l) => ({ ...l, single: undefined, other: undefined })));
    expect(again.run, name).toBe(blocks.find(([n]) => n === name)![1].run);
  }
}

function randomBlocks(): void {
  const armWord = fc.constantFrom(
    0xe2800001, // add r0, r0, #1
    0xe2800002,
    0xe59f2008, // ldr r2, [pc, #8]
    0xe5812000, // str r2, [r1]
    0x1afffffb, // bne
    0x0a000002, // beq
    0xe12fff1e, // bx lr
    0xe7f001f0, // udf
    0xe1a00000, // mov r0, r0
  );
  const thumbUnit = fc.constantFrom(0x3101, 0xf1050501, 0xf1050502, 0x4a01, 0xe7fa, 0xb108, 0xbf08, 0x4770, 0xde01);
  const block = fc.oneof(
    fc.record({
      thumb: fc.constant(false),
      start: fc.integer({ min: 0, max: 7 }).map((i) => 0x8000 + 4 * i),
      units: fc.array(armWord, { minLength: 1, maxLength: 6 }),
      key: fc.constant(ARM_KEY),
    }),
    fc.record({
      thumb: fc.constant(true),
      start: fc.integer({ min: 0, max: 7 }).map((i) => 0x8000 + 2 * i),
      units: fc.array(thumbUnit, { minLength: 1, maxLength: 6 }),
      key: fc.constantFrom(0, 0x01, 0x08, 0x18, 0x0c),
    }),
  );
  const build = (b: { thumb: boolean; start: number; units: number[]; key: number }): DecodedLine[] =>
    b.thumb ? thumbBlock(b.start, b.units, b.key) : armBlock(b.start, b.units);
  fc.assert(
    fc.property(fc.array(block, { minLength: 2, maxLength: 12 }), (specs) => {
      const first = specs.map((s) => compileBlock(build(s)));
      const second = [...specs].reverse().map((s) => compileBlock(build(s)));
      second.reverse();
      for (let i = 0; i < specs.length; i++) {
        expectOwnFunction(first[i]!);
        expect(second[i]!.run).toBe(first[i]!.run);
        for (let j = 0; j < i; j++) {
          const same = blockSource(first[i]!.lines) === blockSource(first[j]!.lines);
          const sameShape =
            first[i]!.lines.length === first[j]!.lines.length &&
            first[i]!.lines.every((l, k) => {
              const m = first[j]!.lines[k]!;
              return l.address === m.address && l.key === m.key && l.word === m.word;
            });
          expect(first[i]!.run === first[j]!.run).toBe(sameShape);
          if (sameShape) expect(same).toBe(true);
        }
      }
    }),
    { numRuns: 300 },
  );
}

describe('compiled block functions are shared by shape (address, state key and word of each line)', () => {
  it('two machines compiling the same code at the same address get one function; other code another', () => {
    // add r0, r0, #1 ; add r1, r1, #2 ; b . (ends the block)
    const words = [0xe2800001, 0xe2811002, 0xeafffffe];
    const a = compileBlock(armBlock(0x8000, words));
    const b = compileBlock(armBlock(0x8000, words));
    expect(b.run).toBe(a.run);
    expect(b.costPrefix).toEqual(a.costPrefix);
    // The same words elsewhere embed other addresses: another function.
    const moved = compileBlock(armBlock(0x9000, words));
    expect(moved.run).not.toBe(a.run);
    // A different instruction: another function.
    const other = compileBlock([line(0x8000, 0xe2800002), line(0x8004, 0xeafffffe)]);
    expect(other.run).not.toBe(a.run);
    for (const block of [a, b, moved, other]) expectOwnFunction(block);
  });

  it('blocks differing in one input to the generator get different functions, each its own', differingInputs);
  it('random blocks, compiled in any order and again, always run the function of their own lines', randomBlocks);
  it('a decoded line keeps its whole fetched input in `word` (the cache key relies on it)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xff }), (w, it) => {
        expect(decodeA32(w, 0x8000).word >>> 0).toBe(w);
        const hw1 = w >>> 16;
        const t = isThumb32(hw1) ? decodeThumb(hw1, w & 0xffff, 0x8002, it) : decodeThumb(hw1, 0, 0x8002, it);
        expect(t.word >>> 0).toBe(isThumb32(hw1) ? w : hw1);
      }),
      { numRuns: 20000 },
    );
  });
});

describe('shapes whose hashes collide', () => {
  type Shape = Pick<DecodedLine, 'address' | 'key' | 'word'>[];
  /**
   * i and j with make(i) and other(j) of the same hash, by brute force (a 32-bit hash: 2^17 shapes of one
   * kind, then ~2^15 tries of the other).
   */
  function collision(make: (i: number) => Shape, other: (j: number) => Shape): [number, number] {
    const seen = new Map<number, number>();
    for (let i = 0; i < 1 << 17; i++) seen.set(shapeHash(make(i)), i);
    for (let j = 0; j < 1 << 22; j++) {
      const i = seen.get(shapeHash(other(j)));
      if (i !== undefined) return [i, j];
    }
    throw new Error('no collision found');
  }

  it('blocks whose shapes collide in the hash keep their own functions (same length, or one line more)', () => {
    const word = (i: number) => (0xe0000000 | (i * 0x9e3779b1)) >>> 0;
    const lines = (ws: number[]) => ws.map((w, k) => ({ address: 0x8000 + 4 * k, key: ARM_KEY, word: w }));
    // Same length: two ARM lines, both words varying.
    const pair = (i: number): number[] => [word(i), word(i ^ 0x5a5a5)];
    const [a, b] = collision(
      (i) => lines(pair(2 * i)),
      (j) => lines(pair(2 * j + 1)),
    );
    // One line against two.
    const [c, d] = collision(
      (i) => lines([word(i)]),
      (j) => lines(pair(j)),
    );
    const blocks = [pair(2 * a), pair(2 * b + 1), [word(c)], pair(d)].map((ws) => compileBlock(armBlock(0x8000, ws)));
    expect(shapeHash(blocks[0]!.lines)).toBe(shapeHash(blocks[1]!.lines));
    expect(shapeHash(blocks[2]!.lines)).toBe(shapeHash(blocks[3]!.lines));
    for (const block of blocks) expectOwnFunction(block);
    expect(blocks[0]!.run).not.toBe(blocks[1]!.run);
    expect(blocks[2]!.run).not.toBe(blocks[3]!.run);
  });
});

describe('every shape in one hash bucket (only the comparison of shapes tells them apart)', () => {
  beforeAll(() => useShapeHashForTesting(() => 0));
  afterAll(() => useShapeHashForTesting(null));
  it('blocks differing in one input to the generator get different functions, each its own', differingInputs);
  it('random blocks, compiled in any order and again, always run the function of their own lines', randomBlocks);
});
