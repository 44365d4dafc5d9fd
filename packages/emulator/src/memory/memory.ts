import { MemoryFault, MemoryMapError } from './fault.js';
import {
  HOST_LITTLE_ENDIAN,
  PAGE_COUNT,
  PAGE_MASK,
  PAGE_SHIFT,
  PAGE_SIZE,
  Page,
  PERM_EXECUTE,
  PERM_READ,
  PERM_WRITE,
  type Permissions,
  parsePermissions,
} from './page.js';

/** A device mapped over a physical range: reads and writes of 1, 2 or 4 bytes go to these callbacks. */
export interface MmioHandler {
  read(offset: number, size: 1 | 2 | 4): number;
  write(offset: number, size: 1 | 2 | 4, value: number): void;
}

interface MmioRegion {
  readonly start: number;
  readonly end: number;
  readonly handler: MmioHandler;
}

/**
 * Called after a write to a page holding decoded instructions: `address` and `size` bytes changed.
 * The coherent fetch model uses it to drop stale decoded lines.
 */
export type CodeWriteListener = (address: number, size: number) => void;

/**
 * Sees every write to a page with `slowWrites` set (decoded code or an exclusive reservation), guest or
 * host, before and after it happens. `writer` is the index of the CPU whose store it is, or -1 for a host
 * write (`poke*`, `writeBytes`, `store`). `atomic` is true for a single-copy-atomic store (an aligned STR,
 * STRH or STRB and their host equivalents); byte-wise host copies and unaligned stores are not.
 */
export interface WriteObserver {
  beforeWrite(address: number, size: number, writer: number, atomic: boolean): void;
  afterWrite(address: number, size: number, writer: number): void;
}

if (!HOST_LITTLE_ENDIAN) throw new Error('@armprobe/emulator needs a little-endian host');

/**
 * Flat, sparse, little-endian physical memory in 4 KiB pages with read/write/execute permissions.
 * Guest accesses (`read*`, `write*`, `fetch32`) check permissions and throw `MemoryFault`; host
 * accesses (`peek*`, `poke*`, `readBytes`, `writeBytes`) ignore permissions but still notify
 * code-write listeners.
 */
export class PhysicalMemory {
  /**
   * Page table: page number → index into `pageList` (0: nothing mapped; MMIO lives outside it). The
   * entry at index 0 is a permission-less placeholder, so the fast paths need no null check.
   */
  private readonly slots = new Int32Array(PAGE_COUNT);
  private readonly pageList: Page[] = [new Page(-1, 0)];
  private readonly mmio: MmioRegion[] = [];
  private readonly codeWriteListeners: CodeWriteListener[] = [];
  /** The machine's fetch model / global monitor (null: nothing watches writes). */
  observer: WriteObserver | null = null;
  /** Index of the CPU whose guest accesses are executing (set by the machine's run loop), -1 outside. */
  writer = -1;

  /**
   * Maps zeroed pages covering [address, address + size). Pages already mapped keep their contents
   * and gain the new permissions (two ELF segments may share a page).
   */
  map(address: number, size: number, perms: Permissions): void {
    const bits = parsePermissions(perms);
    for (const index of this.pageRange(address, size)) {
      if (this.findMmio(index * PAGE_SIZE, PAGE_SIZE) !== undefined) {
        throw new MemoryMapError('overlap', `page 0x${hex(index * PAGE_SIZE)} is MMIO`);
      }
      const slot = this.slots[index]!;
      if (slot !== 0) this.pageList[slot]!.perms |= bits;
      else {
        this.slots[index] = this.pageList.length;
        this.pageList.push(new Page(index, bits));
      }
    }
  }

  /**
   * Back to the state of a new memory: every page unmapped and its contents dropped, no MMIO, no code-write
   * listeners, no observer. For a caller that builds many short-lived machines one after another (a seed
   * sweep): passing one cleared memory to each (`MachineOptions.memory`) spares allocating and zeroing the
   * 4 MiB page table per machine. The previous machine must no longer be used.
   */
  clear(): void {
    for (let i = 1; i < this.pageList.length; i++) this.slots[this.pageList[i]!.index] = 0;
    this.pageList.length = 1;
    this.mmio.length = 0;
    this.codeWriteListeners.length = 0;
    this.observer = null;
    this.writer = -1;
  }

  /** Sets the permissions of every mapped page in the range (pages must be mapped). */
  protect(address: number, size: number, perms: Permissions): void {
    const bits = parsePermissions(perms);
    for (const index of this.pageRange(address, size)) {
      const page = this.pageAt(index);
      if (!page) throw new MemoryMapError('not-mapped', `page 0x${hex(index * PAGE_SIZE)} is not mapped`);
      page.perms = bits;
    }
  }

