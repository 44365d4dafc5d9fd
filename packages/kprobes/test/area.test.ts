import { Machine } from '@armprobe/emulator';
import { a32BranchRange } from '@armprobe/optprobe';
import { describe, expect, it } from 'vitest';
import { KprobeError, Kprobes } from '../src/index.js';
import { armInstructions, boot, program } from './helpers.js';

/** Pages of [base, base + size) that are mapped. */
function mappedPages(machine: Machine, base: number, size: number): number {
  let n = 0;
  for (let a = base; a < base + size; a += 0x1000) if (machine.memory.isMapped(a)) n++;
  return n;
}

/** Registers every instruction of the loaded program in one batch; returns the registration errors by code. */
function probeEverything(kprobes: Kprobes, addresses: readonly number[]): Map<string, number> {
  const errors = new Map<string, number>();
  kprobes.batch(() => {
    for (const address of addresses) {
      try {
        kprobes.register({ address });
      } catch (error) {
        expect(error).toBeInstanceOf(KprobeError);
        const code = (error as KprobeError).code;
        errors.set(code, (errors.get(code) ?? 0) + 1);
      }
    }
  });
  return errors;
}

describe('the kprobes area', () => {
  it('maps its pages on demand, one at a time, as slots and trampolines need them', () => {
    const { machine } = boot(program('smp-mixed-O2'));
    const kprobes = new Kprobes(machine, { optimize: true });
    const { base, size } = kprobes.area;
    // The gate and the kretprobe trampoline: one page.
    expect(mappedPages(machine, base, size)).toBe(1);
    const probe = kprobes.register({ symbol: 'checksum' });
    expect(probe.optimized).toBe(true);
    expect(mappedPages(machine, base, size)).toBe(2);
    const addresses = armInstructions(machine);
    probeEverything(kprobes, addresses);
    const probes = kprobes.probes();
    const optimized = probes.filter((p) => p.optimized);
    expect(optimized.length).toBeGreaterThan(probes.length * 0.95);
    for (const p of probes) {
      if (!p.optimized) expect(p.notOptimized).not.toMatch(/^(no-trampoline-space|out-of-range)/);
    }
    // Every trampoline in a mapped page of the area, within branch range of its probe, none overlapping.
    // One trampoline per site (the second probe on `checksum` shares the first one's).
    const trampolines = [...new Map(optimized.map((p) => [p.address, p])).values()]
      .map((p) => ({ probe: p.address, at: p.site.optimized!.trampoline, words: p.site.optimized!.words }))
      .sort((a, b) => a.at - b.at);
    let bytes = 0;
    trampolines.forEach((t, i) => {
      expect(kprobes.area.contains(t.at)).toBe(true);
      expect(machine.memory.isMapped(t.at) && machine.memory.isMapped(t.at + 4 * t.words - 4)).toBe(true);
      expect(a32BranchRange(t.probe, t.at).ok).toBe(true);
      if (i > 0) expect(t.at).toBeGreaterThanOrEqual(trampolines[i - 1]!.at + 4 * trampolines[i - 1]!.words);
      bytes += 4 * t.words;
    });
    // Grown to what they need: slot pages (8 bytes a slot, plus the gate and the kretprobe trampoline) and
    // trampoline pages (a trampoline never straddles pages, so a page closes with less than 48 words free).
    const slots = new Set(probes.filter((p) => p.site.slot !== null).map((p) => p.address)).size;
    const slotPages = Math.ceil((8 * slots + 16) / 0x1000);
    expect(mappedPages(machine, base, size)).toBeGreaterThanOrEqual(slotPages + Math.ceil(bytes / 0x1000));
    expect(mappedPages(machine, base, size)).toBeLessThanOrEqual(slotPages + Math.ceil(bytes / (0x1000 - 4 * 48)));
  });

  it('leaves probes breakpoints, with the reason, when no trampoline room is left, and registration goes on', () => {
    const p = program('smp-mixed-O2');
    const { machine, out } = boot(p);
    const image = armInstructions(machine).map((a) => [a, machine.memory.peek32(a)] as const);
    // Eight pages: the slots of the emulated probes take about three, trampolines get the rest.
    const kprobes = new Kprobes(machine, { optimize: true, areaSize: 0x8000 });
    const errors = probeEverything(
      kprobes,
      image.map(([a]) => a),
    );
    expect([...errors.keys()].filter((code) => code !== 'rejected' && code !== 'exclusive-sequence')).toEqual([]);
    const probes = kprobes.probes();
    expect(probes.length).toBeGreaterThan(image.length * 0.9);
    const optimized = probes.filter((probe) => probe.optimized);
    const full = probes.filter((probe) => !probe.optimized);
    expect(optimized.length).toBeGreaterThan(50);
    expect(full.length).toBeGreaterThan(50);
    for (const probe of full) expect(probe.notOptimized).toMatch(/^no-trampoline-space: the kprobes area/);
    expect(mappedPages(machine, kprobes.area.base, kprobes.area.size)).toBe(8);
    const result = machine.run({ maxInstructions: 100_000_000 });
    expect(out()).toBe(p.stdout);
    expect(result.status).toBe(p.status);
    kprobes.batch(() => {
      for (const probe of probes) kprobes.unregister(probe);
    });
    expect(image.filter(([a, w]) => machine.memory.peek32(a) !== w)).toEqual([]);
  });

  it('reuses a retired trampoline of the same length once no CPU can be in it', () => {
    const { machine } = boot(program('smp-mixed-O2'));
    const kprobes = new Kprobes(machine, { optimize: true });
    const probe = kprobes.register({ symbol: 'checksum' });
    const first = probe.site.optimized!;
    kprobes.disable(probe);
    expect(probe.optimized).toBe(false);
    kprobes.enable(probe);
    expect(probe.optimized).toBe(true);
    expect(probe.site.optimized!.trampoline).toBe(first.trampoline);
    expect(probe.site.optimized!.words).toBe(first.words);
    // A second probe goes after it, not over it.
    const other = kprobes.register({ symbol: 'mix32' });
    expect(other.site.optimized!.trampoline).toBe(first.trampoline + ((4 * first.words + 7) & ~7));
  });

  it('measures branch range exactly from the probed address + 8', () => {
    const machine = new Machine({ linuxUser: false });
    // Two instructions at 0xfff8 and 0xfffc; the area starts at 0x02010000 = 0xfffc + 8 + 0x1fffffc.
    machine.memory.map(0xf000, 0x1000, 'rx');
    machine.memory.poke32(0xfff8, 0xe2800001); // add r0, r0, #1
    machine.memory.poke32(0xfffc, 0xe2811001); // add r1, r1, #1
    const kprobes = new Kprobes(machine, { optimize: true, areaBase: 0x02010000, areaSize: 0x100000 });
    // The area's first free address is 0x02000000 bytes past 0xfff8 + 8: one word too far.
    const far = kprobes.register({ address: 0xfff8 });
    expect(far.optimized).toBe(false);
    expect(far.notOptimized).toMatch(/^out-of-range: .*0x02010000 is beyond branch range of 0x0000fff8/);
    // 0xfffc + 8 + 33554428 = 0x02010000: the farthest a B reaches.
    const near = kprobes.register({ address: 0xfffc });
    expect(near.optimized).toBe(true);
    expect(near.site.optimized!.trampoline).toBe(0x02010000);
    expect(machine.memory.peek32(0xfffc)).toBe(0xea7fffff);
  });

  it('refuses an emulated probe with no-slot-space only when the whole window is taken', () => {
    const { machine } = boot(program('smp-mixed-O2'));
    const kprobes = new Kprobes(machine, { areaSize: 0x1000 });
    const errors = probeEverything(kprobes, armInstructions(machine));
    // One page: 512 slots less the gate and the kretprobe trampoline.
    expect(
      new Set(
        kprobes
          .probes()
          .filter((p) => p.site.slot !== null)
          .map((p) => p.address),
      ).size,
    ).toBe(510);
    expect(errors.get('no-slot-space')).toBeGreaterThan(0);
  });
});
