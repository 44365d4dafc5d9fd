/**
 * Advanced SIMD rows, part 2 (ARM ARM A7.4.2–A7.4.4): one register and a modified immediate, two registers
 * and a shift amount, three registers of different lengths, two registers and a scalar; and the ARMv8.x SIMD
 * extensions in the unconditional coprocessor space (1111 110x / 1111 1110 with coprocessor 8, 12 or 13):
 * VCADD, VCMLA, VSDOT/VUDOT, VFMAL/VFMSL, BF16 VDOT/VMMLA/VFMA{B,T}, VSMMLA/VUMMLA/VUSMMLA, VUSDOT/VSUDOT.
 * Values and masks are the A32 encoding; first match wins, in objdump's order.
 */
import {
  choose,
  chosen,
  complement,
  computed,
  dataType,
  dField,
  dqReg,
  dReg,
  elementScalar,
  field,
  fixed,
  modifiedImmediate,
  qReg,
  type SimdRowSpec,
  scalar,
  sized,
  spec,
  sReg,
  vm,
} from './row.js';

const RD = dqReg('d');
const RN = dqReg('n');
const RM = dqReg('m');
const DD = dReg('d');
const DN = dReg('n');
const DM = dReg('m');
const QD = qReg('d');
const QN = qReg('n');
const QM = qReg('m');
const US: readonly [number, string, string] = [24, 'u', 's'];
const s2 = (letter: string | readonly [number, string, string]) => sized(letter, 20, 2, 8, 0, 2);
const s6 = (letter: string | readonly [number, string, string]) => sized(letter, 20, 2, 8, 1, 2);
const sa = (letter: string) => sized(letter, 20, 2, 8, 2, 2);
const t2 = (letter: string) => sized(letter, 20, 2, 16, 0, 2);
const us = (bits: number) => chosen(24, 1, [dataType(`s${bits}`, bits), dataType(`u${bits}`, bits)]);

const I = 'asimd-modified-immediate';
const H = 'asimd-shift-immediate';
const L = 'asimd-three-registers-different';
const C = 'asimd-two-registers-scalar';
const X = 'asimd-extension';

/** Right shifts and narrowing shifts print 2^n − imm; left shifts print imm (n = 3, 4, 5, 6 for 8–64 bits). */
const right = (n: number) => complement(16, n);
const left = (n: number) => field(16, n);

/** The shift rows of one element size: [value, mask] of the A32 encoding for 8 (imm6 = 001xxx) … 64 (L = 1). */
function shifts(bits: 8 | 16 | 32 | 64): SimdRowSpec[] {
  const n = bits === 8 ? 3 : bits === 16 ? 4 : bits === 32 ? 5 : 6;
  const imm = bits === 8 ? 0x00080000 : bits === 16 ? 0x00100000 : bits === 32 ? 0x00200000 : 0x00000080;
  const immMask = bits === 8 ? 0x00380000 : bits === 16 ? 0x00300000 : bits === 32 ? 0x00200000 : 0x00000080;
  const base = (0xf2800010 | imm) >>> 0;
  const mask = (0xfe800f10 | immMask | 0x80) >>> 0;
  const fixedU = (mask | 0x01000000) >>> 0;
  return [
    spec(H, base | 0x500, fixedU, 'vshl', us(bits), [RD, RM, left(n)]),
    spec(H, base | 0x01000400, fixedU, 'vsri', fixed(String(bits)), [RD, RM, right(n)]),
    spec(H, base | 0x01000500, fixedU, 'vsli', fixed(String(bits)), [RD, RM, left(n)]),
    spec(H, base | 0x01000600, fixedU, 'vqshlu', fixed(`s${bits}`), [RD, RM, left(n)]),
  ];
}

function rightShifts(bits: 8 | 16 | 32 | 64): SimdRowSpec[] {
  const n = bits === 8 ? 3 : bits === 16 ? 4 : bits === 32 ? 5 : 6;
  const imm = bits === 8 ? 0x00080000 : bits === 16 ? 0x00100000 : bits === 32 ? 0x00200000 : 0x00000080;
  const immMask = bits === 8 ? 0x00380000 : bits === 16 ? 0x00300000 : bits === 32 ? 0x00200000 : 0x00000080;
  const base = (0xf2800010 | imm) >>> 0;
  const mask = (0xfe800f10 | immMask | 0x80) >>> 0;
  return [
    spec(H, base, mask, 'vshr', us(bits), [RD, RM, right(n)]),
    spec(H, base | 0x100, mask, 'vsra', us(bits), [RD, RM, right(n)]),
    spec(H, base | 0x200, mask, 'vrshr', us(bits), [RD, RM, right(n)]),
    spec(H, base | 0x300, mask, 'vrsra', us(bits), [RD, RM, right(n)]),
    spec(H, base | 0x700, mask, 'vqshl', us(bits), [RD, RM, left(n)]),
  ];
}

