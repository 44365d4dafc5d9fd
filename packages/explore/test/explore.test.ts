import { describe, expect, it } from 'vitest';
import {
  addTaskResult,
  type ExploreSpace,
  emptyResults,
  hotLoop,
  mergeResults,
  parseSeedRange,
  parseShard,
  renderReport,
  runTask,
  SCENARIOS,
  scenario,
  settle,
  tasks,
  withoutHostTime,
} from '../src/index.js';

const SPACE: ExploreSpace = {
  scenarios: ['arm-breakpoint', 'remove-breakpoint', 'jump-label', 'optprobe', 'thumb32-torn'],
  strategies: ['direct', 'stop-one', 'stop-all', 'auto', 'kernel'],
  cpus: [1, 4],
  seeds: { from: 10, to: 17 },
};

function runShard(space: ExploreSpace, index: number, count: number, reverse = false) {
  const results = emptyResults(space, { index, count });
  const list = tasks(space, { index, count });
  for (const t of reverse ? [...list].reverse() : list) addTaskResult(results, runTask(t));
  return settle(results);
}

describe('the space, shards and tasks', () => {
  it('shards partition the seeds of every combination: disjoint, complete, whatever the count', () => {
    for (const count of [1, 2, 3, 5, 11]) {
      const seen = new Map<string, number[]>();
      for (let index = 0; index < count; index++) {
        for (const t of tasks(SPACE, { index, count })) {
          const key = `${t.scenario}/${t.strategy}/${t.cpus}`;
          const seeds = seen.get(key) ?? [];
          for (let i = 0; i < t.count; i++) seeds.push(t.first + i * t.step);
          seen.set(key, seeds);
        }
      }
      expect(seen.size).toBe(5 * 5 * 2);
      for (const seeds of seen.values()) expect(seeds.sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    }
  });

  it('every built-in scenario runs: none is listed as unavailable', () => {
    expect(emptyResults(SPACE).unavailable).toEqual([]);
    expect(SCENARIOS.every((s) => s.unavailable === null)).toBe(true);
  });

  it('names what is wrong with a space, a seed range or a shard', () => {
    expect(() => parseSeedRange('5..2')).toThrow(/B must be ≥ A/);
    expect(() => parseSeedRange('1-5')).toThrow(/expected A..B/);
    expect(parseSeedRange('7')).toEqual({ from: 7, to: 7 });
    expect(() => parseShard('3/3')).toThrow(/0 ≤ I < N/);
    expect(() => parseShard('0/0')).toThrow(/0 ≤ I < N/);
    expect(() => emptyResults({ ...SPACE, cpus: [65] })).toThrow(/cpus must be 1–64/);
    expect(() => emptyResults({ ...SPACE, strategies: ['auto', 'auto'] })).toThrow(/given twice/);
    expect(() => emptyResults({ ...SPACE, scenarios: ['nope'] })).toThrow(/unknown scenario "nope"/);
    expect(() => emptyResults({ ...SPACE, scenarios: ['user'] })).toThrow(/needs a workload/);
  });
});

describe('results are independent of the split and the order', () => {
  const whole = runShard(SPACE, 0, 1);

  it('three shards run in reverse order and merged equal the whole run, host time aside', () => {
    expect(whole.complete).toBe(true);
    const parts = [runShard(SPACE, 2, 3, true), runShard(SPACE, 0, 3), runShard(SPACE, 1, 3, true)];
    for (const p of parts) expect(p.complete).toBe(true);
    expect(withoutHostTime(mergeResults(parts))).toEqual(withoutHostTime(whole));
  });

  it('an incomplete merge says which shards it has; overlapping shards are refused', () => {
    const a = runShard(SPACE, 0, 3);
    const partial = mergeResults([a]);
    expect(partial.shards).toEqual({ count: 3, indices: [0] });
    expect(() => mergeResults([a, a])).toThrow(/shard 0\/3 is given twice/);
    expect(() => mergeResults([a, runShard(SPACE, 1, 2)])).toThrow(/split in 2 shards/);
  });

  it('the direct strategy shows every hazard; stop-all, auto and kernel none; kernel takes more rendezvous', () => {
    for (const c of whole.combinations.filter((c) => c.cpus === 4)) {
      if (c.strategy === 'direct') {
        expect(c.seedsWithViolations, c.scenario).toBe(8);
        expect(c.firstViolationSeed).toBe(10);
      } else if (c.strategy !== 'stop-one') expect(c.violations, `${c.scenario} ${c.strategy}`).toBe(0);
    }
    const remove = whole.combinations.find(
      (c) => c.scenario === 'remove-breakpoint' && c.strategy === 'direct' && c.cpus === 4,
    )!;
    expect(remove.violationsByKind['trap-race']).toBe(8);
    for (const name of ['arm-breakpoint', 'remove-breakpoint', 'jump-label', 'optprobe']) {
      const of = (s: string) =>
        whole.combinations.find((c) => c.scenario === name && c.strategy === s && c.cpus === 4)!;
      expect(of('kernel').rendezvous, name).toBeGreaterThan(of('auto').rendezvous);
      expect(of('kernel').cycles, name).toBeGreaterThan(of('auto').cycles);
    }
    // One CPU: nobody else runs, nothing to violate.
    for (const c of whole.combinations.filter((c) => c.cpus === 1)) expect(c.violations).toBe(0);
  });

  it('the report embeds the figures and the chart library it is given', () => {
    const html = renderReport(whole, { chartLibrary: '/* chart library */' });
    expect(html).toContain('/* chart library */');
    expect(html).toContain('thumb32-torn');
    expect(html.match(/<tr><td>/g)).toHaveLength(whole.combinations.length);
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe('64 CPUs', () => {
  it('every one of 64 CPUs runs the hot loop, and a direct arm there is caught', () => {
    const loop = hotLoop({ seed: 3, cpus: 64 });
    loop.run(64 * 200);
    expect(loop.machine.cpus).toHaveLength(64);
    expect(loop.machine.statistics().perCpu.every((c) => c.instructions > 0)).toBe(true);
    const direct = scenario('arm-breakpoint')!.run({ seed: 3, strategy: 'direct', cpus: 64 });
    expect(direct.violationsByKind['cmodx-old-not-safe']).toBeGreaterThan(0);
    const kernel = scenario('arm-breakpoint')!.run({ seed: 3, strategy: 'kernel', cpus: 64 });
    expect(kernel.violationsByKind).toEqual({});
    expect(kernel.rendezvous).toBe(8);
  });

  it('every scenario is listed once, in report order', () => {
    expect(SCENARIOS.map((s) => s.name)).toEqual([
      'arm-breakpoint',
      'remove-breakpoint',
      'jump-label',
      'optprobe',
      'thumb32-torn',
      'user',
    ]);
  });
});
