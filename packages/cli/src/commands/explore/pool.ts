/**
 * Runs a shard's tasks on a piscina worker-thread pool. Tasks go out a few per thread at a time; their sums
 * are added as they finish (order does not matter: the figures are sums and minima). An abort signal stops
 * submitting, cancels the tasks in flight and returns what finished, marked `interrupted`.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  addTaskResult,
  type ExploreResults,
  type ExploreSpace,
  emptyResults,
  type Shard,
  settle,
  type TaskResult,
  tasks,
} from '@armprobe/explore';
import { Piscina } from 'piscina';
import type { WorkerInput } from './worker.js';

export interface PoolOptions {
  readonly space: ExploreSpace;
  readonly shard?: Shard;
  /** Worker threads (default: the machine's available parallelism). */
  readonly workers?: number;
  /** The user scenario's program. */
  readonly user?: WorkerInput['user'];
  /** Stops the run; what finished is returned. */
  readonly signal?: AbortSignal;
  /** Called with the seeds of each finished task. */
  readonly onProgress?: (seeds: number) => void;
}

/** The worker's file next to this module's bundle (dist/explore-worker.js). */
export const WORKER_FILE = fileURLToPath(new URL('./explore-worker.js', import.meta.url));

/** Young-generation limit of each worker (V8 sizes it as semi-spaces: 64 MiB gives two of 32 MiB). */
export const YOUNG_GENERATION_MB = 64;

export function defaultWorkers(): number {
  return availableParallelism();
}

export async function runExplore(options: PoolOptions): Promise<ExploreResults> {
  const shard = options.shard ?? { index: 0, count: 1 };
  const results = emptyResults(options.space, shard);
  const queue = tasks(options.space, shard);
  const threads = options.workers ?? defaultWorkers();
  const pool = new Piscina<WorkerInput, TaskResult>({
    filename: WORKER_FILE,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1_000,
    // Each seed builds a machine that dies when the seed ends: young-generation collections cost what is live
    // (about one machine), so a larger young generation means fewer of them and fewer promotions to the old
    // one (measured: 32 MiB semi-spaces instead of 16 halve the scavenges and cut major collections by ~40%).
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const cancel = new AbortController();
  const stop = () => cancel.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  let next = 0;
  let failure: unknown = null;
  const lane = async (): Promise<void> => {
    while (next < queue.length && !cancel.signal.aborted) {
      const task = queue[next++]!;
      try {
        const r = await pool.run(
          { task, ...(options.user === undefined ? {} : { user: options.user }) },
          { signal: cancel.signal },
        );
        addTaskResult(results, r);
        options.onProgress?.(r.seeds);
      } catch (error) {
        if (cancel.signal.aborted) return; // cancelled in flight: not counted
        failure ??= error;
        cancel.abort();
      }
    }
  };
  try {
    // Two tasks per thread in flight keep every thread busy while results travel back.
    await Promise.all(Array.from({ length: 2 * threads }, lane));
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await pool.destroy();
  }
  if (failure !== null) throw failure;
  results.interrupted = options.signal?.aborted === true;
  return settle(results);
}
