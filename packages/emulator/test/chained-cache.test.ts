/**
 * The bounded cache behind the block-function and shared-decode caches (src/exec/hash.ts): entries of one hash
 * chained newest first; when `limit` entries are held, adding one drops the oldest half of the hash buckets
 * (insertion order), counting every entry of a dropped chain.
 */
import { describe, expect, it } from 'vitest';
import { ChainedCache } from '../src/exec/hash.js';

interface E {
  readonly id: number;
  next: E | undefined;
}

const chain = (cache: ChainedCache<E>, hash: number): number[] => {
  const ids: number[] = [];
  for (let e = cache.chain(hash); e !== undefined; e = e.next) ids.push(e.id);
  return ids;
};

describe('ChainedCache', () => {
  it('chains entries of one hash newest first', () => {
    const cache = new ChainedCache<E>(100);
    cache.add(7, { id: 1, next: undefined });
    cache.add(9, { id: 2, next: undefined });
    cache.add(7, { id: 3, next: undefined });
    expect(chain(cache, 7)).toEqual([3, 1]);
    expect(chain(cache, 9)).toEqual([2]);
    expect(cache.chain(8)).toBeUndefined();
  });

  it('when full, drops the oldest buckets until at most half the limit is held, counting whole chains', () => {
    const cache = new ChainedCache<E>(6);
    // Buckets in insertion order: 1 (three entries), 2, 3, 4 (one each): six entries, the limit.
    cache.add(1, { id: 10, next: undefined });
    cache.add(1, { id: 11, next: undefined });
    cache.add(1, { id: 12, next: undefined });
    cache.add(2, { id: 20, next: undefined });
    cache.add(3, { id: 30, next: undefined });
    cache.add(4, { id: 40, next: undefined });
    // The seventh: bucket 1 goes (6 -> 3 entries, at most half of 6), then the new entry is added.
    cache.add(5, { id: 50, next: undefined });
    expect(cache.chain(1)).toBeUndefined();
    expect([2, 3, 4, 5].map((h) => chain(cache, h))).toEqual([[20], [30], [40], [50]]);
    // 4 entries held: two more reach the limit; the next drops buckets 2 and 3 (6 -> 4 -> 3... stops at 3).
    cache.add(6, { id: 60, next: undefined });
    cache.add(2, { id: 21, next: undefined });
    expect(chain(cache, 2)).toEqual([21, 20]);
    cache.add(8, { id: 80, next: undefined });
    expect(cache.chain(2)).toBeUndefined();
    expect(cache.chain(3)).toBeUndefined();
    expect(chain(cache, 4)).toEqual([40]);
    expect(chain(cache, 8)).toEqual([80]);
  });
});
