import { COST } from './cost-model.js';
import {
  alignedPc,
  type Emitted,
  type EmitterTable,
  type InsnOf,
  plain,
  readReg,
  terminal,
  writeRegAlu,
  writeRegInterworking,
} from './emit.js';
import { immediateShift } from './shifter.js';

type Dp = InsnOf<'dp-immediate' | 'dp-register' | 'dp-register-shifted'>;

const AND = 0;
const EOR = 1;
const SUB = 2;
const RSB = 3;
const ADD = 4;
const ADC = 5;
const SBC = 6;
const RSC = 7;
const TST = 8;
const TEQ = 9;
const CMP = 10;
const CMN = 11;
const ORR = 12;
const MOV = 13;
const BIC = 14;
const MVN = 15;
/** Thumb only: ORN (OR NOT). */
const ORN = 16;

function isLogical(opcode: number): boolean {
  return opcode <= EOR || opcode === TST || opcode === TEQ || opcode >= ORR;
}

/** Second operand: value and carry-out expressions, plus setup statements (for register shifts). */
function operand2(insn: Dp, needCarry: boolean): { setup: string; value: string; carry: string } {
  switch (insn.kind) {
    case 'dp-immediate':
      return {
        setup: '',
        value: String(insn.imm32 | 0),
        carry: insn.rotation === 0 ? 'cpu.c' : String(insn.imm32 >>> 31),
      };
    case 'dp-register': {
      const shift = immediateShift('m', insn.shiftType, insn.shiftAmount);
      return { setup: `const m = ${readReg(insn, insn.rm)};`, value: shift.value, carry: shift.carry };
    }
    case 'dp-register-shifted':
      return {
        setup: `const b0 = h.shiftC(${readReg(insn, insn.rm)}, ${insn.shiftType}, ${readReg(insn, insn.rs)}, cpu.c);${
          needCarry ? ' const sc = h.shifter.carry;' : ''
        }`,
        value: 'b0',
        carry: 'sc',
      };
  }
}

/** Result expression and flag updates for the ALU operation on `a` (Rn) and `b` (shifted operand). */
function operation(opcode: number): { result: string; flags: string } {
  const nz = 'cpu.n = res >>> 31; cpu.z = res === 0 ? 1 : 0;';
  const logical = `${nz} cpu.c = carry;`;
  const add = `${nz} cpu.c = (a >>> 0) + (b >>> 0) > 0xffffffff ? 1 : 0; cpu.v = (~(a ^ b) & (a ^ res)) >>> 31;`;
  const sub = `${nz} cpu.c = (a >>> 0) >= (b >>> 0) ? 1 : 0; cpu.v = ((a ^ b) & (a ^ res)) >>> 31;`;
  const adc = `${nz} cpu.c = (a >>> 0) + (b >>> 0) + ci > 0xffffffff ? 1 : 0; cpu.v = (~(a ^ b) & (a ^ res)) >>> 31;`;
  // a + NOT(b) + carry: carry out when a + ~b + ci overflows 32 bits.
  const sbc = `${nz} cpu.c = (a >>> 0) + (~b >>> 0) + ci > 0xffffffff ? 1 : 0; cpu.v = ((a ^ b) & (a ^ res)) >>> 31;`;
  const rsb = `${nz} cpu.c = (b >>> 0) >= (a >>> 0) ? 1 : 0; cpu.v = ((b ^ a) & (b ^ res)) >>> 31;`;
  const rsc = `${nz} cpu.c = (b >>> 0) + (~a >>> 0) + ci > 0xffffffff ? 1 : 0; cpu.v = ((b ^ a) & (b ^ res)) >>> 31;`;
  switch (opcode) {
    case AND:
    case TST:
      return { result: 'a & b', flags: logical };
    case EOR:
    case TEQ:
      return { result: 'a ^ b', flags: logical };
    case ORR:
      return { result: 'a | b', flags: logical };
    case BIC:
      return { result: 'a & ~b', flags: logical };
    case ORN:
      return { result: 'a | ~b', flags: logical };
    case MOV:
      return { result: 'b', flags: logical };
    case MVN:
      return { result: '~b', flags: logical };
    case SUB:
    case CMP:
      return { result: '(a - b) | 0', flags: sub };
    case RSB:
      return { result: '(b - a) | 0', flags: rsb };
    case ADD:
    case CMN:
      return { result: '(a + b) | 0', flags: add };
    case ADC:
      return { result: '(a + b + ci) | 0', flags: adc };
    case SBC:
      return { result: '(a + ~b + ci) | 0', flags: sbc };
    default:
      // RSC: b + NOT(a) + carry.
      return { result: '(b + ~a + ci) | 0', flags: rsc };
  }
}

