#!/usr/bin/env node
// The `armprobe` command. npm links a package's bin only if the file exists at install time, and dist/ is
// built after `npm install` in a clone of the repository, so the link points here and this loads the build.
// CommonJS, like dist/armprobe.cjs: an ES module here would start Node's module loader (memory every
// command pays, see src/armprobe.ts).
const { join } = require('node:path');

const entry = join(__dirname, '../dist/armprobe.cjs');
try {
  require.resolve(entry);
} catch {
  process.stderr.write('armprobe: not built yet: run `npm run build` (or `npm start`) in the repository first\n');
  process.exit(1);
}
require(entry);
