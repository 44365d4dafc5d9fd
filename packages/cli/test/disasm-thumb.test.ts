import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { disassembleThumb } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import { disasmLine } from '../src/index.js';

const BIN = join(import.meta.dirname, '../dist/armprobe.cjs');

function run(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('armprobe disasm --isa thumb (stdin mode)', () => {
  it('a 16-bit unit is 4 hex digits, a 32-bit instruction 8 (first halfword first); each line carries len', () => {
    expect(disasmLine('8000 b5f0', 1, 'thumb')).toEqual({
      addr: 0x8000,
      word: 'b5f0',
      len: 2,
      text: 'push\t{r4, r5, r6, r7, lr}',
      comment: null,
    });
    expect(disasmLine('0x8002 0x4800', 2, 'thumb')).toEqual({
      addr: 0x8002,
      word: '4800',
      len: 2,
      text: 'ldr\tr0, [pc, #0]',
      comment: '(0x8004)',
    });
    expect(disasmLine('8002 f7fffffe', 3, 'thumb')).toEqual({
      addr: 0x8002,
      word: 'f7fffffe',
      len: 4,
      text: 'bl\t0x8002',
      comment: null,
    });
    // Leading zeros count: 0000 is a unit (movs r0, r0), not an 8-digit word.
    expect(disasmLine('8000 0000', 4, 'thumb')).toMatchObject({ word: '0000', len: 2, text: 'movs\tr0, r0' });
  });

  it('a unit that starts a 32-bit instruction, a pair that does not, other lengths and odd addresses are line errors', () => {
    expect(disasmLine('8000 f7ff', 5, 'thumb')).toEqual({
      line: 5,
      error: 'Thumb unit f7ff starts a 32-bit instruction: give both halfwords (8 hex digits, f7ffxxxx)',
    });
    expect(disasmLine('8000 4770bf00', 6, 'thumb')).toEqual({
      line: 6,
      error: 'first halfword 4770 is a 16-bit Thumb instruction: give it alone (4 hex digits)',
    });
    expect(disasmLine('8000 770', 7, 'thumb')).toMatchObject({ line: 7 });
    expect((disasmLine('8000 770', 7, 'thumb') as { error: string }).error).toContain('must be 4 hex digits');
    expect(disasmLine('8001 4770', 8, 'thumb')).toEqual({
      line: 8,
      error: 'address 0x8001 is not halfword-aligned (Thumb state)',
    });
  });

  it('the built command prints each line as the library does, reports bad lines in place, exits 1', () => {
    const input = ['8000 b5f0', '8002 f7fffffe', '8006 e92d', '8008 bf08', '800a 1c48', '800c de18', '800e xyz'].join(
      '\n',
    );
    const r = run(['disasm', '--isa', 'thumb'], input);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    expect(lines[2]).toMatchObject({ line: 3 });
    expect(lines[6]).toMatchObject({ line: 7 });
    for (const i of [0, 1, 3, 4, 5]) {
      const l = lines[i];
      expect(Object.keys(l)).toEqual(['addr', 'word', 'len', 'text', 'comment']);
      const v = Number.parseInt(l.word, 16);
      const got = l.len === 4 ? disassembleThumb(v >>> 16, v & 0xffff, l.addr) : disassembleThumb(v, 0, l.addr);
      expect({ text: l.text, comment: l.comment, size: l.len }).toEqual(got);
    }
    // Lines are independent: the unit after an IT instruction is not decoded inside its block.
    expect(lines[4]).toMatchObject({ text: 'adds\tr0, r1, #1' });
    expect(lines[5]).toMatchObject({ text: 'udf\t#24', len: 2 });
  });
});
