/**
 * Printing of the coprocessor space exactly as GNU objdump 2.40 does it: the generic forms
 * (`mrc\t15, 0, r0, cr0, cr0, {0}`, `ldc\t5, cr3, [r1], #-8`), and the spellings objdump uses for
 * retired coprocessors (XScale cp0, FPA cp1/cp2, Maverick cp4–6) and for the ARMv8.1-M system-register
 * VLDR/VSTR on cp15. Those vendor spellings are presentation only: they are printed from the word's
 * encoding fields, keyed by `op`, while the decoded instruction stays the architectural kind.
 */
import type {
  CoprocessorDataProcessing,
  CoprocessorInsn,
  CoprocessorLoadStore,
  CoprocessorRegisterPairTransfer,
  CoprocessorRegisterTransfer,
} from '../a32/coprocessor.js';
import { FPA_DYADIC, FPA_MONADIC } from '../a32/coprocessor.js';
import { type Disassembly, hex, offsetHex, REG_NAMES, UNPREDICTABLE, undefinedText } from './format.js';
import type { FormatContext, FormatterTable } from './table.js';
import { IT_SUFFIX, OUTSIDE_IT } from './thumb-cond.js';

/**
 * Core register names as objdump 2.40 prints them: r9 stays `r9` (only r10–r15 take their APCS names).
 * TODO(lead): format.ts REG_NAMES spells r9 `sb`, which objdump does not; once fixed, use `reg` from there.
 */
function reg(n: number): string {
  return n === 9 ? 'r9' : REG_NAMES[n & 15]!;
}

/*
 * Operand pieces, so that a generic form is a few concatenations of looked-up strings (printing sits on the
 * decoder's hot path: see bench/): `5, ` (coprocessor number), `cr3, `, `[r9` (objdump's r9 spelling here),
 * `5, 3, ` (coprocessor, opc1) and `cr1, cr2, ` (CRn, CRm) by nibble pairs, `{7}` (opc2), `r9, ` (Rt).
 */
const COPROCESSOR_COMMA: readonly string[] = Array.from({ length: 16 }, (_, n) => n + ', ');
const CR_COMMA: readonly string[] = Array.from({ length: 16 }, (_, n) => 'cr' + n + ', ');
const CR_NAME: readonly string[] = Array.from({ length: 16 }, (_, n) => 'cr' + n);
const BRACKET_REG: readonly string[] = Array.from({ length: 16 }, (_, n) => '[' + reg(n));
const COPROCESSOR_OPC1: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => COPROCESSOR_COMMA[i >>> 4]! + COPROCESSOR_COMMA[i & 15]!,
);
const COPROCESSOR_CR: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => COPROCESSOR_COMMA[i >>> 4]! + CR_COMMA[i & 15]!,
);
const CR_PAIR: readonly string[] = Array.from({ length: 256 }, (_, i) => CR_COMMA[i >>> 4]! + CR_COMMA[i & 15]!);
const OPC2_BRACE: readonly string[] = Array.from({ length: 8 }, (_, n) => '{' + n + '}');
const REG_COMMA_R9: readonly string[] = Array.from({ length: 16 }, (_, n) => reg(n) + ', ');

/*
 * The `[rn…]` operand's tail by signed offset (imm8 × 4 or × 2: −1020…1020, at index offset + 1020):
 * `, #-8]`, `, #-8]!` and `], #-8`; and the unindexed form's option, `, {200}` by imm8.
 */
const OFFSET_BIAS = 1020;
const OFFSET_CLOSE: readonly string[] = Array.from(
  { length: 2 * OFFSET_BIAS + 1 },
  (_, i) => ', #' + (i - OFFSET_BIAS) + ']',
);
const OFFSET_CLOSE_WRITEBACK: readonly string[] = OFFSET_CLOSE.map((t) => t + '!');
const POST_OFFSET: readonly string[] = Array.from(
  { length: 2 * OFFSET_BIAS + 1 },
  (_, i) => '], #' + (i - OFFSET_BIAS),
);
const OPTION: readonly string[] = Array.from({ length: 256 }, (_, n) => '], {' + n + '}');

