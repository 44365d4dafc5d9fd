import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeA32 } from '@armprobe/decoder';
import { Machine } from '@armprobe/emulator';
import { conditionPasses } from '../src/index.js';

export const FIXTURES = join(import.meta.dirname, '../../../fixtures/programs');

export interface Program {
  readonly name: string;
  readonly elf: Uint8Array;
  readonly stdout: string;
  readonly status: number;
}

export function program(name: string): Program {
  return {
    name,
    elf: new Uint8Array(readFileSync(join(FIXTURES, 'bin', `${name}.elf`))),
    stdout: readFileSync(join(FIXTURES, 'expected', `${name}.stdout`), 'utf8'),
    status: Number(readFileSync(join(FIXTURES, 'expected', `${name}.status`), 'utf8').trim()),
  };
}

/** Fixture programs that run to a normal exit on one CPU (the fault and benchmark programs excluded). */
export function programNames(): string[] {
  return readdirSync(join(FIXTURES, 'bin'))
    .filter((f) => f.endsWith('.elf') && !f.startsWith('fault-') && !f.startsWith('bench-'))
    .map((f) => f.slice(0, -4))
    .sort();
}

export function boot(
  p: Program,
  options: ConstructorParameters<typeof Machine>[0] = {},
): { machine: Machine; out: () => string } {
  let out = '';
  const decoder = new TextDecoder();
  const machine = new Machine({ ...options, onStdout: (b) => (out += decoder.decode(b)) });
  machine.loadElf(p.elf);
  return { machine, out: () => out };
}

/** ARM instruction addresses of the program (its code map: executable sections minus the $d literal pools). */
export function armInstructions(machine: Machine): number[] {
  const out: number[] = [];
  for (const r of machine.program!.code.ranges) {
    if (r.state !== 'arm') continue;
    for (let a = r.start; a + 4 <= r.end; a += 4) out.push(a);
  }
  return out;
}

/**
 * An unprobed run, one instruction at a time: how many times each address executed with its condition
 * passing (what a probe there must count as hits).
 */
export function executionProfile(p: Program): { counts: Map<number, number>; status: number | null; stdout: string } {
  const { machine, out } = boot(p, { execution: 'interpreter' });
  const cpu = machine.cpus[0]!;
  const counts = new Map<number, number>();
  for (;;) {
    const pc = cpu.pc >>> 0;
    const cond = decodeA32(machine.memory.peek32(pc), pc).cond;
    if (conditionPasses(cond, cpu.n, cpu.z, cpu.c, cpu.v)) counts.set(pc, (counts.get(pc) ?? 0) + 1);
    const r = machine.run({ maxInstructions: 1 });
    if (r.reason !== 'limit') return { counts, status: r.status, stdout: out() };
  }
}
