import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Machine, MemoryFileSystem } from '../src/index.js';

const DIR = join(__dirname, '../../../fixtures/glibc-programs');

interface Expected {
  readonly name: string;
  readonly elf: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  args: string[];
  env: Record<string, string>;
  programs: Expected[];
};

/**
 * qemu-arm prefixes its own fatal-signal line with "qemu:"; armprobe prints the same line with its own name.
 * Only that exact line is mapped, nothing else in stderr.
 */
function asArmprobe(stderr: string): string {
  return stderr.replace(/^qemu: (uncaught target signal \d+ \([A-Za-z/ ]+\) - core dumped)$/m, 'armprobe: $1');
}

// The `linux-*` programs' expected output is Linux's own (manifest `oracle: "linux"`; see gen-glibc-programs.mjs),
// where qemu-arm 7.2 answers otherwise; every other program's is qemu-arm's.
describe('static glibc programs (fixtures/glibc-programs) print what qemu-arm (or Linux: linux-*) prints', () => {
  for (const p of manifest.programs) {
    it(`${p.name}: stdout, stderr and exit status`, () => {
      const decoder = new TextDecoder('latin1');
      let stdout = '';
      let stderr = '';
      const warnings: string[] = [];
      const fileSystem = new MemoryFileSystem();
      const machine = new Machine({
        fileSystem,
        onStdout: (b) => {
          stdout += decoder.decode(b);
        },
        onStderr: (b) => {
          stderr += decoder.decode(b);
        },
        onWarning: (w) => warnings.push(w),
      });
      machine.loadElf(new Uint8Array(readFileSync(join(DIR, p.elf))), {
        argv: [`/${p.name}.elf`, ...manifest.args],
        envp: Object.entries(manifest.env).map(([k, v]) => `${k}=${v}`),
      });
      const result = machine.run({ maxInstructions: 200_000_000 });
      expect({ reason: result.reason, stdout, stderr, status: result.status }).toEqual({
        reason: 'exit',
        stdout: p.stdout,
        stderr: asArmprobe(p.stderr),
        status: p.status,
      });
      // The files program leaves the guest's root as it found it (everything it made, it removed).
      if (p.name.startsWith('files-')) expect(fileSystem.stat('/work', false)).toBe(-2);
    });
  }
});
