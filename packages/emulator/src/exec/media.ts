import { COST } from './cost-model.js';
import type { InsnOf, Instruction, Kind } from './emit.js';
import { type Emitted, type EmitterTable, plain, readReg, terminal } from './emit.js';
import { ARITHMETIC, LANE_OPS } from './media-runtime.js';
import { ADD_Q, finish, half, write, writeLong } from './multiply.js';
import { immediateShift } from './shifter.js';

type Insn<K extends Kind> = InsnOf<K>;

function result(rd: number, value: string, cost: number = COST.alu): Emitted {
  return finish(`const res = ${value};`, write(rd, 'res'), rd === 15, cost);
}

function parallelAddSub(insn: Insn<'parallel-add-sub'>): Emitted {
  return result(
    insn.rd,
    `h.parallelAddSub(cpu, ${readReg(insn, insn.rn)}, ${readReg(insn, insn.rm)}, ${insn.signed}, ${ARITHMETIC.indexOf(
      insn.arithmetic,
    )}, ${LANE_OPS.indexOf(insn.operation)})`,
  );
}

function packHalfword(insn: Insn<'pack-halfword'>): Emitted {
  const shifted = immediateShift('m', insn.shiftType, insn.shiftAmount).value;
  const n = readReg(insn, insn.rn);
  const value = insn.tbform
    ? `(${n} & 0xffff0000) | (${shifted} & 0xffff)`
    : `(${shifted} & 0xffff0000) | (${n} & 0xffff)`;
  return finish(
    `const m = ${readReg(insn, insn.rm)}; const res = ${value};`,
    write(insn.rd, 'res'),
    insn.rd === 15,
    COST.alu,
  );
}

function saturate(insn: Insn<'saturate'>): Emitted {
  const shifted = immediateShift('v', insn.shiftType, insn.shiftAmount).value;
  const sat = insn.signed
    ? `h.signedSaturate(${shifted}, ${insn.saturateTo}, cpu)`
    : `h.unsignedSaturate(${shifted}, ${insn.saturateTo}, cpu)`;
  return finish(
    `const v = ${readReg(insn, insn.rn)}; const res = ${sat};`,
    write(insn.rd, 'res'),
    insn.rd === 15,
    COST.alu,
  );
}

function saturate16(insn: Insn<'saturate-16'>): Emitted {
  return result(insn.rd, `h.saturate16(cpu, ${readReg(insn, insn.rn)}, ${insn.saturateTo}, ${insn.signed})`);
}

function extend(insn: Insn<'extend'>): Emitted {
  const m = readReg(insn, insn.rm);
  const rotated = insn.rotation === 0 ? m : `((${m} >>> ${insn.rotation}) | (${m} << ${32 - insn.rotation}))`;
  let code = `const v = ${rotated};`;
  if (insn.dual) {
    // Bytes 0 and 2 extended to halfwords (with a per-halfword add of Rn's halves).
    const lo = insn.signed ? '((v << 24) >> 24)' : '(v & 0xff)';
    const hi = insn.signed ? '((v << 8) >> 24)' : '((v >>> 16) & 0xff)';
    if (insn.rn === null) code += ` const res = (${lo} & 0xffff) | (${hi} << 16);`;
    else {
      const n = readReg(insn, insn.rn);
      code += ` const res = (((${n} & 0xffff) + ${lo}) & 0xffff) | ((((${n} >>> 16) + ${hi}) & 0xffff) << 16);`;
    }
  } else {
    const ext =
      insn.size === 1
        ? insn.signed
          ? '((v << 24) >> 24)'
          : '(v & 0xff)'
        : insn.signed
          ? '((v << 16) >> 16)'
          : '(v & 0xffff)';
    code += insn.rn === null ? ` const res = ${ext};` : ` const res = (${readReg(insn, insn.rn)} + ${ext}) | 0;`;
  }
  return finish(code, write(insn.rd, 'res'), insn.rd === 15, COST.alu);
}

function selectBytes(insn: Insn<'select-bytes'>): Emitted {
  return result(insn.rd, `h.selectBytes(cpu, ${readReg(insn, insn.rn)}, ${readReg(insn, insn.rm)})`);
}

function reverse(insn: Insn<'reverse'>): Emitted {
  const m = readReg(insn, insn.rm);
  switch (insn.operation) {
    case 'rev':
      return result(insn.rd, `h.byteReverse(${m})`);
    case 'rev16':
      return result(insn.rd, `((${m} >>> 8) & 0x00ff00ff) | ((${m} << 8) & 0xff00ff00)`);
    case 'revsh':
      return result(insn.rd, `(((${m} << 24) >> 16) | ((${m} >>> 8) & 0xff))`);
    default:
      return result(insn.rd, `h.reverseBits(${m})`);
  }
}

function dualProducts(insn: { rn: number; rm: number; exchange: boolean } & Instruction): string {
  const n = readReg(insn, insn.rn);
  const m = readReg(insn, insn.rm);
  const mLow = insn.exchange ? half(m, true) : half(m, false);
  const mHigh = insn.exchange ? half(m, false) : half(m, true);
  return `const p1 = ${half(n, false)} * ${mLow}; const p2 = ${half(n, true)} * ${mHigh};`;
}

