import { copyFileSync, mkdirSync } from 'node:fs';
import { defineConfig } from 'tsup';

/** The demo's workload: the fixture script builds it from fixtures/programs/src/demo-workload.c. */
const WORKLOAD = '../../fixtures/programs/bin/demo-workload-O2.elf';

export default defineConfig({
  // The explore worker is its own entry: piscina loads it by file name (dist/explore-worker.js).
  entry: { index: 'src/index.ts', armprobe: 'src/armprobe.ts', 'explore-worker': 'src/commands/explore/worker.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // Shipped next to the code so `armprobe demo` works from an installed package too.
  onSuccess: async () => {
    mkdirSync('dist', { recursive: true });
    copyFileSync(WORKLOAD, 'dist/demo-workload.elf');
  },
});
