/**
 * The floating-point rows of the A32 table (coprocessors 9, 10, 11), given as objdump 2.40 matches them:
 * value/mask pairs in first-match order (binutils opcodes/arm-dis.c, coprocessor table; VDUP from the Advanced
 * SIMD table, which objdump consults next). A mask without bits 31:28 leaves the condition free (the row then
 * applies only to conditions 0000–1110); the ARMv8 rows fix 1111. T32 units reach the same rows as the A32
 * word with condition 1110 / 1111 (t32/coprocessor.ts).
 */
import { type DecodeFn, type Row, row } from '../a32/row.js';
import {
  arithmetic,
  compare,
  convertDirected,
  convertFixed,
  convertFloat,
  convertFromInteger,
  convertHalf,
  convertJavaScript,
  convertToInteger,
  duplicateCore,
  loadStore,
  loadStoreMultiple,
  loadStoreMultipleUndefined,
  moveCorePair,
  moveCoreScalar,
  moveCoreSingle,
  moveImmediate,
  roundDirected,
  roundFpscr,
  select,
  systemRegister,
  unary,
} from './decode.js';

/** A row from objdump's value/mask pair: bits outside the mask are fields (`-`, or `c` for the condition). */
export function maskRow(value: number, mask: number, op: string, decode: DecodeFn): Row {
  let pattern = '';
  for (let i = 31; i >= 0; i--) {
    const fixed = ((mask >>> i) & 1) === 1;
    pattern += fixed ? String((value >>> i) & 1) : i >= 28 ? 'c' : '-';
    if (i % 4 === 0 && i > 0) pattern += ' ';
  }
  return row(pattern, op, decode);
}

type Entry = readonly [value: number, mask: number, op: string, decode: DecodeFn];

const S_LIST = loadStoreMultiple(false);
const D_LIST = loadStoreMultiple(true);

/** Register loads and stores; first the ARMv8-M VLLDM / VLSTM (UNDEFINED in A-profile), which objdump names. */
const LOAD_STORE: readonly Entry[] = [
  [0xec300a00, 0xfff0ffff, 'vlldm', loadStoreMultipleUndefined],
  [0xec200a00, 0xfff0ffff, 'vlstm', loadStoreMultipleUndefined],
  [0x0d2d0b00, 0x0fbf0f01, 'vpush', D_LIST],
  [0x0d200b00, 0x0fb00f01, 'vstmdb', D_LIST],
  [0x0d300b00, 0x0fb00f01, 'vldmdb', D_LIST],
  [0x0c800b00, 0x0f900f01, 'vstmia', D_LIST],
  [0x0cbd0b00, 0x0fbf0f01, 'vpop', D_LIST],
  [0x0c900b00, 0x0f900f01, 'vldmia', D_LIST],
  [0x0d000b00, 0x0f300f00, 'vstr', loadStore(8)],
  [0x0d100b00, 0x0f300f00, 'vldr', loadStore(8)],
  [0x0d2d0a00, 0x0fbf0f00, 'vpush', S_LIST],
  [0x0d200a00, 0x0fb00f00, 'vstmdb', S_LIST],
  [0x0d300a00, 0x0fb00f00, 'vldmdb', S_LIST],
  [0x0c800a00, 0x0f900f00, 'vstmia', S_LIST],
  [0x0cbd0a00, 0x0fbf0f00, 'vpop', S_LIST],
  [0x0c900a00, 0x0f900f00, 'vldmia', S_LIST],
  [0x0d000a00, 0x0f300f00, 'vstr', loadStore(4)],
  [0x0d100a00, 0x0f300f00, 'vldr', loadStore(4)],
  // The deprecated FSTMX / FLDMX (odd imm8).
  [0x0d200b01, 0x0fb00f01, 'fstmdbx', D_LIST],
  [0x0d300b01, 0x0fb00f01, 'fldmdbx', D_LIST],
  [0x0c800b01, 0x0f900f01, 'fstmiax', D_LIST],
  [0x0c900b01, 0x0f900f01, 'fldmiax', D_LIST],
];

