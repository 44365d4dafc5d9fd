/**
 * 32-bit Thumb generic coprocessor instructions: the same kinds and fields as A32 for the same bits (a Thumb
 * coprocessor unit is the A32 word with condition 1110 or 1111), the Thumb condition and PC-relative rules,
 * and objdump 2.40's text for representative units inside and outside IT blocks.
 */
import { describe, expect, it } from 'vitest';
import { decodeA32, decodeThumb, disassembleThumb, type ThumbInstruction } from '../src/index.js';

type Kind = ThumbInstruction['kind'];

function decode<K extends Kind>(unit: number, kind: K, address = 0x8000, itState = 0) {
  const insn = decodeThumb(unit >>> 16, unit & 0xffff, address, itState);
  expect(insn.kind).toBe(kind);
  return insn as Extract<ThumbInstruction, { kind: K }>;
}

function text(unit: number, address = 0x8000, itState = 0): [string, string | null] {
  const d = disassembleThumb(unit >>> 16, unit & 0xffff, address, itState);
  return [d.text, d.comment];
}

/** Fields that differ between the states by design. */
const STATE_FIELDS = new Set(['isa', 'cond', 'length', 'itState', 'unpredictable']);

function withoutState(insn: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(insn).filter(([k]) => !STATE_FIELDS.has(k)));
}

describe('Thumb coprocessor instructions', () => {
  it('decode to the A32 kind and fields of the same bits (random units of 0xEC00–0xEEFF, 0xFC00–0xFEFF)', () => {
    let seed = 7;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 8;
    };
    const kinds = new Map<string, number>();
    for (let i = 0; i < 20000; i++) {
      const hw1 = [0xec00, 0xed00, 0xee00, 0xfc00, 0xfd00, 0xfe00][i % 6]! | (next() & 0xff);
      const bits = ((hw1 << 16) | (next() & 0xffff)) >>> 0;
      const thumb = decodeThumb(hw1, bits & 0xffff, 0x8000, 0);
      const arm = decodeA32(bits, 0x8000);
      // objdump's T32 table differs from A32 in two floating-point places: VDUP (core) needs bits 3:0 = 0000,
      // and VLDMIA PC without writeback is the Armv8.1-M VSCCLRM.
      if (arm.kind === 'vfp-duplicate-core' && (bits & 0xf) !== 0) {
        expect(thumb.kind).toBe('undefined');
        continue;
      }
      if (thumb.op === 'vscclrm') {
        expect(arm).toMatchObject({ kind: 'vfp-load-store-multiple', op: 'vldmia', rn: 15, wback: false });
        expect(thumb).toMatchObject({ kind: 'vfp-load-store-multiple', architecturallyUndefined: true });
        continue;
      }
      expect(thumb.kind).toBe(arm.kind);
      kinds.set(thumb.kind, (kinds.get(thumb.kind) ?? 0) + 1);
      if (thumb.kind === 'undefined' || arm.kind === 'undefined') continue;
      expect(withoutState(thumb)).toEqual(withoutState(arm));
      expect(Object.keys(thumb).filter((k) => k !== 'length' && k !== 'itState')).toEqual(Object.keys(arm));
      expect(thumb.cond).toBe(14);
    }
    // Every architectural kind was exercised, the floating-point ones included.
    for (const k of [
      'coprocessor-data-processing',
      'coprocessor-register-transfer',
      'coprocessor-register-pair-transfer',
      'coprocessor-load-store',
      'vfp-arithmetic',
      'vfp-load-store',
      'vfp-load-store-multiple',
    ])
      expect(kinds.get(k) ?? 0).toBeGreaterThan(100);
  });

  it('MRC / MCRR with the IT condition, `al` and `<und>` included', () => {
    const mrc = decode(0xee1d0f70, 'coprocessor-register-transfer', 0x8000, 0x18);
    expect(mrc).toMatchObject({ coproc: 15, toCoprocessor: false, rt: 0, crn: 13, crm: 0, opc2: 3, cond: 1 });
    expect(mrc.writes).toBe(1);
    expect(text(0xee1d0f70, 0x8000, 0x18)).toEqual(['mrcne\t15, 0, r0, cr13, cr0, {3}', null]);
    expect(text(0xee1d0f70)).toEqual(['mrc\t15, 0, r0, cr13, cr0, {3}', null]);
    expect(text(0xfd1f1e05, 0x800e, 0xe8)).toEqual(['ldc2al\t14, cr1, [pc, #-20]', '0x7ffc']);
    expect(text(0xec412345, 0x8014, 0xf8)).toEqual(['mcrr<und>\t3, 4, r2, r1, cr5', null]);
    // objdump's vendor spellings take the IT condition in their place.
    expect(text(0xee123456, 0x8002, 0x08)).toEqual(['cfmvrseq\tr3, mvf2', null]);
    expect(text(0xed9f8102, 0x801a, 0x08)).toEqual(['ldfeqd\tf0, [pc, #8]', '0x8024']);
    expect(text(0xfe191f10, 0x8020, 0x08)).toEqual(['mrc2eq\t15, 0, r1, cr9, cr0, {0}', null]);
  });

  it('PC-relative LDC/STC: Align(PC, 4) targets, and the Thumb UNPREDICTABLE rules', () => {
    expect(text(0xed9f1e05, 0x8002)).toEqual(['ldc\t14, cr1, [pc, #20]', '0x8018']);
    expect(text(0xed9f1e05, 0x8010)).toEqual(['ldc\t14, cr1, [pc, #20]', '0x8028']);
    expect(text(0xecbf1e05, 0x800a)).toEqual(['ldc\t14, cr1, [pc], #20', '0x8020']);
    const ldc = decode(0xed9f1e05, 'coprocessor-load-store');
    expect(ldc).toMatchObject({ load: true, rn: 15, index: true, add: true, imm32: 20, unpredictable: false });
    // STC with a PC base, and LDC (literal) without P: UNPREDICTABLE in Thumb state.
    expect(decode(0xed8f1e05, 'coprocessor-load-store').unpredictable).toBe(true);
    expect(decode(0xecbf1e05, 'coprocessor-load-store').unpredictable).toBe(true);
    expect(decodeA32(0xed8f1e05, 0).unpredictable).toBe(false);
  });

  it('the floating-point space decodes to the VFP kinds, Advanced SIMD data-processing to its kinds; ASIMD loads/stores are an unsupported extension', () => {
    expect(decode(0xee100a10, 'vfp-move-core-single')).toMatchObject({
      toCore: true,
      rt: 0,
      vn: { bank: 's', index: 0 },
    });
    // Advanced SIMD data-processing (111U 1111): the A32 kinds (vqadd.s8 / vqadd.u8 d0, d0, d0).
    expect(decode(0xef000010, 'asimd-three-registers')).toMatchObject({ op: 'vqadd', dataType: 's8' });
    expect(decode(0xff000010, 'asimd-three-registers')).toMatchObject({ op: 'vqadd', dataType: 'u8' });
    // Element / structure loads and stores (1111 1001 xxx0): the A32 kinds (vst4.8 {d0-d3}, [r0], r0).
    expect(decode(0xf9000000, 'asimd-load-store-multiple')).toMatchObject({ op: 'vst4', structure: 4, rm: 0 });
  });
});
