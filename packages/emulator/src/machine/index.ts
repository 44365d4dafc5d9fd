export { Machine, type MachineOptions } from './machine.js';
export type { MachineStatistics, RunOptions, RunResult } from './result.js';
export { RoundRobinScheduler, type Scheduler, type Slice } from './scheduler.js';
