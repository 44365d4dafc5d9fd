export type {
  OptimizeQuery,
  OptimizeRejection,
  OptimizeResult,
  ProbeClassification,
} from './analysis/can-optimize.js';
export { canOptimize, canOptimizeWord, MAX_FRAME_BYTES, PT_REGS_BYTES } from './analysis/can-optimize.js';
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
