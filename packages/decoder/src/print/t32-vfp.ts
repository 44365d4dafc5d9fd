/**
 * GNU objdump 2.40's spelling of 32-bit Thumb floating-point instructions: the A32 printer (print/vfp.ts)
 * with the IT block's condition (`al` / `<und>` included; none outside a block), a literal's PC of
 * address + 4 less its misalignment, and objdump's UNPREDICTABLE marks inside an IT block.
 */

import type { ThumbForm } from '../thumb/common.js';
import { inItBlock } from '../thumb/common.js';
import type { VfpInsn } from '../vfp/types.js';
import type { Disassembly } from './format.js';
import type { FormatContext } from './table.js';
import { thumbCondSuffix } from './thumb-cond.js';
import type { ThumbFormatterMap } from './thumb-format.js';
import { formatVfp } from './vfp.js';

function formatThumbVfp(insn: ThumbForm<VfpInsn>, context: FormatContext): Disassembly {
  return formatVfp(insn, context, {
    suffix: thumbCondSuffix(insn.cond, insn.itState),
    inIt: inItBlock(insn.itState),
    pcBias: 4,
  });
}

export const t32VfpFormatters: ThumbFormatterMap = {
  'vfp-arithmetic': formatThumbVfp,
  'vfp-unary': formatThumbVfp,
  'vfp-compare': formatThumbVfp,
  'vfp-move-immediate': formatThumbVfp,
  'vfp-convert': formatThumbVfp,
  'vfp-load-store': formatThumbVfp,
  'vfp-load-store-multiple': formatThumbVfp,
  'vfp-move-core-single': formatThumbVfp,
  'vfp-move-core-pair': formatThumbVfp,
  'vfp-move-core-scalar': formatThumbVfp,
  'vfp-duplicate-core': formatThumbVfp,
  'vfp-system-register': formatThumbVfp,
};
