/**
 * The Advanced SIMD data-processing rows of the 1111 001U space in first-match order (objdump's): the
 * same-length / miscellaneous / extract group, then immediates, shifts, different lengths and scalars.
 */
import type { SimdRowSpec } from './row.js';
import { asimdImmediateShiftRows } from './rows-other.js';
import { asimdSameMiscRows } from './rows-same.js';

export const asimdDataProcessingRows: readonly SimdRowSpec[] = [...asimdSameMiscRows, ...asimdImmediateShiftRows];
