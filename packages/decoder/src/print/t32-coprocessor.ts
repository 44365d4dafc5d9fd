/**
 * GNU objdump 2.40's spelling of 32-bit Thumb generic coprocessor instructions, keyed by kind. objdump
 * prints the Thumb coprocessor space with the A32 coprocessor printer (print/coprocessor.ts); what differs
 * is the condition (the IT block's, `al` / `<und>` included; none outside a block), the PC of PC-relative
 * LDC/STC (address + 4, less its misalignment), and that a use of coprocessor 9 inside an IT block is
 * UNPREDICTABLE.
 */
import type { CoprocessorInsn } from '../a32/coprocessor.js';
import type { ThumbForm } from '../thumb/common.js';
import { inItBlock } from '../thumb/common.js';
import { formatCoprocessor } from './coprocessor.js';
import type { Disassembly } from './format.js';
import type { FormatContext } from './table.js';
import { OUTSIDE_IT } from './thumb-cond.js';
import type { ThumbFormatterMap } from './thumb-format.js';

function formatThumbCoprocessor(insn: ThumbForm<CoprocessorInsn>, context: FormatContext): Disassembly {
  const inIt = inItBlock(insn.itState);
  return formatCoprocessor(insn, context, inIt ? insn.cond & 15 : OUTSIDE_IT, 4, inIt && insn.coproc === 9);
}

export const t32CoprocessorFormatters: ThumbFormatterMap = {
  'coprocessor-data-processing': formatThumbCoprocessor,
  'coprocessor-register-transfer': formatThumbCoprocessor,
  'coprocessor-register-pair-transfer': formatThumbCoprocessor,
  'coprocessor-load-store': formatThumbCoprocessor,
};