/**
 * Mnemonic heads `op` + condition + tab by condition slot: 0–13 the conditions, 14 `al` and 15 `<und>` (a
 * Thumb IT block prints them), OUTSIDE_IT none (an A32 AL or unconditional word, or Thumb outside an IT block).
 */
function heads(op: string): readonly string[] {
  return IT_SUFFIX.map((c) => op + c + '\t');
}
const CDP_HEADS = heads('cdp');
const CDP2_HEADS = heads('cdp2');
const MRC_HEADS = heads('mrc');
const MCR_HEADS = heads('mcr');
const MRC2_HEADS = heads('mrc2');
const MCR2_HEADS = heads('mcr2');
const MCRR_HEADS = heads('mcrr');
const MCRR2_HEADS = heads('mcrr2');
const MRRC_HEADS = heads('mrrc');
const MRRC2_HEADS = heads('mrrc2');
const LDC_HEADS = heads('ldc');
const LDCL_HEADS = heads('ldcl');
const STC_HEADS = heads('stc');
const STCL_HEADS = heads('stcl');
const LDC2_HEADS = heads('ldc2');
const LDC2L_HEADS = heads('ldc2l');
const STC2_HEADS = heads('stc2');
const STC2L_HEADS = heads('stc2l');

/** The heads of the LDC/STC spellings; null for the rest of the load/store space (vendor spellings). */
function loadStoreHeads(op: string): readonly string[] | null {
  switch (op) {
    case 'ldc':
      return LDC_HEADS;
    case 'ldcl':
      return LDCL_HEADS;
    case 'stc':
      return STC_HEADS;
    case 'stcl':
      return STCL_HEADS;
    case 'ldc2':
      return LDC2_HEADS;
    case 'ldc2l':
      return LDC2L_HEADS;
    case 'stc2':
      return STC2_HEADS;
    case 'stc2l':
      return STC2L_HEADS;
    default:
      return null;
  }
}

/** The condition slot of an A32 word's condition (AL and the unconditional space print none). */
export function a32CondSlot(c: number): number {
  return c < 14 ? c : OUTSIDE_IT;
}

/* ------------------------------------------------------------------------------------------------ */
/* Comment assembly                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

/**
 * objdump's coprocessor printer ends with: an address comment (PC-relative forms), then the last
 * printed offset in hex when it is > 32 or < −16, then `<UNPREDICTABLE>`; each piece after the first
 * is joined with a tab and `@ `.
 */
export function joinComment(address: string | null, value: number | null, unpredictable: boolean): string | null {
  let out: string | null = address;
  if (value !== null && (value > 32 || value < -16))
    out = out === null ? offsetHex(value) : `${out}\t@ ${offsetHex(value)}`;
  if (unpredictable) out = out === null ? UNPREDICTABLE : `${out}\t@ ${UNPREDICTABLE}`;
  return out;
}

/**
 * The `[rn…]` operand of LDC/STC-shaped words. `scale` is 4 (objdump uses 2 for coprocessor 9);
 * `imm8` the offset field. Returns the text plus what objdump puts in the comments.
 */
export interface AddressText {
  readonly text: string;
  readonly pcComment: string | null;
  /** The value objdump remembers for the trailing hex comment, or null when it remembers none. */
  readonly value: number | null;
}

export function addressOperand(
  word: number,
  address: number,
  imm8: number,
  scale: number,
  formatAddress: (address: number) => string,
  pcBias: number,
): AddressText {
  const rn = (word >>> 16) & 0xf;
  const index = (word & 0x01000000) !== 0;
  const add = (word & 0x00800000) !== 0;
  const wback = (word & 0x00200000) !== 0;
  let text = BRACKET_REG[rn]!;
  let value: number | null = null;
  let offset = imm8;
  if (index || wback) {
    offset = add ? imm8 * scale : -imm8 * scale;
    if (rn !== 15) value = offset;
  }
  if (index) {
    if (offset !== 0)
      text += wback ? OFFSET_CLOSE_WRITEBACK[offset + OFFSET_BIAS]! : OFFSET_CLOSE[offset + OFFSET_BIAS]!;
    else if (!add) text += ', #-0]';
    else text += ']';
  } else if (wback) {
    if (offset !== 0) text += POST_OFFSET[offset + OFFSET_BIAS]!;
    else text += add ? ']' : '], #-0';
  } else {
    text += !add && imm8 === 0 ? '], {-0}' : OPTION[imm8]!;
    value = imm8;
  }
  const pcComment =
    rn === 15 && (index || wback) ? formatAddress((offset + address + pcBias - (address & 3)) >>> 0) : null;
  return { text, pcComment, value };
}

