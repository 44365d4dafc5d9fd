/**
 * The Thumb optprobe analysis: which instructions a B.W covers, and every refusal with its reason — the pair
 * rule of the function scan (a branch or a call's return landing on the second instruction, indirect
 * branches), IT blocks, the end of the function, what kprobes rejects, post handlers, and exact B.W reach.
 */
import { describe, expect, it } from 'vitest';
import {
  planThumbOptimization,
  scanThumbFunction,
  T32_BRANCH_MAX,
  T32_BRANCH_MIN,
  ThumbTrampolineError,
  thumbCover,
} from '../src/index.js';

const BASE = 0x01008000;
const SLOT = 0x01009000;
const GATE = 0x0100a000;

/** A function of `halfwords` at BASE, scanned. */
function fn(halfwords: readonly number[]) {
  return scanThumbFunction([{ start: BASE, end: BASE + 2 * halfwords.length }], {
    readHalfword: (a) => halfwords[(a - BASE) / 2] ?? 0xdefe,
  });
}

function plan(halfwords: readonly number[], at: number, options: { post?: boolean; slot?: number } = {}) {
  return planThumbOptimization({
    address: at,
    scan: fn(halfwords),
    probes: new Map([[at, 1]]),
    slotAddress: options.slot ?? SLOT,
    gateAddress: GATE,
    hasPostHandler: options.post ?? false,
  });
}

function reason(halfwords: readonly number[], at: number): string {
  const p = plan(halfwords, at);
  return p.ok ? `ok ${p.covered.length}` : p.reason;
}

// push {r4, lr}; movs r0, #0; loop: adds r0, #1; cmp r0, #10; bne loop; pop {r4, pc}
const LOOP = [0xb510, 0x2000, 0x3001, 0x280a, 0xd1fc, 0xbd10];

describe('the pair rule: a 16-bit probed instruction covers the next one', () => {
  it('refuses when a branch lands on the second instruction, and names the branch', () => {
    const p = plan(LOOP, BASE + 2);
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.reason).toBe('branch-target-inside');
    expect(p.detail).toContain(`0x${(BASE + 4).toString(16)}`);
    expect(p.detail).toContain(`0x${(BASE + 8).toString(16)}`);
  });
  it('covers two 16-bit instructions when nothing lands between them, the target itself included', () => {
    expect([BASE, BASE + 4, BASE + 6, BASE + 8].map((a) => reason(LOOP, a))).toEqual(['ok 2', 'ok 2', 'ok 2', 'ok 2']);
    const p = plan(LOOP, BASE + 8);
    if (!p.ok) throw new Error(p.detail);
    expect(p.covered.map((i) => i.op)).toEqual(['b', 'pop']);
    expect(p.trampoline.returnAddress).toBe(BASE + 12);
  });
  it('refuses the last instruction of the function: nothing to cover with it', () => {
    expect(reason(LOOP, BASE + 10)).toBe('end-of-function');
  });
  it('a 16-bit call returns inside the B.W: refused; the instruction before it may cover it', () => {
    // movs r0, #0; blx r3; movs r0, #1; bx lr
    const code = [0x2000, 0x4798, 0x2001, 0x4770];
    const p = plan(code, BASE + 2);
    expect(p.ok ? 'ok' : p.reason).toBe('call-return-inside');
    expect(reason(code, BASE)).toBe('ok 2');
  });
  it('a 16-bit instruction followed by a 32-bit one covers it whole (its second halfword stays, unreached)', () => {
    // movs r1, r2; add.w r0, r1, r2; bx lr
    const code = [0x0011, 0xeb01, 0x0002, 0x4770];
    const p = plan(code, BASE);
    if (!p.ok) throw new Error(p.detail);
    expect(p.covered.map((i) => i.length)).toEqual([2, 4]);
    expect(p.trampoline.returnAddress).toBe(BASE + 6);
    // A branch to the 32-bit instruction lands inside the B.W.
    const branched = [0x0011, 0xeb01, 0x0002, 0xd0fc, 0x4770];
    expect(reason(branched, BASE)).toBe('branch-target-inside');
  });
  it('a 32-bit instruction is replaced alone, whatever lands after it', () => {
    // add.w r0, r1, r2; loop: adds r0, #1; b loop
    const code = [0xeb01, 0x0002, 0x3001, 0xe7fd];
    expect(reason(code, BASE)).toBe('ok 1');
    expect(reason(code, BASE + 2)).toBe('not-an-instruction');
  });
  it('an indirect branch anywhere in the function forbids pairs, not single 32-bit instructions', () => {
    // movs r0, #0; movs r1, #1; add.w r0, r1, r2; tbb [pc, r1]; (table)
    const code = [0x2000, 0x2101, 0xeb01, 0x0002, 0xe8df, 0xf001];
    expect(reason(code, BASE)).toBe('indirect-branch-in-function');
    expect(reason(code, BASE + 4)).toBe('ok 1');
    expect(reason(code, BASE + 8)).toBe('table-branch');
    // bx r3 (not a return) is one too; bx lr and pop {pc} are returns.
    expect(reason([0x2000, 0x2101, 0x4718], BASE)).toBe('indirect-branch-in-function');
    expect(reason([0x2000, 0x2101, 0x4770, 0xbd10], BASE)).toBe('ok 2');
  });
});

