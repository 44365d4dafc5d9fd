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
 * Advanced SIMD single-instruction state vectors (scripts/fixtures/gen-state-vectors-asimd.mjs, qemu-arm 7.2
 * with its default CPU as the oracle): each vector runs one instruction in ARM or Thumb state, in both execution
 * paths, and compares r0–r12 (base writeback), the APSR, the FPSCR (cumulative flags and QC), D0–D31 and the
 * scratch buffer; an instruction qemu-arm answered with SIGBUS must raise an alignment fault and change nothing.
 */
const PATH =
  process.env.ARMPROBE_ASIMD_STATE_VECTORS ??
  fileURLToPath(new URL('../../../fixtures/state-vectors/asimd.jsonl.gz', import.meta.url));

interface AsimdStateVector {
  readonly form: string;
  readonly isa: 'arm' | 'thumb';
  readonly word: number;
  readonly asm: string;
  readonly before: { r: number[]; apsr: number; fpscr: number; d: number[] };
  readonly after: { r: number[]; apsr: number; fpscr: number; d: [number, number][] };
  readonly base?: Record<string, number>;
  readonly memAfter: [number, number][];
  /** qemu-arm raised SIGILL: the instruction is UNDEFINED (the state after is the state before). */
  readonly undefined?: true;
  /** qemu-arm raised SIGBUS: an alignment fault (the state after is the state before). */
  readonly alignmentFault?: true;
}

const data = readVectorFile<AsimdStateVector>(PATH);
const CODE = 0x00010000;

function runVector(
  v: AsimdStateVector,
  header: VectorFileHeader,
  pattern: Uint8Array,
  execution: 'blocks' | 'interpreter',
) {
  const { m, cpu } = vectorMachine(header, pattern, execution);
  m.memory.map(CODE, 0x1000, 'rx');
  const bytes = new Uint8Array(4);
  const view = new DataView(bytes.buffer);
  if (v.isa === 'arm') view.setUint32(0, v.word, true);
  else {
    view.setUint16(0, v.word >>> 16, true);
    view.setUint16(2, v.word & 0xffff, true);
  }
  m.memory.writeBytes(CODE, bytes);
  cpu.writeCpsr(v.isa === 'arm' ? 0x10 : 0x30, -1);
  v.before.r.forEach((value, i) => {
    cpu.regs[i] = value;
  });
  cpu.setApsr(v.before.apsr);
  cpu.fpscr = v.before.fpscr;
  cpu.vfp.set(v.before.d);
  cpu.pc = CODE;
  const result = m.run({ maxInstructions: 1 });
  const problems: string[] = [];
  const faulted = v.undefined === true || v.alignmentFault === true;
  if (v.undefined === true) {
    if (result.reason !== 'fault' || result.fault?.kind !== 'und' || result.fault.pc !== CODE)
      problems.push(`expected UNDEFINED, got ${result.reason} ${result.fault?.kind ?? ''}`);
  } else if (v.alignmentFault === true) {
    if (result.reason !== 'fault' || result.fault?.kind !== 'dabt' || result.fault.cause !== 'alignment')
      problems.push(`expected an alignment fault, got ${result.reason} ${result.fault?.kind ?? ''}`);
  } else if (result.reason !== 'limit')
    problems.push(`stopped: ${result.reason} ${result.fault?.message ?? result.error?.message ?? ''}`);
  problems.push(...stateProblems(m, cpu, header, pattern, v));
  if (cpu.fpscr >>> 0 !== v.after.fpscr) problems.push(`fpscr ${hex(cpu.fpscr)} ≠ ${hex(v.after.fpscr)}`);
  const want = Uint32Array.from(v.before.d);
  for (const [k, w] of v.after.d) want[k] = w;
  for (let k = 0; k < 64; k++) {
    if (cpu.vfp[k] !== want[k])
      problems.push(`${k & 1 ? 'hi' : 'lo'}(d${k >> 1}) ${hex(cpu.vfp[k]!)} ≠ ${hex(want[k]!)}`);
  }
  if (!faulted && cpu.pc >>> 0 !== CODE + 4) problems.push(`pc ${hex(cpu.pc)} ≠ ${hex(CODE + 4)}`);
  return problems;
}

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
          runVector(v, header, pattern, execution),
        );
      expect(log.lines, log.summary).toEqual([]);
    });
  }
});
