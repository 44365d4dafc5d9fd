/*
 * Listing output as bytes: lines are written into one reusable buffer and handed on in chunks, so a listing
 * of any size holds one chunk, and a line that was printed before costs a copy of its bytes, not new strings.
 */
import { byteString } from './listing-file.js';

const HEX_CODES = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** A byte's two hex digits as a little-endian 16-bit value (first digit in the low byte). */
const HEX_PAIRS = Uint16Array.from({ length: 256 }, (_, b) => HEX_CODES[b >>> 4]! | (HEX_CODES[b & 15]! << 8));
const SPACE = 0x20;
const ZERO = 0x30;
const encoder = new TextEncoder();

/**
 * A byte sink with a fixed buffer: `write` receives each full chunk as a view of that buffer, valid only
 * during the call (copy it to keep it).
 */
export class ListingOutput {
  readonly buffer: Uint8Array;
  /** The same bytes, for writing several at a time. */
  private readonly view: DataView;
  /** Bytes of `buffer` in use. */
  length = 0;

  constructor(
    private readonly write: (chunk: Uint8Array) => void,
    capacity = 1 << 16,
  ) {
    this.buffer = new Uint8Array(capacity);
    this.view = new DataView(this.buffer.buffer);
  }

  /** Makes room for `bytes` more bytes (at most the capacity) by handing on what is buffered. */
  reserve(bytes: number): void {
    if (this.length + bytes > this.buffer.length) this.flush();
  }

