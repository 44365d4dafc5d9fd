/**
 * The coprocessor space (ARM ARM A5.6) and the unconditional coprocessor forms (A5.7): CDP, MCR, MRC,
 * MCRR, MRRC, LDC and STC, with their `2` (unconditional) variants.
 *
 * Architecturally every word here is one of four shapes, whatever coprocessor it names; those shapes are
 * the kinds below. objdump (`-m arm`, every extension on) additionally spells some encodings with the
 * mnemonics of retired coprocessors — XScale DSP (cp0), FPA (cp1/cp2), Cirrus Maverick (cp4–6) — and of
 * the ARMv8.1-M system-register VLDR/VSTR (cp15). Those rows decode to the same architectural kinds; only
 * `op` carries objdump's mnemonic so the printer can spell them (see `print/coprocessor.ts`).
 *
 * Coprocessors 10 and 11 (and 9 where objdump sees half-precision VFP) are the floating-point extension:
 * its rows (vfp/rows.ts) come before the generic rows here and decode to the VFP kinds (vfp/types.ts); what
 * they leave of those coprocessors is UNDEFINED, except the forms objdump still prints generically.
 */

import { tableRow } from '../asimd/row.js';
import { asimdCoprocessorSpaceRows } from '../asimd/rows-other.js';
import { vfpLoadStoreRows, vfpRows } from '../vfp/rows.js';
import { type A32Common, BOOL, bit, type MemoryAccess, PC, same } from './common.js';
import { type DecodeFn, type Row, row } from './row.js';
import { undefinedInsn } from './undefined.js';

/** Fields every coprocessor instruction has. */
interface CoprocessorCommon extends A32Common {
  /** Coprocessor number (bits 11:8), 0–15. */
  readonly coproc: number;
}

/** CDP / CDP2: an operation internal to the coprocessor. */
export interface CoprocessorDataProcessing extends CoprocessorCommon {
  readonly kind: 'coprocessor-data-processing';
  /** opc1, bits 23:20. */
  readonly opc1: number;
  readonly crd: number;
  readonly crn: number;
  readonly crm: number;
  /** opc2, bits 7:5. */
  readonly opc2: number;
}

/** MCR / MCR2 (ARM core → coprocessor) and MRC / MRC2 (coprocessor → core, or → APSR.NZCV when rt = 15). */
export interface CoprocessorRegisterTransfer extends CoprocessorCommon {
  readonly kind: 'coprocessor-register-transfer';
  /** True for MCR/MCR2 (rt is read), false for MRC/MRC2 (rt, or the flags when rt = 15, is written). */
  readonly toCoprocessor: boolean;
  /** opc1, bits 23:21. */
  readonly opc1: number;
  readonly rt: number;
  readonly crn: number;
  readonly crm: number;
  /** opc2, bits 7:5. */
  readonly opc2: number;
}

/** MCRR / MCRR2 (two core registers → coprocessor) and MRRC / MRRC2 (coprocessor → two core registers). */
export interface CoprocessorRegisterPairTransfer extends CoprocessorCommon {
  readonly kind: 'coprocessor-register-pair-transfer';
  readonly toCoprocessor: boolean;
  /** opc1, bits 7:4. */
  readonly opc1: number;
  readonly rt: number;
  readonly rt2: number;
  readonly crm: number;
}

/**
 * LDC / LDC2 / STC / STC2, immediate and literal (rn = 15). Addressing as in the ARM ARM pseudocode:
 * address = index ? (add ? rn + imm32 : rn − imm32) : rn; written back when `wback`. The unindexed form
 * (P = 0, W = 0) has index = wback = false and passes `option` (imm8) to the coprocessor.
 */
export interface CoprocessorLoadStore extends CoprocessorCommon {
  readonly kind: 'coprocessor-load-store';
  /** LDC (true) or STC (false). */
  readonly load: boolean;
  /** The D bit (bit 22): the `L` ("long") variant. */
  readonly long: boolean;
  readonly crd: number;
  readonly rn: number;
  /** imm8 × 4. */
  readonly imm32: number;
  readonly index: boolean;
  readonly add: boolean;
  readonly wback: boolean;
  /** Unindexed form: the 8-bit option passed to the coprocessor; otherwise null. */
  readonly option: number | null;
  /**
   * P = U = W = 0 with D = 0: the ARM ARM makes this UNDEFINED (with D = 1 it is MCRR/MRRC), but objdump
   * still prints it as an unindexed LDC/STC. Execution must raise UNDEFINED.
   */
  readonly architecturallyUndefined: boolean;
}

