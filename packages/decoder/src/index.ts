export type { A32Common, Condition, MemoryAccess, Reg } from './a32/common.js';
export { COND_AL, COND_UNCONDITIONAL, LR, PC, SP } from './a32/common.js';
export { decodeA32, matchA32Row } from './a32/decode.js';
export type { Row } from './a32/row.js';
export { A32_TABLE } from './a32/table.js';
export type * from './a32/types.js';
export type * from './asimd/load-store.js';
export { ALL_LANES } from './asimd/load-store.js';
export type * from './asimd/types.js';
export { expandModifiedImmediate } from './asimd/types.js';
export * from './encode/a32.js';
export * from './encode/thumb.js';
export { disassembleA32, type FormatOptions, formatA32 } from './print/a32.js';
export type { Disassembly } from './print/format.js';
export { COND_SUFFIX, REG_NAMES } from './print/format.js';
export { disassembleThumb, formatThumb, type ThumbDisassembly } from './print/thumb.js';
export { type ArmProbeDecision, classifyArmProbe, MAX_STACK_USE, type RegisterRename } from './probe/arm.js';
export {
  ARM_PROBE_TABLE,
  PROBE_RESULT_FIELDS,
  type ProbeEntry,
  type ProbeHandler,
  type RegFields,
  type RegType,
} from './probe/arm-table.js';
export {
  classifyThumbProbe,
  THUMB_SLOT_RETURN,
  type ThumbProbeCondition,
  type ThumbProbeDecision,
  ThumbProbeInputError,
  type ThumbProbeOptions,
} from './probe/thumb.js';
export {
  THUMB_PROBE_EFFECTS,
  THUMB16_PROBE_TABLE,
  THUMB32_PROBE_TABLE,
  THUMB32_STACK_TABLE,
  type ThumbCustomHandler,
  type ThumbProbeEffect,
  type ThumbProbeEntry,
  type ThumbProbeHandler,
  type ThumbRegFields,
  type ThumbRegType,
  type ThumbStackEntry,
  type ThumbStackUse,
} from './probe/thumb-table.js';
export { T16_ROWS } from './t16/table.js';
export { T32_ROWS } from './t32/table.js';
export {
  inItBlock,
  isThumb32,
  itAdvance,
  itBlockSize,
  itCondition,
  itStateOf,
  lastInItBlock,
  THUMB_COND_AL,
  type ThumbCommon,
  type ThumbFields,
  type ThumbForm,
  thumbLength,
} from './thumb/common.js';
export { decodeThumb, matchThumbRow } from './thumb/decode.js';
export type { ThumbDecodeFn, ThumbRow } from './thumb/row.js';
export type * from './thumb/types.js';
export { expandImmediate32 as vfpExpandImmediate } from './vfp/decode.js';
export type * from './vfp/types.js';
export { D_REGISTERS, Q_REGISTERS, S_REGISTERS } from './vfp/types.js';
