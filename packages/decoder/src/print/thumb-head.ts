/**
 * The mnemonic head of a Thumb instruction as objdump 2.40 prints it: operation, `s`, condition, `.w`, tab.
 *
 * In Thumb state objdump prints a condition only inside an IT block, from the IT state (`%c`), spelling
 * AL as `al` and the UNPREDICTABLE firstcond 1111 as `<und>`; outside a block it prints none. The `s` of a
 * flag-setting form comes before the condition and `.w` after it (`adcsvs.w`).
 */
import { inItBlock } from '../thumb/common.js';

/** arm_conditional[] of objdump, plus index 16: outside an IT block (nothing printed). */
const THUMB_COND_SUFFIX: readonly string[] = [
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
  '',
];

const OUTSIDE_IT = 16;
const VARIANT = THUMB_COND_SUFFIX.length;

/** The condition suffix objdump prints for an instruction decoded under `itState` with condition `cond`. */
export function thumbCondSuffix(cond: number, itState: number): string {
  return THUMB_COND_SUFFIX[inItBlock(itState) ? cond & 15 : OUTSIDE_IT]!;
}

/*
 * Heads per operation: four variants (plain, `s`, `.w`, `s` + `.w`) × 17 condition slots, built the first
 * time an operation is printed. One Map lookup replaces three concatenations on the printing path.
 */
const HEADS = new Map<string, string[]>();

function buildHeads(op: string): string[] {
  const heads: string[] = [];
  for (let variant = 0; variant < 4; variant++) {
    const s = variant & HEAD_S ? 's' : '';
    const wide = variant & HEAD_WIDE ? '.w\t' : '\t';
    for (const c of THUMB_COND_SUFFIX) heads.push(op + s + c + wide);
  }
  HEADS.set(op, heads);
  return heads;
}

/** Variant flags for thumbHead: objdump's `s` (flag-setting) and `.w` (wide) suffixes. */
export const HEAD_S = 1;
export const HEAD_WIDE = 2;

/**
 * `op` + (`s`) + condition + (`.w`) + tab. `variant` is a sum of HEAD_S and HEAD_WIDE; `cond` and `itState`
 * are the instruction's (the condition is printed only inside an IT block).
 */
export function thumbHead(op: string, variant: number, cond: number, itState: number): string {
  const heads = HEADS.get(op) ?? buildHeads(op);
  return heads[(variant & 3) * VARIANT + (inItBlock(itState) ? cond & 15 : OUTSIDE_IT)]!;
}
