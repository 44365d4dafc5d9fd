/** ARM EABI syscall numbers (arch/arm/tools/syscall.tbl) and errno values the personality uses. */
export const NR_exit = 1;
export const NR_read = 3;
export const NR_write = 4;
export const NR_open = 5;
export const NR_close = 6;
export const NR_unlink = 10;
export const NR_time = 13;
export const NR_lseek = 19;
export const NR_getpid = 20;
export const NR_alarm = 27;
export const NR_pause = 29;
export const NR_getuid = 24;
export const NR_access = 33;
export const NR_kill = 37;
export const NR_rename = 38;
export const NR_mkdir = 39;
export const NR_rmdir = 40;
export const NR_brk = 45;
export const NR_getgid = 47;
export const NR_geteuid = 49;
export const NR_getegid = 50;
export const NR_ioctl = 54;
export const NR_getppid = 64;
export const NR_gettimeofday = 78;
export const NR_readlink = 85;
export const NR_munmap = 91;
export const NR_sigreturn = 119;
export const NR_setitimer = 104;
export const NR_getitimer = 105;
export const NR_sysinfo = 116;
export const NR_clone = 120;
export const NR_uname = 122;
export const NR_mprotect = 125;
export const NR_llseek = 140;
export const NR_readv = 145;
export const NR_writev = 146;
export const NR_sched_yield = 158;
export const NR_nanosleep = 162;
export const NR_mremap = 163;
export const NR_rt_sigreturn = 173;
export const NR_rt_sigaction = 174;
export const NR_rt_sigprocmask = 175;
export const NR_rt_sigpending = 176;
export const NR_rt_sigsuspend = 179;
export const NR_getcwd = 183;
export const NR_sigaltstack = 186;
export const NR_ugetrlimit = 191;
export const NR_mmap2 = 192;
export const NR_stat64 = 195;
export const NR_lstat64 = 196;
export const NR_fstat64 = 197;
export const NR_getuid32 = 199;
export const NR_getgid32 = 200;
export const NR_geteuid32 = 201;
export const NR_getegid32 = 202;
export const NR_madvise = 220;
export const NR_fcntl64 = 221;
export const NR_gettid = 224;
export const NR_tkill = 238;
export const NR_futex = 240;
export const NR_exit_group = 248;
export const NR_set_tid_address = 256;
export const NR_clock_gettime = 263;
export const NR_clock_getres = 264;
export const NR_clock_nanosleep = 265;
export const NR_tgkill = 268;
export const NR_openat = 322;
export const NR_mkdirat = 323;
export const NR_fstatat64 = 327;
export const NR_unlinkat = 328;
export const NR_renameat = 329;
export const NR_readlinkat = 332;
export const NR_faccessat = 334;
export const NR_set_robust_list = 338;
export const NR_prlimit64 = 369;
export const NR_renameat2 = 382;
export const NR_getrandom = 384;
export const NR_statx = 397;
export const NR_rseq = 398;
export const NR_clock_gettime64 = 403;
export const NR_clock_getres_time64 = 406;
export const NR_clock_nanosleep_time64 = 407;
export const NR_futex_time64 = 422;
export const NR_faccessat2 = 439;
/** ARM private syscalls (0x0f0000 + n). */
export const NR_ARM_cacheflush = 0x0f0002;
export const NR_ARM_set_tls = 0x0f0005;

export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EBADF = 9;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EEXIST = 17;
export const EXDEV = 18;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const EMFILE = 24;
export const ENOTTY = 25;
export const ESPIPE = 29;
export const ENAMETOOLONG = 36;
export const ERANGE = 34;
export const ENOSYS = 38;
export const ENOTEMPTY = 39;
export const ELOOP = 40;
export const ETIMEDOUT = 110;

