export { Machine, type MachineOptions } from './machine.js';
export type { MachineStatistics, RunOptions, RunResult } from './result.js';
