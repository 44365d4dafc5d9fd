/**
 * The kernel's kprobes self-test method with the optimizer on, over the Thumb state vectors (fixtures/state-
 * vectors/thumb.jsonl.gz): each one-instruction vector's instruction is followed by a NOP (where that does not
 * overwrite what it reads) and a `udf`, which ends the run, also placed where the vector exits when it
 * branches. Both instructions are probed (every instruction, as the kernel's test does) and optimized with
 * `optimizeNow()`: a 32-bit instruction alone, a 16-bit one together with the NOP. Run from the vector's flags
 * and from one more NZCV scenario, the unprobed and optprobed runs must end identically — registers, flags,
 * PC and state, the scratch buffer — and every probe must fire as often as its instruction ran with its
 * condition passing; the text must be restored after unregistering.
 */
import { fileURLToPath } from 'node:url';
import { classifyThumbProbe, decodeThumb, isThumb32 } from '@armprobe/decoder';
import { Machine } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import { readVectorFile } from '../../emulator/test/state-vector-harness.js';
import { conditionPasses, type Kprobe, KprobeError, Kprobes } from '../src/index.js';
import { textAt } from './helpers.js';

const PATH = fileURLToPath(new URL('../../../fixtures/state-vectors/thumb.jsonl.gz', import.meta.url));

interface ThumbStateVector {
  readonly form: string;
  readonly addr: number;
  readonly slot: number;
  readonly bytes: string;
  readonly steps: number;
  readonly before: { r: number[]; sp: number; lr: number; apsr: number };
  readonly after: { pc: number; t: number };
}

/**
 * Between the vectors' slots (0x400000–0x524000) and the scratch buffer (0x800000): within ±4 MiB of every
 * slot, where a pair's B.W can have a `bkpt` second halfword. A pair's trampoline may take a page of its own.
 */
const AREA_BASE = 0x00600000;
const AREA_SIZE = 0x200000;
const STACK_TOP = 0x00c00800;
const NOP = 0xbf00;
const THUMB_UDF = 0xdefe;
const ARM_UDF = 0xe7f000f0;

