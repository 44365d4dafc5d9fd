/**
 * Static glibc programs (fixtures/glibc-programs, both instruction sets, and the longer glibc workload of
 * fixtures/glibc-bench): emulated instructions, wall time and instructions/s of armprobe — in this process (a
 * fresh Machine: ELF load + run) and as a whole `armprobe run` process (node start-up included) — next to
 * qemu-arm's wall time for the same program and arguments, all measured in the same run, interleaved, each
 * `--repeat N` times (default 3; the best and the median are printed). The guest's stdout, stderr and status
 * are checked against qemu-arm's (the manifests) on every run. `npm run bench` (never in tests).
 *
 *   tsx bench/glibc.ts [--repeat N] [--only NAME]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { constants, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Machine, MemoryFileSystem } from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PROGRAMS = join(ROOT, 'fixtures/glibc-programs');
const WORKLOAD = join(ROOT, 'fixtures/glibc-bench');
const CLI = join(ROOT, 'packages/cli/dist/armprobe.cjs');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const repeat = Number(option('--repeat') ?? 3);
if (!Number.isInteger(repeat) || repeat < 1)
  throw new Error(`--repeat wants a positive integer, got ${option('--repeat')}`);
const only = option('--only');

interface Case {
  readonly name: string;
  readonly elf: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

function cases(): Case[] {
  const list: Case[] = [];
  const programs = JSON.parse(readFileSync(join(PROGRAMS, 'manifest.json'), 'utf8')) as {
    args: string[];
    env: Record<string, string>;
    programs: { name: string; elf: string; stdout: string; stderr: string; status: number }[];
  };
  for (const p of programs.programs)
    list.push({ ...p, elf: join(PROGRAMS, p.elf), args: programs.args, env: programs.env });
  const workload = JSON.parse(readFileSync(join(WORKLOAD, 'manifest.json'), 'utf8')) as {
    programs: {
      name: string;
      elf: string;
      runs: { args: string[]; stdout: string; stderr: string; status: number }[];
    }[];
  };
  for (const p of workload.programs)
    for (const run of p.runs)
      list.push({ ...run, name: `${p.name} ${run.args.join(' ')}`, elf: join(WORKLOAD, p.elf), env: {} });
  return only === undefined ? list : list.filter((c) => c.name.includes(only));
}

/** qemu-arm prints its own fatal-signal line with its name; armprobe prints the same line with its own. */
function asArmprobe(stderr: string): string {
  return stderr.replace(/^qemu: (uncaught target signal \d+ \([A-Za-z/ ]+\) - core dumped)$/m, 'armprobe: $1');
}

interface InProcess {
  readonly seconds: number;
  readonly instructions: number;
  readonly decodes: number;
  readonly compiles: number;
  readonly ok: boolean;
}

