/**
 * The kernel's kprobes self-test method applied to Thumb optprobes over the Thumb state vectors
 * (fixtures/state-vectors/thumb.jsonl.gz, qemu-arm's outcomes): each vector's slot is loaded, the probed
 * instruction at its address is followed by a NOP (where that does not overwrite what the instruction reads)
 * and a `udf`, and the run ends at the first `udf` — also placed where the vector exits when it branches.
 * The unprobed run must reach qemu-arm's registers and flags; the probed run (the instruction and the NOP
 * both probed in even vectors, the instruction alone in odd ones) must end identically: registers, flags,
 * PC and state, the scratch buffer and the stack outside the pt_regs frames. Handlers must fire exactly when
 * kprobes would run them and see the registers before each instruction.
 */
import { fileURLToPath } from 'node:url';
import { classifyThumbProbe, decodeThumb, isThumb32 } from '@armprobe/decoder';
import { Machine } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import { readVectorFile, scratchPattern } from '../../emulator/test/state-vector-harness.js';
import {
  MAX_THUMB_TRAMPOLINE_HALFWORDS,
  OPTPROBE_GATE_WORD,
  planThumbOptimization,
  readPtRegsFrame,
  scanThumbFunction,
  writePtRegsFrame,
} from '../src/index.js';
import { conditionPasses } from './bench.js';

const PATH = fileURLToPath(new URL('../../../fixtures/state-vectors/thumb.jsonl.gz', import.meta.url));

interface ThumbStateVector {
  readonly form: string;
  readonly addr: number;
  readonly slot: number;
  readonly bytes: string;
  readonly steps: number;
  readonly before: { r: number[]; sp: number; lr: number; apsr: number };
  readonly after: { r: number[]; sp: number; lr: number; apsr: number; pc: number; t: number };
}

const NOP = 0xbf00;
const THUMB_UDF = 0xdefe;
const ARM_UDF = 0xe7f000f0;
const AREA = 0x00e00000;
const GATE = AREA;
const SLOT = AREA + 0x100;
const STACK_TOP = 0x00c00800;
const FIRST_ID = 1;
const SECOND_ID = 2;
const CPSR_COMPARED = ~((1 << 8) | (1 << 6)) >>> 0;

interface Outcome {
  readonly reason: string;
  readonly pc: number;
  readonly thumb: number;
  readonly regs: readonly number[];
  readonly cpsr: number;
  readonly scratch: Uint8Array;
  readonly stack: Uint8Array;
}

const data = readVectorFile<ThumbStateVector>(PATH);

