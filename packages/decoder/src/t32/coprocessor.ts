/**
 * 32-bit Thumb generic coprocessor instructions (A6.3.18 outside VFP/Advanced SIMD): MCR/MCR2, MRC/MRC2,
 * MCRR/MCRR2, MRRC/MRRC2, LDC/LDC2, STC/STC2, CDP/CDP2.
 *
 * A Thumb coprocessor unit `111T 11xx …` is bit for bit the A32 encoding with condition 1110 (T = 0, the
 * conditional forms) or 1111 (T = 1, the `2` forms); objdump decodes both states with one table the same
 * way. So a unit here is decoded by the A32 coprocessor rows (a32/coprocessor.ts, vendor spellings and
 * extension carve-outs included) through the A32 dispatch, producing the same kinds and fields;
 * what Thumb changes is the condition (the IT block's), the length, and LDC/STC with a PC base, which Thumb
 * allows only as LDC (literal) with P = 1 or W = 0 — ARM ARM A8.8.57/A8.8.197.
 *
 * The Advanced SIMD data-processing space (111U 1111) is decoded by the A32 Advanced SIMD rows (asimd/thumb.ts).
 */
import { decodeA32 } from '../a32/decode.js';
import type { A32Instruction } from '../a32/types.js';
import { decodeThumbAdvancedSimd, thumbAdvancedSimd } from '../asimd/thumb.js';
import { itCondition } from '../thumb/common.js';
import { thumbUndefined } from '../thumb/decode.js';
import { type ThumbRow, t32 } from '../thumb/row.js';
import type { ThumbInstruction } from '../thumb/types.js';
import { thumbVfpForm } from '../vfp/thumb.js';

/*
 * The Thumb form of an instruction the A32 coprocessor decoder built from the same bits: the same fields in
 * the same order, written out per kind (a spread of four different shapes is a slow, megamorphic copy).
 */
function thumbForm(insn: A32Instruction, bits: number, address: number, itState: number): ThumbInstruction {
  const cond = itCondition(itState);
  switch (insn.kind) {
    case 'coprocessor-data-processing':
      return {
        isa: 'thumb',
        kind: insn.kind,
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable: insn.unpredictable,
        memory: insn.memory,
        target: insn.target,
        coproc: insn.coproc,
        opc1: insn.opc1,
        crd: insn.crd,
        crn: insn.crn,
        crm: insn.crm,
        opc2: insn.opc2,
        length: 4,
        itState,
      };
    case 'coprocessor-register-transfer':
      return {
        isa: 'thumb',
        kind: insn.kind,
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable: insn.unpredictable,
        memory: insn.memory,
        target: insn.target,
        coproc: insn.coproc,
        toCoprocessor: insn.toCoprocessor,
        opc1: insn.opc1,
        rt: insn.rt,
        crn: insn.crn,
        crm: insn.crm,
        opc2: insn.opc2,
        length: 4,
        itState,
      };
    case 'coprocessor-register-pair-transfer':
      return {
        isa: 'thumb',
        kind: insn.kind,
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable: insn.unpredictable,
        memory: insn.memory,
        target: insn.target,
        coproc: insn.coproc,
        toCoprocessor: insn.toCoprocessor,
        opc1: insn.opc1,
        rt: insn.rt,
        rt2: insn.rt2,
        crm: insn.crm,
        length: 4,
        itState,
      };
    case 'coprocessor-load-store':
      return {
        isa: 'thumb',
        kind: insn.kind,
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        // A PC base: Thumb has only LDC (literal), and only with P = 1 or W = 0.
        unpredictable: insn.unpredictable || (insn.rn === 15 && (!insn.load || !insn.index)),
        memory: insn.memory,
        target: insn.target,
        coproc: insn.coproc,
        load: insn.load,
        long: insn.long,
        crd: insn.crd,
        rn: insn.rn,
        imm32: insn.imm32,
        index: insn.index,
        add: insn.add,
        wback: insn.wback,
        option: insn.option,
        architecturallyUndefined: insn.architecturallyUndefined,
        length: 4,
        itState,
      };
    case 'asimd-extension':
      return thumbAdvancedSimd(insn, bits, itState);
    case 'undefined':
      return thumbUndefined(bits, 4, address, itState, insn.reason, insn.extension);
    case 'vfp-arithmetic':
    case 'vfp-unary':
    case 'vfp-compare':
    case 'vfp-move-immediate':
    case 'vfp-convert':
    case 'vfp-load-store':
    case 'vfp-load-store-multiple':
    case 'vfp-move-core-single':
    case 'vfp-move-core-pair':
    case 'vfp-move-core-scalar':
    case 'vfp-system-register':
      return thumbVfpForm(insn, address, itState);
    case 'vfp-duplicate-core':
      // objdump's T32 VDUP (core) requires bits 3:0 = 0000 (A32 prints it whatever they are).
      if ((bits & 0xf) !== 0) return thumbUndefined(bits, 4, address, itState);
      return thumbVfpForm(insn, address, itState);
    default:
      // The coprocessor rows build only the kinds above.
      return thumbUndefined(bits, 4, address, itState);
  }
}

/** A coprocessor unit: the A32 decode of the same bits (condition 1110 or 1111), in Thumb form. */
function decodeCoprocessor(bits: number, address: number, _op: string, _broken: boolean, itState: number) {
  return thumbForm(decodeA32(bits, address), bits, address, itState);
}

/*
 * The coprocessor space of either condition; the A32 table (compiled into its dispatch trie) selects the
 * encoding within it, vendor spellings and extension carve-outs included.
 */
export const t32CoprocessorRows: readonly ThumbRow[] = [
  t32('1110 1111 ---- ---- ---- ---- ---- ----', 'advanced-simd', decodeThumbAdvancedSimd),
  t32('1111 1111 ---- ---- ---- ---- ---- ----', 'advanced-simd', decodeThumbAdvancedSimd),
  t32('1110 110- ---- ---- ---- ---- ---- ----', 'coprocessor', decodeCoprocessor),
  t32('1110 1110 ---- ---- ---- ---- ---- ----', 'coprocessor', decodeCoprocessor),
  t32('1111 110- ---- ---- ---- ---- ---- ----', 'coprocessor2', decodeCoprocessor),
  t32('1111 1110 ---- ---- ---- ---- ---- ----', 'coprocessor2', decodeCoprocessor),
];
