/**
 * The Thumb form of a VFP instruction. A T32 floating-point unit is bit for bit the A32 word with condition
 * 1110 (or 1111 for the ARMv8 unconditional forms) and goes through the same rows (t32/coprocessor.ts); its
 * Thumb form has the same kind and fields, the IT block's condition, the length and the IT state. In Thumb
 * state the ARM ARM also makes SP UNPREDICTABLE where ARM state allows it (core register transfers, VDUP).
 */
import type { ThumbForm } from '../thumb/common.js';
import { itCondition } from '../thumb/common.js';
import type { VfpInsn, VfpLoadStoreMultipleInsn } from './types.js';

const SP = 13;

function thumbSpUnpredictable(insn: VfpInsn): boolean {
  switch (insn.kind) {
    case 'vfp-move-core-single':
    case 'vfp-move-core-scalar':
    case 'vfp-duplicate-core':
      return insn.rt === SP;
    case 'vfp-move-core-pair':
      return insn.rt === SP || insn.rt2 === SP;
    case 'vfp-system-register':
      return insn.rt === SP;
    default:
      return false;
  }
}

/**
 * objdump's T32 table has the Armv8.1-M VSCCLRM where A32 has VLDMIA PC without writeback (S lists; D lists of
 * an even imm8): UNDEFINED in A-profile, named by objdump. Its list counts imm8 bits 6:0 (S) or imm8 / 2 (D).
 */
function isClearMultiple(insn: VfpInsn): boolean {
  return (
    insn.kind === 'vfp-load-store-multiple' &&
    insn.op === 'vldmia' &&
    insn.rn === 15 &&
    !insn.wback &&
    insn.word >>> 28 === 0xe &&
    (insn.bank === 's' || (insn.imm8 & 1) === 0)
  );
}

/*
 * The Thumb form written out per kind, fields in the A32 order: an object spread of the A32 instruction goes
 * through V8's generic copy for these many shapes (about ten times the cost of the decode itself).
 */
export function thumbVfpForm(insn: VfpInsn, address: number, itState: number): ThumbForm<VfpInsn> {
  const cond = itCondition(itState);
  if (isClearMultiple(insn)) {
    const list = insn as VfpLoadStoreMultipleInsn;
    return {
      isa: 'thumb',
      address,
      word: list.word,
      cond,
      op: 'vscclrm',
      reads: 0,
      writes: 0,
      setsFlags: false,
      unpredictable: false,
      memory: null,
      target: null,
      kind: list.kind,
      architecturallyUndefined: true,
      load: list.load,
      rn: list.rn,
      increment: list.increment,
      wback: list.wback,
      bank: list.bank,
      first: list.first,
      count: list.bank === 's' ? list.imm8 & 0x7f : list.imm8 >>> 1,
      imm8: list.imm8,
      length: 4,
      itState,
    };
  }
  const unpredictable = insn.unpredictable || thumbSpUnpredictable(insn);
  switch (insn.kind) {
    case 'vfp-arithmetic':
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        dataType: insn.dataType,
        vd: insn.vd,
        vn: insn.vn,
        vm: insn.vm,
        selectCond: insn.selectCond,
        length: 4,
        itState,
      };
    case 'vfp-unary':
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        dataType: insn.dataType,
        vd: insn.vd,
        vm: insn.vm,
        rounding: insn.rounding,
        length: 4,
        itState,
      };
    case 'vfp-compare':
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        dataType: insn.dataType,
        vd: insn.vd,
        vm: insn.vm,
        quietNanExceptions: insn.quietNanExceptions,
        length: 4,
        itState,
      };
    case 'vfp-move-immediate':
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        dataType: insn.dataType,
        vd: insn.vd,
        imm8: insn.imm8,
        bits: insn.bits,
        value: insn.value,
        length: 4,
        itState,
      };
    case 'vfp-convert':
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        to: insn.to,
        from: insn.from,
        vd: insn.vd,
        vm: insn.vm,
        rounding: insn.rounding,
        fbits: insn.fbits,
        half: insn.half,
        length: 4,
        itState,
      };
    case 'vfp-load-store':
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        load: insn.load,
        size: insn.size,
        vd: insn.vd,
        rn: insn.rn,
        imm32: insn.imm32,
        add: insn.add,
        length: 4,
        itState,
      };
    case 'vfp-load-store-multiple':
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        load: insn.load,
        rn: insn.rn,
        increment: insn.increment,
        wback: insn.wback,
        bank: insn.bank,
        first: insn.first,
        count: insn.count,
        imm8: insn.imm8,
        length: 4,
        itState,
      };
    case 'vfp-move-core-single':
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        toCore: insn.toCore,
        rt: insn.rt,
        vn: insn.vn,
        dataType: insn.dataType,
        length: 4,
        itState,
      };
    case 'vfp-move-core-pair':
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        toCore: insn.toCore,
        rt: insn.rt,
        rt2: insn.rt2,
        vm: insn.vm,
        length: 4,
        itState,
      };
    case 'vfp-move-core-scalar':
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        toCore: insn.toCore,
        rt: insn.rt,
        vn: insn.vn,
        size: insn.size,
        lane: insn.lane,
        signed: insn.signed,
        length: 4,
        itState,
      };
    case 'vfp-duplicate-core':
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        rt: insn.rt,
        vd: insn.vd,
        size: insn.size,
        length: 4,
        itState,
      };
    default:
      return {
        isa: 'thumb',
        address,
        word: insn.word,
        cond,
        op: insn.op,
        reads: insn.reads,
        writes: insn.writes,
        setsFlags: insn.setsFlags,
        unpredictable,
        memory: insn.memory,
        target: insn.target,
        kind: insn.kind,
        architecturallyUndefined: insn.architecturallyUndefined,
        toCore: insn.toCore,
        rt: insn.rt,
        specialRegister: insn.specialRegister,
        registerName: insn.registerName,
        toFlags: insn.toFlags,
        length: 4,
        itState,
      };
  }
}