/** Narrowing right shifts of one wide element size (16, 32, 64), and VSHLL of the narrow size. */
function narrowing(wide: 16 | 32 | 64, unsignedOnly: boolean): SimdRowSpec[] {
  const n = wide === 16 ? 3 : wide === 32 ? 4 : 5;
  const imm = wide === 16 ? 0x00080000 : wide === 32 ? 0x00100000 : 0x00200000;
  const immMask = wide === 16 ? 0x00380000 : wide === 32 ? 0x00300000 : 0x00200000;
  const base = (0xf2800810 | imm) >>> 0;
  const mask = (0xfe800fd0 | immMask) >>> 0;
  const fixedU = (mask | 0x01000000) >>> 0;
  if (unsignedOnly)
    return [
      spec(H, base, fixedU, 'vshrn', fixed(`i${wide}`), [DD, QM, right(n)]),
      spec(H, base | 0x40, fixedU, 'vrshrn', fixed(`i${wide}`), [DD, QM, right(n)]),
    ];
  return [
    spec(H, base, mask, 'vqshrun', fixed(`s${wide}`), [DD, QM, right(n)]),
    spec(H, base | 0x40, mask, 'vqrshrun', fixed(`s${wide}`), [DD, QM, right(n)]),
    spec(H, base | 0x100, mask, 'vqshrn', us(wide), [DD, QM, right(n)]),
    spec(H, base | 0x140, mask, 'vqrshrn', us(wide), [DD, QM, right(n)]),
  ];
}

function shiftLong(narrow: 8 | 16 | 32): SimdRowSpec {
  const n = narrow === 8 ? 3 : narrow === 16 ? 4 : 5;
  const imm = narrow === 8 ? 0x00080000 : narrow === 16 ? 0x00100000 : 0x00200000;
  const immMask = narrow === 8 ? 0x00380000 : narrow === 16 ? 0x00300000 : 0x00200000;
  return spec(H, (0xf2800a10 | imm) >>> 0, (0xfe800fd0 | immMask) >>> 0, 'vshll', us(narrow), [QD, DM, left(n)]);
}

/** VCVT between floating point and fixed point, by U:op (bits 24, 8): f←s, f←u, s←f, u←f. */
function convertFixed(bits: number) {
  const f = `f${bits}`;
  return chosen(0, 2, [
    dataType(f, bits, `s${bits}`),
    dataType(f, bits, `u${bits}`),
    dataType(`s${bits}`, bits, f),
    dataType(`u${bits}`, bits, f),
  ]);
}
/** U:op of the fixed-point VCVT as a 2-bit value (op high). */
const fixedConvertType = (bits: number) => {
  const t = convertFixed(bits);
  return (w: number) => t((((w >>> 8) & 1) << 1) | ((w >>> 24) & 1));
};

