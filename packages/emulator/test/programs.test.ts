import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { programCases, runProgram } from './fixtures.js';

// qemu-arm oracle: each fixture program's stdout and exit status, exactly.
const cases = programCases();

describe('fixture programs against qemu-arm', () => {
  it('has fixture programs (fails once the directory exists but is empty)', () => {
    if (cases === null) return;
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const c of cases ?? []) {
    it(`${c.name}: same stdout and exit status as qemu-arm`, () => {
      const run = runProgram(c.elf);
      const expectedStatus = Number(readFileSync(c.status, 'utf8').trim());
      expect(run.result.error).toBeUndefined();
      expect(run.stdout.toString('latin1')).toBe(readFileSync(c.stdout).toString('latin1'));
      expect(run.result.status).toBe(expectedStatus);
    });
  }
  for (const c of (cases ?? []).filter((c) => c.name.startsWith('fault-')).slice(0, 1)) {
    it(`${c.name}: the interpreter agrees with the block compiler`, () => {
      const blocks = runProgram(c.elf);
      const interpreter = runProgram(c.elf, { execution: 'interpreter' });
      expect(interpreter.stdout).toEqual(blocks.stdout);
      expect(interpreter.result.status).toBe(blocks.result.status);
      expect(interpreter.result.instructions).toBe(blocks.result.instructions);
      expect(interpreter.result.cycles).toBe(blocks.result.cycles);
    });
  }
});