/** A fresh Machine: load the ELF and run it to exit (the guest's / in memory, as the emulator test does). */
function inProcess(c: Case, bytes: Uint8Array): InProcess {
  const decoder = new TextDecoder('latin1');
  let stdout = '';
  let stderr = '';
  const start = process.hrtime.bigint();
  const machine = new Machine({
    fileSystem: new MemoryFileSystem(),
    onStdout: (b) => {
      stdout += decoder.decode(b);
    },
    onStderr: (b) => {
      stderr += decoder.decode(b);
    },
    onWarning: () => {},
  });
  machine.loadElf(bytes, {
    argv: [`/${c.name.split(' ')[0]}.elf`, ...c.args],
    envp: Object.entries(c.env).map(([k, v]) => `${k}=${v}`),
  });
  const result = machine.run({ maxInstructions: 2_000_000_000 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stats = machine.statistics();
  const ok =
    result.reason === 'exit' && result.status === c.status && stdout === c.stdout && stderr === asArmprobe(c.stderr);
  return { seconds, instructions: result.instructions, decodes: stats.decodes, compiles: stats.compiles, ok };
}

/** Wall seconds of a child process in an empty temporary directory, and whether it printed what qemu-arm printed. */
function spawnSeconds(
  command: string,
  args: string[],
  c: Case,
  env: NodeJS.ProcessEnv,
): { seconds: number; ok: boolean } {
  const cwd = mkdtempSync(join(tmpdir(), 'armprobe-glibc-bench-'));
  try {
    const start = process.hrtime.bigint();
    const run = spawnSync(command, args, { cwd, env, encoding: 'latin1' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    // qemu-arm re-raises a guest's fatal signal on itself: the manifest's status is then 128 + the signal.
    const status = run.status ?? 128 + (run.signal === null ? 0 : constants.signals[run.signal]);
    return { seconds, ok: run.stdout === c.stdout && status === c.status };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

function armprobeProcess(c: Case): { seconds: number; ok: boolean } {
  const env = Object.entries(c.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  return spawnSeconds(process.execPath, [CLI, 'run', c.elf, '--root', '.', ...env, '--', ...c.args], c, process.env);
}

function qemuProcess(c: Case): { seconds: number; ok: boolean } {
  return spawnSeconds('qemu-arm', [c.elf, ...c.args], c, { ...c.env });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const probe = spawnSync('qemu-arm', ['--version']);
const qemuAvailable = !probe.error && probe.status === 0;
const cliAvailable = existsSync(CLI);
console.log(
  `glibc bench: ${repeat} interleaved repetitions (best / median), load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} cores`,
);
if (!qemuAvailable) console.log('qemu-arm not installed: no qemu-arm column');
if (!cliAvailable) console.log(`${CLI} not built (npx turbo run build): no armprobe-process column`);
console.log(
  `${'program'.padEnd(22)} ${'M insns'.padStart(8)} ${'decodes'.padStart(7)} ${'blocks'.padStart(6)}  ` +
    `${'in-process ms'.padStart(15)} ${'M insns/s'.padStart(9)}  ${'process ms'.padStart(13)} ${'M insns/s'.padStart(9)}  ` +
    `${'qemu-arm ms'.padStart(11)}  ${'qemu/process'.padStart(12)}`,
);

let failures = 0;
for (const c of cases()) {
  const bytes = new Uint8Array(readFileSync(c.elf));
  const inside: InProcess[] = [];
  const outside: number[] = [];
  const qemu: number[] = [];
  let ok = true;
  for (let i = 0; i < repeat; i++) {
    // The first in-process run of a program is the one that decodes and compiles its code: block functions
    // are shared by source across machines, so later runs of the same program in this process reuse them.
    const run = inProcess(c, bytes);
    inside.push(run);
    ok &&= run.ok;
    if (cliAvailable) {
      const p = armprobeProcess(c);
      outside.push(p.seconds);
      ok &&= p.ok;
    }
    if (qemuAvailable) {
      const q = qemuProcess(c);
      qemu.push(q.seconds);
      ok &&= q.ok;
    }
  }
  if (!ok) failures++;
  const first = inside[0]!;
  const ms = (s: number) => (s * 1e3).toFixed(s < 1 ? 1 : 0);
  const pair = (values: readonly number[]) => `${ms(Math.min(...values))} / ${ms(median(values))}`;
  const mips = (s: number) => (first.instructions / s / 1e6).toFixed(1);
  const firstRun = `${ms(first.seconds)}`;
  const processMs = outside.length > 0 ? pair(outside) : '—';
  const processMips = outside.length > 0 ? mips(Math.min(...outside)) : '—';
  const qemuMs = qemu.length > 0 ? pair(qemu) : '—';
  const ratio =
    qemu.length > 0 && outside.length > 0 ? `${(Math.min(...qemu) / Math.min(...outside)).toFixed(3)}×` : '—';
  console.log(
    `${c.name.padEnd(22)} ${(first.instructions / 1e6).toFixed(2).padStart(8)} ${String(first.decodes).padStart(7)} ` +
      `${String(first.compiles).padStart(6)}  ${firstRun.padStart(15)} ${mips(first.seconds).padStart(9)}  ` +
      `${processMs.padStart(13)} ${processMips.padStart(9)}  ${qemuMs.padStart(11)}  ${ratio.padStart(12)}` +
      (ok ? '' : '  OUTPUT DIFFERS FROM qemu-arm'),
  );
  if (repeat > 1) {
    const later = inside.slice(1).map((r) => r.seconds);
    console.log(
      `${''.padEnd(22)} in-process again (functions shared): ${pair(later)} ms, ${mips(Math.min(...later))} M insns/s`,
    );
  }
}
console.log(
  'in-process ms: the first run in this process (fresh Machine: ELF load + run); process: `armprobe run` as a child ' +
    '(node start-up included); qemu/process: qemu-arm best wall time over armprobe process best (1 = as fast)',
);
if (failures > 0) {
  console.log(`${failures} program(s) printed something other than qemu-arm`);
  process.exitCode = 1;
}
