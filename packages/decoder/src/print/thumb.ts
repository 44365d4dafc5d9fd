/**
 * Thumb printing: GNU objdump 2.40 with `-M force-thumb` (or `$t` mapping symbols in an ELF).
 */
import { decodeThumb } from '../thumb/decode.js';
import type { ThumbInstruction } from '../thumb/types.js';
import type { FormatOptions } from './a32.js';
import { t32AsimdLoadStoreFormatters } from './asimd-load-store.js';
import { type Disassembly, hex, undefinedText, undefinedText16 } from './format.js';
import { T16_FORMATTERS } from './t16.js';
import { t32AsimdFormatters } from './t32-asimd.js';
import { t32BranchControlFormatters } from './t32-branch-control.js';
import { t32CoprocessorFormatters } from './t32-coprocessor.js';
import { t32DataProcessingFormatters } from './t32-data-processing.js';
import { formatSingleTransferReading, t32LoadStoreFormatters } from './t32-load-store.js';
import { t32MultiplyFormatters } from './t32-multiply.js';
import { t32VfpFormatters } from './t32-vfp.js';
import type { FormatContext } from './table.js';
import type { ThumbFormatterMap } from './thumb-format.js';

/** What objdump prints for one Thumb instruction, and its length in bytes (2 or 4). */
export interface ThumbDisassembly extends Disassembly {
  readonly size: 2 | 4;
}

type AnyFormatter = (insn: ThumbInstruction, context: FormatContext) => Disassembly;

function byKind(...maps: ThumbFormatterMap[]): Map<string, AnyFormatter> {
  const out = new Map<string, AnyFormatter>();
  for (const m of maps) {
    for (const [kind, f] of Object.entries(m)) {
      if (out.has(kind)) throw new Error(`two Thumb formatters for kind ${kind}`);
      out.set(kind, f as AnyFormatter);
    }
  }
  return out;
}

const T16 = byKind(T16_FORMATTERS);
const T32 = byKind(
  t32DataProcessingFormatters,
  t32MultiplyFormatters,
  t32BranchControlFormatters,
  t32LoadStoreFormatters,
  t32CoprocessorFormatters,
  t32VfpFormatters,
  t32AsimdFormatters,
  t32AsimdLoadStoreFormatters,
);

const RAW_BINARY: FormatContext = { formatAddress: hex };

/** objdump's line for a Thumb unit it cannot decode: 4 hex digits for 16-bit units, 8 for 32-bit ones. */
export function thumbUndefinedText(insn: ThumbInstruction): Disassembly {
  return insn.length === 2 ? undefinedText16(insn.word) : undefinedText(insn.word);
}

/** True when a formatter exists for a decoded kind at a length (every decodable kind must have one). */
export function hasThumbFormatter(kind: string, length: 2 | 4): boolean {
  return kind === 'undefined' || (length === 2 ? T16 : T32).has(kind);
}

/* The most frequent kinds of each length get their own call sites (monomorphic, so V8 can inline the printer). */
function formatterOf(table: Map<string, AnyFormatter>, kind: string): AnyFormatter {
  const f = table.get(kind);
  if (f === undefined) throw new Error(`no Thumb formatter for kind ${kind}`);
  return f;
}
const T16_LOAD_STORE_IMMEDIATE = formatterOf(T16, 'loadStoreImmediate');
const T16_DP_IMMEDIATE = formatterOf(T16, 'dp-immediate');
const T16_DP_REGISTER = formatterOf(T16, 'dp-register');
const T16_BRANCH_IMMEDIATE = formatterOf(T16, 'branch-immediate');
const T16_LOAD_STORE_MULTIPLE = formatterOf(T16, 'loadStoreMultiple');
const T16_LOAD_STORE_REGISTER = formatterOf(T16, 'loadStoreRegister');
const T32_BRANCH_IMMEDIATE = formatterOf(T32, 'branch-immediate');
const T32_COPROCESSOR_LOAD_STORE = formatterOf(T32, 'coprocessor-load-store');
const T32_LOAD_STORE_IMMEDIATE = formatterOf(T32, 'loadStoreImmediate');
const T32_DP_IMMEDIATE = formatterOf(T32, 'dp-immediate');
const T32_ASIMD_THREE_REGISTERS = formatterOf(T32, 'asimd-three-registers');
const T32_COPROCESSOR_REGISTER_TRANSFER = formatterOf(T32, 'coprocessor-register-transfer');
const T32_COPROCESSOR_DATA_PROCESSING = formatterOf(T32, 'coprocessor-data-processing');
const T32_DP_REGISTER = formatterOf(T32, 'dp-register');
const T32_NAMED_UNDEFINED = formatterOf(T32, 'named-undefined');
const T32_LOAD_STORE_MULTIPLE = formatterOf(T32, 'loadStoreMultiple');

