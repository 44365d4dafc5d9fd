/**
 * Every instruction of the large fixture program (≈ 110,000 ARM instructions, each run a few times) probed
 * on one CPU as breakpoints: the program's output and status unchanged, the text restored after
 * unregistering. The same with every probe optimised is the CLI's scale test (packages/cli/test/
 * probe-scale.test.ts): one optimised run of this size is what the suite can afford — each of the
 * ≈ 3.4 million trampoline instructions runs once or twice, and the emulator decodes and compiles every
 * one of them (≈ 30 s of CPU and ≈ 3 GB of decoded lines).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KprobeError, Kprobes } from '../src/index.js';
import { armInstructions, boot, type Program } from './helpers.js';

const LARGE = join(import.meta.dirname, '../../../fixtures/large-program');

function large(): Program {
  return {
    name: 'large-O2',
    elf: new Uint8Array(readFileSync(join(LARGE, 'large-O2.elf'))),
    stdout: readFileSync(join(LARGE, 'large-O2.stdout'), 'utf8'),
    status: Number(readFileSync(join(LARGE, 'large-O2.status'), 'utf8').trim()),
  };
}

describe('probe every instruction of a 100,000-instruction program', () => {
  it('breakpoints: output unchanged, one plan, text restored', () => {
    const p = large();
    const { machine, out } = boot(p);
    const image = armInstructions(machine).map((a) => [a, machine.memory.peek32(a)] as const);
    expect(image.length).toBeGreaterThanOrEqual(100_000);
    const kprobes = new Kprobes(machine);
    kprobes.batch(() => {
      for (const [address] of image) {
        try {
          kprobes.register({ address });
        } catch (error) {
          expect(error).toBeInstanceOf(KprobeError);
          expect(['rejected', 'exclusive-sequence']).toContain((error as KprobeError).code);
        }
      }
    });
    const probes = kprobes.probes();
    expect(probes.length).toBeGreaterThanOrEqual(100_000);
    expect(kprobes.statistics().plans).toBe(1);
    const result = machine.run({ maxInstructions: 100_000_000 });
    expect(out()).toBe(p.stdout);
    expect(result.status).toBe(p.status);
    // Each generated function runs once (untaken switch cases and else branches stay at 0 hits); no reentry.
    expect(probes.filter((probe) => probe.hits > 0).length).toBeGreaterThan(probes.length * 0.6);
    expect(kprobes.statistics().hits).toBeGreaterThan(probes.length);
    expect(probes.every((probe) => probe.missed === 0)).toBe(true);
    kprobes.batch(() => {
      for (const probe of probes) kprobes.unregister(probe);
    });
    expect(image.filter(([a, w]) => machine.memory.peek32(a) !== w)).toEqual([]);
  }, 240_000);
});
