import { describe, expect, it } from 'vitest';
import { Machine, MemoryFault, MemoryMapError, MODE_SVC, PhysicalMemory } from '../src/index.js';
import { encodeB } from './helpers.js';

const CODE = 0x10000;

/** Two CPUs in the architectural fetch model running `add r1, #1; add r5, #1; b`, and a host write over the add. */
function run(memory?: PhysicalMemory): Machine {
  const m = new Machine({
    cpus: 2,
    seed: 7,
    fetch: 'architectural',
    linuxUser: false,
    tickPeriod: 50,
    quantum: [1, 24],
    ...(memory ? { memory } : {}),
  });
  m.memory.map(CODE, 0x1000, 'rwx');
  m.memory.poke32(CODE, 0xe2811001); // add r1, r1, #1
  m.memory.poke32(CODE + 4, 0xe2855001); // add r5, r5, #1
  m.memory.poke32(CODE + 8, encodeB(CODE + 8, CODE));
  m.memory.map(0x20000, 0x2000, 'rw');
  for (let k = 0; k < 2; k++) m.startCpu(k, CODE, { mode: MODE_SVC, regs: { 13: 0x21000 + k * 0x1000 } });
  m.run({ maxInstructions: 500 });
  m.memory.poke32(CODE + 4, 0xe7f001f8); // a UDF over a running instruction: a CMODX violation
  m.run({ maxInstructions: 500 });
  return m;
}

function state(m: Machine): unknown {
  return {
    cpus: m.cpus.map((c) => ({ pc: c.pc >>> 0, regs: Array.from(c.regs) })),
    statistics: m.statistics(),
    violations: m.violations(),
  };
}

describe('PhysicalMemory.clear', () => {
  it('forgets pages, their contents, MMIO, listeners and the observer', () => {
    const mem = new PhysicalMemory();
    mem.map(0x1000, 0x2000, 'rwx');
    mem.poke32(0x1004, 0x12345678);
    mem.page(0x1000)!.containsCode = true;
    const writes: number[] = [];
    mem.addCodeWriteListener((a) => writes.push(a));
    mem.observer = { beforeWrite: () => writes.push(-1), afterWrite: () => writes.push(-2) };
    mem.writer = 3;
    mem.mapMmio(0x10000000, 0x1000, { read: () => 1, write: () => {} });
    mem.clear();
    expect(mem.isMapped(0x1000)).toBe(false);
    expect(mem.isMapped(0x2000)).toBe(false);
    expect(() => mem.peek32(0x1004)).toThrow(MemoryMapError);
    expect(() => mem.read32(0x10000000)).toThrow(MemoryFault);
    expect(mem.observer).toBeNull();
    expect(mem.writer).toBe(-1);
    mem.map(0x10000000, 0x1000, 'rw'); // RAM where the device was
    mem.map(0x1000, 0x1000, 'rwx');
    expect(mem.peek32(0x1004)).toBe(0);
    expect(mem.page(0x1000)!.containsCode).toBe(false);
    mem.page(0x1000)!.containsCode = true;
    mem.poke32(0x1004, 1);
    expect(writes).toEqual([]);
  });

  it('a machine built on a memory another machine used runs as one built on a new memory', () => {
    const fresh = state(run());
    const memory = new PhysicalMemory();
    run(memory);
    memory.clear();
    const reused = state(run(memory));
    expect(reused).toEqual(fresh);
    expect((fresh as { violations: unknown[] }).violations.length).toBeGreaterThan(0);
  });
});