/* ------------------------------------------------------------------------------------------------ */
/* Generic forms                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

/** objdump marks conditional (non-AL) uses of coprocessor 9 UNPREDICTABLE. */
function cp9Conditional(word: number, coproc: number): boolean {
  const c = word >>> 28;
  return coproc === 9 && c !== 14 && c !== 15;
}

/** An instruction of either state: the printer reads its encoding fields, never `isa`. */
type StateFree<T> = T extends unknown ? Omit<T, 'isa'> : never;

/** MCR2/MRC2/LDC2/STC2 naming coprocessor 9, 10 or 11. */
function fpSpace2(coproc: number): boolean {
  return coproc === 9 || coproc === 10 || coproc === 11;
}

function formatDataProcessing(
  insn: StateFree<CoprocessorDataProcessing>,
  slot: number,
  pcBias: number,
  cp9: boolean,
): Disassembly {
  const op = insn.op;
  const heads = op === 'cdp' ? CDP_HEADS : op === 'cdp2' ? CDP2_HEADS : null;
  if (heads === null) return formatVendor(insn, slot, pcBias);
  return {
    text:
      heads[slot]! +
      COPROCESSOR_OPC1[(insn.coproc << 4) | insn.opc1]! +
      CR_COMMA[insn.crd]! +
      CR_PAIR[(insn.crn << 4) | insn.crm]! +
      OPC2_BRACE[insn.opc2]!,
    comment: cp9 ? UNPREDICTABLE : null,
  };
}

function formatRegisterTransfer(
  insn: StateFree<CoprocessorRegisterTransfer>,
  slot: number,
  pcBias: number,
  cp9: boolean,
): Disassembly {
  const op = insn.op;
  let unpredictable: boolean;
  let heads: readonly string[];
  let rt = REG_COMMA_R9[insn.rt]!;
  if (op === 'mrc') {
    heads = MRC_HEADS;
    if (insn.rt === 15) rt = 'APSR_nzcv, ';
    unpredictable = false;
  } else if (op === 'mcr') {
    heads = MCR_HEADS;
    unpredictable = insn.rt === 15;
  } else if (op === 'mcr2') {
    heads = MCR2_HEADS;
    unpredictable = insn.rt === 15 || fpSpace2(insn.coproc);
  } else if (op === 'mrc2') {
    heads = MRC2_HEADS;
    unpredictable = fpSpace2(insn.coproc);
  } else {
    return formatVendor(insn, slot, pcBias);
  }
  return {
    text:
      heads[slot]! +
      COPROCESSOR_OPC1[(insn.coproc << 4) | insn.opc1]! +
      rt +
      CR_PAIR[(insn.crn << 4) | insn.crm]! +
      OPC2_BRACE[insn.opc2]!,
    comment: unpredictable || cp9 ? UNPREDICTABLE : null,
  };
}

function formatRegisterPairTransfer(
  insn: StateFree<CoprocessorRegisterPairTransfer>,
  slot: number,
  pcBias: number,
  cp9: boolean,
): Disassembly {
  const op = insn.op;
  let unpredictable: boolean;
  let heads: readonly string[];
  if (op === 'mcrr') {
    heads = MCRR_HEADS;
    unpredictable = insn.rt === 15;
  } else if (op === 'mcrr2') {
    heads = MCRR2_HEADS;
    unpredictable = insn.rt === 15 || insn.rt2 === 15;
  } else if (op === 'mrrc' || op === 'mrrc2') {
    heads = op === 'mrrc' ? MRRC_HEADS : MRRC2_HEADS;
    unpredictable = insn.rt === 15 || insn.rt2 === 15 || insn.rt === insn.rt2;
  } else return formatVendor(insn, slot, pcBias);
  return {
    text:
      heads[slot]! +
      COPROCESSOR_OPC1[(insn.coproc << 4) | insn.opc1]! +
      REG_COMMA_R9[insn.rt]! +
      REG_COMMA_R9[insn.rt2]! +
      CR_NAME[insn.crm]!,
    comment: unpredictable || cp9 ? UNPREDICTABLE : null,
  };
}