export type CoprocessorInsn =
  | CoprocessorDataProcessing
  | CoprocessorRegisterTransfer
  | CoprocessorRegisterPairTransfer
  | CoprocessorLoadStore;

/* ------------------------------------------------------------------------------------------------ */
/* Decode functions                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

/** LDC/STC move at least one word; how many is up to the coprocessor. */
const LOAD_ACCESS: MemoryAccess = { access: 'load', bytes: 4, exclusive: false, unprivileged: false };
const STORE_ACCESS: MemoryAccess = { access: 'store', bytes: 4, exclusive: false, unprivileged: false };

function condOf(word: number): number {
  return word >>> 28;
}

/**
 * Unconditional-space MCR2/MRC2/LDC2/STC2 naming coprocessor 9, 10 or 11 (the FP space): UNPREDICTABLE.
 * 1 or 0, computed without branches (random words make branches unpredictable; see BOOL in common.ts).
 */
function fpSpaceUnconditionalBit(word: number): number {
  const cp = (word >>> 8) & 0xf;
  return same(word >>> 28, 0xf) & (same(cp, 9) | same(cp, 10) | same(cp, 11));
}

const decodeDataProcessing: DecodeFn = (word, address, op, shouldBeBroken) => ({
  isa: 'arm',
  kind: 'coprocessor-data-processing',
  address,
  word: word >>> 0,
  cond: condOf(word),
  op,
  reads: 0,
  writes: 0,
  setsFlags: false,
  unpredictable: shouldBeBroken,
  memory: null,
  target: null,
  coproc: (word >>> 8) & 0xf,
  opc1: (word >>> 20) & 0xf,
  crd: (word >>> 12) & 0xf,
  crn: (word >>> 16) & 0xf,
  crm: word & 0xf,
  opc2: (word >>> 5) & 7,
});

const decodeRegisterTransfer: DecodeFn = (word, address, op, _shouldBeBroken, broken) => {
  const l = (word >>> 20) & 1;
  const rt = (word >>> 12) & 0xf;
  // MRC with rt = 15 writes N, Z, C, V instead of a register; MCR from the PC is UNPREDICTABLE.
  const rtIsPc = same(rt, PC);
  const flags = l & rtIsPc;
  return {
    isa: 'arm',
    kind: 'coprocessor-register-transfer',
    address,
    word: word >>> 0,
    cond: condOf(word),
    op,
    reads: (1 << rt) & (l - 1),
    writes: (1 << rt) & -(l & (flags ^ 1)),
    setsFlags: BOOL[flags]!,
    unpredictable: BOOL[broken | ((l ^ 1) & rtIsPc) | fpSpaceUnconditionalBit(word)]!,
    memory: null,
    target: null,
    coproc: (word >>> 8) & 0xf,
    toCoprocessor: BOOL[l ^ 1]!,
    opc1: (word >>> 21) & 7,
    rt,
    crn: (word >>> 16) & 0xf,
    crm: word & 0xf,
    opc2: (word >>> 5) & 7,
  };
};

const decodeRegisterPairTransfer: DecodeFn = (word, address, op, _shouldBeBroken, broken) => {
  const l = (word >>> 20) & 1;
  const rt = (word >>> 12) & 0xf;
  const rt2 = (word >>> 16) & 0xf;
  const mask = (1 << rt) | (1 << rt2);
  return {
    isa: 'arm',
    kind: 'coprocessor-register-pair-transfer',
    address,
    word: word >>> 0,
    cond: condOf(word),
    op,
    reads: mask & (l - 1),
    writes: mask & -l,
    setsFlags: false,
    unpredictable: BOOL[broken | same(rt, PC) | same(rt2, PC) | (l & same(rt, rt2))]!,
    memory: null,
    target: null,
    coproc: (word >>> 8) & 0xf,
    toCoprocessor: BOOL[l ^ 1]!,
    opc1: (word >>> 4) & 0xf,
    rt,
    rt2,
    crm: word & 0xf,
  };
};

const ACCESSES: readonly MemoryAccess[] = [STORE_ACCESS, LOAD_ACCESS];

