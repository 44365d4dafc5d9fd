export { type BreakRegion, type LinuxHost, LinuxUser, type LinuxUserOptions } from './personality.js';
export { SIGBUS, SIGILL, SIGNAL_NAMES, SIGSEGV, SIGTRAP, signalFor, signalStatus } from './signals.js';
export * from './syscalls.js';
