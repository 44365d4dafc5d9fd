import { moveCoreScalarNarrow } from './asimd.js';
import { COST } from './cost-model.js';
import {
  alignedPc,
  type Emitted,
  type EmitterTable,
  type InsnOf,
  plain,
  readReg,
  terminal,
  undefinedInstruction,
} from './emit.js';

/**
 * VFP (VFPv4-D32) execution: the emitted code calls the helpers of ../vfp/runtime.ts (exact software
 * floating point, ../vfp/softfloat.ts) or moves register words inline. The Advanced SIMD forms of this space
 * (VDUP from a core register, 8- and 16-bit scalar moves) are in ./asimd.ts.
 */

function sizeOf(t: string): number {
  return t === 'f64' ? 64 : t === 'f32' ? 32 : 16;
}

function regIndex(r: { bank: string; index: number }): number {
  return r.index;
}

const FP_COST = 2;

/**
 * A form qemu-arm's CPU makes UNDEFINED while FPSCR.Len or Stride is non-zero (the fused multiply-adds and
 * the half-precision forms; the others run as short vectors): the check runs first and throws (the `memory`
 * flag makes the compiler record the PC).
 */
function scalarOnly(code: string, cost: number): Emitted {
  return {
    code: `if ((cpu.fpscr & 0x370000) !== 0) h.undefinedAtRun(); ${code}`,
    terminal: false,
    memory: true,
    store: false,
    cost,
  };
}

function arithmetic(insn: InsnOf<'vfp-arithmetic'>): Emitted {
  if (insn.architecturallyUndefined) return undefinedInstruction(insn);
  const size = sizeOf(insn.dataType);
  const args = `${regIndex(insn.vd)}, ${regIndex(insn.vn)}, ${regIndex(insn.vm)}`;
  if (insn.selectCond !== null) return plain(`h.vfpSelect(cpu, ${size}, ${insn.selectCond}, ${args});`, FP_COST);
  const code = `h.vfpArithmetic(cpu, '${insn.op}', ${size}, ${args});`;
  const cost = insn.op === 'vdiv' ? COST.divide : FP_COST;
  // Short vectors: the helper loops for the chained forms; the fused and half-precision forms are UNDEFINED.
  return size === 16 || insn.op.startsWith('vf') ? scalarOnly(code, cost) : plain(code, cost);
}

function unary(insn: InsnOf<'vfp-unary'>): Emitted {
  if (insn.architecturallyUndefined) return undefinedInstruction(insn);
  const size = sizeOf(insn.dataType);
  const code = `h.vfpUnary(cpu, '${insn.op}', ${size}, '${insn.rounding ?? ''}', ${regIndex(insn.vd)}, ${regIndex(insn.vm)});`;
  const cost = insn.op === 'vsqrt' ? COST.divide : FP_COST;
  return size === 16 && ['vabs', 'vneg', 'vsqrt', 'vmov'].includes(insn.op)
    ? scalarOnly(code, cost)
    : plain(code, cost);
}

function compare(insn: InsnOf<'vfp-compare'>): Emitted {
  if (insn.architecturallyUndefined) return undefinedInstruction(insn);
  const m = insn.vm === null ? -1 : regIndex(insn.vm);
  return plain(
    `h.vfpCompare(cpu, ${sizeOf(insn.dataType)}, ${regIndex(insn.vd)}, ${m}, ${insn.quietNanExceptions});`,
    FP_COST,
  );
}

function moveImmediate(insn: InsnOf<'vfp-move-immediate'>): Emitted {
  if (insn.architecturallyUndefined) return undefinedInstruction(insn);
  const d = regIndex(insn.vd);
  if (insn.dataType === 'f16') return scalarOnly(`cpu.vfp[${d}] = ${insn.bits & 0xffff};`, 1);
  const size = insn.dataType === 'f64' ? 64 : 32;
  const store =
    size === 64
      ? `cpu.vfp[${2 * d}] = 0; cpu.vfp[${2 * d + 1}] = ${insn.bits >>> 0};`
      : `cpu.vfp[${d}] = ${insn.bits >>> 0};`;
  // With FPSCR.Len non-zero the helper writes the short vector.
  return plain(
    `if ((cpu.fpscr & 0x70000) === 0) { ${store} } else h.vfpMoveImmediate(cpu, ${size}, ${d}, ${insn.bits >>> 0});`,
    1,
  );
}

