/**
 * The kernel's kprobes self-test method, ported: every instruction form runs twice per scenario, without
 * and with a probe on it, from identical registers, flags and memory; the outcomes must be identical and
 * the probe must fire exactly when the instruction's condition passes.
 */
import { type A32Instruction, classifyArmProbe } from '@armprobe/decoder';
import { Machine, type RunResult } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import { mulberry32, probeForms, probeLeaves } from '../../decoder/test/probe-forms.js';
import { conditionPasses, Kprobes } from '../src/index.js';

const CODE = 0x00010000;
const INSN = CODE + 0x800;
const BUFFER = 0x00020000;
const BUFFER_SIZE = 0x4000;
const BUFFER_MID = BUFFER + BUFFER_SIZE / 2;
/** SP, high in the buffer: data accesses (base registers at BUFFER_MID ± 4 KiB) stay clear of the stack. */
const STACK_POINTER = BUFFER + BUFFER_SIZE - 0x100;
/** Every code word but the instruction is this undefined encoding: reaching one ends the run. */
const END = 0xe7f000f0;
const VALUES = [0x12345678, 0xedcba987, 0x00a5f801, 0xff5a07fe, 0x456789ab, 0xdeaddead];
const CPSR_COMPARED = ~((1 << 8) | (1 << 6)) >>> 0; // A and F masked, as the kernel's test does
/** User mode with IRQ and FIQ masked (an interrupt is kept pending so WFI completes, see Bench.run). */
const USR = 0x10 | 0x80 | 0x40;

/** Registers for a form: data values from the kernel's constants, pointers into the buffer for memory forms. */
function registersFor(insn: A32Instruction, scenario: number): number[] {
  const regs = Array.from({ length: 15 }, (_, i) => VALUES[(i + scenario) % VALUES.length]!);
  regs[13] = STACK_POINTER;
  regs[14] = CODE + 0x40;
  const i = insn as A32Instruction & { rn?: number; rm?: number; registerOffset?: boolean };
  if (insn.memory !== null || insn.kind === 'loadStoreMultiple') {
    if (typeof i.rn === 'number' && i.rn < 13) regs[i.rn] = BUFFER_MID + 16 * scenario;
    // A small offset that never makes a PC-relative access read the probed instruction's own word.
    if (typeof i.rm === 'number' && i.rm < 13 && i.rm !== i.rn) regs[i.rm] = 16 + 4 * (scenario & 7);
  }
  if (insn.kind === 'branch-exchange' && insn.rm < 15) regs[insn.rm] = CODE + 0x20 + 8 * scenario;
  return regs;
}

interface Outcome {
  readonly reason: RunResult['reason'];
  readonly pc: number;
  readonly regs: readonly number[];
  readonly cpsr: number;
  readonly memory: Uint32Array;
}

class Bench {
  readonly machine = new Machine({ linuxUser: false });
  readonly kprobes: Kprobes;
  readonly optprobes: Kprobes;
  private readonly pristine: Uint8Array;

  constructor() {
    this.machine.memory.map(CODE, 0x1000, 'rx');
    this.machine.memory.map(BUFFER, BUFFER_SIZE, 'rw');
    const rand = mulberry32(0xb0ff);
    this.pristine = Uint8Array.from({ length: BUFFER_SIZE }, () => rand() & 0xff);
    this.kprobes = new Kprobes(this.machine, { areaBase: 0x00100000, areaSize: 0x10000 });
    // A second kprobes layer whose probes become optprobes (a branch to a trampoline and the gate).
    this.optprobes = new Kprobes(this.machine, { areaBase: 0x00200000, areaSize: 0x100000, optimize: true });
  }

  /** Writes the code page (the instruction among END words) and the buffer. */
  load(insn: A32Instruction): void {
    const { machine } = this;
    for (let a = CODE; a < CODE + 0x1000; a += 4) machine.memory.poke32(a, a === INSN ? insn.word : END);
  }

  run(insn: A32Instruction, scenario: number): Outcome {
    const { machine } = this;
    machine.memory.writeBytes(BUFFER, this.pristine);
    const cpu = machine.cpus[0]!;
    cpu.stopRequest = null;
    // WFE and WFI must complete (the kernel simulates them as NOPs): an event is pending, and a masked
    // interrupt is pending (it wakes WFI but is not taken).
    cpu.waitingForEvent = false;
    cpu.waitingForInterrupt = false;
    cpu.eventRegister = true;
    cpu.irqLine = true;
    cpu.monitor.clear();
    cpu.writeCpsr(USR | ((scenario << 28) >>> 0) | (scenario << 16) | ((scenario & 1) << 27), -1);
    registersFor(insn, scenario).forEach((v, n) => {
      cpu.regs[n] = v | 0;
    });
    cpu.pc = INSN;
    cpu.nextPc = INSN;
    const result = machine.run({ maxInstructions: 1000 });
    return {
      reason: result.reason,
      pc: result.fault?.pc ?? cpu.pc,
      regs: Array.from(cpu.regs.subarray(0, 15), (v) => v >>> 0),
      cpsr: (cpu.cpsr & CPSR_COMPARED) >>> 0,
      memory: Uint32Array.from({ length: BUFFER_SIZE / 4 }, (_, i) => machine.memory.peek32(BUFFER + 4 * i)),
    };
  }
}

