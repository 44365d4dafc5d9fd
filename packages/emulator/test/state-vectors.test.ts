import { describe, expect, it } from 'vitest';
import { readStateVectors, type StateVector } from './fixtures.js';
import {
  FailureLog,
  scratchPattern,
  stateProblems,
  type VectorFileHeader,
  vectorMachine,
} from './state-vector-harness.js';

/*
 * qemu-arm oracle for single instructions (fixtures/state-vectors/a32.jsonl.gz, harness contract in
 * fixtures/README.md): r0–r12 and NZCVQ/GE are loaded, the 256-byte scratch buffer holds the header's
 * pattern, the exclusive monitor is clear; the prefix words (if any) and the word run once; r0–r12, the
 * APSR (masked) and the scratch buffer must match.
 */
const data = readStateVectors();
const CODE = 0x10000;

function runVector(v: StateVector, header: VectorFileHeader, pattern: Uint8Array, execution: 'blocks' | 'interpreter') {
  const { m, cpu } = vectorMachine(header, pattern, execution);
  m.memory.map(CODE, 0x1000, 'rx');
  m.memory.map(0x70000, 0x1000, 'rw');
  const words = [...(v.prefix ?? []), v.word].map((w) => Number.parseInt(w, 16));
  words.forEach((w, i) => {
    m.memory.poke32(CODE + i * 4, w);
  });
  cpu.writeCpsr(0x10, -1); // USR mode, like the qemu-arm harness
  v.before.r.forEach((value, i) => {
    cpu.regs[i] = value;
  });
  cpu.regs[13] = 0x70800;
  cpu.setApsr(v.before.apsr);
  cpu.pc = CODE;
  const result = m.run({ maxInstructions: words.length });
  return { m, cpu, result };
}

describe('single-instruction state vectors against qemu-arm', () => {
  it('has state vectors (fails once the file exists but is empty)', () => {
    if (data === null) return;
    expect(data.vectors.length).toBeGreaterThan(0);
  });
  if (data === null) return;
  const { header, vectors } = data;
  const pattern = scratchPattern(header);

  for (const execution of ['blocks', 'interpreter'] as const) {
    it(`every vector matches registers, flags and memory (${vectors.length} vectors, ${execution})`, () => {
      const log = new FailureLog();
      for (const v of vectors) {
        const { m, cpu, result } = runVector(v, header, pattern, execution);
        const problems: string[] = [];
        if (result.reason !== 'limit')
          problems.push(`stopped: ${result.reason} ${result.fault?.message ?? result.error?.message ?? ''}`);
        problems.push(...stateProblems(m, cpu, header, pattern, v));
        log.record(v.form, `${v.word} ${v.asm.replace('\t', ' ')}`, problems);
      }
      expect(log.lines, log.summary).toEqual([]);
    });
  }
});
