import { decodeA32 } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import { compileBlock } from '../src/exec/compile.js';
import { ARM_KEY, type DecodedLine } from '../src/exec/decoded-lines.js';
import { emitInstruction } from '../src/exec/emitters.js';

function line(address: number, word: number): DecodedLine {
  const insn = decodeA32(word, address);
  return {
    address,
    word,
    insn,
    emitted: emitInstruction(insn),
    key: ARM_KEY,
    length: 4,
    nextKey: ARM_KEY,
    single: undefined,
    other: undefined,
  };
}

describe('compiled block functions are shared by source', () => {
  it('two machines compiling the same code at the same address get one function; other code another', () => {
    // add r0, r0, #1 ; add r1, r1, #2 ; b . (ends the block)
    const words = [0xe2800001, 0xe2811002, 0xeafffffe];
    const a = compileBlock(words.map((w, i) => line(0x8000 + 4 * i, w)));
    const b = compileBlock(words.map((w, i) => line(0x8000 + 4 * i, w)));
    expect(b.run).toBe(a.run);
    // The same words elsewhere embed other addresses: another function.
    const moved = compileBlock(words.map((w, i) => line(0x9000 + 4 * i, w)));
    expect(moved.run).not.toBe(a.run);
    // A different instruction: another function.
    const other = compileBlock([line(0x8000, 0xe2800002), line(0x8004, 0xeafffffe)]);
    expect(other.run).not.toBe(a.run);
  });
});