export const asimdImmediateShiftRows: readonly SimdRowSpec[] = [
  // One register and a modified immediate (objdump's spelling follows op:cmode).
  spec(I, 0xf2800e10, 0xfeb80fb0, 'vmov', fixed('i8'), [RD, modifiedImmediate]),
  spec(I, 0xf2800e30, 0xfeb80fb0, 'vmov', fixed('i64'), [RD, modifiedImmediate]),
  spec(I, 0xf2800f10, 0xfeb80fb0, 'vmov', fixed('f32'), [RD, modifiedImmediate]),
  spec(I, 0xf2800810, 0xfeb80db0, 'vmov', fixed('i16'), [RD, modifiedImmediate]),
  spec(I, 0xf2800830, 0xfeb80db0, 'vmvn', fixed('i16'), [RD, modifiedImmediate]),
  spec(I, 0xf2800910, 0xfeb80db0, 'vorr', fixed('i16'), [RD, modifiedImmediate]),
  spec(I, 0xf2800930, 0xfeb80db0, 'vbic', fixed('i16'), [RD, modifiedImmediate]),
  spec(I, 0xf2800c10, 0xfeb80eb0, 'vmov', fixed('i32'), [RD, modifiedImmediate]),
  spec(I, 0xf2800c30, 0xfeb80eb0, 'vmvn', fixed('i32'), [RD, modifiedImmediate]),
  spec(I, 0xf2800110, 0xfeb809b0, 'vorr', fixed('i32'), [RD, modifiedImmediate]),
  spec(I, 0xf2800130, 0xfeb809b0, 'vbic', fixed('i32'), [RD, modifiedImmediate]),
  spec(I, 0xf2800010, 0xfeb808b0, 'vmov', fixed('i32'), [RD, modifiedImmediate]),
  spec(I, 0xf2800030, 0xfeb808b0, 'vmvn', fixed('i32'), [RD, modifiedImmediate]),
  // Two registers and a shift amount, in objdump's order.
  ...narrowing(16, true),
  ...narrowing(16, false),
  shiftLong(8),
  ...narrowing(32, true),
  ...shifts(8),
  ...narrowing(32, false),
  shiftLong(16),
  ...rightShifts(8),
  ...narrowing(64, true),
  ...shifts(16),
  shiftLong(32),
  ...rightShifts(16),
  ...narrowing(64, false),
  ...shifts(32),
  ...rightShifts(32),
  ...shifts(64),
  ...rightShifts(64),
  spec(H, 0xf2a00e10, 0xfea00e90, 'vcvt', fixedConvertType(32), [RD, RM, right(5)]),
  spec(H, 0xf2a00c10, 0xfea00e90, 'vcvt', fixedConvertType(16), [RD, RM, right(5)]),

  // Three registers of different lengths.
  spec(L, 0xf2a00e00, 0xfeb00f50, 'vmull', fixed('p64'), [QD, DN, DM]),
  spec(L, 0xf2800e00, 0xfea00f50, 'vmull', sized('p', 20, 1, 8, 0, 0), [QD, DN, DM]),
  spec(L, 0xf2800400, 0xff800f50, 'vaddhn', t2('i'), [DD, QN, QM]),
  spec(L, 0xf2800600, 0xff800f50, 'vsubhn', t2('i'), [DD, QN, QM]),
  spec(L, 0xf2800900, 0xff800f50, 'vqdmlal', s6('s'), [QD, DN, DM]),
  spec(L, 0xf2800b00, 0xff800f50, 'vqdmlsl', s6('s'), [QD, DN, DM]),
  spec(L, 0xf2800d00, 0xff800f50, 'vqdmull', s6('s'), [QD, DN, DM]),
  spec(L, 0xf3800400, 0xff800f50, 'vraddhn', t2('i'), [DD, QN, QM]),
  spec(L, 0xf3800600, 0xff800f50, 'vrsubhn', t2('i'), [DD, QN, QM]),
  spec(L, 0xf2800000, 0xfe800f50, 'vaddl', s2(US), [QD, DN, DM]),
  spec(L, 0xf2800100, 0xfe800f50, 'vaddw', s2(US), [QD, QN, DM]),
  spec(L, 0xf2800200, 0xfe800f50, 'vsubl', s2(US), [QD, DN, DM]),
  spec(L, 0xf2800300, 0xfe800f50, 'vsubw', s2(US), [QD, QN, DM]),
  spec(L, 0xf2800500, 0xfe800f50, 'vabal', s2(US), [QD, DN, DM]),
  spec(L, 0xf2800700, 0xfe800f50, 'vabdl', s2(US), [QD, DN, DM]),
  spec(L, 0xf2800800, 0xfe800f50, 'vmlal', s2(US), [QD, DN, DM]),
  spec(L, 0xf2800a00, 0xfe800f50, 'vmlsl', s2(US), [QD, DN, DM]),
  spec(L, 0xf2800c00, 0xfe800f50, 'vmull', s2(US), [QD, DN, DM]),

  // Two registers and a scalar: D forms (U = 0), then Q forms (U = 1), then the long forms.
  spec(C, 0xf2800040, 0xff800f50, 'vmla', s6('i'), [DD, DN, elementScalar]),
  spec(C, 0xf2800140, 0xff900f50, 'vmla', sa('f'), [DD, DN, elementScalar]),
  spec(C, 0xf2900140, 0xffb00f50, 'vmla', fixed('f16'), [DD, DN, elementScalar]),
  spec(C, 0xf2800340, 0xff800f50, 'vqdmlal', s6('s'), [QD, DN, elementScalar]),
  spec(C, 0xf2800440, 0xff800f50, 'vmls', s6('i'), [DD, DN, elementScalar]),
  spec(C, 0xf2800540, 0xff900f50, 'vmls', s6('f'), [DD, DN, elementScalar]),
  spec(C, 0xf2900540, 0xffb00f50, 'vmls', fixed('f16'), [DD, DN, elementScalar]),
  spec(C, 0xf2800740, 0xff800f50, 'vqdmlsl', s6('s'), [QD, DN, elementScalar]),
  spec(C, 0xf2800840, 0xff800f50, 'vmul', s6('i'), [DD, DN, elementScalar]),
  spec(C, 0xf2800940, 0xff900f50, 'vmul', sa('f'), [DD, DN, elementScalar]),
  spec(C, 0xf2900940, 0xffb00f50, 'vmul', fixed('f16'), [DD, DN, elementScalar]),
  spec(C, 0xf2800b40, 0xff800f50, 'vqdmull', s6('s'), [QD, DN, elementScalar]),
  spec(C, 0xf2800c40, 0xff800f50, 'vqdmulh', s6('s'), [DD, DN, elementScalar]),
  spec(C, 0xf2800d40, 0xff800f50, 'vqrdmulh', s6('s'), [DD, DN, elementScalar]),
  spec(C, 0xf3800040, 0xff800f50, 'vmla', s6('i'), [QD, QN, elementScalar]),
  spec(C, 0xf3800140, 0xff900f50, 'vmla', sa('f'), [QD, QN, elementScalar]),
  spec(C, 0xf3900140, 0xffb00f50, 'vmla', fixed('f16'), [QD, QN, elementScalar]),
  spec(C, 0xf3800440, 0xff800f50, 'vmls', s6('i'), [QD, QN, elementScalar]),
  spec(C, 0xf3800540, 0xff900f50, 'vmls', sa('f'), [QD, QN, elementScalar]),
  spec(C, 0xf3900540, 0xffb00f50, 'vmls', fixed('f16'), [QD, QN, elementScalar]),
  spec(C, 0xf3800840, 0xff800f50, 'vmul', s6('i'), [QD, QN, elementScalar]),
  spec(C, 0xf3800940, 0xff900f50, 'vmul', sa('f'), [QD, QN, elementScalar]),
  spec(C, 0xf3900940, 0xffb00f50, 'vmul', fixed('f16'), [QD, QN, elementScalar]),
  spec(C, 0xf3800c40, 0xff800f50, 'vqdmulh', s6('s'), [QD, QN, elementScalar]),
  spec(C, 0xf3800d40, 0xff800f50, 'vqrdmulh', s6('s'), [QD, QN, elementScalar]),
  spec(C, 0xf2800240, 0xfe800f50, 'vmlal', s6(US), [QD, DN, elementScalar]),
  spec(C, 0xf2800640, 0xfe800f50, 'vmlsl', s6(US), [QD, DN, elementScalar]),
  spec(C, 0xf2800a40, 0xfe800f50, 'vmull', s6(US), [QD, DN, elementScalar]),
  spec(C, 0xf2800e40, 0xff800f50, 'vqrdmlah', s6('s'), [DD, DN, elementScalar]),
  spec(C, 0xf2800f40, 0xff800f50, 'vqrdmlsh', s6('s'), [DD, DN, elementScalar]),
  spec(C, 0xf3800e40, 0xff800f50, 'vqrdmlah', s6('s'), [QD, QN, elementScalar]),
  spec(C, 0xf3800f40, 0xff800f50, 'vqrdmlsh', s6('s'), [QD, QN, elementScalar]),
];

