import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostDirectoryFileSystem } from '../src/commands/host-file-system.js';

const base = mkdtempSync(join(tmpdir(), 'armprobe-root-'));
const root = join(base, 'root');
const outside = join(base, 'outside');
mkdirSync(join(root, 'dir'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(outside, 'secret'), 'secret');
writeFileSync(join(root, 'dir', 'inside'), 'inside');
symlinkSync('../../outside/secret', join(root, 'up-link')); // climbs out of the root
symlinkSync(join(outside, 'secret'), join(root, 'abs-link')); // absolute host path: read as root-relative
symlinkSync('../outside', join(root, 'dir-link'));
symlinkSync('dir/inside', join(root, 'good-link'));
symlinkSync('/dir/inside', join(root, 'rooted-link'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const READ = { read: true, write: false, create: false, exclusive: false, truncate: false, directory: false, mode: 0 };
const CREATE = { ...READ, read: false, write: true, create: true };
const ENOENT = -2;
const EACCES = -13;

describe('HostDirectoryFileSystem: the guest cannot leave --root', () => {
  const fs = new HostDirectoryFileSystem(root);
  const text = (h: ReturnType<typeof fs.open>): string => {
    if (typeof h === 'number') return `errno ${h}`;
    const bytes = h.read(0, 100);
    h.close();
    return typeof bytes === 'number' ? `errno ${bytes}` : new TextDecoder().decode(bytes);
  };

  it('reads files inside the root, links inside it included', () => {
    expect(text(fs.open('/dir/inside', READ))).toBe('inside');
    expect(text(fs.open('/good-link', READ))).toBe('inside');
    expect(text(fs.open('/rooted-link', READ))).toBe('inside');
  });

  it('absolute host paths are guest paths under the root', () => {
    expect(fs.open(join(outside, 'secret'), READ)).toBe(ENOENT);
    expect(fs.stat('/etc/passwd', true)).toBe(ENOENT);
  });

  it('a link climbing above the root is refused (EACCES), a link to an absolute host path resolves inside (ENOENT)', () => {
    expect(fs.open('/up-link', READ)).toBe(EACCES);
    expect(fs.stat('/up-link', true)).toBe(EACCES);
    expect(fs.open('/dir-link/secret', READ)).toBe(EACCES);
    expect(fs.open('/abs-link', READ)).toBe(ENOENT);
  });

  it('nothing is created, renamed or removed through an escaping link', () => {
    expect(fs.open('/dir-link/new', CREATE)).toBe(EACCES);
    expect(fs.mkdir('/dir-link/made', 0o755)).toBe(EACCES);
    expect(fs.rename('/dir/inside', '/dir-link/moved')).toBe(EACCES);
    expect(fs.unlink('/dir-link/secret')).toBe(EACCES);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('secret');
    // Removing the link itself is allowed: it lives inside the root; its target is untouched.
    expect(fs.unlink('/up-link')).toBe(0);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('secret');
  });

  it('writes what the guest writes, inside the root', () => {
    const h = fs.open('/dir/new.txt', CREATE);
    if (typeof h === 'number') throw new Error(`open failed: ${h}`);
    expect(h.write(0, new TextEncoder().encode('made'))).toBe(4);
    h.close();
    expect(readFileSync(join(root, 'dir', 'new.txt'), 'utf8')).toBe('made');
    expect(fs.readlink('/good-link')).toBe('dir/inside');
  });
});
