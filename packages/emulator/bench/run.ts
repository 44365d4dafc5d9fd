/**
 * CPU-bound fixture programs (fixtures/programs/bin/bench-*.elf, and their -mthumb builds in
 * fixtures/programs-thumb/bin): emulated M instructions/s next to qemu-arm's wall time for the same program,
 * measured in the same run. `npm run bench` (never in tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ExecutionMode, Machine } from '../src/index.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const modes: ExecutionMode[] = process.argv.includes('--interpreter') ? ['interpreter', 'blocks'] : ['blocks'];

function qemuSeconds(path: string): number {
  const start = process.hrtime.bigint();
  spawnSync('qemu-arm', [path], { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** bench-*.elf of a fixture directory's bin/, as paths. */
function benchPrograms(dir: string): string[] {
  const bin = `${FIXTURES}${dir}/bin/`;
  return existsSync(bin)
    ? readdirSync(bin)
        .filter((f) => f.startsWith('bench-') && f.endsWith('.elf'))
        .sort()
        .map((f) => `${bin}${f}`)
    : [];
}

// The ARM builds (fixtures/programs) and the -mthumb builds of the same programs (fixtures/programs-thumb),
// side by side: each program then its Thumb build.
const arm = benchPrograms('programs');
const thumb = benchPrograms('programs-thumb');
const programs = arm.flatMap((path) => {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/-O2\.elf$/, '');
  return [path, ...thumb.filter((t) => t.includes(`/${name}-thumb-`))];
});
for (const t of thumb) if (!programs.includes(t)) programs.push(t);
if (programs.length === 0) {
  console.log(`no bench-*.elf programs in ${FIXTURES}programs/bin or programs-thumb/bin`);
  process.exit(0);
}
const probe = spawnSync('qemu-arm', ['--version']);
const qemuAvailable = !probe.error && probe.status === 0;
if (!qemuAvailable) console.log('qemu-arm not installed');

for (const path of programs) {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const bytes = new Uint8Array(readFileSync(path));
  let blockSeconds = 0;
  for (const execution of modes) {
    const machine = new Machine({ execution, onStdout: () => {} });
    machine.loadElf(bytes, { argv: [path] });
    const start = process.hrtime.bigint();
    const result = machine.run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (execution === 'blocks') blockSeconds = seconds;
    const mips = result.instructions / seconds / 1e6;
    console.log(
      `${file.padEnd(26)} ${execution.padEnd(11)} ${(result.instructions / 1e6).toFixed(1).padStart(7)} M insns  ` +
        `${seconds.toFixed(2).padStart(6)} s  ${mips.toFixed(1).padStart(6)} M insns/s  ` +
        `${(result.cycles / 1e6).toFixed(0)} M cycles  status ${result.status}`,
    );
  }
  const q = qemuAvailable ? qemuSeconds(path) : null;
  // Speed relative to qemu-arm: its wall time over ours (0.15× = we take 6.7 times as long).
  const ratio = q === null ? '' : `  → blocks at ${(q / blockSeconds).toFixed(2)}× qemu-arm's speed`;
  console.log(
    `${file.padEnd(26)} qemu-arm    ${q === null ? 'qemu-arm not installed' : `${q.toFixed(2)} s wall (same program)${ratio}`}`,
  );
}