/** Transfers between core registers and D registers / scalars, and the half-precision conversions. */
const TRANSFER_AND_HALF: readonly Entry[] = [
  [0x0c400b10, 0x0ff00fd0, 'vmov', moveCorePair(true)],
  [0x0c500b10, 0x0ff00fd0, 'vmov', moveCorePair(true)],
  [0x0e000b10, 0x0fd00f70, 'vmov', moveCoreScalar(32)],
  [0x0e100b10, 0x0f500f70, 'vmov', moveCoreScalar(32)],
  [0x0e000b30, 0x0fd00f30, 'vmov', moveCoreScalar(16)],
  [0x0e100b30, 0x0f500f30, 'vmov', moveCoreScalar(16)],
  [0x0e400b10, 0x0fd00f10, 'vmov', moveCoreScalar(8)],
  [0x0e500b10, 0x0f500f10, 'vmov', moveCoreScalar(8)],
  [0x0eb20b40, 0x0fbf0f50, 'vcvtb', convertHalf('f64', 'f16')],
  [0x0eb30b40, 0x0fbf0f50, 'vcvtb', convertHalf('f16', 'f64')],
  [0x0eb20a40, 0x0fbf0f50, 'vcvtb', convertHalf('f32', 'f16')],
  [0x0eb30a40, 0x0fbf0f50, 'vcvtb', convertHalf('f16', 'f32')],
];

/**
 * VMSR / VMRS: the named system registers, then any other number (implementation defined; objdump 2.40 does not
 * name the MVE registers VPR and P0 in these states).
 */
const SYSTEM: readonly Entry[] = [
  ...[0, 1, 2, 6, 7, 5, 8, 9, 10, 14, 15].map(
    (n): Entry => [0x0ee00a10 | (n << 16), 0x0fff0fff, 'vmsr', systemRegister],
  ),
  [0x0ef00a10, 0x0fff0fff, 'vmrs', systemRegister],
  [0x0ef1fa10, 0x0fffffff, 'vmrs', systemRegister],
  ...[1, 2, 5, 6, 7, 8, 9, 10, 14, 15].map((n): Entry => [0x0ef00a10 | (n << 16), 0x0fff0fff, 'vmrs', systemRegister]),
  [0x0ee00a10, 0x0ff00fff, 'vmsr', systemRegister],
  [0x0ef00a10, 0x0ff00fff, 'vmrs', systemRegister],
];

const S_ARITH = arithmetic('f32');
const D_ARITH = arithmetic('f64');
const H_ARITH = arithmetic('f16');

/** The VFPv2/v3 data-processing and register-transfer rows. */
const VFP: readonly Entry[] = [
  [0x0e000a10, 0x0ff00f7f, 'vmov', moveCoreSingle(null)],
  [0x0e100a10, 0x0ff00f7f, 'vmov', moveCoreSingle(null)],
  [0x0eb50a40, 0x0fbf0f70, 'vcmp', compare('f32', true)],
  [0x0eb50b40, 0x0fbf0f70, 'vcmp', compare('f64', true)],
  [0x0eb00a40, 0x0fbf0fd0, 'vmov', unary('f32')],
  [0x0eb00ac0, 0x0fbf0fd0, 'vabs', unary('f32')],
  [0x0eb00b40, 0x0fbf0fd0, 'vmov', unary('f64')],
  [0x0eb00bc0, 0x0fbf0fd0, 'vabs', unary('f64')],
  [0x0eb10a40, 0x0fbf0fd0, 'vneg', unary('f32')],
  [0x0eb10ac0, 0x0fbf0fd0, 'vsqrt', unary('f32')],
  [0x0eb10b40, 0x0fbf0fd0, 'vneg', unary('f64')],
  [0x0eb10bc0, 0x0fbf0fd0, 'vsqrt', unary('f64')],
  [0x0eb70ac0, 0x0fbf0fd0, 'vcvt', convertFloat('f64', 'f32')],
  [0x0eb70bc0, 0x0fbf0fd0, 'vcvt', convertFloat('f32', 'f64')],
  [0x0eb80a40, 0x0fbf0f50, 'vcvt', convertFromInteger('f32')],
  [0x0eb80b40, 0x0fbf0f50, 'vcvt', convertFromInteger('f64')],
  [0x0eb40a40, 0x0fbf0f50, 'vcmp', compare('f32', false)],
  [0x0eb40b40, 0x0fbf0f50, 'vcmp', compare('f64', false)],
  [0x0eba0a40, 0x0fbe0f50, 'vcvt', convertFixed('f32', false)],
  [0x0eba0b40, 0x0fbe0f50, 'vcvt', convertFixed('f64', false)],
  [0x0ebc0a40, 0x0fbe0f50, 'vcvt', convertToInteger('f32')],
  [0x0ebc0b40, 0x0fbe0f50, 'vcvt', convertToInteger('f64')],
  [0x0ebe0a40, 0x0fbe0f50, 'vcvt', convertFixed('f32', true)],
  [0x0ebe0b40, 0x0fbe0f50, 'vcvt', convertFixed('f64', true)],
  [0x0eb00a00, 0x0fb00ff0, 'vmov', moveImmediate('f32')],
  [0x0eb00b00, 0x0fb00ff0, 'vmov', moveImmediate('f64')],
  [0x0c400a10, 0x0ff00fd0, 'vmov', moveCorePair(false)],
  [0x0c500a10, 0x0ff00fd0, 'vmov', moveCorePair(false)],
  [0x0e000a00, 0x0fb00f50, 'vmla', S_ARITH],
  [0x0e000a40, 0x0fb00f50, 'vmls', S_ARITH],
  [0x0e000b00, 0x0fb00f50, 'vmla', D_ARITH],
  [0x0e000b40, 0x0fb00f50, 'vmls', D_ARITH],
  [0x0e100a00, 0x0fb00f50, 'vnmls', S_ARITH],
  [0x0e100a40, 0x0fb00f50, 'vnmla', S_ARITH],
  [0x0e100b00, 0x0fb00f50, 'vnmls', D_ARITH],
  [0x0e100b40, 0x0fb00f50, 'vnmla', D_ARITH],
  [0x0e200a00, 0x0fb00f50, 'vmul', S_ARITH],
  [0x0e200a40, 0x0fb00f50, 'vnmul', S_ARITH],
  [0x0e200b00, 0x0fb00f50, 'vmul', D_ARITH],
  [0x0e200b40, 0x0fb00f50, 'vnmul', D_ARITH],
  [0x0e300a00, 0x0fb00f50, 'vadd', S_ARITH],
  [0x0e300a40, 0x0fb00f50, 'vsub', S_ARITH],
  [0x0e300b00, 0x0fb00f50, 'vadd', D_ARITH],
  [0x0e300b40, 0x0fb00f50, 'vsub', D_ARITH],
  [0x0e800a00, 0x0fb00f50, 'vdiv', S_ARITH],
  [0x0e800b00, 0x0fb00f50, 'vdiv', D_ARITH],
];