/** Names of the syscalls above, for `--strace` lines. */
export const SYSCALL_NAMES: Readonly<Record<number, string>> = {
  [NR_exit]: 'exit',
  [NR_read]: 'read',
  [NR_write]: 'write',
  [NR_open]: 'open',
  [NR_close]: 'close',
  [NR_unlink]: 'unlink',
  [NR_time]: 'time',
  [NR_lseek]: 'lseek',
  [NR_getpid]: 'getpid',
  [NR_alarm]: 'alarm',
  [NR_pause]: 'pause',
  [NR_getuid]: 'getuid',
  [NR_access]: 'access',
  [NR_kill]: 'kill',
  [NR_rename]: 'rename',
  [NR_mkdir]: 'mkdir',
  [NR_rmdir]: 'rmdir',
  [NR_brk]: 'brk',
  [NR_getgid]: 'getgid',
  [NR_geteuid]: 'geteuid',
  [NR_getegid]: 'getegid',
  [NR_ioctl]: 'ioctl',
  [NR_getppid]: 'getppid',
  [NR_gettimeofday]: 'gettimeofday',
  [NR_readlink]: 'readlink',
  [NR_munmap]: 'munmap',
  [NR_sigreturn]: 'sigreturn',
  [NR_setitimer]: 'setitimer',
  [NR_getitimer]: 'getitimer',
  [NR_sysinfo]: 'sysinfo',
  [NR_clone]: 'clone',
  [NR_uname]: 'uname',
  [NR_mprotect]: 'mprotect',
  [NR_llseek]: '_llseek',
  [NR_readv]: 'readv',
  [NR_writev]: 'writev',
  [NR_sched_yield]: 'sched_yield',
  [NR_nanosleep]: 'nanosleep',
  [NR_mremap]: 'mremap',
  [NR_rt_sigreturn]: 'rt_sigreturn',
  [NR_rt_sigaction]: 'rt_sigaction',
  [NR_rt_sigprocmask]: 'rt_sigprocmask',
  [NR_rt_sigpending]: 'rt_sigpending',
  [NR_rt_sigsuspend]: 'rt_sigsuspend',
  [NR_getcwd]: 'getcwd',
  [NR_sigaltstack]: 'sigaltstack',
  [NR_ugetrlimit]: 'ugetrlimit',
  [NR_mmap2]: 'mmap2',
  [NR_stat64]: 'stat64',
  [NR_lstat64]: 'lstat64',
  [NR_fstat64]: 'fstat64',
  [NR_getuid32]: 'getuid32',
  [NR_getgid32]: 'getgid32',
  [NR_geteuid32]: 'geteuid32',
  [NR_getegid32]: 'getegid32',
  [NR_madvise]: 'madvise',
  [NR_fcntl64]: 'fcntl64',
  [NR_gettid]: 'gettid',
  [NR_tkill]: 'tkill',
  [NR_futex]: 'futex',
  [NR_exit_group]: 'exit_group',
  [NR_set_tid_address]: 'set_tid_address',
  [NR_clock_gettime]: 'clock_gettime',
  [NR_clock_getres]: 'clock_getres',
  [NR_clock_nanosleep]: 'clock_nanosleep',
  [NR_tgkill]: 'tgkill',
  [NR_openat]: 'openat',
  [NR_mkdirat]: 'mkdirat',
  [NR_fstatat64]: 'fstatat64',
  [NR_unlinkat]: 'unlinkat',
  [NR_renameat]: 'renameat',
  [NR_readlinkat]: 'readlinkat',
  [NR_faccessat]: 'faccessat',
  [NR_set_robust_list]: 'set_robust_list',
  [NR_prlimit64]: 'prlimit64',
  [NR_renameat2]: 'renameat2',
  [NR_getrandom]: 'getrandom',
  [NR_statx]: 'statx',
  [NR_rseq]: 'rseq',
  [NR_clock_gettime64]: 'clock_gettime64',
  [NR_clock_getres_time64]: 'clock_getres_time64',
  [NR_clock_nanosleep_time64]: 'clock_nanosleep_time64',
  [NR_futex_time64]: 'futex_time64',
  [NR_faccessat2]: 'faccessat2',
  [NR_ARM_cacheflush]: 'cacheflush',
  [NR_ARM_set_tls]: 'set_tls',
};
