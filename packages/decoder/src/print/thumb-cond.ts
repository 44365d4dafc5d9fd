/**
 * objdump's condition spelling in Thumb state. Its `%c` prints the IT block's condition whenever an IT block
 * is in force — `al` and `<und>` included (an IT AL block's else-slots carry condition 0b1111) — and nothing
 * outside one. The comments `%x` and `%X` flag branches and CPS inside IT blocks.
 */
import { inItBlock, lastInItBlock } from '../thumb/common.js';
import { COND_SUFFIX } from './format.js';

/** arm_conditional[]: the condition names objdump prints inside an IT block (14 `al`, 15 `<und>`). */
export const IT_COND_NAMES: readonly string[] = [...COND_SUFFIX.slice(0, 14), 'al', '<und>'];

/** Index into a table built by `itHeads`: the IT condition inside an IT block, 16 outside one. */
export function itIndex(itState: number): number {
  return (itState & 0xf) !== 0 ? (itState >>> 4) & 0xf : 16;
}

/**
 * `before` + condition + `after` for each IT condition (0–15) and, at index 16, outside an IT block
 * (`before` + `after`). Build once per mnemonic; look up with `itIndex`.
 */
export function itHeads(before: string, after: string): readonly string[] {
  return [...IT_COND_NAMES.map((c) => before + c + after), before + after];
}

/** `%x`: objdump's comment on a branch inside an IT block that is not the block's last instruction. */
export function itBranchComment(itState: number): string | null {
  return inItBlock(itState) && !lastInItBlock(itState) ? 'unpredictable branch in IT block' : null;
}

const IT_UNPREDICTABLE: readonly string[] = IT_COND_NAMES.map((c) => 'unpredictable <IT:' + c + '>');

/** `%X`: objdump's comment on B<c>.W and CPS inside an IT block. */
export function itUnpredictableComment(itState: number): string | null {
  return inItBlock(itState) ? IT_UNPREDICTABLE[(itState >>> 4) & 0xf]! : null;
}
