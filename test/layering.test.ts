import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CORE = ['decoder', 'emulator', 'patcher', 'optprobe', 'kprobes', 'explore'];
/** What each package may import, from DESIGN.md: layers only point down. */
const ALLOWED: Record<string, string[]> = {
  decoder: [],
  emulator: ['decoder'],
  patcher: ['decoder'],
  optprobe: ['decoder'],
  kprobes: ['decoder', 'emulator', 'patcher', 'optprobe'],
  explore: ['decoder', 'emulator', 'patcher', 'optprobe', 'kprobes'],
  cli: ['decoder', 'emulator', 'patcher', 'optprobe', 'kprobes', 'explore'],
};

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.ts$/.test(entry)) out.push(path);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('package layering', () => {
  for (const [pkg, allowed] of Object.entries(ALLOWED)) {
    it(`${pkg} imports only packages below it`, () => {
      const bad: string[] = [];
      for (const file of sources(join(ROOT, 'packages', pkg, 'src'))) {
        for (const spec of imports(file)) {
          const m = /^@armprobe\/([^/]+)/.exec(spec);
          if (m && !allowed.includes(m[1]!)) bad.push(`${file}: ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });

    it(`${pkg} declares exactly the internal dependencies it may use`, () => {
      const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', pkg, 'package.json'), 'utf8'));
      const deps = Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@armprobe/'));
      for (const d of deps) expect(allowed).toContain(d.slice('@armprobe/'.length));
    });
  }

  for (const pkg of CORE) {
    it(`${pkg} (core) uses no node: modules in src`, () => {
      const bad = sources(join(ROOT, 'packages', pkg, 'src')).flatMap((file) =>
        imports(file)
          .filter((spec) => spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'url'].includes(spec))
          .map((spec) => `${file}: ${spec}`),
      );
      expect(bad).toEqual([]);
    });
  }
});

describe('package shape', () => {
  for (const pkg of Object.keys(ALLOWED)) {
    it(`@armprobe/${pkg} is a publishable ESM package with types first`, () => {
      const m = JSON.parse(readFileSync(join(ROOT, 'packages', pkg, 'package.json'), 'utf8'));
      expect(m.name).toBe(`@armprobe/${pkg}`);
      expect(m.type).toBe('module');
      expect(m.sideEffects).toBe(false);
      expect(Object.keys(m.exports['.'])[0]).toBe('types');
      expect(m.files).toContain('dist');
      expect(m.engines.node).toBe('>=20.19');
      expect(m.publishConfig.access).toBe('public');
      for (const [dep, version] of Object.entries<string>(m.dependencies ?? {})) {
        if (dep.startsWith('@armprobe/')) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      }
    });
  }
});
