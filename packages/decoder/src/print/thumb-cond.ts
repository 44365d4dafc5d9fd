/**
 * objdump's condition spelling in Thumb state, shared by the 16-bit and 32-bit printers (one copy of it).
 *
 * Its `%c` prints the IT block's condition whenever an IT block is in force — `al` and `<und>` included (an
 * IT AL block's else-slots carry condition 0b1111) — and nothing outside one; its `%C` (16-bit flag-setting
 * forms) prints the condition inside a block and `s` outside one. In the 32-bit forms the `s` of a
 * flag-setting form comes before the condition and `.w` after it (`adcsvs.w`). The comments `%x` and `%X`
 * flag branches and instructions that may not be inside an IT block.
 */
import { inItBlock, lastInItBlock } from '../thumb/common.js';

/** arm_conditional[]: the condition names objdump prints inside an IT block (14 `al`, 15 `<und>`). */
export const IT_COND_NAMES: readonly string[] = [
  'eq',
  'ne',
  'cs',
  'cc',
  'mi',
  'pl',
  'vs',
  'vc',
  'hi',
  'ls',
  'ge',
  'lt',
  'gt',
  'le',
  'al',
  '<und>',
];

/** The index `itIndex` gives outside an IT block. */
export const OUTSIDE_IT = 16;

/** Index into the tables here (and those built by `itHeads`): the IT condition inside an IT block, 16 outside. */
export function itIndex(itState: number): number {
  return (itState & 0xf) !== 0 ? (itState >>> 4) & 0xf : OUTSIDE_IT;
}

/** `%c` by `itIndex`: the IT block's condition, nothing outside one. */
export const IT_SUFFIX: readonly string[] = [...IT_COND_NAMES, ''];

/** The condition suffix objdump prints for an instruction decoded under `itState` with condition `cond`. */
export function thumbCondSuffix(cond: number, itState: number): string {
  return IT_SUFFIX[inItBlock(itState) ? cond & 15 : OUTSIDE_IT]!;
}

/**
 * `before` + condition + `after` for each IT condition (0–15) and, at index 16, outside an IT block
 * (`before` + `after`). Build once per mnemonic; look up with `itIndex`.
 */
export function itHeads(before: string, after: string): readonly string[] {
  return [...IT_COND_NAMES.map((c) => before + c + after), before + after];
}

/** `%x`: objdump's comment on a branch inside an IT block that is not the block's last instruction. */
export const BRANCH_IN_IT = 'unpredictable branch in IT block';

/** `%x` for a branch under `itState`. */
export function itBranchComment(itState: number): string | null {
  return inItBlock(itState) && !lastInItBlock(itState) ? BRANCH_IN_IT : null;
}

/** `%X` by `itIndex`: the note for an instruction that may not be inside an IT block at all (null outside one). */
export const IT_UNPREDICTABLE: readonly (string | null)[] = [
  ...IT_COND_NAMES.map((c) => 'unpredictable <IT:' + c + '>'),
  null,
];

/** `%X`: objdump's comment on B<c>.W, CPS and the like inside an IT block. */
export function itUnpredictableComment(itState: number): string | null {
  return IT_UNPREDICTABLE[itIndex(itState)]!;
}

/** Head variants: objdump's `s` (flag-setting) and `.w` (wide) suffixes of the 32-bit forms, summed. */
export const HEAD_S = 1;
export const HEAD_WIDE = 2;
/** Head variant `%C` of the 16-bit flag-setting forms: the IT condition inside a block, `s` outside one. */
export const HEAD_S_OUTSIDE_IT = 4;

const SLOTS = OUTSIDE_IT + 1;

/*
 * Heads are `op` + one shared suffix per (variant, condition slot): five variants (plain, `s`, `.w`, `s` + `.w`,
 * `%C`) × 17 slots. Heads built per op (85 strings each) were measured ~2.6% slower on random units than this
 * one concatenation (more strings for the CPU caches to hold).
 */
const HEAD_SUFFIX: readonly string[] = (() => {
  const suffixes: string[] = [];
  for (let variant = 0; variant < 4; variant++) {
    const s = variant & HEAD_S ? 's' : '';
    const wide = variant & HEAD_WIDE ? '.w\t' : '\t';
    for (const c of IT_SUFFIX) suffixes.push(s + c + wide);
  }
  for (const c of IT_COND_NAMES) suffixes.push(c + '\t');
  suffixes.push('s\t');
  return suffixes;
})();

/** `op` + suffixes + tab for a head variant (HEAD_S + HEAD_WIDE, or HEAD_S_OUTSIDE_IT) at an `itIndex`. */
export function thumbHeadAt(op: string, variant: number, index: number): string {
  return op + HEAD_SUFFIX[variant * SLOTS + index]!;
}

/**
 * `op` + (`s`) + condition + (`.w`) + tab. `variant` is a sum of HEAD_S and HEAD_WIDE; `cond` and `itState`
 * are the instruction's (the condition is printed only inside an IT block).
 */
export function thumbHead(op: string, variant: number, cond: number, itState: number): string {
  return thumbHeadAt(op, variant, inItBlock(itState) ? cond & 15 : OUTSIDE_IT);
}
