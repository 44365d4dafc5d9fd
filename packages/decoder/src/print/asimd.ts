/**
 * GNU objdump 2.40's spelling of Advanced SIMD data-processing instructions and the ARMv8 SIMD extensions
 * (`-m arm`, and `-M force-thumb` through the Thumb printer): operation, condition (Thumb IT block only),
 * `.dataType[.dataType2]`, a tab, the operands; modified immediates with objdump's value and `@` comment.
 */
import type { AdvancedSimdInsn, AdvancedSimdKind, SimdModifiedImmediateOperand, SimdOperand } from '../asimd/types.js';
import { type Disassembly, hex, hexPad } from './format.js';
import type { FormatterTable } from './table.js';

const UNPREDICTABLE = '<UNPREDICTABLE>';

/** `#value` and objdump's comment for a modified immediate (comment null for the 64-bit form). */
function modifiedImmediateText(o: SimdModifiedImmediateOperand): [string, string | null] {
  const { cmode, op, imm8 } = o;
  if (cmode < 8) {
    const v = (imm8 << (8 * ((cmode >>> 1) & 3))) >>> 0;
    return [`#${v | 0}`, hexPad(v, 8)];
  }
  if (cmode < 12) {
    const v = imm8 << (8 * ((cmode >>> 1) & 1));
    return [`#${v}`, hexPad(v, 4)];
  }
  if (cmode < 14) {
    const shift = 8 * ((cmode & 1) + 1);
    const v = ((imm8 << shift) | ((1 << shift) - 1)) >>> 0;
    return [`#${v | 0}`, hexPad(v, 8)];
  }
  if (cmode === 14) {
    if (op === 0) return [`#${imm8}`, hexPad(imm8, 2)];
    let hi = 0;
    let lo = 0;
    for (let k = 0; k < 4; k++) if ((imm8 >>> k) & 1) lo |= 0xff << (8 * k);
    for (let k = 0; k < 4; k++) if ((imm8 >>> (k + 4)) & 1) hi |= 0xff << (8 * k);
    return [`#${hexPad(hi, 8)}${hexPad(lo, 8).slice(2)}`, null];
  }
  // cmode 1111 (op 0): a single-precision constant ±(16 + m) / 16 × 2^e, printed as %.7g.
  const bits = (((imm8 & 0x80) << 24) | ((imm8 & 0x40 ? 0x3e00 : 0x4000) << 16) | ((imm8 & 0x3f) << 19)) >>> 0;
  const magnitude = (((16 + (imm8 & 15)) / 16) * 2 ** (((imm8 >>> 4) & 7) ^ 4)) / 8;
  return [`#${imm8 & 0x80 ? '-' : ''}${magnitude}`, hexPad(bits, 8)];
}

/* Register names by bank and number (d0–d31, q0–q15, s0–s31), spelled once. */
const REGISTER_NAMES: { readonly [bank in 'd' | 'q' | 's']: readonly string[] } = {
  d: Array.from({ length: 32 }, (_, i) => 'd' + i),
  q: Array.from({ length: 32 }, (_, i) => 'q' + i),
  s: Array.from({ length: 32 }, (_, i) => 's' + i),
};

/* The comment operandsText found for the text it returned (a module-level result: no tuple per call). */
let operandsComment: string | null = null;

/** The operand list; the comment objdump prints for it is left in operandsComment. */
function operandsText(operands: readonly SimdOperand[]): string {
  let text = '';
  let comment: string | null = null;
  for (let i = 0; i < operands.length; i++) {
    const o = operands[i]!;
    if (i > 0) text += ', ';
    switch (o.type) {
      case 'illegal':
        text += o.text;
        break;
      case 'register':
        text += REGISTER_NAMES[o.bank][o.index]!;
        break;
      case 'scalar':
        text += `${o.bank}${o.index}[${o.lane}]`;
        break;
      case 'list':
        // objdump names the register past d31 of an overflowing table.
        text +=
          o.count === 1
            ? `{d${o.first}}`
            : o.first + o.count > 32
              ? `{d${o.first}-<overflow reg d${o.first + o.count - 1}}`
              : `{d${o.first}-d${o.first + o.count - 1}}`;
        break;
      case 'immediate':
        text += `#${o.value}`;
        if (o.hexComment && o.value > 32) comment = hex(o.value);
        break;
      case 'modified-immediate': {
        const [t, c] = modifiedImmediateText(o);
        text += t;
        comment = c;
        break;
      }
    }
  }
  operandsComment = comment;
  return text;
}

/**
 * Prints an Advanced SIMD instruction with the condition text the state gives (A32: always '';
 * Thumb: the IT block's) and whether the state makes it UNPREDICTABLE (an ARMv8 form inside an IT block).
 */
export function formatAdvancedSimd(insn: AdvancedSimdInsn, condText: string, unpredictable: boolean): Disassembly {
  let head = insn.conditionRule === 'none' ? insn.op : insn.op + condText;
  if (insn.dataType !== '') head += `.${insn.dataType}`;
  if (insn.dataType2 !== '') head += `.${insn.dataType2}`;
  const text = head + '\t' + operandsText(insn.operands);
  const comment = operandsComment;
  if (unpredictable) return { text, comment: comment === null ? UNPREDICTABLE : `${comment}\t@ ${UNPREDICTABLE}` };
  return { text, comment };
}

const formatA32AdvancedSimd = (insn: AdvancedSimdInsn): Disassembly => formatAdvancedSimd(insn, '', false);

export const ASIMD_KINDS: readonly AdvancedSimdKind[] = [
  'asimd-three-registers',
  'asimd-three-registers-different',
  'asimd-two-registers-scalar',
  'asimd-shift-immediate',
  'asimd-modified-immediate',
  'asimd-two-registers-misc',
  'asimd-extract-table-duplicate',
  'asimd-extension',
];

export const asimdFormatters: FormatterTable<AdvancedSimdInsn> = {
  'asimd-three-registers': formatA32AdvancedSimd,
  'asimd-three-registers-different': formatA32AdvancedSimd,
  'asimd-two-registers-scalar': formatA32AdvancedSimd,
  'asimd-shift-immediate': formatA32AdvancedSimd,
  'asimd-modified-immediate': formatA32AdvancedSimd,
  'asimd-two-registers-misc': formatA32AdvancedSimd,
  'asimd-extract-table-duplicate': formatA32AdvancedSimd,
  'asimd-extension': formatA32AdvancedSimd,
};
