/**
 * Advanced SIMD element and structure loads and stores (ARM ARM A7.7): VLD1–VLD4 / VST1–VST4 of multiple
 * structures, of a single structure to one lane, and (loads) of a single structure to all lanes. A32 1111 0100
 * A D L 0 (Thumb 1111 1001 A D L 0, the same fields).
 *
 * One typed form for the three classes: the D register list (first register, count, stride), the lane (or
 * all lanes), the element size, the alignment in bits, the base Rn and the post-index (`!` when Rm = 13,
 * register when Rm ≠ 13 / 15). That is what an emulator executes from; the printer spells the same fields as
 * GNU objdump 2.40 (`print_insn_neon`'s structure operands).
 */
import { type A32Common, BOOL, type MemoryAccess, PC } from '../a32/common.js';
import type { DecodeFn, Row } from '../a32/row.js';
import { row } from '../a32/row.js';
import { undefinedInsn } from '../a32/undefined.js';

export type AdvancedSimdLoadStoreKind =
  | 'asimd-load-store-multiple'
  | 'asimd-load-store-single-lane'
  | 'asimd-load-all-lanes';

/** The lane of `asimd-load-all-lanes` (every lane of each register). */
export const ALL_LANES = -1;

export interface AdvancedSimdLoadStoreInsn extends A32Common {
  readonly kind: AdvancedSimdLoadStoreKind;
  /** `vld1` … `vld4`, `vst1` … `vst4`. */
  readonly op: string;
  readonly load: boolean;
  /** Elements per structure: the n of VLDn / VSTn. */
  readonly structure: 1 | 2 | 3 | 4;
  /** objdump's data type after the dot: `8`, `16`, `32`, `64`, or `<illegal width 64>` (UNDEFINED). */
  readonly dataType: string;
  /** Element size in bits (8–64). */
  readonly elementBits: number;
  /** The D register list: `count` registers from `first`, `stride` apart (numbers past 31 are UNPREDICTABLE). */
  readonly first: number;
  readonly count: number;
  readonly stride: 1 | 2;
  /** The lane of a single-lane access; -1 (`ALL_LANES`) for all lanes; -1 for multiple structures too. */
  readonly lane: number;
  /** Alignment the address must have, in bits (`[r0 :128]`); 0 when none is required. */
  readonly alignment: number;
  /** The alignment field names an alignment the form cannot have (objdump: `:<bad align N>`); UNDEFINED. */
  readonly badAlignment: boolean;
  readonly rn: number;
  /** The post-index register; 13 = writeback by the transfer size (`!`), 15 = no writeback. */
  readonly rm: number;
  readonly writeback: boolean;
  /** The ARM ARM makes the word UNDEFINED (a size, alignment or index field the form does not have). */
  readonly architecturallyUndefined: boolean;
  /**
   * objdump rejects the lane's index/alignment field: it prints the operation and data type, then
   * `<UNDEFINED> instruction: 0x…` as a comment (the word is also `architecturallyUndefined`).
   */
  readonly rejected: boolean;
  /** Condition rule shared with the Advanced SIMD data-processing kinds: the IT block's condition in Thumb. */
  readonly conditionRule: 'c';
}

const OPS: readonly (readonly string[])[] = [
  ['vst1', 'vst2', 'vst3', 'vst4'],
  ['vld1', 'vld2', 'vld3', 'vld4'],
];

/** objdump's size spelling by size field, with 64 allowed (`S3`) or not (`S2`). */
const SIZE_S3: readonly string[] = ['8', '16', '32', '64'];
const SIZE_S2: readonly string[] = ['8', '16', '32', '<illegal width 64>'];

/** Precomputed memory-access descriptors by access and byte count (0–32). */
const MEMORY: readonly (readonly MemoryAccess[])[] = [0, 1].map((l) =>
  Array.from({ length: 33 }, (_, bytes) => ({
    access: l === 1 ? ('load' as const) : ('store' as const),
    bytes,
    exclusive: false,
    unprivileged: false,
  })),
);

/** Multiple structures by type (bits 11:8): [structure, registers, stride]; undefined = no instruction. */
const MULTIPLE: readonly (readonly [1 | 2 | 3 | 4, number, 1 | 2] | undefined)[] = [
  [4, 4, 1],
  [4, 4, 2],
  [1, 4, 1],
  [2, 4, 1],
  [3, 3, 1],
  [3, 3, 2],
  [1, 3, 1],
  [1, 1, 1],
  [2, 2, 1],
  [2, 2, 2],
  [1, 2, 1],
];

function build(
  word: number,
  address: number,
  kind: AdvancedSimdLoadStoreKind,
  structure: 1 | 2 | 3 | 4,
  dataType: string,
  elementBits: number,
  count: number,
  stride: 1 | 2,
  lane: number,
  alignment: number,
  badAlignment: boolean,
  undefinedField: boolean,
  rejected: boolean,
  bytes: number,
): AdvancedSimdLoadStoreInsn {
  const load = (word >>> 21) & 1;
  const rn = (word >>> 16) & 15;
  const rm = word & 15;
  const first = ((word >>> 12) & 15) | ((word >>> 18) & 16);
  const writeback = rm !== 15;
  const last = first + (count - 1) * stride;
  return {
    isa: 'arm',
    kind,
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op: OPS[load]![structure - 1]!,
    reads: (1 << rn) | (writeback && rm !== 13 ? 1 << rm : 0),
    writes: writeback ? 1 << rn : 0,
    setsFlags: false,
    // A list past d31, PC as base, PC as index register (ARM ARM: UNPREDICTABLE).
    unpredictable: last > 31 || rn === PC || (writeback && rm === PC),
    memory: MEMORY[load]![bytes]!,
    target: null,
    load: BOOL[load]!,
    structure,
    dataType,
    elementBits,
    first,
    count,
    stride,
    lane,
    alignment,
    badAlignment,
    rn,
    rm,
    writeback,
    architecturallyUndefined: undefinedField || badAlignment || rejected,
    rejected,
    conditionRule: 'c',
  };
}

