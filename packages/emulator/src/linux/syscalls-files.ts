/** File syscalls: fds, paths (relative to the guest cwd or a directory fd), stat structures. */
import type { GuestStat } from './file-system.js';
import { AT_FDCWD } from './files.js';
import { StructWriter } from './guest-memory.js';
import type { SyscallContext } from './personality.js';
import {
  EBADF,
  EINVAL,
  ENOTTY,
  ERANGE,
  NR_access,
  NR_close,
  NR_faccessat,
  NR_faccessat2,
  NR_fcntl64,
  NR_fstat64,
  NR_fstatat64,
  NR_getcwd,
  NR_ioctl,
  NR_llseek,
  NR_lseek,
  NR_lstat64,
  NR_mkdir,
  NR_mkdirat,
  NR_open,
  NR_openat,
  NR_read,
  NR_readlink,
  NR_readlinkat,
  NR_readv,
  NR_rename,
  NR_renameat,
  NR_renameat2,
  NR_rmdir,
  NR_stat64,
  NR_statx,
  NR_unlink,
  NR_unlinkat,
  NR_write,
  NR_writev,
} from './syscalls.js';

const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_REMOVEDIR = 0x200;
const AT_EMPTY_PATH = 0x1000;
const S_IFIFO = 0o010000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

function modeOf(st: GuestStat | 'stream'): number {
  if (st === 'stream') return S_IFIFO | 0o600;
  const type = st.type === 'directory' ? S_IFDIR : st.type === 'symlink' ? S_IFLNK : S_IFREG;
  return type | (st.mode & 0o7777);
}

/** struct stat64 of the ARM EABI (104 bytes). */
export function encodeStat64(st: GuestStat | 'stream'): Uint8Array {
  const s = new StructWriter(104);
  const size = st === 'stream' ? 0 : st.size;
  const ino = st === 'stream' ? 1 : st.ino;
  const mtime = st === 'stream' ? 0 : st.mtimeSeconds;
  s.u64(0, st === 'stream' ? 0xc : 0x801)
    .u32(12, ino)
    .u32(16, modeOf(st))
    .u32(20, 1);
  s.u64(48, size)
    .u32(56, 4096)
    .u64(64, Math.ceil(size / 512));
  s.u32(72, mtime).u32(80, mtime).u32(88, mtime).u64(96, ino);
  return s.bytes;
}

/** struct statx (256 bytes), STATX_BASIC_STATS. */
export function encodeStatx(st: GuestStat | 'stream'): Uint8Array {
  const s = new StructWriter(256);
  const size = st === 'stream' ? 0 : st.size;
  const mtime = st === 'stream' ? 0 : st.mtimeSeconds;
  s.u32(0, 0x7ff)
    .u32(4, 4096)
    .u32(16, 1)
    .u16(28, modeOf(st))
    .u64(32, st === 'stream' ? 1 : st.ino);
  s.u64(40, size).u64(48, Math.ceil(size / 512));
  for (const at of [64, 96, 112]) s.u64(at, mtime);
  s.u32(136, st === 'stream' ? 0 : 8).u32(140, st === 'stream' ? 0xc : 1);
  return s.bytes;
}

function at(dirfd: number): number {
  return dirfd === AT_FDCWD ? AT_FDCWD : dirfd;
}