const decodeLoadStore: DecodeFn = (word, address, op, _shouldBeBroken, broken) => {
  const l = (word >>> 20) & 1;
  const w = (word >>> 21) & 1;
  const rn = (word >>> 16) & 0xf;
  const imm8 = word & 0xff;
  // P = 0 and W = 0: the unindexed form, whose imm8 is an option for the coprocessor.
  const unindexed = ((word >>> 24) ^ 1) & (w ^ 1) & 1;
  return {
    isa: 'arm',
    kind: 'coprocessor-load-store',
    address,
    word: word >>> 0,
    cond: condOf(word),
    op,
    reads: 1 << rn,
    writes: (1 << rn) & -w,
    setsFlags: false,
    // A PC base with writeback is UNPREDICTABLE in ARM state.
    unpredictable: BOOL[broken | (same(rn, PC) & w) | fpSpaceUnconditionalBit(word)]!,
    memory: ACCESSES[l]!,
    target: null,
    coproc: (word >>> 8) & 0xf,
    load: BOOL[l]!,
    long: bit(word, 22),
    crd: (word >>> 12) & 0xf,
    rn,
    imm32: imm8 << 2,
    index: bit(word, 24),
    add: bit(word, 23),
    wback: BOOL[w]!,
    option: unindexed === 1 ? imm8 : null,
    architecturallyUndefined: BOOL[unindexed & ((word >>> 23) ^ 1) & 1]!,
  };
};

/**
 * For rows given in objdump's spelling: the architectural shape follows from the encoding space
 * (bits 27:24 = 1110 → CDP / MCR / MRC by bit 4; 1100 010x → MCRR / MRRC; otherwise LDC / STC).
 */
const decodeBySpace: DecodeFn = (word, address, op, shouldBeBroken, broken) => {
  if (((word >>> 24) & 0xf) === 0xe) {
    return (word & 0x10) === 0
      ? decodeDataProcessing(word, address, op, shouldBeBroken, broken)
      : decodeRegisterTransfer(word, address, op, shouldBeBroken, broken);
  }
  if (((word >>> 21) & 0x7f) === 0x62) return decodeRegisterPairTransfer(word, address, op, shouldBeBroken, broken);
  return decodeLoadStore(word, address, op, shouldBeBroken, broken);
};

const decodeUnallocated: DecodeFn = (word, address) => undefinedInsn(word, address, 'unallocated');

/* ------------------------------------------------------------------------------------------------ */
/* Rows                                                                                              */
/* ------------------------------------------------------------------------------------------------ */

/**
 * A row given as objdump's value/mask pair rather than a drawn pattern: used for the vendor spellings and
 * the extension carve-outs, which objdump (and the ARM ARM's extension chapters) describe that way. Bits
 * outside the mask are fields; a mask without bits 31:28 leaves the condition free (`cccc`).
 */
function maskRow(value: number, mask: number, op: string, decode: DecodeFn): Row {
  let pattern = '';
  for (let i = 31; i >= 0; i--) {
    const bit = 2 ** i;
    const fixed = Math.floor(mask / bit) % 2 === 1;
    pattern += fixed ? String(Math.floor(value / bit) % 2) : i >= 28 ? 'c' : '-';
    if (i % 4 === 0 && i > 0) pattern += ' ';
  }
  return row(pattern, op, decode);
}

/** XScale DSP accumulator access (cp0), as objdump spells it. */
const xscaleRows: readonly Row[] = [
  maskRow(0x0e200010, 0x0fff0ff0, 'mia', decodeBySpace),
  maskRow(0x0e280010, 0x0fff0ff0, 'miaph', decodeBySpace),
  maskRow(0x0e2c0010, 0x0ffc0ff0, 'miaxy', decodeBySpace),
  maskRow(0x0c400000, 0x0ff00fff, 'mar', decodeBySpace),
  maskRow(0x0c500000, 0x0ff00fff, 'mra', decodeBySpace),
];