function formatLoadStore(
  insn: StateFree<CoprocessorLoadStore>,
  context: FormatContext,
  slot: number,
  pcBias: number,
  cp9: boolean,
): Disassembly {
  const heads = loadStoreHeads(insn.op);
  if (heads === null) return formatVendor(insn, slot, pcBias, context.formatAddress);
  const scale = insn.coproc === 9 ? 2 : 4;
  const a = addressOperand(insn.word, insn.address, insn.word & 0xff, scale, context.formatAddress, pcBias);
  // LDC2/STC2 (the unconditional encodings) naming coprocessor 9, 10 or 11.
  const unpredictable = cp9 || (insn.word >>> 28 === 15 && fpSpace2(insn.coproc));
  return {
    text: heads[slot]! + COPROCESSOR_CR[(insn.coproc << 4) | insn.crd]! + a.text,
    comment: joinComment(a.pcComment, a.value, unpredictable),
  };
}

/**
 * Prints a coprocessor instruction with what differs between the states given: `slot`, the condition
 * objdump prints after the mnemonic (0–15 a condition, OUTSIDE_IT none: see a32CondSlot); `pcBias`, what objdump adds to the address (less its misalignment) for
 * the target of a PC-relative LDC/STC — 8 in ARM state, 4 in Thumb state; `cp9`, objdump's rule that a
 * conditional use of coprocessor 9 is UNPREDICTABLE.
 */
export function formatCoprocessor(
  insn: StateFree<CoprocessorInsn>,
  context: FormatContext,
  slot: number,
  pcBias: number,
  cp9: boolean,
): Disassembly {
  switch (insn.kind) {
    case 'coprocessor-data-processing':
      return formatDataProcessing(insn, slot, pcBias, cp9);
    case 'coprocessor-register-transfer':
      return formatRegisterTransfer(insn, slot, pcBias, cp9);
    case 'coprocessor-register-pair-transfer':
      return formatRegisterPairTransfer(insn, slot, pcBias, cp9);
    default:
      return formatLoadStore(insn, context, slot, pcBias, cp9);
  }
}

/** ARM state: the word's own condition; PC reads as address + 8. */
function formatA32(insn: CoprocessorInsn, context: FormatContext): Disassembly {
  return formatCoprocessor(insn, context, a32CondSlot(insn.cond), 8, cp9Conditional(insn.word, insn.coproc));
}

export const coprocessorFormatters: FormatterTable<CoprocessorInsn> = {
  'coprocessor-data-processing': formatA32,
  'coprocessor-register-transfer': formatA32,
  'coprocessor-register-pair-transfer': formatA32,
  'coprocessor-load-store': formatA32,
};

/* ------------------------------------------------------------------------------------------------ */
/* Vendor spellings                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

/**
 * A vendor printer: the unit's bits, its address, objdump's mnemonic, the condition suffix to print, and the
 * PC bias of PC-relative comments (see formatCoprocessor).
 */
/** A vendor form's printer; `formatAddress` spells a PC-relative address (objdump's print_address_func). */
type VendorFormatter = (
  word: number,
  address: number,
  op: string,
  suffix: string,
  pcBias: number,
  formatAddress: (address: number) => string,
) => Disassembly;

function plain(text: string): Disassembly {
  return { text, comment: null };
}

/** A load/store-shaped vendor form: `op{c}{suffix}\t{first}, [address]` with objdump's comments. */
function withAddress(
  head: string,
  word: number,
  address: number,
  pcBias: number,
  formatAddress: (address: number) => string,
): Disassembly {
  const a = addressOperand(word, address, word & 0xff, 4, formatAddress, pcBias);
  return { text: `${head}${a.text}`, comment: joinComment(a.pcComment, a.value, false) };
}

// XScale ----------------------------------------------------------------------------------------------

