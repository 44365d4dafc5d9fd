import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(__dirname, '../dist/armprobe.js');
const DIR = join(__dirname, '../../../fixtures/glibc-programs');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  args: string[];
  env: Record<string, string>;
  programs: { name: string; elf: string; stdout: string; stderr: string; status: number }[];
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
