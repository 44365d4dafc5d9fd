import type { Machine } from '@armprobe/emulator';
import { a32BranchRange } from '@armprobe/optprobe';
import { hex, KprobeError } from './errors.js';

/**
 * Default size of the kprobes area: the address window reserved for instruction slots, the kretprobe
 * trampoline, the optprobe gate and optprobe trampolines. Only the pages in use are mapped.
 */
export const SLOT_AREA_SIZE = 32 << 20;

const PAGE = 0x1000;

/** Where the next trampoline would go, or why there is no room for one within branch range. */
export type TrampolinePlace =
  | { readonly ok: true; readonly address: number }
  | { readonly ok: false; readonly reason: 'no-trampoline-space' | 'out-of-range'; readonly detail: string };

/** Pages claimed by one user of the area: a bump pointer in the newest page and exact-size free lists. */
interface Pool {
  /** Base of the newest page, or -1 before the first. */
  page: number;
  /** Bytes used in the newest page. */
  used: number;
  readonly free: Map<number, number[]>;
}

/**
 * Guest memory the kprobes layer owns, like the kernel's kprobe instruction-slot and optinsn pages: an
 * address window reserved near the text, mapped read+execute one page at a time as slots and
 * trampolines need room. Trampoline pages are taken from the end of the window nearest the text (an
 * optprobe's `B` reaches ±32 MiB), instruction-slot pages (reached by setting the PC, any distance) from
 * the far end; the two meet when the window is full. Only the host writes it.
 */
export class SlotArea {
  private readonly trampolines: Pool = { page: -1, used: 0, free: new Map() };
  private readonly slots: Pool = { page: -1, used: 0, free: new Map() };
  /** Pages claimed from each end of the window (claimed pages may be skipped if something else mapped them). */
  private nearPages = 0;
  private farPages = 0;
  /** True when the window lies above the text: trampoline pages grow upwards from `base`. */
  private readonly textBelow: boolean;
  /** Pages of the window mapped for kprobes. */
  mappedPages = 0;

  constructor(
    private readonly machine: Machine,
    readonly base: number,
    readonly size: number,
    /** An address of the text the area serves (decides which end of the window is near it). */
    text: number,
  ) {
    if ((base & 0xfff) !== 0 || (size & 0xfff) !== 0 || size <= 0 || base + size > 2 ** 32) {
      throw new KprobeError('bad-option', 'the kprobes area must be page aligned, non-empty and below 4 GiB');
    }
    for (let a = base; a < base + size; a += PAGE) {
      if (machine.memory.isMapped(a)) {
        throw new KprobeError('bad-option', `the kprobes area overlaps mapped memory at ${hex(a)}`);
      }
    }
    this.textBelow = text >>> 0 < base;
  }

  get pageCount(): number {
    return this.size / PAGE;
  }

  /** True when `address` lies in the area's window (probes there are refused). */
  contains(address: number): boolean {
    return address >>> 0 >= this.base && address >>> 0 < this.base + this.size;
  }

  /**
   * `words` consecutive words for an instruction slot (or another fixed piece of code), 8-byte aligned,
   * anywhere in the window; throws `no-slot-space` when the window has no page left.
   */
  allocate(words: number): number {
    const bytes = (words * 4 + 7) & ~7;
    const reused = this.slots.free.get(bytes)?.pop();
    if (reused !== undefined) return reused;
    const pool = this.slots;
    if (pool.page < 0 || pool.used + bytes > PAGE) {
      const page = this.claimPage(false);
      if (page === null) {
        throw new KprobeError(
          'no-slot-space',
          `the kprobes area (${this.size} bytes at ${hex(this.base)}) has no page left for instruction slots`,
        );
      }
      pool.page = page;
      pool.used = 0;
    }
    const at = pool.page + pool.used;
    pool.used += bytes;
    return at;
  }

  release(address: number, words: number): void {
    pushFree(this.slots, address, (words * 4 + 7) & ~7);
  }

  /**
   * Where a trampoline of up to `maxWords` words for a probe at `probe` would go: the next free address
   * of the trampoline pages (a new page when the newest has no room), if a `B` at `probe` reaches it.
   * Nothing is claimed until `commitTrampoline`.
   */
  placeTrampoline(probe: number, maxWords: number): TrampolinePlace {
    const bytes = maxWords * 4;
    const pool = this.trampolines;
    let address: number;
    if (pool.page >= 0 && pool.used + bytes <= PAGE) address = pool.page + pool.used;
    else {
      const page = this.peekPage();
      if (page === null) {
        return {
          ok: false,
          reason: 'no-trampoline-space',
          detail: `the kprobes area (${this.size} bytes at ${hex(this.base)}) is full`,
        };
      }
      address = page;
    }
    if (!a32BranchRange(probe >>> 0, address).ok) {
      return {
        ok: false,
        reason: 'out-of-range',
        detail: `the kprobes area's next free trampoline address ${hex(address)} is beyond branch range of ${hex(probe)}`,
      };
    }
    return { ok: true, address };
  }

