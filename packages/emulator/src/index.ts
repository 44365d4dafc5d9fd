export type { Cp15Operation, Cp15OperationName } from './cpu/cp15.js';
export { Cpu } from './cpu/cpu.js';
export { MODE_ABT, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_SYS, MODE_UND, MODE_USR, modeName } from './cpu/modes.js';
export { EmulatorError, type GuestFault, type StopReason, type StopRequest } from './cpu/stop.js';
export type {
  ExceptionEvent,
  ExceptionHook,
  ExceptionKind,
  ExceptionOutcome,
  HookOptions,
  HostCall,
} from './exceptions/index.js';
export { COST } from './exec/cost-model.js';
export type { ExecutionMode } from './exec/run.js';
export {
  CACHE_LINE,
  type CmodxViolation,
  CmodxViolationError,
  type FetchMode,
} from './fetch/instruction-fetch.js';
export { isArmSafe, isThumb16Safe, isThumb32Prefix } from './fetch/safe-set.js';
export {
  type GuestFileHandle,
  type GuestFileSystem,
  type GuestFileType,
  type GuestStat,
  GuestThreads,
  KUSER_CMPXCHG,
  KUSER_CMPXCHG64,
  KUSER_GET_TLS,
  KUSER_HELPER_VERSION,
  KUSER_MEMORY_BARRIER,
  LINUX_PID,
  LinuxThread,
  LinuxUser,
  type LinuxUserOptions,
  MemoryFileSystem,
  normalizeGuestPath,
  type OpenRequest,
  SIGABRT,
  SIGBUS,
  SIGILL,
  SIGSEGV,
  SIGTRAP,
  type ThreadContext,
  type ThreadState,
  type ThreadStatistics,
  type ThreadWait,
  UNAME,
} from './linux/index.js';
export {
  CodeMap,
  type CodeMapBasis,
  type CodePlace,
  type CodeRange,
  ElfError,
  type ElfErrorCode,
  type ElfFile,
  type ElfSymbol,
  type InstructionState,
  type LoadedProgram,
  type LoadOptions,
  type MappingState,
  type MappingSymbol,
  notExecutable,
  parseElf,
  readSymbols,
  STACK_SIZE,
  STACK_TOP,
  type SymbolLocation,
  type SymbolSection,
  SymbolTable,
} from './loader/index.js';
export {
  type CpuStatistics,
  HALT_STUB,
  HALT_STUB_WORD,
  Machine,
  type MachineOptions,
  type MachineStatistics,
  RoundRobinScheduler,
  type RunOptions,
  type RunResult,
  type Scheduler,
  type Slice,
  SMP_STACK_MAX,
  SMP_STACK_RESERVE,
  type StopMachineOptions,
  smpStackTop,
  type ThreadSwitcher,
} from './machine/index.js';
export {
  type AccessKind,
  type FaultReason,
  MemoryFault,
  MemoryMapError,
  type MmioHandler,
  PhysicalMemory,
} from './memory/index.js';
export { EXCLUSIVE_GRANULE } from './smp/global-monitor.js';
export { InterruptController, SGI_COUNT, TIMER_PPI } from './smp/interrupts.js';
export { type QuantumRange, Random, SeededScheduler } from './smp/scheduler.js';
