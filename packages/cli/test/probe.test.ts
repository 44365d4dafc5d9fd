import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../dist/armprobe.js');
const PROGRAMS = join(import.meta.dirname, '../../../fixtures/programs');

function probe(name: string, args: string[]) {
  const report = join(mkdtempSync(join(tmpdir(), 'armprobe-')), 'report.json');
  const r = spawnSync(
    process.execPath,
    [CLI, 'probe', join(PROGRAMS, 'bin', `${name}.elf`), ...args, '--report', report],
    {
      encoding: 'buffer',
    },
  );
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr.toString('utf8'),
    report: existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : null,
    expected: {
      stdout: readFileSync(join(PROGRAMS, 'expected', `${name}.stdout`)),
      status: Number(readFileSync(join(PROGRAMS, 'expected', `${name}.status`), 'utf8')),
    },
  };
}

describe('armprobe probe', () => {
  it('--every-insn-all leaves output and status unchanged and reports every probe', () => {
    const r = probe('smp-mixed-O2', ['--every-insn-all', '--kretprobe', 'fib']);
    expect(r.stdout.equals(r.expected.stdout)).toBe(true);
    expect(r.status).toBe(r.expected.status);
    const probes = r.report.probes;
    expect(probes.length).toBeGreaterThan(500);
    for (const p of probes) {
      expect(Object.keys(p)).toEqual([
        'address',
        'symbol',
        'offset',
        'insn',
        'action',
        'hits',
        'missed',
        'optimized',
        'rejected',
      ]);
      if (p.rejected === null) expect(['simulate', 'emulate']).toContain(p.action);
      else expect(p.action).toBe('reject');
    }
    expect(probes.filter((p: { rejected: string | null }) => p.rejected !== null).length).toBeGreaterThan(0);
    // Totals count every probe hit, the kretprobe's entry probe included.
    const listed = probes.reduce((s: number, p: { hits: number }) => s + p.hits, 0);
    expect(r.report.totals.hits).toBe(listed + r.report.kretprobes[0].entries);
    expect(Object.keys(r.report.totals)).toEqual([
      'instructions',
      'cycles',
      'hits',
      'rendezvous',
      'violations',
      'spuriousTraps',
    ]);
    expect(r.report.kretprobes[0].symbol).toBe('fib');
    expect(r.report.kretprobes[0].hits).toBeGreaterThan(0);
  });

  it('--at with --attach-after/--detach-after probes only inside the window', () => {
    const always = probe('crc-O2', ['--at', 'strlen']);
    const windowed = probe('crc-O2', ['--at', 'strlen', '--attach-after', '5000', '--detach-after', '50000']);
    for (const r of [always, windowed]) {
      expect(r.stdout.equals(r.expected.stdout)).toBe(true);
      expect(r.status).toBe(r.expected.status);
    }
    const all = always.report.probes[0].hits;
    const some = windowed.report.probes[0].hits;
    expect(all).toBeGreaterThan(0);
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(all);
    expect(windowed.report.probes[0]).toMatchObject({ symbol: 'strlen', offset: 0, rejected: null });
  });

  it('rejects bad arguments with status 2', () => {
    expect(probe('crc-O2', ['--at', 'nosuchsymbol']).stderr).toContain('no symbol "nosuchsymbol"');
    expect(probe('crc-O2', ['--at', 'put_hex', '--strategy', 'yolo']).status).toBe(2);
    expect(probe('crc-O2', []).stderr).toContain('nothing to probe');
    expect(probe('crc-O2', ['--at', 'put_hex', '--attach-after', '10', '--detach-after', '5']).status).toBe(2);
  });
});