function dataProcessing(insn: Dp): Emitted {
  const { opcode, rd } = insn;
  const compare = opcode >= TST && opcode <= CMN;
  const setFlags = insn.setsFlags;
  const logical = isLogical(opcode);
  const op2 = operand2(insn, setFlags && logical);
  const { result, flags } = operation(opcode);
  let code = op2.setup;
  // Thumb's ADR / ADDW / SUBW with the PC read Align(PC, 4) (the same value in ARM state).
  const a = insn.rn === 15 && insn.kind === 'dp-immediate' ? String(alignedPc(insn)) : readReg(insn, insn.rn);
  if (opcode !== MOV && opcode !== MVN) code += ` const a = ${a};`;
  code += ` const b = ${op2.value};`;
  if (opcode === ADC || opcode === SBC || opcode === RSC) code += ' const ci = cpu.c;';
  if (setFlags && logical && !(rd === 15 && !compare)) code += ` const carry = ${op2.carry};`;
  code += ` const res = ${result};`;
  let cost: number = COST.alu + (insn.kind === 'dp-register-shifted' ? COST.aluExtra : 0);
  if (compare) return plain(`${code} ${flags}`, cost);
  if (rd === 15) {
    cost += COST.branch;
    // S with Rd = PC is an exception return (CPSR ← SPSR); without S ALUWritePC (interworking in ARM state).
    return terminal(
      setFlags ? `${code} h.aluExceptionReturn(cpu, res);` : `${code} ${writeRegAlu(insn, 15, 'res')}`,
      cost,
    );
  }
  return plain(`${code}${setFlags ? ` ${flags}` : ''} r[${rd}] = res;`, cost);
}

type Mov16 = InsnOf<'move-halfword'>;
type Clz = InsnOf<'count-leading-zeros'>;
type Qadd = InsnOf<'saturating-add-subtract'>;

function wrap(rd: number, value: string, cost: number): Emitted {
  return rd === 15
    ? terminal(writeRegInterworking(15, value), cost + COST.branch)
    : plain(`r[${rd}] = ${value};`, cost);
}

function moveHalfword(insn: Mov16): Emitted {
  const value = insn.top ? `(${readReg(insn, insn.rd)} & 0xffff) | ${insn.imm16 << 16}` : String(insn.imm16);
  return wrap(insn.rd, value, COST.alu);
}

function countLeadingZeros(insn: Clz): Emitted {
  return wrap(insn.rd, `Math.clz32(${readReg(insn, insn.rm)})`, COST.alu);
}

function saturatingAddSubtract(insn: Qadd): Emitted {
  const n = insn.doubling ? `h.signedSaturate(2 * ${readReg(insn, insn.rn)}, 32, cpu)` : readReg(insn, insn.rn);
  const value = `h.signedSaturate(${readReg(insn, insn.rm)} ${insn.subtract ? '-' : '+'} ${n}, 32, cpu)`;
  return wrap(insn.rd, value, COST.alu);
}

export const dataProcessingEmitters = {
  'dp-immediate': dataProcessing,
  'dp-register': dataProcessing,
  'dp-register-shifted': dataProcessing,
  'move-halfword': moveHalfword,
  'count-leading-zeros': countLeadingZeros,
  'saturating-add-subtract': saturatingAddSubtract,
} satisfies EmitterTable;
