/**
 * The local exclusive monitor (ARM ARM A3.4.1): LDREX marks an address as exclusive, STREX succeeds
 * only while the mark is still set for that address, CLREX and a STREX clear it. The machine's global
 * monitor (smp/global-monitor.ts) clears the mark when another CPU — or the host — stores to the same
 * reservation granule; `onMark` tells it which pages to watch.
 */
export class ExclusiveMonitor {
  /** Marked address, or -1 when the monitor is in the Open Access state. */
  address = -1;
  size = 0;
  /** Called on every LDREX (the global monitor watches the page). */
  onMark: ((address: number, size: number) => void) | null = null;

  markExclusive(address: number, size: number): void {
    this.address = address >>> 0;
    this.size = size;
    if (this.onMark !== null) this.onMark(this.address, size);
  }

  /** True when a store-exclusive of `size` bytes at `address` may proceed. Always clears the monitor. */
  checkAndClear(address: number, size: number): boolean {
    const ok = this.address === address >>> 0 && this.size === size;
    this.address = -1;
    return ok;
  }

  clear(): void {
    this.address = -1;
  }

  get isExclusive(): boolean {
    return this.address !== -1;
  }
}