function multiplyDual(insn: Insn<'multiply-dual'>): Emitted {
  // Computed exactly (doubles); Q is set when the 32-bit result differs from the true sum.
  let code = `${dualProducts(insn)} const p = p1 ${insn.subtract ? '-' : '+'} p2;`;
  if (insn.ra === null) code += ' const res = p | 0; if (p !== res) cpu.q = 1;';
  else code += ` const acc = ${readReg(insn, insn.ra)}; ${ADD_Q}`;
  return finish(code, write(insn.rd, 'res'), insn.rd === 15, COST.multiply);
}

function multiplyLongDual(insn: Insn<'multiply-long-dual'>): Emitted {
  const code = `const lo0 = ${readReg(insn, insn.rdLo)}, hi0 = ${readReg(insn, insn.rdHi)}; ${dualProducts(insn)} h.set64(p1 ${insn.subtract ? '-' : '+'} p2); h.add64(hi0, lo0);`;
  return finish(
    code,
    writeLong(insn.rdLo, insn.rdHi, false),
    insn.rdLo === 15 || insn.rdHi === 15,
    COST.multiplyAccumulateLong,
  );
}

function multiplyMostSignificant(insn: Insn<'multiply-most-significant'>): Emitted {
  let code = `h.mul64(${readReg(insn, insn.rn)}, ${readReg(insn, insn.rm)}, true);`;
  if (insn.ra !== null) {
    // (Ra << 32) ± product.
    code += insn.subtract
      ? ` const plo = h.wide.lo, phi = h.wide.hi; h.wide.lo = 0; h.wide.hi = ${readReg(insn, insn.ra)}; h.sub64(phi, plo);`
      : ` h.add64(${readReg(insn, insn.ra)}, 0);`;
  }
  if (insn.round) code += ' h.add64(0, 0x80000000);';
  code += ' const res = h.wide.hi;';
  return finish(code, write(insn.rd, 'res'), insn.rd === 15, COST.multiply);
}

function divide(insn: Insn<'divide'>): Emitted {
  const n = readReg(insn, insn.rn);
  const m = readReg(insn, insn.rm);
  // Division by zero yields 0 (ARMv7 with SCTLR.DZ = 0); INT_MIN / −1 wraps to INT_MIN.
  const value = insn.signed
    ? `(${m} === 0 ? 0 : Math.trunc(${n} / ${m}) | 0)`
    : `(${m} === 0 ? 0 : Math.trunc((${n} >>> 0) / (${m} >>> 0)) | 0)`;
  return result(insn.rd, value, COST.divide);
}

function sumAbsoluteDifferences(insn: Insn<'sum-absolute-differences'>): Emitted {
  const sad = `h.sumAbsoluteDifferences(${readReg(insn, insn.rn)}, ${readReg(insn, insn.rm)})`;
  return result(insn.rd, insn.ra === null ? `${sad} | 0` : `(${readReg(insn, insn.ra)} + ${sad}) | 0`, COST.multiply);
}

function bitfieldExtract(insn: Insn<'bitfield-extract'>): Emitted {
  const width = Math.min(insn.width, 32 - insn.lsb);
  const n = readReg(insn, insn.rn);
  const up = 32 - insn.lsb - width;
  const value = insn.signed ? `((${n} << ${up}) >> ${32 - width})` : `((${n} << ${up}) >>> ${32 - width} | 0)`;
  return result(insn.rd, value);
}

function bitfieldInsert(insn: Insn<'bitfield-insert'>): Emitted {
  // msb < lsb is UNPREDICTABLE: documented choice, Rd is left unchanged.
  if (insn.msb < insn.lsb) return plain('', COST.alu);
  const width = insn.msb - insn.lsb + 1;
  const mask = (width === 32 ? -1 : ((1 << width) - 1) << insn.lsb) | 0;
  const d = readReg(insn, insn.rd);
  const source = insn.rn === null ? '0' : `(${readReg(insn, insn.rn)} << ${insn.lsb})`;
  return result(insn.rd, `(${d} & ${~mask}) | (${source} & ${mask})`);
}

function permanentlyUndefined(insn: Insn<'permanently-undefined'>): Emitted {
  return terminal(`h.undefinedInstruction(cpu, ${insn.address >>> 0}, ${insn.word >>> 0});`, 1);
}

export const mediaEmitters = {
  'parallel-add-sub': parallelAddSub,
  'pack-halfword': packHalfword,
  saturate,
  'saturate-16': saturate16,
  extend,
  'select-bytes': selectBytes,
  reverse,
  'multiply-dual': multiplyDual,
  'multiply-long-dual': multiplyLongDual,
  'multiply-most-significant': multiplyMostSignificant,
  divide,
  'sum-absolute-differences': sumAbsoluteDifferences,
  'bitfield-extract': bitfieldExtract,
  'bitfield-insert': bitfieldInsert,
  'permanently-undefined': permanentlyUndefined,
} satisfies EmitterTable;