const xscale: Record<string, VendorFormatter> = {
  mia: (w, _a, op, c) => plain(`${op}${c}\tacc0, ${reg(w & 0xf)}, ${reg((w >>> 12) & 0xf)}`),
  miaph: (w, _a, op, c) => plain(`${op}${c}\tacc0, ${reg(w & 0xf)}, ${reg((w >>> 12) & 0xf)}`),
  miaxy: (w, _a, _op, c) => {
    const x = w & 0x20000 ? 'T' : 'B';
    const y = w & 0x10000 ? 'T' : 'B';
    return plain(`mia${x}${y}${c}\tacc0, ${reg(w & 0xf)}, ${reg((w >>> 12) & 0xf)}`);
  },
  mar: (w, _a, _op, c) => plain(`mar${c}\tacc0, ${reg((w >>> 12) & 0xf)}, ${reg((w >>> 16) & 0xf)}`),
  mra: (w, _a, _op, c) => plain(`mra${c}\t${reg((w >>> 12) & 0xf)}, ${reg((w >>> 16) & 0xf)}, acc0`),
};

// FPA ---------------------------------------------------------------------------------------------------

const FPA_CONSTANTS: readonly string[] = ['0.0', '1.0', '2.0', '3.0', '4.0', '5.0', '0.5', '10.0'];

/** FPA register or constant operand (values 8–15 name the constant table). */
function fpaOperand(v: number): string {
  return v > 7 ? `#${FPA_CONSTANTS[v & 7]!}` : `f${v}`;
}

/** Arithmetic precision, bits 19 and 7. */
function fpaPrecision(w: number): string {
  const p = ((w >>> 18) & 2) | ((w >>> 7) & 1);
  return p === 0 ? 's' : p === 1 ? 'd' : p === 2 ? 'e' : '<illegal precision>';
}

/** Load/store precision, bits 22 and 15. */
function fpaMemoryPrecision(w: number): string {
  const p = ((w >>> 21) & 2) | ((w >>> 15) & 1);
  return p === 0 ? 's' : p === 1 ? 'd' : p === 2 ? 'e' : 'p';
}

/** Rounding mode, bits 6:5. */
function fpaRounding(w: number): string {
  const r = (w >>> 5) & 3;
  return r === 0 ? '' : r === 1 ? 'p' : r === 2 ? 'm' : 'z';
}

/** LFM/SFM register count, bits 22 and 15 (0 means 4). */
function fpaCount(w: number): string {
  const n = ((w >>> 21) & 2) | ((w >>> 15) & 1);
  return n === 0 ? '4' : String(n);
}

const fpaDyadic: VendorFormatter = (w, _a, op, c) =>
  plain(`${op}${c}${fpaPrecision(w)}${fpaRounding(w)}\tf${(w >>> 12) & 7}, f${(w >>> 16) & 7}, ${fpaOperand(w & 0xf)}`);
const fpaMonadic: VendorFormatter = (w, _a, op, c) =>
  plain(`${op}${c}${fpaPrecision(w)}${fpaRounding(w)}\tf${(w >>> 12) & 7}, ${fpaOperand(w & 0xf)}`);
const fpaStatus: VendorFormatter = (w, _a, op, c) => plain(`${op}${c}\t${reg((w >>> 12) & 0xf)}`);
const fpaCompare: VendorFormatter = (w, _a, op, c) => plain(`${op}${c}\tf${(w >>> 16) & 7}, ${fpaOperand(w & 0xf)}`);
const fpaTransfer: VendorFormatter = (w, a, op, c, pcBias, formatAddress) =>
  withAddress(`${op}${c}${fpaMemoryPrecision(w)}\tf${(w >>> 12) & 7}, `, w, a, pcBias, formatAddress);
const fpaMultiple: VendorFormatter = (w, a, op, c, pcBias, formatAddress) =>
  withAddress(`${op}${c}\tf${(w >>> 12) & 7}, ${fpaCount(w)}, `, w, a, pcBias, formatAddress);

