/**
 * The machine most scenarios patch: N CPUs in the architectural fetch model running one shared hot loop,
 * instrumented so that which instruction a CPU executed at each patch site is visible in its registers (the
 * same shape as the patcher's acceptance tests use).
 *
 * ```
 * L0:  add r1, r1, #1      iterations
 * SA:  add r5, r5, #1      probe site: the probed instruction, or the kprobe UDF breakpoint
 * SB:  mov r0, r0          jump site: a NOP (the kernel's `mov r0, r0` or the architected one), B T1, B T2
 * F:   add r2, r2, #1      fell through SB
 *      b L0
 * T1:  add r3, r3, #1      SB branched to T1
 *      b L0
 * T2:  add r4, r4, #1      SB branched to T2
 *      b L0
 * ```
 *
 * With `breakpointHook`, an undefined-instruction hook recognises the breakpoint the way the kernel does — by
 * reading the word at the PC from memory — counts a hit and emulates the probed `add r5, r5, #1`, so r5
 * counts every pass through SA either way. A trap whose breakpoint is no longer in memory is the trap-window
 * race (in Linux no undef hook would match and the task would get SIGILL): it is recorded, and the CPU
 * re-executes what memory now holds.
 */
import { encodeB } from '@armprobe/decoder';
import { type ExceptionEvent, Machine, type MachineOptions, MODE_SVC } from '@armprobe/emulator';
import { ARCHITECTED_NOP, KERNEL_JUMP_LABEL_NOP, kprobeArmBreakpoint } from '@armprobe/patcher';

export const CODE = 0x10000;
export const L0 = CODE;
export const SA = CODE + 0x04;
export const SB = CODE + 0x08;
export const F = CODE + 0x0c;
export const T1 = CODE + 0x14;
export const T2 = CODE + 0x1c;
/** A second, unpatched loop (`add r1, r1, #1; b` back), for CPUs that must not run the patch sites. */
export const SIDE_LOOP = CODE + 0x200;
/** Registered text no CPU executes: `SPARE_WORDS` words of `add r6, r6, #1` (extra probe sites)… */
export const SPARE_PROBES = CODE + 0x100;
export const SPARE_WORDS = 7;
export const ADD_R6 = 0xe2866001;
/** …and `SPARE_WORDS` jump sites (hold the SB NOP word, branch to their own next-but-one word). */
export const SPARE_JUMPS = CODE + 0x140;
/** Per-CPU stacks (4 KiB each; CPU k's SP starts at STACKS + (k + 1) · 4 KiB): trampolines save pt_regs there. */
export const STACKS = 0x04000000;

export const ADD_R5 = 0xe2855001; // add r5, r5, #1 — the probed instruction (outside the safe set)
export const UDF_BP = kprobeArmBreakpoint(ADD_R5); // 0xe7f001f8
export const NOP = ARCHITECTED_NOP;
export const MOV_R0_R0 = KERNEL_JUMP_LABEL_NOP;
export const B_T1 = encodeB(SB, T1);
export const B_T2 = encodeB(SB, T2);

function loopWords(sb: number): number[] {
  return [
    0xe2811001, // L0: add r1, r1, #1
    ADD_R5, //     SA
    sb, //         SB
    0xe2822001, // F:  add r2, r2, #1
    encodeB(CODE + 0x10, L0),
    0xe2833001, // T1: add r3, r3, #1
    encodeB(CODE + 0x18, L0),
    0xe2844001, // T2: add r4, r4, #1
    encodeB(CODE + 0x20, L0),
  ];
}

export interface RaceRecord {
  readonly cpu: number;
  /** The word the CPU trapped on. */
  readonly trapped: number | null;
  /** What the handler found in memory at the PC. */
  readonly memory: number;
}

export interface HotLoop {
  readonly machine: Machine;
  /** Breakpoint hits per CPU (recognised traps; only with `breakpointHook`). */
  readonly hits: number[];
  /** UND traps whose breakpoint was gone from memory when the handler read it. */
  readonly races: RaceRecord[];
  /** Runs the machine; a run that ends in a guest fault (or any reason but the limit) is counted in `faults`. */
  run(maxInstructions: number): void;
  /** Runs that ended other than at their instruction limit (a CPU faulted: lost in patched code). */
  readonly faults: number;
}

export interface HotLoopOptions extends MachineOptions {
  /** The word at SB (default the kernel's jump-label NOP, `mov r0, r0`). */
  readonly sb?: number;
  /** CPUs from this index on run SIDE_LOOP instead of the patched loop (default: none). */
  readonly sideFrom?: number;
  /** Install the kernel-style breakpoint hook (default true; false when kprobes itself takes the traps). */
  readonly breakpointHook?: boolean;
}