/** Runs a file syscall, or returns undefined when `nr` is not one. */
export function fileSyscall(c: SyscallContext, nr: number): number | undefined {
  const r = c.cpu.regs;
  const { files, mem } = c;
  const fs = files.fs;
  const path = (dirfd: number, address: number): string | number => files.resolve(at(dirfd), mem.string(address));
  const stat = (dirfd: number, address: number, flags: number): GuestStat | 'stream' | number => {
    const name = mem.string(address);
    if (name.length === 0 && flags & AT_EMPTY_PATH)
      return dirfd === AT_FDCWD ? statPath(files.cwd, true) : files.stat(dirfd);
    const resolved = files.resolve(at(dirfd), name);
    return typeof resolved === 'number' ? resolved : statPath(resolved, (flags & AT_SYMLINK_NOFOLLOW) === 0);
  };
  const statPath = (p: string, follow: boolean): GuestStat | number => (fs ? fs.stat(p, follow) : -2);
  const put = (
    address: number,
    result: GuestStat | 'stream' | number,
    encode: (s: GuestStat | 'stream') => Uint8Array,
  ): number => {
    if (typeof result === 'number') return result;
    mem.write(address, encode(result));
    return 0;
  };
  const a0 = r[0]!;
  const a1 = r[1]! >>> 0;
  const a2 = r[2]! >>> 0;
  const a3 = r[3]! >>> 0;
  switch (nr) {
    case NR_read: {
      const bytes = files.read(a0, a2);
      if (typeof bytes === 'number') return bytes;
      mem.write(a1, bytes);
      return bytes.length;
    }
    case NR_write:
      if (!files.has(a0)) return -EBADF;
      return a2 === 0 ? 0 : files.write(a0, mem.read(a1, a2));
    case NR_readv:
    case NR_writev: {
      if (!files.has(a0)) return -EBADF;
      if (a2 > 1024) return -EINVAL;
      let total = 0;
      for (let i = 0; i < a2; i++) {
        const base = mem.word(a1 + i * 8);
        const length = mem.word(a1 + i * 8 + 4);
        if (length === 0) continue;
        if (nr === NR_writev) {
          const n = files.write(a0, mem.read(base, length));
          if (n < 0) return total > 0 ? total : n;
          total += n;
        } else {
          const bytes = files.read(a0, length);
          if (typeof bytes === 'number') return total > 0 ? total : bytes;
          mem.write(base, bytes);
          total += bytes.length;
          if (bytes.length < length) break;
        }
      }
      return total;
    }
    case NR_open:
    case NR_openat: {
      const [dirfd, p, flags, mode] = nr === NR_open ? [AT_FDCWD, r[0]! >>> 0, a1, a2] : [a0, a1, a2, a3];
      const resolved = path(dirfd, p);
      return typeof resolved === 'number' ? resolved : files.open(resolved, flags, mode);
    }
    case NR_close:
      return files.close(a0);
    case NR_lseek:
      return files.seek(a0, r[1]!, a2);
    case NR_llseek: {
      const offset = (a1 | 0) * 2 ** 32 + a2;
      const position = files.seek(a0, offset, r[4]! >>> 0);
      if (position < 0) return position;
      mem.write(a3, new StructWriter(8).u64(0, position).bytes);
      return 0;
    }
    case NR_fstat64:
      return put(a1, files.stat(a0), encodeStat64);
    case NR_stat64:
    case NR_lstat64:
      return put(a1, stat(AT_FDCWD, r[0]! >>> 0, nr === NR_lstat64 ? AT_SYMLINK_NOFOLLOW : 0), encodeStat64);
    case NR_fstatat64:
      return put(a2, stat(a0, a1, a3), encodeStat64);
    case NR_statx:
      return put(r[4]! >>> 0, stat(a0, a1, a2), encodeStatx);
    case NR_access:
    case NR_faccessat:
    case NR_faccessat2: {
      const st = nr === NR_access ? stat(AT_FDCWD, r[0]! >>> 0, 0) : stat(a0, a1, nr === NR_faccessat2 ? a3 : 0);
      return typeof st === 'number' ? st : 0;
    }
    case NR_readlink:
    case NR_readlinkat: {
      const [dirfd, p, buffer, size] = nr === NR_readlink ? [AT_FDCWD, r[0]! >>> 0, a1, a2] : [a0, a1, a2, a3];
      const name = mem.string(p);
      let target: string | number;
      if (name === '/proc/self/exe') target = c.user.options.executablePath ?? '/program';
      else {
        const resolved = files.resolve(at(dirfd), name);
        target = typeof resolved === 'number' ? resolved : fs ? fs.readlink(resolved) : -2;
      }
      if (typeof target === 'number') return target;
      const bytes = new TextEncoder().encode(target).subarray(0, size);
      mem.write(buffer, bytes);
      return bytes.length;
    }
    case NR_rename:
    case NR_renameat:
    case NR_renameat2: {
      const [fromDir, from, toDir, to] = nr === NR_rename ? [AT_FDCWD, r[0]! >>> 0, AT_FDCWD, a1] : [a0, a1, r[2]!, a3];
      if (nr === NR_renameat2 && r[4] !== 0) return -EINVAL;
      const a = path(fromDir, from);
      const b = path(toDir, to);
      if (typeof a === 'number') return a;
      if (typeof b === 'number') return b;
      return fs ? fs.rename(a, b) : -2;
    }
    case NR_unlink:
    case NR_unlinkat:
    case NR_rmdir: {
      const resolved = nr === NR_unlinkat ? path(a0, a1) : path(AT_FDCWD, r[0]! >>> 0);
      if (typeof resolved === 'number') return resolved;
      if (!fs) return -2;
      return nr === NR_rmdir || (nr === NR_unlinkat && a2 & AT_REMOVEDIR) ? fs.rmdir(resolved) : fs.unlink(resolved);
    }
    case NR_mkdir:
    case NR_mkdirat: {
      const resolved = nr === NR_mkdir ? path(AT_FDCWD, r[0]! >>> 0) : path(a0, a1);
      const mode = nr === NR_mkdir ? a1 : a2;
      if (typeof resolved === 'number') return resolved;
      return fs ? fs.mkdir(resolved, mode) : -2;
    }
    case NR_getcwd: {
      const bytes = new TextEncoder().encode(`${files.cwd}\0`);
      if (bytes.length > a1) return -ERANGE;
      mem.write(r[0]! >>> 0, bytes);
      return bytes.length;
    }
    case NR_ioctl:
      return files.has(a0) ? -ENOTTY : -EBADF;
    case NR_fcntl64:
      if (!files.has(a0)) return -EBADF;
      // F_GETFD 1, F_SETFD 2, F_GETFL 3: no close-on-exec to keep (no exec), flags read back as O_RDWR.
      return a1 === 1 || a1 === 2 ? 0 : a1 === 3 ? 2 : -EINVAL;
    default:
      return undefined;
  }
}
