import type { Machine } from '@armprobe/emulator';
import { KprobeError } from './errors.js';

/** Default size of the kprobes area (instruction slots, kretprobe trampoline, optprobe trampolines). */
export const SLOT_AREA_SIZE = 1 << 20;

/**
 * Guest memory the kprobes layer owns: out-of-line instruction slots and trampolines, like the kernel's
 * kprobe insn pages. Mapped read+execute; only the host writes it. A bump allocator with a free list per
 * size, so unregistering and registering again reuses space.
 */
export class SlotArea {
  private next: number;
  private readonly free = new Map<number, number[]>();

  constructor(
    private readonly machine: Machine,
    readonly base: number,
    readonly size: number,
  ) {
    if ((base & 0xfff) !== 0 || (size & 0xfff) !== 0 || size <= 0) {
      throw new KprobeError('bad-option', 'the kprobes area must be page aligned and non-empty');
    }
    for (let a = base; a < base + size; a += 0x1000) {
      if (machine.memory.isMapped(a)) {
        throw new KprobeError('bad-option', `the kprobes area overlaps mapped memory at 0x${a.toString(16)}`);
      }
    }
    machine.memory.map(base, size, 'rx');
    this.next = base;
  }

  /** True when `address` lies in the area (probes there are refused). */
  contains(address: number): boolean {
    return address >>> 0 >= this.base && address >>> 0 < this.base + this.size;
  }

  /** `words` consecutive words, 8-byte aligned; throws when the area is full. */
  allocate(words: number): number {
    const bytes = (words * 4 + 7) & ~7;
    const reused = this.free.get(bytes)?.pop();
    if (reused !== undefined) return reused;
    if (this.next + bytes > this.base + this.size) {
      throw new KprobeError('no-slot-space', `the kprobes area (${this.size} bytes) is full`);
    }
    const at = this.next;
    this.next += bytes;
    return at;
  }

  release(address: number, words: number): void {
    const bytes = (words * 4 + 7) & ~7;
    const list = this.free.get(bytes) ?? [];
    list.push(address);
    this.free.set(bytes, list);
  }

  /**
   * Host write of instruction words (the area is not reachable by any CPU until a branch points at it),
   * then cache maintenance to the point of unification: a reused slot may still sit in some CPU's
   * instruction cache. The context-synchronisation event comes with the plan that makes it reachable.
   */
  write(address: number, words: readonly number[]): void {
    for (let i = 0; i < words.length; i++) this.machine.memory.poke32(address + 4 * i, words[i]! >>> 0);
    this.machine.cacheMaintenance(address, 4 * words.length);
  }
}

/**
 * Where to put the kprobes area by default: within branch range of the text (optprobes need ±32 MiB),
 * clear of the program and its heap: 16 MiB above the end of the loaded image, or 1 MiB below the text
 * when the program sits high enough.
 */
export function defaultSlotBase(machine: Machine, size: number): number {
  const program = machine.program;
  if (program === null) return 0x0f000000;
  let lowest = 0xffffffff;
  for (const s of program.elf.segments) lowest = Math.min(lowest, s.vaddr >>> 0);
  const below = ((lowest & ~0xfffff) >>> 0) - size;
  if (below >= 0x100000 && !overlapsMapped(machine, below, size)) return below;
  const above = (((program.brk + 0xfffff) & ~0xfffff) >>> 0) + (16 << 20);
  return above;
}

function overlapsMapped(machine: Machine, base: number, size: number): boolean {
  for (let a = base; a < base + size; a += 0x1000) if (machine.memory.isMapped(a)) return true;
  return false;
}
