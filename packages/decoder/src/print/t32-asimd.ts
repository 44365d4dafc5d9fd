/**
 * GNU objdump 2.40's spelling of Advanced SIMD data-processing in Thumb state: the A32 spelling with the IT
 * block's condition after the operation (`al` for AL, none outside a block) and `<UNPREDICTABLE>` for an
 * ARMv8 form that may not be conditional inside an IT block. Forms objdump prints without a condition
 * (`conditionRule` 'none') print none.
 */
import type { AdvancedSimdInsn } from '../asimd/types.js';
import type { ThumbForm } from '../thumb/common.js';
import { inItBlock } from '../thumb/common.js';
import { formatAdvancedSimd } from './asimd.js';
import type { Disassembly } from './format.js';
import { thumbCondSuffix } from './thumb-cond.js';
import type { ThumbFormatterMap } from './thumb-format.js';

function formatThumbAdvancedSimd(insn: ThumbForm<AdvancedSimdInsn>): Disassembly {
  return formatAdvancedSimd(
    insn as unknown as AdvancedSimdInsn,
    thumbCondSuffix(insn.cond, insn.itState),
    insn.conditionRule === 'u' && inItBlock(insn.itState),
  );
}

export const t32AsimdFormatters: ThumbFormatterMap = {
  'asimd-three-registers': formatThumbAdvancedSimd,
  'asimd-three-registers-different': formatThumbAdvancedSimd,
  'asimd-two-registers-scalar': formatThumbAdvancedSimd,
  'asimd-shift-immediate': formatThumbAdvancedSimd,
  'asimd-modified-immediate': formatThumbAdvancedSimd,
  'asimd-two-registers-misc': formatThumbAdvancedSimd,
  'asimd-extract-table-duplicate': formatThumbAdvancedSimd,
  'asimd-extension': formatThumbAdvancedSimd,
};
