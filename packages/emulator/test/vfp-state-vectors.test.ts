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
 * VFP single-instruction state vectors (scripts/fixtures/gen-state-vectors-vfp.mjs, qemu-arm 7.2 with its
 * default CPU as the oracle): each vector runs one instruction in ARM or Thumb state, in both execution paths,
 * and compares r0–r12, the APSR, the FPSCR, D0–D31 and the scratch buffer.
 */
const PATH =
  process.env.ARMPROBE_VFP_STATE_VECTORS ??
  fileURLToPath(new URL('../../../fixtures/state-vectors/vfp.jsonl.gz', import.meta.url));

interface VfpStateVector {
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
}

const data = readVectorFile<VfpStateVector>(PATH);
const CODE = 0x00010000;

function runVector(
  v: VfpStateVector,
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
  if (v.undefined === true) {
    // No vectors and no personality: the Undefined Instruction exception stops the run as a fault at the instruction.
    if (result.reason !== 'fault' || result.fault?.kind !== 'und' || result.fault.pc !== CODE)
      problems.push(`expected UNDEFINED, got ${result.reason} ${result.fault?.kind ?? ''}`);
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
  if (v.undefined !== true && cpu.pc >>> 0 !== CODE + 4) problems.push(`pc ${hex(cpu.pc)} ≠ ${hex(CODE + 4)}`);
  return problems;
}

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
          runVector(v, header, pattern, execution),
        );
      expect(log.lines, log.summary).toEqual([]);
    });
  }
});
