import { describe, expect, it } from 'vitest';
import { kprobeArmBreakpoint, type PatchRequest, plan } from '../src/index.js';

const PUSH = 0xe92d4010;
const BP = kprobeArmBreakpoint(PUSH);
const text = (i: number): number => 0x10000 + i * 4;

const attach = (n: number): PatchRequest[] =>
  Array.from({ length: n }, (_, i) => ({ address: text(i), isa: 'arm', width: 4, old: PUSH, new: BP, purpose: 'arm' }));
const detach = (n: number): PatchRequest[] =>
  Array.from({ length: n }, (_, i) => ({
    address: text(i),
    isa: 'arm',
    width: 4,
    old: BP,
    new: PUSH,
    purpose: 'disarm',
  }));

describe('batching', () => {
  it('1000 breakpoints attached and detached: auto ≤ 2 rendezvous, kernel 2000', () => {
    const autoAttach = plan(attach(1000), { cpus: 4 });
    const autoDetach = plan(detach(1000), { cpus: 4 });
    expect(autoAttach.rendezvousCount + autoDetach.rendezvousCount).toBe(2);
    expect(autoAttach.steps.map((s) => s.kind)).toEqual(['stop-one']);
    expect(autoDetach.steps.map((s) => s.kind)).toEqual(['stop-all']);

    const kernelAttach = plan(attach(1000), { cpus: 4, strategy: 'kernel' });
    const kernelDetach = plan(detach(1000), { cpus: 4, strategy: 'kernel' });
    expect(kernelAttach.rendezvousCount + kernelDetach.rendezvousCount).toBe(2000);
    expect(new Set(kernelAttach.steps.map((s) => s.kind))).toEqual(new Set(['stop-one']));
    expect(new Set(kernelDetach.steps.map((s) => s.kind))).toEqual(new Set(['stop-all']));
    expect(kernelAttach.estimatedCycles).toBeGreaterThan(100 * autoAttach.estimatedCycles);
  });

  it('directs share one syncCores; everything else shares one rendezvous, every CPU writing if any needs it', () => {
    const p = plan(
      [
        { address: 0x1000, isa: 'arm', width: 4, old: 0xe320f000, new: 0xea000010, purpose: 'jump-label' },
        { address: 0x1004, isa: 'arm', width: 4, old: 0xea000010, new: 0xe320f000, purpose: 'jump-label' },
        { address: 0x1008, isa: 'arm', width: 4, old: PUSH, new: BP, purpose: 'arm' },
        { address: 0x100c, isa: 'arm', width: 4, old: BP, new: PUSH, purpose: 'disarm' },
        { address: 0x2000, isa: 'thumb', width: 2, old: 0xbf00, new: 0xe7fe },
        { address: 0x2002, isa: 'thumb', width: 4, old: 0xe92d4010, new: 0xf7f0a018, purpose: 'arm' },
      ],
      { cpus: 4 },
    );
    expect(p.steps.map((s) => [s.kind, s.writes.map((w) => w.index), s.sync])).toEqual([
      ['direct', [0, 1, 4], true],
      ['stop-all', [3, 2, 5], false],
    ]);
    expect(p).toMatchObject({ rendezvousCount: 1, directCount: 3, syncCount: 1, writeCount: 6 });
    expect(p.decisions.map((d) => d.step)).toEqual([0, 0, 1, 1, 0, 1]);
    expect(p.decisions[2]!.reason).toMatch(/shares an every-CPU rendezvous/);
  });

  it('maxPerRendezvous caps a rendezvous; every-CPU writes go first so the tail can be stop-one', () => {
    const requests = [...attach(5), ...detach(12).slice(5, 7)];
    const p = plan(requests, { cpus: 2, maxPerRendezvous: 3 });
    expect(p.steps.map((s) => [s.kind, s.writes.length])).toEqual([
      ['stop-all', 3],
      ['stop-one', 3],
      ['stop-one', 1],
    ]);
    expect(p.rendezvousCount).toBe(3);
  });

  it('one CPU online: everything direct under one sync; kernel still stops the machine per word', () => {
    expect(plan(attach(10), { cpus: 1 })).toMatchObject({ rendezvousCount: 0, directCount: 10, syncCount: 1 });
    expect(plan(attach(10), { cpus: 1, strategy: 'kernel' }).rendezvousCount).toBe(10);
  });

  it('unknown CPU count is treated as SMP', () => {
    expect(plan(attach(3)).rendezvousCount).toBe(1);
    expect(plan(attach(3)).cpus).toBeNull();
  });

  it('kernel policy: stop-all for disarm and breakpoint → branch, stop-one for arm, unoptimize, jump labels, text', () => {
    const p = plan(
      [
        { address: 0x1000, isa: 'arm', width: 4, old: PUSH, new: BP, purpose: 'arm' },
        { address: 0x1004, isa: 'arm', width: 4, old: BP, new: 0xea000100, purpose: 'optimize' },
        { address: 0x1008, isa: 'arm', width: 4, old: 0xea000100, new: BP, purpose: 'unoptimize' },
        { address: 0x100c, isa: 'arm', width: 4, old: BP, new: PUSH, purpose: 'disarm' },
        { address: 0x1010, isa: 'arm', width: 4, old: 0xe1a00000, new: 0xea000000, purpose: 'jump-label' },
        { address: 0x1014, isa: 'arm', width: 4, old: 0xe320f000, new: 0xea000000, purpose: 'jump-label' },
        { address: 0x1018, isa: 'arm', width: 4, old: PUSH, new: 0xe2800001, purpose: 'text' },
        { address: 0x101c, isa: 'arm', width: 4, old: BP, new: PUSH },
      ],
      { cpus: 4, strategy: 'kernel' },
    );
    expect(p.steps.map((s) => s.kind)).toEqual([
      'stop-one',
      'stop-all',
      'stop-one',
      'stop-all',
      'stop-one',
      'stop-one',
      'stop-one',
      'stop-all',
    ]);
    expect(p.steps.every((s) => s.writes.length === 1 && !s.sync)).toBe(true);
    expect(p.decisions[5]!.directAllowed).toBe(true);
    expect(p.decisions[5]!.reason).toMatch(/^kernel policy: stop_machine, one CPU writing; rules say direct/);
  });

  it('forced strategies batch everything their way and say so', () => {
    const requests = [
      ...attach(2),
      { address: 0x1000, isa: 'arm', width: 4, old: 0xe320f000, new: 0xea000000 } as const,
    ];
    const direct = plan(requests, { cpus: 4, strategy: 'direct' });
    expect(direct.steps.map((s) => s.kind)).toEqual(['direct']);
    expect(direct.decisions.map((d) => d.directAllowed)).toEqual([false, false, true]);
    expect(direct.decisions[0]!.reason).toMatch(/^forced direct; rules say rendezvous/);
    expect(plan(requests, { cpus: 4, strategy: 'stop-one' }).steps.map((s) => s.kind)).toEqual(['stop-one']);
    expect(plan(requests, { cpus: 4, strategy: 'stop-all', maxPerRendezvous: 2 }).steps.map((s) => s.kind)).toEqual([
      'stop-all',
      'stop-all',
    ]);
  });
});

