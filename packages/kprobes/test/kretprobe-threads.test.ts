/**
 * kretprobes on a threaded static glibc program: a guest thread may block in its function (a contended
 * mutex) and resume on another CPU, so a pending return belongs to the thread (the kernel's `current`),
 * not to the CPU that took the entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, MemoryFileSystem } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import { Kprobes } from '../src/index.js';

const DIR = join(import.meta.dirname, '../../../fixtures/glibc-programs');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  programs: { name: string; elf: string; stdout: string; stderr: string; status: number }[];
};

/** threads-mutex.c: work(k) runs 2,000 locked rounds and returns mine * 10 + k with mine = (k + 1) * 2,000. */
const THREADS = 4;
const expectedReturn = (k: number): number => (k + 1) * 2000 * 10 + k;

function run(name: string, cpus: number, seed: number) {
  const p = manifest.programs.find((q) => q.name === name)!;
  let stdout = '';
  const decoder = new TextDecoder('latin1');
  const machine = new Machine({
    cpus,
    seed,
    fileSystem: new MemoryFileSystem(),
    onStdout: (b) => {
      stdout += decoder.decode(b);
    },
  });
  machine.loadElf(new Uint8Array(readFileSync(join(DIR, p.elf))), { argv: [`/${name}.elf`], envp: [] });
  const kprobes = new Kprobes(machine);
  const entries: { k: number; cpu: number }[] = [];
  const returns: { k: number; value: number }[] = [];
  const rp = kprobes.registerKretprobe({
    symbol: 'work',
    entry: (instance, regs) => {
      instance.data.k = regs.r(0);
      entries.push({ k: regs.r(0), cpu: instance.cpu });
    },
    handler: (instance, regs) => returns.push({ k: instance.data.k as number, value: regs.r(0) }),
  });
  const result = machine.run({ maxInstructions: 100_000_000 });
  return { p, result, stdout, rp, entries, returns, threads: machine.linux!.threads.statistics() };
}

describe('kretprobes follow the guest thread, not the CPU', () => {
  for (const name of ['threads-mutex-thumb', 'threads-mutex-arm']) {
    it(`${name}: every thread's return seen with its own value on 1, 2 and 4 CPUs (6 seeds each)`, () => {
      let migrations = 0;
      for (const cpus of [1, 2, 4]) {
        for (let seed = 1; seed <= 6; seed++) {
          const r = run(name, cpus, seed);
          expect(r.result.reason, `${cpus} CPUs seed ${seed}`).toBe('exit');
          expect(r.stdout).toBe(r.p.stdout);
          expect(r.result.status).toBe(r.p.status);
          expect(r.rp.hits).toBe(THREADS);
          expect(r.rp.missed).toBe(0);
          expect(r.entries.map((e) => e.k).sort()).toEqual([0, 1, 2, 3]);
          const byThread = [...r.returns].sort((a, b) => a.k - b.k);
          expect(byThread.map((x) => x.value)).toEqual([0, 1, 2, 3].map(expectedReturn));
          migrations += r.threads.migrations;
        }
      }
      // The case the per-task keying exists for must actually occur in this sweep.
      expect(migrations).toBeGreaterThan(0);
    }, 120_000);
  }
});
