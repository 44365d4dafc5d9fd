import { describe, expect, it } from 'vitest';
import { execute, kprobeArmBreakpoint, type PatchRequest, plan } from '../src/index.js';
import { FakePlatform } from './fake-platform.js';

const PUSH = 0xe92d4010;
const BP = kprobeArmBreakpoint(PUSH);

function words(fake: FakePlatform, requests: readonly PatchRequest[]): void {
  for (const r of requests) fake.poke(r.address, r.old!, 4);
}

describe('execute', () => {
  it('direct: stores, maintenance, one syncCores, no rendezvous', () => {
    const fake = new FakePlatform({ cpus: 4 });
    const requests: PatchRequest[] = [
      { address: 0x1000, isa: 'arm', width: 4, old: 0xe320f000, new: 0xea000010 },
      { address: 0x1008, isa: 'arm', width: 4, old: 0xe320f000, new: 0xea000020 },
    ];
    words(fake, requests);
    const report = execute(plan(requests, { cpus: 4 }), fake);
    expect(fake.calls).toEqual([
      { op: 'write', address: 0x1000, value: 0xea000010, size: 4, cpu: null },
      { op: 'write', address: 0x1008, value: 0xea000020, size: 4, cpu: null },
      { op: 'maintenance', address: 0x1000, size: 4, cpu: null },
      { op: 'maintenance', address: 0x1008, size: 4, cpu: null },
      { op: 'sync' },
    ]);
    expect(report).toMatchObject({ rendezvous: 0, writes: 2, stores: 2, maintenance: 2, syncs: 1 });
    expect(fake.violations).toEqual([]);
  });

  it('stop-one: one rendezvous, one CPU writes everything inside it, no sync', () => {
    const fake = new FakePlatform({ cpus: 4 });
    const requests: PatchRequest[] = Array.from({ length: 3 }, (_, i) => ({
      address: 0x1000 + 4 * i,
      isa: 'arm',
      width: 4,
      old: PUSH,
      new: BP,
      purpose: 'arm',
    }));
    words(fake, requests);
    const report = execute(plan(requests, { cpus: 4 }), fake);
    expect(fake.calls[0]).toEqual({ op: 'stopMachine', writers: 'one' });
    expect(fake.calls.filter((c) => c.op === 'write').every((c) => c.cpu === 0)).toBe(true);
    // contiguous words: one maintenance range
    expect(fake.calls.filter((c) => c.op === 'maintenance')).toEqual([
      { op: 'maintenance', address: 0x1000, size: 12, cpu: 0 },
    ]);
    expect(report).toMatchObject({ rendezvous: 1, writes: 3, stores: 3, maintenance: 1, syncs: 0 });
    expect(fake.read(0x1008, 4)).toBe(BP);
    expect(fake.violations).toEqual([]);
  });

  it('stop-all: every CPU rewrites and maintains locally', () => {
    const fake = new FakePlatform({ cpus: 3 });
    const requests: PatchRequest[] = [{ address: 0x1000, isa: 'arm', width: 4, old: BP, new: PUSH, purpose: 'disarm' }];
    words(fake, requests);
    const report = execute(plan(requests, { cpus: 3 }), fake);
    expect(fake.calls.filter((c) => c.op === 'write').map((c) => 'cpu' in c && c.cpu)).toEqual([0, 1, 2]);
    expect(report).toMatchObject({ rendezvous: 1, writes: 1, stores: 3, maintenance: 3 });
    expect(fake.read(0x1000, 4)).toBe(PUSH);
    expect(fake.violations).toEqual([]);
  });

  it('Thumb: 16-bit is one halfword store; 32-bit is one word store when aligned, two halfwords at 2 mod 4', () => {
    const fake = new FakePlatform({ cpus: 2, isThumb: () => true });
    fake.poke(0x2000, 0xbf00, 2);
    fake.poke(0x2004, 0xf000, 2);
    fake.poke(0x2006, 0xb800, 2);
    fake.poke(0x200a, 0xe92d, 2);
    fake.poke(0x200c, 0x4010, 2);
    execute(
      plan(
        [
          { address: 0x2000, isa: 'thumb', width: 2, old: 0xbf00, new: 0xe7fe },
          { address: 0x2004, isa: 'thumb', width: 4, old: 0xf000b800, new: 0xf7f0a018, purpose: 'arm' },
          { address: 0x200a, isa: 'thumb', width: 4, old: 0xe92d4010, new: 0xf7f0a018, purpose: 'arm' },
        ],
        { cpus: 2 },
      ),
      fake,
    );
    expect(fake.calls.filter((c) => c.op === 'write')).toEqual([
      { op: 'write', address: 0x2000, value: 0xe7fe, size: 2, cpu: null },
      { op: 'write', address: 0x2004, value: 0xa018f7f0, size: 4, cpu: 0 },
      { op: 'write', address: 0x200a, value: 0xf7f0, size: 2, cpu: 0 },
      { op: 'write', address: 0x200c, value: 0xa018, size: 2, cpu: 0 },
    ]);
    expect([...[0x2004, 0x2005, 0x2006, 0x2007].map((a) => fake.memory.get(a))]).toEqual([0xf0, 0xf7, 0x18, 0xa0]);
    expect(fake.violations).toEqual([]);
  });

  it('unreachable trampoline first (plain stores, one maintenance), then the branch under a rendezvous', () => {
    const fake = new FakePlatform({ cpus: 4, isUnreachable: (a) => a >= 0x40000 });
    const trampoline: PatchRequest[] = Array.from({ length: 24 }, (_, i) => ({
      address: 0x40000 + 4 * i,
      isa: 'arm',
      width: 4,
      old: 0,
      new: 0xe1a00000 | i,
      unreachable: true,
    }));
    fake.poke(0x1000, BP, 4);
    const branch: PatchRequest = {
      address: 0x1000,
      isa: 'arm',
      width: 4,
      old: BP,
      new: 0xea00fffe,
      purpose: 'optimize',
    };
    const report = execute(plan([branch, ...trampoline], { cpus: 4 }), fake);
    const ops = fake.calls.map((c) => c.op);
    expect(ops.slice(0, 25)).toEqual([...Array(24).fill('write'), 'maintenance']);
    expect(ops[25]).toBe('stopMachine');
    expect(ops.filter((o) => o === 'sync')).toEqual([]);
    expect(report).toMatchObject({ rendezvous: 1, writes: 25 });
    expect(report.steps.map((s) => s.kind)).toEqual(['unreachable', 'stop-all']);
    expect(fake.violations).toEqual([]);
  });

  it('reports emulated cycles when the platform has a clock, null otherwise', () => {
    const requests: PatchRequest[] = [{ address: 0x1000, isa: 'arm', width: 4, old: PUSH, new: BP }];
    const timed = new FakePlatform({ cpus: 4 });
    words(timed, requests);
    const report = execute(plan(requests, { cpus: 4 }), timed);
    expect(report.cycles).toBe(500 + 4 * 5000 + 1 + 40);
    expect(report.steps[0]!.cycles).toBe(report.cycles);
    // the default cost model is the fake's clock, so the estimate is exact here
    expect(plan(requests, { cpus: 4 }).estimatedCycles).toBe(report.cycles);
    const untimed = new FakePlatform({ cpus: 4, clock: false });
    words(untimed, requests);
    expect(execute(plan(requests, { cpus: 4 }), untimed).cycles).toBeNull();
  });

  it('forced direct over a live instruction is what a hazard detector flags; auto and kernel are clean', () => {
    const requests: PatchRequest[] = [
      { address: 0x1000, isa: 'arm', width: 4, old: PUSH, new: BP, purpose: 'arm' },
      { address: 0x1004, isa: 'arm', width: 4, old: BP, new: PUSH, purpose: 'disarm' },
    ];
    const run = (strategy: 'direct' | 'stop-one' | 'auto' | 'kernel'): FakePlatform => {
      const fake = new FakePlatform({ cpus: 4 });
      fake.poke(0x1000, PUSH, 4);
      fake.poke(0x1004, BP, 4);
      execute(plan(requests, { cpus: 4, strategy }), fake);
      return fake;
    };
    expect(run('direct').violations.map((v) => v.why)).toEqual([
      'outside-safe-set',
      'outside-safe-set',
      'breakpoint-removed-while-running',
    ]);
    expect(run('stop-one').violations.map((v) => v.why)).toEqual(['breakpoint-removed-while-running']);
    expect(run('auto').violations).toEqual([]);
    expect(run('kernel').violations).toEqual([]);
  });
});

describe('the stopMachine contract', () => {
  const request = { address: 0x1000, isa: 'arm', width: 4, old: BP, new: PUSH, purpose: 'disarm' } as const;
  it('a platform that runs the writer on too few CPUs is caught', () => {
    const fake = new FakePlatform({ cpus: 4 });
    fake.poke(0x1000, BP, 4);
    fake.stopMachine = (fn) => fn(0);
    expect(() => execute(plan([request], { cpus: 4 }), fake)).toThrow(/ran the writer on 1 CPU\(s\), expected 4/);
  });
  it('a platform that never runs the writer is caught', () => {
    const fake = new FakePlatform({ cpus: 2 });
    fake.poke(0x1000, PUSH, 4);
    fake.stopMachine = () => {};
    expect(() => execute(plan([{ ...request, old: PUSH, new: BP, purpose: 'arm' }], { cpus: 2 }), fake)).toThrow(
      /expected 1/,
    );
  });
});