const fpa: Record<string, VendorFormatter> = {
  flt: (w, _a, _op, c) =>
    plain(`flt${c}${fpaPrecision(w)}${fpaRounding(w)}\tf${(w >>> 16) & 7}, ${reg((w >>> 12) & 0xf)}`),
  fix: (w, _a, _op, c) => plain(`fix${c}${fpaRounding(w)}\t${reg((w >>> 12) & 0xf)}, f${w & 7}`),
  wfs: fpaStatus,
  rfs: fpaStatus,
  wfc: fpaStatus,
  rfc: fpaStatus,
  cmf: fpaCompare,
  cnf: fpaCompare,
  cmfe: fpaCompare,
  cnfe: fpaCompare,
  stf: fpaTransfer,
  ldf: fpaTransfer,
  sfm: fpaMultiple,
  lfm: fpaMultiple,
};
for (const op of FPA_DYADIC) fpa[op] = fpaDyadic;
for (const op of FPA_MONADIC) fpa[op] = fpaMonadic;

// Maverick ---------------------------------------------------------------------------------------------

/**
 * Operand layouts of the Maverick forms: each letter names a field and its register bank.
 *   bank letters: s = mvf, d = mvd, x = mvfx, X = mvdx, a = mvax, r = ARM register, c = dspsc
 *   field positions: D = bits 15:12, N = bits 19:16, M = bits 3:0, A = bits 7:5 (accumulator)
 */
const MAVERICK_LAYOUT: Record<string, string> = {
  cfmvsr: 'sN rD',
  cfmvrs: 'rD sN',
  cfmvdlr: 'dN rD',
  cfmvrdl: 'rD dN',
  cfmvdhr: 'dN rD',
  cfmvrdh: 'rD dN',
  cfmv64lr: 'XN rD',
  cfmvr64l: 'rD XN',
  cfmv64hr: 'XN rD',
  cfmvr64h: 'rD XN',
  cfmval32: 'aD xN',
  cfmv32al: 'xD aN',
  cfmvam32: 'aD xN',
  cfmv32am: 'xD aN',
  cfmvah32: 'aD xN',
  cfmv32ah: 'xD aN',
  cfmva32: 'aD xN',
  cfmv32a: 'xD aN',
  cfmva64: 'aD XN',
  cfmv64a: 'XD aN',
  cfmvsc32: 'c- XD',
  cfmv32sc: 'XD c-',
  cfcpys: 'sD sN',
  cfcpyd: 'dD dN',
  cfcvtsd: 'dD sN',
  cfcvtds: 'sD dN',
  cfcvt32s: 'sD xN',
  cfcvt32d: 'dD xN',
  cfcvt64s: 'sD XN',
  cfcvt64d: 'dD XN',
  cfcvts32: 'xD sN',
  cfcvtd32: 'xD dN',
  cftruncs32: 'xD sN',
  cftruncd32: 'xD dN',
  cfrshl32: 'xN xM rD',
  cfrshl64: 'XN XM rD',
  cfcmps: 'rD sN sM',
  cfcmpd: 'rD dN dM',
  cfcmp32: 'rD xN xM',
  cfcmp64: 'rD XN XM',
  cfabss: 'sD sN',
  cfabsd: 'dD dN',
  cfnegs: 'sD sN',
  cfnegd: 'dD dN',
  cfadds: 'sD sN sM',
  cfaddd: 'dD dN dM',
  cfsubs: 'sD sN sM',
  cfsubd: 'dD dN dM',
  cfmuls: 'sD sN sM',
  cfmuld: 'dD dN dM',
  cfabs32: 'xD xN',
  cfabs64: 'XD XN',
  cfneg32: 'xD xN',
  cfneg64: 'XD XN',
  cfadd32: 'xD xN xM',
  cfadd64: 'XD XN XM',
  cfsub32: 'xD xN xM',
  cfsub64: 'XD XN XM',
  cfmul32: 'xD xN xM',
  cfmul64: 'XD XN XM',
  cfmac32: 'xD xN xM',
  cfmsc32: 'xD xN xM',
  cfmadd32: 'aA xD xN xM',
  cfmsub32: 'aA xD xN xM',
  cfmadda32: 'aA aD xN xM',
  cfmsuba32: 'aA aD xN xM',
};

const MAVERICK_BANK: Record<string, string> = { s: 'mvf', d: 'mvd', x: 'mvfx', X: 'mvdx', a: 'mvax' };

function maverickField(w: number, position: string): number {
  if (position === 'D') return (w >>> 12) & 0xf;
  if (position === 'N') return (w >>> 16) & 0xf;
  if (position === 'M') return w & 0xf;
  return (w >>> 5) & 7;
}

