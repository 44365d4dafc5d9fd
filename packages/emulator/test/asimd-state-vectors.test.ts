import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  FailureLog,
  type FloatStateVector,
  floatVectorProblems,
  hex,
  readVectorFile,
  scratchPattern,
} from './state-vector-harness.js';

/*
 * Advanced SIMD single-instruction state vectors (scripts/fixtures/gen-state-vectors-asimd.mjs, qemu-arm 7.2
 * with its default CPU as the oracle): each vector runs one instruction in ARM or Thumb state, in both execution
 * paths, and compares r0–r12 (base writeback), the APSR, the FPSCR (cumulative flags and QC), D0–D31 and the
 * scratch buffer; an instruction qemu-arm answered with SIGBUS must raise an alignment fault and change nothing.
 */
const PATH =
  process.env.ARMPROBE_ASIMD_STATE_VECTORS ??
  fileURLToPath(new URL('../../../fixtures/state-vectors/asimd.jsonl.gz', import.meta.url));

const data = readVectorFile<FloatStateVector>(PATH);

describe('Advanced SIMD state vectors against qemu-arm', () => {
  it('has the Advanced SIMD state vectors: ≥ 2000 forms, ARM and Thumb, alignment faults', () => {
    expect(data, PATH).not.toBeNull();
    const { header, vectors } = data!;
    expect(vectors.length).toBe(header.vectors);
    expect(new Set(vectors.map((v) => v.form)).size).toBe(header.forms);
    expect(header.forms).toBeGreaterThanOrEqual(2000);
    expect(vectors.some((v) => v.isa === 'thumb')).toBe(true);
    expect(vectors.filter((v) => v.alignmentFault === true).length).toBeGreaterThan(100);
    // Every vector exercises an executed form: qemu-arm ran each one (none is UNDEFINED there).
    expect(vectors.some((v) => v.undefined === true)).toBe(false);
  });
  if (data === null) return;
  const { header, vectors } = data;
  const pattern = scratchPattern(header);
  for (const execution of ['blocks', 'interpreter'] as const) {
    it(`every vector matches D registers, FPSCR (QC), core registers, flags and memory (${vectors.length} vectors, ${execution})`, () => {
      const log = new FailureLog();
      for (const v of vectors)
        log.record(
          v.form,
          `${v.asm.replaceAll('\t', ' ')} ${hex(v.before.fpscr)}`,
          floatVectorProblems(v, header, pattern, execution),
        );
      expect(log.lines, log.summary).toEqual([]);
    });
  }
});
