#!/usr/bin/env node
// The `armprobe` command. npm links a package's bin only if the file exists at install time, and dist/ is
// built after `npm install` in a clone of the repository, so the link points here and this loads the build.
try {
  await import('../dist/armprobe.js');
} catch (error) {
  const missing =
    error instanceof Error &&
    'code' in error &&
    error.code === 'ERR_MODULE_NOT_FOUND' &&
    error.message.includes('/dist/armprobe.js');
  if (!missing) throw error;
  process.stderr.write('armprobe: not built yet: run `npm run build` (or `npm start`) in the repository first\n');
  process.exitCode = 1;
}
