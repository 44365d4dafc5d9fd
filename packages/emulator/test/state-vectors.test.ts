import { describe, expect, it } from 'vitest';
import { Machine } from '../src/index.js';
import { readStateVectors, type StateVector } from './fixtures.js';

/*
 * qemu-arm oracle for single instructions (fixtures/state-vectors/a32.jsonl.gz, harness contract in
 * fixtures/README.md): r0–r12 and NZCVQ/GE are loaded, the 256-byte scratch buffer holds the header's
 * pattern, the exclusive monitor is clear; the prefix words (if any) and the word run once; r0–r12, the
 * APSR (masked) and the scratch buffer must match.
 */
const data = readStateVectors();
const CODE = 0x10000;

function hex(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}

function runVector(v: StateVector, scratchAddr: number, pattern: Uint8Array, execution: 'blocks' | 'interpreter') {
  const m = new Machine({ linuxUser: false, execution });
  m.memory.map(CODE, 0x1000, 'rx');
  m.memory.map(scratchAddr & ~0xfff, 0x1000, 'rw');
  m.memory.map(0x70000, 0x1000, 'rw');
  m.memory.writeBytes(scratchAddr, pattern);
  const words = [...(v.prefix ?? []), v.word].map((w) => Number.parseInt(w, 16));
  words.forEach((w, i) => {
    m.memory.poke32(CODE + i * 4, w);
  });
  const cpu = m.cpus[0]!;
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
  const pattern = Uint8Array.from(header.memBefore.match(/../g)!.map((b) => Number.parseInt(b, 16)));

  for (const execution of ['blocks', 'interpreter'] as const) {
    it(`every vector matches registers, flags and memory (${vectors.length} vectors, ${execution})`, () => {
      const failures: string[] = [];
      const failedForms = new Set<string>();
      for (const v of vectors) {
        const { m, cpu, result } = runVector(v, header.scratchAddr, pattern, execution);
        const problems: string[] = [];
        if (result.reason !== 'limit')
          problems.push(`stopped: ${result.reason} ${result.fault?.message ?? result.error?.message ?? ''}`);
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
        if (problems.length > 0) {
          failedForms.add(v.form);
          if (failures.length < 40)
            failures.push(`${v.form} ${v.word} ${v.asm.replace('\t', ' ')}: ${problems.join(', ')}`);
        }
      }
      expect(failures, `${failedForms.size} forms fail: ${[...failedForms].join(' ')}`).toEqual([]);
    });
  }
});
