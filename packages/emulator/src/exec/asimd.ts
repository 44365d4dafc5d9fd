import {
  type AdvancedSimdKind,
  type AdvancedSimdLoadStoreKind,
  expandModifiedImmediate,
  type SimdOperand,
} from '@armprobe/decoder';
import { THREE_SAME_F32 } from '../asimd/float.js';
import { THREE_SAME_F16 } from '../asimd/half.js';
import { THREE_SAME_64, THREE_SAME_INTEGER } from '../asimd/integer.js';
import { ALL_LANES as ALL_LANES_FORM, MULTIPLE, SINGLE_LANE } from '../asimd/memory.js';
import { COST } from './cost-model.js';
import {
  type Emitted,
  type EmitterTable,
  type InsnOf,
  type Instruction,
  plain,
  readReg,
  undefinedInstruction,
} from './emit.js';

/**
 * Advanced SIMD execution: the emitted code calls the helpers of ../asimd/* with the instruction's typed
 * fields (operation, element type and size, D register numbers — a Q register Q<n> is D<2n> with two
 * registers — immediates). The forms listed in the emulator README execute; every other Advanced SIMD form
 * (half precision, the reciprocal estimates, the doubling long multiplies, cryptography, the ARMv8.x
 * extensions) stays UNDEFINED, as do UNPREDICTABLE words (a register list past d31, the PC as base).
 */

const SIMD_COST = 2;

type AsimdInsn = Extract<Instruction, { readonly kind: AdvancedSimdKind }>;

/** The D register number of a register operand (Q<n> → D<2n>), or -1 for any other operand. */
function dIndex(o: SimdOperand | undefined): number {
  if (o === undefined || o.type !== 'register' || o.bank === 's') return -1;
  return o.bank === 'q' ? 2 * o.index : o.index;
}

function immediateOf(o: SimdOperand | undefined): number {
  return o !== undefined && o.type === 'immediate' ? o.value : -1;
}

/** The type letter of a data type (`s16` → `s`, `8` → ''). */
function letterOf(dataType: string): string {
  return dataType.replace(/[0-9]+$/, '');
}

/** Register operands as D numbers, or null when one is not a register (an illegal operand). */
function registers(insn: AsimdInsn, count: number): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = dIndex(insn.operands[i]);
    if (d < 0) return null;
    out.push(d);
  }
  return out;
}

function unusable(insn: AsimdInsn): boolean {
  return insn.architecturallyUndefined || insn.unpredictable;
}

const BITWISE = new Set(['vand', 'vbic', 'vorr', 'vorn', 'veor', 'vbsl', 'vbit', 'vbif']);
const PAIRWISE = new Set(['vpadd', 'vpmax', 'vpmin']);
/** SHA1 / SHA256 forms with three Q registers (../asimd/crypto.ts). */
const SHA3 = new Set(['sha1c', 'sha1p', 'sha1m', 'sha1su0', 'sha256h', 'sha256h2', 'sha256su1']);
/** f32 forms of ../asimd/estimate.ts: Newton–Raphson steps and the ARMv8 VMAXNM / VMINNM. */
const STEPS = new Set(['vrecps', 'vrsqrts', 'vmaxnm', 'vminnm']);
/** Unary f32 / u32 forms of ../asimd/estimate.ts. */
const ESTIMATES = new Set([
  'vrecpe',
  'vrsqrte',
  'vrintn',
  'vrintx',
  'vrinta',
  'vrintz',
  'vrintm',
  'vrintp',
  'vcvta',
  'vcvtn',
  'vcvtp',
  'vcvtm',
]);

