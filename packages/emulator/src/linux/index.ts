export * from './address-space.js';
export * from './file-system.js';
export { AT_FDCWD, FileTable, normalizeGuestPath, type StreamSinks } from './files.js';
export * from './kuser.js';
export { LINUX_PID, type LinuxHost, type LinuxThread, LinuxUser, type LinuxUserOptions } from './personality.js';
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
