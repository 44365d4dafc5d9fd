export type {
  OptimizeQuery,
  OptimizeRejection,
  OptimizeResult,
  ProbeClassification,
} from './analysis/can-optimize.js';
export { canOptimize, canOptimizeWord, MAX_FRAME_BYTES, PT_REGS_BYTES } from './analysis/can-optimize.js';
export type { OptimizationPlan, PlanQuery, PlanRejection } from './analysis/plan-optimization.js';
export { planOptimization } from './analysis/plan-optimization.js';
export type { ReplacingBranch } from './branch/replacing-branch.js';
export { replacingBranch } from './branch/replacing-branch.js';
export type { BranchRange, BranchRangeFailure } from './range/branch-range.js';
export {
  A32_BRANCH_MAX,
  A32_BRANCH_MIN,
  a32BranchRange,
  T32_BRANCH_MAX,
  T32_BRANCH_MIN,
  t32BranchRange,
} from './range/branch-range.js';
export {
  planThumbOptimization,
  type ThumbOptimizationPlan,
  type ThumbPlanQuery,
  type ThumbPlanRejection,
  thumbCover,
  thumbTrappingSlot,
} from './thumb/plan.js';
export {
  type Landing,
  scanThumbFunction,
  type ThumbCodeRange,
  type ThumbCodeReader,
  type ThumbFunctionScan,
} from './thumb/scan.js';
export {
  buildThumbTrampoline,
  MAX_THUMB_TRAMPOLINE_HALFWORDS,
  MAX_THUMB_TRAMPOLINE_WORDS,
  type ThumbFaultSite,
  type ThumbStepReport,
  type ThumbStepSpec,
  type ThumbTrampoline,
  ThumbTrampolineError,
  type ThumbTrampolineErrorCode,
  type ThumbTrampolineSpec,
} from './thumb/trampoline.js';
export {
  buildTrampoline,
  MAX_TRAMPOLINE_WORDS,
  type Trampoline,
  TrampolineError,
  type TrampolineErrorCode,
  type TrampolineSpec,
  trampolineFrameBytes,
} from './trampoline/build.js';
export { OPTPROBE_GATE_WORD } from './trampoline/gate.js';
export {
  type FrameMemory,
  PT_REGS_CPSR,
  PT_REGS_CPSR_WRITABLE,
  PT_REGS_LR,
  PT_REGS_ORIG_R0,
  PT_REGS_PC,
  PT_REGS_SP,
  PT_REGS_WORDS,
  ptRegsOffset,
  readPtRegsFrame,
  writePtRegsFrame,
} from './trampoline/pt-regs-frame.js';
