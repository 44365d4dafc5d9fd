/**
 * The local exclusive monitor (ARM ARM A3.4.1): LDREX marks an address as exclusive, STREX succeeds
 * only while the mark is still set for that address, CLREX and a successful STREX clear it. Issue 5 adds
 * the global monitor that other CPUs' stores clear.
 */
export class ExclusiveMonitor {
  /** Marked address, or -1 when the monitor is in the Open Access state. */
  address = -1;
  size = 0;

  markExclusive(address: number, size: number): void {
    this.address = address >>> 0;
    this.size = size;
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
