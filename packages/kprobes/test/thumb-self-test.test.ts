/**
 * The kernel's kprobes self-test method on the Thumb state vectors (fixtures/state-vectors/thumb.jsonl.gz,
 * recorded from qemu-arm): every vector's code runs in 16 flag scenarios (NZCV = s, as the kernel's test
 * does), without probes and then with a probe on every instruction it executes (Thumb, and the ARM pads some
 * vectors call), from identical registers, flags and memory. Registers, flags, PC and state, ITSTATE and the
 * scratch buffer must be identical, each probe must fire exactly as often as its instruction ran with its
 * condition passing (IT blocks included), and the text must be restored after unregistering.
 */
import { fileURLToPath } from 'node:url';
import { decodeA32, decodeThumb } from '@armprobe/decoder';
import { Machine } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import { readVectorFile } from '../../emulator/test/state-vector-harness.js';
import { conditionPasses, type Kprobe, KprobeError, Kprobes } from '../src/index.js';
import { textAt } from './helpers.js';

const PATH = fileURLToPath(new URL('../../../fixtures/state-vectors/thumb.jsonl.gz', import.meta.url));

interface ThumbStateVector {
  readonly form: string;
  readonly asm: readonly string[];
  readonly addr: number;
  readonly slot: number;
  readonly bytes: string;
  readonly steps: number;
  readonly before: { r: number[]; sp: number; lr: number; apsr: number };
}

const AREA_BASE = 0x10000000;
const AREA_SIZE = 0x100000;

interface Outcome {
  readonly reason: string;
  readonly pc: number;
  readonly thumb: number;
  readonly itState: number;
  readonly regs: readonly number[];
  readonly apsr: number;
  readonly scratch: Uint8Array;
}

