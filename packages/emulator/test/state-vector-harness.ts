import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type Cpu, Machine } from '../src/index.js';

/*
 * What the A32, Thumb, VFP and Advanced SIMD state-vector tests share (contracts in fixtures/README.md, "State vectors: the
 * harness contract"): the header, a machine with the scratch buffer loaded, the comparison of r0–r12, the
 * masked APSR and the scratch buffer, and the per-form failure summary.
 */

export interface VectorFileHeader {
  readonly scratchAddr: number;
  readonly scratchSize: number;
  readonly memBefore: string;
  readonly apsrMask: number;
  readonly forms?: number;
  readonly vectors?: number;
}

/** The state after a vector every format records. */
export interface VectorOutcome {
  readonly after: { readonly r: readonly number[]; readonly apsr: number };
  readonly memAfter: readonly (readonly [number, number])[];
}

/** A gzipped JSON-lines vector file: a header line then one record per line (null when the file does not exist). */
export function readVectorFile<V>(path: string): { header: VectorFileHeader; vectors: V[] } | null {
  if (!existsSync(path)) return null;
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter(Boolean);
  const [first, ...rest] = lines;
  return { header: JSON.parse(first!) as VectorFileHeader, vectors: rest.map((l) => JSON.parse(l) as V) };
}

export function hex(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}

export function scratchPattern(header: VectorFileHeader): Uint8Array {
  return Uint8Array.from(header.memBefore.match(/../g)!.map((b) => Number.parseInt(b, 16)));
}

/** A one-CPU machine without the Linux personality, the scratch buffer mapped and filled with the pattern. */
export function vectorMachine(
  header: VectorFileHeader,
  pattern: Uint8Array,
  execution: 'blocks' | 'interpreter',
): { m: Machine; cpu: Cpu } {
  const m = new Machine({ linuxUser: false, execution });
  m.memory.map(header.scratchAddr & ~0xfff, 0x1000, 'rw');
  m.memory.writeBytes(header.scratchAddr, pattern);
  return { m, cpu: m.cpus[0]! };
}

/** Differences in r0–r12, the masked APSR and the scratch buffer (the first differing byte). */
export function stateProblems(
  m: Machine,
  cpu: Cpu,
  header: VectorFileHeader,
  pattern: Uint8Array,
  v: VectorOutcome,
): string[] {
  const problems: string[] = [];
  for (let i = 0; i < 13; i++) {
    const got = cpu.regs[i]! >>> 0;
    if (got !== v.after.r[i]) problems.push(`r${i} ${hex(got)} ≠ ${hex(v.after.r[i]!)}`);
  }
  const apsr = (cpu.apsr & header.apsrMask) >>> 0;
  const want = (v.after.apsr & header.apsrMask) >>> 0;
  if (apsr !== want) problems.push(`apsr ${hex(apsr)} ≠ ${hex(want)}`);
  const expected = Uint8Array.from(pattern);
  for (const [k, b] of v.memAfter) expected[k] = b;
  const got = m.memory.readBytes(header.scratchAddr, header.scratchSize);
  for (let k = 0; k < header.scratchSize; k++) {
    if (got[k] !== expected[k]) {
      problems.push(`mem[${k}] ${got[k]} ≠ ${expected[k]}`);
      break;
    }
  }
  return problems;
}

/** Collects the first failures (up to 40 lines) and the set of failing forms over every vector. */
export class FailureLog {
  readonly lines: string[] = [];
  readonly forms = new Set<string>();
  failed = 0;
  total = 0;

  record(form: string, what: string, problems: readonly string[]): void {
    this.total++;
    if (problems.length === 0) return;
    this.failed++;
    this.forms.add(form);
    if (this.lines.length < 40) this.lines.push(`${form} ${what}: ${problems.join(', ')}`);
  }

  get summary(): string {
    return `${this.failed} of ${this.total} vectors fail, ${this.forms.size} forms: ${[...this.forms].join(' ')}`;
  }
}

/** A VFP or Advanced SIMD vector (gen-state-vectors-vfp.mjs, gen-state-vectors-asimd.mjs): the D registers too. */
export interface FloatStateVector {
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

const FLOAT_CODE = 0x00010000;

/**
 * Runs a float vector's one instruction in its state on a fresh machine and lists the differences from qemu-arm:
 * r0–r12, the APSR, the FPSCR, D0–D31, the scratch buffer, the PC, and the fault it must raise if any.
 */
export function floatVectorProblems(
  v: FloatStateVector,
  header: VectorFileHeader,
  pattern: Uint8Array,
  execution: 'blocks' | 'interpreter',
): string[] {
  const { m, cpu } = vectorMachine(header, pattern, execution);
  m.memory.map(FLOAT_CODE, 0x1000, 'rx');
  const bytes = new Uint8Array(4);
  const view = new DataView(bytes.buffer);
  if (v.isa === 'arm') view.setUint32(0, v.word, true);
  else {
    view.setUint16(0, v.word >>> 16, true);
    view.setUint16(2, v.word & 0xffff, true);
  }
  m.memory.writeBytes(FLOAT_CODE, bytes);
  cpu.writeCpsr(v.isa === 'arm' ? 0x10 : 0x30, -1);
  v.before.r.forEach((value, i) => {
    cpu.regs[i] = value;
  });
  cpu.setApsr(v.before.apsr);
  cpu.fpscr = v.before.fpscr;
  cpu.vfp.set(v.before.d);
  cpu.pc = FLOAT_CODE;
  const result = m.run({ maxInstructions: 1 });
  const problems: string[] = [];
  const faulted = v.undefined === true || v.alignmentFault === true;
  if (v.undefined === true) {
    // No vectors and no personality: the Undefined Instruction exception stops the run as a fault at the instruction.
    if (result.reason !== 'fault' || result.fault?.kind !== 'und' || result.fault.pc !== FLOAT_CODE)
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
  if (!faulted && cpu.pc >>> 0 !== FLOAT_CODE + 4) problems.push(`pc ${hex(cpu.pc)} ≠ ${hex(FLOAT_CODE + 4)}`);
  return problems;
}
