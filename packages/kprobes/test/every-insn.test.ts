import { describe, expect, it } from 'vitest';
import { KprobeError, Kprobes } from '../src/index.js';
import { armInstructions, boot, executionProfile, program, programNames } from './helpers.js';

describe('probe every instruction, optimised into optprobes (one CPU)', () => {
  const names = programNames().filter((n) => n.endsWith('-O2'));

  for (const name of names) {
    it(`${name}: output unchanged, hits = unprobed executions, >= 95% optimised, text restored`, () => {
      const p = program(name);
      const profile = executionProfile(p);
      const { machine, out } = boot(p);
      const image = armInstructions(machine).map((a) => [a, machine.memory.peek32(a)] as const);
      // Registered before the machine starts: optimised at once, in the same plan.
      const kprobes = new Kprobes(machine, { optimize: true });
      kprobes.batch(() => {
        for (const [address] of image) {
          try {
            kprobes.register({ address });
          } catch (error) {
            expect(error).toBeInstanceOf(KprobeError);
          }
        }
      });
      const probes = kprobes.probes();
      const optimized = probes.filter((probe) => probe.optimized).length;
      expect(optimized).toBeGreaterThanOrEqual(Math.ceil(probes.length * 0.95));
      expect(kprobes.statistics().plans).toBe(1);
      const result = machine.run({ maxInstructions: 500_000_000 });
      expect(out()).toBe(p.stdout);
      expect(result.status).toBe(p.status);
      const wrong = probes
        .filter((probe) => probe.hits !== (profile.counts.get(probe.address) ?? 0))
        .map(
          (probe) =>
            `${probe.address.toString(16)}: ${probe.hits} hits, ${profile.counts.get(probe.address) ?? 0} runs`,
        );
      expect(wrong).toEqual([]);
      kprobes.batch(() => {
        for (const probe of probes) kprobes.unregister(probe);
      });
      expect(image.filter(([a, w]) => machine.memory.peek32(a) !== w)).toEqual([]);
    });
  }
});

describe('probe every instruction (one CPU)', () => {
  const names = programNames();

  it('has fixture programs', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of names) {
    it(`${name}: output unchanged, hits = unprobed executions, text restored`, () => {
      const p = program(name);
      const profile = executionProfile(p);
      expect(profile.stdout).toBe(p.stdout);
      expect(profile.status).toBe(p.status);

      const { machine, out } = boot(p);
      const image = armInstructions(machine).map((a) => [a, machine.memory.peek32(a)] as const);
      const kprobes = new Kprobes(machine);
      const rejected = new Map<string, number>();
      kprobes.batch(() => {
        for (const [address] of image) {
          try {
            kprobes.register({ address });
          } catch (error) {
            expect(error).toBeInstanceOf(KprobeError);
            const code = (error as KprobeError).code;
            expect(['rejected', 'exclusive-sequence']).toContain(code);
            rejected.set(code, (rejected.get(code) ?? 0) + 1);
          }
        }
      });
      const probes = kprobes.probes();
      expect(probes.length).toBeGreaterThan(image.length * 0.9);
      const result = machine.run({ maxInstructions: 100_000_000 });
      expect(out()).toBe(p.stdout);
      expect(result.status).toBe(p.status);
      const wrong = probes
        .filter((probe) => probe.hits !== (profile.counts.get(probe.address) ?? 0))
        .map(
          (probe) =>
            `${probe.address.toString(16)}: ${probe.hits} hits, ${profile.counts.get(probe.address) ?? 0} runs`,
        );
      expect(wrong).toEqual([]);
      expect(probes.every((probe) => probe.missed === 0)).toBe(true);

      kprobes.batch(() => {
        for (const probe of probes) kprobes.unregister(probe);
      });
      const changed = image.filter(([a, w]) => machine.memory.peek32(a) !== w);
      expect(changed).toEqual([]);
    });
  }
});