  /**
   * Text whose characters are bytes (code points below 256, one byte each): what the disassembler prints, and
   * names read from the file, which objdump prints as the bytes they are.
   */
  text(s: string): void {
    if (this.length + s.length > this.buffer.length) {
      this.flush();
      if (s.length > this.buffer.length) {
        this.write(Uint8Array.from(s, (c) => c.charCodeAt(0)));
        return;
      }
    }
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < s.length; i++) buffer[at++] = s.charCodeAt(i);
    this.length = at;
  }

  /** Any text, as UTF-8 (a file name from the command line). */
  utf8(s: string): void {
    this.flush();
    this.write(encoder.encode(s));
  }

  /** `bytes` from `source` at `from` (room must have been reserved). */
  copy(source: Uint8Array, from: number, bytes: number): void {
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < bytes; i++) buffer[at++] = source[from + i]!;
    this.length = at;
  }

  /** `bytes` from `source` (a view of `sourceBytes`) at `from`, four at a time (room must have been reserved). */
  copyFrom(source: DataView, sourceBytes: Uint8Array, from: number, bytes: number): void {
    const view = this.view;
    let at = this.length;
    let i = 0;
    for (; i + 4 <= bytes; i += 4, at += 4) view.setUint32(at, source.getUint32(from + i));
    const buffer = this.buffer;
    for (; i < bytes; i++) buffer[at++] = sourceBytes[from + i]!;
    this.length = at;
  }

  /** Bytes from `source`, through the buffer, however many there are. */
  bytes(source: Uint8Array, from: number, to: number): void {
    while (from < to) {
      if (this.length === this.buffer.length) this.flush();
      const n = Math.min(to - from, this.buffer.length - this.length);
      this.copy(source, from, n);
      from += n;
    }
  }

  /** A name's bytes as objdump prints names (see `sanitized`). */
  name(source: Uint8Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (isControl(source[i]!)) {
        this.text(sanitized(byteString(source, from, to)));
        return;
      }
    }
    this.bytes(source, from, to);
  }

  /** The 8 lowercase hex digits of a 32-bit value (objdump's `%08x`; room must have been reserved). */
  hex8(value: number): void {
    const view = this.view;
    const at = this.length;
    view.setUint16(at, HEX_PAIRS[(value >>> 24) & 0xff]!, true);
    view.setUint16(at + 2, HEX_PAIRS[(value >>> 16) & 0xff]!, true);
    view.setUint16(at + 4, HEX_PAIRS[(value >>> 8) & 0xff]!, true);
    view.setUint16(at + 6, HEX_PAIRS[value & 0xff]!, true);
    this.length = at + 8;
  }

  /** The 4 lowercase hex digits of a 16-bit value (`%04x`; room must have been reserved). */
  hex4(value: number): void {
    const buffer = this.buffer;
    const at = this.length;
    buffer[at] = HEX_CODES[(value >>> 12) & 15]!;
    buffer[at + 1] = HEX_CODES[(value >>> 8) & 15]!;
    buffer[at + 2] = HEX_CODES[(value >>> 4) & 15]!;
    buffer[at + 3] = HEX_CODES[value & 15]!;
    this.length = at + 4;
  }

  /** A 32-bit value in lowercase hex without leading zeros (`%x`; room for 8 digits must have been reserved). */
  hex(value: number): void {
    value >>>= 0;
    let digits = 1;
    while (digits < 8 && value >>> (4 * digits) !== 0) digits++;
    const buffer = this.buffer;
    const at = this.length;
    for (let k = digits - 1; k >= 0; k--) {
      buffer[at + k] = HEX_CODES[value & 15]!;
      value >>>= 4;
    }
    this.length = at + digits;
  }

  /** objdump's address column and the `:\t` after it, `%8x:\t` (room must have been reserved). */
  addressColumn(address: number): void {
    const buffer = this.buffer;
    const at = this.length;
    const skip = this.addressSkip;
    this.hex8(address);
    if (skip > 0) buffer.copyWithin(at, at + skip, at + 8);
    const digits = 8 - skip;
    for (let k = 0; k < digits - 1 && buffer[at + k] === ZERO; k++) buffer[at + k] = SPACE;
    buffer[at + digits] = 0x3a; // ':'
    buffer[at + digits + 1] = 0x09; // '\t'
    this.length = at + digits + 2;
  }

  /**
   * Leading hex digits the address column leaves out in the section being listed (0 or a multiple of 4), as
   * objdump does: of the section's end address written in 8 digits, its leading zeros but one, rounded down to a
   * multiple of 4 (`10000:` in a section ending at 0x1xxxx, ` 3ac:` in one ending at 0x3b8).
   */
  addressSkip = 0;

  /** Sets addressSkip for a section of `size` bytes at `address`. */
  columnFor(address: number, size: number): void {
    const end = (address + size) >>> 0;
    const zeros = end === 0 ? 0 : Math.clz32(end) >>> 2;
    this.addressSkip = zeros === 0 ? 0 : (zeros - 1) & ~3;
  }

  /** Hands on what is buffered. */
  flush(): void {
    if (this.length > 0) this.write(this.buffer.subarray(0, this.length));
    this.length = 0;
  }
}

/** Writes the spelling of an address objdump prints in a listing (`1002c <lit+0x4>`) into the output. */
export type AddressSpeller = (out: ListingOutput, address: number) => void;

/**
 * A line whose only dependence on where it is is one spelled address, `address + delta` (or, `aligned`,
 * `(address & ~3) + delta`: Thumb's PC-relative forms): the line is `prefix`, that address's spelling, the rest.
 */
export interface LineTemplate {
  readonly prefix: string;
  readonly rest: string;
  readonly delta: number;
  readonly aligned: boolean;
}

/** Slot flags (bits 16 and up of a slot's packed length word). */
const HAS_ADDRESS = 1 << 16;
const ALIGNED = 1 << 17;
/** A used key slot's tag always has this bit, so a zero tag marks an empty slot. */
const USED = 1 << 30;

/**
 * Lines by key, as bytes in one fixed arena, with an open-addressing table in typed arrays: no objects per
 * line, and memory fixed whatever the listing's size. A key is two integers (an instruction's word or
 * halfwords, and a tag: the state, the IT state). A line is either constant (its bytes) or a `LineTemplate`.
 * When the table is half full or the arena is full, everything is dropped and filling starts again: a listing
 * goes through a program in order, so what recurs next is mostly what was seen last.
 */
