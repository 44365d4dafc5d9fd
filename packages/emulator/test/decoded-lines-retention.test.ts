import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FetchMode, Machine, MemoryFileSystem } from '../src/index.js';

/**
 * A CPU drops all its compiled blocks when it holds more than `retainedBlocks`, and all its decoded lines when
 * they are only a cache of memory (coherent fetch model) and it holds more than `retainedLines`. Dropping is
 * invisible to the guest and to the schedule: blocks are rebuilt from the same start addresses, lines from
 * the same memory. Run with tiny limits, every run must equal the run with the defaults.
 */
const FIXTURES = join(__dirname, '../../../fixtures');

interface Outcome {
  readonly stdout: string;
  readonly status: number | null;
  readonly instructions: number;
  readonly cycles: number;
  readonly digest: number | undefined;
  readonly decodes: number;
  readonly compiles: number;
}

function glibc(name: string, fetch: FetchMode, limits: { blocks: number; lines: number } | null): Outcome {
  let stdout = '';
  const decoder = new TextDecoder('latin1');
  const machine = new Machine({
    fetch,
    fileSystem: new MemoryFileSystem(),
    onStdout: (b) => {
      stdout += decoder.decode(b);
    },
    onStderr: (b) => {
      stdout += decoder.decode(b);
    },
  });
  if (limits !== null) {
    machine.decodedLines(0).retainedBlocks = limits.blocks;
    machine.decodedLines(0).retainedLines = limits.lines;
  }
  machine.loadElf(new Uint8Array(readFileSync(join(FIXTURES, 'glibc-programs/bin', `${name}.elf`))), {
    argv: [`/${name}.elf`, 'alpha'],
    envp: ['LANG=C'],
  });
  const result = machine.run({ maxInstructions: 50_000_000 });
  const s = machine.statistics();
  return {
    stdout,
    status: result.status,
    instructions: result.instructions,
    cycles: result.cycles,
    digest: s.schedule?.digest,
    decodes: s.decodes,
    compiles: s.compiles,
  };
}

function smp(fetch: FetchMode, limits: { blocks: number; lines: number } | null): Outcome {
  const elf = new Uint8Array(readFileSync(join(FIXTURES, 'programs/bin/smp-counter-O2.elf')));
  let stdout = '';
  const machine = new Machine({
    cpus: 4,
    seed: 7,
    quantum: [300, 3000],
    fetch,
    onStdout: (b) => {
      stdout += new TextDecoder().decode(b);
    },
  });
  if (limits !== null) {
    for (let k = 0; k < 4; k++) {
      machine.decodedLines(k).retainedBlocks = limits.blocks;
      machine.decodedLines(k).retainedLines = limits.lines;
    }
  }
  machine.loadElf(elf);
  machine.startSmp({ entry: 'cpu_entry' });
  const result = machine.run({ maxInstructions: 2_000_000 });
  const s = machine.statistics();
  return {
    stdout,
    status: result.status,
    instructions: result.instructions,
    cycles: result.cycles,
    digest: s.schedule?.digest,
    decodes: s.decodes,
    compiles: s.compiles,
  };
}

/** Limits a glibc program (≈ 8,000 lines, ≈ 800 blocks) exceeds several times; the SMP program is smaller. */
const tiny = { blocks: 256, lines: 2048 };
const tinier = { blocks: 4, lines: 16 };

/** What the guest and the schedule show (not the cache statistics). */
function visible(o: Outcome): unknown {
  return [o.stdout, o.status, o.instructions, o.cycles, o.digest];
}

describe('dropping compiled blocks and cached decoded lines is invisible', () => {
  for (const name of ['stdio-thumb', 'malloc-arm']) {
    it(`${name}, coherent: same output, status, instructions and cycles; lines and blocks were rebuilt`, () => {
      const normal = glibc(name, 'coherent', null);
      const dropped = glibc(name, 'coherent', tiny);
      expect(visible(dropped)).toEqual(visible(normal));
      expect(normal.stdout.length).toBeGreaterThan(0);
      expect(dropped.decodes).toBeGreaterThan(normal.decodes);
      expect(dropped.compiles).toBeGreaterThan(normal.compiles);
    });
  }

  it('architectural fetch model: lines are the instruction cache and stay; blocks are still dropped', () => {
    const normal = glibc('stdio-thumb', 'architectural', null);
    const dropped = glibc('stdio-thumb', 'architectural', tiny);
    expect(visible(dropped)).toEqual(visible(normal));
    expect(dropped.decodes).toBe(normal.decodes);
    expect(dropped.compiles).toBeGreaterThan(normal.compiles);
  });

  for (const fetch of ['coherent', 'architectural'] as const) {
    it(`4 CPUs, quanta 300..3000 (slices end at block boundaries), ${fetch}: the same schedule`, () => {
      const normal = smp(fetch, null);
      const dropped = smp(fetch, tinier);
      expect(dropped.digest).toBeDefined();
      expect(visible(dropped)).toEqual(visible(normal));
      expect(dropped.compiles).toBeGreaterThan(normal.compiles);
    });
  }
});
