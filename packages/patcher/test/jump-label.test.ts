import { EncodeError, encodeB } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import { ARCHITECTED_NOP, execute, KERNEL_JUMP_LABEL_NOP, StaticKey } from '../src/index.js';
import { FakePlatform } from './fake-platform.js';

function sites(n: number): { address: number; target: number }[] {
  return Array.from({ length: n }, (_, i) => ({ address: 0x10000 + 16 * i, target: 0x20000 + 16 * i }));
}

function load(fake: FakePlatform, key: StaticKey): void {
  for (const site of key.sites) fake.poke(site.address, key.wordFor(site), 4);
}

describe('StaticKey', () => {
  it('architected NOP: every site of a key flips directly under one syncCores, no rendezvous', () => {
    const key = new StaticKey({ sites: sites(100) });
    const fake = new FakePlatform({ cpus: 4 });
    load(fake, key);
    const on = key.enable({ cpus: 4 });
    expect(on.requests).toHaveLength(100);
    expect(on.requests[0]).toMatchObject({
      old: ARCHITECTED_NOP,
      new: encodeB(0x10000, 0x20000),
      purpose: 'jump-label',
    });
    expect(on.plan).toMatchObject({ rendezvousCount: 0, directCount: 100, syncCount: 1 });
    expect(execute(on.plan, fake)).toMatchObject({ rendezvous: 0, syncs: 1, writes: 100 });
    expect(fake.read(0x10010, 4)).toBe(encodeB(0x10010, 0x20010));
    expect(key.enabled).toBe(true);
    const off = key.disable({ cpus: 4 });
    execute(off.plan, fake);
    expect(fake.read(0x10010, 4)).toBe(ARCHITECTED_NOP);
    expect(fake.violations).toEqual([]);
  });

  it("kernel NOP (mov r0, r0): a rendezvous per flip with auto, one per site with the kernel's policy", () => {
    const key = new StaticKey({ nop: 'kernel', sites: sites(100) });
    expect(key.nopWord).toBe(KERNEL_JUMP_LABEL_NOP);
    const fake = new FakePlatform({ cpus: 4 });
    load(fake, key);
    const on = key.enable({ cpus: 4 });
    expect(on.plan).toMatchObject({ rendezvousCount: 1, directCount: 0 });
    execute(on.plan, fake);
    expect(key.disable({ cpus: 4, strategy: 'kernel' }).plan.rendezvousCount).toBe(100);
    expect(fake.violations).toEqual([]);
  });

  it('no-op flips produce no requests; inverted sites branch while disabled', () => {
    const key = new StaticKey({ enabled: true, sites: [{ address: 0x1000, target: 0x2000, inverted: true }] });
    expect(key.enable().requests).toEqual([]);
    expect(key.wordFor(key.sites[0]!)).toBe(ARCHITECTED_NOP);
    const off = key.disable();
    expect(off.requests[0]).toMatchObject({ old: ARCHITECTED_NOP, new: encodeB(0x1000, 0x2000) });
  });

  it('rejects sites it cannot encode or has already', () => {
    const key = new StaticKey();
    expect(() => key.addSite({ address: 0x1000, target: 0x1000 + 8 + 33554432 })).toThrow(EncodeError);
    expect(() => key.addSite({ address: 0x1000, target: 0x2002 })).toThrow(EncodeError);
    expect(() => key.addSite({ address: 0x1002, target: 0x2002 })).toThrow(/word-aligned/);
    key.addSite({ address: 0x1000, target: 0x2000 });
    expect(() => key.addSite({ address: 0x1000, target: 0x3000 })).toThrow(/twice/);
  });
});