/** VFPv4 fused multiply-add and the ARMv8 additions (FPv5). */
const FMA_AND_V8: readonly Entry[] = [
  [0x0ea00a00, 0x0fb00f50, 'vfma', S_ARITH],
  [0x0ea00b00, 0x0fb00f50, 'vfma', D_ARITH],
  [0x0ea00a40, 0x0fb00f50, 'vfms', S_ARITH],
  [0x0ea00b40, 0x0fb00f50, 'vfms', D_ARITH],
  [0x0e900a40, 0x0fb00f50, 'vfnma', S_ARITH],
  [0x0e900b40, 0x0fb00f50, 'vfnma', D_ARITH],
  [0x0e900a00, 0x0fb00f50, 'vfnms', S_ARITH],
  [0x0e900b00, 0x0fb00f50, 'vfnms', D_ARITH],
  [0xfe000a00, 0xff800f50, 'vsel', select('f32')],
  [0xfe000b00, 0xff800f50, 'vsel', select('f64')],
  [0xfe800a00, 0xffb00f50, 'vmaxnm', S_ARITH],
  [0xfe800b00, 0xffb00f50, 'vmaxnm', D_ARITH],
  [0xfe800a40, 0xffb00f50, 'vminnm', S_ARITH],
  [0xfe800b40, 0xffb00f50, 'vminnm', D_ARITH],
  [0xfebc0a40, 0xffbc0f50, 'vcvt', convertDirected('f32')],
  [0xfebc0b40, 0xffbc0f50, 'vcvt', convertDirected('f64')],
  [0x0eb60a40, 0x0fbe0f50, 'vrint', roundFpscr('f32')],
  [0x0eb60b40, 0x0fbe0f50, 'vrint', roundFpscr('f64')],
  [0xfeb80a40, 0xffbc0fd0, 'vrint', roundDirected('f32')],
  [0xfeb80b40, 0xffbc0fd0, 'vrint', roundDirected('f64')],
];

/** BF16 VCVTB/VCVTT (cp9 encoding), before the half-precision rows as in objdump. */
const BF16: readonly Entry[] = [[0x0eb30940, 0x0fbf0f50, 'vcvtb', convertHalf('bf16', 'f32')]];

