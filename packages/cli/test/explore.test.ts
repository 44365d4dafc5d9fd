/**
 * `armprobe explore` end to end (the built binary): shards merged equal the unsharded run and the worker count
 * changes nothing (host time aside), Ctrl-C writes what finished, and argument mistakes are named.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../dist/armprobe.cjs');
const SMP = join(import.meta.dirname, '../../../fixtures/programs/bin/smp-mixed-O2.elf');
const root = mkdtempSync(join(tmpdir(), 'armprobe-explore-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function explore(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'explore', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// biome-ignore lint/suspicious/noExplicitAny: results files are plain JSON here
function results(dir: string): any {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
}

// biome-ignore lint/suspicious/noExplicitAny: results files are plain JSON here
function withoutHostTime(r: any): unknown {
  // biome-ignore lint/suspicious/noExplicitAny: see above
  return { ...r, combinations: r.combinations.map(({ hostSeconds: _, ...c }: any) => c) };
}

/** Every scenario and strategy, 1 and 2 CPUs, 9 seeds: 450 seed-runs (a few seconds). */
const SPACE = ['--seeds', '3..11', '--cpus', '1,2', '--quiet'];

describe('armprobe explore: deterministic whatever the split', () => {
  const dirs = Object.fromEntries(['whole1', 'whole2', 'shard0', 'shard1', 'merged'].map((d) => [d, join(root, d)]));

  it('one worker and two workers give the same results', () => {
    expect(explore([...SPACE, '--workers', '1', '--out', dirs.whole1!]).status).toBe(0);
    expect(explore([...SPACE, '--workers', '2', '--out', dirs.whole2!]).status).toBe(0);
    const one = results(dirs.whole1!);
    expect(one.complete).toBe(true);
    expect(one.combinations).toHaveLength(5 * 5 * 2);
    for (const c of one.combinations) expect(c.seeds).toBe(9);
    // Real findings, not zeros: direct writes are flagged on 2 CPUs in every scenario.
    for (const c of one.combinations.filter(
      (c: { strategy: string; cpus: number }) => c.strategy === 'direct' && c.cpus === 2,
    )) {
      expect(c.violations, c.scenario).toBeGreaterThan(0);
    }
    expect(withoutHostTime(results(dirs.whole2!))).toEqual(withoutHostTime(one));
  });

  it('--shard 0/2 and 1/2 merged equal the unsharded run, field for field except host time', () => {
    expect(explore([...SPACE, '--workers', '1', '--shard', '0/2', '--out', dirs.shard0!]).status).toBe(0);
    expect(explore([...SPACE, '--workers', '2', '--shard', '1/2', '--out', dirs.shard1!]).status).toBe(0);
    const s0 = results(dirs.shard0!);
    expect(s0.shards).toEqual({ count: 2, indices: [0] });
    expect(s0.combinations[0].seeds).toBe(5); // seeds 3, 5, 7, 9, 11
    const m = spawnSync(
      process.execPath,
      [BIN, 'explore', 'merge', dirs.shard1!, dirs.shard0!, '--out', dirs.merged!],
      {
        encoding: 'utf8',
      },
    );
    expect(m.stderr).toBe('');
    expect(m.status).toBe(0);
    expect(m.stdout).toContain('50 combinations, 450 seed-runs');
    expect(withoutHostTime(results(dirs.merged!))).toEqual(withoutHostTime(results(dirs.whole1!)));
    expect(readFileSync(join(dirs.merged!, 'report.html'), 'utf8')).toContain('<canvas id="cycles-per-change"');
  });

  it('merge refuses a shard given twice and shards of different spaces', () => {
    const twice = spawnSync(
      process.execPath,
      [BIN, 'explore', 'merge', dirs.shard0!, dirs.shard0!, '--out', join(root, 'x')],
      {
        encoding: 'utf8',
      },
    );
    expect(twice.status).toBe(1);
    expect(twice.stderr).toContain('shard 0/2 is given twice');
    const other = join(root, 'other');
    expect(
      explore(['--seeds', '1..2', '--scenario', 'jump-label', '--strategy', 'auto', '--quiet', '--out', other]).status,
    ).toBe(0);
    const mixed = spawnSync(
      process.execPath,
      [BIN, 'explore', 'merge', dirs.shard0!, other, '--out', join(root, 'y')],
      {
        encoding: 'utf8',
      },
    );
    expect(mixed.status).toBe(1);
    expect(mixed.stderr).toContain('input 2 explored a different space');
  });
});