export class LineCache {
  private readonly keys: Int32Array;
  /** The keys asked for once, without a line (same layout as `keys`). */
  private readonly seen: Int32Array;
  private seenCount = 0;
  /** Per slot: the line's offset in the arena, its packed length word (length, prefix length, flags), delta. */
  private readonly info: Int32Array;
  private readonly arena: Uint8Array;
  private readonly arenaView: DataView;
  private readonly mask: number;
  private readonly shift: number;
  private readonly maxCount: number;
  private used = 0;
  private count = 0;

  constructor(slotsLog2 = 16, arenaBytes = 1 << 21) {
    if (slotsLog2 < 4 || slotsLog2 > 24) throw new RangeError(`LineCache: 2^${slotsLog2} slots`);
    const slots = 1 << slotsLog2;
    this.keys = new Int32Array(2 * slots);
    this.seen = new Int32Array(2 * slots);
    this.info = new Int32Array(3 * slots);
    this.arena = new Uint8Array(arenaBytes);
    this.arenaView = new DataView(this.arena.buffer);
    this.mask = slots - 1;
    this.shift = 32 - slotsLog2;
    this.maxCount = slots >>> 1;
  }

  private home(key: number, tag: number): number {
    return Math.imul(key ^ Math.imul(tag, 0x9e3779b1), 0x85ebca6b) >>> this.shift;
  }

  /**
   * The slot holding the line for (`key`, `tag`); or, for a unit without a line kept, -1 when it has been
   * asked for before (it recurs: worth keeping), -2 the first time (most units that do not recur at once never
   * do, so their line is printed and not kept).
   */
  find(key: number, tag: number): number {
    const keys = this.keys;
    const t = tag | USED;
    const home = this.home(key, tag);
    for (let slot = home; ; slot = (slot + 1) & this.mask) {
      const k = keys[2 * slot + 1]!;
      if (k === 0) break;
      if (k === t && keys[2 * slot] === key) return slot;
    }
    const seen = this.seen;
    let slot = home;
    for (; ; slot = (slot + 1) & this.mask) {
      const k = seen[2 * slot + 1]!;
      if (k === 0) break;
      if (k === t && seen[2 * slot] === key) return -1;
    }
    if (this.seenCount >= this.maxCount) {
      seen.fill(0);
      this.seenCount = 0;
      slot = home;
    }
    seen[2 * slot] = key;
    seen[2 * slot + 1] = t;
    this.seenCount++;
    return -2;
  }

