/// <reference lib="dom" />
/**
 * The explore report in a real browser: headless Chromium (Debian's `chromium`, driven by playwright-core)
 * loads report.html from disk with the network cut off, every chart must have been drawn with data, and a
 * screenshot is saved (reports/explore-report.png). In CI (CI=true) a missing Chromium fails the test; on a
 * developer machine without it the test is skipped with a message.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../dist/armprobe.cjs');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(import.meta.dirname, '../../../reports/explore-report.png');
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const present = existsSync(CHROMIUM);
if (!present && !inCi) {
  console.warn(`explore report browser test skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}

const CHARTS = ['violation-rate', 'seeds-to-first', 'rendezvous-per-change', 'cycles-per-change'];
const dir = mkdtempSync(join(tmpdir(), 'armprobe-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!present && !inCi)('the explore report in headless Chromium', () => {
  it('draws every chart with data, lists the raw figures, and needs no network', async () => {
    expect(existsSync(CHROMIUM), `Chromium is required here (CI): ${CHROMIUM} not found`).toBe(true);
    const r = spawnSync(
      process.execPath,
      [BIN, 'explore', '--seeds', '1..3', '--cpus', '1,2,4', '--workers', '2', '--quiet', '--out', dir],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1240, height: 900 } });
      const requests: string[] = [];
      page.on('request', (req) => {
        if (!req.url().startsWith('file:')) requests.push(req.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(dir, 'report.html')).href);
      const charts = await page.evaluate((ids) => {
        const w = window as unknown as {
          exploreCharts?: Record<string, { data: { datasets: { data: unknown[] }[] } }>;
        };
        return ids.map((id) => {
          const canvas = document.getElementById(id) as HTMLCanvasElement | null;
          const chart = w.exploreCharts?.[id];
          let painted = 0;
          if (canvas !== null) {
            const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
          }
          const points =
            chart?.data.datasets.reduce((n, d) => n + d.data.filter((v) => typeof v === 'number').length, 0) ?? 0;
          return { id, canvas: canvas !== null, datasets: chart?.data.datasets.length ?? 0, points, painted };
        });
      }, CHARTS);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      for (const c of charts) {
        expect(c.canvas, c.id).toBe(true);
        expect(c.datasets, c.id).toBeGreaterThan(0);
        expect(c.points, c.id).toBeGreaterThan(0);
        expect(c.painted, `${c.id}: painted pixels`).toBeGreaterThan(5_000);
      }
      // 5 scenarios (thumb32-torn included) × 5 strategies × 3 CPU counts, one table row each.
      expect(await page.locator('#raw tbody tr').count()).toBe(75);
      expect(await page.textContent('body')).toContain('thumb32-torn');
      mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(existsSync(SCREENSHOT)).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