/** FPA floating point (cp1 arithmetic and transfers, cp1/cp2 loads and stores), as objdump spells it. */
/** FPA dyadic operations, indexed by bits 23:20. */
export const FPA_DYADIC: readonly string[] = 'adf muf suf rsf dvf rdf pow rpw rmf fml fdv frd pol'.split(' ');
/** FPA monadic operations, indexed by bits 23:20. */
export const FPA_MONADIC: readonly string[] = 'mvf mnf abs rnd sqt log lgn exp sin cos tan asn acs atn urd nrm'.split(
  ' ',
);
const fpaRows: readonly Row[] = [
  ...FPA_DYADIC.map((op, i) => maskRow(0x0e000100 | (i << 20), 0x0ff08f10, op, decodeBySpace)),
  ...FPA_MONADIC.map((op, i) => maskRow(0x0e008100 | (i << 20), 0x0ff08f10, op, decodeBySpace)),
  maskRow(0x0e000110, 0x0ff00f1f, 'flt', decodeBySpace),
  maskRow(0x0e100110, 0x0fff0f98, 'fix', decodeBySpace),
  maskRow(0x0e200110, 0x0fff0fff, 'wfs', decodeBySpace),
  maskRow(0x0e300110, 0x0fff0fff, 'rfs', decodeBySpace),
  maskRow(0x0e400110, 0x0fff0fff, 'wfc', decodeBySpace),
  maskRow(0x0e500110, 0x0fff0fff, 'rfc', decodeBySpace),
  maskRow(0x0e90f110, 0x0ff8fff0, 'cmf', decodeBySpace),
  maskRow(0x0eb0f110, 0x0ff8fff0, 'cnf', decodeBySpace),
  maskRow(0x0ed0f110, 0x0ff8fff0, 'cmfe', decodeBySpace),
  maskRow(0x0ef0f110, 0x0ff8fff0, 'cnfe', decodeBySpace),
  maskRow(0x0c000100, 0x0e100f00, 'stf', decodeBySpace),
  maskRow(0x0c100100, 0x0e100f00, 'ldf', decodeBySpace),
  maskRow(0x0c000200, 0x0e100f00, 'sfm', decodeBySpace),
  maskRow(0x0c100200, 0x0e100f00, 'lfm', decodeBySpace),
];

