import { describe, expect, it } from 'vitest';
import {
  classifyThumbProbe,
  decodeThumb,
  itAdvance,
  THUMB_PROBE_EFFECTS,
  THUMB16_PROBE_TABLE,
  THUMB32_PROBE_TABLE,
  type ThumbProbeDecision,
  type ThumbProbeEntry,
  ThumbProbeInputError,
} from '../src/index.js';

function emulated(d: ThumbProbeDecision): Extract<ThumbProbeDecision, { action: 'emulate' }> {
  if (d.action !== 'emulate') throw new Error(`expected emulate, got ${d.action} (${d.entry})`);
  return d;
}

function handlers(entries: readonly ThumbProbeEntry[], out: Set<string>): Set<string> {
  for (const e of entries) {
    if (e.type === 'emulate' || e.type === 'custom') out.add(e.handler);
    if (e.type === 'table') handlers(e.table, out);
  }
  return out;
}

describe('classifyThumbProbe', () => {
  it('takes a decoded instruction, a number or the halfwords, and says the same', () => {
    for (const [hw1, hw2] of [
      [0xb510, 0],
      [0xe92d, 0x41f0],
      [0xf84d, 0x0d04],
      [0x4478, 0],
    ] as const) {
      const n = hw1 >= 0xe800 ? ((hw1 << 16) | hw2) >>> 0 : hw1;
      const a = classifyThumbProbe(decodeThumb(hw1, hw2, 0x8000));
      expect(classifyThumbProbe(n)).toEqual(a);
      expect(classifyThumbProbe(hw1 >= 0xe800 ? [hw1, hw2] : [hw1])).toEqual(a);
      // The halfword after a 16-bit instruction belongs to the next one and is not read.
      if (hw1 < 0xe800) expect(classifyThumbProbe([hw1, 0xffff])).toEqual(a);
      expect(a.length).toBe(hw1 >= 0xe800 ? 4 : 2);
    }
  });

  it('refuses malformed input with a typed error naming it', () => {
    expect(() => classifyThumbProbe(0xf84d)).toThrow(ThumbProbeInputError);
    expect(() => classifyThumbProbe(0xf84d)).toThrow(/first halfword of a 32-bit/);
    expect(() => classifyThumbProbe([0xe92d])).toThrow(/second halfword is missing/);
    expect(() => classifyThumbProbe([0xe92d, 0x10000])).toThrow(/not a halfword/);
    expect(() => classifyThumbProbe(0x4770_4770)).toThrow(/not the start of a 32-bit/);
    expect(() => classifyThumbProbe(-1)).toThrow(ThumbProbeInputError);
    expect(() => classifyThumbProbe([])).toThrow(/not a Thumb halfword/);
  });

  it('PUSH/POP run as STMDB/LDMIA on r9 (standing in for SP), LR/PC as r8; stack use is 4 per register', () => {
    const push = emulated(classifyThumbProbe(0xb5f0)); // push {r4-r7, lr}
    expect(push.slot).toEqual([0xe929, 0x01f0, 0x4770]);
    expect(push.stackUse).toBe(20);
    const pop = emulated(classifyThumbProbe(0xbdf0)); // pop {r4-r7, pc}
    expect(pop.slot).toEqual([0xe8b9, 0x01f0, 0x4770]);
    expect(pop.stackUse).toBe(0);
  });

  it('renames 32-bit register fields as the kernel does (19:16 → r2, 15:12 → r0, 11:8 → r1, 3:0 → r3)', () => {
    const d = emulated(classifyThumbProbe([0xeb05, 0x0a47])); // add.w r10, r5, r7, lsl #1
    expect(d.slot).toEqual([0xeb02, 0x0143, 0x4770]);
    expect(d.renames).toEqual([
      { field: 16, original: 5, slot: 2 },
      { field: 8, original: 10, slot: 1 },
      { field: 0, original: 7, slot: 3 },
    ]);
    expect(THUMB_PROBE_EFFECTS[d.handler]).toEqual({ results: [8], flags: 'write' });
  });

  it('every emulated handler says what its slot writes back', () => {
    const all = handlers(THUMB32_PROBE_TABLE, handlers(THUMB16_PROBE_TABLE, new Set()));
    for (const h of all) {
      if (h === 't16-it' || h === 't16-branch-cond' || h === 't32-branch-cond') continue;
      expect(THUMB_PROBE_EFFECTS[h as keyof typeof THUMB_PROBE_EFFECTS], h).toBeDefined();
    }
  });

  it('stack use: stores below SP at the 64-byte limit, register offsets with SP are refused', () => {
    expect(classifyThumbProbe(0xf84d0d40)).toMatchObject({ action: 'emulate', stackUse: 64 }); // str r0, [sp, #-64]!
    expect(classifyThumbProbe(0xf84d0d44)).toMatchObject({ action: 'reject', stackUse: 68 });
    expect(classifyThumbProbe(0xe96d2310)).toMatchObject({ action: 'emulate', stackUse: 64 }); // strd r2, r3, [sp, #-64]!
    expect(classifyThumbProbe(0xe96d2311)).toMatchObject({ action: 'reject', stackUse: 68 });
    expect(classifyThumbProbe(0xf84d0001)).toMatchObject({ action: 'reject', stackUse: 'unknown' }); // str r0, [sp, r1]
    expect(classifyThumbProbe(0xe92d5ff0)).toMatchObject({ action: 'emulate', stackUse: 40 }); // push.w {r4-r12, lr}
  });

  it('IT: the IT instruction is simulated; inside a block every instruction runs under the block’s condition', () => {
    const it = classifyThumbProbe(0xbf0c); // ite eq
    expect(it).toMatchObject({ action: 'simulate', handler: 't16-it', condition: { source: 'always' } });
    const itState = 0x0c; // after `ite eq`: eq then ne
    const first = classifyThumbProbe(decodeThumb(0x1888, 0, 0x8002, itState)); // add(s) r0, r1, r2
    expect(first).toMatchObject({
      action: 'emulate',
      handler: 't16-add-sub',
      condition: { source: 'it-block', cond: 0 },
    });
    expect(THUMB_PROBE_EFFECTS['t16-add-sub']?.flags).toBe('write-outside-it');
    const second = classifyThumbProbe(decodeThumb(0x1888, 0, 0x8004, itAdvance(itState)));
    expect(second.condition).toEqual({ source: 'it-block', cond: 1 });
    expect(classifyThumbProbe(0x1888, { itState })).toEqual(first);
    // B<c> keeps its own condition.
    expect(classifyThumbProbe(0xd1fe).condition).toEqual({ source: 'branch', cond: 1 });
    expect(classifyThumbProbe(0xf47faffe).condition).toEqual({ source: 'branch', cond: 1 }); // bne.w
  });

  it('the kernel decides the same inside an IT block as outside (only the condition differs), for every 16-bit encoding', () => {
    const differing: string[] = [];
    for (let h = 0; h < 0xe800; h++) {
      const { condition: c1, ...a } = classifyThumbProbe(h);
      const { condition: c2, ...b } = classifyThumbProbe(h, { itState: 0x18 }); // last of a block, condition NE
      const expected = c1.source === 'branch' ? c1 : { source: 'it-block', cond: 1 };
      if (JSON.stringify(a) !== JSON.stringify(b) || JSON.stringify(c2) !== JSON.stringify(expected))
        differing.push(h.toString(16));
    }
    expect(differing).toEqual([]);
  });

  it('breakpoints and system instructions are refused with a reason', () => {
    expect(classifyThumbProbe(0xde18)).toMatchObject({ action: 'reject', reason: expect.stringMatching(/UDF/) });
    expect(classifyThumbProbe(0xf7f0a018)).toMatchObject({ action: 'reject' });
    expect(classifyThumbProbe(0xdf00)).toMatchObject({ action: 'reject', reason: expect.stringMatching(/SVC/) });
    expect(classifyThumbProbe(0xe8500f00)).toMatchObject({ action: 'reject' }); // ldrex r0, [r0]
    expect(classifyThumbProbe(0xf3808800)).toMatchObject({ action: 'reject' }); // msr
    expect(classifyThumbProbe(0xf3e08020)).toMatchObject({ action: 'reject', entry: 'MRS (banked register)' });
    expect(classifyThumbProbe(0xf3ef8000)).toMatchObject({ action: 'simulate', handler: 't32-mrs' });
  });
});