function maverickOperand(w: number, spec: string): string {
  const bank = spec[0]!;
  if (bank === 'c') return 'dspsc';
  const n = maverickField(w, spec[1]!);
  return bank === 'r' ? reg(n) : `${MAVERICK_BANK[bank]!}${n}`;
}

/** Maverick memory forms: the register bank follows the coprocessor (cp4 single/double, cp5 32/64-bit). */
const maverickTransfer: VendorFormatter = (w, a, op, c, pcBias, formatAddress) => {
  const cp5 = ((w >>> 8) & 0xf) === 5;
  const double = (w & 0x00400000) !== 0;
  const bank = cp5 ? (double ? 'mvdx' : 'mvfx') : double ? 'mvd' : 'mvf';
  return withAddress(`${op}${c}\t${bank}${(w >>> 12) & 0xf}, `, w, a, pcBias, formatAddress);
};

/** Maverick shift immediate: a signed 7-bit value from bits 3:0 and 7:5. */
function maverickShift(w: number): number {
  const imm = (w & 0xf) | ((w >>> 1) & 0x70);
  return imm & 0x40 ? imm - 0x80 : imm;
}

const maverickShiftFormat: VendorFormatter = (w, _a, op, c) => {
  const bank = op === 'cfsh64' ? 'mvdx' : 'mvfx';
  return plain(`${op}${c}\t${bank}${(w >>> 12) & 0xf}, ${bank}${(w >>> 16) & 0xf}, #${maverickShift(w)}`);
};

const maverickRegisters: VendorFormatter = (w, _a, op, c) => {
  const specs = MAVERICK_LAYOUT[op]!.split(' ');
  let operands = '';
  for (let i = 0; i < specs.length; i++) operands += (i === 0 ? '' : ', ') + maverickOperand(w, specs[i]!);
  return plain(`${op}${c}\t${operands}`);
};

const maverick: Record<string, VendorFormatter> = {
  cfsh32: maverickShiftFormat,
  cfsh64: maverickShiftFormat,
};
for (const op of ['cfldrs', 'cfldrd', 'cfldr32', 'cfldr64', 'cfstrs', 'cfstrd', 'cfstr32', 'cfstr64']) {
  maverick[op] = maverickTransfer;
}
for (const op of Object.keys(MAVERICK_LAYOUT)) maverick[op] = maverickRegisters;

// ARMv8.1-M system-register VLDR/VSTR (objdump applies them to cp15 LDC/STC) ----------------------------

const SYSTEM_REGISTER_NAMES: Record<number, string> = {
  1: 'FPSCR',
  2: 'FPSCR_nzcvqc',
  12: 'VPR',
  13: 'P0',
  14: 'FPCXTNS',
  15: 'FPCXTS',
};

const systemRegisterTransfer: VendorFormatter = (w, a, op, c, pcBias, formatAddress) => {
  const n = ((w >>> 13) & 7) | ((w >>> 19) & 8);
  const name = SYSTEM_REGISTER_NAMES[n] ?? `<invalid reg ${n}>`;
  const addr = addressOperand(w, a, w & 0x7f, 4, formatAddress, pcBias);
  // The rows match only condition AL in ARM state (no suffix); a Thumb IT block's condition is printed.
  return { text: `${op}${c}\t${name}, ${addr.text}`, comment: joinComment(addr.pcComment, addr.value, false) };
};

/** op → vendor printer, as a Map (a ~120-key object literal would sit in dictionary mode). */
const VENDOR = new Map<string, VendorFormatter>(
  Object.entries({
    ...xscale,
    ...fpa,
    ...maverick,
    vldr: systemRegisterTransfer,
    vstr: systemRegisterTransfer,
  }),
);

function formatVendor(
  insn: StateFree<CoprocessorInsn>,
  slot: number,
  pcBias: number,
  formatAddress: (address: number) => string = hex,
): Disassembly {
  const f = VENDOR.get(insn.op);
  // Every vendor op in the decode table has a printer (checked by the tests); never throw while printing.
  return f === undefined
    ? undefinedText(insn.word)
    : f(insn.word, insn.address, insn.op, IT_SUFFIX[slot]!, pcBias, formatAddress);
}
