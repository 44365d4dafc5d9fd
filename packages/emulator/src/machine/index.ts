export { Machine } from './machine.js';
export {
  HALT_STUB,
  HALT_STUB_WORD,
  type MachineOptions,
  SMP_STACK_MAX,
  SMP_STACK_RESERVE,
  type StopMachineOptions,
  smpStackTop,
} from './options.js';
export type { CpuStatistics, MachineStatistics, RunOptions, RunResult } from './result.js';
export { RoundRobinScheduler, type Scheduler, type Slice, type ThreadSwitcher } from './scheduler.js';
