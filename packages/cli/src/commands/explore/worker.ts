/**
 * The explore worker (a piscina task function, built to dist/explore-worker.js): runs one task's seeds and
 * returns their sums. A user workload's ELF is read once per worker.
 */
import { readFileSync } from 'node:fs';
import { type ExploreTask, runTask, type TaskResult, type UserWorkload } from '@armprobe/explore';

/** What the pool sends: the task, and for the user scenario where its program is. */
export interface WorkerInput {
  readonly task: ExploreTask;
  readonly user?: Omit<UserWorkload, 'elf'> & { readonly file: string };
}

let cached: { key: string; workload: UserWorkload } | null = null;

function workload(user: NonNullable<WorkerInput['user']>): UserWorkload {
  const key = JSON.stringify(user);
  if (cached?.key !== key) {
    const { file, ...rest } = user;
    cached = { key, workload: { ...rest, elf: new Uint8Array(readFileSync(file)) } };
  }
  return cached.workload;
}

export default function exploreWorker(input: WorkerInput): TaskResult {
  const user = input.user === undefined ? undefined : workload(input.user);
  return runTask(input.task, user, () => performance.now() / 1000);
}
