import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildElf, CODE_OFFSET, EXIT_42 } from '../../emulator/test/elf-builder.js';
import { USAGE } from '../src/index.js';

const BIN = join(import.meta.dirname, '../dist/armprobe.cjs');
const PACKAGE = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as { version: string };

function run(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('armprobe --version and help', () => {
  it('--version prints the CLI package version', () => {
    const r = run(['--version']);
    expect(r).toEqual({ status: 0, stdout: `${PACKAGE.version}\n`, stderr: '' });
    expect(PACKAGE.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('help prints the usage text, ending with one newline', () => {
    for (const args of [['help'], ['--help'], ['-h']]) {
      const r = run(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(USAGE);
      expect(r.stdout.endsWith('\n')).toBe(true);
      expect(r.stdout.endsWith('\n\n')).toBe(false);
    }
    expect(USAGE).toContain('--version');
  });
});

describe('errors: the usage text only for usage errors', () => {
  it('a usage error names the problem, then the usage', () => {
    const r = run(['run']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`armprobe: run needs an ELF file\n\n${USAGE}`);
  });

  it('guest arguments given as qemu-arm takes them: the error says where they go', () => {
    const r = run(['run', 'prog.elf', 'x', 'y']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `armprobe: run takes one ELF file; the guest's arguments go after --: armprobe run prog.elf -- x y\n\n${USAGE}`,
    );
  });

  it('a file that cannot be read: the error alone', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'armprobe-')), 'missing.elf');
    for (const command of ['run', 'probe', 'disasm']) {
      const r = run(command === 'probe' ? [command, missing, '--at', 'main'] : [command, missing]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`armprobe: cannot read ${missing}: ENOENT\n`);
    }
  });

  it('an ELF with Thumb code: listed in Thumb state, and probed in it', () => {
    const base = 0x10000 + CODE_OFFSET;
    const file = join(mkdtempSync(join(tmpdir(), 'armprobe-')), 'thumb.elf');
    writeFileSync(
      file,
      buildElf({
        code: [...EXIT_42, 0x46c04770],
        symbols: [
          { name: '$a', value: base },
          { name: '_start', value: base, size: 12, type: 2 },
          { name: '$t', value: base + 12 },
          { name: 'thumb_fn', value: (base + 12) | 1, size: 4, type: 2 },
        ],
      }),
    );
    const r = run(['disasm', file]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const at = (offset: number) => `   ${(base + offset).toString(16)}:\t`;
    expect(r.stdout).toContain(
      `\n${(base + 12).toString(16).padStart(8, '0')} <thumb_fn>:\n${at(12)}4770      \tbx\tlr\n` +
        `${at(14)}46c0      \tnop\t\t\t@ (mov r8, r8)\n`,
    );
    // Thumb code is probed in Thumb state (thumb_fn is never called: the program exits with 42).
    const probe = run(['probe', file, '--every-insn', 'thumb_fn']);
    expect(probe.stderr).toBe('');
    expect(probe.status).toBe(42);
  });

  it('a symbol the program does not have: the error alone', () => {
    const elf = join(import.meta.dirname, '../../../fixtures/programs/bin/crc-O2.elf');
    const r = run(['disasm', elf, '--symbol', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`armprobe: no symbol "nope" in ${elf}\n`);
    const p = run(['probe', elf, '--at', 'nope']);
    expect(p.status).toBe(2);
    expect(p.stderr).toBe(`armprobe: --at nope: no symbol "nope" in ${elf}\n`);
  });
});
