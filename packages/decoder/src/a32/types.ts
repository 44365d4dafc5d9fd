import type { AdvancedSimdLoadStoreInsn } from '../asimd/load-store.js';
import type { AdvancedSimdInsn } from '../asimd/types.js';
import type { VfpInsn } from '../vfp/types.js';
import type { BranchInsn } from './branch.js';
import type { CoprocessorInsn } from './coprocessor.js';
import type { DataProcessingInsn } from './data-processing.js';
import type { LoadStoreInsn } from './load-store.js';
import type { MediaInsn } from './media.js';
import type { MultiplyInsn } from './multiply.js';
import type { SystemInsn } from './system.js';
import type { UndefinedInsn } from './undefined.js';

/** A decoded ARM-state instruction: a discriminated union on `kind`. */
export type A32Instruction =
  | DataProcessingInsn
  | MultiplyInsn
  | LoadStoreInsn
  | MediaInsn
  | BranchInsn
  | SystemInsn
  | CoprocessorInsn
  | AdvancedSimdInsn
  | AdvancedSimdLoadStoreInsn
  | VfpInsn
  | UndefinedInsn;

export type A32Kind = A32Instruction['kind'];

export type {
  BranchInsn,
  CoprocessorInsn,
  DataProcessingInsn,
  LoadStoreInsn,
  MediaInsn,
  MultiplyInsn,
  SystemInsn,
  UndefinedInsn,
};
