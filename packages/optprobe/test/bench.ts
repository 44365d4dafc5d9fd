/**
 * A test bench for trampolines on the emulator, in the style of the kernel's kprobes self-test: one
 * instruction at INSN among undefined words (reaching one ends the run), a data buffer, a slot area
 * with the host-call gate, and runs with and without the probe from identical registers, flags and
 * memory.
 */
import { type A32Instruction, classifyArmProbe, decodeA32 } from '@armprobe/decoder';
import { type ExceptionEvent, Machine, type RunResult } from '@armprobe/emulator';
import { mulberry32 } from '../../decoder/test/probe-forms.js';
import { OPTPROBE_GATE_WORD, planOptimization, readPtRegsFrame, writePtRegsFrame } from '../src/index.js';

export const CODE = 0x00010000;
export const INSN = CODE + 0x800;
export const BUFFER = 0x00020000;
export const BUFFER_SIZE = 0x4000;
export const BUFFER_MID = BUFFER + BUFFER_SIZE / 2;
/** The stack pointer: far above the data the memory forms address, so the frame never overlaps it. */
export const STACK = BUFFER + 0x3800;
export const AREA = 0x00100000;
export const GATE = AREA;
export const SLOT = AREA + 0x100;
/** Every code word but the instruction (and chosen data words) is this undefined encoding. */
export const END = 0xe7f000f0;
export const VALUES = [0x12345678, 0xedcba987, 0x00a5f801, 0xff5a07fe, 0x456789ab, 0xdeaddead];
/** A and F masked, as the kernel's test does. */
const CPSR_COMPARED = ~((1 << 8) | (1 << 6)) >>> 0;
/** User mode with IRQ and FIQ masked (a masked interrupt is kept pending so WFI completes). */
export const USR = 0x10 | 0x80 | 0x40;
export const PROBE_ID = 0x0badc0de;

export function conditionPasses(cond: number, s: number): boolean {
  const n = s >>> 3;
  const z = (s >>> 2) & 1;
  const c = (s >>> 1) & 1;
  const v = s & 1;
  let r: boolean;
  switch (cond >>> 1) {
    case 0:
      r = z === 1;
      break;
    case 1:
      r = c === 1;
      break;
    case 2:
      r = n === 1;
      break;
    case 3:
      r = v === 1;
      break;
    case 4:
      r = c === 1 && z === 0;
      break;
    case 5:
      r = n === v;
      break;
    case 6:
      r = n === v && z === 0;
      break;
    default:
      return true;
  }
  return (cond & 1) === 1 ? !r : r;
}

/** CPSR of a scenario: N Z C V = s, GE = s, Q = s & 1 (the kernel's 16 ARM scenarios). */
export function scenarioCpsr(s: number): number {
  return (USR | ((s << 28) >>> 0) | (s << 16) | ((s & 1) << 27)) >>> 0;
}

/** Registers for a form: the kernel's constants, pointers into the buffer for memory forms. */
export function registersFor(insn: A32Instruction, scenario: number): number[] {
  const regs = Array.from({ length: 15 }, (_, i) => VALUES[(i + scenario) % VALUES.length]!);
  regs[13] = STACK;
  regs[14] = CODE + 0x40;
  const i = insn as A32Instruction & { rn?: number; rm?: number };
  if (insn.memory !== null || insn.kind === 'loadStoreMultiple') {
    if (typeof i.rn === 'number' && i.rn < 13) regs[i.rn] = BUFFER_MID + 16 * scenario;
    if (typeof i.rm === 'number' && i.rm < 13 && i.rm !== i.rn) regs[i.rm] = 16 + 4 * (scenario & 7);
  }
  // SP stays a stack: an optprobe's frame needs writable memory below SP (as the kernel's does).
  if (insn.kind === 'branch-exchange' && insn.rm < 15 && insn.rm !== 13) regs[insn.rm] = CODE + 0x20 + 8 * scenario;
  return regs;
}

export interface Outcome {
  readonly reason: RunResult['reason'];
  readonly pc: number;
  readonly error: string | null;
  readonly regs: readonly number[];
  readonly cpsr: number;
  readonly memory: Uint32Array;
}

/** What the gate handler of a probed run sees and may do. */
export type Handler = (uregs: Uint32Array) => boolean | undefined;

export interface RunSetup {
  readonly scenario: number;
  /** Registers r0–r14 (default: registersFor). */
  readonly regs?: readonly number[];
  readonly cpsr?: number;
}

export class Bench {
  readonly machine = new Machine({ linuxUser: false });
  private readonly pristine: Uint8Array;
  private handler: Handler | null = null;
  /** pt_regs as each gate call saw them (before the handler changed them). */
  readonly calls: Uint32Array[] = [];
  /** The probe id each gate call received in r0. */
  readonly ids: number[] = [];
  /** SP at each gate call (AAPCS: 8-byte aligned). */
  readonly gateSp: number[] = [];
  probeAddress = INSN;
  /** Faults redirected from the trampoline to the probe address. */
  redirectedFaults = 0;
  /** The installed trampoline (for fault redirection). */
  private installed: { originalAt: number | null; mode: 'direct' | 'relocated'; word: number } | null = null;