  unmap(address: number, size: number): void {
    for (const index of this.pageRange(address, size)) {
      if (this.pageAt(index)?.containsCode) this.notifyCodeWrite(index * PAGE_SIZE, PAGE_SIZE);
      this.slots[index] = 0;
    }
  }

  /**
   * Zeroes the mapped pages of [address, address + size) by giving their buffers up (each views the shared zero
   * buffer again, as a newly mapped page does): a mapping's pages dropped and demand-zero again (Linux's
   * MADV_DONTNEED). Mapping and permissions stay; unmapped pages are skipped. To whatever watches memory it is a
   * host write of zeroes over each page that was not zero already: the write observer (the fetch model's
   * detector, the global monitor, which clears other CPUs' reservations) and the code-write listeners see it.
   */
  discard(address: number, size: number): void {
    for (const index of this.pageRange(address, size)) {
      const page = this.pageAt(index);
      if (page === null || page.zero) continue;
      const at = index * PAGE_SIZE;
      const slow = page.slowWrites;
      if (slow) this.observer?.beforeWrite(at, PAGE_SIZE, -1, false);
      page.discard();
      if (slow) this.afterSlowWrite(page, at, PAGE_SIZE, -1);
    }
  }

  /** Maps a device over [address, address + size); the range must not overlap RAM or another device. */
  mapMmio(address: number, size: number, handler: MmioHandler): void {
    address >>>= 0;
    if (size <= 0 || address + size > 2 ** 32) throw new MemoryMapError('bad-range', 'bad MMIO range');
    for (const index of this.pageRange(address, size)) {
      if (this.slots[index] !== 0) throw new MemoryMapError('overlap', `MMIO over RAM at 0x${hex(index * PAGE_SIZE)}`);
    }
    if (this.findMmio(address, size)) throw new MemoryMapError('overlap', 'MMIO regions overlap');
    this.mmio.push({ start: address, end: address + size, handler });
  }

  isMapped(address: number): boolean {
    return this.slots[address >>> PAGE_SHIFT] !== 0;
  }

  /** Permission bits of the page holding `address` (0 when unmapped). */
  permissions(address: number): number {
    return this.pageList[this.slots[address >>> PAGE_SHIFT]!]!.perms;
  }

  /** The page holding `address`, if mapped (the decoded-line caches use it to mark code pages). */
  page(address: number): Page | null {
    return this.pageAt(address >>> PAGE_SHIFT);
  }

  addCodeWriteListener(listener: CodeWriteListener): () => void {
    this.codeWriteListeners.push(listener);
    return () => {
      const i = this.codeWriteListeners.indexOf(listener);
      if (i >= 0) this.codeWriteListeners.splice(i, 1);
    };
  }

  // ---- guest accesses ---------------------------------------------------------------------------

  /** Instruction fetch of an aligned word (execute permission). */
  fetch32(address: number): number {
    const page = this.pageList[this.slots[address >>> PAGE_SHIFT]!]!;
    if ((page.perms & PERM_EXECUTE) === 0) {
      throw new MemoryFault(address >>> 0, 'execute', page.index < 0 ? 'unmapped' : 'permission');
    }
    return page.i32[(address & PAGE_MASK) >>> 2]!;
  }

  read8(address: number): number {
    const page = this.pageList[this.slots[address >>> PAGE_SHIFT]!]!;
    if ((page.perms & PERM_READ) !== 0) return page.u8[address & PAGE_MASK]!;
    return this.slowRead(address >>> 0, 1);
  }

  read16(address: number): number {
    const page = this.pageList[this.slots[address >>> PAGE_SHIFT]!]!;
    if ((page.perms & PERM_READ) !== 0 && (address & 1) === 0) {
      return page.u16[(address & PAGE_MASK) >>> 1]!;
    }
    return this.slowRead(address >>> 0, 2);
  }

  /** Signed 32-bit result (use `>>> 0` for unsigned). */
  read32(address: number): number {
    const page = this.pageList[this.slots[address >>> PAGE_SHIFT]!]!;
    if ((page.perms & PERM_READ) !== 0 && (address & 3) === 0) {
      return page.i32[(address & PAGE_MASK) >>> 2]!;
    }
    return this.slowRead(address >>> 0, 4) | 0;
  }

