import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeA32, decodeThumb, isThumb32 } from '@armprobe/decoder';
import { Machine } from '@armprobe/emulator';
import { conditionPasses } from '../src/index.js';

export const FIXTURES = join(import.meta.dirname, '../../../fixtures/programs');
/** The -mthumb fixture programs (same layout: bin/, expected/). */
export const THUMB_FIXTURES = join(import.meta.dirname, '../../../fixtures/programs-thumb');

export interface Program {
  readonly name: string;
  readonly elf: Uint8Array;
  readonly stdout: string;
  readonly status: number;
}

export function program(name: string, dir = FIXTURES): Program {
  return {
    name,
    elf: new Uint8Array(readFileSync(join(dir, 'bin', `${name}.elf`))),
    stdout: readFileSync(join(dir, 'expected', `${name}.stdout`), 'utf8'),
    status: Number(readFileSync(join(dir, 'expected', `${name}.status`), 'utf8').trim()),
  };
}

/** Fixture programs that run to a normal exit on one CPU (the fault and benchmark programs excluded). */
export function programNames(dir = FIXTURES): string[] {
  return readdirSync(join(dir, 'bin'))
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
 * Thumb instruction addresses of the program: each Thumb code range decoded in order from its start (a
 * `$t` mapping symbol), so the second halfword of a 32-bit instruction is never counted.
 */
export function thumbInstructions(machine: Machine): number[] {
  const out: number[] = [];
  for (const r of machine.program!.code.ranges) {
    if (r.state !== 'thumb') continue;
    for (let a = r.start; a + 2 <= r.end; ) {
      const wide = isThumb32(machine.memory.peek16(a));
      if (wide && a + 4 > r.end) break;
      out.push(a);
      a += wide ? 4 : 2;
    }
  }
  return out;
}

/** The instruction at `address` as the text holds it: an ARM word, a Thumb halfword or `hw1 << 16 | hw2`. */
export function textAt(machine: Machine, address: number, thumb: boolean): number {
  if (!thumb) return machine.memory.peek32(address);
  const hw1 = machine.memory.peek16(address);
  return isThumb32(hw1) ? ((hw1 << 16) | machine.memory.peek16(address + 2)) >>> 0 : hw1;
}

/**
 * An unprobed run, one instruction at a time: how many times each address executed with its condition
 * passing (what a probe there must count as hits). In Thumb state the condition is a B<c>'s own or the IT
 * block's (the decoder gives the one the instruction runs under).
 */
export function executionProfile(p: Program): { counts: Map<number, number>; status: number | null; stdout: string } {
  const { machine, out } = boot(p, { execution: 'interpreter' });
  const cpu = machine.cpus[0]!;
  const counts = new Map<number, number>();
  for (;;) {
    const pc = cpu.pc >>> 0;
    const cond =
      cpu.thumb !== 0
        ? decodeThumb(machine.memory.peek16(pc), machine.memory.peek16(pc + 2), pc, cpu.itState).cond
        : decodeA32(machine.memory.peek32(pc), pc).cond;
    if (conditionPasses(cond, cpu.n, cpu.z, cpu.c, cpu.v)) counts.set(pc, (counts.get(pc) ?? 0) + 1);
    const r = machine.run({ maxInstructions: 1 });
    if (r.reason !== 'limit') return { counts, status: r.status, stdout: out() };
  }
}
