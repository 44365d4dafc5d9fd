/** The process's open files: fds 0–2 on the host streams, others on the GuestFileSystem. */
import type { GuestFileHandle, GuestFileSystem, GuestStat, OpenRequest } from './file-system.js';
import { EBADF, EINVAL, EMFILE, ENAMETOOLONG, ENOENT, ESPIPE } from './syscalls.js';

export const O_ACCMODE = 3;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_DIRECTORY = 0o40000;
export const AT_FDCWD = -100;

export interface StreamSinks {
  readonly stdout?: (bytes: Uint8Array) => void;
  readonly stderr?: (bytes: Uint8Array) => void;
  /** Reads up to `length` bytes of stdin (empty: end of file). */
  readonly stdin?: (length: number) => Uint8Array;
}

type OpenFile =
  | { readonly kind: 'stream'; readonly fd: 0 | 1 | 2 }
  | {
      readonly kind: 'file';
      readonly handle: GuestFileHandle;
      readonly path: string;
      position: number;
      readonly append: boolean;
      readonly readable: boolean;
      readonly writable: boolean;
    };

/**
 * Normalises a guest path against `cwd`: absolute, no '.', '..' resolved lexically ('..' at '/' stays '/'),
 * as the personality hands paths to the file system (which resolves links inside its root).
 */
export function normalizeGuestPath(cwd: string, path: string): string {
  const parts = path.startsWith('/') ? [] : cwd.split('/').filter(Boolean);
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') parts.pop();
    else parts.push(c);
  }
  return `/${parts.join('/')}`;
}

export class FileTable {
  cwd = '/';
  private readonly files = new Map<number, OpenFile>([
    [0, { kind: 'stream', fd: 0 }],
    [1, { kind: 'stream', fd: 1 }],
    [2, { kind: 'stream', fd: 2 }],
  ]);

  constructor(
    readonly fs: GuestFileSystem | null,
    private readonly sinks: StreamSinks,
  ) {}

  /** The absolute path of `path` relative to `dirfd` (AT_FDCWD or an open directory), or -errno. */
  resolve(dirfd: number, path: string): string | number {
    if (path.length === 0) return -ENOENT;
    if (path.length >= 4096) return -ENAMETOOLONG;
    if (path.startsWith('/') || dirfd === AT_FDCWD) return normalizeGuestPath(this.cwd, path);
    const dir = this.files.get(dirfd);
    if (!dir) return -EBADF;
    if (dir.kind !== 'file') return -20;
    return normalizeGuestPath(dir.path, path);
  }

  open(path: string, flags: number, mode: number): number {
    if (!this.fs) return -ENOENT;
    const access = flags & O_ACCMODE;
    const request: OpenRequest = {
      read: access === 0 || access === 2,
      write: access === 1 || access === 2,
      create: (flags & O_CREAT) !== 0,
      exclusive: (flags & O_EXCL) !== 0,
      truncate: (flags & O_TRUNC) !== 0,
      directory: (flags & O_DIRECTORY) !== 0,
      mode,
    };
    const handle = this.fs.open(path, request);
    if (typeof handle === 'number') return handle;
    let fd = 3;
    while (this.files.has(fd)) fd++;
    if (fd >= 1024) {
      handle.close();
      return -EMFILE;
    }
    this.files.set(fd, {
      kind: 'file',
      handle,
      path,
      position: 0,
      append: (flags & O_APPEND) !== 0,
      readable: request.read,
      writable: request.write,
    });
    return fd;
  }

  close(fd: number): number {
    const file = this.files.get(fd);
    if (!file) return -EBADF;
    this.files.delete(fd);
    if (file.kind === 'file') file.handle.close();
    return 0;
  }

  read(fd: number, length: number): Uint8Array | number {
    const file = this.files.get(fd);
    if (!file) return -EBADF;
    if (file.kind === 'stream') return file.fd === 0 ? (this.sinks.stdin?.(length) ?? new Uint8Array(0)) : -EBADF;
    if (!file.readable) return -EBADF;
    const bytes = file.handle.read(file.position, length);
    if (typeof bytes !== 'number') file.position += bytes.length;
    return bytes;
  }

  write(fd: number, bytes: Uint8Array): number {
    const file = this.files.get(fd);
    if (!file) return -EBADF;
    if (file.kind === 'stream') {
      const sink = file.fd === 1 ? this.sinks.stdout : file.fd === 2 ? this.sinks.stderr : undefined;
      if (file.fd === 0) return -EBADF;
      sink?.(bytes);
      return bytes.length;
    }
    if (!file.writable) return -EBADF;
    if (file.append) {
      const st = file.handle.stat();
      if (typeof st === 'number') return st;
      file.position = st.size;
    }
    const n = file.handle.write(file.position, bytes);
    if (n > 0) file.position += n;
    return n;
  }

  /** lseek / _llseek; returns the new position or -errno. */
  seek(fd: number, offset: number, whence: number): number {
    const file = this.files.get(fd);
    if (!file) return -EBADF;
    if (file.kind === 'stream') return -ESPIPE;
    let base: number;
    if (whence === 0) base = 0;
    else if (whence === 1) base = file.position;
    else if (whence === 2) {
      const st = file.handle.stat();
      if (typeof st === 'number') return st;
      base = st.size;
    } else return -EINVAL;
    if (base + offset < 0) return -EINVAL;
    file.position = base + offset;
    return file.position;
  }

  /** fstat of an fd: a stream is a FIFO (what a pipe gives qemu-arm in the fixtures). */
  stat(fd: number): GuestStat | 'stream' | number {
    const file = this.files.get(fd);
    if (!file) return -EBADF;
    if (file.kind === 'stream') return 'stream';
    return file.handle.stat();
  }

  has(fd: number): boolean {
    return this.files.has(fd);
  }

  /** The file's whole content from offset (file-backed mmap). */
  contents(fd: number, offset: number, length: number): Uint8Array | number {
    const file = this.files.get(fd);
    if (file?.kind !== 'file') return -EBADF;
    return file.handle.read(offset, length);
  }
}
