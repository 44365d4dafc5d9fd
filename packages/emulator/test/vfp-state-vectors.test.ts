import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  FailureLog,
  type FloatStateVector,
  floatVectorProblems,
  readVectorFile,
  scratchPattern,
} from './state-vector-harness.js';

/*
 * VFP single-instruction state vectors (scripts/fixtures/gen-state-vectors-vfp.mjs, qemu-arm 7.2 with its
 * default CPU as the oracle): each vector runs one instruction in ARM or Thumb state, in both execution paths,
 * and compares r0–r12, the APSR, the FPSCR, D0–D31 and the scratch buffer.
 */
const PATH =
  process.env.ARMPROBE_VFP_STATE_VECTORS ??
  fileURLToPath(new URL('../../../fixtures/state-vectors/vfp.jsonl.gz', import.meta.url));

const data = readVectorFile<FloatStateVector>(PATH);

describe('VFP state vectors against qemu-arm', () => {
  it('has the VFP state vectors: ≥ 300 forms, ARM and Thumb', () => {
    expect(data, PATH).not.toBeNull();
    const { header, vectors } = data!;
    expect(vectors.length).toBe(header.vectors);
    expect(new Set(vectors.map((v) => v.form)).size).toBe(header.forms);
    expect(header.forms).toBeGreaterThanOrEqual(300);
    expect(vectors.some((v) => v.isa === 'thumb')).toBe(true);
    expect(vectors.some((v) => v.undefined === true)).toBe(true);
  });
  if (data === null) return;
  const { header, vectors } = data;
  const pattern = scratchPattern(header);
  for (const execution of ['blocks', 'interpreter'] as const) {
    it(`every vector matches S/D registers, FPSCR, core registers, flags and memory (${vectors.length} vectors, ${execution})`, () => {
      const log = new FailureLog();
      for (const v of vectors)
        log.record(
          v.form,
          `${v.asm.replaceAll('\t', ' ')} ${JSON.stringify(v.before.fpscr)}`,
          floatVectorProblems(v, header, pattern, execution),
        );
      expect(log.lines, log.summary).toEqual([]);
    });
  }
});
