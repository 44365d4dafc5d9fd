import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Machine, MemoryFileSystem, type RunResult, type ThreadStatistics } from '../src/index.js';

const DIR = join(__dirname, '../../../fixtures/glibc-programs');

interface Expected {
  readonly name: string;
  readonly elf: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
  readonly threads?: boolean;
}
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  args: string[];
  env: Record<string, string>;
  programs: Expected[];
};
const threaded = manifest.programs.filter((p) => p.threads === true);
const SEEDS = 50;
const elfs = new Map(threaded.map((p) => [p.name, new Uint8Array(readFileSync(join(DIR, p.elf)))]));

interface Run {
  readonly result: RunResult;
  readonly stdout: string;
  readonly stderr: string;
  readonly warnings: string[];
  readonly machine: Machine;
  readonly threads: ThreadStatistics;
}

function run(p: Expected, cpus: number, seed: number): Run {
  const decoder = new TextDecoder('latin1');
  let stdout = '';
  let stderr = '';
  const warnings: string[] = [];
  const machine = new Machine({
    cpus,
    seed,
    fileSystem: new MemoryFileSystem(),
    onStdout: (b) => {
      stdout += decoder.decode(b);
    },
    onStderr: (b) => {
      stderr += decoder.decode(b);
    },
    onWarning: (w) => warnings.push(w),
  });
  machine.loadElf(elfs.get(p.name)!, {
    argv: [`/${p.name}.elf`, ...manifest.args],
    envp: Object.entries(manifest.env).map(([k, v]) => `${k}=${v}`),
  });
  const result = machine.run({ maxInstructions: 100_000_000 });
  return { result, stdout, stderr, warnings, machine, threads: machine.linux!.threads.statistics() };
}

describe('pthread programs on 1, 2 and 4 CPUs over 50 seeds each: what qemu-arm printed', () => {
  it('the manifest has the pthread programs, -mthumb and -marm', () => {
    expect(threaded.map((p) => p.name).sort()).toEqual(
      ['atomic', 'condvar', 'madvise', 'mutex', 'signals'].flatMap((n) => [`threads-${n}-arm`, `threads-${n}-thumb`]),
    );
  });

  for (const p of threaded) {
    for (const cpus of [1, 2, 4]) {
      it(`${p.name} on ${cpus} CPU(s)`, () => {
        const digests = new Set<number>();
        let preemptions = 0;
        let migrations = 0;
        let busyCpus = 0;
        for (let seed = 1; seed <= SEEDS; seed++) {
          const r = run(p, cpus, seed);
          expect({
            seed,
            reason: r.result.reason,
            stdout: r.stdout,
            stderr: r.stderr,
            status: r.result.status,
          }).toEqual({ seed, reason: 'exit', stdout: p.stdout, stderr: p.stderr, status: p.status });
          expect(r.warnings).toEqual([]);
          // The joined worker threads (four; threads-madvise: nine, three at a time) were created and had exited
          // (the join waits for the kernel's exit-time wake); the condvar program's detached thread may still be
          // on its way out at exit_group.
          const madvise = p.name.startsWith('threads-madvise');
          expect(r.threads.created).toBe(p.name.startsWith('threads-condvar') ? 6 : madvise ? 10 : 5);
          expect(r.threads.exited).toBeGreaterThanOrEqual(madvise ? 9 : 4);
          expect(r.threads.exited).toBeLessThanOrEqual(r.threads.created - 1);
          digests.add(r.threads.digest);
          preemptions += r.threads.preemptions;
          migrations += r.threads.migrations;
          busyCpus = Math.max(busyCpus, r.machine.statistics().perCpu.filter((c) => c.instructions > 0).length);
        }
        // Different seeds schedule the threads differently (which thread, on which CPU, when)...
        expect(digests.size).toBeGreaterThanOrEqual(SEEDS - 5);
        // ... with more threads than CPUs the seeded slices preempt; with more CPUs, threads move between them
        // and every CPU runs guest code.
        if (cpus < 4) expect(preemptions).toBeGreaterThan(0);
        if (cpus > 1) expect(migrations).toBeGreaterThan(0);
        expect(busyCpus).toBe(cpus);
      });
    }
  }
});

describe('guest threads are a function of the seed', () => {
  const p = threaded.find((x) => x.name === 'threads-condvar-thumb')!;

  it('the same seed gives the identical run (statistics, thread schedule, output)', () => {
    for (const cpus of [1, 2, 4]) {
      const a = run(p, cpus, 1234);
      const b = run(p, cpus, 1234);
      expect(b.machine.statistics()).toEqual(a.machine.statistics());
      expect(b.threads).toEqual(a.threads);
      expect(b.result).toEqual(a.result);
      expect(b.stdout).toBe(a.stdout);
    }
  });

  it('different seeds give different thread interleavings: contention and switches differ, the output does not', () => {
    const runs = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => run(p, 2, seed));
    // How often a thread found the queue full/empty or the mutex taken and had to block depends on the
    // interleaving the seed chose.
    expect(new Set(runs.map((r) => r.threads.blocks)).size).toBeGreaterThan(4);
    expect(new Set(runs.map((r) => r.threads.switches)).size).toBeGreaterThan(4);
    for (const r of runs) expect(r.stdout).toBe(p.stdout);
  });
});
