/**
 * The process's real-time interval timer, ITIMER_REAL (alarm, setitimer, getitimer), on the emulated monotonic
 * clock: the scheduler asks for its deadline at every slice and skips the clocks to it when every thread waits;
 * at expiry SIGALRM goes to the process (SI_KERNEL, as the kernel's it_real_fn sends it) and a periodic timer
 * rearms by its interval, past the present.
 */
import type { Cpu } from '../cpu/cpu.js';
import { type GuestSignals, SI_KERNEL } from './signal-delivery.js';

const SIGALRM = 14;

export class IntervalTimer {
  /** The next expiry in monotonic ns (null: disarmed) and the interval (0: once). */
  private at: number | null = null;
  private interval = 0;

  constructor(
    private readonly signals: GuestSignals,
    private readonly now: () => number,
  ) {}

  /** When it expires next (monotonic ns), or null. */
  deadline(): number | null {
    return this.at;
  }

  /** The remaining time and the interval in ns (0: disarmed); a due timer reports 1 µs, as the kernel does. */
  get(): [number, number] {
    if (this.at === null) return [0, this.interval];
    return [Math.max(1000, this.at - this.now()), this.interval];
  }

  /** Arms it `value` ns from now (0 disarms), then every `interval` ns (0: once). */
  set(value: number, interval: number): void {
    this.at = value === 0 ? null : this.now() + value;
    this.interval = value === 0 ? 0 : interval;
  }

  /** it_real_fn: SIGALRM to the process, and the next expiry after now when periodic. */
  expired(cpu: Cpu): void {
    const at = this.at;
    if (at === null) return;
    const now = this.now();
    this.at = this.interval > 0 ? at + this.interval * Math.max(1, Math.ceil((now - at) / this.interval)) : null;
    if (this.at !== null && this.at <= now) this.at += this.interval;
    this.signals.send(cpu, null, { signo: SIGALRM, code: SI_KERNEL, fields: [0, 0] });
  }
}
