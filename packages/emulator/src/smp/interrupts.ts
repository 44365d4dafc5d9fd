import type { Cpu } from '../cpu/cpu.js';

/** Software-generated interrupts (IPIs) are IDs 0–15 (GIC numbering). */
export const SGI_COUNT = 16;
/** The per-CPU timer tick is private peripheral interrupt 29 (the Cortex-A9 private timer's ID). */
export const TIMER_PPI = 29;

/**
 * A minimal per-CPU interrupt controller in the GIC's numbering: IDs 0–15 are SGIs (IPIs), 16–31 PPIs
 * (29 = the timer tick). An ID is pending until the CPU takes the IRQ exception, which acknowledges the
 * lowest pending ID (the host hook sees it as `event.interrupt`); a CPU's IRQ input is asserted while any
 * ID is pending. There are no guest-visible distributor registers: the host sends IPIs (`sendIpi`).
 */
export class InterruptController {
  private readonly pending: Uint32Array;

  constructor(private readonly cpus: readonly Cpu[]) {
    this.pending = new Uint32Array(cpus.length);
  }

  /** Makes `id` pending on CPU `index` and asserts its IRQ input. */
  raise(index: number, id: number): void {
    this.pending[index] = this.pending[index]! | (1 << id);
    const cpu = this.cpus[index]!;
    if (!cpu.irqLine) cpu.irqLine = true;
  }

  isPending(index: number, id: number): boolean {
    return (this.pending[index]! & (1 << id)) !== 0;
  }

  /** Takes the lowest pending ID of CPU `index` (null when none), deasserting the input when none is left. */
  acknowledge(index: number): number | null {
    const p = this.pending[index]!;
    if (p === 0) return null;
    const id = 31 - Math.clz32(p & -p);
    this.pending[index] = p & (p - 1);
    if (this.pending[index] === 0) this.cpus[index]!.irqLine = false;
    return id;
  }
}