describe('armprobe explore: the user workload', () => {
  it('probes a fixture SMP program: direct writes flagged, the safe strategies clean', () => {
    const out = join(root, 'user');
    const r = explore([
      ...['--elf', SMP, '--entry-per-cpu', 'cpu_entry', '--probe', 'checksum', '--probe', 'mix32+4'],
      ...['--scenario', 'user', '--strategy', 'direct,auto,kernel', '--seeds', '1..2', '--quiet', '--out', out],
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [direct, auto, kernel] = results(out).combinations;
    expect(direct.violationsByKind['cmodx-old-not-safe']).toBeGreaterThan(0);
    expect(auto.violations).toBe(0);
    expect(kernel.violations).toBe(0);
    expect(kernel.rendezvous).toBeGreaterThan(auto.rendezvous);
  });
});

describe('armprobe explore: Ctrl-C', () => {
  it('stops cleanly on SIGINT and writes what finished, marked interrupted (exit 130)', async () => {
    const out = join(root, 'interrupted');
    const child = spawn(process.execPath, [
      BIN,
      'explore',
      '--seeds',
      '1..100000',
      '--workers',
      '2',
      '--quiet',
      '--out',
      out,
    ]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise((r) => setTimeout(r, 2_500));
    child.kill('SIGINT');
    const status = await new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    expect(stderr).toBe('');
    expect(status).toBe(130);
    const r = results(out);
    expect(r.interrupted).toBe(true);
    expect(r.complete).toBe(false);
    const seeds = r.combinations.reduce((n: number, c: { seeds: number }) => n + c.seeds, 0);
    expect(seeds).toBeGreaterThan(0);
    expect(seeds).toBeLessThan(100_000);
  });
});

describe('armprobe explore: argument mistakes are named (exit 2)', () => {
  const cases: [string[], string][] = [
    [['--seeds', '9..3'], 'B must be ≥ A'],
    [['--seeds', 'x'], 'expected A..B'],
    [['--shard', '2/2'], 'expected I/N with 0 ≤ I < N'],
    [['--scenario', 'nope'], 'unknown scenario "nope"'],
    [['--strategy', 'sometimes'], 'unknown strategy "sometimes"'],
    [['--cpus', '65'], '--cpus must be 1–64'],
    [['--workers', '0'], '--workers must be at least 1'],
    [['--probe', 'checksum'], '--probe belongs to the user workload and needs --elf'],
    [['--scenario', 'user'], 'the user scenario needs a workload'],
    [['--elf', SMP, '--probe', 'checksum'], '--elf needs --entry-per-cpu'],
    [['--elf', SMP, '--entry-per-cpu', 'cpu_entry', '--probe', '+4'], 'expected SYMBOL or SYMBOL+OFFSET'],
    [['--elf', '/nonexistent.elf', '--entry-per-cpu', 'e', '--probe', 'f'], 'cannot read /nonexistent.elf'],
    [['merge', '--out', 'x'], 'explore merge needs at least one results directory'],
    [['merge', 'a'], 'explore merge needs --out DIR'],
    [['--bogus'], "Unknown option '--bogus'"],
  ];
  for (const [args, message] of cases) {
    it(`${args.join(' ')} → ${message}`, () => {
      const r = explore(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(message);
    });
  }
});
