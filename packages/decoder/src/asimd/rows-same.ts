/**
 * Advanced SIMD rows, part 1 (ARM ARM A7.4.1, A7.4.5, A7.4.6): three registers of the same length,
 * two registers miscellaneous, VEXT / VTBL / VTBX / VDUP (scalar), and the ARMv8 forms GNU objdump 2.40
 * decodes there (AES, SHA1/SHA256, VRINT, VCVT{A,N,P,M}, VMAXNM/VMINNM, FP16, VQRDMLAH/VQRDMLSH, BF16 VCVT).
 * Values and masks are the A32 encoding (1111 001U …); first match wins, in objdump's order.
 */
import {
  choose,
  chosen,
  constant,
  dataType,
  dqReg,
  dReg,
  field,
  fixed,
  illegal,
  immediate,
  none,
  qReg,
  type SimdRowSpec,
  scalar,
  sized,
  spec,
  tableList,
  vm,
} from './row.js';

const RD = dqReg('d');
const RN = dqReg('n');
const RM = dqReg('m');
const DD = dReg('d');
const DM = dReg('m');
const QD = qReg('d');
const QN = qReg('n');
/** A data type signed or unsigned by U (bit 24), or chosen by another bit: [zero, one]. */
const byBit = (bit: number, zero: string, one: string, bits: number) =>
  chosen(bit, 1, [dataType(zero + bits, bits), dataType(one + bits, bits)]);
const QM = qReg('m');
const US: readonly [number, string, string] = [24, 'u', 's'];

/** Sizes 8–32 from bits 21:20 (or 19:18 for the misc class). */
const s2 = (letter: string | readonly [number, string, string], lo = 20) => sized(letter, lo, 2, 8, 0, 2);
/** Sizes 8–64. */
const s3 = (letter: string | readonly [number, string, string], lo = 20) => sized(letter, lo, 2, 8, 0, 3);
/** Sizes 16–32. */
const s6 = (letter: string | readonly [number, string, string], lo = 20) => sized(letter, lo, 2, 8, 1, 2);
/** Narrowing sizes 16–64 (named by the wide element). */
const t2 = (letter: string, lo = 20) => sized(letter, lo, 2, 16, 0, 2);

const E = 'asimd-extract-table-duplicate';
const M = 'asimd-two-registers-misc';
const S = 'asimd-three-registers';
const X = 'asimd-extension';

/** VRINT{N,X,A,Z,?,M,?,P} by bits 9:7 ('?' where objdump prints one for the unallocated values). */
const VRINT = choose(7, 3, ['vrintn', 'vrintx', 'vrinta', 'vrintz', 'vrint?', 'vrintm', 'vrint?', 'vrintp']);
/** VCVT{A,N,P,M} by bits 9:8. */
const VCVT_ROUNDING = choose(8, 2, ['vcvta', 'vcvtn', 'vcvtp', 'vcvtm']);

/** VCVT between floating point and integer (misc class), by bits 8:7: f←s, f←u, s←f, u←f. */
function convert(bits: number) {
  const f = `f${bits}`;
  return chosen(7, 2, [
    dataType(f, bits, `s${bits}`),
    dataType(f, bits, `u${bits}`),
    dataType(`s${bits}`, bits, f),
    dataType(`u${bits}`, bits, f),
  ]);
}

/** Three-same floating-point operations: [value of the f32 form; f16 is value | 1 << 20, operation]. */
const FLOAT_SAME: readonly (readonly [number, string])[] = [
  [0xf2000d00, 'vadd'],
  [0xf2000d10, 'vmla'],
  [0xf2000e00, 'vceq'],
  [0xf2000f00, 'vmax'],
  [0xf2000f10, 'vrecps'],
  [0xf2200d00, 'vsub'],
  [0xf2200d10, 'vmls'],
  [0xf2200f00, 'vmin'],
  [0xf2200f10, 'vrsqrts'],
  [0xf3000d00, 'vpadd'],
  [0xf3000d10, 'vmul'],
  [0xf3000e00, 'vcge'],
  [0xf3000e10, 'vacge'],
  [0xf3000f00, 'vpmax'],
  [0xf3200d00, 'vabd'],
  [0xf3200e00, 'vcgt'],
  [0xf3200e10, 'vacgt'],
  [0xf3200f00, 'vpmin'],
];

