/**
 * CPU-bound fixture programs (fixtures/programs/bin/bench-*.elf): emulated M instructions/s next to
 * qemu-arm's wall time for the same program, measured in the same run. `npm run bench` (never in tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ExecutionMode, Machine } from '../src/index.js';

const BIN = fileURLToPath(new URL('../../../fixtures/programs/bin/', import.meta.url));
const modes: ExecutionMode[] = process.argv.includes('--interpreter') ? ['interpreter', 'blocks'] : ['blocks'];

function qemuSeconds(path: string): number {
  const start = process.hrtime.bigint();
  spawnSync('qemu-arm', [path], { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const programs = existsSync(BIN)
  ? readdirSync(BIN)
      .filter((f) => f.startsWith('bench-') && f.endsWith('.elf'))
      .sort()
  : [];
if (programs.length === 0) {
  console.log(`no bench-*.elf programs in ${BIN}`);
  process.exit(0);
}
const probe = spawnSync('qemu-arm', ['--version']);
const qemuAvailable = !probe.error && probe.status === 0;
if (!qemuAvailable) console.log('qemu-arm not installed');

for (const file of programs) {
  const path = `${BIN}${file}`;
  const bytes = new Uint8Array(readFileSync(path));
  for (const execution of modes) {
    const machine = new Machine({ execution, onStdout: () => {} });
    machine.loadElf(bytes, { argv: [path] });
    const start = process.hrtime.bigint();
    const result = machine.run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const mips = result.instructions / seconds / 1e6;
    console.log(
      `${file.padEnd(22)} ${execution.padEnd(11)} ${(result.instructions / 1e6).toFixed(1).padStart(7)} M insns  ` +
        `${seconds.toFixed(2).padStart(6)} s  ${mips.toFixed(1).padStart(6)} M insns/s  ` +
        `${(result.cycles / 1e6).toFixed(0)} M cycles  status ${result.status}`,
    );
  }
  const q = qemuAvailable ? qemuSeconds(path) : null;
  const insns = q === null ? '' : ` (same program)`;
  console.log(
    `${file.padEnd(22)} qemu-arm    ${q === null ? 'qemu-arm not installed' : `${q.toFixed(2)} s wall${insns}`}`,
  );
}