function threeRegisters(insn: AsimdInsn): Emitted {
  if (unusable(insn)) return undefinedInstruction(insn);
  const regs = insn.quad ? 2 : 1;
  const rr = registers(insn, 3);
  if (rr === null) return undefinedInstruction(insn);
  const [d, n, m] = rr as [number, number, number];
  const { op } = insn;
  if (SHA3.has(op)) return plain(`h.simdSha3(cpu, '${op}', ${d}, ${n}, ${m});`, SIMD_COST);
  if (insn.dataType === '' && BITWISE.has(op))
    return plain(`h.simdBitwise(cpu, '${op}', ${regs}, ${d}, ${n}, ${m});`, SIMD_COST);
  if (PAIRWISE.has(op) && insn.quad) return undefinedInstruction(insn);
  const t = letterOf(insn.dataType);
  if (insn.dataType === 'f16' && THREE_SAME_F16.has(op))
    return plain(`h.simdThreeHalf(cpu, '${op}', ${regs}, ${d}, ${n}, ${m}, -1, 0);`, SIMD_COST);
  if (t === 'f') {
    if (insn.dataType !== 'f32') return undefinedInstruction(insn);
    if (STEPS.has(op)) return plain(`h.simdStep(cpu, '${op}', ${regs}, ${d}, ${n}, ${m});`, SIMD_COST);
    if (!THREE_SAME_F32.has(op)) return undefinedInstruction(insn);
    return plain(`h.simdThreeFloat(cpu, '${op}', ${regs}, ${d}, ${n}, ${m});`, SIMD_COST);
  }
  const bits = insn.elementBits;
  if (op === 'vqrdmlah' || op === 'vqrdmlsh')
    return plain(`h.simdDoubling(cpu, '${op}', ${bits}, ${regs}, ${d}, ${n}, ${m}, -1, 0);`, SIMD_COST);
  if (!THREE_SAME_INTEGER.has(op) || (bits === 64 && !THREE_SAME_64.has(op))) return undefinedInstruction(insn);
  return plain(`h.simdThree(cpu, '${op}', '${t}', ${bits}, ${regs}, ${d}, ${n}, ${m});`, SIMD_COST);
}

const DIFFERENT = new Set([
  'vaddl',
  'vaddw',
  'vsubl',
  'vsubw',
  'vabdl',
  'vabal',
  'vmull',
  'vmlal',
  'vmlsl',
  'vaddhn',
  'vsubhn',
  'vraddhn',
  'vrsubhn',
]);

/** The saturating doubling multiplies of ../asimd/doubling.ts. */
const DOUBLING = new Set(['vqdmull', 'vqdmlal', 'vqdmlsl', 'vqdmulh', 'vqrdmulh', 'vqrdmlah', 'vqrdmlsh']);

function threeDifferent(insn: AsimdInsn): Emitted {
  if (unusable(insn)) return undefinedInstruction(insn);
  const rr = registers(insn, 3);
  if (rr === null) return undefinedInstruction(insn);
  const [d, n, m] = rr as [number, number, number];
  if (DOUBLING.has(insn.op))
    return plain(`h.simdDoubling(cpu, '${insn.op}', ${insn.elementBits}, 1, ${d}, ${n}, ${m}, -1, 0);`, SIMD_COST);
  if (insn.op === 'vmull' && insn.dataType === 'p64') return plain(`h.simdMullP64(cpu, ${d}, ${n}, ${m});`, SIMD_COST);
  if (!DIFFERENT.has(insn.op) || insn.dataType === 'p64') return undefinedInstruction(insn);
  // The narrowing forms name the wide element size; the others the narrow one.
  const bits = insn.op.endsWith('hn') ? insn.elementBits / 2 : insn.elementBits;
  const t = letterOf(insn.dataType);
  return plain(`h.simdDifferent(cpu, '${insn.op}', '${t}', ${bits}, ${d}, ${n}, ${m});`, SIMD_COST);
}