  write8(address: number, value: number): void {
    const page = this.pageList[this.slots[address >>> PAGE_SHIFT]!]!;
    if ((page.perms & PERM_WRITE) !== 0 && !page.slowWrites) {
      page.u8[address & PAGE_MASK] = value;
      return;
    }
    this.slowWrite(address >>> 0, 1, value);
  }

  write16(address: number, value: number): void {
    const page = this.pageList[this.slots[address >>> PAGE_SHIFT]!]!;
    if ((page.perms & PERM_WRITE) !== 0 && !page.slowWrites && (address & 1) === 0) {
      page.u16[(address & PAGE_MASK) >>> 1] = value;
      return;
    }
    this.slowWrite(address >>> 0, 2, value);
  }

  write32(address: number, value: number): void {
    const page = this.pageList[this.slots[address >>> PAGE_SHIFT]!]!;
    if ((page.perms & PERM_WRITE) !== 0 && !page.slowWrites && (address & 3) === 0) {
      page.i32[(address & PAGE_MASK) >>> 2] = value;
      return;
    }
    this.slowWrite(address >>> 0, 4, value);
  }

  /** Throws the fault a guest access of `size` bytes at `address` would raise, if any (for LDM/STM pre-checks). */
  checkAccess(address: number, size: number, access: 'read' | 'write'): void {
    const need = access === 'read' ? PERM_READ : PERM_WRITE;
    const first = address >>> PAGE_SHIFT;
    const last = ((address >>> 0) + Math.max(size, 1) - 1) >>> PAGE_SHIFT;
    for (let index = first; index <= last && index < PAGE_COUNT; index++) {
      const at = index === first ? address >>> 0 : index * PAGE_SIZE;
      const page = this.pageAt(index);
      if (page === null) {
        if (this.findMmio(at, 1)) continue;
        throw new MemoryFault(at, access, 'unmapped');
      }
      if ((page.perms & need) === 0) throw new MemoryFault(at, access, 'permission');
    }
  }

  // ---- host accesses (no permission checks) ----------------------------------------------------

  peek8(address: number): number {
    return this.hostPage(address).u8[address & PAGE_MASK]!;
  }

  peek32(address: number): number {
    if ((address & 3) === 0) return this.hostPage(address).i32[(address & PAGE_MASK) >>> 2]! >>> 0;
    let v = 0;
    for (let i = 3; i >= 0; i--) v = (v << 8) | this.peek8(address + i);
    return v >>> 0;
  }

  peek16(address: number): number {
    return this.peek8(address) | (this.peek8(address + 1) << 8);
  }

  poke8(address: number, value: number): void {
    const page = this.hostWritePage(address);
    if (page.slowWrites) this.observer?.beforeWrite(address >>> 0, 1, -1, true);
    page.u8[address & PAGE_MASK] = value;
    if (page.slowWrites) this.afterSlowWrite(page, address >>> 0, 1, -1);
  }

  /** Host halfword store; single-copy atomic when aligned (else two byte stores). */
  poke16(address: number, value: number): void {
    if ((address & 1) === 0) {
      const page = this.hostWritePage(address);
      if (page.slowWrites) this.observer?.beforeWrite(address >>> 0, 2, -1, true);
      page.u16[(address & PAGE_MASK) >>> 1] = value;
      if (page.slowWrites) this.afterSlowWrite(page, address >>> 0, 2, -1);
      return;
    }
    this.poke8(address, value);
    this.poke8(address + 1, value >>> 8);
  }

  /** Host word store; single-copy atomic when aligned (else four byte stores). */
  poke32(address: number, value: number): void {
    if ((address & 3) === 0) {
      const page = this.hostWritePage(address);
      if (page.slowWrites) this.observer?.beforeWrite(address >>> 0, 4, -1, true);
      page.i32[(address & PAGE_MASK) >>> 2] = value;
      if (page.slowWrites) this.afterSlowWrite(page, address >>> 0, 4, -1);
      return;
    }
    for (let i = 0; i < 4; i++) this.poke8(address + i, value >>> (8 * i));
  }

  readBytes(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.peek8(address + i);
    return out;
  }

  writeBytes(address: number, bytes: Uint8Array): void {
    let i = 0;
    while (i < bytes.length) {
      const a = (address + i) >>> 0;
      const page = this.hostWritePage(a);
      const offset = a & PAGE_MASK;
      const n = Math.min(PAGE_SIZE - offset, bytes.length - i);
      if (page.slowWrites) this.observer?.beforeWrite(a, n, -1, false);
      page.u8.set(bytes.subarray(i, i + n), offset);
      if (page.slowWrites) this.afterSlowWrite(page, a, n, -1);
      i += n;
    }
  }

