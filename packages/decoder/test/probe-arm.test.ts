import { describe, expect, it } from 'vitest';
import { ARM_PROBE_TABLE, classifyArmProbe, type ProbeEntry } from '../src/index.js';
import { mulberry32 } from './probe-forms.js';

type Located = {
  entry: ProbeEntry;
  parents: Extract<ProbeEntry, { type: 'table' }>[];
  index: number;
  siblings: readonly ProbeEntry[];
};

function walk(entries: readonly ProbeEntry[], parents: Located['parents'] = []): Located[] {
  const out: Located[] = [];
  entries.forEach((entry, index) => {
    out.push({ entry, parents, index, siblings: entries });
    if (entry.type === 'table') out.push(...walk(entry.table, [...parents, entry]));
  });
  return out;
}

const ALL = walk(ARM_PROBE_TABLE);
const MATCHING = ALL.filter((l) => l.entry.type !== 'end') as (Located & {
  entry: Exclude<ProbeEntry, { type: 'end' }>;
})[];

/** Random words satisfying an entry and all of its parents. */
function witnesses(l: Located & { entry: { mask: number; value: number } }, count: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    let w = rand();
    for (const p of [...l.parents, l.entry]) w = ((w & ~p.mask) | p.value) >>> 0;
    if (l.parents.length === 0 && l.entry.mask >>> 28 === 0 && w >>> 28 === 0xf) w = (w & 0x0fffffff) | 0xe0000000;
    if (l.parents.every((p) => p.name !== 'unconditional') && l.entry.value >>> 28 !== 0xf && w >>> 28 === 0xf)
      w = (w & 0x0fffffff) | 0xe0000000;
    out.push(w >>> 0);
  }
  return out;
}

describe('ARM probe decode table (the kernel self-checks)', () => {
  it('has the kernel table shape: 14 root entries and 12 sub-tables', () => {
    expect(ARM_PROBE_TABLE.filter((e) => e.type !== 'end')).toHaveLength(14);
    expect(ALL.filter((l) => l.entry.type === 'table')).toHaveLength(12);
    // The kernel's 89 entries include a SWP/SWPB row compiled only for pre-ARMv6 kernels (not here); armprobe
    // adds one row the kernel lacks: MRS (banked register) is rejected rather than simulated as MRS CPSR.
    expect(ALL.filter((l) => l.entry.type !== 'end')).toHaveLength(89);
    expect(ALL.filter((l) => l.entry.type !== 'end').map((l) => l.entry.name)).toContain('MRS (banked register)');
  });

  it('every value lies within its mask', () => {
    for (const { entry } of MATCHING) expect((entry.value & ~entry.mask) >>> 0, entry.name).toBe(0);
  });

  it('every table ends with an end entry', () => {
    const tables = [ARM_PROBE_TABLE, ...ALL.flatMap((l) => (l.entry.type === 'table' ? [l.entry.table] : []))];
    for (const t of tables) expect(t[t.length - 1]!.type).toBe('end');
  });

  it('children refine their parents: each value agrees with the parent on the parent mask', () => {
    for (const { entry, parents } of MATCHING) {
      const parent = parents[parents.length - 1];
      if (!parent) continue;
      if (entry.mask === 0xffffffff) continue; // fully specified words are checked by value below
      expect(((entry.value & parent.mask) >>> 0).toString(16), `${entry.name} under ${parent.name}`).toBe(
        parent.value.toString(16),
      );
    }
    const movIpSp = MATCHING.find((l) => l.entry.name === 'MOV IP, SP')!;
    const parent = movIpSp.parents[movIpSp.parents.length - 1]!;
    expect((movIpSp.entry.value & parent.mask) >>> 0).toBe(parent.value);
  });

  it('every entry is reached by some word (or entries through the entry they chain to)', () => {
    const unreached: string[] = [];
    for (const l of MATCHING) {
      if (l.entry.type === 'table') continue;
      let target = l;
      // An or-chain is decided by the first following non-or entry.
      for (let i = l.index; l.siblings[i]!.type === 'or'; i++) {
        target = { ...l, entry: l.siblings[i + 1] as typeof l.entry, index: i + 1 };
      }
      const words = witnesses(l, 2000, l.index * 7919 + l.parents.length);
      const reached = words.some((w) => classifyArmProbe(w).entry === target.entry.name);
      if (!reached) unreached.push(l.entry.name);
    }
    expect(unreached).toEqual([]);
  });
});

