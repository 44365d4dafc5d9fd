import { describe, expect, it } from 'vitest';
import { Kprobes } from '../src/index.js';
import { boot, program } from './helpers.js';

function setup(options: { optimizeDelay?: number } = {}) {
  const p = program('smp-mixed-O2');
  const { machine, out } = boot(p, { tickPeriod: 1_000 });
  const kprobes = new Kprobes(machine, { optimize: true, ...options });
  return { p, machine, out, kprobes };
}

describe('the optimizer', () => {
  it('optimises probes registered before the machine starts at once, in the registration plan', () => {
    const { kprobes } = setup();
    const probe = kprobes.register({ symbol: 'checksum' });
    expect(probe.optimized).toBe(true);
    expect(kprobes.statistics().plans).toBe(1);
  });

  it('waits optimizeDelay ticks after arming while the machine runs, then batches every due probe in one plan', () => {
    const { kprobes, machine, out, p } = setup({ optimizeDelay: 5 });
    machine.run({ maxInstructions: 2_000 });
    const plansBefore = kprobes.statistics().plans;
    const [a, b] = kprobes.batch(() => [
      kprobes.register({ symbol: 'checksum' }),
      kprobes.register({ symbol: 'mix32' }),
    ]);
    expect(a!.optimized).toBe(false);
    // One tick later: still a breakpoint.
    machine.run({ maxInstructions: 400 });
    expect(a!.optimized).toBe(false);
    machine.run({ maxInstructions: 20_000 });
    expect(a!.optimized && b!.optimized).toBe(true);
    // Arm (1 plan) + optimise both (1 plan).
    expect(kprobes.statistics().plans - plansBefore).toBe(2);
    machine.run({ maxInstructions: 100_000_000 });
    expect(out()).toBe(p.stdout);
  });

  it('unoptimises on disable, on a probe with a post handler joining the address, and on unregister', () => {
    const { kprobes, machine } = setup();
    const address = machine.program!.symbols.address('checksum')!;
    const original = machine.memory.peek32(address);
    const probe = kprobes.register({ symbol: 'checksum' });
    expect(probe.optimized).toBe(true);
    expect((machine.memory.peek32(address) & 0x0e000000) >>> 0).toBe(0x0a000000); // a B to the trampoline
    kprobes.disable(probe);
    expect(probe.optimized).toBe(false);
    expect(machine.memory.peek32(address)).toBe(original);
    kprobes.enable(probe);
    expect(probe.optimized).toBe(true);
    const withPost = kprobes.register({ symbol: 'checksum', post: () => {} });
    expect(probe.optimized).toBe(false);
    expect(machine.memory.peek32(address) & 0x0fffffff).toBe(0x07f001f8); // back to the breakpoint
    kprobes.unregister(withPost);
    kprobes.optimizeNow();
    expect(probe.optimized).toBe(true);
    kprobes.unregister(probe);
    expect(machine.memory.peek32(address)).toBe(original);
    expect(kprobes.statistics().unoptimizations).toBe(3);
  });

  it('leaves a probe a breakpoint, with the reason, when the trampoline area is out of branch range', () => {
    const p = program('smp-mixed-O2');
    const { machine } = boot(p);
    const kprobes = new Kprobes(machine, { optimize: true, areaBase: 0x40000000, areaSize: 0x100000 });
    const probe = kprobes.register({ symbol: 'checksum' });
    expect(probe.optimized).toBe(false);
    expect(probe.notOptimized).toMatch(/^out-of-range/);
  });
});
