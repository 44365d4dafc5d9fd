import type { GuestFault } from '../cpu/stop.js';
import { describeFault, instructionHex } from '../exceptions/dispatcher.js';
import type { ExceptionEvent, ExceptionHooks } from '../exceptions/hooks.js';
import { MemoryFault } from '../memory/fault.js';
import type { PhysicalMemory } from '../memory/memory.js';
import { PAGE_SIZE } from '../memory/page.js';
import { SIGNAL_NAMES, signalFor, signalStatus } from './signals.js';
import {
  EBADF,
  EFAULT,
  ENOSYS,
  NR_ARM_cacheflush,
  NR_ARM_set_tls,
  NR_brk,
  NR_exit,
  NR_exit_group,
  NR_write,
} from './syscalls.js';

export interface LinuxUserOptions {
  /** Guest writes to fd 1. */
  readonly onStdout?: (bytes: Uint8Array) => void;
  /** Guest writes to fd 2, and the emulator's fatal-signal message. */
  readonly onStderr?: (bytes: Uint8Array) => void;
  /** Unknown syscalls and other oddities (the syscall still returns -ENOSYS). */
  readonly onWarning?: (message: string) => void;
}

/** Where the program break may grow: [start, limit). */
export interface BreakRegion {
  readonly start: number;
  readonly limit: number;
}

/** How the Linux personality sees the machine (the Machine satisfies it). */
export interface LinuxHost {
  readonly memory: PhysicalMemory;
  readonly hooks: ExceptionHooks;
  /** Symbolizer for messages (`name+0x10`), optional. */
  symbolize?(address: number): string | null;
  /** Cache maintenance to PoU for `cacheflush` (the machine's host maintenance), optional. */
  cacheMaintenance?(address: number, size: number): void;
}

/**
 * Linux user-mode personality (like qemu-arm): `svc 0` with the syscall number in r7 and arguments in
 * r0–r6; a guest fault nobody else handles kills the process with the matching signal (exit status
 * 128 + signal) after printing the PC and the instruction to stderr.
 */
export class LinuxUser {
  /** Current program break. */
  brk: number;
  private readonly encoder = new TextEncoder();
  private readonly removers: (() => void)[] = [];

  constructor(
    private readonly host: LinuxHost,
    private readonly region: BreakRegion,
    private readonly options: LinuxUserOptions = {},
  ) {
    this.brk = region.start;
    this.removers.push(host.hooks.on('svc', (e) => this.syscall(e)));
    for (const kind of ['und', 'pabt', 'dabt'] as const) {
      this.removers.push(host.hooks.on(kind, (e) => this.fatalSignal(e)));
    }
  }

  /** Removes the personality's hooks. */
  detach(): void {
    for (const remove of this.removers.splice(0)) remove();
  }

  private syscall(event: ExceptionEvent): 'handled' {
    const { cpu } = event;
    const r = cpu.regs;
    const nr = r[7]! >>> 0;
    let result: number;
    switch (nr) {
      case NR_write:
        result = this.write(r[0]!, r[1]! >>> 0, r[2]! >>> 0);
        break;
      case NR_exit:
      case NR_exit_group:
        event.stop({ reason: 'exit', status: r[0]! & 0xff });
        return 'handled';
      case NR_brk:
        result = this.setBreak(r[0]! >>> 0);
        break;
      case NR_ARM_set_tls:
        cpu.cp15.tpidruro = r[0]! >>> 0;
        result = 0;
        break;
      case NR_ARM_cacheflush: {
        // cacheflush(start, end, flags): flush_icache_range — clean D, invalidate I on every CPU; the
        // return from the SVC is this CPU's context-synchronisation event.
        const start = r[0]! >>> 0;
        const end = r[1]! >>> 0;
        if (end > start) this.host.cacheMaintenance?.(start, end - start);
        result = 0;
        break;
      }
      default:
        this.options.onWarning?.(`unsupported syscall ${nr} at pc 0x${hex(event.pc)}`);
        result = -ENOSYS;
    }
    r[0] = result;
    return 'handled';
  }

  private write(fd: number, buffer: number, count: number): number {
    const sink = fd === 1 ? this.options.onStdout : fd === 2 ? this.options.onStderr : undefined;
    if (fd !== 1 && fd !== 2) return -EBADF;
    if (count === 0) return 0;
    try {
      this.host.memory.checkAccess(buffer, count, 'read');
    } catch (error) {
      if (error instanceof MemoryFault) return -EFAULT;
      throw error;
    }
    sink?.(this.host.memory.readBytes(buffer, count));
    return count;
  }

  /** brk(2): grows or shrinks the break inside its region; returns the (possibly unchanged) break. */
  private setBreak(requested: number): number {
    if (requested < this.region.start || requested >= this.region.limit) return this.brk;
    const mappedEnd = Math.ceil(this.brk / PAGE_SIZE) * PAGE_SIZE;
    const wantedEnd = Math.ceil(requested / PAGE_SIZE) * PAGE_SIZE;
    if (wantedEnd > mappedEnd) this.host.memory.map(mappedEnd, wantedEnd - mappedEnd, 'rw');
    this.brk = requested;
    return requested;
  }

  private fatalSignal(event: ExceptionEvent): 'handled' {
    const signal = signalFor(event);
    const fault: GuestFault = describeFault(event.cpu, {
      kind: event.kind,
      pc: event.pc,
      word: event.word,
      breakpoint: event.breakpoint,
      faultAddress: event.faultAddress,
      access: event.access,
      reason: event.reason,
    });
    const where = this.host.symbolize?.(event.pc);
    const insn =
      fault.word === null ? '' : `: ${instructionHex(fault.word, event.thumb)} ${fault.text.replace('\t', ' ')}`;
    const data =
      event.kind === 'dabt' && event.faultAddress !== null
        ? ` (${event.reason} ${event.access} at 0x${hex(event.faultAddress)})`
        : '';
    const message = `armprobe: uncaught target signal ${signal} (${SIGNAL_NAMES[signal]}) at pc 0x${hex(event.pc)}${where ? ` <${where}>` : ''}${insn}${data}\n`;
    this.options.onStderr?.(this.encoder.encode(message));
    event.stop({ reason: 'fault', status: signalStatus(signal), fault: { ...fault, message: message.trimEnd() } });
    return 'handled';
  }
}

function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