/** ARMv8.2 half-precision arithmetic (coprocessor 9 encodings; VINS / VMOVX on coprocessor 10). */
const HALF: readonly Entry[] = [
  [0x0eb009c0, 0x0fbf0fd0, 'vabs', unary('f16')],
  [0x0e300900, 0x0fb00f50, 'vadd', H_ARITH],
  [0x0eb40940, 0x0fbf0f50, 'vcmp', compare('f16', false)],
  [0x0eb50940, 0x0fbf0f70, 'vcmp', compare('f16', true)],
  [0x0eba09c0, 0x0fbe0fd0, 'vcvt', convertFixed('f16', false)],
  [0x0ebe09c0, 0x0fbe0fd0, 'vcvt', convertFixed('f16', true)],
  [0x0ebc0940, 0x0fbe0f50, 'vcvt', convertToInteger('f16')],
  [0x0eb80940, 0x0fbf0f50, 'vcvt', convertFromInteger('f16')],
  [0xfebc0940, 0xffbc0f50, 'vcvt', convertDirected('f16')],
  [0x0e800900, 0x0fb00f50, 'vdiv', H_ARITH],
  [0x0ea00900, 0x0fb00f50, 'vfma', H_ARITH],
  [0x0ea00940, 0x0fb00f50, 'vfms', H_ARITH],
  [0x0e900940, 0x0fb00f50, 'vfnma', H_ARITH],
  [0x0e900900, 0x0fb00f50, 'vfnms', H_ARITH],
  [0xfeb00ac0, 0xffbf0fd0, 'vins', unary('f16')],
  [0xfeb00a40, 0xffbf0fd0, 'vmovx', unary('f16')],
  [0x0d100900, 0x0f300f00, 'vldr', loadStore(2)],
  [0x0d000900, 0x0f300f00, 'vstr', loadStore(2)],
  [0xfe800900, 0xffb00f50, 'vmaxnm', H_ARITH],
  [0xfe800940, 0xffb00f50, 'vminnm', H_ARITH],
  [0x0e000900, 0x0fb00f50, 'vmla', H_ARITH],
  [0x0e000940, 0x0fb00f50, 'vmls', H_ARITH],
  [0x0e100910, 0x0ff00f7f, 'vmov', moveCoreSingle('f16')],
  [0x0e000910, 0x0ff00f7f, 'vmov', moveCoreSingle('f16')],
  [0x0eb00900, 0x0fb00ff0, 'vmov', moveImmediate('f16')],
  [0x0e200900, 0x0fb00f50, 'vmul', H_ARITH],
  [0x0eb10940, 0x0fbf0fd0, 'vneg', unary('f16')],
  [0x0e100940, 0x0fb00f50, 'vnmla', H_ARITH],
  [0x0e100900, 0x0fb00f50, 'vnmls', H_ARITH],
  [0x0e200940, 0x0fb00f50, 'vnmul', H_ARITH],
  [0x0eb60940, 0x0fbe0f50, 'vrint', roundFpscr('f16')],
  [0xfeb80940, 0xffbc0fd0, 'vrint', roundDirected('f16')],
  [0xfe000900, 0xff800f50, 'vsel', select('f16')],
  [0x0eb109c0, 0x0fbf0fd0, 'vsqrt', unary('f16')],
  [0x0e300940, 0x0fb00f50, 'vsub', H_ARITH],
  [0x0eb90bc0, 0x0fbf0fd0, 'vjcvt', convertJavaScript],
];

/** VDUP (core register), from objdump's Advanced SIMD table. */
const DUPLICATE: readonly Entry[] = [
  [0x0e800b10, 0x0ff00f70, 'vdup', duplicateCore(32)],
  [0x0e800b30, 0x0ff00f70, 'vdup', duplicateCore(16)],
  [0x0ea00b10, 0x0ff00f70, 'vdup', duplicateCore(32)],
  [0x0ea00b30, 0x0ff00f70, 'vdup', duplicateCore(16)],
  [0x0ec00b10, 0x0ff00f70, 'vdup', duplicateCore(8)],
  [0x0ee00b10, 0x0ff00f70, 'vdup', duplicateCore(8)],
];

function rows(entries: readonly Entry[]): Row[] {
  return entries.map(([value, mask, op, decode]) => maskRow(value, mask, op, decode));
}

/** Load/store rows, which objdump matches before the ARMv8.1-M system-register VLDR/VSTR (cp15). */
export const vfpLoadStoreRows: readonly Row[] = rows(LOAD_STORE);

/** The remaining floating-point rows, in objdump's order (they come before the generic coprocessor rows). */
export const vfpRows: readonly Row[] = rows([
  ...TRANSFER_AND_HALF,
  ...SYSTEM,
  ...VFP,
  ...FMA_AND_V8,
  ...BF16,
  ...HALF,
  ...DUPLICATE,
]);
