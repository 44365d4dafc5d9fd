import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { execute, type PatchRequest, type PatchWrite, plan } from '../src/index.js';
import { armSafe, FakePlatform, thumbSafe } from './fake-platform.js';
import { ARM_SAFE, ARM_UNSAFE, THUMB_SAFE, THUMB_UNSAFE, THUMB32_SAMPLES } from './samples.js';

const armPool = [...Object.values(ARM_SAFE).flat(), ...ARM_UNSAFE.map(([w]) => w)];
const thumbPool = [...Object.values(THUMB_SAFE).flat(), ...THUMB_UNSAFE.map(([h]) => h)];

const armWord = fc.oneof(fc.constantFrom(...armPool), fc.integer({ min: 0, max: 0xffffffff }));
const thumb16 = fc.oneof(fc.constantFrom(...thumbPool), fc.integer({ min: 0, max: 0xe7ff }));
const thumb32 = fc.oneof(
  fc.constantFrom(...THUMB32_SAMPLES),
  fc
    .tuple(fc.integer({ min: 0xe800, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }))
    .map(([a, b]) => a * 0x10000 + b),
);
const purpose = fc.constantFrom(
  undefined,
  'arm',
  'disarm',
  'optimize',
  'unoptimize',
  'jump-label',
  'text',
) as fc.Arbitrary<PatchRequest['purpose']>;

type Shape = 'arm' | 'thumb16' | 'thumb32';
const request = (slot: number): fc.Arbitrary<PatchRequest> =>
  fc
    .record({
      shape: fc.constantFrom<Shape>('arm', 'thumb16', 'thumb32'),
      halfOffset: fc.boolean(),
      arm: fc.tuple(armWord, armWord),
      t16: fc.tuple(thumb16, thumb16),
      t32: fc.tuple(thumb32, thumb32),
      purpose,
      unreachable: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
    })
    .map(({ shape, halfOffset, arm, t16, t32, purpose, unreachable }) => {
      const base = 0x10000 + 8 * slot;
      const common = { ...(purpose ? { purpose } : {}), ...(unreachable ? { unreachable } : {}) };
      if (shape === 'arm') return { address: base, isa: 'arm', width: 4, old: arm[0], new: arm[1], ...common };
      const address = base + (halfOffset ? 2 : 0);
      if (shape === 'thumb16') return { address, isa: 'thumb', width: 2, old: t16[0], new: t16[1], ...common };
      return { address, isa: 'thumb', width: 4, old: t32[0], new: t32[1], ...common };
    });

const requests = fc
  .uniqueArray(fc.integer({ min: 0, max: 4095 }), { minLength: 0, maxLength: 40 })
  .chain((slots) => fc.tuple(...slots.map(request)));

/** Independent statement of "may be written while other CPUs run". */
function directIsSafe(w: PatchWrite): boolean {
  if (w.isa === 'arm') return w.address % 4 === 0 && armSafe(w.old) && armSafe(w.new) && !removesBreakpoint(w);
  return w.width === 2 && thumbSafe(w.old) && thumbSafe(w.new) && !removesBreakpoint(w);
}

function removesBreakpoint(w: PatchWrite): boolean {
  if (w.purpose === 'disarm' || w.purpose === 'optimize') return true;
  if (w.old === w.new) return false;
  if (w.isa === 'arm') return (w.old & 0x0fffffff) === 0x07f001f8 || (w.old & 0x0ff000f0) === 0x01200070;
  return w.width === 2 ? w.old === 0xde18 || w.old >>> 8 === 0xbe : w.old === 0xf7f0a018;
}

describe('properties of auto plans', () => {
  it('no direct write outside the safe set when more than one CPU is online; breakpoint removals under stop-all', () => {
    fc.assert(
      fc.property(requests, fc.integer({ min: 1, max: 8 }), (reqs, cpus) => {
        const p = plan(reqs, { cpus });
        expect(p.steps.filter((s) => s.kind === 'direct').length).toBeLessThanOrEqual(1);
        expect(p.rendezvousCount).toBeLessThanOrEqual(1);
        expect(p.steps.findIndex((s) => s.kind === 'unreachable')).toBeLessThanOrEqual(0);
        for (const step of p.steps) {
          for (const w of step.writes) {
            if (w.unreachable) {
              expect(step.kind).toBe('unreachable');
              continue;
            }
            if (cpus === 1) expect(step.kind).toBe('direct');
            else if (step.kind === 'direct') expect(directIsSafe(w)).toBe(true);
            else if (removesBreakpoint(w)) expect(step.kind).toBe('stop-all');
            if (cpus > 1 && directIsSafe(w)) expect(step.kind).toBe('direct');
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('executing an auto plan on the fake leaves memory = new and trips no hazard', () => {
    fc.assert(
      fc.property(requests, fc.integer({ min: 1, max: 8 }), (reqs, cpus) => {
        const slot = (a: number): number => (a - 0x10000) >> 3; // each request owns an 8-byte slot
        const thumb = new Set(reqs.filter((r) => r.isa === 'thumb').map((r) => slot(r.address)));
        const unreachable = new Set(reqs.filter((r) => r.unreachable).map((r) => slot(r.address)));
        const fake = new FakePlatform({
          cpus,
          isThumb: (a) => thumb.has(slot(a)),
          isUnreachable: (a) => unreachable.has(slot(a)),
        });
        const p = plan(reqs, { cpus });
        for (const w of p.steps.flatMap((s) => s.writes)) poke(fake, w, w.old);
        const report = execute(p, fake);
        expect(fake.violations).toEqual([]);
        expect(report.rendezvous).toBe(p.rendezvousCount);
        for (const w of p.steps.flatMap((s) => s.writes)) expect(peek(fake, w)).toBe(w.new);
      }),
      { numRuns: 300 },
    );
  });

  it('a cap of k carries the non-direct writes in ⌈n/k⌉ rendezvous', () => {
    fc.assert(
      fc.property(requests, fc.integer({ min: 1, max: 7 }), (reqs, k) => {
        const p = plan(reqs, { cpus: 4, maxPerRendezvous: k });
        const carried = p.writeCount - p.directCount - p.unreachableCount;
        expect(p.rendezvousCount).toBe(Math.ceil(carried / k));
      }),
      { numRuns: 200 },
    );
  });
});

function poke(fake: FakePlatform, w: PatchWrite, value: number): void {
  if (w.isa === 'thumb' && w.width === 4) {
    fake.poke(w.address, value >>> 16, 2);
    fake.poke(w.address + 2, value & 0xffff, 2);
  } else fake.poke(w.address, value, w.width);
}

function peek(fake: FakePlatform, w: PatchWrite): number {
  if (w.isa === 'thumb' && w.width === 4) return fake.read(w.address, 2) * 0x10000 + fake.read(w.address + 2, 2);
  return fake.read(w.address, w.width);
}
