import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disasmLine } from '../src/index.js';

const BIN = join(import.meta.dirname, '../dist/armprobe.cjs');

function run(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('armprobe disasm (stdin mode)', () => {
  it('reports malformed lines in place and keeps going, exiting 1', () => {
    const r = run(['disasm', '--isa', 'arm'], '8000 e320f000\nnot a line\n8004 zz\n\n8008 e320f003\n');
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ addr: 0x8000, word: 'e320f000' });
    expect(lines[1]).toMatchObject({ line: 2 });
    expect(lines[1].error).toContain('got 3 field(s)');
    expect(lines[2]).toEqual({ line: 3, error: 'word "zz" is not a hexadecimal number of up to 8 digits' });
    expect(lines[3]).toMatchObject({ addr: 0x8008, word: 'e320f003' });
    expect(r.status).toBe(1);
  });

  it('prints each word as the library does and exits 0 on clean input', () => {
    const words = [0xe0810002, 0xe1a00000, 0xeb000010, 0xe59f1004];
    const input = words.map((w, i) => `${(0x8000 + 4 * i).toString(16)} ${w.toString(16)}`).join('\n');
    const r = run(['disasm'], input);
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    lines.forEach((l, i) => {
      const expected = disasmLine(`${(0x8000 + 4 * i).toString(16)} ${words[i]!.toString(16)}`, i + 1, 'arm');
      expect(l).toEqual(expected);
      expect(Object.keys(l)).toEqual(['addr', 'word', 'text', 'comment']);
    });
  });

  it('rejects unaligned addresses and unknown options', () => {
    expect(disasmLine('8002 e320f000', 7, 'arm')).toEqual({
      line: 7,
      error: 'address 0x8002 is not word-aligned (ARM state)',
    });
    const r = run(['disasm', '--isa', 'mips']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--isa must be "arm" or "thumb"');
  });
});

describe('armprobe', () => {
  it('rejects an unknown command with usage and status 2', () => {
    const r = run(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('usage: armprobe');
  });

  it('demo --json: hits, optimised probes, 0 violations, fewer rendezvous than the kernel policy', () => {
    const r = run(['demo', '--json', '--items', '600']);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.hits).toBeGreaterThan(0);
    expect(summary.optimized).toBeGreaterThan(0);
    expect(summary.violations).toBe(0);
    expect(summary.rendezvous).toBeLessThan(summary.kernelRendezvous);
    expect(summary.outputIdentical).toBe(true);
    expect(summary.auto.stdout).toContain('demo-workload: items=600');
    expect(summary.auto.stdout.trimEnd().endsWith('ok')).toBe(true);
  });

  it('demo prints a readable summary and exits 0', () => {
    const r = run(['demo', '--cpus', '2', '--items', '400', '--seed', '5']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('armprobe demo: 2 CPUs (architectural fetch model), seed 5, 400 work items');
    expect(r.stdout).toMatch(/rendezvous \(stop_machine\): armprobe auto \d+ {2}vs {2}kernel per-word policy \d+/);
    expect(r.stdout).toContain('CMODX violations: 0');
    expect(run(['demo', '--cpus', '0']).status).toBe(2);
  });
});

describe('the armprobe bin', () => {
  it('runs the build, and before a build says to build instead of failing with a stack trace', () => {
    const shim = join(import.meta.dirname, '../bin/armprobe.cjs');
    const built = spawnSync(process.execPath, [shim, '--version'], { encoding: 'utf8' });
    expect(built.status).toBe(0);
    expect(built.stdout).toMatch(/^\d+\.\d+\.\d+/);
    // The shim alone, in a directory with no dist/ next to it.
    const bin = join(mkdtempSync(join(tmpdir(), 'armprobe-bin-')), 'bin');
    mkdirSync(bin);
    copyFileSync(shim, join(bin, 'armprobe.cjs'));
    const unbuilt = spawnSync(process.execPath, [join(bin, 'armprobe.cjs'), '--version'], { encoding: 'utf8' });
    expect(unbuilt.status).toBe(1);
    expect(unbuilt.stderr).toBe(
      'armprobe: not built yet: run `npm run build` (or `npm start`) in the repository first\n',
    );
  });
});