function byScalar(insn: AsimdInsn): Emitted {
  const { op } = insn;
  if (unusable(insn) || !(['vmul', 'vmla', 'vmls', 'vmull', 'vmlal', 'vmlsl'].includes(op) || DOUBLING.has(op)))
    return undefinedInstruction(insn);
  const rr = registers(insn, 2);
  const s = insn.operands[2];
  if (rr === null || s === undefined || s.type !== 'scalar') return undefinedInstruction(insn);
  const [d, n] = rr as [number, number];
  const regs = insn.quad ? 2 : 1;
  if (DOUBLING.has(op))
    return plain(
      `h.simdDoubling(cpu, '${op}', ${insn.elementBits}, ${regs}, ${d}, ${n}, 0, ${s.index}, ${s.lane});`,
      SIMD_COST,
    );
  const t = letterOf(insn.dataType);
  if (insn.dataType === 'f16' && (op === 'vmul' || op === 'vmla' || op === 'vmls'))
    return plain(`h.simdThreeHalf(cpu, '${op}', ${regs}, ${d}, ${n}, 0, ${s.index}, ${s.lane});`, SIMD_COST);
  if (t === 'f') {
    if (insn.dataType !== 'f32') return undefinedInstruction(insn);
    return plain(`h.simdByScalarFloat(cpu, '${op}', ${regs}, ${d}, ${n}, ${s.index}, ${s.lane});`, SIMD_COST);
  }
  return plain(
    `h.simdByScalar(cpu, '${op}', '${t}', ${insn.elementBits}, ${regs}, ${d}, ${n}, ${s.index}, ${s.lane});`,
    SIMD_COST,
  );
}

const SHIFTS = new Set([
  'vshr',
  'vsra',
  'vrshr',
  'vrsra',
  'vshl',
  'vqshl',
  'vqshlu',
  'vsri',
  'vsli',
  'vshrn',
  'vrshrn',
  'vqshrn',
  'vqrshrn',
  'vqshrun',
  'vqrshrun',
  'vshll',
  'vmovl',
]);

function shiftImmediate(insn: AsimdInsn): Emitted {
  if (unusable(insn)) return undefinedInstruction(insn);
  const rr = registers(insn, 2);
  if (rr === null) return undefinedInstruction(insn);
  const [d, m] = rr as [number, number];
  const regs = insn.quad ? 2 : 1;
  if (insn.op === 'vcvt') {
    const fbits = immediateOf(insn.operands[2]);
    if (insn.elementBits !== 32 || fbits < 0) return undefinedInstruction(insn);
    return plain(
      `h.simdMiscFloat(cpu, 'vcvt', '${insn.dataType}', '${insn.dataType2}', ${regs}, ${d}, ${m}, ${fbits});`,
      SIMD_COST,
    );
  }
  if (!SHIFTS.has(insn.op)) return undefinedInstruction(insn);
  const shift = insn.op === 'vmovl' ? 0 : immediateOf(insn.operands[2]);
  if (shift < 0) return undefinedInstruction(insn);
  const t = letterOf(insn.dataType);
  return plain(
    `h.simdShift(cpu, '${insn.op}', '${t}', ${insn.elementBits}, ${regs}, ${d}, ${m}, ${shift});`,
    SIMD_COST,
  );
}

function modifiedImmediate(insn: AsimdInsn): Emitted {
  if (unusable(insn)) return undefinedInstruction(insn);
  const d = dIndex(insn.operands[0]);
  const imm = insn.operands[1];
  if (d < 0 || imm === undefined || imm.type !== 'modified-immediate') return undefinedInstruction(insn);
  if (imm.cmode === 15 && imm.op === 1) return undefinedInstruction(insn);
  let [hi, lo] = expandModifiedImmediate(imm.op, imm.cmode, imm.imm8);
  if (insn.op === 'vmvn') {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  }
  const regs = insn.quad ? 2 : 1;
  if (insn.op === 'vmov' || insn.op === 'vmvn') {
    let code = '';
    for (let r = 0; r < regs; r++) code += `cpu.vfp[${2 * (d + r)}] = ${lo}; cpu.vfp[${2 * (d + r) + 1}] = ${hi}; `;
    return plain(code.trimEnd(), 1);
  }
  return plain(`h.simdModifiedImmediate(cpu, '${insn.op}', ${regs}, ${d}, ${hi}, ${lo});`, 1);
}

