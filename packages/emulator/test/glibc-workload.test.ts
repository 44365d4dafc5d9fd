import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Machine, MemoryFileSystem } from '../src/index.js';

/**
 * The glibc bench's workload (fixtures/glibc-bench) with one round — the bench runs twenty — prints what
 * qemu-arm printed: both instruction sets with compiled blocks, and the Thumb build (glibc's default) with the
 * one-instruction path too (≈ 5 M instructions each).
 */
const DIR = join(__dirname, '../../../fixtures/glibc-bench');

interface Run {
  readonly args: string[];
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  programs: { name: string; elf: string; runs: Run[] }[];
};

describe('the glibc bench workload prints what qemu-arm prints', () => {
  for (const p of manifest.programs) {
    const run = p.runs.find((r) => r.args.length === 1 && r.args[0] === '1')!;
    const modes = p.name.endsWith('-thumb') ? (['blocks', 'interpreter'] as const) : (['blocks'] as const);
    for (const execution of modes) {
      it(`${p.name} ${run.args.join(' ')} (${execution})`, () => {
        let stdout = '';
        let stderr = '';
        const decoder = new TextDecoder('latin1');
        const machine = new Machine({
          execution,
          fileSystem: new MemoryFileSystem(),
          onStdout: (b) => {
            stdout += decoder.decode(b);
          },
          onStderr: (b) => {
            stderr += decoder.decode(b);
          },
        });
        machine.loadElf(new Uint8Array(readFileSync(join(DIR, p.elf))), { argv: [`/${p.name}.elf`, ...run.args] });
        const result = machine.run({ maxInstructions: 50_000_000 });
        expect({ reason: result.reason, status: result.status, stdout, stderr }).toEqual({
          reason: 'exit',
          status: run.status,
          stdout: run.stdout,
          stderr: run.stderr,
        });
        expect(result.instructions).toBeGreaterThan(1_000_000);
      }, 120_000);
    }
  }
});