function convert(insn: InsnOf<'vfp-convert'>): Emitted {
  if (insn.architecturallyUndefined || insn.to === 'bf16' || insn.from === 'bf16') return undefinedInstruction(insn);
  const fbits = insn.fbits === null ? -1 : insn.fbits;
  if (insn.fbits !== null && insn.fbits < 0) return undefinedInstruction(insn);
  return plain(
    `h.vfpConvert(cpu, '${insn.op}', '${insn.to}', '${insn.from}', '${insn.rounding}', ${fbits}, '${insn.half ?? ''}', ${regIndex(insn.vd)}, ${regIndex(insn.vm)});`,
    FP_COST,
  );
}

function memoryOp(code: string, store: boolean, cost: number): Emitted {
  return { code, terminal: false, memory: true, store, cost };
}

/** VLDR / VSTR: word alignment (halfword for the 16-bit form), else an alignment fault. */
function loadStore(insn: InsnOf<'vfp-load-store'>): Emitted {
  if (insn.architecturallyUndefined) return undefinedInstruction(insn);
  const base = insn.rn === 15 ? String(alignedPc(insn)) : readReg(insn, insn.rn);
  const offset = insn.add ? insn.imm32 : -insn.imm32;
  const mask = insn.size === 2 ? 1 : 3;
  const access = insn.load ? 'read' : 'write';
  let code = `const a = (${base} + ${offset}) | 0; if ((a & ${mask}) !== 0) h.alignmentFault(a, '${access}');`;
  const d = regIndex(insn.vd);
  if (insn.size === 8) {
    code += insn.load
      ? ` const lo = mem.read32(a), hi = mem.read32((a + 4) | 0); cpu.vfp[${2 * d}] = lo; cpu.vfp[${2 * d + 1}] = hi;`
      : ` mem.write32(a, cpu.vfp[${2 * d}] | 0); mem.write32((a + 4) | 0, cpu.vfp[${2 * d + 1}] | 0);`;
  } else if (insn.size === 4) {
    code += insn.load ? ` cpu.vfp[${d}] = mem.read32(a);` : ` mem.write32(a, cpu.vfp[${d}] | 0);`;
  } else {
    code += insn.load ? ` cpu.vfp[${d}] = mem.read16(a);` : ` mem.write16(a, cpu.vfp[${d}] & 0xffff);`;
  }
  return memoryOp(code, !insn.load, insn.load ? COST.load : COST.store);
}

/**
 * VLDM / VSTM / VPUSH / VPOP / FLDMX / FSTMX: `imm8` words from [rn] upwards (IA) or from rn − 4 × imm8 (DB);
 * a list past the last register or of more than 16 D registers is UNDEFINED (as qemu-arm treats it).
 */
function loadStoreMultiple(insn: InsnOf<'vfp-load-store-multiple'>): Emitted {
  const words = insn.bank === 'd' ? 2 * insn.count : insn.count;
  if (
    insn.architecturallyUndefined ||
    insn.count === 0 ||
    insn.first + insn.count > 32 ||
    (insn.bank === 'd' && insn.count > 16) ||
    (insn.wback && insn.rn === 15)
  )
    return undefinedInstruction(insn);
  const span = 4 * insn.imm8;
  const access = insn.load ? 'read' : 'write';
  let code = `const b = ${readReg(insn, insn.rn)}; const a = (b + ${insn.increment ? 0 : -span}) | 0;`;
  code += ` if ((a & 3) !== 0) h.alignmentFault(a, '${access}');`;
  const firstWord = insn.bank === 'd' ? 2 * insn.first : insn.first;
  const writeback = insn.wback ? ` r[${insn.rn}] = (b + ${insn.increment ? span : -span}) | 0;` : '';
  if (insn.load) {
    for (let i = 0; i < words; i++) code += ` const v${i} = mem.read32((a + ${4 * i}) | 0);`;
    for (let i = 0; i < words; i++) code += ` cpu.vfp[${firstWord + i}] = v${i};`;
    code += writeback;
    return memoryOp(code, false, COST.multipleBase + words + 1);
  }
  for (let i = 0; i < words; i++) code += ` mem.write32((a + ${4 * i}) | 0, cpu.vfp[${firstWord + i}] | 0);`;
  code += writeback;
  return memoryOp(code, true, COST.multipleBase + words);
}

