/**
 * Futex wait queues (futex(2)). A waiter is keyed by the word's address and by whether it waited with
 * FUTEX_PRIVATE_FLAG: as in the kernel, a private key and a shared key of the same (private, anonymous)
 * word are different keys, so a shared FUTEX_WAKE — the kernel's own at CLONE_CHILD_CLEARTID exit — wakes
 * only shared waiters. Queues are first in, first out.
 */
import type { LinuxThread } from './threads.js';

export const FUTEX_WAIT = 0;
export const FUTEX_WAKE = 1;
export const FUTEX_FD = 2;
export const FUTEX_REQUEUE = 3;
export const FUTEX_CMP_REQUEUE = 4;
export const FUTEX_WAKE_OP = 5;
export const FUTEX_LOCK_PI = 6;
export const FUTEX_UNLOCK_PI = 7;
export const FUTEX_TRYLOCK_PI = 8;
export const FUTEX_WAIT_BITSET = 9;
export const FUTEX_WAKE_BITSET = 10;
export const FUTEX_WAIT_REQUEUE_PI = 11;
export const FUTEX_CMP_REQUEUE_PI = 12;
export const FUTEX_LOCK_PI2 = 13;
export const FUTEX_PRIVATE_FLAG = 128;
export const FUTEX_CLOCK_REALTIME = 256;
export const FUTEX_BITSET_MATCH_ANY = 0xffffffff;

const key = (address: number, isPrivate: boolean): number => (address >>> 0) * 2 + (isPrivate ? 1 : 0);

export class FutexTable {
  private readonly queues = new Map<number, LinuxThread[]>();

  /** Queues a blocked thread (its `wait` names the word, the key kind and the bitset). */
  enqueue(thread: LinuxThread): void {
    const w = thread.wait!;
    const k = key(w.address, w.private);
    let q = this.queues.get(k);
    if (q === undefined) {
      q = [];
      this.queues.set(k, q);
    }
    q.push(thread);
  }

  /** Drops a thread from its queue (its wait timed out). */
  remove(thread: LinuxThread): void {
    const w = thread.wait;
    if (w === null || w.kind !== 'futex') return;
    const k = key(w.address, w.private);
    const q = this.queues.get(k);
    if (q === undefined) return;
    const i = q.indexOf(thread);
    if (i >= 0) q.splice(i, 1);
    if (q.length === 0) this.queues.delete(k);
  }

  /** Removes and returns up to `count` waiters on the key whose bitset intersects `bitset`. */
  take(address: number, isPrivate: boolean, count: number, bitset = FUTEX_BITSET_MATCH_ANY): LinuxThread[] {
    const k = key(address, isPrivate);
    const q = this.queues.get(k);
    const taken: LinuxThread[] = [];
    if (q === undefined) return taken;
    for (let i = 0; i < q.length && taken.length < count; ) {
      if ((q[i]!.wait!.bitset & bitset) >>> 0 !== 0) taken.push(q.splice(i, 1)[0]!);
      else i++;
    }
    if (q.length === 0) this.queues.delete(k);
    return taken;
  }

  /** Moves up to `count` waiters from one key to another (FUTEX_REQUEUE); returns how many moved. */
  requeue(from: number, to: number, isPrivate: boolean, count: number): number {
    const moved = this.take(from, isPrivate, count);
    for (const t of moved) {
      t.wait!.address = to >>> 0;
      this.enqueue(t);
    }
    return moved.length;
  }

  /** Waiters queued on a key (tests, messages). */
  waiting(address: number, isPrivate: boolean): number {
    return this.queues.get(key(address, isPrivate))?.length ?? 0;
  }
}
