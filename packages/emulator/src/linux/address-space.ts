/** The process's memory syscalls: brk and the mmap2 family over the machine's pages. */
import type { PhysicalMemory } from '../memory/memory.js';
import { PAGE_SIZE, PERM_READ, PERM_WRITE, parsePermissions } from '../memory/page.js';
import { KUSER_PAGE } from './kuser.js';
import { type AdviceAction, adviceAction } from './madvise.js';
import { EACCES, EINVAL, ENOMEM } from './syscalls.js';

/** Where the program break may grow: [start, limit). */
export interface BreakRegion {
  readonly start: number;
  readonly limit: number;
}

export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_FIXED_NOREPLACE = 0x100000;
export const MREMAP_MAYMOVE = 1;
export const MREMAP_FIXED = 2;

/** Lowest address mmap chooses (TASK_UNMAPPED_BASE of a 3G/1G ARM split). */
export const MMAP_BASE = 0x40000000;

function permissions(prot: number): string {
  return (prot & PROT_READ ? 'r' : '') + (prot & PROT_WRITE ? 'w' : '') + (prot & PROT_EXEC ? 'x' : '');
}

const pageUp = (n: number): number => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;

/** Anonymous memory mmap has promised but not backed with pages yet: [start, end), page-aligned. */
interface Reservation {
  start: number;
  end: number;
  perms: string;
}

/**
 * Pages mapped from a file (a private file mmap, an ELF segment), [start, end) page-aligned: what MADV_DONTNEED
 * gives them back. `bytes` are the file's bytes from `start` on (shorter: zeroes past the file's end).
 */
interface FileBacking {
  start: number;
  end: number;
  bytes: Uint8Array;
}

/**
 * brk and mmap bookkeeping. mmap chooses the lowest free page range at or above MMAP_BASE (below `limit`),
 * as a bottom-up allocator; what is mapped is read from the memory itself, plus the reservations.
 *
 * Anonymous mappings are demand-zero, as in Linux: mmap only reserves the range, and a page is backed
 * (zeroed, with the mapping's current protection) when the guest first touches it — a translation fault
 * the personality resolves with `fault` before retrying the instruction — or a syscall reads or writes it
 * (`populate`). A glibc thread stack (8 MiB) then costs the few pages it uses.
 *
 * madvise (`advise`) sees the process's mappings as Linux does, page by page: the pages of memory (all but the
 * kuser helper page, which is no mapping of the process) and the reservations; pages mapped from a file are
 * remembered with the file's bytes (`fileBacked`) so that MADV_DONTNEED can give them back.
 */
export class AddressSpace {
  brk: number;
  /** Sorted, disjoint. */
  private readonly reservations: Reservation[] = [];
  /** Sorted, disjoint. */
  private readonly fileBacked: FileBacking[] = [];
  constructor(
    private readonly memory: PhysicalMemory,
    private readonly region: BreakRegion,
    private readonly limit: number,
  ) {
    this.brk = region.start;
  }

  /** brk(2): grows or shrinks the break inside its region; returns the (possibly unchanged) break. */
  setBreak(requested: number): number {
    if (requested < this.region.start || requested >= this.region.limit) return this.brk;
    const mappedEnd = pageUp(this.brk);
    const wantedEnd = pageUp(requested);
    if (wantedEnd > mappedEnd) {
      for (let a = mappedEnd; a < wantedEnd; a += PAGE_SIZE) if (this.memory.isMapped(a)) return this.brk;
      this.memory.map(mappedEnd, wantedEnd - mappedEnd, 'rw');
    } else if (wantedEnd < mappedEnd) this.memory.unmap(wantedEnd, mappedEnd - wantedEnd);
    this.brk = requested;
    return requested;
  }

