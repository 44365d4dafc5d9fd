import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const PACKAGES = ['decoder', 'emulator', 'patcher', 'optprobe', 'kprobes', 'explore', 'cli'];

/** The ```ts blocks of a Markdown file (each one is a complete, runnable example). */
function examples(markdown: string): string[] {
  return [...readFileSync(markdown, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/**
 * Runs an example against the built packages, from the repository root: the file sits inside the repository
 * so `@armprobe/*` resolve through the workspace links to each package's dist. Examples that take a program
 * path get a fixture program as argv[2].
 */
function runExample(code: string): void {
  const dir = mkdtempSync(join(ROOT, 'test', '.example-'));
  const file = join(dir, 'example.mts');
  writeFileSync(file, code);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', file, 'fixtures/programs/bin/crc-O2.elf'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('documentation examples run', () => {
  examples(join(ROOT, 'docs', 'GUIDE.md')).forEach((code, i) => {
    it(`user guide example ${i + 1} runs`, () => runExample(code));
  });

  for (const pkg of PACKAGES) {
    const blocks = examples(join(ROOT, 'packages', pkg, 'README.md'));
    it(`@armprobe/${pkg} README has a TypeScript example`, () => {
      if (pkg !== 'cli') expect(blocks.length).toBeGreaterThan(0);
    });
    blocks.forEach((code, i) => {
      it(`@armprobe/${pkg} README example ${i + 1} runs`, () => runExample(code));
    });
  }
});
