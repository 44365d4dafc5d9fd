/** Page geometry and per-page state of the sparse physical memory. */

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;
/** Number of 4 KiB pages in the 32-bit address space. */
export const PAGE_COUNT = 1 << (32 - PAGE_SHIFT);

/** Permission bits of a page. */
export const PERM_READ = 1;
export const PERM_WRITE = 2;
export const PERM_EXECUTE = 4;
export const PERM_RWX = PERM_READ | PERM_WRITE | PERM_EXECUTE;

/** Host byte order: the typed-array fast paths below assume a little-endian host (every current browser/Node). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Accepted permission spellings: a bit mask or a string such as `'rwx'`, `'r-x'`, `'rw'`. */
export type Permissions = number | string;

export function parsePermissions(p: Permissions): number {
  if (typeof p === 'number') return p & PERM_RWX;
  let bits = 0;
  if (p.includes('r')) bits |= PERM_READ;
  if (p.includes('w')) bits |= PERM_WRITE;
  if (p.includes('x')) bits |= PERM_EXECUTE;
  return bits;
}

/**
 * The contents of every page not yet written since it was mapped: one zeroed buffer that all such pages
 * view, so that mapping memory (an 8 MiB stack, a large anonymous mmap, bss) allocates nothing until the
 * guest or the host writes to it. Never written: every write path gives the page its own buffer first
 * (`Page.materialize`).
 */
const ZERO_BUFFER = new ArrayBuffer(PAGE_SIZE);
const ZERO_U8 = new Uint8Array(ZERO_BUFFER);
const ZERO_U16 = new Uint16Array(ZERO_BUFFER);
const ZERO_I32 = new Int32Array(ZERO_BUFFER);

/**
 * One 4 KiB page: byte, halfword and word views over the same buffer. A page starts out viewing the shared
 * zero buffer (reads see zeroes); PhysicalMemory calls `materialize` before the first write to it, which
 * gives it a buffer of its own. The views are for reading; write through PhysicalMemory.
 */
export class Page {
  u8: Uint8Array = ZERO_U8;
  u16: Uint16Array = ZERO_U16;
  i32: Int32Array = ZERO_I32;
  /**
   * True when a guest store to this page must leave the typed-array fast path: the page holds decoded
   * code (`containsCode`), an exclusive reservation (`reserved`), or has no buffer of its own yet. The
   * only flag the fast path reads.
   */
  slowWrites = true;
  private code = false;
  private reservation = false;
  private shared = true;

  /**
   * Set once an instruction on this page has been decoded into some CPU's decoded lines; writes to the
   * page then notify the code-write listeners and the write observer.
   */
  get containsCode(): boolean {
    return this.code;
  }

  set containsCode(value: boolean) {
    this.code = value;
    this.slowWrites = value || this.reservation || this.shared;
  }

  /** Set while some CPU's exclusive monitor holds a reservation on this page (the global monitor watches it). */
  get reserved(): boolean {
    return this.reservation;
  }

  set reserved(value: boolean) {
    this.reservation = value;
    this.slowWrites = value || this.code || this.shared;
  }

  /** True while the page views the shared zero buffer (nothing has been written to it since it was mapped). */
  get zero(): boolean {
    return this.shared;
  }

  /** Gives the page a zeroed buffer of its own, once, before the first write to it. */
  materialize(): void {
    if (!this.shared) return;
    const buffer = new ArrayBuffer(PAGE_SIZE);
    this.u8 = new Uint8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.shared = false;
    this.slowWrites = this.code || this.reservation;
  }

  /** Drops the page's own buffer: it views the shared zero buffer again (reads see zeroes), as when mapped. */
  discard(): void {
    if (this.shared) return;
    this.u8 = ZERO_U8;
    this.u16 = ZERO_U16;
    this.i32 = ZERO_I32;
    this.shared = true;
    this.slowWrites = true;
  }

  constructor(
    /** Page number (address >>> 12). */
    readonly index: number,
    public perms: number,
  ) {}
}
