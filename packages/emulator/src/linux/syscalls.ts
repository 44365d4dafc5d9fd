/** ARM EABI syscall numbers (arch/arm/tools/syscall.tbl) and errno values the personality uses. */
export const NR_exit = 1;
export const NR_write = 4;
export const NR_brk = 45;
export const NR_exit_group = 248;
/** ARM private syscalls (0x0f0000 + n). */
export const NR_ARM_cacheflush = 0x0f0002;
export const NR_ARM_set_tls = 0x0f0005;

export const EBADF = 9;
export const EFAULT = 14;
export const EINVAL = 22;
export const ENOSYS = 38;
