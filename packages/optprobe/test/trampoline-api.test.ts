import { classifyArmProbe, decodeA32, disassembleA32, EncodeError } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import {
  buildTrampoline,
  OPTPROBE_GATE_WORD,
  PT_REGS_CPSR,
  PT_REGS_ORIG_R0,
  PT_REGS_PC,
  PT_REGS_SP,
  PT_REGS_WORDS,
  planOptimization,
  readPtRegsFrame,
  TrampolineError,
  writePtRegsFrame,
} from '../src/index.js';
import {
  encodeAndImm8,
  encodeBlxReg,
  encodeCmpReg,
  encodeMrsApsr,
  encodeMsrApsrNzcvqg,
} from '../src/trampoline/encode.js';

describe('local encoders (what the decoder writer lacks)', () => {
  const text = (w: number) => disassembleA32(w, 0x1000).text.replace('\t', ' ');
  it('disassemble as intended', () => {
    expect(text(encodeMrsApsr(0))).toBe('mrs r0, CPSR');
    expect(text(encodeMrsApsr(12, 0))).toBe('mrseq ip, CPSR');
    expect(text(encodeMsrApsrNzcvqg(0))).toBe('msr CPSR_fs, r0');
    expect(text(encodeMsrApsrNzcvqg(7, 1))).toBe('msrne CPSR_fs, r7');
    expect(text(encodeBlxReg(2))).toBe('blx r2');
    expect(text(encodeCmpReg(0, 1))).toBe('cmp r0, r1');
    expect(text(encodeAndImm8(4, 13, 4))).toBe('and r4, sp, #4');
    expect(text(encodeAndImm8(1, 2, 255))).toBe('and r1, r2, #255');
  });
  it('decode to the kinds and registers intended', () => {
    const msr = decodeA32(encodeMsrApsrNzcvqg(3), 0);
    expect(msr.kind).toBe('msr-register');
    expect(msr.unpredictable).toBe(false);
    expect(decodeA32(encodeBlxReg(2), 0)).toMatchObject({ kind: 'branch-exchange', rm: 2, link: true });
    expect(decodeA32(encodeCmpReg(0, 1), 0)).toMatchObject({ kind: 'dp-register', opcode: 10, setsFlags: true });
  });
  it('refuse what they cannot encode', () => {
    expect(() => encodeMrsApsr(15)).toThrow(EncodeError);
    expect(() => encodeAndImm8(0, 0, 256)).toThrow(EncodeError);
    expect(() => encodeBlxReg(-1)).toThrow(EncodeError);
  });
  it('the suggested gate word is permanently undefined and not a kprobes word', () => {
    expect(OPTPROBE_GATE_WORD).toBe(0xe7f004fa);
    expect(decodeA32(OPTPROBE_GATE_WORD, 0).kind).toBe('permanently-undefined');
  });
});

describe('planOptimization', () => {
  const base = { address: 0x8000, slotAddress: 0x9000, gateAddress: 0xa000, probeId: 3, hasPostHandler: false };
  it('accepts, with the branch word and the trampoline', () => {
    const plan = planOptimization({ ...base, word: 0xe0810002 });
    expect(plan).toMatchObject({ ok: true, branchWord: 0xea0003fe, trampoline: { mode: 'direct', frameBytes: 72 } });
  });
  it('typed reasons, in the analysis order, then relocation', () => {
    expect(planOptimization({ ...base, word: 0xe7f001f8 })).toMatchObject({
      ok: false,
      reason: 'classification-rejected',
    });
    expect(planOptimization({ ...base, word: 0xe0810002, hasPostHandler: true })).toMatchObject({
      ok: false,
      reason: 'post-handler',
    });
    expect(planOptimization({ ...base, word: 0xe0810002, slotAddress: 0x9002 })).toMatchObject({
      ok: false,
      reason: 'misaligned-target',
    });
    // stmda r2, {r2, r5, r9, sl, fp, sp, lr, pc}: stores the PC, which nothing relocates
    expect(planOptimization({ ...base, word: 0xe802ee24 })).toMatchObject({
      ok: false,
      reason: 'uses-pc-not-relocatable',
    });
  });
  it('bad input throws RangeError', () => {
    expect(() => planOptimization({ ...base, word: 2 ** 32 })).toThrow(RangeError);
  });
});