/** Cirrus Logic Maverick (cp4, cp5, cp6), as objdump spells it; first match wins, in objdump's order. */
const MAVERICK: readonly (readonly [number, number, string])[] = [
  [0x0d100400, 0x0f500f00, 'cfldrs'],
  [0x0c100400, 0x0f500f00, 'cfldrs'],
  [0x0d500400, 0x0f500f00, 'cfldrd'],
  [0x0c500400, 0x0f500f00, 'cfldrd'],
  [0x0d100500, 0x0f500f00, 'cfldr32'],
  [0x0c100500, 0x0f500f00, 'cfldr32'],
  [0x0d500500, 0x0f500f00, 'cfldr64'],
  [0x0c500500, 0x0f500f00, 'cfldr64'],
  [0x0d000400, 0x0f500f00, 'cfstrs'],
  [0x0c000400, 0x0f500f00, 'cfstrs'],
  [0x0d400400, 0x0f500f00, 'cfstrd'],
  [0x0c400400, 0x0f500f00, 'cfstrd'],
  [0x0d000500, 0x0f500f00, 'cfstr32'],
  [0x0c000500, 0x0f500f00, 'cfstr32'],
  [0x0d400500, 0x0f500f00, 'cfstr64'],
  [0x0c400500, 0x0f500f00, 'cfstr64'],
  [0x0e000450, 0x0ff00ff0, 'cfmvsr'],
  [0x0e100450, 0x0ff00ff0, 'cfmvrs'],
  [0x0e000410, 0x0ff00ff0, 'cfmvdlr'],
  [0x0e100410, 0x0ff00ff0, 'cfmvrdl'],
  [0x0e000430, 0x0ff00ff0, 'cfmvdhr'],
  [0x0e100430, 0x0ff00fff, 'cfmvrdh'],
  [0x0e000510, 0x0ff00fff, 'cfmv64lr'],
  [0x0e100510, 0x0ff00fff, 'cfmvr64l'],
  [0x0e000530, 0x0ff00fff, 'cfmv64hr'],
  [0x0e100530, 0x0ff00fff, 'cfmvr64h'],
  [0x0e200440, 0x0ff00fff, 'cfmval32'],
  [0x0e100440, 0x0ff00fff, 'cfmv32al'],
  [0x0e200460, 0x0ff00fff, 'cfmvam32'],
  [0x0e100460, 0x0ff00fff, 'cfmv32am'],
  [0x0e200480, 0x0ff00fff, 'cfmvah32'],
  [0x0e100480, 0x0ff00fff, 'cfmv32ah'],
  [0x0e2004a0, 0x0ff00fff, 'cfmva32'],
  [0x0e1004a0, 0x0ff00fff, 'cfmv32a'],
  [0x0e2004c0, 0x0ff00fff, 'cfmva64'],
  [0x0e1004c0, 0x0ff00fff, 'cfmv64a'],
  [0x0e2004e0, 0x0fff0fff, 'cfmvsc32'],
  [0x0e1004e0, 0x0fff0fff, 'cfmv32sc'],
  [0x0e000400, 0x0ff00fff, 'cfcpys'],
  [0x0e000420, 0x0ff00fff, 'cfcpyd'],
  [0x0e000460, 0x0ff00fff, 'cfcvtsd'],
  [0x0e000440, 0x0ff00fff, 'cfcvtds'],
  [0x0e000480, 0x0ff00fff, 'cfcvt32s'],
  [0x0e0004a0, 0x0ff00fff, 'cfcvt32d'],
  [0x0e0004c0, 0x0ff00fff, 'cfcvt64s'],
  [0x0e0004e0, 0x0ff00fff, 'cfcvt64d'],
  [0x0e100580, 0x0ff00fff, 'cfcvts32'],
  [0x0e1005a0, 0x0ff00fff, 'cfcvtd32'],
  [0x0e1005c0, 0x0ff00fff, 'cftruncs32'],
  [0x0e1005e0, 0x0ff00fff, 'cftruncd32'],
  [0x0e000550, 0x0ff00ff0, 'cfrshl32'],
  [0x0e000570, 0x0ff00ff0, 'cfrshl64'],
  [0x0e000500, 0x0ff00f10, 'cfsh32'],
  [0x0e200500, 0x0ff00f10, 'cfsh64'],
  [0x0e100490, 0x0ff00ff0, 'cfcmps'],
  [0x0e1004b0, 0x0ff00ff0, 'cfcmpd'],
  [0x0e100590, 0x0ff00ff0, 'cfcmp32'],
  [0x0e1005b0, 0x0ff00ff0, 'cfcmp64'],
  [0x0e300400, 0x0ff00fff, 'cfabss'],
  [0x0e300420, 0x0ff00fff, 'cfabsd'],
  [0x0e300440, 0x0ff00fff, 'cfnegs'],
  [0x0e300460, 0x0ff00fff, 'cfnegd'],
  [0x0e300480, 0x0ff00ff0, 'cfadds'],
  [0x0e3004a0, 0x0ff00ff0, 'cfaddd'],
  [0x0e3004c0, 0x0ff00ff0, 'cfsubs'],
  [0x0e3004e0, 0x0ff00ff0, 'cfsubd'],
  [0x0e100400, 0x0ff00ff0, 'cfmuls'],
  [0x0e100420, 0x0ff00ff0, 'cfmuld'],
  [0x0e300500, 0x0ff00fff, 'cfabs32'],
  [0x0e300520, 0x0ff00fff, 'cfabs64'],
  [0x0e300540, 0x0ff00fff, 'cfneg32'],
  [0x0e300560, 0x0ff00fff, 'cfneg64'],
  [0x0e300580, 0x0ff00ff0, 'cfadd32'],
  [0x0e3005a0, 0x0ff00ff0, 'cfadd64'],
  [0x0e3005c0, 0x0ff00ff0, 'cfsub32'],
  [0x0e3005e0, 0x0ff00ff0, 'cfsub64'],
  [0x0e100500, 0x0ff00ff0, 'cfmul32'],
  [0x0e100520, 0x0ff00ff0, 'cfmul64'],
  [0x0e100540, 0x0ff00ff0, 'cfmac32'],
  [0x0e100560, 0x0ff00ff0, 'cfmsc32'],
  [0x0e000600, 0x0ff00f10, 'cfmadd32'],
  [0x0e100600, 0x0ff00f10, 'cfmsub32'],
  [0x0e200600, 0x0ff00f10, 'cfmadda32'],
  [0x0e300600, 0x0ff00f10, 'cfmsuba32'],
];
const maverickRows: readonly Row[] = MAVERICK.map(([value, mask, op]) => maskRow(value, mask, op, decodeBySpace));

/**
 * ARMv8.x Advanced SIMD instructions placed in the unconditional coprocessor encodings of cp8, cp12 and
 * cp13 (complex arithmetic, dot product, FMAL, BF16, Int8 matrix multiply): asimd/rows-other.ts.
 */
const extensionRows: readonly Row[] = asimdCoprocessorSpaceRows.map(tableRow);

/**
 * ARMv8.1-M VLDR/VSTR of a floating-point system register: objdump applies these M-profile rows to A32
 * LDC/STC on cp15 with condition AL, bit 12 = 0, bit 7 = 1 and not (P = 0, W = 0).
 */
const systemRegisterRows: readonly Row[] = [
  row('1110 1101 ---1 ---- ---0 1111 1--- ----', 'vldr', decodeLoadStore),
  row('1110 1100 --11 ---- ---0 1111 1--- ----', 'vldr', decodeLoadStore),
  row('1110 1101 ---0 ---- ---0 1111 1--- ----', 'vstr', decodeLoadStore),
  row('1110 1100 --10 ---- ---0 1111 1--- ----', 'vstr', decodeLoadStore),
];

