/**
 * A test bench for Thumb trampolines on the emulator, the kprobes self-test way: Thumb code in a code page
 * of `udf #254` halfwords (reaching one ends the run), a data buffer, a trampoline area with the host-call
 * gate (mapped as kprobes maps it: `onHostCall`, which returns like BX LR), and runs with and without the
 * optprobe from identical registers, flags and memory.
 */
import { classifyThumbProbe, decodeThumb, isThumb32, type ThumbInstruction } from '@armprobe/decoder';
import { type ExceptionEvent, Machine, type RunResult } from '@armprobe/emulator';
import { mulberry32 } from '../../decoder/test/probe-forms.js';
import {
  OPTPROBE_GATE_WORD,
  planThumbOptimization,
  readPtRegsFrame,
  scanThumbFunction,
  type ThumbCodeRange,
  type ThumbFaultSite,
  type ThumbOptimizationPlan,
  writePtRegsFrame,
} from '../src/index.js';
import { BUFFER, BUFFER_MID, BUFFER_SIZE, STACK, VALUES } from './bench.js';

export { BUFFER, BUFFER_MID, BUFFER_SIZE, STACK, VALUES };
export const CODE = 0x00010000;
export const INSN = CODE + 0x800;
export const AREA = 0x00100000;
export const GATE = AREA;
export const SLOT = AREA + 0x100;
/** Every code halfword but the instructions (and chosen data) is `udf #254`. */
export const THUMB_END = 0xdefe;
/** User mode, Thumb state, IRQ and FIQ masked. */
export const USR_THUMB = 0x10 | 0x20 | 0x80 | 0x40;
/** A and F masked, as the kernel's test does. */
const CPSR_COMPARED = ~((1 << 8) | (1 << 6)) >>> 0;

/** CPSR of a scenario: N Z C V = s, GE = s, Q = s & 1, Thumb state. */
export function thumbScenarioCpsr(s: number): number {
  return (USR_THUMB | ((s << 28) >>> 0) | (s << 16) | ((s & 1) << 27)) >>> 0;
}

/**
 * Registers for instructions run in sequence: the kernel's constants, pointers into the buffer for memory
 * forms' base and index registers, code addresses for register branches, a zero for CBZ in odd scenarios.
 */
export function thumbRegistersFor(insns: readonly ThumbInstruction[], scenario: number): number[] {
  const regs = Array.from({ length: 15 }, (_, i) => VALUES[(i + scenario) % VALUES.length]!);
  regs[13] = STACK;
  regs[14] = (CODE + 0x41) >>> 0;
  for (const insn of insns) {
    const i = insn as ThumbInstruction & { rn?: number; rm?: number };
    if (insn.memory !== null) {
      if (typeof i.rn === 'number' && i.rn < 13) regs[i.rn] = BUFFER_MID + 16 * scenario;
      if (typeof i.rm === 'number' && i.rm < 13 && i.rm !== i.rn) regs[i.rm] = 16 + 4 * (scenario & 7);
    }
    if (insn.kind === 'branch-exchange' && insn.rm < 13) regs[insn.rm] = (CODE + 0x21 + 8 * scenario) >>> 0;
    if (insn.kind === 'compare-branch' && (scenario & 1) === 1) regs[insn.rn] = 0;
  }
  return regs;
}

export interface ThumbOutcome {
  readonly reason: RunResult['reason'];
  readonly pc: number;
  readonly thumb: number;
  readonly error: string | null;
  readonly regs: readonly number[];
  readonly cpsr: number;
  readonly memory: Uint32Array;
}

/** What the gate handler of a probed run sees (uregs) and whether it took over. */
export type ThumbHandler = (uregs: Uint32Array, probeId: number) => boolean | undefined;

export interface ThumbRunSetup {
  readonly regs: readonly number[];
  readonly cpsr: number;
  readonly start?: number;
  readonly maxInstructions?: number;
}

