import { describe, expect, it } from 'vitest';
import { MemoryFault, MemoryMapError, PhysicalMemory } from '../src/index.js';

function fault(fn: () => unknown): MemoryFault {
  try {
    fn();
  } catch (error) {
    if (error instanceof MemoryFault) return error;
    throw error;
  }
  throw new Error('no fault');
}

describe('PhysicalMemory', () => {
  it('is little-endian with byte, halfword and word views', () => {
    const mem = new PhysicalMemory();
    mem.map(0x1000, 0x1000, 'rw');
    mem.write32(0x1000, 0x11223344);
    expect(mem.read8(0x1000)).toBe(0x44);
    expect(mem.read16(0x1002)).toBe(0x1122);
    expect(mem.read32(0x1000) >>> 0).toBe(0x11223344);
    mem.write16(0x1004, 0xbeef);
    mem.write8(0x1006, 0x7f);
    expect(mem.peek32(0x1004)).toBe(0x007fbeef);
  });

  it('handles unaligned and page-crossing accesses', () => {
    const mem = new PhysicalMemory();
    mem.map(0x1000, 0x2000, 'rw');
    mem.write32(0x1ffe, 0xaabbccdd);
    expect(mem.read32(0x1ffe) >>> 0).toBe(0xaabbccdd);
    expect(mem.read16(0x1fff)).toBe(0xbbcc);
    expect(mem.peek8(0x2001)).toBe(0xaa);
  });

  it('raises typed faults for unmapped, permission and execute accesses', () => {
    const mem = new PhysicalMemory();
    mem.map(0x1000, 0x1000, 'r');
    mem.map(0x2000, 0x1000, 'rw');
    expect(fault(() => mem.read32(0x5000))).toMatchObject({ address: 0x5000, access: 'read', reason: 'unmapped' });
    expect(fault(() => mem.write8(0x1003, 1))).toMatchObject({ access: 'write', reason: 'permission' });
    const f = fault(() => mem.fetch32(0x2000));
    expect(f).toMatchObject({ access: 'execute', reason: 'permission', abort: 'prefetch-abort' });
    expect(fault(() => mem.fetch32(0x9000)).reason).toBe('unmapped');
    expect(fault(() => mem.read32(0xfffffffe)).address).toBe(0xfffffffe);
    // A page-crossing store that faults on its second page changes nothing.
    mem.protect(0x2000, 0x1000, 'r');
    mem.protect(0x1000, 0x1000, 'rw');
    expect(fault(() => mem.write32(0x1ffe, -1)).reason).toBe('permission');
    expect(mem.peek8(0x1ffe)).toBe(0);
  });

  it('routes MMIO ranges to their handler', () => {
    const mem = new PhysicalMemory();
    const log: string[] = [];
    mem.mapMmio(0x10000000, 0x100, {
      read: (offset, size) => {
        log.push(`r${size}@${offset}`);
        return 0xabcd;
      },
      write: (offset, size, value) => {
        log.push(`w${size}@${offset}=${value.toString(16)}`);
      },
    });
    expect(mem.read32(0x10000010)).toBe(0xabcd);
    mem.write16(0x10000020, 0x1234);
    expect(log).toEqual(['r4@16', 'w2@32=1234']);
    expect(() => mem.map(0x10000000, 0x1000, 'rw')).toThrow(MemoryMapError);
    expect(fault(() => mem.read8(0x10000100)).reason).toBe('unmapped');
  });

  it('notifies code-write listeners only for pages holding decoded code', () => {
    const mem = new PhysicalMemory();
    mem.map(0x1000, 0x2000, 'rwx');
    const writes: [number, number][] = [];
    mem.addCodeWriteListener((a, s) => writes.push([a, s]));
    mem.write32(0x1000, 1);
    mem.page(0x1000)!.containsCode = true;
    mem.write32(0x1004, 2);
    mem.write8(0x1ffd, 3);
    mem.poke32(0x1008, 4);
    mem.write32(0x2000, 5);
    expect(writes).toEqual([
      [0x1004, 4],
      [0x1ffd, 1],
      [0x1008, 4],
    ]);
  });

  it('checkAccess covers every page of a range, including the top of the address space', () => {
    const mem = new PhysicalMemory();
    mem.map(0xbfffe000, 0x2000, 'rw');
    expect(() => mem.checkAccess(0xbfffeff0, 0x20, 'read')).not.toThrow();
    expect(fault(() => mem.checkAccess(0xbffffff0, 0x20, 'read')).address).toBe(0xc0000000);
    mem.map(0xfffff000, 0x1000, 'r');
    expect(() => mem.checkAccess(0xfffffff0, 0x10, 'read')).not.toThrow();
    expect(fault(() => mem.checkAccess(0xfffffff0, 0x10, 'write')).reason).toBe('permission');
  });
});
