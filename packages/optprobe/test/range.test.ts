import { describe, expect, it } from 'vitest';
import {
  A32_BRANCH_MAX,
  A32_BRANCH_MIN,
  a32BranchRange,
  T32_BRANCH_MAX,
  T32_BRANCH_MIN,
  t32BranchRange,
} from '../src/index.js';

const AT = 0x08000000;

describe('A32 branch range (offset = target − (address + 8))', () => {
  it('is −33554432 … +33554428', () => {
    expect([A32_BRANCH_MIN, A32_BRANCH_MAX]).toEqual([-33554432, 33554428]);
  });
  it('accepts exactly the edges', () => {
    expect(a32BranchRange(AT, AT + 8 + 33554428)).toEqual({ ok: true, offset: 33554428 });
    expect(a32BranchRange(AT, AT + 8 - 33554432)).toEqual({ ok: true, offset: -33554432 });
  });
  it('refuses one word beyond each edge', () => {
    expect(a32BranchRange(AT, AT + 8 + 33554432)).toEqual({ ok: false, reason: 'out-of-range', offset: 33554432 });
    expect(a32BranchRange(AT, AT + 8 - 33554436)).toEqual({ ok: false, reason: 'out-of-range', offset: -33554436 });
  });
  it('has no kernel skew: the 16 bytes the kernel pre-check gets wrong are decided by the real offset', () => {
    // Kernel pre-check: (slot − address + 8) must fit — 16 bytes off the real offset.
    for (let d = 0; d <= 16; d += 4) {
      expect(a32BranchRange(AT, AT + 8 + 33554428 - d).ok).toBe(true);
      expect(a32BranchRange(AT, AT + 8 - 33554432 - 4 - d).ok).toBe(false);
    }
  });
  it('branch to self and to the next word', () => {
    expect(a32BranchRange(AT, AT)).toEqual({ ok: true, offset: -8 });
    expect(a32BranchRange(AT, AT + 4)).toEqual({ ok: true, offset: -4 });
  });
  it('wraps modulo 2^32 like the PC', () => {
    expect(a32BranchRange(0, 0xfffffff0)).toEqual({ ok: true, offset: -24 });
    expect(a32BranchRange(0xfffffff8, 0x10)).toEqual({ ok: true, offset: 16 });
  });
  it('a target that is not a word multiple away is misaligned', () => {
    expect(a32BranchRange(AT, AT + 2)).toEqual({ ok: false, reason: 'misaligned-target', offset: -6 });
  });
  it('bad input throws', () => {
    expect(() => a32BranchRange(AT + 2, AT)).toThrow(RangeError);
    expect(() => a32BranchRange(-4, AT)).toThrow(RangeError);
    expect(() => a32BranchRange(AT, 2 ** 32)).toThrow(RangeError);
    expect(() => a32BranchRange(AT, 1.5)).toThrow(RangeError);
  });
});

describe('T32 B.W range (offset = target − (address + 4))', () => {
  it('is −16777216 … +16777214', () => {
    expect([T32_BRANCH_MIN, T32_BRANCH_MAX]).toEqual([-16777216, 16777214]);
  });
  it('accepts exactly the edges, at either halfword alignment', () => {
    for (const at of [AT, AT + 2]) {
      expect(t32BranchRange(at, at + 4 + 16777214)).toEqual({ ok: true, offset: 16777214 });
      expect(t32BranchRange(at, at + 4 - 16777216)).toEqual({ ok: true, offset: -16777216 });
    }
  });
  it('refuses one halfword beyond each edge', () => {
    expect(t32BranchRange(AT, AT + 4 + 16777216)).toEqual({ ok: false, reason: 'out-of-range', offset: 16777216 });
    expect(t32BranchRange(AT, AT + 4 - 16777218)).toEqual({ ok: false, reason: 'out-of-range', offset: -16777218 });
  });
  it('odd offsets are misaligned; odd addresses throw', () => {
    expect(t32BranchRange(AT, AT + 5)).toMatchObject({ ok: false, reason: 'misaligned-target' });
    expect(() => t32BranchRange(AT + 1, AT)).toThrow(RangeError);
  });
});
