export {
  ADD_R5,
  B_T1,
  B_T2,
  CODE,
  type CpuSnapshot,
  checkInterval,
  type HotLoop,
  type HotLoopOptions,
  hotLoop,
  type IntervalCheck,
  MOV_R0_R0,
  SA,
  SB,
  snapshot,
  UDF_BP,
} from './hot-loop.js';
export { type ReportData, type ReportOptions, renderReport, reportData } from './report/html.js';
export {
  addTaskResult,
  type Combination,
  checkSpace,
  ExploreError,
  type ExploreResults,
  type ExploreSpace,
  type ExploreTask,
  emptyResults,
  mergeResults,
  parseSeedRange,
  parseShard,
  RESULTS_FORMAT,
  runTask,
  type Shard,
  seedsPerTask,
  settle,
  shardSeedCount,
  type TaskResult,
  tasks,
  withoutHostTime,
} from './results.js';
export { SCENARIOS, scenario } from './scenarios/index.js';
export {
  MAX_CPUS,
  type Scenario,
  type SeedOutcome,
  type SeedRun,
  STRATEGIES,
  type StrategyName,
  type UserWorkload,
} from './scenarios/scenario.js';
export { THUMB32_TORN } from './scenarios/thumb32-torn.js';
export { parseProbePlace, WorkloadError } from './scenarios/user.js';
