export * from './address-space.js';
export * from './file-system.js';
export { AT_FDCWD, FileTable, normalizeGuestPath, type StreamSinks } from './files.js';
export * from './futex.js';
export * from './kuser.js';
export * from './madvise.js';
export { type LinuxHost, LinuxUser, type LinuxUserOptions } from './personality.js';
export {
  SIGABRT,
  SIGBUS,
  SIGILL,
  SIGKILL,
  SIGNAL_NAMES,
  SIGSEGV,
  SIGTERM,
  SIGTRAP,
  signalFor,
  signalStatus,
} from './signals.js';
export * from './syscalls.js';
export { encodeStat64, encodeStatx } from './syscalls-files.js';
export { UNAME } from './syscalls-system.js';
export {
  CLONE_CHILD_CLEARTID,
  CLONE_CHILD_SETTID,
  CLONE_PARENT_SETTID,
  CLONE_SETTLS,
  CLONE_THREAD_FLAGS,
} from './syscalls-threads.js';
export {
  GuestThreads,
  LINUX_PID,
  LinuxThread,
  PREEMPTION_CYCLES,
  type ThreadContext,
  type ThreadHost,
  type ThreadState,
  type ThreadStatistics,
  type ThreadWait,
} from './threads.js';
