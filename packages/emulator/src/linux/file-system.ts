/**
 * The host side of the Linux personality's files: an interface the CLI backs with a host directory
 * (confined to it) and tests or a browser back in memory. Paths given to it are absolute guest paths,
 * already normalised by the personality ('/a/b', no '.', '..' or empty components); symbolic links are the
 * implementation's to resolve, never outside its root. Failures are negative errno values.
 */
import { EEXIST, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY } from './syscalls.js';

export type GuestFileType = 'file' | 'directory' | 'symlink';

export interface GuestStat {
  readonly type: GuestFileType;
  readonly size: number;
  /** Permission bits (0o777 part). */
  readonly mode: number;
  readonly ino: number;
  readonly mtimeSeconds: number;
}

/** An open file of the host file system. */
export interface GuestFileHandle {
  read(position: number, length: number): Uint8Array | number;
  write(position: number, bytes: Uint8Array): number;
  stat(): GuestStat | number;
  truncate(length: number): number;
  close(): void;
}

export interface OpenRequest {
  readonly read: boolean;
  readonly write: boolean;
  readonly create: boolean;
  readonly exclusive: boolean;
  readonly truncate: boolean;
  readonly directory: boolean;
  readonly mode: number;
}

export interface GuestFileSystem {
  open(path: string, request: OpenRequest): GuestFileHandle | number;
  /** `follow`: resolve a final symbolic link (stat) or not (lstat). */
  stat(path: string, follow: boolean): GuestStat | number;
  readlink(path: string): string | number;
  rename(from: string, to: string): number;
  unlink(path: string): number;
  rmdir(path: string): number;
  mkdir(path: string, mode: number): number;
}

/** Splits a normalised absolute guest path into components. */
export function pathComponents(path: string): string[] {
  return path.split('/').filter((c) => c.length > 0);
}

interface MemoryNode {
  readonly ino: number;
  type: GuestFileType;
  mode: number;
  data: Uint8Array;
  size: number;
  target: string;
  readonly children: Map<string, MemoryNode>;
}

/**
 * An in-memory file system (tests, browsers): directories, files and symbolic links, whose links resolve
 * inside it only ('..' stops at its root, absolute targets start at its root).
 */
export class MemoryFileSystem implements GuestFileSystem {
  private nextIno = 2;
  private readonly root: MemoryNode = this.node('directory', 0o755);

  /** Creates (or replaces) a file with `content`, making its directories. */
  writeFile(path: string, content: Uint8Array | string): void {
    const parts = pathComponents(path);
    const name = parts.pop();
    if (name === undefined) throw new Error('writeFile needs a file name');
    let dir = this.root;
    for (const part of parts) {
      let next = dir.children.get(part);
      if (!next) {
        next = this.node('directory', 0o755);
        dir.children.set(part, next);
      }
      dir = next;
    }
    const file = this.node('file', 0o644);
    file.data = typeof content === 'string' ? new TextEncoder().encode(content) : content.slice();
    file.size = file.data.length;
    dir.children.set(name, file);
  }

  /** Creates a symbolic link at `path` pointing at `target` (its directory must exist). */
  symlink(target: string, path: string): void {
    const parent = this.parentOf(path);
    if (typeof parent === 'number') throw new Error(`symlink: no directory for ${path}`);
    const link = this.node('symlink', 0o777);
    link.target = target;
    parent.dir.children.set(parent.name, link);
  }

  /** A file's content, or null (tests read what the guest wrote). */
  readFile(path: string): Uint8Array | null {
    const node = this.lookup(path, true);
    return typeof node === 'number' || node.type !== 'file' ? null : node.data.slice(0, node.size);
  }

  open(path: string, request: OpenRequest): GuestFileHandle | number {
    let node = this.lookup(path, true);
    if (node === -ENOENT && request.create) {
      const parent = this.parentOf(path);
      if (typeof parent === 'number') return parent;
      node = this.node('file', request.mode & 0o777);
      parent.dir.children.set(parent.name, node);
    } else if (typeof node !== 'number' && request.create && request.exclusive) return -EEXIST;
    if (typeof node === 'number') return node;
    if (node.type === 'directory' && request.write) return -EISDIR;
    if (node.type !== 'directory' && request.directory) return -ENOTDIR;
    const file = node;
    if (request.truncate && request.write && file.type === 'file') file.size = 0;
    return {
      read: (position, length) => {
        if (file.type === 'directory') return -EISDIR;
        const end = Math.min(file.size, position + length);
        return position >= end ? new Uint8Array(0) : file.data.slice(position, end);
      },
      write: (position, bytes) => {
        const end = position + bytes.length;
        if (end > file.data.length) {
          const grown = new Uint8Array(Math.max(end, file.data.length * 2));
          grown.set(file.data.subarray(0, file.size));
          file.data = grown;
        }
        if (position > file.size) file.data.fill(0, file.size, position);
        file.data.set(bytes, position);
        file.size = Math.max(file.size, end);
        return bytes.length;
      },
      stat: () => this.statOf(file),
      truncate: (length) => {
        if (length > file.data.length) {
          const grown = new Uint8Array(length);
          grown.set(file.data.subarray(0, file.size));
          file.data = grown;
        } else if (length > file.size) file.data.fill(0, file.size, length);
        file.size = length;
        return 0;
      },
      close: () => {},
    };
  }

