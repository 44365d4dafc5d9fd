/**
 * The machine the patcher writes to. Structural: anything with these methods is a Platform (the
 * emulator's `Machine` satisfies it; the patcher never imports the emulator). Addresses are 32-bit
 * virtual addresses of instruction memory; values are little-endian.
 */
export interface Platform {
  /** CPUs currently online. With one, every write is direct (nothing else can be executing). */
  cpuCount(): number;

  /**
   * Reads `size` bytes at `address` through the data side (memory as written, not what any CPU's
   * instruction side holds), as a little-endian unsigned value.
   */
  read(address: number, size: 2 | 4): number;

  /**
   * Performs ONE store of `size` bytes of `value` (little-endian) at `address`, like STR/STRH: for an
   * address aligned to `size` it is single-copy atomic. The patcher never splits a value itself except
   * where the kernel does (a 32-bit Thumb instruction at 2 mod 4 is two halfword stores). The store is
   * not visible to any instruction side until `cacheMaintenance` and a context-synchronisation event.
   */
  write(address: number, value: number, size: 2 | 4): void;

  /**
   * Makes [address, address + size) visible to instruction fetch on every CPU's memory system: D-cache
   * clean to the point of unification, I-cache invalidate, branch-predictor invalidate, each broadcast to
   * the inner-shareable domain, then DSB. Afterwards a CPU still needs a context-synchronisation event
   * (ISB, exception entry/return) before it is guaranteed to fetch the new instruction.
   */
  cacheMaintenance(address: number, size: number): void;

  /**
   * The kernel's `sync_core`/`kick_all_cpus_sync`: an IPI to every other online CPU, each of which takes
   * the interrupt (exception entry and return: context synchronisation) and so executes an ISB; returns
   * once all have. The calling CPU also synchronises itself.
   */
  syncCores(): void;

  /**
   * The kernel's `stop_machine`: every online CPU is brought to a rendezvous with interrupts off (a busy
   * CPU joins at its next scheduling point — tick or IPI), then
   * - `writers: 'one'`: `fn` is called once, on one CPU, with that CPU's index, while all others are parked;
   * - `writers: 'all'`: `fn` is called once on every online CPU, each with its own index, while all are in
   *   the rendezvous (in any order; each call must be idempotent);
   * then every CPU leaves the rendezvous through a context-synchronisation event, so no `syncCores` is
   * needed afterwards. If `fn` throws, the CPUs are released and the exception propagates to the caller.
   */
  stopMachine(fn: (cpu: number) => void, options: StopMachineOptions): void;

  /** Optional: the emulated clock in cycles, for cost accounting in execution reports. */
  cycles?(): number;
}

export interface StopMachineOptions {
  readonly writers: 'one' | 'all';
}
