/**
 * `armprobe probe --every-insn-all --optimize` on the large fixture program (≈ 110,000 ARM instructions):
 * the command must finish with the program's own output and status, and the report must account for
 * every accepted probe — an optprobe, or a breakpoint with the optimizer's reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../dist/armprobe.cjs');
const LARGE = join(import.meta.dirname, '../../../fixtures/large-program');

describe('armprobe probe at scale', () => {
  it('--every-insn-all --optimize on 100,000+ instructions: output unchanged, every probe optimized or with a reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'armprobe-scale-'));
    try {
      const report = join(dir, 'report.json');
      const r = spawnSync(
        process.execPath,
        [CLI, 'probe', join(LARGE, 'large-O2.elf'), '--every-insn-all', '--optimize', '--report', report],
        { encoding: 'buffer', maxBuffer: 1 << 26 },
      );
      expect(r.stderr.toString('utf8')).toBe('');
      expect(r.stdout.equals(readFileSync(join(LARGE, 'large-O2.stdout')))).toBe(true);
      expect(r.status).toBe(Number(readFileSync(join(LARGE, 'large-O2.status'), 'utf8')));
      const probes: { action: string; optimized: boolean; notOptimized?: string; hits: number }[] = JSON.parse(
        readFileSync(report, 'utf8'),
      ).probes;
      const accepted = probes.filter((p) => p.action !== 'reject');
      expect(accepted.length).toBeGreaterThanOrEqual(100_000);
      const unexplained = accepted.filter((p) => !p.optimized && (p.notOptimized ?? '') === '');
      expect(unexplained).toEqual([]);
      expect(accepted.filter((p) => p.optimized).length).toBeGreaterThan(accepted.length * 0.95);
      expect(accepted.reduce((n, p) => n + p.hits, 0)).toBeGreaterThan(100_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
