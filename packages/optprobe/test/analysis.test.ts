import { classifyArmProbe } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import { canOptimize, canOptimizeWord, MAX_FRAME_BYTES, type OptimizeQuery, PT_REGS_BYTES } from '../src/index.js';

const base: OptimizeQuery = {
  address: 0x8000,
  word: 0xe92d4010, // push {r4, lr}
  slotAddress: 0x9000,
  hasPostHandler: false,
  stackUse: 8,
  usesPc: false,
  classification: { action: 'emulate' },
};

describe('canOptimize', () => {
  it('an emulated instruction with a near slot optimises; the frame is pt_regs + stack use', () => {
    expect(canOptimize(base)).toEqual({ ok: true, branchWord: 0xea0003fe, frameBytes: 80, executeInTrampoline: true });
    expect(PT_REGS_BYTES).toBe(72);
  });
  it('an instruction using PC is single-stepped by the handler instead of run in the trampoline', () => {
    expect(canOptimize({ ...base, usesPc: true, classification: { action: 'simulate' } })).toMatchObject({
      ok: true,
      executeInTrampoline: false,
    });
  });
  it('rejected classification', () => {
    expect(canOptimize({ ...base, classification: { action: 'reject', reason: 'msr' } })).toEqual({
      ok: false,
      reason: 'classification-rejected',
      detail: 'msr',
    });
  });
  it('post handler', () => {
    expect(canOptimize({ ...base, hasPostHandler: true })).toMatchObject({ ok: false, reason: 'post-handler' });
  });
  it('stack use: unknown, and the 8-bit frame limit exactly', () => {
    expect(canOptimize({ ...base, stackUse: 'unknown' })).toMatchObject({ ok: false, reason: 'stack-use-unknown' });
    expect(canOptimize({ ...base, stackUse: MAX_FRAME_BYTES - 72 })).toMatchObject({ ok: true, frameBytes: 252 });
    expect(canOptimize({ ...base, stackUse: MAX_FRAME_BYTES - 71 })).toMatchObject({
      ok: false,
      reason: 'frame-too-large',
    });
    expect(canOptimize({ ...base, stackUse: 0 })).toMatchObject({ ok: true, frameBytes: 72 });
    // a byte store below SP still reserves a whole word, keeping SP word aligned
    expect(canOptimize({ ...base, stackUse: 1 })).toMatchObject({ ok: true, frameBytes: 76 });
    expect(canOptimize({ ...base, stackUse: 64 })).toMatchObject({ ok: true, frameBytes: 136 });
  });
  it('range and alignment of the slot, exactly at the edges', () => {
    const at = 0x4000000;
    expect(canOptimize({ ...base, address: at, slotAddress: at + 8 + 33554428 })).toMatchObject({ ok: true });
    expect(canOptimize({ ...base, address: at, slotAddress: at + 8 + 33554432 })).toMatchObject({
      ok: false,
      reason: 'out-of-range',
    });
    expect(canOptimize({ ...base, address: at, slotAddress: at + 8 - 33554432 })).toMatchObject({ ok: true });
    expect(canOptimize({ ...base, address: at, slotAddress: at + 8 - 33554436 })).toMatchObject({
      ok: false,
      reason: 'out-of-range',
    });
    expect(canOptimize({ ...base, slotAddress: 0x9002 })).toMatchObject({ ok: false, reason: 'misaligned-target' });
  });
  it('the condition of the probed word is kept, the 0xF space becomes AL', () => {
    expect(canOptimize({ ...base, word: 0x192d4010 })).toMatchObject({ ok: true, branchWord: 0x1a0003fe });
    expect(canOptimize({ ...base, word: 0xf5d0f000 })).toMatchObject({ ok: true, branchWord: 0xea0003fe });
  });
  it('bad input throws; "cannot optimise" never does', () => {
    expect(() => canOptimize({ ...base, address: 0x8002 })).toThrow(RangeError);
    expect(() => canOptimize({ ...base, slotAddress: -1 })).toThrow(RangeError);
    expect(() => canOptimize({ ...base, stackUse: -4 })).toThrow(RangeError);
    expect(() => canOptimize({ ...base, word: 2 ** 33 })).toThrow(RangeError);
  });
});

describe('canOptimizeWord (classification from the decoder)', () => {
  it('agrees with canOptimize fed the classifier by hand', () => {
    for (const word of [0xe92d4010, 0xe2800001, 0xe59f0010, 0xea000010, 0xe10f0000, 0xe3a0f000, 0xe52de004]) {
      const c = classifyArmProbe(word);
      const byHand = canOptimize({
        address: 0x8000,
        word,
        slotAddress: 0x9000,
        hasPostHandler: false,
        classification: c,
        stackUse: c.stackUse,
        usesPc: (c.registersUsed & 0x8000) !== 0,
      });
      expect(canOptimizeWord({ address: 0x8000, word, slotAddress: 0x9000, hasPostHandler: false })).toEqual(byHand);
    }
  });
  it('push {r4, lr} is optimisable with an 80-byte frame, run in the trampoline', () => {
    const c = classifyArmProbe(0xe92d4010);
    if (c.action === 'reject') return; // classifier still in progress
    expect(canOptimizeWord({ address: 0x8000, word: 0xe92d4010, slotAddress: 0x9000, hasPostHandler: false })).toEqual({
      ok: true,
      branchWord: 0xea0003fe,
      frameBytes: 80,
      executeInTrampoline: true,
    });
  });
});