const MISC_INTEGER = new Set([
  'vmovn',
  'vqmovn',
  'vqmovun',
  'vpaddl',
  'vpadal',
  'vswp',
  'vmvn',
  'vrev16',
  'vrev32',
  'vrev64',
  'vtrn',
  'vuzp',
  'vzip',
  'vabs',
  'vneg',
  'vqabs',
  'vqneg',
  'vceq',
  'vcgt',
  'vcge',
  'vcle',
  'vclt',
  'vclz',
  'vcls',
  'vcnt',
]);
const MISC_FLOAT = new Set(['vabs', 'vneg', 'vceq', 'vcgt', 'vcge', 'vcle', 'vclt', 'vcvt']);

const HALF_UNARY = new Set(['vabs', 'vneg', 'vceq', 'vcge', 'vcgt', 'vcle', 'vclt']);

/** The f16 miscellaneous forms of ../asimd/half.ts. */
function halfMisc(op: string, t: string, t2: string): boolean {
  if (t === 'f16' && (HALF_UNARY.has(op) || op.startsWith('vrint'))) return op !== 'vrint?';
  if (['vcvta', 'vcvtn', 'vcvtp', 'vcvtm'].includes(op)) return (t === 's16' || t === 'u16') && t2 === 'f16';
  if (op === 'vcvt')
    return (t === 'f16' && (t2 === 's16' || t2 === 'u16')) || ((t === 's16' || t === 'u16') && t2 === 'f16');
  return false;
}

function misc(insn: AsimdInsn): Emitted {
  if (unusable(insn)) return undefinedInstruction(insn);
  const rr = registers(insn, 2);
  if (rr === null) return undefinedInstruction(insn);
  const [d, m] = rr as [number, number];
  const { op } = insn;
  // The register count follows the source for the narrowing moves (Q → D) and VSHLL (D → Q).
  const regs = insn.quad ? 2 : 1;
  const t = letterOf(insn.dataType);
  if (op === 'vshll') {
    const shift = immediateOf(insn.operands[2]);
    if (shift < 0) return undefinedInstruction(insn);
    return plain(`h.simdShift(cpu, 'vshll', 'i', ${insn.elementBits}, 2, ${d}, ${m}, ${shift});`, SIMD_COST);
  }
  const halfOperation = halfMisc(insn.op, insn.dataType, insn.dataType2);
  if (halfOperation)
    return plain(
      `h.simdMiscHalf(cpu, '${op}', '${insn.dataType}', '${insn.dataType2}', ${regs}, ${d}, ${m});`,
      SIMD_COST,
    );
  if (op === 'sha1h' || op === 'sha1su1' || op === 'sha256su0')
    return plain(`h.simdSha2(cpu, '${op}', ${d}, ${m});`, SIMD_COST);
  if (op === 'aese' || op === 'aesd' || op === 'aesmc' || op === 'aesimc')
    return plain(`h.simdAes(cpu, '${op}', ${d}, ${m});`, SIMD_COST);
  if (ESTIMATES.has(op)) {
    const ok =
      op === 'vrecpe' || op === 'vrsqrte'
        ? insn.dataType === 'f32' || insn.dataType === 'u32'
        : op.startsWith('vrint')
          ? insn.dataType === 'f32'
          : (insn.dataType === 's32' || insn.dataType === 'u32') && insn.dataType2 === 'f32';
    if (!ok) return undefinedInstruction(insn);
    return plain(`h.simdEstimate(cpu, '${op}', '${insn.dataType}', ${regs}, ${d}, ${m});`, SIMD_COST);
  }
  if (op === 'vcvt' && insn.dataType === 'f16' && insn.dataType2 === 'f32')
    return plain(`h.simdConvertHalf(cpu, true, ${d}, ${m});`, SIMD_COST);
  if (op === 'vcvt' && insn.dataType === 'f32' && insn.dataType2 === 'f16')
    return plain(`h.simdConvertHalf(cpu, false, ${d}, ${m});`, SIMD_COST);
  if (op === 'vcvt') {
    const ok =
      (insn.dataType === 'f32' && (insn.dataType2 === 's32' || insn.dataType2 === 'u32')) ||
      ((insn.dataType === 's32' || insn.dataType === 'u32') && insn.dataType2 === 'f32');
    if (!ok) return undefinedInstruction(insn);
    return plain(
      `h.simdMiscFloat(cpu, 'vcvt', '${insn.dataType}', '${insn.dataType2}', ${regs}, ${d}, ${m}, 0);`,
      SIMD_COST,
    );
  }
  if (t === 'f') {
    if (insn.dataType !== 'f32' || !MISC_FLOAT.has(op)) return undefinedInstruction(insn);
    return plain(`h.simdMiscFloat(cpu, '${op}', '', '', ${regs}, ${d}, ${m}, 0);`, SIMD_COST);
  }
  if (!MISC_INTEGER.has(op)) return undefinedInstruction(insn);
  const bits = insn.elementBits;
  if (op.startsWith('vrev') && Number(op.slice(4)) <= bits) return undefinedInstruction(insn);
  // VUZP.32 / VZIP.32 of D registers are UNDEFINED (VTRN.32 is that operation); VTRN / VUZP / VZIP with
  // Vd = Vm are UNPREDICTABLE: UNDEFINED here.
  if ((op === 'vuzp' || op === 'vzip') && bits === 32 && !insn.quad) return undefinedInstruction(insn);
  if ((op === 'vtrn' || op === 'vuzp' || op === 'vzip') && d === m) return undefinedInstruction(insn);
  const narrowing = op === 'vmovn' || op === 'vqmovn' || op === 'vqmovun';
  return plain(
    `h.simdMisc(cpu, '${op}', '${t}', ${bits === 0 ? 8 : bits}, ${narrowing ? 2 : regs}, ${d}, ${m});`,
    SIMD_COST,
  );
}