  /** A free trampoline of exactly `words` words (8-byte rounded) that a `B` at `probe` reaches, or null. */
  reusableTrampoline(probe: number, words: number): number | null {
    const list = this.trampolines.free.get((words * 4 + 7) & ~7);
    if (list === undefined) return null;
    for (let i = list.length - 1; i >= 0; i--) {
      const address = list[i]!;
      if (a32BranchRange(probe >>> 0, address).ok) {
        list[i] = list[list.length - 1]!;
        list.pop();
        return address;
      }
    }
    return null;
  }

  /** Claims `words` words at `address`, which `placeTrampoline` just returned. */
  commitTrampoline(address: number, words: number): void {
    const pool = this.trampolines;
    const bytes = (words * 4 + 7) & ~7;
    if (pool.page >= 0 && address === pool.page + pool.used) {
      pool.used += bytes;
      return;
    }
    const page = this.claimPage(true);
    if (page !== address) throw new Error(`internal: trampoline at ${hex(address)} is not the next free place`);
    pool.page = page;
    pool.used = bytes;
  }

  releaseTrampoline(address: number, words: number): void {
    pushFree(this.trampolines, address, (words * 4 + 7) & ~7);
  }

  /**
   * Host write of instruction words (the area is not reachable by any CPU until a branch points at it),
   * then cache maintenance to the point of unification: a reused slot may still sit in some CPU's
   * instruction cache. The context-synchronisation event comes with the plan that makes it reachable.
   */
  write(address: number, words: readonly number[]): void {
    this.poke(address, words);
    this.machine.cacheMaintenance(address, 4 * words.length);
  }

  /** Host write without maintenance: the caller maintains the range (several writes, one maintenance). */
  poke(address: number, words: readonly number[]): void {
    const memory = this.machine.memory;
    for (let i = 0; i < words.length; i++) memory.poke32(address + 4 * i, words[i]! >>> 0);
  }

  /** The next page of the window from the near (trampolines) or far (slots) end, without claiming it. */
  private peekPage(): number | null {
    for (let near = this.nearPages; near + this.farPages < this.pageCount; near++) {
      const page = this.pageAt(near, true);
      if (!this.machine.memory.isMapped(page)) return page;
    }
    return null;
  }

  /** Claims and maps the next free page from one end of the window, or null when the window is full. */
  private claimPage(near: boolean): number | null {
    while (this.nearPages + this.farPages < this.pageCount) {
      const page = this.pageAt(near ? this.nearPages : this.farPages, near);
      if (near) this.nearPages++;
      else this.farPages++;
      // Something else may have mapped into the window since (a guest's heap): leave that page alone.
      if (this.machine.memory.isMapped(page)) continue;
      this.machine.memory.map(page, PAGE, 'rx');
      this.mappedPages++;
      return page;
    }
    return null;
  }

  /** Page `index` counted from the near end (towards the text) or from the far end. */
  private pageAt(index: number, near: boolean): number {
    const fromBase = near === this.textBelow;
    return fromBase ? this.base + index * PAGE : this.base + this.size - (index + 1) * PAGE;
  }
}

function pushFree(pool: Pool, address: number, bytes: number): void {
  const list = pool.free.get(bytes);
  if (list === undefined) pool.free.set(bytes, [address]);
  else list.push(address);
}

/**
 * Where to put the kprobes area by default: within branch range of the text (ARM optprobes need ±32 MiB,
 * Thumb ones ±16 MiB), clear of the program and its heap: 16 MiB above the end of the loaded image (1 MiB
 * when the program has Thumb code, so that its trampolines stay within B.W reach of the text; a heap that
 * grows into the area's pages is refused by brk, and malloc falls back to mmap), or just below the text when
 * the program sits high enough.
 */
export function defaultSlotBase(machine: Machine, size: number): number {
  const program = machine.program;
  if (program === null) return 0x0f000000;
  const lowest = textStart(machine);
  const below = ((lowest & ~0xfffff) >>> 0) - size;
  if (below >= 0x100000 && !overlapsMapped(machine, below, size)) return below;
  const thumb = program.code.ranges.some((r) => r.state === 'thumb');
  const above = (((program.brk + 0xfffff) & ~0xfffff) >>> 0) + (thumb ? 1 << 20 : 16 << 20);
  return above;
}

/** The lowest address of the loaded program's executable segments (0 without a program). */
export function textStart(machine: Machine): number {
  const program = machine.program;
  if (program === null) return 0;
  let lowest = 0xffffffff;
  for (const s of program.elf.segments) if ((s.flags & 1) !== 0) lowest = Math.min(lowest, s.vaddr >>> 0);
  return lowest === 0xffffffff ? 0 : lowest;
}

function overlapsMapped(machine: Machine, base: number, size: number): boolean {
  for (let a = base; a < base + size; a += PAGE) if (machine.memory.isMapped(a)) return true;
  return false;
}
