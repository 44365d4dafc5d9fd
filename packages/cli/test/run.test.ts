import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../dist/armprobe.cjs');
const PROGRAMS = join(import.meta.dirname, '../../../fixtures/programs');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'buffer' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

const programs = readdirSync(join(PROGRAMS, 'bin'))
  .filter((f) => f.endsWith('.elf') && !f.startsWith('bench-') && !f.startsWith('smp-'))
  .map((f) => f.slice(0, -'.elf'.length));

// Thumb code: programs built -mthumb, and -marm programs that reach Debian's Thumb-2 libgcc through BLX.
const THUMB = join(import.meta.dirname, '../../../fixtures/programs-thumb');
const thumbPrograms = readdirSync(join(THUMB, 'bin'))
  .filter((f) => f.endsWith('.elf') && !f.startsWith('bench-'))
  .map((f) => f.slice(0, -'.elf'.length));

describe('armprobe run on Thumb programs (qemu-arm oracle)', () => {
  it('has the Thumb fixture programs', () => {
    expect(thumbPrograms.filter((n) => n.includes('-libgcc-')).length).toBeGreaterThanOrEqual(4);
  });
  for (const name of thumbPrograms) {
    const smp = name.startsWith('smp-');
    it(`${name}${smp ? ' on 4 CPUs, architectural fetch' : ''}: same stdout and exit status as qemu-arm`, () => {
      const elf = join(THUMB, 'bin', `${name}.elf`);
      const args = smp
        ? ['run', elf, '--cpus', '4', '--entry-per-cpu', 'cpu_entry', '--fetch', 'architectural', '--seed', '5']
        : ['run', elf];
      const r = run(args);
      expect(r.stderr).toBe('');
      expect(r.stdout.equals(readFileSync(join(THUMB, 'expected', `${name}.stdout`)))).toBe(true);
      expect(r.status).toBe(Number(readFileSync(join(THUMB, 'expected', `${name}.status`), 'utf8').trim()));
    });
  }
});

describe('armprobe run (qemu-arm oracle)', () => {
  it('has fixture programs', () => {
    expect(programs.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of programs) {
    it(`${name}: same stdout and exit status as qemu-arm`, () => {
      const r = run(['run', join(PROGRAMS, 'bin', `${name}.elf`)]);
      expect(r.stdout.equals(readFileSync(join(PROGRAMS, 'expected', `${name}.stdout`)))).toBe(true);
      expect(r.status).toBe(Number(readFileSync(join(PROGRAMS, 'expected', `${name}.status`), 'utf8').trim()));
    });
  }

  it('reports a guest fault with the PC and the instruction on stderr', () => {
    const r = run(['run', join(PROGRAMS, 'bin', 'fault-udf-O2.elf')]);
    expect(r.status).toBe(132);
    expect(r.stderr).toMatch(/Illegal instruction\) at pc 0x[0-9a-f]{8} <[a-z_]+[^>]*>: e7f[0-9a-f]{5} udf/);
  });

  it('writes statistics and honours --max-insns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'armprobe-'));
    const stats = join(dir, 'stats.json');
    const r = run(['run', join(PROGRAMS, 'bin', 'crc-O2.elf'), '--max-insns', '1000', '--stats', stats]);
    expect(r.status).toBe(124);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    expect(s).toMatchObject({ reason: 'limit', instructions: 1000 });
    expect(s.cycles).toBeGreaterThanOrEqual(1000);
    expect(s.hostSeconds).toBeGreaterThan(0);
    expect(typeof s.mips).toBe('number');
  });

  it('rejects a file that is not an ARM ELF with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'armprobe-'));
    const bogus = join(dir, 'bogus.elf');
    writeFileSync(bogus, 'not an elf at all');
    const r = run(['run', bogus]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not a loadable ARM ELF executable');
    const missing = run(['run', join(dir, 'missing.elf')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    expect(run(['run', bogus, '--max-insns', 'lots']).stderr).toContain('--max-insns must be a non-negative integer');
  });

  const smp = readdirSync(join(PROGRAMS, 'bin'))
    .filter((f) => f.startsWith('smp-') && f.endsWith('-O2.elf'))
    .map((f) => f.slice(0, -'.elf'.length));

  for (const name of smp) {
    it(`${name} on 4 CPUs (--entry-per-cpu cpu_entry): same output as the sequential qemu-arm run`, () => {
      const expected = readFileSync(join(PROGRAMS, 'expected', `${name}.stdout`));
      const status = Number(readFileSync(join(PROGRAMS, 'expected', `${name}.status`), 'utf8').trim());
      for (const [seed, quantum, fetch] of [
        ['1', '1..50', 'architectural'],
        ['2', '1000..10000', 'coherent'],
      ] as const) {
        const r = run([
          'run',
          join(PROGRAMS, 'bin', `${name}.elf`),
          '--cpus',
          '4',
          '--entry-per-cpu',
          'cpu_entry',
          '--seed',
          seed,
          '--quantum',
          quantum,
          '--fetch',
          fetch,
        ]);
        expect(r.stdout.equals(expected)).toBe(true);
        expect(r.status).toBe(status);
      }
    });
  }

  it('SMP statistics: per-CPU instructions and cycles, rendezvous, IPIs, violations; same seed, same numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'armprobe-'));
    const elf = join(PROGRAMS, 'bin', 'smp-counter-O2.elf');
    const stats = (file: string, seed: string) => {
      const r = run([
        'run',
        elf,
        '--cpus',
        '4',
        '--entry-per-cpu',
        'cpu_entry',
        '--seed',
        seed,
        '--quantum',
        '1..100',
        '--fetch',
        'architectural',
        '--stats',
        file,
      ]);
      expect(r.status).toBe(0);
      const s = JSON.parse(readFileSync(file, 'utf8'));
      delete s.hostSeconds;
      delete s.mips;
      return s;
    };
    const a = stats(join(dir, 'a.json'), '7');
    expect(a).toMatchObject({ reason: 'exit', cpus: 4, fetch: 'architectural', seed: 7, violations: 0 });
    expect(a.perCpu).toHaveLength(4);
    for (const c of a.perCpu) expect(c.instructions).toBeGreaterThan(0);
    expect(a.rendezvous).toEqual({ count: 0, cycles: 0, latency: 0, trapWaits: 0 });
    expect(typeof a.ipis).toBe('number');
    expect(stats(join(dir, 'b.json'), '7')).toEqual(a);
    expect(stats(join(dir, 'c.json'), '8').schedule.digest).not.toBe(a.schedule.digest);
  });

  it('rejects bad SMP options', () => {
    const elf = join(PROGRAMS, 'bin', 'smp-counter-O2.elf');
    expect(run(['run', elf, '--cpus', '4', '--entry-per-cpu', 'no_such_symbol']).stderr).toContain(
      'no symbol no_such_symbol',
    );
    expect(run(['run', elf, '--quantum', '5..2']).stderr).toContain('--quantum must be');
    expect(run(['run', elf, '--fetch', 'magic']).stderr).toContain('--fetch must be');
    expect(run(['run', elf, '--cpus', '65']).status).toBe(2);
  });
});