describe('kprobes self-test on the Thumb state vectors with optprobes', () => {
  const data = readVectorFile<ThumbStateVector>(PATH);
  it('has the Thumb state vectors', () => {
    expect(data, PATH).not.toBeNull();
  });
  if (data === null) return;
  const { header, vectors } = data;
  const pattern = Uint8Array.from(header.memBefore.match(/../g)!.map((b) => Number.parseInt(b, 16)));

  it(`every one-instruction vector probed and optimized: identical outcomes, hits = passing executions`, () => {
    const machine = new Machine({ linuxUser: false });
    const cpu = machine.cpus[0]!;
    machine.memory.map(header.scratchAddr & ~0xfff, 0x1000, 'rw');
    for (const page of new Set(vectors.map((v) => v.slot & ~0xfff))) {
      if (!machine.memory.isMapped(page)) machine.memory.map(page, 0x1000, 'rx');
    }
    machine.memory.map(STACK_TOP - 0x1000, 0x2000, 'rw');
    const kprobes = new Kprobes(machine, { areaBase: AREA_BASE, areaSize: AREA_SIZE, optimize: true });
    const failures: string[] = [];
    const refused = new Map<string, number>();
    let optimizedProbes = 0;
    let thumbProbes = 0;
    /** The vectors' own instructions (not the NOPs, which a 32-bit instruction before them leaves alone). */
    let firstProbes = 0;
    let firstOptimized = 0;
    let fired = 0;
    let single = 0;
    vectors.forEach((v, index) => {
      if (v.steps !== 1) return;
      const bytes = Uint8Array.from(v.bytes.match(/../g)!.map((b) => Number.parseInt(b, 16)));
      machine.memory.writeBytes(v.slot, bytes);
      const peek = (a: number) => machine.memory.peek16(a);
      const first = decodeThumb(peek(v.addr), isThumb32(peek(v.addr)) ? peek(v.addr + 2) : 0, v.addr, 0);
      const fall = v.addr + first.length;
      const lit = first.kind === 'loadStoreImmediate' ? first.literalAddress : null;
      const overlaps = (a: number) => lit !== null && a < lit + 8 && lit < a + 4;
      if (first.kind === 'table-branch' || overlaps(fall)) return;
      if (v.after.pc !== fall && (overlaps(v.after.pc) || (v.after.pc >= v.addr && v.after.pc < fall + 4))) return;
      // The trampolines' frames need a stack: an instruction that does not use SP gets one.
      const usesSp = ((first.reads | first.writes) & (1 << 13)) !== 0;
      if (usesSp) return;
      single++;
      machine.memory.poke16(fall, NOP);
      machine.memory.poke16(fall + 2, THUMB_UDF);
      if (v.after.pc !== fall) {
        if (v.after.t === 1) machine.memory.poke16(v.after.pc, THUMB_UDF);
        else machine.memory.poke32(v.after.pc, ARM_UDF);
      }
      const sp = index % 2 === 0 ? STACK_TOP : STACK_TOP - 4;
      const scenarios = [v.before.apsr >>> 28, index % 16];
      const run = (nzcv: number) => {
        machine.memory.writeBytes(header.scratchAddr, pattern);
        cpu.stopRequest = null;
        cpu.monitor.clear();
        cpu.writeCpsr(0x30, -1);
        v.before.r.forEach((value, i) => {
          cpu.regs[i] = value;
        });
        cpu.regs[13] = sp;
        cpu.regs[14] = v.before.lr;
        cpu.setApsr(((v.before.apsr & 0x0fffffff) | (nzcv << 28)) >>> 0);
        cpu.pc = v.addr;
        cpu.nextPc = v.addr;
        const r = machine.run({ maxInstructions: 500 });
        return {
          reason: r.reason,
          pc: (r.fault?.pc ?? cpu.pc) >>> 0,
          thumb: cpu.thumb,
          regs: Array.from(cpu.regs.subarray(0, 15), (x) => x >>> 0),
          apsr: (cpu.apsr & header.apsrMask) >>> 0,
          scratch: machine.memory.readBytes(header.scratchAddr, header.scratchSize),
        };
      };
      const plain = scenarios.map(run);
      const image = [v.addr, fall].map((a) => [a, textAt(machine, a, true)] as const);
      const probes: Kprobe[] = [];
      let calls = new Map<number, number>();
      kprobes.batch(() => {
        for (const address of [v.addr, fall]) {
          try {
            probes.push(
              kprobes.register({
                address: address | 1,
                pre: () => void calls.set(address, (calls.get(address) ?? 0) + 1),
              }),
            );
          } catch (error) {
            if (!(error instanceof KprobeError) || error.code !== 'rejected') throw error;
          }
        }
      });
      kprobes.optimizeNow();
      for (const p of probes) {
        thumbProbes++;
        if (p.address === v.addr) {
          firstProbes++;
          if (p.optimized) firstOptimized++;
        }
        if (p.optimized) optimizedProbes++;
        else {
          const reason = (p.notOptimized ?? 'none').split(':')[0]!;
          refused.set(reason, (refused.get(reason) ?? 0) + 1);
        }
      }
      const condition = classifyThumbProbe(first).condition;
      scenarios.forEach((nzcv, k) => {
        calls = new Map();
        const probed = run(nzcv);
        const want = plain[k]!;
        const where = `${v.form} @${v.addr.toString(16)} NZCV=${nzcv.toString(2)}${probes.some((p) => p.optimized) ? ' (optimized)' : ''}`;
        if (probed.reason !== want.reason || probed.pc !== want.pc || probed.thumb !== want.thumb) {
          failures.push(
            `${where}: ended ${probed.reason}@${probed.pc.toString(16)}, unprobed ${want.reason}@${want.pc.toString(16)}`,
          );
        }
        const r = want.regs.findIndex((x, n) => x !== probed.regs[n]);
        if (r >= 0)
          failures.push(`${where}: r${r} ${probed.regs[r]!.toString(16)}, unprobed ${want.regs[r]!.toString(16)}`);
        if (probed.apsr !== want.apsr)
          failures.push(`${where}: apsr ${probed.apsr.toString(16)} vs ${want.apsr.toString(16)}`);
        if (want.scratch.some((b, i) => b !== probed.scratch[i])) failures.push(`${where}: scratch differs`);
        const firstFires =
          condition.source !== 'branch' ||
          conditionPasses(condition.cond, nzcv >>> 3, (nzcv >>> 2) & 1, (nzcv >>> 1) & 1, nzcv & 1);
        const nopRan = want.pc === fall + 2;
        const expected = new Map([
          [v.addr, firstFires ? 1 : 0],
          [fall, nopRan ? 1 : 0],
        ]);
        for (const p of probes) {
          const got = calls.get(p.address) ?? 0;
          fired += got;
          if (got !== expected.get(p.address))
            failures.push(`${where}: probe at ${p.address.toString(16)} fired ${got}, ran ${expected.get(p.address)}`);
        }
      });
      kprobes.batch(() => {
        for (const p of probes) kprobes.unregister(p);
      });
      const changed = image.filter(([a, w]) => textAt(machine, a, true) !== w);
      if (changed.length > 0) failures.push(`${v.form}: text not restored at ${changed.map(([a]) => a.toString(16))}`);
    });
    expect(failures.slice(0, 30), `${failures.length} failures`).toEqual([]);
    console.log(
      `kprobes Thumb self-test with optprobes: ${single} vectors, ${thumbProbes} probes, ${optimizedProbes} optimized; the vectors' instructions: ${firstOptimized}/${firstProbes} (${((100 * firstOptimized) / firstProbes).toFixed(1)}%); ${fired} handler calls; breakpoints: ${JSON.stringify(Object.fromEntries(refused))}`,
    );
    expect(single).toBeGreaterThan(1200);
    expect(firstOptimized / firstProbes).toBeGreaterThanOrEqual(0.9);
    expect(fired).toBeGreaterThan(thumbProbes);
  });
});