describe('classifyArmProbe decisions', () => {
  it('simulates branches, BX/BLX, MRS, hints, preloads and mov ip, sp', () => {
    expect(classifyArmProbe(0xeb000010)).toMatchObject({ action: 'simulate', handler: 'branch' });
    expect(classifyArmProbe(0x1a000010)).toMatchObject({ action: 'simulate', handler: 'branch' });
    expect(classifyArmProbe(0xfa000010)).toMatchObject({ action: 'simulate', handler: 'branch-imm-blx' });
    expect(classifyArmProbe(0xe12fff1e)).toMatchObject({ action: 'simulate', handler: 'branch-reg' });
    expect(classifyArmProbe(0xe12fff33)).toMatchObject({ action: 'simulate', handler: 'branch-reg' });
    expect(classifyArmProbe(0xe10f0000)).toMatchObject({ action: 'simulate', handler: 'mrs' });
    expect(classifyArmProbe(0xe320f000)).toMatchObject({ action: 'simulate', handler: 'wfe', registersUsed: 0 });
    expect(classifyArmProbe(0xe320f002)).toMatchObject({ action: 'simulate', handler: 'wfe' });
    expect(classifyArmProbe(0xf5d1f000)).toMatchObject({ action: 'simulate', handler: 'preload-imm' });
    expect(classifyArmProbe(0xe1a0c00d)).toMatchObject({
      action: 'simulate',
      handler: 'mov-ip-sp',
      registersUsed: 0x3000,
    });
    // The kernel matches against the word made unconditional: mov<c> ip, sp is simulated in every condition.
    for (let cond = 0; cond < 15; cond++) {
      const word = ((cond << 28) | 0x01a0c00d) >>> 0;
      expect(classifyArmProbe(word), word.toString(16)).toMatchObject({
        action: 'simulate',
        handler: 'mov-ip-sp',
        registersUsed: 0x3000,
      });
    }
    // movs ip, sp and mov ip, sp with a shift stay ordinary emulated MOVs.
    expect(classifyArmProbe(0x01b0c00d)).toMatchObject({ action: 'emulate', handler: 'data-processing-reg' });
    expect(classifyArmProbe(0xe1a0c08d)).toMatchObject({ action: 'emulate', handler: 'data-processing-reg' });
  });

  it('emulates with the kernel renaming: 19:16 → r2, 15:12 → r0, 11:8 → r1, 3:0 → r3, condition AL', () => {
    // addne r5, r6, r7, lsl r8
    const d = classifyArmProbe(0x10865817);
    expect(d.action).toBe('emulate');
    if (d.action !== 'emulate') return;
    expect(d.slotWord.toString(16)).toBe('e0820113');
    expect(d.renames).toEqual([
      { field: 16, original: 6, slot: 2 },
      { field: 12, original: 5, slot: 0 },
      { field: 8, original: 8, slot: 1 },
      { field: 0, original: 7, slot: 3 },
    ]);
    expect(d.registersUsed).toBe((1 << 5) | (1 << 6) | (1 << 7) | (1 << 8));
  });

  it('rejects what the kernel rejects, with a reason', () => {
    const cases: [number, RegExp][] = [
      [0xe29ff004, /exception return/], // adds pc, pc, #4
      [0xe121f000, /not probed/], // msr CPSR_c, r0
      [0xe14f0000, /not probed/], // mrs r0, SPSR
      [0xf1080080, /unconditional/], // cpsie
      [0xe4b01004, /unprivileged/], // ldrt
      [0xe1901f9f, /synchronization/], // ldrex
      [0xe1000091, /synchronization/], // swp
      [0xee070f15, /coprocessor/], // mcr
      [0xef000000, /SVC/], // svc
      [0xe1200070, /not probed/], // bkpt
      [0xe7f001f8, /UDF/], // the kprobe breakpoint itself
      [0xe710f011, /SDIV\/UDIV/], // sdiv
      [0xe5cff000, /Rt = PC/], // strb pc
      [0xe1c0e0f0, /Rt = LR/], // strd lr, [r0]
      [0xe8d00003, /user-register/], // ldm r0, {r0, r1}^
    ];
    for (const [word, reason] of cases) {
      const d = classifyArmProbe(word);
      expect(d.action, word.toString(16)).toBe('reject');
      if (d.action === 'reject') expect(d.reason, word.toString(16)).toMatch(reason);
    }
  });

  it('register-type checks: ordinary register, SP and PC in each checked field', () => {
    // ldr r0, [rN, #4]! (writeback): base may be SP but not PC.
    expect(classifyArmProbe(0xe5b40004).action).toBe('emulate');
    expect(classifyArmProbe(0xe5bd0004).action).toBe('emulate');
    expect(classifyArmProbe(0xe5bf0004).action).toBe('reject');
    // ldr r0, [pc, #4] without writeback is a literal load: allowed.
    expect(classifyArmProbe(0xe59f0004).action).toBe('emulate');
    // clz rd, rm: neither may be PC.
    expect(classifyArmProbe(0xe16f4f14).action).toBe('emulate');
    expect(classifyArmProbe(0xe16fdf1d).action).toBe('emulate');
    expect(classifyArmProbe(0xe16fff14).action).toBe('reject');
    expect(classifyArmProbe(0xe16f4f1f).action).toBe('reject');
    // add (register): any register, PC included.
    expect(classifyArmProbe(0xe08ff00f).action).toBe('emulate');
    // mul: PC not allowed in any field.
    expect(classifyArmProbe(0xe0040392).action).toBe('emulate');
    expect(classifyArmProbe(0xe00f0392).action).toBe('reject');
  });

  it('stack use: immediate stores below SP, STMDB/STMDA on SP, register offsets with SP unknown', () => {
    expect(classifyArmProbe(0xe52de004)).toMatchObject({ action: 'emulate', stackUse: 4 }); // push {lr}
    expect(classifyArmProbe(0xe92d4ff0)).toMatchObject({ stackUse: 36 }); // push {r4-fp, lr}
    expect(classifyArmProbe(0xe80d000f)).toMatchObject({ stackUse: 12 }); // stmda sp, {r0-r3}
    expect(classifyArmProbe(0xe50d0040)).toMatchObject({ action: 'emulate', stackUse: 64 });
    expect(classifyArmProbe(0xe50d0044)).toMatchObject({ action: 'reject', stackUse: 68 });
    expect(classifyArmProbe(0xe14d03f8)).toMatchObject({ action: 'emulate', stackUse: 56 }); // strd r0, [sp, #-56]
    expect(classifyArmProbe(0xe14d04f8)).toMatchObject({ action: 'reject', stackUse: 72 }); // strd r0, [sp, #-72]
    expect(classifyArmProbe(0xe78d0001)).toMatchObject({ action: 'reject', stackUse: 'unknown' }); // str r0, [sp, r1]
    expect(classifyArmProbe(0xe58d0004)).toMatchObject({ action: 'emulate', stackUse: 0 }); // str r0, [sp, #4]
    // STMDA on SP with an empty register list: the kernel counts 4 × (0 − 1) = −4 bytes and refuses it.
    for (const word of [0xe80d0000, 0xe82d0000, 0x180d0000]) {
      const d = classifyArmProbe(word);
      expect(d, word.toString(16)).toMatchObject({ action: 'reject', stackUse: -4 });
      if (d.action === 'reject') expect(d.reason).toContain('negative stack use');
    }
    expect(classifyArmProbe(0xe80d8000)).toMatchObject({ stackUse: 0 }); // stmda sp, {pc}: one register, 0 bytes
    expect(classifyArmProbe(0xe90d0000)).toMatchObject({ action: 'emulate', stackUse: 0 }); // stmdb sp, {}
  });

  it('LDM/STM: emulated in a shifted register window when possible, else simulated', () => {
    expect(classifyArmProbe(0xe8900006)).toMatchObject({ action: 'emulate', handler: 'ldm-stm', registerBase: 0 });
    const pop = classifyArmProbe(0xe8bd8010); // pop {r4, pc}
    expect(pop).toMatchObject({ action: 'emulate', registerBase: 3 });
    if (pop.action === 'emulate') expect(pop.slotWord.toString(16)).toBe('e8ba1002');
    expect(classifyArmProbe(0xe92d4010)).toMatchObject({ action: 'emulate', registerBase: 2, stackUse: 8 }); // push {r4, lr}
    expect(classifyArmProbe(0xe8bd800f)).toMatchObject({ action: 'simulate', handler: 'ldm-stm' }); // pop {r0-r3, pc}
    expect(classifyArmProbe(0xe8bd800f).registersUsed).toBe(0x800f | (1 << 13));
  });
});