  /** Reads a NUL-terminated string (host access; stops at `max` bytes). */
  readCString(address: number, max = 4096): string {
    let s = '';
    for (let i = 0; i < max; i++) {
      const c = this.peek8(address + i);
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s;
  }

  // ---- internals -------------------------------------------------------------------------------

  private pageAt(index: number): Page | null {
    const slot = this.slots[index]!;
    return slot === 0 ? null : this.pageList[slot]!;
  }

  private hostPage(address: number): Page {
    const page = this.pageAt(address >>> PAGE_SHIFT);
    if (page === null) {
      throw new MemoryMapError('not-mapped', `host access to unmapped address 0x${hex(address)}`);
    }
    return page;
  }

  /** The page a host write to `address` goes to, with a buffer of its own. */
  private hostWritePage(address: number): Page {
    const page = this.hostPage(address);
    page.materialize();
    return page;
  }

  private slowRead(address: number, size: 1 | 2 | 4): number {
    const page = this.pageAt(address >>> PAGE_SHIFT);
    if (page === null) {
      const region = this.findMmio(address, size);
      if (region) return region.handler.read(address - region.start, size) >>> 0;
      throw new MemoryFault(address, 'read', 'unmapped');
    }
    if ((page.perms & PERM_READ) === 0) throw new MemoryFault(address, 'read', 'permission');
    // Unaligned (ARMv7 permits it for LDR/LDRH): byte by byte, possibly crossing into the next page.
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = (value << 8) | this.read8((address + i) >>> 0);
    return value >>> 0;
  }

  private slowWrite(address: number, size: 1 | 2 | 4, value: number): void {
    const page = this.pageAt(address >>> PAGE_SHIFT);
    if (page === null) {
      const region = this.findMmio(address, size);
      if (region) {
        region.handler.write(address - region.start, size, value >>> 0);
        return;
      }
      throw new MemoryFault(address, 'write', 'unmapped');
    }
    if ((page.perms & PERM_WRITE) === 0) throw new MemoryFault(address, 'write', 'permission');
    const offset = address & PAGE_MASK;
    const writer = this.writer;
    page.materialize();
    if (offset + size <= PAGE_SIZE && (address & (size - 1)) === 0) {
      if (page.slowWrites) this.observer?.beforeWrite(address, size, writer, true);
      if (size === 4) page.i32[offset >>> 2] = value;
      else if (size === 2) page.u16[offset >>> 1] = value;
      else page.u8[offset] = value;
      if (page.slowWrites) this.afterSlowWrite(page, address, size, writer);
    } else {
      // Unaligned or page-crossing: check the second page first so a fault leaves memory unchanged.
      const crossing = offset + size > PAGE_SIZE;
      if (crossing) this.checkAccess((address + size - 1) >>> 0, 1, 'write');
      const last = this.pageAt(((address + size - 1) >>> 0) >>> PAGE_SHIFT)!;
      last.materialize();
      const slow = page.slowWrites || last.slowWrites;
      if (slow) this.observer?.beforeWrite(address, size, writer, false);
      for (let i = 0; i < size; i++) {
        const a = (address + i) >>> 0;
        const p = this.pageAt(a >>> PAGE_SHIFT)!;
        p.u8[a & PAGE_MASK] = value >>> (8 * i);
        if (p !== page && p.containsCode) this.notifyCodeWrite(a, 1);
      }
      if (slow) this.afterSlowWrite(page, address, size, writer);
    }
  }

  private afterSlowWrite(page: Page, address: number, size: number, writer: number): void {
    if (page.containsCode) this.notifyCodeWrite(address, size);
    this.observer?.afterWrite(address, size, writer);
  }

  private notifyCodeWrite(address: number, size: number): void {
    for (const listener of this.codeWriteListeners) listener(address, size);
  }

  private findMmio(address: number, size: number): MmioRegion | undefined {
    for (const r of this.mmio) if (address < r.end && address + size > r.start) return r;
    return undefined;
  }

  private *pageRange(address: number, size: number): Generator<number> {
    address >>>= 0;
    if (!(size > 0) || address + size > 2 ** 32) {
      throw new MemoryMapError('bad-range', `bad range 0x${hex(address)} + ${size}`);
    }
    const first = address >>> PAGE_SHIFT;
    const last = (address + size - 1) >>> PAGE_SHIFT;
    for (let i = first; i <= last; i++) yield i;
  }
}

function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