function extractTableDuplicate(insn: AsimdInsn): Emitted {
  if (unusable(insn)) return undefinedInstruction(insn);
  const d = dIndex(insn.operands[0]);
  if (d < 0) return undefinedInstruction(insn);
  const regs = insn.quad ? 2 : 1;
  const src = insn.operands[1];
  switch (insn.op) {
    case 'vext': {
      const n = dIndex(src);
      const m = dIndex(insn.operands[2]);
      const imm = immediateOf(insn.operands[3]);
      if (n < 0 || m < 0 || imm < 0 || imm >= 8 * regs) return undefinedInstruction(insn);
      return plain(`h.simdExtract(cpu, ${regs}, ${d}, ${n}, ${m}, ${imm});`, SIMD_COST);
    }
    case 'vdup':
      if (src === undefined || src.type !== 'scalar') return undefinedInstruction(insn);
      return plain(
        `h.simdDuplicateScalar(cpu, ${insn.elementBits}, ${regs}, ${d}, ${src.index}, ${src.lane});`,
        SIMD_COST,
      );
    case 'vtbl':
    case 'vtbx': {
      const m = dIndex(insn.operands[2]);
      if (src === undefined || src.type !== 'list' || m < 0) return undefinedInstruction(insn);
      return plain(`h.simdTable(cpu, ${insn.op === 'vtbx'}, ${d}, ${src.first}, ${src.count}, ${m});`, SIMD_COST);
    }
    default:
      return undefinedInstruction(insn);
  }
}

const DOT = new Set(['vsdot', 'vudot', 'vusdot', 'vsudot']);

/** The ARMv8.x extensions: the 8-bit dot products execute; complex, FP16 long, BF16 and matrix forms are UNDEFINED. */
function extension(insn: AsimdInsn): Emitted {
  if (unusable(insn) || !DOT.has(insn.op)) return undefinedInstruction(insn);
  const rr = registers(insn, 2);
  const third = insn.operands[2];
  if (rr === null || third === undefined) return undefinedInstruction(insn);
  const [d, n] = rr as [number, number];
  const regs = insn.quad ? 2 : 1;
  if (third.type === 'scalar')
    return plain(`h.simdDot(cpu, '${insn.op}', ${regs}, ${d}, ${n}, ${third.index}, ${third.lane});`, SIMD_COST);
  const m = dIndex(third);
  if (m < 0) return undefinedInstruction(insn);
  return plain(`h.simdDot(cpu, '${insn.op}', ${regs}, ${d}, ${n}, ${m}, -1);`, SIMD_COST);
}