export class ThumbBench {
  readonly machine = new Machine({ linuxUser: false });
  private readonly pristine: Uint8Array;
  private handler: ThumbHandler | null = null;
  /** pt_regs as each gate call saw them (before the handler), with the probe id. */
  readonly calls: { id: number; uregs: Uint32Array; sp: number; frame: number }[] = [];
  /** Probe id → probe address (what the gate resets the PC slot to when no handler took over). */
  readonly probeAddresses = new Map<number, number>();
  redirectedFaults = 0;
  private faultSites = new Map<number, ThumbFaultSite>();
  private saved: { address: number; halfwords: number[] } | null = null;
  /** A pair's second instruction and where a CPU arriving there continues (its B.W's `bkpt` half). */
  private detour: { from: number; to: number } | null = null;
  /** Arrivals at a pair's second instruction sent to the trampoline. */
  detours = 0;

  constructor(readonly slot = SLOT) {
    const m = this.machine.memory;
    m.map(CODE, 0x1000, 'rx');
    m.map(BUFFER, BUFFER_SIZE, 'rw');
    m.map(AREA, 0x2000, 'rx');
    const slotPage = slot & ~0xfff;
    if (slotPage !== AREA && slotPage !== AREA + 0x1000) m.map(slotPage, 0x2000, 'rx');
    m.poke32(GATE, OPTPROBE_GATE_WORD);
    const rand = mulberry32(0x7b0ff);
    this.pristine = Uint8Array.from({ length: BUFFER_SIZE }, () => rand() & 0xff);
    const redirect = (e: ExceptionEvent): boolean => {
      const site = this.faultSites.get(e.pc >>> 0);
      if (site === undefined) return false;
      const cpu = e.cpu;
      this.redirectedFaults++;
      if (site.registers === 'frame') {
        const uregs = readPtRegsFrame(m, cpu.regs[13]! >>> 0);
        for (let i = 0; i < 15; i++) cpu.regs[i] = uregs[i]! | 0;
      }
      this.machine.raise(cpu, {
        kind: e.kind,
        pc: site.address,
        word: site.word,
        faultAddress: e.faultAddress,
        access: e.access,
        reason: e.reason,
      });
      e.resumeAt = cpu.nextPc;
      return true;
    };
    this.machine.hooks.on('dabt', redirect, { priority: 100 });
    this.machine.hooks.on('und', redirect, { priority: 100 });
    this.machine.hooks.on(
      'pabt',
      (e) => {
        if (!e.breakpoint || this.detour === null || e.pc >>> 0 !== this.detour.from) return false;
        this.detours++;
        e.resumeAt = this.detour.to;
        return true;
      },
      { priority: 100 },
    );
    this.machine.hooks.onHostCall(GATE, (cpu) => {
      const frame = cpu.regs[1]! >>> 0;
      const id = cpu.regs[0]! >>> 0;
      const uregs = readPtRegsFrame(m, frame);
      this.calls.push({ id, uregs: uregs.slice(), sp: cpu.regs[13]! >>> 0, frame });
      const tookOver = this.handler?.(uregs, id) === true;
      if (!tookOver) uregs[15] = this.probeAddresses.get(id) ?? 0xdead;
      writePtRegsFrame(m, frame, uregs);
      return cpu.regs[14]! >>> 0;
    });
  }

  /** Writes the code page: `udf #254` everywhere, then `halfwords` at `at` (and any data halfwords). */
  load(at: number, halfwords: readonly number[], data: readonly (readonly [number, number])[] = []): void {
    const m = this.machine.memory;
    for (let a = CODE; a < CODE + 0x1000; a += 2) m.poke16(a, THUMB_END);
    halfwords.forEach((h, i) => {
      m.poke16(at + 2 * i, h);
    });
    for (const [a, v] of data) m.poke16(a, v);
    this.saved = null;
    this.faultSites = new Map();
  }

  /** Decodes the instruction at `address` (outside any IT block). */
  decode(address: number): ThumbInstruction {
    const m = this.machine.memory;
    const hw1 = m.peek16(address);
    return decodeThumb(hw1, isThumb32(hw1) ? m.peek16(address + 2) : 0, address, 0);
  }