describe('optprobe lifecycle in planner terms', () => {
  it('1000 probes armed, optimised (trampolines + branches) and removed: 3 rendezvous with auto, ~4000 with kernel', () => {
    const n = 1000;
    const slot = (i: number): number => 0x100000 + 96 * i;
    const branch = (i: number): number => (0xea000000 | (((slot(i) - (text(i) + 8)) >> 2) & 0xffffff)) >>> 0;
    const optimize: PatchRequest[] = [];
    const unoptimize: PatchRequest[] = [];
    for (let i = 0; i < n; i++) {
      for (let w = 0; w < 24; w++) {
        optimize.push({ address: slot(i) + 4 * w, isa: 'arm', width: 4, old: 0, new: 0xe1a00000, unreachable: true });
      }
      optimize.push({ address: text(i), isa: 'arm', width: 4, old: BP, new: branch(i), purpose: 'optimize' });
      unoptimize.push({ address: text(i), isa: 'arm', width: 4, old: branch(i), new: BP, purpose: 'unoptimize' });
    }
    const lifecycle = [attach(n), optimize, unoptimize, detach(n)];
    // auto: unoptimise and disarm can be one plan (branch → original), as kprobes would batch it
    const remove = detach(n).map((r, i) => ({ ...r, old: branch(i) }));
    const auto = [attach(n), optimize, remove].map((reqs) => plan(reqs, { cpus: 4 }).rendezvousCount);
    expect(auto).toEqual([1, 1, 1]);
    const kernel = lifecycle.map((reqs) => plan(reqs, { cpus: 4, strategy: 'kernel' }).rendezvousCount);
    expect(kernel).toEqual([n, n, n, n]);
  });
});

describe('ordering', () => {
  const trampoline: PatchRequest[] = Array.from({ length: 4 }, (_, i) => ({
    address: 0x40000 + i * 4,
    isa: 'arm',
    width: 4,
    old: 0,
    new: 0xe1a00000 + i,
    unreachable: true,
  }));

  it('unreachable writes come first, without a rendezvous, under every strategy', () => {
    const branch: PatchRequest = {
      address: 0x1000,
      isa: 'arm',
      width: 4,
      old: BP,
      new: 0xea00fffe,
      purpose: 'optimize',
    };
    for (const strategy of ['auto', 'kernel', 'stop-one', 'stop-all', 'direct'] as const) {
      const p = plan([branch, ...trampoline], { cpus: 4, strategy });
      expect(p.steps[0]!.kind).toBe('unreachable');
      expect(p.steps[0]!.writes.map((w) => w.index)).toEqual([1, 2, 3, 4]);
      expect(p.steps[1]!.writes.map((w) => w.index)).toEqual([0]);
      expect(p.unreachableCount).toBe(4);
      expect(p.decisions[1]!.reason).toMatch(/^unreachable/);
    }
  });

  it('unreachable writes are followed by syncCores only when a direct write may make them reachable', () => {
    const viaRendezvous = plan([...trampoline, ...attach(1)], { cpus: 4 });
    expect(viaRendezvous.steps.map((s) => [s.kind, s.sync])).toEqual([
      ['unreachable', false],
      ['stop-one', false],
    ]);
    const viaDirect = plan(
      [...trampoline, { address: 0x1000, isa: 'arm', width: 4, old: 0xe320f000, new: 0xea00fffe }],
      {
        cpus: 4,
      },
    );
    expect(viaDirect.steps.map((s) => [s.kind, s.sync])).toEqual([
      ['unreachable', true],
      ['direct', true],
    ]);
    expect(viaDirect.syncCount).toBe(2);
  });
});

describe('plans are data', () => {
  it('survive a JSON round trip', () => {
    const p = plan([...attach(3), ...detach(6).slice(3)], { cpus: 4 });
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });
  it('an empty request list is an empty plan', () => {
    expect(plan([])).toMatchObject({ steps: [], rendezvousCount: 0, estimatedCycles: 0 });
  });
  it('cost model overrides change the estimate', () => {
    const base = plan(attach(1), { cpus: 4 }).estimatedCycles;
    const cheap = plan(attach(1), { cpus: 4, costModel: { rendezvousPerCpu: 0 } }).estimatedCycles;
    expect(base - cheap).toBe(4 * 5000);
  });
});