describe('Thumb optprobe self-test over the Thumb state vectors', () => {
  it('has the Thumb state vectors', () => {
    expect(data, PATH).not.toBeNull();
  });
  if (data === null) return;
  const { header, vectors } = data;
  const pattern = scratchPattern(header);

  it(`every optimisable vector of ${vectors.length} behaves identically with and without the optprobe`, () => {
    const failures: string[] = [];
    const refused = new Map<string, Set<string>>();
    const skipped = new Map<string, number>();
    const how = new Map<string, number>();
    let optimised = 0;
    let pairs = 0;
    let fired = 0;
    let longest = 0;
    vectors.forEach((v, index) => {
      const skip = (why: string) => {
        skipped.set(why, (skipped.get(why) ?? 0) + 1);
      };
      const m = new Machine({ linuxUser: false });
      m.memory.map(header.scratchAddr & ~0xfff, 0x1000, 'rw');
      const page = v.slot & ~0xfff;
      m.memory.map(page, 0x2000, 'rx');
      const peek = (a: number) => m.memory.peek16(a);
      const bytes = Uint8Array.from(v.bytes.match(/../g)!.map((b) => Number.parseInt(b, 16)));
      m.memory.writeBytes(v.slot, bytes);
      const first = decodeThumb(peek(v.addr), isThumb32(peek(v.addr)) ? peek(v.addr + 2) : 0, v.addr, 0);
      // The optprobe's frame needs a stack: an instruction that does not use SP runs with SP in a stack page
      // (word aligned, 8-byte aligned in every other vector); one that does keeps the vector's SP when usable.
      const usesSp = ((first.reads | first.writes) & (1 << 13)) !== 0;
      const sp = usesSp ? v.before.sp >>> 0 : index % 2 === 0 ? STACK_TOP : STACK_TOP - 4;
      if (sp % 4 !== 0 || sp < 0x10000 || sp > 0xfff00000) {
        skip('uses an SP that is not a stack');
        return;
      }
      const stackPage = ((sp - 0x1000) & ~0xfff) >>> 0;
      if (stackPage === page || stackPage === page + 0x1000 || stackPage + 0x1000 === page) {
        skip('SP in the code');
        return;
      }
      if (Math.abs(stackPage - (header.scratchAddr & ~0xfff)) <= 0x1000) {
        skip('SP in the scratch buffer');
        return;
      }
      m.memory.map(stackPage, 0x2000, 'rw');
      m.memory.map(AREA, 0x1000, 'rx');
      m.memory.poke32(GATE, OPTPROBE_GATE_WORD);
      // What the instruction reads around it must stay: its literal, its table.
      const fall = v.addr + first.length;
      const reads = first.kind === 'loadStoreImmediate' && first.literalAddress !== null ? first.literalAddress : null;
      const overlaps = (a: number, n: number) => reads !== null && a < reads + 8 && reads < a + n;
      if (first.kind === 'table-branch' || overlaps(fall, 4)) {
        skip('the fall-through holds data');
        return;
      }
      const inside = (a: number) => a >= v.addr && a < fall + 4;
      // A one-instruction vector gets the NOP after it; a sequence (LDREX/STREX, IT blocks, BLX to an ARM
      // pad) keeps its instructions and ends at its exit.
      const single = v.steps === 1;
      if (single) {
        m.memory.poke16(fall, NOP);
        m.memory.poke16(fall + 2, THUMB_UDF);
      }
      if (!single || v.after.pc !== fall) {
        if ((single && inside(v.after.pc)) || overlaps(v.after.pc, 4)) {
          skip('the exit is inside the code read');
          return;
        }
        if (v.after.t === 1) m.memory.poke16(v.after.pc, THUMB_UDF);
        else m.memory.poke32(v.after.pc, ARM_UDF);
      }
      const cpu = m.cpus[0]!;
      let handlerCalls: { id: number; uregs: Uint32Array; sp: number; frame: number }[] = [];
      m.hooks.onHostCall(GATE, (c) => {
        const frame = c.regs[1]! >>> 0;
        const id = c.regs[0]! >>> 0;
        const uregs = readPtRegsFrame(m.memory, frame);
        handlerCalls.push({ id, uregs: uregs.slice(), sp: c.regs[13]! >>> 0, frame });
        uregs[15] = id === FIRST_ID ? v.addr : fall;
        writePtRegsFrame(m.memory, frame, uregs);
        return c.regs[14]! >>> 0;
      });
      const run = (): Outcome => {
        m.memory.writeBytes(header.scratchAddr, pattern);
        m.memory.writeBytes(stackPage, new Uint8Array(0x2000).fill(0x5a));
        cpu.stopRequest = null;
        cpu.writeCpsr(0x30, -1);
        v.before.r.forEach((value, i) => {
          cpu.regs[i] = value;
        });
        cpu.regs[13] = sp;
        cpu.regs[14] = v.before.lr;
        cpu.setApsr(v.before.apsr);
        cpu.pc = v.addr;
        cpu.nextPc = v.addr;
        const result = m.run({ maxInstructions: 2000 });
        return {
          reason: result.reason,
          pc: result.fault?.pc ?? cpu.pc,
          thumb: cpu.thumb,
          regs: Array.from(cpu.regs.subarray(0, 15), (x) => x >>> 0),
          cpsr: (cpu.cpsr & CPSR_COMPARED) >>> 0,
          scratch: m.memory.readBytes(header.scratchAddr, header.scratchSize),
          stack: m.memory.readBytes(stackPage, 0x2000),
        };
      };
      const startCpsr = (0x30 | (v.before.apsr & 0xf80f0000)) >>> 0;
      const plain = run();
      const where = `${v.form} @0x${v.addr.toString(16)}`;
      // The harness against qemu-arm: the unprobed run reaches the vector's registers and flags.
      const oracle = [...v.after.r, usesSp ? v.after.sp : sp, v.after.lr];
      if (plain.regs.some((x, i) => x !== oracle[i]! >>> 0) || ((plain.cpsr ^ v.after.apsr) & header.apsrMask) !== 0) {
        failures.push(`${where}: the unprobed run differs from qemu-arm`);
        return;
      }
      const both = index % 2 === 0;
      const probes = new Map([[v.addr, FIRST_ID]]);
      if (both) probes.set(fall, SECOND_ID);
      const scan = scanThumbFunction([{ start: v.addr, end: single ? fall + 2 : v.after.pc }], { readHalfword: peek });
      const plan = planThumbOptimization({
        address: v.addr,
        scan,
        probes,
        slotAddress: SLOT,
        gateAddress: GATE,
        hasPostHandler: false,
      });
      if (!plan.ok) {
        const forms = refused.get(plan.reason) ?? new Set<string>();
        forms.add(v.form);
        refused.set(plan.reason, forms);
        return;
      }
      optimised++;
      if (plan.covered.length === 2) pairs++;
      longest = Math.max(longest, plan.trampoline.halfwords.length);
      const key = plan.trampoline.steps[0]!.how;
      how.set(key, (how.get(key) ?? 0) + 1);
      plan.trampoline.halfwords.forEach((h, i) => {
        m.memory.poke16(SLOT + 2 * i, h);
      });
      m.memory.poke16(v.addr, plan.branchHalfwords[0]);
      m.memory.poke16(v.addr + 2, plan.branchHalfwords[1]);
      handlerCalls = [];
      const probed = run();
      fired += handlerCalls.length;
      const problems: string[] = [];
      if (plain.reason !== probed.reason || plain.pc !== probed.pc || plain.thumb !== probed.thumb) {
        problems.push(
          `ended ${plain.reason}@${plain.pc.toString(16)}/T${plain.thumb} vs ${probed.reason}@${probed.pc.toString(16)}/T${probed.thumb}`,
        );
      }
      plain.regs.forEach((x, i) => {
        if (x !== probed.regs[i]) problems.push(`r${i} ${x.toString(16)} vs ${probed.regs[i]!.toString(16)}`);
      });
      if (plain.cpsr !== probed.cpsr) problems.push(`cpsr ${plain.cpsr.toString(16)} vs ${probed.cpsr.toString(16)}`);
      if (plain.scratch.some((b, k) => b !== probed.scratch[k])) problems.push('scratch buffer differs');
      const dead = (a: number) => handlerCalls.some((k) => a >= k.frame && a < k.frame + 72);
      if (plain.stack.some((b, k) => b !== probed.stack[k] && !dead(stackPage + k))) {
        problems.push('stack differs');
      }
      // Handlers: the first fires when kprobes runs it (a B<c> only when its condition passes), the NOP when reached.
      const condition = classifyThumbProbe(first).condition;
      const firstFires = condition.source !== 'branch' || conditionPasses(condition.cond, v.before.apsr >>> 28);
      const firstCalls = handlerCalls.filter((k) => k.id === FIRST_ID);
      if (firstCalls.length !== (firstFires ? 1 : 0)) problems.push(`first handler fired ${firstCalls.length} times`);
      const reachedNop = single ? plain.pc === fall + 2 : (first.writes & (1 << 15)) === 0;
      const secondCalls = handlerCalls.filter((k) => k.id === SECOND_ID).length;
      if (both && plan.covered.length === 2 && secondCalls !== (reachedNop ? 1 : 0)) {
        problems.push(`second handler fired ${secondCalls} times`);
      }
      const seen = firstCalls[0];
      if (seen !== undefined) {
        const expected = [...v.before.r, sp, v.before.lr, v.addr, startCpsr, v.before.r[0]!].map((x) => x >>> 0);
        const got = Array.from(seen.uregs);
        if (got.some((x, i) => x !== expected[i])) problems.push(`pt_regs ${got.map((x) => x.toString(16))}`);
        if (seen.sp % 8 !== 0) problems.push('SP not 8-byte aligned at the gate');
      }
      if (problems.length > 0)
        failures.push(`${where} (${plan.trampoline.steps.map((s) => s.how)}): ${problems.join('; ')}`);
    });
    expect(failures.slice(0, 20)).toEqual([]);
    const refusedCount = [...refused.values()].reduce((n, s) => n + s.size, 0);
    console.log(
      `Thumb optprobe self-test: ${vectors.length} vectors, ${optimised} optimised (${pairs} covering two instructions; first step ${JSON.stringify(Object.fromEntries(how))}), ` +
        `${fired} handler calls, longest trampoline ${longest} halfwords; refused forms: ${JSON.stringify(Object.fromEntries([...refused].map(([r, s]) => [r, [...s]])))}; skipped: ${JSON.stringify(Object.fromEntries(skipped))}`,
    );
    expect(longest).toBeLessThanOrEqual(MAX_THUMB_TRAMPOLINE_HALFWORDS);
    expect(optimised).toBeGreaterThan(1500);
    expect(pairs).toBeGreaterThan(200);
    expect(refusedCount).toBeGreaterThan(0);
    // Refused: IT instructions, what kprobes rejects, and 16-bit pairs the function scan forbids — the
    // vector's own computed branch (its targets are unknown), or a 16-bit call (it returns inside the B.W).
    const allowed = [
      'it-instruction',
      'classification-rejected',
      'indirect-branch-in-function',
      'call-return-inside',
      'end-of-function',
    ];
    for (const reason of refused.keys()) expect(allowed).toContain(reason);
    for (const form of refused.get('indirect-branch-in-function') ?? [])
      expect(form).toMatch(/^t16-(bx|mov-pc|add-pc)/);
    for (const form of refused.get('call-return-inside') ?? []) expect(form).toMatch(/^t16-blx/);
    for (const form of refused.get('end-of-function') ?? []) expect(form).toMatch(/^t16-blx/);
  });
});
