import {
  type ExecutionReport,
  execute,
  type PatchRequest,
  type Platform,
  plan,
  type Strategy,
} from '@armprobe/patcher';

/** Counters a batch's plans feed (a subset of KprobesStatistics, owned by Kprobes). */
export interface TextCounters {
  plans: number;
  rendezvous: number;
  directWrites: number;
  writes: number;
}

/**
 * The text changes of one batch, coalesced per address (first old, last new), and the code written
 * while unreachable (instruction slots, trampolines) that must be maintained before the plan that makes
 * it reachable. `flush` turns them into ONE patch plan and executes it on the platform.
 */
export class TextBatch {
  private pending: Map<number, PatchRequest> | null = null;
  /**
   * Instruction slots and trampolines written in the current batch (host writes while unreachable), as
   * [start, end) byte ranges: maintained once per contiguous run before the plan that makes them reachable.
   */
  private writtenCode: number[] = [];
  /** A trampoline was written in the current batch: a direct branch to it must follow a context sync. */
  private trampolinesWritten = false;
  /** Text writes made outside the plan (Thumb optprobe pairs), done at the start of every flush. */
  private readonly beforeFlush: (() => void)[] = [];

  constructor(
    private readonly platform: Platform,
    private readonly strategy: Strategy,
    private readonly counters: TextCounters,
  ) {}

  /** True while a batch is open. */
  get open(): boolean {
    return this.pending !== null;
  }

  begin(): void {
    this.pending = new Map();
    this.writtenCode = [];
  }

  end(): void {
    this.pending = null;
    this.writtenCode = [];
    this.trampolinesWritten = false;
  }

  /** Runs `fn` at the start of every flush, before the plan (whose old values may depend on what it writes). */
  onFlush(fn: () => void): void {
    this.beforeFlush.push(fn);
  }

  /** Code written by the host at [start, end) while unreachable; `trampoline` when a branch will reach it. */
  wroteCode(start: number, end: number, trampoline: boolean): void {
    this.writtenCode.push(start, end);
    if (trampoline) this.trampolinesWritten = true;
  }

  /**
   * Queues one text change, coalescing with an earlier change of the same instruction in this batch. Values
   * as the patcher takes them: an ARM word, a Thumb halfword, or `hw1 << 16 | hw2` (a 32-bit Thumb one).
   */
  queue(
    address: number,
    from: number,
    to: number,
    purpose: PatchRequest['purpose'],
    isa: 'arm' | 'thumb' = 'arm',
    width: 2 | 4 = 4,
  ): void {
    const pending = this.pending!;
    const earlier = pending.get(address);
    const old = earlier?.old ?? from;
    if (old === to) {
      pending.delete(address);
      return;
    }
    pending.set(address, {
      address,
      isa,
      width,
      old,
      new: to,
      purpose: earlier?.purpose === 'arm' ? 'arm' : purpose,
    });
  }

  flush(): void {
    for (const fn of this.beforeFlush) fn();
    const written = this.writtenCode;
    const trampolines = this.trampolinesWritten;
    this.writtenCode = [];
    this.trampolinesWritten = false;
    // Slots and trampolines are new instructions nothing reaches yet: maintenance to the point of
    // unification, one call per contiguous run.
    for (let i = 0; i < written.length; ) {
      const start = written[i]!;
      let end = written[i + 1]!;
      i += 2;
      while (i < written.length && written[i] === end) {
        end = written[i + 1]!;
        i += 2;
      }
      this.platform.cacheMaintenance(start, end - start);
    }
    const requests = [...this.pending!.values()];
    this.pending = new Map();
    if (requests.length === 0) return;
    // With no CPU online (the program has ended: every CPU powered off) nothing can be executing the text, as
    // with one: every write is direct.
    const p = plan(requests, { strategy: this.strategy, cpus: Math.max(1, this.platform.cpuCount()) });
    // A direct write may make them reachable: every CPU must have synchronised its context after their
    // maintenance first (a rendezvous does that by itself).
    if (trampolines && p.steps.some((step) => step.kind === 'direct')) this.platform.syncCores();
    const report: ExecutionReport = execute(p, this.platform);
    this.counters.plans++;
    this.counters.rendezvous += report.rendezvous;
    this.counters.writes += report.writes;
    this.counters.directWrites += p.directCount;
  }
}
