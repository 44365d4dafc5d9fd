import { COST } from './cost-model.js';
import type { InsnOf, Kind } from './emit.js';
import { type Emitted, type EmitterTable, plain, readReg, terminal } from './emit.js';

type Insn<K extends Kind> = InsnOf<K>;

/**
 * Writes of multiply results. A destination of PC is UNPREDICTABLE for every multiply: the documented
 * choice is an interworking branch to the value (like an ALU write), which ends the block.
 */
function finish(code: string, writes: string, pcWritten: boolean, cost: number): Emitted {
  return pcWritten ? terminal(`${code} ${writes}`, cost + COST.branch) : plain(`${code} ${writes}`, cost);
}

function write(rd: number, value: string): string {
  return rd === 15 ? `h.bxWritePc(cpu, ${value});` : `r[${rd}] = ${value};`;
}

const NZ = 'cpu.n = res >>> 31; cpu.z = res === 0 ? 1 : 0;';

function multiply(insn: Insn<'multiply'>): Emitted {
  const product = `Math.imul(${readReg(insn, insn.rn)}, ${readReg(insn, insn.rm)})`;
  const value =
    insn.ra === null
      ? product
      : insn.subtract
        ? `(${readReg(insn, insn.ra)} - ${product}) | 0`
        : `(${product} + ${readReg(insn, insn.ra)}) | 0`;
  const code = `const res = ${value};${insn.setsFlags ? ` ${NZ}` : ''}`;
  return finish(code, write(insn.rd, 'res'), insn.rd === 15, COST.multiply);
}

/** Writes wide.lo / wide.hi to RdLo / RdHi (RdHi last: RdLo = RdHi is UNPREDICTABLE, RdHi wins). */
function writeLong(rdLo: number, rdHi: number, setFlags: boolean): string {
  const flags = setFlags ? 'cpu.n = h.wide.hi >>> 31; cpu.z = (h.wide.hi | h.wide.lo) === 0 ? 1 : 0; ' : '';
  return `${flags}${write(rdLo, 'h.wide.lo')} ${write(rdHi, 'h.wide.hi')}`;
}

function multiplyLong(insn: Insn<'multiply-long'>): Emitted {
  const n = readReg(insn, insn.rn);
  const m = readReg(insn, insn.rm);
  const lo = readReg(insn, insn.rdLo);
  const hi = readReg(insn, insn.rdHi);
  let code = `const lo0 = ${lo}, hi0 = ${hi}; h.mul64(${n}, ${m}, ${insn.signed});`;
  if (insn.accumulate === 'long') code += ' h.add64(hi0, lo0);';
  else if (insn.accumulate === 'dual') code += ' h.add64(0, lo0); h.add64(0, hi0);';
  const cost = insn.accumulate === 'none' ? COST.multiplyLong : COST.multiplyAccumulateLong;
  return finish(code, writeLong(insn.rdLo, insn.rdHi, insn.setsFlags), insn.rdLo === 15 || insn.rdHi === 15, cost);
}

function half(reg: string, high: boolean): string {
  return high ? `(${reg} >> 16)` : `((${reg} << 16) >> 16)`;
}

/** Signed 32-bit add of two int32 values, setting Q if it overflows (SMLA<x><y>, SMLAW<y>, SMLAD…). */
const ADD_Q = 'const res = (p + acc) | 0; if (p + acc !== res) cpu.q = 1;';

function multiplyHalfword(insn: Insn<'multiply-halfword'>): Emitted {
  const p = `const p = ${half(readReg(insn, insn.rn), insn.nHigh)} * ${half(readReg(insn, insn.rm), insn.mHigh)};`;
  const code = insn.ra === null ? `${p} const res = p | 0;` : `${p} const acc = ${readReg(insn, insn.ra)}; ${ADD_Q}`;
  return finish(code, write(insn.rd, 'res'), insn.rd === 15, COST.multiply);
}

function multiplyWordHalfword(insn: Insn<'multiply-word-halfword'>): Emitted {
  const p = `const p = Math.floor((${readReg(insn, insn.rn)} * ${half(readReg(insn, insn.rm), insn.mHigh)}) / 65536);`;
  const code = insn.ra === null ? `${p} const res = p | 0;` : `${p} const acc = ${readReg(insn, insn.ra)}; ${ADD_Q}`;
  return finish(code, write(insn.rd, 'res'), insn.rd === 15, COST.multiply);
}

function multiplyHalfwordLong(insn: Insn<'multiply-halfword-long'>): Emitted {
  const p = `${half(readReg(insn, insn.rn), insn.nHigh)} * ${half(readReg(insn, insn.rm), insn.mHigh)}`;
  const code = `const lo0 = ${readReg(insn, insn.rdLo)}, hi0 = ${readReg(insn, insn.rdHi)}; h.set64(${p}); h.add64(hi0, lo0);`;
  return finish(
    code,
    writeLong(insn.rdLo, insn.rdHi, false),
    insn.rdLo === 15 || insn.rdHi === 15,
    COST.multiplyAccumulateLong,
  );
}

export const multiplyEmitters = {
  multiply,
  'multiply-long': multiplyLong,
  'multiply-halfword': multiplyHalfword,
  'multiply-word-halfword': multiplyWordHalfword,
  'multiply-halfword-long': multiplyHalfwordLong,
} satisfies EmitterTable;

export { ADD_Q, finish, half, write, writeLong };
