/**
 * GNU objdump 2.40's spelling of Advanced SIMD element and structure loads and stores (`-m arm`, and
 * `-M force-thumb` with the IT block's condition): `vld2.16\t{d0,d2}, [r1 :128]!`. Lists with stride 1 are
 * ranges (`{d0-d3}`, `{d0[]-d1[]}`), stride 2 lists are comma-separated without spaces, lane lists always
 * are (`{d0[1],d1[1]}`); the alignment follows the base after a space; `!` or `, rm` is the post-index.
 */
import type { AdvancedSimdLoadStoreInsn, AdvancedSimdLoadStoreKind } from '../asimd/load-store.js';
import type { ThumbForm } from '../thumb/common.js';
import { type Disassembly, hexPad } from './format.js';
import type { FormatterTable } from './table.js';
import { thumbCondSuffix } from './thumb-cond.js';
import type { ThumbFormatterMap } from './thumb-format.js';

const REG_NAMES: readonly string[] = [
  'r0',
  'r1',
  'r2',
  'r3',
  'r4',
  'r5',
  'r6',
  'r7',
  'r8',
  'r9',
  'sl',
  'fp',
  'ip',
  'sp',
  'lr',
  'pc',
];

/** `[rn`, then ` :align` and `]`, then `!` or `, rm`. */
const POST_INDEX: readonly string[] = REG_NAMES.map((r, i) => (i === 13 ? '!' : i === 15 ? '' : `, ${r}`));

function listText(insn: AdvancedSimdLoadStoreInsn): string {
  const { first, count, stride, lane } = insn;
  if (insn.kind === 'asimd-load-store-single-lane') {
    let s = `{d${first}[${lane}]`;
    for (let i = 1; i < count; i++) s += `,d${first + i * stride}[${lane}]`;
    return `${s}}`;
  }
  const suffix = insn.kind === 'asimd-load-all-lanes' ? '[]' : '';
  if (count === 1) return `{d${first}${suffix}}`;
  if (stride === 1) return `{d${first}${suffix}-d${first + count - 1}${suffix}}`;
  let s = `{d${first}${suffix}`;
  for (let i = 1; i < count; i++) s += `,d${first + i * stride}${suffix}`;
  return `${s}}`;
}

/** Prints with the condition text the state gives (A32: ''; Thumb: the IT block's). */
export function formatAdvancedSimdLoadStore(insn: AdvancedSimdLoadStoreInsn, condText: string): Disassembly {
  const head = `${insn.op}${condText}.${insn.dataType}`;
  // objdump stops at the field it rejects and prints its UNDEFINED tail, `\t\t@ <UNDEFINED> …`, after the
  // mnemonic's own tab: `vst3.32\t\t\t@ <UNDEFINED> instruction: 0x…` (the last tab is the comment separator).
  if (insn.rejected) return { text: head + '\t\t', comment: `<UNDEFINED> instruction: ${hexPad(insn.word, 8)}` };
  const align =
    insn.alignment === 0 ? '' : insn.badAlignment ? ` :<bad align ${insn.alignment}>` : ` :${insn.alignment}`;
  return {
    text: `${head}\t${listText(insn)}, [${REG_NAMES[insn.rn]!}${align}]${POST_INDEX[insn.rm]!}`,
    comment: null,
  };
}

const formatA32 = (insn: AdvancedSimdLoadStoreInsn): Disassembly => formatAdvancedSimdLoadStore(insn, '');

export const ASIMD_LOAD_STORE_KINDS: readonly AdvancedSimdLoadStoreKind[] = [
  'asimd-load-store-multiple',
  'asimd-load-store-single-lane',
  'asimd-load-all-lanes',
];

export const asimdLoadStoreFormatters: FormatterTable<AdvancedSimdLoadStoreInsn> = {
  'asimd-load-store-multiple': formatA32,
  'asimd-load-store-single-lane': formatA32,
  'asimd-load-all-lanes': formatA32,
};

function formatThumb(insn: ThumbForm<AdvancedSimdLoadStoreInsn>): Disassembly {
  return formatAdvancedSimdLoadStore(
    insn as unknown as AdvancedSimdLoadStoreInsn,
    thumbCondSuffix(insn.cond, insn.itState),
  );
}

export const t32AsimdLoadStoreFormatters: ThumbFormatterMap = {
  'asimd-load-store-multiple': formatThumb,
  'asimd-load-store-single-lane': formatThumb,
  'asimd-load-all-lanes': formatThumb,
};