/** Three-same integer operations signed or unsigned by U: [bits 11:8,4, operation, sizes, operands m,n order]. */
const INTEGER_SAME: readonly (readonly [number, string, 2 | 3, boolean])[] = [
  [0x000, 'vhadd', 2, false],
  [0x010, 'vqadd', 3, false],
  [0x100, 'vrhadd', 2, false],
  [0x200, 'vhsub', 2, false],
  [0x210, 'vqsub', 3, false],
  [0x300, 'vcgt', 2, false],
  [0x310, 'vcge', 2, false],
  [0x400, 'vshl', 3, true],
  [0x410, 'vqshl', 3, true],
  [0x500, 'vrshl', 3, true],
  [0x510, 'vqrshl', 3, true],
  [0x600, 'vmax', 2, false],
  [0x610, 'vmin', 2, false],
  [0x700, 'vabd', 2, false],
  [0x710, 'vaba', 2, false],
];

export const asimdSameMiscRows: readonly SimdRowSpec[] = [
  // VEXT: Q = 1 with imm4 ≥ 8, or bit 11 clear.
  spec(E, 0xf2b00840, 0xffb00850, 'vext', fixed('8'), [RD, RN, RM, field(8, 4)]),
  spec(E, 0xf2b00000, 0xffb00810, 'vext', fixed('8'), [RD, RN, RM, field(8, 4)]),
  // VDUP (scalar): imm4 = xxx1 (8-bit), xx10 (16-bit), x100 (32-bit).
  spec(E, 0xf3b40c00, 0xffb70f90, 'vdup', fixed('32'), [RD, scalar('d', vm, (w) => (w >>> 19) & 1)]),
  spec(E, 0xf3b20c00, 0xffb30f90, 'vdup', fixed('16'), [RD, scalar('d', vm, (w) => (w >>> 18) & 3)]),
  spec(E, 0xf3b10c00, 0xffb10f90, 'vdup', fixed('8'), [RD, scalar('d', vm, (w) => (w >>> 17) & 7)]),
  spec(E, 0xf3b00800, 0xffb00c50, 'vtbl', fixed('8'), [DD, tableList, DM]),
  spec(E, 0xf3b00840, 0xffb00c50, 'vtbx', fixed('8'), [DD, tableList, DM]),
  // Half-precision conversions.
  spec(M, 0xf3b60600, 0xffbf0fd0, 'vcvt', fixed('f16', 'f32'), [DD, QM]),
  spec(M, 0xf3b60700, 0xffbf0fd0, 'vcvt', fixed('f32', 'f16'), [QD, DM]),
  // Fused multiply-add (VFPv4 / FP16).
  spec(S, 0xf2000c10, 0xffb00f10, 'vfma', fixed('f32'), [RD, RN, RM]),
  spec(S, 0xf2100c10, 0xffb00f10, 'vfma', fixed('f16'), [RD, RN, RM]),
  spec(S, 0xf2200c10, 0xffb00f10, 'vfms', fixed('f32'), [RD, RN, RM]),
  spec(S, 0xf2300c10, 0xffb00f10, 'vfms', fixed('f16'), [RD, RN, RM]),
  // BF16 narrowing conversion.
  spec(X, 0xf3b60640, 0xffbf0fd0, 'vcvt', fixed('bf16', 'f32'), [DD, QM]),
  // Two registers, miscellaneous: ARMv8 rounding and conversions (no condition: UNPREDICTABLE in an IT block).
  spec(M, 0xf3ba0400, 0xffbf0c10, VRINT, fixed('f32'), [RD, RM], 'u'),
  spec(M, 0xf3b60400, 0xffbf0c10, VRINT, fixed('f16'), [RD, RM], 'u'),
  spec(
    M,
    0xf3bb0000,
    0xffbf0c10,
    VCVT_ROUNDING,
    chosen(7, 1, [dataType('s32', 32, 'f32'), dataType('u32', 32, 'f32')]),
    [RD, RM],
    'u',
  ),
  spec(
    M,
    0xf3b70000,
    0xffbf0c10,
    VCVT_ROUNDING,
    chosen(7, 1, [dataType('s16', 16, 'f16'), dataType('u16', 16, 'f16')]),
    [RD, RM],
    'u',
  ),
  // Cryptography.
  spec(M, 0xf3b00300, 0xffbf0fd0, 'aese', fixed('8'), [QD, QM], 'u'),
  spec(M, 0xf3b00340, 0xffbf0fd0, 'aesd', fixed('8'), [QD, QM], 'u'),
  spec(M, 0xf3b00380, 0xffbf0fd0, 'aesmc', fixed('8'), [QD, QM], 'u'),
  spec(M, 0xf3b003c0, 0xffbf0fd0, 'aesimc', fixed('8'), [QD, QM], 'u'),
  spec(M, 0xf3b902c0, 0xffbf0fd0, 'sha1h', fixed('32'), [QD, QM], 'u'),
  spec(M, 0xf3ba0380, 0xffbf0fd0, 'sha1su1', fixed('32'), [QD, QM], 'u'),
  spec(M, 0xf3ba03c0, 0xffbf0fd0, 'sha256su0', fixed('32'), [QD, QM], 'u'),
  // VMOVL (VSHLL #0 of the shift class).
  spec('asimd-shift-immediate', 0xf2880a10, 0xfebf0fd0, 'vmovl', byBit(24, 's', 'u', 8), [QD, DM]),
  spec('asimd-shift-immediate', 0xf2900a10, 0xfebf0fd0, 'vmovl', byBit(24, 's', 'u', 16), [QD, DM]),
  spec('asimd-shift-immediate', 0xf2a00a10, 0xfebf0fd0, 'vmovl', byBit(24, 's', 'u', 32), [QD, DM]),
  spec(M, 0xf3b00500, 0xffbf0f90, 'vcnt', fixed('8'), [RD, RM]),
  spec(M, 0xf3b00580, 0xffbf0f90, 'vmvn', none, [RD, RM]),
  spec(M, 0xf3b20000, 0xffbf0f90, 'vswp', none, [RD, RM]),
  spec(M, 0xf3b20200, 0xffb30fd0, 'vmovn', t2('i', 18), [DD, QM]),
  spec(M, 0xf3b20240, 0xffb30fd0, 'vqmovun', t2('s', 18), [DD, QM]),
  spec(M, 0xf3b20280, 0xffb30fd0, 'vqmovn', t2('s', 18), [DD, QM]),
  spec(M, 0xf3b202c0, 0xffb30fd0, 'vqmovn', t2('u', 18), [DD, QM]),
  spec(M, 0xf3b20300, 0xffb30fd0, 'vshll', s2('i', 18), [
    QD,
    DM,
    (w) => (((w >>> 18) & 3) === 3 ? illegal('#<illegal width 64>') : immediate(8 << ((w >>> 18) & 3))),
  ]),
  spec(M, 0xf3bb0400, 0xffbf0e90, 'vrecpe', s2([8, 'f', 'u'], 18), [RD, RM]),
  spec(M, 0xf3b70400, 0xffbf0e90, 'vrecpe', byBit(8, 'u', 'f', 16), [RD, RM]),
  spec(M, 0xf3bb0480, 0xffbf0e90, 'vrsqrte', s2([8, 'f', 'u'], 18), [RD, RM]),
  spec(M, 0xf3b70480, 0xffbf0e90, 'vrsqrte', byBit(8, 'u', 'f', 16), [RD, RM]),
  spec(M, 0xf3b00000, 0xffb30f90, 'vrev64', s2('', 18), [RD, RM]),
  spec(M, 0xf3b00080, 0xffb30f90, 'vrev32', s2('', 18), [RD, RM]),
  spec(M, 0xf3b00100, 0xffb30f90, 'vrev16', s2('', 18), [RD, RM]),
  spec(M, 0xf3b00400, 0xffb30f90, 'vcls', s2('s', 18), [RD, RM]),
  spec(M, 0xf3b00480, 0xffb30f90, 'vclz', s2('i', 18), [RD, RM]),
  spec(M, 0xf3b00700, 0xffb30f90, 'vqabs', s2('s', 18), [RD, RM]),
  spec(M, 0xf3b00780, 0xffb30f90, 'vqneg', s2('s', 18), [RD, RM]),
  spec(M, 0xf3b20080, 0xffb30f90, 'vtrn', s2('', 18), [RD, RM]),
  spec(M, 0xf3b20100, 0xffb30f90, 'vuzp', s2('', 18), [RD, RM]),
  spec(M, 0xf3b20180, 0xffb30f90, 'vzip', s2('', 18), [RD, RM]),
  spec(M, 0xf3b10000, 0xffb30b90, 'vcgt', s2([10, 'f', 's'], 18), [RD, RM, constant(0)]),
  spec(M, 0xf3b10080, 0xffb30b90, 'vcge', s2([10, 'f', 's'], 18), [RD, RM, constant(0)]),
  spec(M, 0xf3b10100, 0xffb30b90, 'vceq', s2([10, 'f', 'i'], 18), [RD, RM, constant(0)]),
  spec(M, 0xf3b10180, 0xffb30b90, 'vcle', s2([10, 'f', 's'], 18), [RD, RM, constant(0)]),
  spec(M, 0xf3b10200, 0xffb30b90, 'vclt', s2([10, 'f', 's'], 18), [RD, RM, constant(0)]),
  spec(M, 0xf3b10300, 0xffb30b90, 'vabs', s2([10, 'f', 's'], 18), [RD, RM]),
  spec(M, 0xf3b10380, 0xffb30b90, 'vneg', s2([10, 'f', 's'], 18), [RD, RM]),
  spec(M, 0xf3b00200, 0xffb30f10, 'vpaddl', s2([7, 'u', 's'], 18), [RD, RM]),
  spec(M, 0xf3b00600, 0xffb30f10, 'vpadal', s2([7, 'u', 's'], 18), [RD, RM]),
  spec(M, 0xf3bb0600, 0xffbf0e10, 'vcvt', convert(32), [RD, RM]),
  spec(M, 0xf3b70600, 0xffbf0e10, 'vcvt', convert(16), [RD, RM]),

  // Three registers of the same length: SHA1 / SHA256.
  spec(S, 0xf2000c40, 0xffb00f50, 'sha1c', fixed('32'), [QD, QN, QM], 'u'),
  spec(S, 0xf2100c40, 0xffb00f50, 'sha1p', fixed('32'), [QD, QN, QM], 'u'),
  spec(S, 0xf2200c40, 0xffb00f50, 'sha1m', fixed('32'), [QD, QN, QM], 'u'),
  spec(S, 0xf2300c40, 0xffb00f50, 'sha1su0', fixed('32'), [QD, QN, QM], 'u'),
  spec(S, 0xf3000c40, 0xffb00f50, 'sha256h', fixed('32'), [QD, QN, QM], 'u'),
  spec(S, 0xf3100c40, 0xffb00f50, 'sha256h2', fixed('32'), [QD, QN, QM], 'u'),
  spec(S, 0xf3200c40, 0xffb00f50, 'sha256su1', fixed('32'), [QD, QN, QM], 'u'),
  spec(S, 0xf3000f10, 0xffb00f10, 'vmaxnm', fixed('f32'), [RD, RN, RM], 'u'),
  spec(S, 0xf3100f10, 0xffb00f10, 'vmaxnm', fixed('f16'), [RD, RN, RM], 'u'),
  spec(S, 0xf3200f10, 0xffb00f10, 'vminnm', fixed('f32'), [RD, RN, RM], 'u'),
  spec(S, 0xf3300f10, 0xffb00f10, 'vminnm', fixed('f16'), [RD, RN, RM], 'u'),
  // Bitwise.
  spec(S, 0xf2000110, 0xffb00f10, 'vand', none, [RD, RN, RM]),
  spec(S, 0xf2100110, 0xffb00f10, 'vbic', none, [RD, RN, RM]),
  spec(S, 0xf2200110, 0xffb00f10, 'vorr', none, [RD, RN, RM]),
  spec(S, 0xf2300110, 0xffb00f10, 'vorn', none, [RD, RN, RM]),
  spec(S, 0xf3000110, 0xffb00f10, 'veor', none, [RD, RN, RM]),
  spec(S, 0xf3100110, 0xffb00f10, 'vbsl', none, [RD, RN, RM]),
  spec(S, 0xf3200110, 0xffb00f10, 'vbit', none, [RD, RN, RM]),
  spec(S, 0xf3300110, 0xffb00f10, 'vbif', none, [RD, RN, RM]),
  // Floating point, f32 then f16 (sz = bit 20).
  ...FLOAT_SAME.flatMap(([value, op]) => [
    spec(S, value, 0xffb00f10, op, fixed('f32'), [RD, RN, RM]),
    spec(S, value | 0x00100000, 0xffb00f10, op, fixed('f16'), [RD, RN, RM]),
  ]),
  // Integer.
  spec(S, 0xf2000800, 0xff800f10, 'vadd', s3('i'), [RD, RN, RM]),
  spec(S, 0xf2000810, 0xff800f10, 'vtst', s2(''), [RD, RN, RM]),
  spec(S, 0xf2000900, 0xff800f10, 'vmla', s2('i'), [RD, RN, RM]),
  spec(S, 0xf2000b00, 0xff800f10, 'vqdmulh', s6('s'), [RD, RN, RM]),
  spec(S, 0xf2000b10, 0xff800f10, 'vpadd', s2('i'), [RD, RN, RM]),
  spec(S, 0xf3000800, 0xff800f10, 'vsub', s3('i'), [RD, RN, RM]),
  spec(S, 0xf3000810, 0xff800f10, 'vceq', s2('i'), [RD, RN, RM]),
  spec(S, 0xf3000900, 0xff800f10, 'vmls', s2('i'), [RD, RN, RM]),
  spec(S, 0xf3000b00, 0xff800f10, 'vqrdmulh', s6('s'), [RD, RN, RM]),
  ...INTEGER_SAME.map(([bits, op, sizes, shift]) =>
    spec(S, 0xf2000000 | bits, 0xfe800f10, op, sizes === 2 ? s2(US) : s3(US), shift ? [RD, RM, RN] : [RD, RN, RM]),
  ),
  spec(S, 0xf2000910, 0xfe800f10, 'vmul', s2([24, 'p', 'i']), [RD, RN, RM]),
  spec(S, 0xf2000a00, 0xfe800f10, 'vpmax', s2(US), [RD, RN, RM]),
  spec(S, 0xf2000a10, 0xfe800f10, 'vpmin', s2(US), [RD, RN, RM]),
  spec(S, 0xf3000b10, 0xff800f10, 'vqrdmlah', s6('s'), [RD, RN, RM]),
  spec(S, 0xf3000c10, 0xff800f10, 'vqrdmlsh', s6('s'), [RD, RN, RM]),
];
