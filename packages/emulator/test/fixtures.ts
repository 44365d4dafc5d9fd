import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Machine, type RunResult } from '../src/index.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
export const PROGRAMS = `${FIXTURES}programs/`;
/** The committed vectors, or another file generated the same way (`ARMPROBE_STATE_VECTORS=path`). */
export const STATE_VECTORS = process.env.ARMPROBE_STATE_VECTORS ?? `${FIXTURES}state-vectors/a32.jsonl.gz`;

export interface ProgramCase {
  readonly name: string;
  readonly elf: string;
  readonly stdout: string;
  readonly status: string;
}

/** Every bin/*.elf with its expected stdout/status (null when the fixture directory does not exist yet). */
export function programCases(): ProgramCase[] | null {
  const bin = `${PROGRAMS}bin/`;
  if (!existsSync(bin)) return null;
  return readdirSync(bin)
    .filter((f) => f.endsWith('.elf'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -4);
      return {
        name,
        elf: `${bin}${f}`,
        stdout: `${PROGRAMS}expected/${name}.stdout`,
        status: `${PROGRAMS}expected/${name}.status`,
      };
    });
}

export const THUMB_PROGRAMS = `${FIXTURES}programs-thumb/`;

/** A program of fixtures/programs-thumb (manifest.json): built -mthumb, or -marm with Debian's Thumb-2 libgcc. */
export interface ThumbProgramCase extends ProgramCase {
  readonly variant: 'thumb' | 'libgcc';
  readonly opt: string;
  readonly bench: boolean;
  readonly smp: boolean;
  /** The expected exit status from the manifest (also in the .status file). */
  readonly expectedStatus: number;
}

interface ThumbManifest {
  readonly programs: readonly {
    name: string;
    variant: 'thumb' | 'libgcc';
    opt: string;
    elf: string;
    stdout: string;
    status: number;
    bench: boolean;
    smp?: boolean;
  }[];
}

/** Every program of fixtures/programs-thumb/manifest.json (null when the directory does not exist). */
export function thumbProgramCases(): ThumbProgramCase[] | null {
  const manifest = `${THUMB_PROGRAMS}manifest.json`;
  if (!existsSync(manifest)) return null;
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as ThumbManifest;
  return m.programs.map((p) => ({
    name: p.elf.replace(/^bin\//, '').replace(/\.elf$/, ''),
    elf: `${THUMB_PROGRAMS}${p.elf}`,
    stdout: `${THUMB_PROGRAMS}${p.stdout}`,
    status: `${THUMB_PROGRAMS}${p.stdout.replace(/\.stdout$/, '.status')}`,
    variant: p.variant,
    opt: p.opt,
    bench: p.bench,
    smp: p.smp === true,
    expectedStatus: p.status,
  }));
}

export interface ProgramRun {
  readonly result: RunResult;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly machine: Machine;
}

export function runProgram(
  path: string,
  options: { execution?: 'blocks' | 'interpreter'; maxInstructions?: number } = {},
): ProgramRun {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const machine = new Machine({
    execution: options.execution ?? 'blocks',
    onStdout: (b) => out.push(b),
    onStderr: (b) => err.push(b),
  });
  machine.loadElf(new Uint8Array(readFileSync(path)), { argv: [path] });
  const result = machine.run({ maxInstructions: options.maxInstructions ?? 2_000_000_000 });
  return { result, stdout: Buffer.concat(out), stderr: Buffer.concat(err), machine };
}

export interface StateVectorHeader {
  readonly scratchAddr: number;
  readonly scratchSize: number;
  readonly memBefore: string;
  readonly apsrMask: number;
}

export interface StateVector {
  readonly form: string;
  readonly word: string;
  readonly asm: string;
  readonly prefix?: string[];
  readonly before: { r: number[]; apsr: number };
  readonly after: { r: number[]; apsr: number };
  readonly memAfter: [number, number][];
}

export function readStateVectors(): { header: StateVectorHeader; vectors: StateVector[] } | null {
  if (!existsSync(STATE_VECTORS)) return null;
  const lines = gunzipSync(readFileSync(STATE_VECTORS)).toString('utf8').split('\n').filter(Boolean);
  const [first, ...rest] = lines;
  return { header: JSON.parse(first!) as StateVectorHeader, vectors: rest.map((l) => JSON.parse(l) as StateVector) };
}

/** The SMP fixture programs (manifest entries with `smp: true`). */
export function smpCases(): ProgramCase[] {
  return (programCases() ?? []).filter((c) => c.name.startsWith('smp-'));
}

export interface SmpRunOptions {
  readonly cpus: number;
  readonly seed: number;
  readonly quantum: number | readonly [number, number];
  readonly fetch?: 'coherent' | 'architectural';
  readonly maxInstructions?: number;
}

/** Runs an SMP fixture the way `armprobe run --cpus N --entry-per-cpu cpu_entry` does. */
export function runSmpProgram(path: string, options: SmpRunOptions): ProgramRun {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const q = options.quantum;
  const machine = new Machine({
    cpus: options.cpus,
    seed: options.seed,
    quantum: typeof q === 'number' ? q : [q[0], q[1]],
    fetch: options.fetch ?? 'coherent',
    onStdout: (b) => out.push(b),
    onStderr: (b) => err.push(b),
  });
  machine.loadElf(new Uint8Array(readFileSync(path)), { argv: [path] });
  machine.startSmp({ entry: 'cpu_entry', cpus: options.cpus });
  const result = machine.run({ maxInstructions: options.maxInstructions ?? 200_000_000 });
  return { result, stdout: Buffer.concat(out), stderr: Buffer.concat(err), machine };
}