function moveCoreSingle(insn: InsnOf<'vfp-move-core-single'>): Emitted {
  if (insn.architecturallyUndefined) return undefinedInstruction(insn);
  const n = regIndex(insn.vn);
  const mask = insn.dataType === 'f16' ? ' & 0xffff' : '';
  if (insn.toCore) {
    if (insn.rt === 15) return undefinedInstruction(insn);
    return plain(`r[${insn.rt}] = cpu.vfp[${n}]${mask} | 0;`, 1);
  }
  return plain(`cpu.vfp[${n}] = (${readReg(insn, insn.rt)}${mask}) >>> 0;`, 1);
}

function moveCorePair(insn: InsnOf<'vfp-move-core-pair'>): Emitted {
  if (insn.architecturallyUndefined) return undefinedInstruction(insn);
  const lo = insn.vm.bank === 'd' ? 2 * insn.vm.index : insn.vm.index;
  if (lo + 1 > 63 || (insn.vm.bank === 's' && insn.vm.index === 31)) return undefinedInstruction(insn);
  if (insn.toCore) {
    if (insn.rt === 15 || insn.rt2 === 15 || insn.rt === insn.rt2) return undefinedInstruction(insn);
    return plain(`r[${insn.rt}] = cpu.vfp[${lo}] | 0; r[${insn.rt2}] = cpu.vfp[${lo + 1}] | 0;`, 1);
  }
  return plain(
    `cpu.vfp[${lo}] = ${readReg(insn, insn.rt)} >>> 0; cpu.vfp[${lo + 1}] = ${readReg(insn, insn.rt2)} >>> 0;`,
    1,
  );
}

/** VMOV core ↔ 32-bit scalar (VFP); the 8- and 16-bit scalars are Advanced SIMD (./asimd.ts). */
function moveCoreScalar(insn: InsnOf<'vfp-move-core-scalar'>): Emitted {
  if (insn.size !== 32) return moveCoreScalarNarrow(insn);
  if (insn.architecturallyUndefined) return undefinedInstruction(insn);
  const w = 2 * insn.vn.index + insn.lane;
  if (insn.toCore) {
    if (insn.rt === 15) return undefinedInstruction(insn);
    return plain(`r[${insn.rt}] = cpu.vfp[${w}] | 0;`, 1);
  }
  return plain(`cpu.vfp[${w}] = ${readReg(insn, insn.rt)} >>> 0;`, 1);
}

/** VMRS / VMSR. */
function systemRegister(insn: InsnOf<'vfp-system-register'>): Emitted {
  if (insn.architecturallyUndefined) return undefinedInstruction(insn);
  const head = `${insn.address >>> 0}, ${insn.word >>> 0}, ${insn.specialRegister}`;
  if (insn.toCore) {
    if (insn.rt === 15 && insn.specialRegister !== 1) return undefinedInstruction(insn);
    return terminal(`h.vfpMoveFromSystem(cpu, ${head}, ${insn.rt});`, COST.system);
  }
  return terminal(`h.vfpMoveToSystem(cpu, ${head}, ${readReg(insn, insn.rt)});`, COST.system);
}

export const vfpEmitters = {
  'vfp-arithmetic': arithmetic,
  'vfp-unary': unary,
  'vfp-compare': compare,
  'vfp-move-immediate': moveImmediate,
  'vfp-convert': convert,
  'vfp-load-store': loadStore,
  'vfp-load-store-multiple': loadStoreMultiple,
  'vfp-move-core-single': moveCoreSingle,
  'vfp-move-core-pair': moveCorePair,
  'vfp-move-core-scalar': moveCoreScalar,
  'vfp-system-register': systemRegister,
} satisfies EmitterTable;
