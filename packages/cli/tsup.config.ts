import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/armprobe.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
