export type { A32Common, Condition, MemoryAccess, Reg } from './a32/common.js';
export { COND_AL, COND_UNCONDITIONAL, LR, PC, SP } from './a32/common.js';
export { decodeA32, matchA32Row } from './a32/decode.js';
export type { Row } from './a32/row.js';
export { A32_TABLE } from './a32/table.js';
export type * from './a32/types.js';
export * from './encode/a32.js';
export { disassembleA32, type FormatOptions, formatA32 } from './print/a32.js';
export type { Disassembly } from './print/format.js';
export { COND_SUFFIX, REG_NAMES } from './print/format.js';
export { type ArmProbeDecision, classifyArmProbe, MAX_STACK_USE, type RegisterRename } from './probe/arm.js';
export {
  ARM_PROBE_TABLE,
  PROBE_RESULT_FIELDS,
  type ProbeEntry,
  type ProbeHandler,
  type RegFields,
  type RegType,
} from './probe/arm-table.js';
