/** The progress line on stderr: seeds done of all, rate, ETA, a bar. Drawn only on a terminal. */
export interface Progress {
  add(seeds: number): void;
  done(): void;
}

export function progressBar(total: number, stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled) return { add() {}, done() {} };
  const start = performance.now();
  let seeds = 0;
  let last = 0;
  const draw = (force: boolean) => {
    const now = performance.now();
    if (!force && now - last < 200) return;
    last = now;
    const elapsed = (now - start) / 1000;
    const rate = elapsed > 0 ? seeds / elapsed : 0;
    const eta = rate > 0 ? (total - seeds) / rate : Number.NaN;
    const width = 30;
    const filled = total > 0 ? Math.round((width * seeds) / total) : width;
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    stream.write(
      `\rexplore [${bar}] ${seeds.toLocaleString('en-US')}/${total.toLocaleString('en-US')} seed-runs  ` +
        `${rate.toFixed(0)}/s  ETA ${Number.isFinite(eta) ? clock(eta) : '--:--'}   `,
    );
  };
  return {
    add(n: number) {
      seeds += n;
      draw(false);
    },
    done() {
      draw(true);
      stream.write('\n');
    },
  };
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