  stat(path: string, follow: boolean): GuestStat | number {
    const node = this.lookup(path, follow);
    return typeof node === 'number' ? node : this.statOf(node);
  }

  readlink(path: string): string | number {
    const node = this.lookup(path, false);
    if (typeof node === 'number') return node;
    return node.type === 'symlink' ? node.target : -22;
  }

  rename(from: string, to: string): number {
    const a = this.parentOf(from);
    const b = this.parentOf(to);
    if (typeof a === 'number') return a;
    if (typeof b === 'number') return b;
    const node = a.dir.children.get(a.name);
    if (!node) return -ENOENT;
    const existing = b.dir.children.get(b.name);
    if (existing?.type === 'directory' && node.type !== 'directory') return -EISDIR;
    if (existing?.type === 'directory' && existing.children.size > 0) return -ENOTEMPTY;
    a.dir.children.delete(a.name);
    b.dir.children.set(b.name, node);
    return 0;
  }

  unlink(path: string): number {
    const p = this.parentOf(path);
    if (typeof p === 'number') return p;
    const node = p.dir.children.get(p.name);
    if (!node) return -ENOENT;
    if (node.type === 'directory') return -EISDIR;
    p.dir.children.delete(p.name);
    return 0;
  }

  rmdir(path: string): number {
    const p = this.parentOf(path);
    if (typeof p === 'number') return p;
    const node = p.dir.children.get(p.name);
    if (!node) return -ENOENT;
    if (node.type !== 'directory') return -ENOTDIR;
    if (node.children.size > 0) return -ENOTEMPTY;
    p.dir.children.delete(p.name);
    return 0;
  }

  mkdir(path: string, mode: number): number {
    const p = this.parentOf(path);
    if (typeof p === 'number') return p;
    if (p.dir.children.has(p.name)) return -EEXIST;
    p.dir.children.set(p.name, this.node('directory', mode & 0o777));
    return 0;
  }

  private node(type: GuestFileType, mode: number): MemoryNode {
    return { ino: this.nextIno++, type, mode, data: new Uint8Array(0), size: 0, target: '', children: new Map() };
  }

  private statOf(node: MemoryNode): GuestStat {
    const size = node.type === 'symlink' ? node.target.length : node.type === 'directory' ? 4096 : node.size;
    return { type: node.type, size, mode: node.mode, ino: node.ino, mtimeSeconds: 0 };
  }

  /** The directory holding the last component of `path` (resolved, links followed) and that name. */
  private parentOf(path: string): { dir: MemoryNode; name: string } | number {
    const parts = pathComponents(path);
    const name = parts.pop();
    if (name === undefined) return -EEXIST;
    const dir = this.walk(this.root, parts, 0);
    if (typeof dir === 'number') return dir;
    return dir.type === 'directory' ? { dir, name } : -ENOTDIR;
  }

  private lookup(path: string, follow: boolean): MemoryNode | number {
    const parts = pathComponents(path);
    const name = parts.pop();
    if (name === undefined) return this.root;
    const dir = this.walk(this.root, parts, 0);
    if (typeof dir === 'number') return dir;
    if (dir.type !== 'directory') return -ENOTDIR;
    const node = dir.children.get(name);
    if (!node) return -ENOENT;
    if (node.type === 'symlink' && follow) return this.follow(parts, node, 0);
    return node;
  }

  /** Resolves `parts` from the root, following links (at most 40). */
  private walk(start: MemoryNode, parts: readonly string[], depth: number): MemoryNode | number {
    let node = start;
    const seen: string[] = [];
    for (const part of parts) {
      if (node.type !== 'directory') return -ENOTDIR;
      const next = node.children.get(part);
      if (!next) return -ENOENT;
      if (next.type === 'symlink') {
        const resolved = this.follow(seen, next, depth);
        if (typeof resolved === 'number') return resolved;
        node = resolved;
      } else node = next;
      seen.push(part);
    }
    return node;
  }

  private follow(base: readonly string[], link: MemoryNode, depth: number): MemoryNode | number {
    if (depth >= 40) return -40;
    const parts = link.target.startsWith('/') ? [] : [...base];
    for (const c of link.target.split('/')) {
      if (c === '' || c === '.') continue;
      if (c === '..') parts.pop();
      else parts.push(c);
    }
    const name = parts.pop();
    if (name === undefined) return this.root;
    const dir = this.walk(this.root, parts, depth + 1);
    if (typeof dir === 'number') return dir;
    const node = dir.type === 'directory' ? dir.children.get(name) : undefined;
    if (!node) return -ENOENT;
    return node.type === 'symlink' ? this.follow(parts, node, depth + 1) : node;
  }
}
