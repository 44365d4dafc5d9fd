/**
 * The guest's `/` backed by one host directory (`--root DIR`): every guest path is resolved component by
 * component under the root's real path, symbolic links included (an absolute target starts at the root, a
 * target climbing above the root is refused with EACCES), and the final open uses O_NOFOLLOW on the resolved
 * path, so nothing outside the directory is read or written.
 */
import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmdirSync,
  type Stats,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { GuestFileHandle, GuestFileSystem, GuestStat, OpenRequest } from '@armprobe/emulator';

const ERRNO: Readonly<Record<string, number>> = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  EBADF: 9,
  EACCES: 13,
  EEXIST: 17,
  EXDEV: 18,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENOSPC: 28,
  ENAMETOOLONG: 36,
  ENOTEMPTY: 39,
  ELOOP: 40,
};

function errno(error: unknown): number {
  const code = (error as NodeJS.ErrnoException).code;
  return -(code !== undefined ? (ERRNO[code] ?? 5) : 5);
}

function guard<T>(fn: () => T): T | number {
  try {
    return fn();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    return errno(error);
  }
}

function statOf(s: Stats): GuestStat {
  const type = s.isDirectory() ? 'directory' : s.isSymbolicLink() ? 'symlink' : 'file';
  return {
    type,
    size: s.size,
    mode: s.mode & 0o7777,
    ino: s.ino % 2 ** 32,
    mtimeSeconds: Math.floor(s.mtimeMs / 1000),
  };
}

export class HostDirectoryFileSystem implements GuestFileSystem {
  /** The root's real path. */
  readonly root: string;

  constructor(directory: string) {
    this.root = realpathSync(directory);
  }

  /**
   * The host path of a normalised guest path, every symbolic link on the way resolved inside the root
   * (the last one only with `followLast`); a missing last component is allowed (creation), a missing
   * directory is ENOENT.
   */
  resolve(path: string, followLast: boolean): string | number {
    const pending = path.split('/').filter((c) => c.length > 0);
    const resolved: string[] = [];
    let links = 0;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === '.') continue;
      if (part === '..') {
        // Only link targets bring '..' here (guest paths arrive normalised): climbing above the root escapes.
        if (resolved.length === 0) return -13;
        resolved.pop();
        continue;
      }
      const host = join(this.root, ...resolved, part);
      let stats: Stats;
      try {
        stats = lstatSync(host);
      } catch (error) {
        const code = errno(error);
        if (code === -2 && pending.length === 0) return host;
        return code;
      }
      const last = pending.length === 0;
      if (stats.isSymbolicLink() && (!last || followLast)) {
        if (++links > 40) return -40;
        const target = readlinkSync(host);
        if (target.startsWith('/')) resolved.length = 0;
        pending.unshift(...target.split('/').filter((c) => c.length > 0));
        continue;
      }
      if (!last && !stats.isDirectory()) return -20;
      resolved.push(part);
    }
    return join(this.root, ...resolved);
  }

  open(path: string, request: OpenRequest): GuestFileHandle | number {
    const host = this.resolve(path, true);
    if (typeof host === 'number') return host;
    let flags =
      request.read && request.write ? constants.O_RDWR : request.write ? constants.O_WRONLY : constants.O_RDONLY;
    if (request.create) flags |= constants.O_CREAT;
    if (request.exclusive) flags |= constants.O_EXCL;
    if (request.truncate) flags |= constants.O_TRUNC;
    if (request.directory) flags |= constants.O_DIRECTORY;
    flags |= constants.O_NOFOLLOW;
    const fd = guard(() => openSync(host, flags, request.mode & 0o777));
    if (typeof fd === 'number' && fd < 0) return fd;
    const handle = fd as number;
    return {
      read: (position, length) =>
        guard(() => {
          const buffer = new Uint8Array(length);
          const n = readSync(handle, buffer, 0, length, position);
          return buffer.subarray(0, n);
        }),
      write: (position, bytes) => guard(() => writeSync(handle, bytes, 0, bytes.length, position)),
      stat: () => guard(() => statOf(fstatSync(handle))),
      truncate: (length) =>
        guard(() => {
          ftruncateSync(handle, length);
          return 0;
        }),
      close: () => closeSync(handle),
    };
  }

  stat(path: string, follow: boolean): GuestStat | number {
    const host = this.resolve(path, follow);
    return typeof host === 'number' ? host : guard(() => statOf(lstatSync(host)));
  }

  readlink(path: string): string | number {
    const host = this.resolve(path, false);
    return typeof host === 'number' ? host : guard(() => readlinkSync(host));
  }

  rename(from: string, to: string): number {
    const a = this.resolve(from, false);
    const b = this.resolve(to, false);
    if (typeof a === 'number') return a;
    if (typeof b === 'number') return b;
    return guard(() => {
      renameSync(a, b);
      return 0;
    });
  }

  unlink(path: string): number {
    const host = this.resolve(path, false);
    return typeof host === 'number'
      ? host
      : guard(() => {
          unlinkSync(host);
          return 0;
        });
  }

  rmdir(path: string): number {
    const host = this.resolve(path, false);
    if (typeof host === 'number') return host;
    if (host === this.root) return -16;
    return guard(() => {
      rmdirSync(host);
      return 0;
    });
  }

  mkdir(path: string, mode: number): number {
    const host = this.resolve(path, false);
    return typeof host === 'number'
      ? host
      : guard(() => {
          mkdirSync(host, { mode: mode & 0o777 });
          return 0;
        });
  }
}