describe('IT blocks', () => {
  // cmp r0, #0; it eq; moveq r0, #1; movs r1, #2; bx lr
  const code = [0x2800, 0xbf08, 0x2001, 0x2102, 0x4770];
  it('refuses the IT instruction, an instruction inside the block, and a pair ending on the IT', () => {
    expect([BASE, BASE + 2, BASE + 4].map((a) => reason(code, a))).toEqual([
      'it-instruction',
      'it-instruction',
      'it-block',
    ]);
    const p = plan(code, BASE);
    if (p.ok) throw new Error('accepted');
    expect(p.detail).toContain('covered instruction');
  });
  it('accepts the instructions after the block', () => {
    expect(reason(code, BASE + 6)).toBe('ok 2');
  });
  it('refuses a 32-bit instruction inside a block', () => {
    // it ne; movne.w r0, #1; bx lr
    expect(reason([0xbf18, 0xf04f, 0x0001, 0x4770], BASE + 2)).toBe('it-block');
  });
});

describe('what kprobes decides, and the probe', () => {
  it('refuses what kprobes rejects, probed or covered', () => {
    // movs r0, #1; svc 0; bx lr
    const code = [0x2001, 0xdf00, 0x4770];
    expect(reason(code, BASE + 2)).toBe('classification-rejected');
    expect(reason(code, BASE)).toBe('covered-instruction-rejected');
  });
  it('refuses a probe with a post handler', () => {
    const p = plan(LOOP, BASE + 4, { post: true });
    expect(p.ok ? 'ok' : p.reason).toBe('post-handler');
  });
  it('needs the probe id of the probed instruction', () => {
    expect(() =>
      planThumbOptimization({
        address: BASE,
        scan: fn(LOOP),
        probes: new Map(),
        slotAddress: SLOT,
        gateAddress: GATE,
        hasPostHandler: false,
      }),
    ).toThrow(RangeError);
  });
  it('thumbCover answers without probes or slot', () => {
    const c = thumbCover(fn(LOOP), BASE + 4);
    expect(c.ok && c.covered.map((i) => i.address)).toEqual([BASE + 4, BASE + 6]);
  });
});

describe('B.W reach (exact, T4: target − (address + 4), even, ±16 MiB)', () => {
  // add.w r0, r1, r2 at BASE
  const code = [0xeb01, 0x0002, 0x4770];
  it('reaches the last slot forward and backward, not one word beyond', () => {
    const far = BASE + 4 + T32_BRANCH_MAX - 2; // the last word-aligned slot
    expect(reason(code, BASE)).toBe('ok 1');
    expect(plan(code, BASE, { slot: far }).ok).toBe(true);
    expect(plan(code, BASE, { slot: far + 4 }).ok ? 'ok' : 'refused').toBe('refused');
    const back = BASE + 4 + T32_BRANCH_MIN;
    expect(plan(code, BASE, { slot: back }).ok).toBe(true);
    const beyond = plan(code, BASE, { slot: back - 4 });
    expect(beyond.ok ? 'ok' : beyond.reason).toBe('out-of-range');
  });
  it('a slot that is not word aligned is a bad spec', () => {
    expect(() => plan(code, BASE, { slot: SLOT + 2 })).toThrow(ThumbTrampolineError);
  });
});
