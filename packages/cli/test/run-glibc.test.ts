import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(__dirname, '../dist/armprobe.cjs');
const DIR = join(__dirname, '../../../fixtures/glibc-programs');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  args: string[];
  env: Record<string, string>;
  programs: { name: string; elf: string; stdout: string; stderr: string; status: number; threads?: boolean }[];
};

describe('armprobe run on static glibc programs (--root, --env, -- ARGS): what qemu-arm printed', () => {
  for (const p of manifest.programs) {
    it(`${p.name}`, () => {
      const root = mkdtempSync(join(tmpdir(), 'armprobe-glibc-'));
      try {
        copyFileSync(join(DIR, p.elf), join(root, 'prog.elf'));
        const env = Object.entries(manifest.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
        const r = spawnSync(
          process.execPath,
          [CLI, 'run', join(root, 'prog.elf'), '--root', root, ...env, '--', ...manifest.args],
          { encoding: 'latin1', cwd: tmpdir() },
        );
        // qemu-arm names itself in its fatal-signal line; armprobe prints the same line under its own name.
        const stderr = p.stderr.replace(/^qemu: (uncaught target signal)/m, 'armprobe: $1');
        expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({
          stdout: p.stdout,
          stderr,
          status: p.status,
        });
        // The guest wrote inside --root only and removed what it made there.
        expect(readdirSync(root)).toEqual(['prog.elf']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

describe('armprobe run and probe on the pthread programs: --cpus N schedules the threads, --seed picks the interleaving', () => {
  const threaded = manifest.programs.filter((p) => p.threads === true);
  const env = Object.entries(manifest.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);

  for (const p of threaded) {
    it(`${p.name} on 2 and 4 CPUs`, () => {
      const root = mkdtempSync(join(tmpdir(), 'armprobe-threads-'));
      try {
        copyFileSync(join(DIR, p.elf), join(root, 'prog.elf'));
        for (const [cpus, seed] of [
          ['2', '3'],
          ['4', '11'],
        ] as const) {
          const stats = join(tmpdir(), `armprobe-threads-${process.pid}-${p.name}-${cpus}.json`);
          const r = spawnSync(
            process.execPath,
            [
              CLI,
              'run',
              join(root, 'prog.elf'),
              '--root',
              root,
              '--cpus',
              cpus,
              '--seed',
              seed,
              '--stats',
              stats,
              ...env,
              '--',
              ...manifest.args,
            ],
            { encoding: 'latin1', cwd: tmpdir() },
          );
          expect({ cpus, stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({
            cpus,
            stdout: p.stdout,
            stderr: p.stderr,
            status: p.status,
          });
          const report = JSON.parse(readFileSync(stats, 'utf8'));
          rmSync(stats, { force: true });
          expect(report.cpus).toBe(Number(cpus));
          // Main, four joined workers (threads-madvise: nine) (and the condvar program's detached thread, which
          // may not have finished exiting when main calls exit_group).
          const madvise = p.name.startsWith('threads-madvise');
          expect(report.threads.created).toBe(p.name.startsWith('threads-condvar') ? 6 : madvise ? 10 : 5);
          expect(report.threads.exited).toBeGreaterThanOrEqual(madvise ? 9 : 4);
          // Every CPU ran some of the program's threads.
          for (const c of report.perCpu) expect(c.instructions).toBeGreaterThan(0);
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }

  it('the same --seed gives the same run (statistics), another seed another interleaving', () => {
    const p = threaded.find((x) => x.name === 'threads-mutex-thumb')!;
    const stats = (seed: string): { threads: { digest: number }; perCpu: unknown } => {
      const file = join(tmpdir(), `armprobe-threads-seed-${process.pid}-${seed}.json`);
      const r = spawnSync(
        process.execPath,
        [CLI, 'run', join(DIR, p.elf), '--cpus', '2', '--seed', seed, '--stats', file],
        {
          encoding: 'latin1',
        },
      );
      expect(r.status).toBe(0);
      const report = JSON.parse(readFileSync(file, 'utf8'));
      rmSync(file, { force: true });
      delete report.hostSeconds;
      delete report.mips;
      return report;
    };
    const a = stats('5');
    expect(stats('5')).toEqual(a);
    expect(stats('6').threads.digest).not.toBe(a.threads.digest);
  });

  it('armprobe probe takes --cpus without --entry-per-cpu: probes on every instruction of a thread function, output unchanged, 0 violations', () => {
    const p = threaded.find((x) => x.name === 'threads-mutex-arm')!;
    const report = join(tmpdir(), `armprobe-threads-probe-${process.pid}.json`);
    for (const optimize of [[], ['--optimize']]) {
      const r = spawnSync(
        process.execPath,
        [
          CLI,
          'probe',
          join(DIR, p.elf),
          '--cpus',
          '4',
          '--seed',
          '5',
          '--fetch',
          'architectural',
          '--every-insn',
          'work',
          '--attach-after',
          '250000',
          '--detach-after',
          '500000',
          ...optimize,
          '--report',
          report,
        ],
        { encoding: 'latin1' },
      );
      expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({
        stdout: p.stdout,
        stderr: '',
        status: 0,
      });
      const totals = JSON.parse(readFileSync(report, 'utf8')).totals;
      expect(totals.violations).toBe(0);
      expect(totals.hits).toBeGreaterThan(1000);
      expect(totals.rendezvous).toBeGreaterThan(0);
    }
    rmSync(report, { force: true });
  });
});