describe('kprobes self-test (the kernel method)', () => {
  const all = probeForms(INSN);

  it('covers every deciding entry of the ARM probe table, and register variants', () => {
    const entries = new Set(all.map((insn) => classifyArmProbe(insn).entry));
    const deciding = new Set(probeLeaves().map((l) => l.entry.name));
    const missing = [...deciding].filter((name) => !entries.has(name));
    expect(missing).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(250);
    expect(all.some((i) => (i.reads & (1 << 15)) !== 0)).toBe(true);
    expect(all.some((i) => (i.reads & (1 << 13)) !== 0)).toBe(true);
  });

  it(`every form (${all.length}) behaves identically with and without a probe in all 16 scenarios`, () => {
    const bench = new Bench();
    const failures: string[] = [];
    const optimizedForms = new Set<number>();
    let fired = 0;
    for (const insn of all) {
      bench.load(insn);
      for (let scenario = 0; scenario < 16; scenario++) {
        const plain = bench.run(insn, scenario);
        let calls = 0;
        const probe = bench.kprobes.register({ address: INSN, pre: () => void calls++ });
        const probed = bench.run(insn, scenario);
        bench.kprobes.unregister(probe);
        // The same with an optprobe (when the optimizer accepts the instruction).
        let optCalls = 0;
        const opt = bench.optprobes.register({ address: INSN, pre: () => void optCalls++ });
        bench.optprobes.optimizeNow();
        // An optprobe's trampoline pushes its frame below SP, so it needs SP to be a stack: forms that this
        // harness runs with SP pointing into the (read-only) code page (`bx sp`) are breakpoint-only here.
        const spIsStack = registersFor(insn, scenario)[13] === STACK_POINTER;
        // Loads relative to SP may read below it, where the trampoline keeps its frame: that memory is dead
        // by the ABI (the kernel's optprobes share the property), so those forms are compared as breakpoints only.
        const readsBelowSp = insn.memory?.access === 'load' && (insn as { rn?: number }).rn === 13;
        if (opt.optimized && spIsStack && !readsBelowSp) {
          optimizedForms.add(insn.word);
          const viaTrampoline = bench.run(insn, scenario);
          const w = `${insn.word.toString(16)} (${insn.op}) scenario ${scenario} [optprobe]`;
          if (optCalls !== (calls === 1 ? 1 : 0)) failures.push(`${w}: fired ${optCalls} times`);
          if (plain.reason !== viaTrampoline.reason || plain.pc !== viaTrampoline.pc) {
            failures.push(
              `${w}: ended ${plain.reason}@${plain.pc.toString(16)} vs ${viaTrampoline.reason}@${viaTrampoline.pc.toString(16)}`,
            );
          }
          const d = plain.regs.findIndex((v, n) => v !== viaTrampoline.regs[n]);
          if (d >= 0)
            failures.push(`${w}: r${d} ${plain.regs[d]!.toString(16)} vs ${viaTrampoline.regs[d]!.toString(16)}`);
          if (plain.cpsr !== viaTrampoline.cpsr) failures.push(`${w}: cpsr differs`);
          // The trampoline's pt_regs frame lives in the dead stack below SP (the 512 bytes under it are not
          // compared; the instruction's own stores below SP sit above the frame and are compared).
          const sp = (STACK_POINTER - BUFFER) / 4;
          const m = plain.memory.findIndex((v, k) => (k < sp - 128 || k >= sp) && v !== viaTrampoline.memory[k]);
          if (m >= 0) failures.push(`${w}: memory differs at 0x${(BUFFER + 4 * m).toString(16)}`);
        }
        bench.optprobes.unregister(opt);
        const shouldFire = conditionPasses(
          insn.cond,
          scenario >>> 3,
          (scenario >>> 2) & 1,
          (scenario >>> 1) & 1,
          scenario & 1,
        );
        fired += calls;
        const where = `${insn.word.toString(16)} (${insn.op}) scenario ${scenario}`;
        if (calls !== (shouldFire ? 1 : 0)) failures.push(`${where}: probe fired ${calls} times`);
        if (plain.reason !== probed.reason || plain.pc !== probed.pc) {
          failures.push(
            `${where}: ended ${plain.reason}@${plain.pc.toString(16)} vs ${probed.reason}@${probed.pc.toString(16)}`,
          );
        }
        const diff = plain.regs.findIndex((v, n) => v !== probed.regs[n]);
        if (diff >= 0)
          failures.push(`${where}: r${diff} ${plain.regs[diff]!.toString(16)} vs ${probed.regs[diff]!.toString(16)}`);
        if (plain.cpsr !== probed.cpsr)
          failures.push(`${where}: cpsr ${plain.cpsr.toString(16)} vs ${probed.cpsr.toString(16)}`);
        const at = plain.memory.findIndex((v, k) => v !== probed.memory[k]);
        if (at >= 0) failures.push(`${where}: memory differs at 0x${(BUFFER + 4 * at).toString(16)}`);
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
    expect(fired).toBeGreaterThan(all.length * 8);
    expect(optimizedForms.size).toBeGreaterThanOrEqual(Math.floor(all.length * 0.95));
  });
});