/* The extension rows' scalars. */
const lane5 = (w: number) => (w >>> 5) & 1;
const dm4 = (w: number) => w & 15;
const dm3 = (w: number) => w & 7;
/** VCMLA rotation: bits 24:23 (vector form) or 21:20 (by-element form) × 90 degrees. */
const rotation = (lo: number) => computed((w) => ((w >>> lo) & 3) * 90);

export const asimdCoprocessorSpaceRows: readonly SimdRowSpec[] = [
  // ARMv8.3 complex arithmetic (coprocessor 8).
  spec(X, 0xfc800800, 0xfeb00f10, 'vcadd', fixed('f16'), [RD, RN, RM, computed((w) => (w & 0x01000000 ? 270 : 90))]),
  spec(X, 0xfc900800, 0xfeb00f10, 'vcadd', fixed('f32'), [RD, RN, RM, computed((w) => (w & 0x01000000 ? 270 : 90))]),
  spec(X, 0xfc200800, 0xfe300f10, 'vcmla', fixed('f16'), [RD, RN, RM, rotation(23)]),
  spec(X, 0xfc300800, 0xfe300f10, 'vcmla', fixed('f32'), [RD, RN, RM, rotation(23)]),
  spec(X, 0xfe000800, 0xff800f10, 'vcmla', fixed('f16'), [RD, RN, scalar('d', dm4, lane5), rotation(20)]),
  spec(X, 0xfe800800, 0xff800f10, 'vcmla', fixed('f32'), [RD, RN, scalar('d', vm, () => 0), rotation(20)]),
  // ARMv8.2 dot product (coprocessor 13).
  spec(
    X,
    0xfc200d00,
    0xffb00f00,
    choose(4, 1, ['vsdot', 'vudot']),
    chosen(4, 1, [dataType('s8', 8), dataType('u8', 8)]),
    [RD, RN, RM],
    'none',
  ),
  spec(
    X,
    0xfe200d00,
    0xff200f00,
    choose(4, 1, ['vsdot', 'vudot']),
    chosen(4, 1, [dataType('s8', 8), dataType('u8', 8)]),
    [RD, RN, scalar('d', dm4, lane5)],
    'none',
  ),
  // ARMv8.2 FP16 multiply-accumulate long (coprocessor 8).
  spec(X, 0xfc200810, 0xffb00f50, 'vfmal', fixed('f16'), [DD, sReg(7, 16, 4), sReg(5, 0, 4)], 'none'),
  spec(X, 0xfca00810, 0xffb00f50, 'vfmsl', fixed('f16'), [DD, sReg(7, 16, 4), sReg(5, 0, 4)], 'none'),
  spec(X, 0xfc200850, 0xffb00f50, 'vfmal', fixed('f16'), [QD, dField(16, 4, 7), dField(0, 4, 5)], 'none'),
  spec(X, 0xfca00850, 0xffb00f50, 'vfmsl', fixed('f16'), [QD, dField(16, 4, 7), dField(0, 4, 5)], 'none'),
  spec(
    X,
    0xfe000810,
    0xffb00f50,
    'vfmal',
    fixed('f16'),
    [
      DD,
      sReg(7, 16, 4),
      scalar(
        's',
        (w) => ((w >>> 5) & 1) | ((w & 7) << 1),
        (w) => (w >>> 3) & 1,
      ),
    ],
    'none',
  ),
  spec(
    X,
    0xfe100810,
    0xffb00f50,
    'vfmsl',
    fixed('f16'),
    [
      DD,
      sReg(7, 16, 4),
      scalar(
        's',
        (w) => ((w >>> 5) & 1) | ((w & 7) << 1),
        (w) => (w >>> 3) & 1,
      ),
    ],
    'none',
  ),
  spec(
    X,
    0xfe000850,
    0xffb00f50,
    'vfmal',
    fixed('f16'),
    [QD, dField(16, 4, 7), scalar('d', dm3, (w) => ((w >>> 3) & 1) | (((w >>> 5) & 1) << 1))],
    'none',
  ),
  spec(
    X,
    0xfe100850,
    0xffb00f50,
    'vfmsl',
    fixed('f16'),
    [QD, dField(16, 4, 7), scalar('d', dm3, (w) => ((w >>> 3) & 1) | (((w >>> 5) & 1) << 1))],
    'none',
  ),
  // BF16 and Int8 matrix multiply (coprocessors 12 and 13), objdump's SIMD table.
  spec(X, 0xfc000d00, 0xffb00f10, 'vdot', fixed('bf16'), [RD, RN, RM], 'none'),
  spec(X, 0xfe000d00, 0xffb00f10, 'vdot', fixed('bf16'), [RD, RN, scalar('d', dm4, lane5)], 'none'),
  spec(X, 0xfc000c40, 0xffb00f50, 'vmmla', fixed('bf16'), [RD, RN, RM], 'none'),
  spec(X, 0xfc300810, 0xffb00f10, choose(6, 1, ['vfmab', 'vfmat']), fixed('bf16'), [QD, QN, QM], 'none'),
  spec(
    X,
    0xfe300810,
    0xffb00f10,
    choose(6, 1, ['vfmab', 'vfmat']),
    fixed('bf16'),
    [QD, QN, scalar('d', dm3, (w) => ((w >>> 3) & 1) | (((w >>> 5) & 1) << 1))],
    'none',
  ),
  spec(X, 0xfc200c40, 0xffb00f50, 'vsmmla', fixed('s8'), [RD, RN, RM], 'none'),
  spec(X, 0xfc200c50, 0xffb00f50, 'vummla', fixed('u8'), [RD, RN, RM], 'none'),
  spec(X, 0xfca00c40, 0xffb00f50, 'vusmmla', fixed('s8'), [RD, RN, RM], 'none'),
  spec(X, 0xfca00d00, 0xffb00f10, 'vusdot', fixed('s8'), [RD, RN, RM], 'none'),
  spec(X, 0xfe800d00, 0xffb00f10, 'vusdot', fixed('s8'), [RD, RN, scalar('d', dm4, lane5)], 'none'),
  spec(X, 0xfe800d10, 0xffb00f10, 'vsudot', fixed('u8'), [RD, RN, scalar('d', dm4, lane5)], 'none'),
];