/** VLDn / VSTn (multiple structures): type bits 11:8, size 7:6, align 5:4. */
const decodeMultiple: DecodeFn = (word, address) => {
  const type = (word >>> 8) & 15;
  const form = MULTIPLE[type];
  if (form === undefined) return undefinedInsn(word, address);
  const [structure, count, stride] = form;
  const size = (word >>> 6) & 3;
  const align = (word >>> 4) & 3;
  // ARM ARM: the alignment field may not exceed the list's size; VLD2–4 have no 64-bit elements.
  let undefinedField: boolean;
  if (structure === 1)
    undefinedField = count === 1 || count === 3 ? (align & 2) !== 0 : count === 2 ? align === 3 : false;
  else if (structure === 2) undefinedField = size === 3 || (count === 2 && align === 3);
  else if (structure === 3) undefinedField = size === 3 || (align & 2) !== 0;
  else undefinedField = size === 3;
  return build(
    word,
    address,
    'asimd-load-store-multiple',
    structure,
    (structure === 1 ? SIZE_S3 : SIZE_S2)[size]!,
    8 << size,
    count,
    stride,
    -1,
    align === 0 ? 0 : 32 << align,
    false,
    undefinedField,
    false,
    count * 8,
  );
};

/** VLDn / VSTn (single structure to one lane): size bits 11:10, n − 1 in 9:8, index_align 7:4. */
const decodeSingleLane: DecodeFn = (word, address) => {
  const size = (word >>> 10) & 3;
  const structure = (((word >>> 8) & 3) + 1) as 1 | 2 | 3 | 4;
  const ia = (word >>> 4) & 15;
  const lane = ia >>> (size + 1);
  let stride: 1 | 2 = 1;
  if (structure > 1 && size > 0 && (ia & (1 << size)) !== 0) stride = 2;
  let alignment = 0;
  let rejected = false;
  switch (structure) {
    case 1: {
      const amask = (1 << size) - 1;
      if ((ia & (1 << size)) !== 0) rejected = true;
      else if (size > 0) {
        if ((ia & amask) === amask) alignment = 8 << size;
        else if ((ia & amask) !== 0) rejected = true;
      }
      break;
    }
    case 2:
      if (size === 2 && (ia & 2) !== 0) rejected = true;
      else alignment = (ia & 1) !== 0 ? 16 << size : 0;
      break;
    case 3:
      if ((size === 2 && (ia & 3) !== 0) || (ia & 1) !== 0) rejected = true;
      break;
    default:
      if (size === 2) {
        if ((ia & 3) === 3) rejected = true;
        else alignment = (ia & 3) * 64;
      } else alignment = (ia & 1) !== 0 ? 32 << size : 0;
  }
  const ebytes = 1 << size;
  return build(
    word,
    address,
    'asimd-load-store-single-lane',
    structure,
    SIZE_S2[size]!,
    8 << size,
    structure,
    stride,
    lane,
    rejected ? 0 : alignment,
    false,
    size === 3,
    rejected,
    structure * ebytes,
  );
};

/** VLDn (single structure to all lanes): n − 1 in bits 9:8, size 7:6, T 5, a 4. */
const decodeAllLanes: DecodeFn = (word, address) => {
  const type = (word >>> 8) & 3;
  const size = (word >>> 6) & 3;
  const t = (word >>> 5) & 1;
  const a = (word >>> 4) & 1;
  const structure = (type + 1) as 1 | 2 | 3 | 4;
  // VLD1: T selects one or two registers; VLD2–4: T selects the register stride.
  const count = structure === 1 ? t + 1 : structure;
  const stride: 1 | 2 = structure === 1 ? 1 : t === 1 ? 2 : 1;
  let alignment = 0;
  let badAlignment = false;
  if (a === 1) {
    alignment = (8 * structure) << size;
    if (structure === 4 && size > 1) alignment >>>= 1;
    badAlignment = structure === 3 || (structure === 1 && size === 0);
  }
  // VLD4 with size 11 is `.32` with 16-byte alignment (a must be 1); other forms have no 64-bit elements.
  const vld4wide = structure === 4 && size === 3;
  const dataType = vld4wide ? '32' : SIZE_S2[size]!;
  const elementBits = vld4wide ? 32 : 8 << size;
  const undefinedField = vld4wide ? a === 0 : size === 3;
  return build(
    word,
    address,
    'asimd-load-all-lanes',
    structure,
    dataType,
    elementBits,
    count,
    stride,
    ALL_LANES,
    alignment,
    badAlignment,
    undefinedField,
    false,
    structure * (elementBits >>> 3),
  );
};

/**
 * Rows in objdump's first-match order. Fields: A (bit 23) multiple / single, D:Vd, L (bit 21) load, n = Rn,
 * m = Rm; the class decoders read the rest.
 */
export const asimdLoadStoreRows: readonly Row[] = [
  row('1111 0100 1D10 nnnn dddd 11-- ---- mmmm', 'vld-all-lanes', decodeAllLanes),
  row('1111 0100 0DL0 nnnn dddd ---- ---- mmmm', 'vldst-multiple', decodeMultiple),
  row('1111 0100 1DL0 nnnn dddd ---- ---- mmmm', 'vldst-single-lane', decodeSingleLane),
];
