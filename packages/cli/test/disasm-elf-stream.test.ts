import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeElfListing } from '../src/commands/disasm-elf.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures');
const BIN = join(FIXTURES, 'programs/bin');
const CLI = join(import.meta.dirname, '../dist/armprobe.cjs');

describe('armprobe disasm FILE.elf streams its listing', () => {
  it('writes the listing in chunks of the size asked for, which together are objdump’s listing', () => {
    for (const name of ['fmt-O0', 'demo-workload-O2']) {
      const want = readFileSync(join(FIXTURES, 'disasm/elf', `${name}.objdump`));
      const chunks: Buffer[] = [];
      const elf = new Uint8Array(readFileSync(join(BIN, `${name}.elf`)));
      writeElfListing(elf, `${name}.elf`, (chunk) => chunks.push(Buffer.from(chunk)), { chunkBytes: 4096 });
      expect(chunks.length).toBeGreaterThanOrEqual(Math.floor(want.length / 4096));
      for (const c of chunks) expect(c.length).toBeLessThanOrEqual(4096);
      expect(Buffer.concat(chunks).equals(want), name).toBe(true);
    }
  });

  it('the command prints the same bytes, and stops quietly when its reader goes away', () => {
    const name = 'demo-workload-O2';
    const r = spawnSync(process.execPath, [CLI, 'disasm', `${name}.elf`], { cwd: BIN, maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    expect(r.stderr.toString()).toBe('');
    expect(r.stdout.equals(readFileSync(join(FIXTURES, 'disasm/elf', `${name}.objdump`)))).toBe(true);
    // `| head -3`: the pipe closes after three lines; no error, no stack trace.
    const head = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" disasm ${name}.elf | head -3`], {
      cwd: BIN,
      encoding: 'utf8',
    });
    expect(head.status).toBe(0);
    expect(head.stdout.split('\n')).toHaveLength(4);
    expect(head.stderr).toBe('');
  });

  it('command-line mistakes on the lean disasm path are reported as for every command', () => {
    const bad = spawnSync(process.execPath, [CLI, 'disasm', '--bogus'], { cwd: BIN, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^armprobe: .*--bogus/);
    expect(bad.stderr).toContain('usage: armprobe');
    const two = spawnSync(process.execPath, [CLI, 'disasm', 'a.elf', 'b.elf'], { cwd: BIN, encoding: 'utf8' });
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('disasm takes at most one ELF file');
  });

  it('a listing runs without Node’s ES module loader and without the other commands (their memory is a fixed cost of every listing)', () => {
    // Which of Node's own modules the process loaded, written when it exits (a preloaded CommonJS hook).
    const hook = join(mkdtempSync(join(tmpdir(), 'armprobe-modules-')), 'modules.cjs');
    writeFileSync(
      hook,
      "process.on('exit', () => require('node:fs').writeSync(2, '\\nmodules: ' + process.moduleLoadList.join(',') + '\\n'));\n",
    );
    const loaded = (args: string[]): string => {
      const r = spawnSync(process.execPath, ['-r', hook, CLI, ...args], {
        cwd: BIN,
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      const line = /\nmodules: (.*)\n$/.exec(r.stderr);
      expect(line, r.stderr).not.toBeNull();
      return line![1]!;
    };
    const listing = loaded(['disasm', 'demo-workload-O2.elf']);
    expect(listing).toContain('NativeModule v8');
    expect(listing).not.toContain('internal/modules/esm/loader');
    expect(listing).not.toContain('NativeModule readline');
    // The hook sees the loader when it is used: a command that is not a listing goes to dist/main.js.
    expect(loaded(['--version'])).toContain('internal/modules/esm/loader');
  });
});
