import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../src/index.js';

/** Pages [0x10000, 0x10000 + 16 pages) mapped rw; every one reads zero until written. */
function fresh(): PhysicalMemory {
  const mem = new PhysicalMemory();
  mem.map(0x10000, 16 * 0x1000, 'rw');
  return mem;
}

/** Every byte of every mapped page except those listed reads zero (guest and host reads). */
function expectZeroExcept(mem: PhysicalMemory, written: ReadonlyMap<number, number>): void {
  const wrong: string[] = [];
  for (let a = 0x10000; a < 0x20000; a++) {
    const want = written.get(a) ?? 0;
    if (mem.peek8(a) !== want || mem.read8(a) !== want) wrong.push(`0x${a.toString(16)}`);
  }
  expect(wrong).toEqual([]);
}

/** The bytes a little-endian store of `size` bytes of `value` at `address` leaves. */
function bytesOf(address: number, value: number, size: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < size; i++) m.set(address + i, (value >>> (8 * i)) & 0xff);
  return m;
}

/** A store of `size` bytes of `value` at `address` made by `write`, and the bytes it leaves. */
function store(
  name: string,
  address: number,
  value: number,
  size: number,
  write: (mem: PhysicalMemory) => void,
): [string, (mem: PhysicalMemory) => Map<number, number>] {
  return [
    name,
    (mem) => {
      write(mem);
      return bytesOf(address, value, size);
    },
  ];
}

describe('mapped pages share one zero buffer until their first write', () => {
  it('a mapped page reads zero and has no buffer of its own; a read keeps it that way', () => {
    const mem = fresh();
    expect(mem.read32(0x10000)).toBe(0);
    expect(mem.peek32(0x1fffc)).toBe(0);
    expect(mem.page(0x10000)!.zero).toBe(true);
    expect(mem.page(0x1f000)!.zero).toBe(true);
  });

  const writes: [string, (mem: PhysicalMemory) => Map<number, number>][] = [
    store('guest write32', 0x13004, 0x11223344, 4, (mem) => mem.write32(0x13004, 0x11223344)),
    store('guest write16', 0x13006, 0xbeef, 2, (mem) => mem.write16(0x13006, 0xbeef)),
    store('guest write8', 0x13007, 0x7f, 1, (mem) => mem.write8(0x13007, 0x7f)),
    store('guest unaligned write32', 0x13001, 0xa1b2c3d4, 4, (mem) => mem.write32(0x13001, 0xa1b2c3d4)),
    store('guest page-crossing write32', 0x13ffe, 0xcafef00d, 4, (mem) => mem.write32(0x13ffe, 0xcafef00d)),
    store('host poke32', 0x13008, 0x55667788, 4, (mem) => mem.poke32(0x13008, 0x55667788)),
    store('host unaligned poke32', 0x13fff, 0x01020304, 4, (mem) => mem.poke32(0x13fff, 0x01020304)),
    store('host poke16', 0x1300a, 0x9abc, 2, (mem) => mem.poke16(0x1300a, 0x9abc)),
    store('host poke8', 0x1300b, 0xde, 1, (mem) => mem.poke8(0x1300b, 0xde)),
    [
      'host writeBytes across pages',
      (m) => {
        const bytes = Uint8Array.from({ length: 0x1800 }, (_, i) => (i * 7 + 1) & 0xff || 1);
        m.writeBytes(0x13c00, bytes);
        return new Map([...bytes].map((b, i) => [0x13c00 + i, b] as [number, number]));
      },
    ],
  ];
  for (const [name, write] of writes) {
    it(`${name}: the written bytes land on the page, every other page and byte still reads zero`, () => {
      const mem = fresh();
      const written = write(mem);
      expectZeroExcept(mem, written);
      // A second machine's memory is not affected either (the zero buffer is shared by all of them).
      expectZeroExcept(fresh(), new Map());
      expect(mem.page(0x13000)!.zero).toBe(false);
      expect(mem.page(0x18000)!.zero).toBe(true);
    });
  }

  it('a page holding code or a reservation keeps its slow write path after its first write', () => {
    const mem = fresh();
    const page = mem.page(0x14000)!;
    page.containsCode = true;
    const seen: number[] = [];
    mem.addCodeWriteListener((address) => seen.push(address));
    mem.write32(0x14010, 1);
    expect(page.zero).toBe(false);
    expect(page.slowWrites).toBe(true);
    mem.write32(0x14014, 2);
    expect(seen).toEqual([0x14010, 0x14014]);
    page.containsCode = false;
    expect(page.slowWrites).toBe(false);
    const other = mem.page(0x15000)!;
    other.reserved = true;
    other.reserved = false;
    // Not written yet: still on the slow path, which gives it its buffer.
    expect(other.slowWrites).toBe(true);
    mem.write8(0x15000, 9);
    expect(other.slowWrites).toBe(false);
    expect(mem.read8(0x15000)).toBe(9);
  });
});
