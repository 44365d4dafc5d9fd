import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  FailureLog,
  hex,
  readVectorFile,
  scratchPattern,
  stateProblems,
  type VectorFileHeader,
  vectorMachine,
} from './state-vector-harness.js';

/*
 * qemu-arm oracle for Thumb (fixtures/state-vectors/thumb.jsonl.gz, contract in fixtures/README.md): each
 * vector's slot (code, exit stubs, ARM pads, literal pools, tables) is mapped at its address, the CPU starts
 * in Thumb state at `addr` with r0–r12, SP, LR and NZCVQ/GE loaded, and runs `steps` instructions (an IT
 * block counts its IT and every instruction it covers; a BLX to an ARM pad counts the pad). r0–r12, SP, LR,
 * the masked APSR, the PC and T bit of the exit reached, ITSTATE (0 after every vector) and the scratch
 * buffer must match, in the block compiler and in the interpreter.
 */
const PATH =
  process.env.ARMPROBE_THUMB_STATE_VECTORS ??
  fileURLToPath(new URL('../../../fixtures/state-vectors/thumb.jsonl.gz', import.meta.url));

interface ThumbStateVector {
  readonly form: string;
  readonly asm: readonly string[];
  readonly addr: number;
  readonly slot: number;
  readonly bytes: string;
  readonly end: number;
  readonly steps: number;
  readonly before: { r: number[]; sp: number; lr: number; apsr: number };
  readonly after: { r: number[]; sp: number; lr: number; apsr: number; pc: number; t: number };
  readonly memAfter: [number, number][];
}

const data = readVectorFile<ThumbStateVector>(PATH);

function runVector(
  v: ThumbStateVector,
  header: VectorFileHeader,
  pattern: Uint8Array,
  execution: 'blocks' | 'interpreter',
) {
  const { m, cpu } = vectorMachine(header, pattern, execution);
  m.memory.map(v.slot & ~0xfff, 0x1000, 'rx');
  m.memory.writeBytes(v.slot, Uint8Array.from(v.bytes.match(/../g)!.map((b) => Number.parseInt(b, 16))));
  cpu.writeCpsr(0x30, -1); // USR mode, Thumb state, ITSTATE 0, like the qemu-arm harness
  v.before.r.forEach((value, i) => {
    cpu.regs[i] = value;
  });
  cpu.regs[13] = v.before.sp;
  cpu.regs[14] = v.before.lr;
  cpu.setApsr(v.before.apsr);
  cpu.pc = v.addr;
  const result = m.run({ maxInstructions: v.steps });
  const problems: string[] = [];
  if (result.reason !== 'limit')
    problems.push(`stopped: ${result.reason} ${result.fault?.message ?? result.error?.message ?? ''}`);
  problems.push(...stateProblems(m, cpu, header, pattern, v));
  if (cpu.regs[13]! >>> 0 !== v.after.sp) problems.push(`sp ${hex(cpu.regs[13]!)} ≠ ${hex(v.after.sp)}`);
  if (cpu.regs[14]! >>> 0 !== v.after.lr) problems.push(`lr ${hex(cpu.regs[14]!)} ≠ ${hex(v.after.lr)}`);
  if (cpu.pc >>> 0 !== v.after.pc) problems.push(`pc ${hex(cpu.pc)} ≠ ${hex(v.after.pc)}`);
  if (cpu.thumb !== v.after.t) problems.push(`T ${cpu.thumb} ≠ ${v.after.t}`);
  if (cpu.itState !== 0) problems.push(`ITSTATE ${hex(cpu.itState)} ≠ 0`);
  return problems;
}

describe('Thumb state vectors against qemu-arm', () => {
  it('has the Thumb state vectors: ≥ 400 forms, both alignments, every form run', () => {
    expect(data, PATH).not.toBeNull();
    const { header, vectors } = data!;
    expect(vectors.length).toBe(header.vectors);
    expect(new Set(vectors.map((v) => v.form)).size).toBe(header.forms);
    expect(header.forms).toBeGreaterThanOrEqual(400);
    expect(vectors.some((v) => v.addr % 4 === 2 && v.form.includes('pc'))).toBe(true);
    expect(vectors.some((v) => v.addr % 4 === 0 && v.form.includes('pc'))).toBe(true);
  });
  if (data === null) return;
  const { header, vectors } = data;
  const pattern = scratchPattern(header);

  for (const execution of ['blocks', 'interpreter'] as const) {
    it(`every vector matches registers, flags, PC/T, ITSTATE and memory (${vectors.length} vectors, ${execution})`, () => {
      const log = new FailureLog();
      for (const v of vectors) {
        log.record(
          v.form,
          `@${hex(v.addr)} ${v.asm.join('; ').replaceAll('\t', ' ')}`,
          runVector(v, header, pattern, execution),
        );
      }
      expect(log.lines, log.summary).toEqual([]);
    });
  }
});
