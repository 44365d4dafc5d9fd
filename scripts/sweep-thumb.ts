/**
 * Thumb totality sweep: decodes and prints every 16-bit unit (0x0000–0xE7FF) under every IT state, and
 * every 32-bit instruction (first halfword 0xE800–0xFFFF × every second halfword, ~402M pairs) outside an
 * IT block, and reports any exception or inconsistent result (an undefined kind with text, a defined kind
 * without text, a wrong length or word).
 *   npx tsx scripts/sweep-thumb.ts [--workers N] [--from HEX] [--to HEX]
 * --from/--to bound the 32-bit range as hw1 << 16 | hw2 (default E8000000–FFFFFFFF). The 32-bit range is
 * split over worker threads; the 16-bit units run on the first. Exit status 1 on any failure.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { decodeThumb, formatThumb } from '../packages/decoder/src/index.js';

interface Range {
  from: number;
  to: number; // exclusive
  units16: boolean;
}
interface Failure {
  unit: string;
  error: string;
}

const CHUNK = 1 << 22;
const ADDRESS = 0x8000;

function label(hw1: number, hw2: number, itState: number, length: number): string {
  const unit = (length === 4 ? ((hw1 << 16) | hw2) >>> 0 : hw1).toString(16).padStart(length * 2, '0');
  return itState === 0 ? unit : `${unit} it=${itState.toString(16)}`;
}

function check(hw1: number, hw2: number, itState: number, failures: Failure[]): void {
  const length = hw1 >= 0xe800 ? 4 : 2;
  try {
    const insn = decodeThumb(hw1, hw2, ADDRESS, itState);
    const { text } = formatThumb(insn);
    const word = length === 4 ? ((hw1 << 16) | hw2) >>> 0 : hw1;
    let problem: string | null = null;
    if (insn.length !== length) problem = `length ${insn.length}, expected ${length}`;
    else if (insn.word !== word) problem = `word ${insn.word.toString(16)}`;
    else if ((insn.kind === 'undefined') !== (text === ''))
      problem = `kind ${insn.kind} printed ${JSON.stringify(text)}`;
    if (problem !== null && failures.length < 100)
      failures.push({ unit: label(hw1, hw2, itState, length), error: problem });
  } catch (error) {
    if (failures.length < 100) failures.push({ unit: label(hw1, hw2, itState, length), error: String(error) });
  }
}

function sweep({ from, to, units16 }: Range): void {
  const failures: Failure[] = [];
  if (units16) {
    for (let itState = 0; itState < 256; itState++) for (let hw = 0; hw < 0xe800; hw++) check(hw, 0, itState, failures);
    parentPort!.postMessage({ type: 'units16', count: 0xe800 * 256 });
  }
  for (let base = from; base < to; base += CHUNK) {
    const end = Math.min(base + CHUNK, to);
    for (let w = base; w < end; w++) check(w >>> 16, w & 0xffff, 0, failures);
    parentPort!.postMessage({ type: 'progress', done: end - base });
  }
  parentPort!.postMessage({ type: 'done', failures });
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
  const from = Number.parseInt(opt('--from') ?? 'e8000000', 16);
  const to = opt('--to') !== undefined ? Number.parseInt(opt('--to')!, 16) + 1 : 2 ** 32;
  if (!(from >= 0xe8000000 && to <= 2 ** 32 && from < to)) {
    throw new Error('--from/--to must bound a range inside E8000000–FFFFFFFF (hw1 << 16 | hw2 of 32-bit units)');
  }
  const total = to - from;
  const per = Math.ceil(total / workers / CHUNK) * CHUNK;
  const t0 = Date.now();
  let processed = 0;
  let units16 = 0;
  let lastReport = 0;
  const failures: Failure[] = [];
  await Promise.all(
    Array.from({ length: workers }, (_, k) => {
      const range: Range = { from: from + k * per, to: Math.min(from + (k + 1) * per, to), units16: k === 0 };
      if (range.from >= range.to && !range.units16) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        // Workers run this same file; tsx's loader is registered in each so the TypeScript sources load.
        const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
        const worker = new Worker(bootstrap, { eval: true, workerData: range });
        worker.on('message', (m: { type: string; done?: number; count?: number; failures?: Failure[] }) => {
          if (m.type === 'units16') units16 += m.count!;
          else if (m.type === 'progress') {
            processed += m.done!;
            const now = Date.now();
            if (now - lastReport > 10_000) {
              lastReport = now;
              const rate = processed / ((now - t0) / 1000);
              console.log(
                `${((100 * processed) / total).toFixed(1)}%  ${(rate / 1e6).toFixed(1)} M pairs/s  eta ${((total - processed) / rate).toFixed(0)} s`,
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
  console.log(
    `swept ${units16} 16-bit units (every unit × every IT state) and ${total} 32-bit pairs in ${seconds.toFixed(0)} s with ${workers} workers: ${failures.length} failures`,
  );
  for (const f of failures.slice(0, 50)) console.log(`  ${f.unit}: ${f.error}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}