describe('kprobes self-test on the Thumb state vectors (the kernel method)', () => {
  const data = readVectorFile<ThumbStateVector>(PATH);

  it('has the Thumb state vectors', () => {
    expect(data, PATH).not.toBeNull();
    expect(data!.vectors.length).toBeGreaterThanOrEqual(2000);
  });
  if (data === null) return;
  const { header, vectors } = data;
  const pattern = Uint8Array.from(header.memBefore.match(/../g)!.map((b) => Number.parseInt(b, 16)));

  it(`every executed instruction of ${vectors.length} vectors probed, 16 flag scenarios each: identical outcomes`, () => {
    const machine = new Machine({ linuxUser: false });
    const cpu = machine.cpus[0]!;
    machine.memory.map(header.scratchAddr & ~0xfff, 0x1000, 'rw');
    for (const page of new Set(vectors.map((v) => v.slot & ~0xfff))) machine.memory.map(page, 0x1000, 'rx');
    const kprobes = new Kprobes(machine, { areaBase: AREA_BASE, areaSize: AREA_SIZE });
    const inArea = (pc: number) => pc >>> 0 >= AREA_BASE && pc >>> 0 < AREA_BASE + AREA_SIZE;

    /** Runs the vector's `steps` instructions of its own code (steps inside the kprobes area not counted). */
    const run = (
      v: ThumbStateVector,
      scenario: number,
      onStep?: (pc: number, thumb: boolean, itState: number) => void,
    ) => {
      machine.memory.writeBytes(header.scratchAddr, pattern);
      cpu.stopRequest = null;
      cpu.monitor.clear();
      cpu.writeCpsr(0x30, -1); // USR mode, Thumb state, ITSTATE 0, as the vectors were recorded
      v.before.r.forEach((value, i) => {
        cpu.regs[i] = value;
      });
      cpu.regs[13] = v.before.sp;
      cpu.regs[14] = v.before.lr;
      cpu.setApsr(((v.before.apsr & 0x0fffffff) | (scenario << 28)) >>> 0);
      cpu.pc = v.addr;
      cpu.nextPc = v.addr;
      let steps = 0;
      let reason = 'limit';
      // A probed instruction's out-of-line step ends back in the vector's code.
      for (let guard = 0; (steps < v.steps || inArea(cpu.pc)) && guard < 64; guard++) {
        const pc = cpu.pc >>> 0;
        if (!inArea(pc)) {
          steps++;
          onStep?.(pc, cpu.thumb !== 0, cpu.itState);
        }
        const r = machine.run({ maxInstructions: 1 });
        if (r.reason !== 'limit') {
          reason = r.reason;
          break;
        }
      }
      const outcome: Outcome = {
        reason,
        pc: cpu.pc >>> 0,
        thumb: cpu.thumb,
        itState: cpu.itState,
        regs: Array.from(cpu.regs.subarray(0, 15), (x) => x >>> 0),
        apsr: (cpu.apsr & header.apsrMask) >>> 0,
        scratch: machine.memory.readBytes(header.scratchAddr, header.scratchSize),
      };
      return outcome;
    };

    const failures: string[] = [];
    let probedInstructions = 0;
    let thumbProbes = 0;
    let armProbes = 0;
    let rejected = 0;
    let fired = 0;
    let conditionFailed = 0;
    for (const v of vectors) {
      machine.memory.writeBytes(v.slot, Uint8Array.from(v.bytes.match(/../g)!.map((b) => Number.parseInt(b, 16))));
      // Unprobed runs: the outcome, and per executed instruction how often its condition passed.
      const plain: Outcome[] = [];
      const executed = new Map<number, boolean>();
      const passes: Map<number, number>[] = [];
      for (let scenario = 0; scenario < 16; scenario++) {
        const counts = new Map<number, number>();
        plain.push(
          run(v, scenario, (pc, thumb, itState) => {
            executed.set(pc, thumb);
            const cond = thumb
              ? decodeThumb(machine.memory.peek16(pc), machine.memory.peek16(pc + 2), pc, itState).cond
              : decodeA32(machine.memory.peek32(pc), pc).cond;
            if (conditionPasses(cond, cpu.n, cpu.z, cpu.c, cpu.v)) counts.set(pc, (counts.get(pc) ?? 0) + 1);
            else conditionFailed++;
          }),
        );
        passes.push(counts);
      }
      const image = [...executed].map(([a, thumb]) => [a, thumb, textAt(machine, a, thumb)] as const);
      const probes: Kprobe[] = [];
      let calls = new Map<number, number>();
      kprobes.batch(() => {
        for (const [address, thumb] of executed) {
          try {
            probes.push(
              kprobes.register({
                address: thumb ? address | 1 : address,
                pre: () => void calls.set(address, (calls.get(address) ?? 0) + 1),
              }),
            );
          } catch (error) {
            if (!(error instanceof KprobeError) || error.code !== 'rejected') throw error;
            rejected++;
          }
        }
      });
      probedInstructions += probes.length;
      thumbProbes += probes.filter((p) => p.isa === 'thumb').length;
      armProbes += probes.filter((p) => p.isa === 'arm').length;
      for (let scenario = 0; scenario < 16; scenario++) {
        calls = new Map();
        const probed = run(v, scenario);
        const want = plain[scenario]!;
        const where = `${v.form} @${v.addr.toString(16)} [${v.asm.join('; ').replaceAll('\t', ' ')}] NZCV=${scenario.toString(2)}`;
        if (probed.reason !== want.reason) failures.push(`${where}: ended ${probed.reason}, unprobed ${want.reason}`);
        if (probed.pc !== want.pc || probed.thumb !== want.thumb) {
          failures.push(
            `${where}: pc ${probed.pc.toString(16)}/T${probed.thumb}, unprobed ${want.pc.toString(16)}/T${want.thumb}`,
          );
        }
        if (probed.itState !== want.itState) failures.push(`${where}: ITSTATE ${probed.itState} vs ${want.itState}`);
        const r = want.regs.findIndex((x, n) => x !== probed.regs[n]);
        if (r >= 0)
          failures.push(`${where}: r${r} ${probed.regs[r]!.toString(16)}, unprobed ${want.regs[r]!.toString(16)}`);
        if (probed.apsr !== want.apsr)
          failures.push(`${where}: apsr ${probed.apsr.toString(16)}, unprobed ${want.apsr.toString(16)}`);
        const m = want.scratch.findIndex((b, k) => b !== probed.scratch[k]);
        if (m >= 0) failures.push(`${where}: scratch byte ${m} differs`);
        for (const p of probes) {
          const expected = passes[scenario]!.get(p.address) ?? 0;
          const got = calls.get(p.address) ?? 0;
          fired += got;
          if (got !== expected)
            failures.push(`${where}: probe at ${p.address.toString(16)} fired ${got}, ran ${expected}`);
        }
      }
      kprobes.batch(() => {
        for (const p of probes) kprobes.unregister(p);
      });
      const changed = image.filter(([a, thumb, w]) => textAt(machine, a, thumb) !== w);
      if (changed.length > 0) failures.push(`${v.form}: text not restored at ${changed.map(([a]) => a.toString(16))}`);
    }
    expect(failures.slice(0, 30), `${failures.length} failures`).toEqual([]);
    // The method must have had something to compare: most instructions accepted, both states, conditions
    // failing as well as passing.
    expect(thumbProbes).toBeGreaterThan(vectors.length);
    expect(armProbes).toBeGreaterThan(0);
    expect(rejected).toBeLessThan(probedInstructions / 4);
    expect(fired).toBeGreaterThan(probedInstructions * 8);
    expect(conditionFailed).toBeGreaterThan(1000);
  });
});
