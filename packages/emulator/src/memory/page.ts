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

/** One 4 KiB page: byte, halfword and word views over the same buffer. */
export class Page {
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
  /**
   * True when a guest store to this page must leave the typed-array fast path: the page holds decoded
   * code (`containsCode`) or an exclusive reservation (`reserved`). The only flag the fast path reads.
   */
  slowWrites = false;
  private code = false;
  private reservation = false;

  /**
   * Set once an instruction on this page has been decoded into some CPU's decoded lines; writes to the
   * page then notify the code-write listeners and the write observer.
   */
  get containsCode(): boolean {
    return this.code;
  }

  set containsCode(value: boolean) {
    this.code = value;
    this.slowWrites = value || this.reservation;
  }

  /** Set while some CPU's exclusive monitor holds a reservation on this page (the global monitor watches it). */
  get reserved(): boolean {
    return this.reservation;
  }

  set reserved(value: boolean) {
    this.reservation = value;
    this.slowWrites = value || this.code;
  }

  constructor(
    /** Page number (address >>> 12). */
    readonly index: number,
    public perms: number,
  ) {
    const buffer = new ArrayBuffer(PAGE_SIZE);
    this.u8 = new Uint8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i32 = new Int32Array(buffer);
  }
}
