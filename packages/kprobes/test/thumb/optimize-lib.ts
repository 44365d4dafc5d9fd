/**
 * Shared by thumb-optimize.test.ts (-O2, -Os) and thumb-optimize-o0.test.ts (-O0). Thumb optprobes on whole
 * programs: every instruction of every -mthumb fixture program (and the Thumb libgcc of the -marm ones, with their ARM instructions) probed with the optimizer on. Output and exit status must
 * be unchanged, each probe's hits must equal the times its address executed with its condition passing, at
 * least 90% of the accepted Thumb probes must be optprobes (over all programs, and in each -mthumb one; in the
 * -libgcc ones the rest are IT blocks), and the text must be byte-identical after unregistering (pairs
 * included: two halfwords back). The optimizer runs once more before the program starts (pairs wait for their
 * breakpoints to be in the text), so the counts are those of the whole run.
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

function probeEverythingOptimized(name: string) {
  const p = program(name, THUMB_FIXTURES);
  const profile = executionProfile(p);
  const { machine, out } = boot(p);
  const thumb = thumbInstructions(machine);
  const arm = armInstructions(machine);
  const image = [
    ...arm.map((a) => [a, false, textAt(machine, a, false)] as const),
    ...thumb.map((a) => [a, true, textAt(machine, a, true)] as const),
  ];
  const kprobes = new Kprobes(machine, { optimize: true });
  kprobes.batch(() => {
    for (const [address, isThumb] of image) {
      try {
        kprobes.register({ address: isThumb ? address | 1 : address });
      } catch (error) {
        expect(error).toBeInstanceOf(KprobeError);
      }
    }
  });
  // The pairs wait for their breakpoints to be in the text: one more optimizer step before running.
  kprobes.optimizeNow();
  const probes = kprobes.probes();
  const thumbProbes = probes.filter((probe) => probe.isa === 'thumb');
  const optimized = thumbProbes.filter((probe) => probe.optimized);
  const reasons = new Map<string, number>();
  for (const probe of thumbProbes) {
    if (probe.optimized) continue;
    const reason = (probe.notOptimized ?? 'none').split(':')[0]!;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const result = machine.run({ maxInstructions: 100_000_000 });
  expect(out()).toBe(p.stdout);
  expect(result.status).toBe(p.status);
  const wrong = probes
    .filter((probe) => probe.hits !== (profile.counts.get(probe.address) ?? 0))
    .map(
      (probe) =>
        `${probe.isa} ${probe.address.toString(16)} ${probe.optimized ? 'optimized' : 'breakpoint'}: ${probe.hits} hits, ${profile.counts.get(probe.address) ?? 0} runs`,
    );
  expect(wrong.slice(0, 20)).toEqual([]);
  kprobes.batch(() => {
    for (const probe of probes) kprobes.unregister(probe);
  });
  const changed = image.filter(([a, isThumb, w]) => textAt(machine, a, isThumb) !== w);
  expect(changed.map(([a]) => a.toString(16))).toEqual([]);
  return { thumbProbes: thumbProbes.length, optimized: optimized.length, reasons };
}

/** Every instruction of the selected Thumb fixture programs probed with optimize (the -O0 ones, the slowest, in a file of their own). */
export function describeThumbOptimized(select: (name: string) => boolean): void {
  describe('Thumb optprobes: every instruction of the Thumb fixture programs probed with optimize (one CPU)', () => {
    const names = programNames(THUMB_FIXTURES).filter(select);

    it('has the fixture programs', () => {
      expect(names.length).toBeGreaterThanOrEqual(10);
    });

    let total = 0;
    let optimizedTotal = 0;

    for (const name of names) {
      // The -libgcc programs are -marm code whose Thumb code is libgcc's division routines, dense with IT
      // blocks, which Thumb optprobes refuse (a B.W inside an IT block must be its last instruction).
      const libgcc = name.includes('-libgcc-');
      it(`${name}: output unchanged, hits = unprobed executions, ${libgcc ? 'the Thumb probes not optimized are IT blocks' : '≥ 90% of Thumb probes optimized'}, text restored`, () => {
        const { thumbProbes, optimized, reasons } = probeEverythingOptimized(name);
        total += thumbProbes;
        optimizedTotal += optimized;
        const share = thumbProbes === 0 ? 1 : optimized / thumbProbes;
        console.log(
          `${name}: ${optimized}/${thumbProbes} Thumb probes optimized (${(100 * share).toFixed(1)}%), breakpoints: ${JSON.stringify(Object.fromEntries(reasons))}`,
        );
        const it = (reasons.get('it-instruction') ?? 0) + (reasons.get('it-block') ?? 0);
        if (libgcc) expect((optimized + it) / thumbProbes).toBeGreaterThanOrEqual(0.9);
        else expect(share).toBeGreaterThanOrEqual(0.9);
      });
    }

    it('over all programs', () => {
      console.log(
        `all: ${optimizedTotal}/${total} Thumb probes optimized (${((100 * optimizedTotal) / Math.max(1, total)).toFixed(1)}%)`,
      );
      expect(optimizedTotal / Math.max(1, total)).toBeGreaterThanOrEqual(0.9);
    });
  });
}
