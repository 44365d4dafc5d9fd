/** 32-bit hashing of small integer tuples (murmur3's mixing steps), for the caches shared between machines. */

/** Mixes `v` into the running hash `h`. */
export function mix(h: number, v: number): number {
  let k = Math.imul(v | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The final avalanche of a running hash. */
export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Entries chained by 32-bit hash (`next` links entries of one hash; the caller compares them), bounded: when
 * `limit` entries are held, adding one first drops the oldest half of the hash buckets (insertion order).
 */
export class ChainedCache<T extends { next: T | undefined }> {
  private readonly buckets = new Map<number, T>();
  private entries = 0;

  constructor(private readonly limit: number) {}

  /** The first entry with this hash (the others follow `next`), or undefined. */
  chain(hash: number): T | undefined {
    return this.buckets.get(hash);
  }

  /** Adds `entry` under `hash` (ahead of the entries already there). */
  add(hash: number, entry: T): void {
    if (this.entries >= this.limit) {
      for (const [h, bucket] of this.buckets) {
        if (this.entries <= this.limit >>> 1) break;
        for (let e: T | undefined = bucket; e !== undefined; e = e.next) this.entries--;
        this.buckets.delete(h);
      }
    }
    entry.next = this.buckets.get(hash);
    this.buckets.set(hash, entry);
    this.entries++;
  }
}