describe('buildTrampoline', () => {
  const spec = (word: number, extra: Partial<Parameters<typeof buildTrampoline>[0]> = {}) => {
    const insn = decodeA32(word, 0x8000);
    const classification = classifyArmProbe(insn);
    return {
      address: 0x8000,
      word,
      insn,
      slotAddress: 0x9000,
      gateAddress: 0xa000,
      probeId: 1,
      stackUse: typeof classification.stackUse === 'number' ? classification.stackUse : 0,
      classification,
      ...extra,
    };
  };
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof TrampolineError ? e.code : `other: ${e}`;
    }
    return 'no error';
  };
  it('refuses with typed codes', () => {
    expect(code(() => buildTrampoline(spec(0xe7f001f8)))).toBe('classification-rejected');
    expect(code(() => buildTrampoline(spec(0xe802ee24)))).toBe('uses-pc-not-relocatable');
    expect(code(() => buildTrampoline(spec(0xe0810002, { stackUse: 184 })))).toBe('frame-too-large');
    expect(code(() => buildTrampoline(spec(0xe0810002, { address: 0x8004 })))).toBe('bad-spec');
    expect(code(() => buildTrampoline(spec(0xe0810002, { slotAddress: 0x9002 })))).toBe('bad-spec');
    expect(code(() => buildTrampoline(spec(0xe0810002, { probeId: -1 })))).toBe('bad-spec');
    expect(code(() => buildTrampoline(spec(0xe0810002, { stackUse: 180 })))).toBe('no error');
  });
  it('originalAt names the probed word (direct), the renamed copy (relocated), nothing for branches', () => {
    const direct = buildTrampoline(spec(0xe0810002));
    expect(direct.words[(direct.originalAt! - 0x9000) / 4]).toBe(0xe0810002);
    const ldr = buildTrampoline(spec(0xe59f0010));
    expect(ldr.words[(ldr.originalAt! - 0x9000) / 4]).toBe(0xe5920010);
    expect(buildTrampoline(spec(0xeb000010)).originalAt).toBeNull();
  });
  it('a conditional probed word runs as AL in the trampoline; a 0xF-space word unchanged', () => {
    const movne = buildTrampoline(spec(0x13a00001));
    expect(movne.words[(movne.originalAt! - 0x9000) / 4]).toBe(0xe3a00001);
    const pld = buildTrampoline(spec(0xf5d1f010)); // pld [r1, #16]
    expect(pld.mode).toBe('direct');
    expect(pld.words[(pld.originalAt! - 0x9000) / 4]).toBe(0xf5d1f010);
  });
});

describe('pt_regs frame helpers', () => {
  it('read and write the 18 words at the frame address', () => {
    const mem = new Map<number, number>();
    const memory = {
      peek32: (a: number) => mem.get(a) ?? 0,
      poke32: (a: number, v: number) => void mem.set(a, v >>> 0),
    };
    const uregs = Uint32Array.from({ length: PT_REGS_WORDS }, (_, i) => 0x1000 + i);
    writePtRegsFrame(memory, 0x2000, uregs);
    expect(mem.get(0x2000 + PT_REGS_SP)).toBe(0x100d);
    expect(mem.get(0x2000 + PT_REGS_PC)).toBe(0x100f);
    expect(mem.get(0x2000 + PT_REGS_CPSR)).toBe(0x1010);
    expect(mem.get(0x2000 + PT_REGS_ORIG_R0)).toBe(0x1011);
    expect(readPtRegsFrame(memory, 0x2000)).toEqual(uregs);
    expect(() => writePtRegsFrame(memory, 0x2000, [1, 2])).toThrow(RangeError);
  });
});