type LoadStoreInsn = Extract<Instruction, { readonly kind: AdvancedSimdLoadStoreKind }>;

/** VLDn / VSTn: the access (alignment checked first), then the base writeback (by the size, or by Rm). */
function loadStore(insn: LoadStoreInsn): Emitted {
  if (insn.architecturallyUndefined || insn.unpredictable) return undefinedInstruction(insn);
  const form =
    insn.kind === 'asimd-load-store-multiple'
      ? MULTIPLE
      : insn.kind === 'asimd-load-store-single-lane'
        ? SINGLE_LANE
        : ALL_LANES_FORM;
  const ebytes = insn.elementBits >>> 3;
  const bytes = form === MULTIPLE ? 8 * insn.count : insn.structure * ebytes;
  const args = [
    form,
    insn.load,
    insn.structure,
    ebytes,
    insn.first,
    insn.count,
    insn.stride,
    form === SINGLE_LANE ? insn.lane : 0,
    // qemu-arm 7.2 (the oracle) enforces at most 16-byte alignment: `:256` is checked as `:128` (matched on
    // purpose; the ARM ARM requires 32 bytes).
    Math.min(insn.alignment >>> 3, 16),
  ].join(', ');
  let code = `const b = ${readReg(insn, insn.rn)}; h.simdLoadStore(cpu, mem, ${args}, b);`;
  if (insn.writeback) code += ` r[${insn.rn}] = (b + ${insn.rm === 13 ? bytes : `r[${insn.rm}]`}) | 0;`;
  const cost = COST.multipleBase + Math.ceil(bytes / 4);
  return { code, terminal: false, memory: true, store: !insn.load, cost };
}

/** VDUP (core register). */
function duplicateCore(insn: InsnOf<'vfp-duplicate-core'>): Emitted {
  if (insn.architecturallyUndefined || insn.rt === 15 || insn.vd.bank === 's') return undefinedInstruction(insn);
  const regs = insn.vd.bank === 'q' ? 2 : 1;
  const d = insn.vd.bank === 'q' ? 2 * insn.vd.index : insn.vd.index;
  return plain(`h.simdDuplicateCore(cpu, ${insn.size}, ${regs}, ${d}, ${readReg(insn, insn.rt)});`, SIMD_COST);
}

/** VMOV between a core register and an 8- or 16-bit scalar (the 32-bit scalar is VFP's, ./vfp.ts). */
export function moveCoreScalarNarrow(insn: InsnOf<'vfp-move-core-scalar'>): Emitted {
  if (insn.architecturallyUndefined || insn.rt === 15) return undefinedInstruction(insn);
  if (insn.toCore)
    return plain(
      `r[${insn.rt}] = h.simdScalarToCore(cpu, ${insn.size}, ${insn.signed === true}, ${insn.vn.index}, ${insn.lane});`,
      1,
    );
  return plain(`h.simdCoreToScalar(cpu, ${insn.size}, ${insn.vn.index}, ${insn.lane}, ${readReg(insn, insn.rt)});`, 1);
}

export const asimdEmitters = {
  'asimd-three-registers': threeRegisters,
  'asimd-three-registers-different': threeDifferent,
  'asimd-two-registers-scalar': byScalar,
  'asimd-shift-immediate': shiftImmediate,
  'asimd-modified-immediate': modifiedImmediate,
  'asimd-two-registers-misc': misc,
  'asimd-extract-table-duplicate': extractTableDuplicate,
  'asimd-extension': extension,
  'asimd-load-store-multiple': loadStore,
  'asimd-load-store-single-lane': loadStore,
  'asimd-load-all-lanes': loadStore,
  'vfp-duplicate-core': duplicateCore,
} satisfies EmitterTable;
