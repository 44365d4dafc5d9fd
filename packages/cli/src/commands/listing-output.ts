/*
 * Listing output as bytes: lines are written into one reusable buffer and handed on in chunks, so a listing
 * of any size holds one chunk, and a line that was printed before costs a copy of its bytes, not new strings.
 */

const HEX_CODES = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const SPACE = 0x20;
const ZERO = 0x30;
const encoder = new TextEncoder();

/**
 * A byte sink with a fixed buffer: `write` receives each full chunk as a view of that buffer, valid only
 * during the call (copy it to keep it).
 */
export class ListingOutput {
  readonly buffer: Uint8Array;
  /** Bytes of `buffer` in use. */
  length = 0;

  constructor(
    private readonly write: (chunk: Uint8Array) => void,
    capacity = 1 << 16,
  ) {
    this.buffer = new Uint8Array(capacity);
  }

  /** Makes room for `bytes` more bytes (at most the capacity) by handing on what is buffered. */
  reserve(bytes: number): void {
    if (this.length + bytes > this.buffer.length) this.flush();
  }

  /** Any text, as UTF-8. */
  text(s: string): void {
    if (this.length + 3 * s.length > this.buffer.length) {
      this.flush();
      if (3 * s.length > this.buffer.length) {
        this.write(encoder.encode(s));
        return;
      }
    }
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        at += encoder.encodeInto(s.slice(i), buffer.subarray(at)).written;
        break;
      }
      buffer[at++] = c;
    }
    this.length = at;
  }

  /** `bytes` from `source` at `from` (room must have been reserved). */
  copy(source: Uint8Array, from: number, bytes: number): void {
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < bytes; i++) buffer[at++] = source[from + i]!;
    this.length = at;
  }

  /** The 8 lowercase hex digits of a 32-bit value (objdump's `%08x`; room must have been reserved). */
  hex8(value: number): void {
    const buffer = this.buffer;
    const at = this.length;
    for (let k = 7; k >= 0; k--) {
      buffer[at + k] = HEX_CODES[value & 15]!;
      value >>>= 4;
    }
    this.length = at + 8;
  }

  /** objdump's address column and the `:\t` after it, `%8x:\t` (room must have been reserved). */
  addressColumn(address: number): void {
    const buffer = this.buffer;
    const at = this.length;
    this.hex8(address);
    for (let k = 0; k < 7 && buffer[at + k] === ZERO; k++) buffer[at + k] = SPACE;
    buffer[at + 8] = 0x3a; // ':'
    buffer[at + 9] = 0x09; // '\t'
    this.length = at + 10;
  }

  /** Hands on what is buffered. */
  flush(): void {
    if (this.length > 0) this.write(this.buffer.subarray(0, this.length));
    this.length = 0;
  }
}

/**
 * Lines kept as bytes in one growing arena, by an integer key: the arena and a map of small integers, so tens
 * of thousands of cached lines cost their bytes and a map entry each, no objects.
 */
export class LineArena {
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private readonly index = new Map<number, number>();

  constructor(
    /** At most this many bytes of lines are kept. */
    private readonly limit = 1 << 20,
  ) {}

  /** `offset * 256 + length` of the line stored for `key`, or undefined. */
  get(key: number): number | undefined {
    return this.index.get(key);
  }

  /** The arena the offsets point into (replaced when it grows). */
  bytes(): Uint8Array {
    return this.arena;
  }

  /** Keeps an ASCII line shorter than 256 bytes for `key`; returns its `offset * 256 + length`, or undefined. */
  put(key: number, line: string): number | undefined {
    const length = line.length;
    if (length > 255 || this.used + length > this.limit) return undefined;
    if (this.used + length > this.arena.length) {
      const grown = new Uint8Array(Math.min(this.limit, 2 * this.arena.length));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    const arena = this.arena;
    const at = this.used;
    for (let i = 0; i < length; i++) {
      const c = line.charCodeAt(i);
      if (c >= 0x80) return undefined;
      arena[at + i] = c;
    }
    this.used = at + length;
    const entry = at * 256 + length;
    this.index.set(key, entry);
    return entry;
  }
}