/** The architectural rows: A5.6 (conditional) and A5.7 (unconditional). */
const genericRows: readonly Row[] = [
  //   cond   op1        Rt2  Rt   coproc opc1 CRm
  row('cccc 1100 0100 ---- ---- ---- ---- ----', 'mcrr', decodeRegisterPairTransfer),
  row('cccc 1100 0101 ---- ---- ---- ---- ----', 'mrrc', decodeRegisterPairTransfer),
  // objdump still prints MRC to APSR_nzcv from coprocessors 9–11 generically when no floating-point row
  // (vfp/rows.ts, matched first) reads it as VMRS / VMOV.
  row('cccc 1110 ---1 ---- 1111 1001 ---1 ----', 'mrc', decodeRegisterTransfer),
  row('cccc 1110 ---1 ---- 1111 101- ---1 ----', 'mrc', decodeRegisterTransfer),
  // Everything else of coprocessors 9–11 is floating-point space no row names: UNDEFINED.
  row('cccc 110- ---- ---- ---- 1001 ---- ----', 'undefined', decodeUnallocated),
  row('cccc 1110 ---- ---- ---- 1001 ---- ----', 'undefined', decodeUnallocated),
  row('cccc 110- ---- ---- ---- 101- ---- ----', 'undefined', decodeUnallocated),
  row('cccc 1110 ---- ---- ---- 101- ---- ----', 'undefined', decodeUnallocated),
  //   cond   PUDW L Rn   CRd  coproc imm8
  row('cccc 110- -0-0 ---- ---- ---- ---- ----', 'stc', decodeLoadStore),
  row('cccc 110- -1-0 ---- ---- ---- ---- ----', 'stcl', decodeLoadStore),
  row('cccc 110- -0-1 ---- ---- ---- ---- ----', 'ldc', decodeLoadStore),
  row('cccc 110- -1-1 ---- ---- ---- ---- ----', 'ldcl', decodeLoadStore),
  //   cond   opc1 CRn  CRd  coproc opc2 0 CRm
  row('cccc 1110 ---- ---- ---- ---- ---0 ----', 'cdp', decodeDataProcessing),
  //   cond   opc1 L CRn Rt  coproc opc2 1 CRm
  row('cccc 1110 ---0 ---- ---- ---- ---1 ----', 'mcr', decodeRegisterTransfer),
  row('cccc 1110 ---1 ---- ---- ---- ---1 ----', 'mrc', decodeRegisterTransfer),

  row('1111 1100 0101 ---- ---- ---- ---- ----', 'mrrc2', decodeRegisterPairTransfer),
  row('1111 1100 0100 ---- ---- ---- ---- ----', 'mcrr2', decodeRegisterPairTransfer),
  row('1111 110- -0-1 ---- ---- ---- ---- ----', 'ldc2', decodeLoadStore),
  row('1111 110- -1-1 ---- ---- ---- ---- ----', 'ldc2l', decodeLoadStore),
  row('1111 110- -0-0 ---- ---- ---- ---- ----', 'stc2', decodeLoadStore),
  row('1111 110- -1-0 ---- ---- ---- ---- ----', 'stc2l', decodeLoadStore),
  // CDP2 naming coprocessor 9–11 is floating-point space that objdump does not name.
  row('1111 1110 ---- ---- ---- 1001 ---0 ----', 'undefined', decodeUnallocated),
  row('1111 1110 ---- ---- ---- 101- ---0 ----', 'undefined', decodeUnallocated),
  row('1111 1110 ---- ---- ---- ---- ---0 ----', 'cdp2', decodeDataProcessing),
  row('1111 1110 ---0 ---- ---- ---- ---1 ----', 'mcr2', decodeRegisterTransfer),
  row('1111 1110 ---1 ---- ---- ---- ---1 ----', 'mrc2', decodeRegisterTransfer),
];

/** Rows in first-match order. A row whose pattern fixes bits 31:28 to 1111 belongs to the unconditional space; any other row applies only when cond ≠ 0b1111. */
export const coprocessorRows: readonly Row[] = [
  ...xscaleRows,
  ...fpaRows,
  ...maverickRows,
  ...vfpLoadStoreRows,
  ...systemRegisterRows,
  ...vfpRows,
  ...extensionRows,
  ...genericRows,
];
