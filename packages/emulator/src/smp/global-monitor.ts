import type { Cpu } from '../cpu/cpu.js';
import type { PhysicalMemory } from '../memory/memory.js';
import { PAGE_SHIFT } from '../memory/page.js';

/**
 * Exclusives reservation granule: 32 bytes (Cortex-A9, CTR.ERG = 3: 8 words). A reservation covers the
 * aligned 32-byte block holding the LDREX address.
 */
export const EXCLUSIVE_GRANULE = 32;

/**
 * The global exclusive monitor (ARM ARM A3.4.2): a store by any CPU — or by the host — that touches the
 * reservation granule of another CPU's LDREX clears that CPU's reservation, so its STREX fails. Pages
 * holding a reservation leave the store fast path (`page.reserved`) until no reservation is left on them.
 */
export class GlobalMonitor {
  constructor(
    private readonly cpus: readonly Cpu[],
    private readonly memory: PhysicalMemory,
  ) {
    // A bound method, not a new arrow function per machine: with the arrow, V8 kept every machine alive through
    // young-generation collections until the next full one (measured on a sweep building a machine per seed:
    // nearly all of each machine was copied and promoted instead of dying young).
    const mark = this.mark.bind(this);
    for (const cpu of cpus) cpu.monitor.onMark = mark;
  }

  private mark(address: number): void {
    const page = this.memory.page(address);
    if (page !== null && !page.reserved) page.reserved = true;
  }

  /** After a store of `size` bytes at `address` by `writer` (-1: the host). */
  stored(address: number, size: number, writer: number): void {
    const first = (address & ~(EXCLUSIVE_GRANULE - 1)) >>> 0;
    const end = (address >>> 0) + size;
    let left = false;
    const index = address >>> PAGE_SHIFT;
    for (const cpu of this.cpus) {
      const m = cpu.monitor;
      if (m.address === -1) continue;
      if (cpu.index !== writer) {
        const granule = (m.address & ~(EXCLUSIVE_GRANULE - 1)) >>> 0;
        if (granule < end && granule + EXCLUSIVE_GRANULE > first) {
          m.clear();
          continue;
        }
      }
      if (m.address >>> PAGE_SHIFT === index) left = true;
    }
    if (!left) {
      const page = this.memory.page(address);
      if (page?.reserved) page.reserved = false;
    }
  }
}
