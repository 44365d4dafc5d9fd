/**
 * GNU objdump 2.40's spelling of 32-bit Thumb multiplies and divides, keyed by kind.
 *
 * Operand order is the ARM ARM's (`rd, rn, rm, ra`; long forms `rdLo, rdHi, rn, rm`). objdump marks
 * `<UNPREDICTABLE>` by its own rule, narrower than the ARM ARM's: only for the operations whose table entry
 * checks its registers (USADA8, the long multiplies, SMLAD / SMLSD, SMLAW, SMMLA / SMMLS, SMLALD / SMLSLD),
 * and only when one of them is the PC. MUL is the one spelled with `.w`.
 */
import type {
  DivideInsn,
  MultiplyDualInsn,
  MultiplyLongDualInsn,
  MultiplyMostSignificantInsn,
  SumAbsoluteDifferencesInsn,
} from '../a32/media.js';
import type {
  MultiplyAccumulateInsn,
  MultiplyHalfwordInsn,
  MultiplyHalfwordLongInsn,
  MultiplyLongInsn,
  MultiplyWordHalfwordInsn,
} from '../a32/multiply.js';
import type { ThumbForm } from '../thumb/common.js';
import { type Disassembly, REG_COMMA, reg, UNPREDICTABLE } from './format.js';
import { itHeads, itIndex } from './thumb-cond.js';
import type { ThumbFormatterMap } from './thumb-format.js';

const PC = 15;

/* op + IT condition + tab, per op (built on first use). */
const HEADS = new Map<string, readonly string[]>();

function head(op: string, itState: number): string {
  let heads = HEADS.get(op);
  if (heads === undefined) {
    heads = op === 'mul' ? itHeads('mul', '.w\t') : itHeads(op, '\t');
    HEADS.set(op, heads);
  }
  return heads[itIndex(itState)]!;
}

function pcComment(pc: boolean): string | null {
  return pc ? UNPREDICTABLE : null;
}

type ThreeRegister = ThumbForm<
  | MultiplyAccumulateInsn
  | MultiplyHalfwordInsn
  | MultiplyWordHalfwordInsn
  | MultiplyDualInsn
  | MultiplyMostSignificantInsn
  | SumAbsoluteDifferencesInsn
>;

/** `rd, rn, rm[, ra]`; `checked`: objdump flags a PC operand of this operation. */
function threeRegister(insn: ThreeRegister, checked: boolean): Disassembly {
  const { rd, rn, rm, ra } = insn;
  const operands = REG_COMMA[rd]! + REG_COMMA[rn]! + reg(rm);
  if (ra === null) return { text: head(insn.op, insn.itState) + operands, comment: null };
  const pc = checked && (rd === PC || rn === PC || rm === PC || ra === PC);
  return { text: head(insn.op, insn.itState) + operands + ', ' + reg(ra), comment: pcComment(pc) };
}

function longMultiply(
  insn: ThumbForm<MultiplyLongInsn | MultiplyHalfwordLongInsn | MultiplyLongDualInsn>,
  checked: boolean,
): Disassembly {
  const { rdLo, rdHi, rn, rm } = insn;
  const pc = checked && (rdLo === PC || rdHi === PC || rn === PC || rm === PC);
  return {
    text: head(insn.op, insn.itState) + REG_COMMA[rdLo]! + REG_COMMA[rdHi]! + REG_COMMA[rn]! + reg(rm),
    comment: pcComment(pc),
  };
}

/** SMMLA / SMMUL / SMMLS, and objdump's AUTG (`ra, rn, rm`), BXAUT (same) and PACG (`rd, rn, rm`). */
function formatMostSignificant(insn: ThumbForm<MultiplyMostSignificantInsn>): Disassembly {
  switch (insn.op) {
    case 'autg':
    case 'bxaut':
      return {
        text: head(insn.op, insn.itState) + REG_COMMA[insn.ra ?? PC]! + REG_COMMA[insn.rn]! + reg(insn.rm),
        comment: null,
      };
    case 'pacg':
      return {
        text: head(insn.op, insn.itState) + REG_COMMA[insn.rd]! + REG_COMMA[insn.rn]! + reg(insn.rm),
        comment: null,
      };
    default:
      return threeRegister(insn, true);
  }
}

export const t32MultiplyFormatters: ThumbFormatterMap = {
  multiply: (insn) => threeRegister(insn, false),
  'multiply-halfword': (insn) => threeRegister(insn, false),
  'multiply-word-halfword': (insn) => threeRegister(insn, true),
  'multiply-dual': (insn) => threeRegister(insn, true),
  'multiply-most-significant': formatMostSignificant,
  'sum-absolute-differences': (insn) => threeRegister(insn, true),
  'multiply-long': (insn) => longMultiply(insn, true),
  'multiply-halfword-long': (insn) => longMultiply(insn, false),
  'multiply-long-dual': (insn) => longMultiply(insn, true),
  divide: (insn: ThumbForm<DivideInsn>) => ({
    text: head(insn.op, insn.itState) + REG_COMMA[insn.rd]! + REG_COMMA[insn.rn]! + reg(insn.rm),
    comment: null,
  }),
};
