/**
 * Thumb optprobes on a 4-CPU machine with the architectural fetch model: probes on every instruction of the
 * Thumb SMP programs attached while they run, optimized by the timer-driven optimizer (pairs written under
 * stop_machine while the other CPUs are parked wherever they are — between a pair's two instructions too,
 * which the B.W's `bkpt` second halfword sends to the trampoline), then removed while they run: output
 * unchanged, 0 CMODX violations, text restored.
 */
import { Machine } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import { Kprobes } from '../src/index.js';
import { armInstructions, program, THUMB_FIXTURES, textAt, thumbInstructions } from './helpers.js';

const SMP_PROGRAMS = ['smp-counter-thumb-O2', 'smp-ticket-thumb-O2', 'smp-flags-thumb-O2', 'smp-mixed-thumb-O2'];

describe('Thumb optprobes on 4 CPUs (architectural fetch), optimized and removed while running', () => {
  for (const name of SMP_PROGRAMS) {
    it(`${name}: output unchanged, 0 violations, Thumb probes optimized while running, text restored`, () => {
      const p = program(name, THUMB_FIXTURES);
      let out = '';
      const decoder = new TextDecoder();
      const machine = new Machine({
        cpus: 4,
        seed: 3,
        fetch: 'architectural',
        tickPeriod: 2_000,
        onStdout: (b) => {
          out += decoder.decode(b);
        },
      });
      machine.loadElf(p.elf);
      machine.startSmp({ entry: 'cpu_entry', cpus: 4 });
      expect(machine.run({ maxInstructions: 5_000 }).reason).toBe('limit');
      const kprobes = new Kprobes(machine, { optimize: true, optimizeDelay: 1 });
      const image = [
        ...thumbInstructions(machine).map((a) => [a, true, textAt(machine, a, true)] as const),
        ...armInstructions(machine).map((a) => [a, false, textAt(machine, a, false)] as const),
      ];
      kprobes.batch(() => {
        for (const [address, thumb] of image) {
          try {
            kprobes.register({ address: thumb ? address | 1 : address });
          } catch {
            // rejected instructions are covered by the single-CPU tests
          }
        }
      });
      const probes = kprobes.probes();
      machine.run({ maxInstructions: 60_000 });
      const thumbProbes = probes.filter((pr) => pr.isa === 'thumb');
      const optimized = thumbProbes.filter((pr) => pr.optimized).length;
      console.log(`${name}: ${optimized}/${thumbProbes.length} Thumb probes optimized while running`);
      expect(optimized / thumbProbes.length).toBeGreaterThanOrEqual(0.8);
      kprobes.batch(() => {
        for (const probe of probes) kprobes.unregister(probe);
      });
      const result = machine.run({ maxInstructions: 200_000_000 });
      expect(out).toBe(p.stdout);
      expect(result.status).toBe(p.status);
      expect(machine.violations()).toEqual([]);
      expect(kprobes.statistics().hits).toBeGreaterThan(0);
      expect(image.filter(([a, thumb, w]) => textAt(machine, a, thumb) !== w)).toEqual([]);
    });
  }
});
