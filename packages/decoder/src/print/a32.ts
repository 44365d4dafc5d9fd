import { decodeA32 } from '../a32/decode.js';
import type { A32Instruction } from '../a32/types.js';
import { asimdFormatters } from './asimd.js';
import { asimdLoadStoreFormatters } from './asimd-load-store.js';
import { branchFormatters } from './branch.js';
import { coprocessorFormatters } from './coprocessor.js';
import { dataProcessingFormatters } from './data-processing.js';
import { type Disassembly, hex } from './format.js';
import { loadStoreFormatters } from './load-store.js';
import { mediaFormatters } from './media.js';
import { multiplyFormatters } from './multiply.js';
import { systemFormatters } from './system.js';
import type { FormatContext, FormatterTable } from './table.js';
import { formatA32Undefined } from './undefined.js';
import { vfpFormatters } from './vfp.js';

const formatters: FormatterTable<A32Instruction> = {
  ...dataProcessingFormatters,
  ...multiplyFormatters,
  ...loadStoreFormatters,
  ...mediaFormatters,
  ...branchFormatters,
  ...systemFormatters,
  ...coprocessorFormatters,
  ...asimdFormatters,
  ...asimdLoadStoreFormatters,
  ...vfpFormatters,
  undefined: formatA32Undefined,
};

export interface FormatOptions {
  /**
   * Spells addresses (branch targets, PC-relative comments). Default: objdump on a raw binary, `0x1002c`.
   * An objdump-`-d`-style listing of an ELF passes one that prints `1002c <lit>`.
   */
  readonly formatAddress?: (address: number) => string;
}

const RAW_BINARY: FormatContext = { formatAddress: hex };

type AnyFormatter = (i: A32Instruction, c: FormatContext) => Disassembly;

/** Kind → formatter as a Map: the object literal above has ~60 dashed keys and V8 keeps it in dictionary mode. */
const BY_KIND = new Map<string, AnyFormatter>(Object.entries(formatters) as [string, AnyFormatter][]);

/* The most frequent kinds get their own call sites (monomorphic, so V8 can inline the printer). */
const formatLoadStoreImmediate = formatters.loadStoreImmediate;
const formatBranchImmediate = formatters['branch-immediate'];
const formatLoadStoreMultiple = formatters.loadStoreMultiple;
const formatDataProcessingImmediate = formatters['dp-immediate'];
const formatCoprocessorLoadStore = formatters['coprocessor-load-store'];
const formatLoadStoreRegister = formatters.loadStoreRegister;
const formatDataProcessingRegister = formatters['dp-register'];
const formatSupervisorCall = formatters['supervisor-call'];
const formatCoprocessorRegisterTransfer = formatters['coprocessor-register-transfer'];
const formatCoprocessorDataProcessing = formatters['coprocessor-data-processing'];
const formatDataProcessingRegisterShifted = formatters['dp-register-shifted'];

/** Prints a decoded instruction exactly as GNU objdump 2.40 (`-m arm`) does. */
export function formatA32(insn: A32Instruction, options?: FormatOptions): Disassembly {
  // Options that spell addresses are a FormatContext already: used as they are, no object per call.
  const context =
    options === undefined || options.formatAddress === undefined ? RAW_BINARY : (options as FormatContext);
  switch (insn.kind) {
    case 'undefined':
      return formatA32Undefined(insn);
    case 'loadStoreImmediate':
      return formatLoadStoreImmediate(insn, context);
    case 'branch-immediate':
      return formatBranchImmediate(insn, context);
    case 'loadStoreMultiple':
      return formatLoadStoreMultiple(insn, context);
    case 'dp-immediate':
      return formatDataProcessingImmediate(insn, context);
    case 'coprocessor-load-store':
      return formatCoprocessorLoadStore(insn, context);
    case 'loadStoreRegister':
      return formatLoadStoreRegister(insn, context);
    case 'dp-register':
      return formatDataProcessingRegister(insn, context);
    case 'supervisor-call':
      return formatSupervisorCall(insn, context);
    case 'coprocessor-register-transfer':
      return formatCoprocessorRegisterTransfer(insn, context);
    case 'coprocessor-data-processing':
      return formatCoprocessorDataProcessing(insn, context);
    case 'dp-register-shifted':
      return formatDataProcessingRegisterShifted(insn, context);
    default:
      return BY_KIND.get(insn.kind)!(insn, context);
  }
}

/** Decodes and prints one ARM-state word at `address`. Never throws. */
export function disassembleA32(word: number, address = 0, options?: FormatOptions): Disassembly {
  return formatA32(decodeA32(word, address), options);
}
