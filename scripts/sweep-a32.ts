/**
 * Totality sweep: decodes and prints every 32-bit word (2^32 of them) and reports any exception,
 * any word whose model is inconsistent (undefined kind with text, or a defined kind without text).
 *   npx tsx scripts/sweep-a32.ts [--workers N] [--from HEX] [--to HEX]
 * Splits the range over worker threads; prints progress and a final summary. Exit status 1 on any failure.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { decodeA32, formatA32 } from '../packages/decoder/src/index.js';

interface Range {
  from: number;
  to: number; // exclusive
}
interface Failure {
  word: string;
  error: string;
}

const CHUNK = 1 << 24;

function sweep({ from, to }: Range): void {
  const failures: Failure[] = [];
  let done = 0;
  for (let base = from; base < to; base += CHUNK) {
    const end = Math.min(base + CHUNK, to);
    for (let w = base; w < end; w++) {
      try {
        const insn = decodeA32(w, 0x8000);
        const { text } = formatA32(insn);
        if ((insn.kind === 'undefined') !== (text === '') && failures.length < 100) {
          failures.push({ word: w.toString(16), error: `kind ${insn.kind} printed ${JSON.stringify(text)}` });
        }
      } catch (error) {
        if (failures.length < 100) failures.push({ word: w.toString(16), error: String(error) });
      }
    }
    done += end - base;
    parentPort!.postMessage({ type: 'progress', done: end - base });
  }
  parentPort!.postMessage({ type: 'done', failures, count: done });
}

if (!isMainThread) {
  sweep(workerData as Range);
} else {
  const args = process.argv.slice(2);
  const opt = (n: string) => {
    const i = args.indexOf(n);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const workers = Number(opt('--workers') ?? availableParallelism());
  const from = Number.parseInt(opt('--from') ?? '0', 16);
  const to = opt('--to') !== undefined ? Number.parseInt(opt('--to')!, 16) + 1 : 2 ** 32;
  const total = to - from;
  const per = Math.ceil(total / workers / CHUNK) * CHUNK;
  const t0 = Date.now();
  let processed = 0;
  let lastReport = 0;
  const failures: Failure[] = [];
  await Promise.all(
    Array.from({ length: workers }, (_, k) => {
      const range: Range = { from: from + k * per, to: Math.min(from + (k + 1) * per, to) };
      if (range.from >= range.to) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        // Workers run this same file; tsx's loader is registered in each so the TypeScript sources load.
        const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
        const worker = new Worker(bootstrap, { eval: true, workerData: range });
        worker.on('message', (m: { type: string; done?: number; failures?: Failure[] }) => {
          if (m.type === 'progress') {
            processed += m.done!;
            const now = Date.now();
            if (now - lastReport > 10_000) {
              lastReport = now;
              const rate = processed / ((now - t0) / 1000);
              console.log(
                `${((100 * processed) / total).toFixed(1)}%  ${(rate / 1e6).toFixed(1)} M words/s  eta ${((total - processed) / rate).toFixed(0)} s`,
              );
            }
          } else {
            failures.push(...m.failures!);
            resolve();
          }
        });
        worker.on('error', reject);
      });
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  console.log(`swept ${total} words in ${seconds.toFixed(0)} s with ${workers} workers: ${failures.length} failures`);
  for (const f of failures.slice(0, 50)) console.log(`  ${f.word}: ${f.error}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}
