import { describe, expect, it } from 'vitest';
import { execute, normalizeRequest, PatchError, type PatchRequest, plan } from '../src/index.js';
import { FakePlatform } from './fake-platform.js';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PatchError);
    return (e as PatchError).code;
  }
  throw new Error('did not throw');
}

const ok: PatchRequest = { address: 0x1000, isa: 'arm', width: 4, old: 0xe320f000, new: 0xea000000 };

describe('request validation', () => {
  it('misaligned for the isa', () => {
    expect(code(() => normalizeRequest({ ...ok, address: 0x1002 }))).toBe('misaligned');
    expect(code(() => normalizeRequest({ address: 0x1001, isa: 'thumb', width: 2, old: 0xbf00, new: 0xe7fe }))).toBe(
      'misaligned',
    );
    expect(() =>
      normalizeRequest({ address: 0x1002, isa: 'thumb', width: 4, old: 0xf000b800, new: 0xf7f0a018 }),
    ).not.toThrow();
  });
  it('wrong lengths', () => {
    expect(code(() => normalizeRequest({ ...ok, width: 2 }))).toBe('bad-length');
    expect(code(() => normalizeRequest({ ...ok, width: 3 as 4 }))).toBe('bad-length');
    expect(code(() => normalizeRequest({ ...ok, old: undefined, oldBytes: [0, 0xf0, 0x20] }))).toBe('bad-length');
    expect(code(() => normalizeRequest({ address: 0, isa: 'thumb', width: 2, old: 0x1bf00, new: 0xbf00 }))).toBe(
      'bad-length',
    );
    // a Thumb32 first halfword given as a 16-bit instruction, and a 16-bit instruction given as 32-bit
    expect(code(() => normalizeRequest({ address: 0, isa: 'thumb', width: 2, old: 0xf7f0, new: 0xbf00 }))).toBe(
      'bad-length',
    );
    expect(code(() => normalizeRequest({ address: 0, isa: 'thumb', width: 4, old: 0xbf00bf00, new: 0xf7f0a018 }))).toBe(
      'bad-length',
    );
  });
  it('invalid requests', () => {
    expect(code(() => normalizeRequest({ ...ok, old: undefined }))).toBe('invalid-request');
    expect(code(() => normalizeRequest({ ...ok, oldBytes: [0, 0xf0, 0x20, 0xe4] }))).toBe('invalid-request');
    expect(code(() => normalizeRequest({ ...ok, address: -4 }))).toBe('invalid-request');
    expect(code(() => normalizeRequest({ ...ok, isa: 'arm64' as 'arm' }))).toBe('invalid-request');
    expect(code(() => normalizeRequest({ ...ok, purpose: 'other' as 'arm' }))).toBe('invalid-request');
    expect(code(() => normalizeRequest({ ...ok, address: 0xfffffffc + 4 }))).toBe('invalid-request');
    expect(code(() => plan([ok], { maxPerRendezvous: 0 }))).toBe('invalid-request');
    expect(code(() => plan([ok], { cpus: 0 }))).toBe('invalid-request');
  });
  it('bytes and values agree; Thumb32 bytes are the halfwords in memory order', () => {
    expect(normalizeRequest({ ...ok, oldBytes: [0x00, 0xf0, 0x20, 0xe3] }).old).toBe(0xe320f000);
    const t = normalizeRequest({
      address: 0x2002,
      isa: 'thumb',
      width: 4,
      oldBytes: [0xf0, 0xf7, 0x18, 0xa0],
      newBytes: [0x2d, 0xe9, 0x10, 0x40],
    });
    expect([t.old, t.new]).toEqual([0xf7f0a018, 0xe92d4010]);
  });
  it('overlapping requests in one plan', () => {
    const e = (() => {
      try {
        plan([ok, { address: 0x1002, isa: 'thumb', width: 2, old: 0xbf00, new: 0xe7fe }]);
      } catch (err) {
        return err as PatchError;
      }
      return null;
    })();
    expect(e?.code).toBe('overlap');
    expect(e?.request).toBe(1);
    expect(code(() => plan([ok, ok]))).toBe('overlap');
    expect(() => plan([ok, { ...ok, address: 0x1004 }])).not.toThrow();
  });
});

describe('execution-time errors', () => {
  it('old bytes not matching memory: nothing is written; the error carries address, expected, found', () => {
    const fake = new FakePlatform({ cpus: 4 });
    fake.poke(0x1000, 0xe320f000, 4);
    fake.poke(0x1004, 0xe1a00000, 4);
    const p = plan([ok, { ...ok, address: 0x1004 }], { cpus: 4 });
    let error: PatchError | undefined;
    try {
      execute(p, fake);
    } catch (e) {
      error = e as PatchError;
    }
    expect(error).toMatchObject({
      code: 'old-mismatch',
      address: 0x1004,
      expected: 0xe320f000,
      found: 0xe1a00000,
      request: 1,
    });
    expect(error?.message).toBe('request 1: expected 0xe320f000 at 0x00001004, found 0xe1a00000');
    expect(fake.count('write')).toBe(0);
  });
  it('memory changed before the rendezvous: the check inside it catches it, still nothing written', () => {
    const fake = new FakePlatform({ cpus: 4 });
    fake.poke(0x1000, 0xe92d4010, 4);
    fake.onRendezvous = () => fake.poke(0x1000, 0xe1a00000, 4);
    const p = plan([{ address: 0x1000, isa: 'arm', width: 4, old: 0xe92d4010, new: 0xe7f001f8 }], { cpus: 4 });
    expect(code(() => execute(p, fake))).toBe('old-mismatch');
    expect(fake.count('write')).toBe(0);
  });
  it('a plan made for one CPU refuses to run on several', () => {
    const fake = new FakePlatform({ cpus: 2 });
    fake.poke(0x1000, 0xe320f000, 4);
    expect(code(() => execute(plan([ok], { cpus: 1 }), fake))).toBe('plan-mismatch');
    expect(() => execute(plan([ok], { cpus: 4 }), new FakePlatform({ cpus: 1 }))).toThrow(/expected/);
  });
});