  /**
   * Keeps a line (its characters are bytes, at most 255 of them) or a template; returns its slot, or -1 when
   * it is too long to keep.
   */
  put(key: number, tag: number, line: string | LineTemplate): number {
    const constant = typeof line === 'string';
    const prefix = constant ? line : line.prefix;
    const rest = constant ? '' : line.rest;
    const length = prefix.length + rest.length;
    if (length > 255) return -1;
    if (this.used + length > this.arena.length || this.count >= this.maxCount) this.clear();
    const arena = this.arena;
    const at = this.used;
    for (let i = 0; i < prefix.length; i++) arena[at + i] = prefix.charCodeAt(i);
    for (let i = 0; i < rest.length; i++) arena[at + prefix.length + i] = rest.charCodeAt(i);
    this.used = at + length;
    this.count++;
    let slot = this.home(key, tag);
    while (this.keys[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
    this.keys[2 * slot] = key;
    this.keys[2 * slot + 1] = tag | USED;
    this.info[3 * slot] = at;
    this.info[3 * slot + 1] =
      length | (prefix.length << 8) | (constant ? 0 : HAS_ADDRESS | (line.aligned ? ALIGNED : 0));
    this.info[3 * slot + 2] = constant ? 0 : line.delta;
    return slot;
  }

  /** Writes the line in `slot` for the unit at `address`, spelling its address with `spell`. */
  write(slot: number, out: ListingOutput, address: number, spell: AddressSpeller): void {
    const info = this.info;
    const at = info[3 * slot]!;
    const packed = info[3 * slot + 1]!;
    const length = packed & 0xff;
    if ((packed & HAS_ADDRESS) === 0) {
      out.reserve(length);
      out.copyFrom(this.arenaView, this.arena, at, length);
      return;
    }
    const prefix = (packed >>> 8) & 0xff;
    out.reserve(prefix);
    out.copyFrom(this.arenaView, this.arena, at, prefix);
    const base = (packed & ALIGNED) === 0 ? address : address & ~3;
    spell(out, (base + info[3 * slot + 2]!) >>> 0);
    out.reserve(length - prefix);
    out.copyFrom(this.arenaView, this.arena, at + prefix, length - prefix);
  }

  private clear(): void {
    this.keys.fill(0);
    this.used = 0;
    this.count = 0;
  }
}

/**
 * An address unlike any unit's own in every bit from 1 up (XORed with it): printing a unit there too shows
 * whether and how its line depends on where it is.
 */
export const OTHER_ADDRESS = 0x5a5a5a5e;

/** What a spelled address becomes in a line printed to find out whether the line can be kept as a template. */
const SENTINEL = '\u0001';

/**
 * The printer's `formatAddress`, watched: it counts the addresses a line spells and keeps the last one, and
 * returns their spelling (`probe` false) or a marker that shows where the spelling goes in the line (`probe`).
 */
export class AddressSpy {
  count = 0;
  target = 0;
  spelled = '';
  probe = false;
  readonly format: { readonly formatAddress: (address: number) => string };

  constructor(spell: (address: number) => string) {
    this.format = {
      formatAddress: (address: number) => {
        this.count++;
        this.target = address >>> 0;
        if (this.probe) return SENTINEL;
        this.spelled = spell(address);
        return this.spelled;
      },
    };
  }

  /** Before printing a line: count from zero; `probe` marks where addresses go instead of spelling them. */
  reset(probe: boolean): void {
    this.count = 0;
    this.probe = probe;
  }
}

/**
 * How a unit's line can be kept for the other places the unit occurs, from its line at its own `address`
 * (`line`, which spelled `count` addresses, the last `target` as `spelled`) and its line printed at `other`, an
 * address unlike it in every bit from 1 up, with addresses marked (`otherLine`, `otherCount`, `otherTarget`):
 * the line itself when neither spells an address and both are the same; a template when each spells one
 * address, at the same distance from the unit's address (or from that address rounded down to a word, as
 * Thumb's PC-relative forms read it) and the lines are the same around it; otherwise null (print it each time).
 */
export function keptLine(
  line: string,
  address: number,
  count: number,
  target: number,
  spelled: string,
  otherLine: string,
  other: number,
  otherCount: number,
  otherTarget: number,
): string | LineTemplate | null {
  if (count !== otherCount) return null;
  if (count === 0) return line === otherLine ? line : null;
  if (count !== 1) return null;
  const at = otherLine.indexOf(SENTINEL);
  if (at < 0 || otherLine.indexOf(SENTINEL, at + 1) >= 0) return null;
  const prefix = otherLine.slice(0, at);
  const rest = otherLine.slice(at + 1);
  if (prefix + spelled + rest !== line) return null;
  const delta = (target - address) | 0;
  if (delta === ((otherTarget - other) | 0)) return { prefix, rest, delta, aligned: false };
  const fromWord = (target - (address & ~3)) | 0;
  if (fromWord === ((otherTarget - (other & ~3)) | 0)) return { prefix, rest, delta: fromWord, aligned: true };
  return null;
}

/** A control character (libiberty's ISCNTRL: below 0x20, and 0x7f). */
export function isControl(c: number): boolean {
  return c < 0x20 || c === 0x7f;
}

/** A name as objdump prints symbol and section names: each control character as `^` and the character 0x40 above it. */
export function sanitized(name: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!isControl(c)) continue;
    out += `${name.slice(from, i)}^${String.fromCharCode(c + 0x40)}`;
    from = i + 1;
  }
  return from === 0 ? name : out + name.slice(from);
}