  constructor(readonly slot = SLOT) {
    const m = this.machine.memory;
    m.map(CODE, 0x1000, 'rx');
    m.map(BUFFER, BUFFER_SIZE, 'rw');
    m.map(AREA, 0x1000, 'rx');
    if ((slot & ~0xfff) !== AREA) m.map(slot & ~0xfff, 0x1000, 'rx');
    m.poke32(GATE, OPTPROBE_GATE_WORD);
    const rand = mulberry32(0xb0ff);
    this.pristine = Uint8Array.from({ length: BUFFER_SIZE }, () => rand() & 0xff);
    // A fault of the word standing for the probed instruction is the probed instruction's fault: restore
    // the registers it would have seen (relocated: from the frame at SP) and raise it at the probe address.
    const redirect = (e: ExceptionEvent): boolean => {
      const t = this.installed;
      if (t === null || t.originalAt === null || e.pc >>> 0 !== t.originalAt) return false;
      const cpu = e.cpu;
      this.redirectedFaults++;
      if (t.mode === 'relocated') {
        const uregs = readPtRegsFrame(m, cpu.regs[13]! >>> 0);
        for (let i = 0; i < 15; i++) cpu.regs[i] = uregs[i]! | 0;
      }
      this.machine.raise(cpu, {
        kind: e.kind,
        pc: this.probeAddress,
        word: t.word,
        faultAddress: e.faultAddress,
        access: e.access,
        reason: e.reason,
      });
      e.resumeAt = cpu.nextPc;
      return true;
    };
    this.machine.hooks.on('dabt', redirect, { priority: 100 });
    this.machine.hooks.on('und', (e) => {
      if (redirect(e)) return true;
      if (e.pc >>> 0 !== GATE) return false;
      const cpu = e.cpu;
      const frame = cpu.regs[1]! >>> 0;
      const uregs = readPtRegsFrame(m, frame);
      this.calls.push(uregs.slice());
      this.ids.push(cpu.regs[0]! >>> 0);
      this.gateSp.push(cpu.regs[13]! >>> 0);
      // kprobes' rule: the PC a handler sets counts only when it says it took over.
      const tookOver = this.handler?.(uregs) === true;
      if (!tookOver) uregs[15] = this.probeAddress;
      writePtRegsFrame(m, frame, uregs);
      e.resumeAt = cpu.regs[14]! >>> 0;
      return true;
    });
  }

  /** Writes the code page: the instruction at INSN among END words, plus data words. */
  load(word: number, data: readonly (readonly [number, number])[] = []): void {
    const m = this.machine.memory;
    for (let a = CODE; a < CODE + 0x1000; a += 4) m.poke32(a, a === INSN ? word : END);
    for (const [a, v] of data) m.poke32(a, v);
  }

  /** Replaces the probed word by the branch to a freshly built trampoline; returns the plan. */
  probe(word: number, slot = this.slot) {
    const plan = planOptimization({
      address: INSN,
      word,
      slotAddress: slot,
      gateAddress: GATE,
      probeId: PROBE_ID,
      hasPostHandler: false,
    });
    if (!plan.ok) return plan;
    const m = this.machine.memory;
    plan.trampoline.words.forEach((w, i) => {
      m.poke32(slot + 4 * i, w);
    });
    m.poke32(INSN, plan.branchWord);
    this.installed = { originalAt: plan.trampoline.originalAt, mode: plan.trampoline.mode, word: word >>> 0 };
    return plan;
  }

  run(insn: A32Instruction, setup: RunSetup, handler: Handler | null = null): Outcome {
    const { machine } = this;
    this.handler = handler;
    machine.memory.writeBytes(BUFFER, this.pristine);
    const cpu = machine.cpus[0]!;
    cpu.stopRequest = null;
    cpu.waitingForEvent = false;
    cpu.waitingForInterrupt = false;
    cpu.eventRegister = true;
    cpu.irqLine = true;
    cpu.monitor.clear();
    cpu.writeCpsr(setup.cpsr ?? scenarioCpsr(setup.scenario), -1);
    (setup.regs ?? registersFor(insn, setup.scenario)).forEach((v, n) => {
      cpu.regs[n] = v | 0;
    });
    cpu.pc = INSN;
    cpu.nextPc = INSN;
    const result = machine.run({ maxInstructions: 1000 });
    return {
      reason: result.reason,
      pc: result.fault?.pc ?? cpu.pc,
      error: result.error?.message ?? null,
      regs: Array.from(cpu.regs.subarray(0, 15), (v) => v >>> 0),
      cpsr: (cpu.cpsr & CPSR_COMPARED) >>> 0,
      memory: Uint32Array.from({ length: BUFFER_SIZE / 4 }, (_, i) => machine.memory.peek32(BUFFER + 4 * i)),
    };
  }
}

/**
 * Differences between an unprobed and a probed outcome. The probed run's frame (below the original SP,
 * under the instruction's stack use) is dead stack and not compared.
 */
export function differences(plain: Outcome, probed: Outcome, frame: readonly [number, number] | null): string[] {
  const out: string[] = [];
  if (plain.reason !== probed.reason || plain.pc !== probed.pc || plain.error !== probed.error) {
    out.push(
      `ended ${plain.reason}@${plain.pc.toString(16)} ${plain.error} vs ${probed.reason}@${probed.pc.toString(16)} ${probed.error}`,
    );
  }
  plain.regs.forEach((v, n) => {
    if (v !== probed.regs[n]) out.push(`r${n} ${v.toString(16)} vs ${probed.regs[n]!.toString(16)}`);
  });
  if (plain.cpsr !== probed.cpsr) out.push(`cpsr ${plain.cpsr.toString(16)} vs ${probed.cpsr.toString(16)}`);
  for (let k = 0; k < plain.memory.length; k++) {
    const a = BUFFER + 4 * k;
    if (frame !== null && a >= frame[0] && a < frame[1]) continue;
    if (plain.memory[k] !== probed.memory[k]) {
      out.push(`memory at 0x${a.toString(16)}: ${plain.memory[k]!.toString(16)} vs ${probed.memory[k]!.toString(16)}`);
      break;
    }
  }
  return out;
}

export function decodeAt(word: number): A32Instruction {
  return decodeA32(word >>> 0, INSN);
}

export { classifyArmProbe };
