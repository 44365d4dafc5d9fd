import type { Platform, StopMachineOptions } from '../src/index.js';

/** One call the fake recorded. */
export type Call =
  | {
      readonly op: 'write';
      readonly address: number;
      readonly value: number;
      readonly size: 2 | 4;
      readonly cpu: number | null;
    }
  | { readonly op: 'maintenance'; readonly address: number; readonly size: number; readonly cpu: number | null }
  | { readonly op: 'sync' }
  | { readonly op: 'stopMachine'; readonly writers: 'one' | 'all' };

export interface Violation {
  readonly address: number;
  readonly old: number;
  readonly new: number;
  readonly size: 2 | 4;
  readonly why: 'outside-safe-set' | 'thumb32' | 'breakpoint-removed-while-running';
}

export interface FakeOptions {
  readonly cpus?: number;
  /** Addresses in Thumb state (default: none, all ARM). */
  readonly isThumb?: (address: number) => boolean;
  /** Addresses no CPU can reach (the hazard check ignores writes there). */
  readonly isUnreachable?: (address: number) => boolean;
  /** Emulated clock: cycles charged per operation; omit for a platform without `cycles`. */
  readonly clock?: boolean;
}

// Independent, naive restatement of A3.5.4 for the fake's hazard check (deliberately not the patcher's tables).
export function armSafe(w: number): boolean {
  const cond = w >>> 28;
  const top = (w >>> 24) & 0xf;
  if (cond !== 0xf && (top === 0xa || top === 0xb || top === 0xf)) return true; // B, BL, SVC
  if (cond !== 0xf && (w & 0x0fffffff) === 0x0320f000) return true; // NOP
  if ((w & 0xfff000f0) >>> 0 === 0xe1200070 || (w & 0xfff000f0) >>> 0 === 0xe1400070) return true; // BKPT, HVC
  return cond !== 0xf && (w & 0x0ffffff0) === 0x01600070; // SMC
}

export function thumbSafe(h: number): boolean {
  if (h >>> 12 === 0xd) return ((h >>> 8) & 0xf) !== 0xe; // B T1 and SVC (not UDF)
  return h >>> 11 === 0b11100 || h === 0xbf00 || h >>> 8 === 0xbe;
}

function isBreakpoint(value: number, size: 2 | 4, thumb: boolean): boolean {
  if (!thumb) return (value & 0x0fffffff) === 0x07f001f8 || (value & 0x0ff000f0) === 0x01200070;
  return size === 2 ? value === 0xde18 || value === 0xf7f0 || value >>> 8 === 0xbe : value === 0xa018f7f0;
}

/**
 * An in-memory Platform that records every call and flags writes a running SMP system could not
 * tolerate: outside a rendezvous, a store whose old/new pair is outside the safe set, any store into a
 * 32-bit Thumb instruction, and a breakpoint removed without every CPU in the rendezvous.
 */
export class FakePlatform implements Platform {
  readonly memory = new Map<number, number>();
  readonly calls: Call[] = [];
  readonly violations: Violation[] = [];
  cpusOnline: number;
  /** Called at the start of each rendezvous, before `fn` (tests use it to change memory meanwhile). */
  onRendezvous: (() => void) | null = null;
  #cpu: number | null = null;
  #writers: 'one' | 'all' | null = null;
  #clock = 0;
  readonly #isThumb: (address: number) => boolean;
  readonly #isUnreachable: (address: number) => boolean;
  readonly cycles: (() => number) | undefined;

  constructor(options: FakeOptions = {}) {
    this.cpusOnline = options.cpus ?? 4;
    this.#isThumb = options.isThumb ?? (() => false);
    this.#isUnreachable = options.isUnreachable ?? (() => false);
    this.cycles = options.clock === false ? undefined : () => this.#clock;
  }

  cpuCount(): number {
    return this.cpusOnline;
  }

  read(address: number, size: 2 | 4): number {
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + (this.memory.get(address + i) ?? 0);
    return v;
  }

  /** Test helper: put an instruction value in memory without recording a call. */
  poke(address: number, value: number, size: 2 | 4): void {
    for (let i = 0; i < size; i++) this.memory.set(address + i, Math.floor(value / 256 ** i) & 0xff);
  }

  write(address: number, value: number, size: 2 | 4): void {
    const old = this.read(address, size);
    this.#check(address, old, value, size);
    this.poke(address, value, size);
    this.calls.push({ op: 'write', address, value, size, cpu: this.#cpu });
    this.#clock += 1;
  }

  #check(address: number, old: number, value: number, size: 2 | 4): void {
    if (this.cpusOnline <= 1 || this.#isUnreachable(address) || old === value) return;
    const thumb = this.#isThumb(address);
    const add = (why: Violation['why']): void => {
      this.violations.push({ address, old, new: value, size, why });
    };
    if (this.#writers === null) {
      if (thumb && (size === 4 || old >>> 11 >= 0b11101 || value >>> 11 >= 0b11101)) add('thumb32');
      else if (thumb ? !thumbSafe(old) || !thumbSafe(value) : !armSafe(old) || !armSafe(value)) add('outside-safe-set');
    }
    // The second halfword of a 32-bit Thumb instruction is not an instruction of its own (its bits may
    // look like BKPT): only whole instructions can be breakpoints.
    const continuation = thumb && size === 2 && this.read(address - 2, 2) >>> 11 >= 0b11101;
    if (
      this.#writers !== 'all' &&
      !continuation &&
      isBreakpoint(old, size, thumb) &&
      !isBreakpoint(value, size, thumb)
    ) {
      add('breakpoint-removed-while-running');
    }
  }

  cacheMaintenance(address: number, size: number): void {
    this.calls.push({ op: 'maintenance', address, size, cpu: this.#cpu });
    this.#clock += 40;
  }

  syncCores(): void {
    this.calls.push({ op: 'sync' });
    this.#clock += 100 + 150 * this.cpusOnline;
  }

  stopMachine(fn: (cpu: number) => void, options: StopMachineOptions): void {
    this.calls.push({ op: 'stopMachine', writers: options.writers });
    this.#clock += 500 + 5000 * this.cpusOnline;
    this.#writers = options.writers;
    try {
      this.onRendezvous?.();
      const writers = options.writers === 'all' ? this.cpusOnline : 1;
      for (let cpu = 0; cpu < writers; cpu++) {
        this.#cpu = cpu;
        fn(cpu);
      }
    } finally {
      this.#cpu = null;
      this.#writers = null;
    }
  }

  count(op: Call['op']): number {
    return this.calls.filter((c) => c.op === op).length;
  }
}