/** Prints a decoded Thumb instruction exactly as GNU objdump 2.40 does. */
export function formatThumb(insn: ThumbInstruction, options?: FormatOptions): Disassembly {
  // Options that spell addresses are a FormatContext already: used as they are, no object per call.
  const context =
    options === undefined || options.formatAddress === undefined ? RAW_BINARY : (options as FormatContext);
  const kind = insn.kind;
  if (kind === 'undefined') {
    const reading = insn.printedAs;
    return reading === null || reading.form !== 'single-transfer'
      ? thumbUndefinedText(insn)
      : formatSingleTransferReading(insn, reading, context);
  }
  let f: AnyFormatter | undefined;
  if (insn.length === 2) {
    switch (kind) {
      case 'loadStoreImmediate':
        return T16_LOAD_STORE_IMMEDIATE(insn, context);
      case 'dp-immediate':
        return T16_DP_IMMEDIATE(insn, context);
      case 'dp-register':
        return T16_DP_REGISTER(insn, context);
      case 'branch-immediate':
        return T16_BRANCH_IMMEDIATE(insn, context);
      case 'loadStoreMultiple':
        return T16_LOAD_STORE_MULTIPLE(insn, context);
      case 'loadStoreRegister':
        return T16_LOAD_STORE_REGISTER(insn, context);
      default:
        f = T16.get(kind);
    }
  } else {
    switch (kind) {
      case 'branch-immediate':
        return T32_BRANCH_IMMEDIATE(insn, context);
      case 'coprocessor-load-store':
        return T32_COPROCESSOR_LOAD_STORE(insn, context);
      case 'loadStoreImmediate':
        return T32_LOAD_STORE_IMMEDIATE(insn, context);
      case 'dp-immediate':
        return T32_DP_IMMEDIATE(insn, context);
      case 'asimd-three-registers':
        return T32_ASIMD_THREE_REGISTERS(insn, context);
      case 'coprocessor-register-transfer':
        return T32_COPROCESSOR_REGISTER_TRANSFER(insn, context);
      case 'coprocessor-data-processing':
        return T32_COPROCESSOR_DATA_PROCESSING(insn, context);
      case 'dp-register':
        return T32_DP_REGISTER(insn, context);
      case 'named-undefined':
        return T32_NAMED_UNDEFINED(insn, context);
      case 'loadStoreMultiple':
        return T32_LOAD_STORE_MULTIPLE(insn, context);
      default:
        f = T32.get(kind);
    }
  }
  if (f === undefined) {
    // A decoder produced a kind no printer handles: a bug in this package (a test checks every row).
    throw new Error(`no ${insn.length * 8}-bit Thumb formatter for kind ${kind}`);
  }
  return f(insn, context);
}

/**
 * Decodes and prints one Thumb instruction: `hw1` (and `hw2` when `hw1` starts a 32-bit instruction) at
 * `address`, under ITSTATE `itState` (0 outside an IT block). Never throws.
 */
export function disassembleThumb(
  hw1: number,
  hw2 = 0,
  address = 0,
  itState = 0,
  options?: FormatOptions,
): ThumbDisassembly {
  const insn = decodeThumb(hw1, hw2, address, itState);
  const d = formatThumb(insn, options);
  return { text: d.text, comment: d.comment, size: insn.length };
}