export function hotLoop(options: HotLoopOptions = {}): HotLoop {
  const { sb, sideFrom, breakpointHook, ...machineOptions } = options;
  const machine = new Machine({
    cpus: 4,
    fetch: 'architectural',
    linuxUser: false,
    tickPeriod: 0,
    quantum: [1, 24],
    ...machineOptions,
  });
  const words = loopWords(sb ?? MOV_R0_R0);
  machine.memory.map(CODE, 0x1000, 'rwx');
  for (const [i, w] of words.entries()) machine.memory.poke32(CODE + 4 * i, w);
  machine.memory.poke32(SIDE_LOOP, 0xe2811001); // add r1, r1, #1
  machine.memory.poke32(SIDE_LOOP + 4, encodeB(SIDE_LOOP + 4, SIDE_LOOP));
  machine.registerText(CODE, words.length * 4);
  for (let i = 0; i < SPARE_WORDS; i++) {
    machine.memory.poke32(SPARE_PROBES + 4 * i, ADD_R6);
    machine.memory.poke32(SPARE_JUMPS + 8 * i, sb ?? MOV_R0_R0);
  }
  machine.registerText(SPARE_PROBES, SPARE_JUMPS + 8 * SPARE_WORDS - SPARE_PROBES);
  const hits = new Array<number>(machine.cpus.length).fill(0);
  const races: RaceRecord[] = [];
  if (breakpointHook ?? true) {
    machine.hooks.on(
      'und',
      (e: ExceptionEvent) => {
        const inMemory = machine.memory.peek32(e.pc);
        if (inMemory === UDF_BP && e.pc === SA) {
          hits[e.cpu.index]!++;
          e.cpu.regs[5] = (e.cpu.regs[5]! + 1) | 0; // emulate the probed add r5, r5, #1
          e.resumeAt = e.pc + 4;
        } else {
          races.push({ cpu: e.cpu.index, trapped: e.word, memory: inMemory });
          e.resumeAt = e.pc; // no breakpoint of ours here: re-execute what memory holds now
        }
        return true;
      },
      { priority: 10 },
    );
  }
  const n = machine.cpus.length;
  machine.memory.map(STACKS, n * 0x1000, 'rw');
  for (let k = 0; k < n; k++) {
    const entry = k >= (sideFrom ?? n) ? SIDE_LOOP : CODE;
    machine.startCpu(k, entry, { mode: MODE_SVC, regs: { 13: STACKS + (k + 1) * 0x1000 } });
  }
  return new Loop(machine, hits, races);
}

/**
 * A class rather than an object literal with a `faults` getter: V8 gives each such literal (a new getter closure
 * every time) a map of its own, and through it kept every machine alive across young-generation collections
 * until the next full one — with a machine per seed, nearly all of them were copied and promoted instead of
 * dying young (measured with --trace-gc-nvp: 3.2 MB survived per scavenge before, 0.9 MB after).
 */
class Loop implements HotLoop {
  faults = 0;
  constructor(
    readonly machine: Machine,
    readonly hits: number[],
    readonly races: RaceRecord[],
  ) {}

  run(maxInstructions: number): void {
    if (this.machine.run({ maxInstructions }).reason !== 'limit') this.faults++;
  }
}

/** Per-CPU state at a quiescent point (between runs: every CPU at an instruction boundary). */
export interface CpuSnapshot {
  readonly pc: number;
  readonly r: readonly number[];
  readonly hits: number;
}

export function snapshot(loop: HotLoop): CpuSnapshot[] {
  return loop.machine.cpus.map((cpu, k) => ({
    pc: cpu.pc >>> 0,
    r: Array.from(cpu.regs.slice(0, 6)),
    hits: loop.hits[k]!,
  }));
}

/** What one CPU executed at the two sites between two snapshots. */
interface Outcomes {
  readonly sa: number;
  readonly sb: number;
  readonly add: number;
  readonly bp: number;
  readonly nop: number;
  readonly t1: number;
  readonly t2: number;
}

/**
 * Counts, exactly, what a CPU executed at SA and SB between snapshots `a` and `b`. r1 counts passes
 * through L0; a CPU whose PC is at SA or SB has counted the pass but not executed the site yet; a CPU
 * whose PC is at a marker (F, T1, T2) has executed SB but not yet counted its outcome.
 */
function outcomes(a: CpuSnapshot, b: CpuSnapshot): Outcomes {
  const d = (n: number): number => (b.r[n]! - a.r[n]!) | 0;
  const at = (s: CpuSnapshot, ...pcs: number[]): number => (pcs.includes(s.pc) ? 1 : 0);
  const bp = b.hits - a.hits;
  return {
    sa: d(1) + at(a, SA) - at(b, SA),
    sb: d(1) + at(a, SA, SB) - at(b, SA, SB),
    bp,
    add: d(5) - bp,
    nop: d(2) - at(a, F) + at(b, F),
    t1: d(3) - at(a, T1) + at(b, T1),
    t2: d(4) - at(a, T2) + at(b, T2),
  };
}

/** What the interval check found: executions checked, and CPUs that ran a torn or a stale word. */
export interface IntervalCheck {
  readonly executions: number;
  /** CPUs whose executions of a site do not add up to the words the site was ever written with. */
  readonly torn: number;
  /** CPUs that executed the old word after the change had returned. */
  readonly stale: number;
}

/**
 * The oracle between a snapshot taken right after a patch returned and a later one: not torn (every execution
 * of a site is one of the words the site was ever written with) and not stale (every execution is of the word
 * memory holds now). `expected.sb` is the word SB holds; either NOP counts as falling through.
 */
export function checkInterval(
  before: readonly CpuSnapshot[],
  after: readonly CpuSnapshot[],
  expected: { sa: number; sb: number },
): IntervalCheck {
  let torn = 0;
  let stale = 0;
  let executions = 0;
  before.forEach((a, k) => {
    const o = outcomes(a, after[k]!);
    executions += o.sa + o.sb;
    if (o.add + o.bp !== o.sa || o.nop + o.t1 + o.t2 !== o.sb) torn++;
    const saRight = expected.sa === UDF_BP ? o.bp : o.add;
    const sbRight = expected.sb === B_T1 ? o.t1 : expected.sb === B_T2 ? o.t2 : o.nop;
    if (saRight !== o.sa || sbRight !== o.sb) stale++;
  });
  return { executions, torn, stale };
}
