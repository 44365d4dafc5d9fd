/**
 * Thumb kprobes on whole programs: every instruction of every -mthumb fixture program, and the Thumb code
 * (libgcc) of the -marm ones, probed together with their ARM instructions; output and exit status must be
 * unchanged, each probe's hits must equal the times its address executed with its condition passing (IT
 * blocks included) in an unprobed run, and the text must be byte-identical after unregistering.
 */
import { describe, expect, it } from 'vitest';
import { KprobeError, Kprobes } from '../../src/index.js';
import {
  armInstructions,
  boot,
  executionProfile,
  program,
  programNames,
  THUMB_FIXTURES,
  textAt,
  thumbInstructions,
} from '../helpers.js';

function probeEverything(dir: string, name: string): { armProbes: number; thumbProbes: number } {
  const p = program(name, dir);
  const profile = executionProfile(p);
  expect(profile.stdout).toBe(p.stdout);
  expect(profile.status).toBe(p.status);
  const { machine, out } = boot(p);
  const thumb = thumbInstructions(machine);
  const arm = armInstructions(machine);
  const image = [
    ...arm.map((a) => [a, false, textAt(machine, a, false)] as const),
    ...thumb.map((a) => [a, true, textAt(machine, a, true)] as const),
  ];
  const kprobes = new Kprobes(machine);
  const rejected = new Map<string, number>();
  kprobes.batch(() => {
    for (const [address, isThumb] of image) {
      try {
        kprobes.register({ address: isThumb ? address | 1 : address });
      } catch (error) {
        expect(error).toBeInstanceOf(KprobeError);
        const code = (error as KprobeError).code;
        expect(['rejected', 'exclusive-sequence']).toContain(code);
        rejected.set(code, (rejected.get(code) ?? 0) + 1);
      }
    }
  });
  const probes = kprobes.probes();
  const thumbProbes = probes.filter((probe) => probe.isa === 'thumb').length;
  const armProbes = probes.length - thumbProbes;
  expect(thumbProbes).toBeGreaterThan(thumb.length * 0.85);
  const result = machine.run({ maxInstructions: 100_000_000 });
  expect(out()).toBe(p.stdout);
  expect(result.status).toBe(p.status);
  const wrong = probes
    .filter((probe) => probe.hits !== (profile.counts.get(probe.address) ?? 0))
    .map(
      (probe) =>
        `${probe.isa} ${probe.address.toString(16)}: ${probe.hits} hits, ${profile.counts.get(probe.address) ?? 0} runs`,
    );
  expect(wrong.slice(0, 20)).toEqual([]);
  expect(probes.every((probe) => probe.missed === 0)).toBe(true);
  kprobes.batch(() => {
    for (const probe of probes) kprobes.unregister(probe);
  });
  const changed = image.filter(([a, isThumb, w]) => textAt(machine, a, isThumb) !== w);
  expect(changed).toEqual([]);
  return { armProbes, thumbProbes };
}

/** Which programs this file runs (the -O0 ones, the slowest, run in a file of their own). */
export function describeEveryThumbInstruction(select: (name: string) => boolean): void {
  describe('probe every Thumb instruction (one CPU)', () => {
    const names = programNames(THUMB_FIXTURES).filter(select);

    it('has the fixture programs', () => {
      expect(names.length).toBeGreaterThanOrEqual(10);
    });

    for (const name of names) {
      // The -libgcc programs are -marm code calling libgcc's Thumb routines: both states probed.
      const mixed = name.includes('-libgcc-');
      it(`${name} (${mixed ? '-marm, Thumb libgcc' : '-mthumb'}): output unchanged, hits = unprobed executions, text restored`, () => {
        const { armProbes, thumbProbes } = probeEverything(THUMB_FIXTURES, name);
        expect(thumbProbes).toBeGreaterThan(0);
        if (mixed) expect(armProbes).toBeGreaterThan(0);
      });
    }
  });
}