  /** mmap2 with `content` (a file's bytes for a file mapping, else zeroes). Returns the address or -errno. */
  map(address: number, length: number, prot: number, flags: number, content: Uint8Array | null): number {
    if (length === 0 || address % PAGE_SIZE !== 0) return -EINVAL;
    const size = pageUp(length);
    if (size > 0xffffffff) return -ENOMEM;
    let at: number;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
      if (address + size > 2 ** 32) return -EINVAL;
      if (flags & MAP_FIXED_NOREPLACE && !this.isFree(address, size)) return -17;
      at = address;
      this.memory.unmap(at, size);
      this.release(at, at + size);
      this.cutFileBacked(at, at + size);
    } else {
      const found = this.findFree(address !== 0 && this.isFree(address, size) ? address : MMAP_BASE, size);
      if (found === null) return -ENOMEM;
      at = found;
    }
    if (content === null) {
      this.reserve(at, at + size, permissions(prot));
      return at;
    }
    this.memory.map(at, size, 'rw');
    const bytes = content.subarray(0, Math.min(content.length, size));
    this.memory.writeBytes(at, bytes);
    this.memory.protect(at, size, permissions(prot));
    this.recordFileMapping(at, at + size, bytes);
    return at;
  }

  /**
   * Records [start, end) (page-aligned, mapped) as mapped from a file whose bytes from `start` on are `bytes`:
   * MADV_DONTNEED gives such a page the file's bytes back instead of zeroes. The personality records the
   * executable's PT_LOAD segments this way, as Linux maps them: each page from the segment's first to the one
   * holding its last file byte (`p_filesz`) shows the file's bytes at the matching offset — also past
   * `p_filesz`, which only the loader's zeroing hid.
   */
  recordFileMapping(start: number, end: number, bytes: Uint8Array): void {
    if (start % PAGE_SIZE !== 0 || end % PAGE_SIZE !== 0 || end <= start) {
      throw new RangeError(`file mapping [0x${start.toString(16)}, 0x${end.toString(16)}) is not whole pages`);
    }
    this.cutFileBacked(start, end);
    const i = this.fileBacked.findIndex((f) => f.start > start);
    this.fileBacked.splice(i < 0 ? this.fileBacked.length : i, 0, { start, end, bytes });
  }

  /**
   * madvise(2) as Linux 6.1 answers it (madvise.ts): EINVAL for advice that is not valid, a start that is not
   * page-aligned, or a length whose page-rounded end wraps; 0 for an empty range; else the advice is applied to
   * each mapped page of the range in address order, the first error (from the kind of mapping: madvise.ts) is
   * returned, and a range with unmapped pages returns ENOMEM after the advice was applied to the mapped ones.
   */
  advise(address: number, length: number, advice: number): number {
    const action = adviceAction(advice);
    if (action === null || address % PAGE_SIZE !== 0) return -EINVAL;
    const size = pageUp(length);
    const end = address + size;
    // The page-rounded length or the end wraps (32-bit arithmetic in the kernel: the length rounds up to 0 and
    // the end comes out below the start).
    if (size >= 2 ** 32 || end >= 2 ** 32) return -EINVAL;
    let hole = false;
    for (let page = address; page < end; page += PAGE_SIZE) {
      const reservation = this.reservationAt(page);
      if (reservation === undefined && (page === KUSER_PAGE || !this.memory.isMapped(page))) {
        hole = true;
        continue;
      }
      const error = this.advisePage(action, page, reservation);
      if (error !== 0) return error;
    }
    return hole ? -ENOMEM : 0;
  }

  unmap(address: number, length: number): number {
    if (address % PAGE_SIZE !== 0 || length === 0) return -EINVAL;
    this.memory.unmap(address, pageUp(length));
    this.release(address, address + pageUp(length));
    this.cutFileBacked(address, address + pageUp(length));
    return 0;
  }

  protect(address: number, length: number, prot: number): number {
    if (address % PAGE_SIZE !== 0) return -EINVAL;
    const size = pageUp(length);
    const end = address + size;
    for (let a = address; a < end; a += PAGE_SIZE) {
      if (!this.memory.isMapped(a) && this.reservationAt(a) === undefined) return -ENOMEM;
    }
    const perms = permissions(prot);
    for (let a = address; a < end; a += PAGE_SIZE)
      if (this.memory.isMapped(a)) this.memory.protect(a, PAGE_SIZE, perms);
    // The reserved parts keep their place and take the new protection.
    const inside = this.cut(address, end);
    if (inside.length > 0) this.reserve(address, end, perms, inside);
    return 0;
  }

  /**
   * A translation fault at `address`: when it lies in a reservation, its page is backed (zeroed, with the
   * mapping's protection) and true is returned — the faulting instruction is retried; a permission the
   * mapping lacks then faults again on a mapped page, which is a real SIGSEGV.
   */
  fault(address: number): boolean {
    const page = Math.floor((address >>> 0) / PAGE_SIZE) * PAGE_SIZE;
    const r = this.reservationAt(page);
    if (r === undefined) return false;
    this.back(page, page + PAGE_SIZE);
    return true;
  }

  /** Backs every reserved page of [address, address + length) (a syscall is about to access it). */
  populate(address: number, length: number): void {
    if (this.reservations.length === 0 || length <= 0) return;
    const start = Math.floor((address >>> 0) / PAGE_SIZE) * PAGE_SIZE;
    const end = Math.min(2 ** 32, pageUp((address >>> 0) + length));
    this.back(start, end);
  }

  /** Pages mmap has reserved and not backed yet. */
  get reservedPages(): number {
    return this.reservations.reduce((n, r) => n + (r.end - r.start) / PAGE_SIZE, 0);
  }

  /** mremap: shrink in place, grow in place when the pages after are free, else move (MREMAP_MAYMOVE). */
  remap(address: number, oldLength: number, newLength: number, flags: number): number {
    if (address % PAGE_SIZE !== 0 || newLength === 0 || flags & MREMAP_FIXED) return -EINVAL;
    const oldSize = pageUp(oldLength);
    const newSize = pageUp(newLength);
    this.populate(address, oldSize);
    for (let a = address; a < address + oldSize; a += PAGE_SIZE) if (!this.memory.isMapped(a)) return -14;
    if (newSize <= oldSize) {
      if (newSize < oldSize) {
        this.memory.unmap(address + newSize, oldSize - newSize);
        this.cutFileBacked(address + newSize, address + oldSize);
      }
      return address;
    }
    const perms = this.memory.permissions(address);
    if (this.isFree(address + oldSize, newSize - oldSize)) {
      this.memory.map(address + oldSize, newSize - oldSize, perms);
      return address;
    }
    if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
    const to = this.findFree(MMAP_BASE, newSize);
    if (to === null) return -ENOMEM;
    this.memory.map(to, newSize, 'rw');
    for (let off = 0; off < oldSize; off += PAGE_SIZE) {
      this.memory.writeBytes(to + off, this.memory.readBytes(address + off, PAGE_SIZE));
    }
    this.memory.protect(to, newSize, perms);
    this.memory.unmap(address, oldSize);
    // What was mapped from a file moves with the pages (the grown part is anonymous, as it is mapped here).
    for (const f of this.cutFileBacked(address, address + oldSize)) {
      this.recordFileMapping(to + (f.start - address), to + (f.end - address), f.bytes);
    }
    return to;
  }

  /** One mapped (or reserved) page under `action`: 0 or -errno. */
  private advisePage(action: AdviceAction, page: number, reservation: Reservation | undefined): number {
    const file = reservation === undefined ? this.fileBackingAt(page) : undefined;
    switch (action) {
      case 'drop': {
        // A reserved page has nothing to drop: it is still demand-zero.
        if (reservation !== undefined) return 0;
        if (file === undefined) {
          this.memory.discard(page, PAGE_SIZE);
          return 0;
        }
        const contents = new Uint8Array(PAGE_SIZE);
        contents.set(file.bytes.subarray(page - file.start, page - file.start + PAGE_SIZE));
        const now = this.memory.readBytes(page, PAGE_SIZE);
        if (!contents.every((b, i) => b === now[i])) this.memory.writeBytes(page, contents);
        return 0;
      }
      case 'free':
      case 'wipe-on-fork':
        return file === undefined ? 0 : -EINVAL;
      case 'remove':
        return file === undefined ? -EINVAL : -EACCES;
      case 'populate-read':
      case 'populate-write': {
        const perms = reservation === undefined ? this.memory.permissions(page) : parsePermissions(reservation.perms);
        if ((perms & (action === 'populate-read' ? PERM_READ : PERM_WRITE)) === 0) return -EINVAL;
        if (reservation !== undefined) this.back(page, page + PAGE_SIZE);
        return 0;
      }
      case 'hint':
        return 0;
    }
  }

  private fileBackingAt(address: number): FileBacking | undefined {
    for (const f of this.fileBacked) if (address >= f.start && address < f.end) return f;
    return undefined;
  }

  /** Forgets the file backing of [start, end) (unmapped or replaced); returns the pieces that were inside. */
  private cutFileBacked(start: number, end: number): FileBacking[] {
    if (this.fileBacked.length === 0) return [];
    const inside: FileBacking[] = [];
    const kept: FileBacking[] = [];
    for (const f of this.fileBacked) {
      if (f.end <= start || f.start >= end) {
        kept.push(f);
        continue;
      }
      if (f.start < start) kept.push({ start: f.start, end: start, bytes: f.bytes });
      const from = Math.max(f.start, start);
      inside.push({ start: from, end: Math.min(f.end, end), bytes: f.bytes.subarray(from - f.start) });
      if (f.end > end) kept.push({ start: end, end: f.end, bytes: f.bytes.subarray(end - f.start) });
    }
    this.fileBacked.splice(0, this.fileBacked.length, ...kept);
    return inside;
  }

  private isFree(address: number, size: number): boolean {
    if (address + size > this.limit) return false;
    for (const r of this.reservations) if (r.start < address + size && r.end > address) return false;
    for (let a = address; a < address + size; a += PAGE_SIZE) if (this.memory.isMapped(a)) return false;
    return true;
  }

  private findFree(from: number, size: number): number | null {
    let start = from;
    while (start + size <= this.limit) {
      let a = start;
      while (a < start + size) {
        const r = this.reservationAt(a);
        if (r !== undefined || this.memory.isMapped(a)) break;
        a += PAGE_SIZE;
      }
      if (a >= start + size) return start;
      start = this.reservationAt(a)?.end ?? a + PAGE_SIZE;
    }
    return null;
  }

  private reservationAt(address: number): Reservation | undefined {
    for (const r of this.reservations) if (address >= r.start && address < r.end) return r;
    return undefined;
  }

  /** Adds [start, end) with `perms` (or only the given pieces of it), keeping the list sorted. */
  private reserve(
    start: number,
    end: number,
    perms: string,
    pieces: readonly Reservation[] = [{ start, end, perms }],
  ): void {
    for (const p of pieces) {
      const piece = { start: p.start, end: p.end, perms };
      const i = this.reservations.findIndex((r) => r.start > piece.start);
      this.reservations.splice(i < 0 ? this.reservations.length : i, 0, piece);
    }
  }

  /** Removes [start, end) from the reservations; returns the pieces that were inside. */
  private cut(start: number, end: number): Reservation[] {
    const inside: Reservation[] = [];
    const kept: Reservation[] = [];
    for (const r of this.reservations) {
      if (r.end <= start || r.start >= end) {
        kept.push(r);
        continue;
      }
      if (r.start < start) kept.push({ start: r.start, end: start, perms: r.perms });
      inside.push({ start: Math.max(r.start, start), end: Math.min(r.end, end), perms: r.perms });
      if (r.end > end) kept.push({ start: end, end: r.end, perms: r.perms });
    }
    this.reservations.splice(0, this.reservations.length, ...kept);
    return inside;
  }

  private release(start: number, end: number): void {
    this.cut(start, end);
  }

  /** Maps the reserved pages of [start, end) with their reservation's protection. */
  private back(start: number, end: number): void {
    for (const piece of this.cut(start, end)) this.memory.map(piece.start, piece.end - piece.start, piece.perms);
  }
}