  /**
   * Optimizes the probe at `address` (ids for the probes in `probes`, by address) over the function `ranges`
   * and installs it: trampoline first, then the B.W.
   */
  probe(
    address: number,
    probes: ReadonlyMap<number, number>,
    ranges: readonly ThumbCodeRange[],
  ): ThumbOptimizationPlan {
    const m = this.machine.memory;
    const scan = scanThumbFunction(ranges, { readHalfword: (a) => m.peek16(a) });
    const plan = planThumbOptimization({
      address,
      scan,
      probes,
      slotAddress: this.slot,
      gateAddress: GATE,
      hasPostHandler: false,
    });
    if (!plan.ok) return plan;
    plan.trampoline.halfwords.forEach((h, i) => {
      m.poke16(this.slot + 2 * i, h);
    });
    this.saved = { address, halfwords: [m.peek16(address), m.peek16(address + 2)] };
    m.poke16(address, plan.branchHalfwords[0]);
    m.poke16(address + 2, plan.branchHalfwords[1]);
    for (const [a, id] of probes) this.probeAddresses.set(id, a);
    this.faultSites = new Map(plan.trampoline.faultSites.map((f) => [f.at, f]));
    this.detour = plan.detour === null ? null : { from: address + 2, to: plan.detour };
    return plan;
  }

  /** Puts the original halfwords back. */
  unprobe(): void {
    if (this.saved === null) return;
    const { address, halfwords } = this.saved;
    halfwords.forEach((h, i) => {
      this.machine.memory.poke16(address + 2 * i, h);
    });
    this.saved = null;
    this.faultSites = new Map();
    this.detour = null;
  }

  run(setup: ThumbRunSetup, handler: ThumbHandler | null = null): ThumbOutcome {
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
    cpu.writeCpsr(setup.cpsr, -1);
    setup.regs.forEach((v, n) => {
      cpu.regs[n] = v | 0;
    });
    cpu.pc = setup.start ?? INSN;
    cpu.nextPc = cpu.pc;
    const result = machine.run({ maxInstructions: setup.maxInstructions ?? 1000 });
    return {
      reason: result.reason,
      pc: result.fault?.pc ?? cpu.pc,
      thumb: cpu.thumb,
      error: result.error?.message ?? null,
      regs: Array.from(cpu.regs.subarray(0, 15), (v) => v >>> 0),
      cpsr: (cpu.cpsr & CPSR_COMPARED) >>> 0,
      memory: Uint32Array.from({ length: BUFFER_SIZE / 4 }, (_, i) => machine.memory.peek32(BUFFER + 4 * i)),
    };
  }
}

/**
 * Differences between an unprobed and a probed outcome. `dead` lists the probed run's pt_regs frames (dead
 * stack below SP, 72 bytes each), which are not compared.
 */
export function thumbDifferences(plain: ThumbOutcome, probed: ThumbOutcome, dead: readonly number[]): string[] {
  const out: string[] = [];
  if (
    plain.reason !== probed.reason ||
    plain.pc !== probed.pc ||
    plain.error !== probed.error ||
    plain.thumb !== probed.thumb
  ) {
    out.push(
      `ended ${plain.reason}@${plain.pc.toString(16)}/T${plain.thumb} ${plain.error} vs ${probed.reason}@${probed.pc.toString(16)}/T${probed.thumb} ${probed.error}`,
    );
  }
  plain.regs.forEach((v, n) => {
    if (v !== probed.regs[n]) out.push(`r${n} ${v.toString(16)} vs ${probed.regs[n]!.toString(16)}`);
  });
  if (plain.cpsr !== probed.cpsr) out.push(`cpsr ${plain.cpsr.toString(16)} vs ${probed.cpsr.toString(16)}`);
  for (let k = 0; k < plain.memory.length; k++) {
    const a = BUFFER + 4 * k;
    if (dead.some((f) => a >= f && a < f + 72)) continue;
    if (plain.memory[k] !== probed.memory[k]) {
      out.push(`memory at 0x${a.toString(16)}: ${plain.memory[k]!.toString(16)} vs ${probed.memory[k]!.toString(16)}`);
      break;
    }
  }
  return out;
}

export { classifyThumbProbe };
