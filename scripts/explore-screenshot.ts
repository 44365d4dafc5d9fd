/**
 * Regenerates docs/explore-report.png, the report screenshot the README and the user guide show: runs
 * `armprobe explore` over 1–64 CPUs (built CLI), opens the report in Debian's headless Chromium and captures
 * the charts and the first rows of the table.
 *
 *   npx turbo run build && npx tsx scripts/explore-screenshot.ts [--seeds 1..20]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '1..20' } } });
const ROOT = join(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'armprobe-screenshot-'));
try {
  const args = ['explore', '--seeds', values.seeds!, '--cpus', '1,2,4,8,16,32,64', '--quiet', '--out', out];
  const r = spawnSync(process.execPath, [join(ROOT, 'packages/cli/dist/armprobe.cjs'), ...args], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`armprobe explore exited ${r.status}`);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1220, height: 900 } });
    await page.goto(pathToFileURL(join(out, 'report.html')).href);
    const table = await page.locator('#raw').boundingBox();
    const height = Math.ceil((table?.y ?? 2400) + 260);
    await page.screenshot({
      path: join(ROOT, 'docs/explore-report.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1220, height },
    });
  } finally {
    await browser.close();
  }
  console.log('wrote docs/explore-report.png');
} finally {
  rmSync(out, { recursive: true, force: true });
}
