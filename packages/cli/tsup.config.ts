import { copyFileSync, mkdirSync } from 'node:fs';
import { build, defineConfig } from 'tsup';

/** The demo's workload: the fixture script builds it from fixtures/programs/src/demo-workload.c. */
const WORKLOAD = '../../fixtures/programs/bin/demo-workload-O2.elf';

export default defineConfig({
  // The explore worker is its own entry: piscina loads it by file name (dist/explore-worker.js). `main` is
  // one too: the `armprobe` entry (CommonJS, below) imports it by file name (dist/main.js).
  entry: { index: 'src/index.ts', main: 'src/main.ts', 'explore-worker': 'src/commands/explore/worker.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  onSuccess: async () => {
    // Shipped next to the code so `armprobe demo` works from an installed package too.
    mkdirSync('dist', { recursive: true });
    copyFileSync(WORKLOAD, 'dist/demo-workload.elf');
    // One CommonJS script each (their own builds: not ES modules, not split into chunks).
    const commonJs = {
      config: false,
      format: ['cjs'],
      dts: false,
      sourcemap: true,
      clean: false,
      splitting: false,
      silent: true,
      target: 'node20',
      platform: 'node',
    } as const;
    // `armprobe disasm` as one minified CommonJS script with what it uses of the workspace packages
    // (src/disasm-lean.ts; loaded by src/armprobe.ts). Its source map maps stack traces back
    // (node --enable-source-maps).
    await build({
      ...commonJs,
      entry: { 'disasm-lean': 'src/disasm-lean.ts' },
      noExternal: [/^@armprobe\//],
      minify: true,
      // The workspace packages from their sources, a module per file: their published builds are one module
      // each, whose top-level statements (tables built at load, the emulator's AES S-box) would all come along
      // for the two error helpers the listing takes from the emulator; per file, the ones unused are left out
      // (the packages declare "sideEffects": false).
      esbuildOptions: (options) => {
        options.alias = {
          '@armprobe/decoder': '../decoder/src/index.ts',
          '@armprobe/emulator': '../emulator/src/index.ts',
        };
      },
    });
    // The `armprobe` command (bin/armprobe.cjs loads it): CommonJS, so a listing never starts Node's ES module
    // loader (src/armprobe.ts says why). It loads the two above by file name at run time, not bundled.
    await build({ ...commonJs, entry: { armprobe: 'src/armprobe.ts' }, external: ['./disasm-lean.cjs', './main.js'] });
  },
});
