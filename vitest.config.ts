import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packages = ['decoder', 'emulator', 'patcher', 'optprobe', 'kprobes', 'explore', 'cli'] as const;

// Tests import sibling packages by name; point those names at the sources so a test
// exercises the code as written (the CLI tests additionally spawn the built binary).
const alias = Object.fromEntries(
  packages.map((name) => [
    `@armprobe/${name}`,
    fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url)),
  ]),
);

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      // Repository-wide invariants (layering, package shape).
      { resolve: { alias }, test: { name: 'repo', root: '.', include: ['test/**/*.test.ts'] } },
      ...packages.map((name) => ({
        resolve: { alias },
        test: {
          name,
          root: `packages/${name}`,
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      })),
    ],
  },
});
