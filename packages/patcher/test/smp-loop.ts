/**
 * A 4-CPU architectural-fetch machine running one shared hot loop, instrumented so that which
 * instruction a CPU executed at each patch site is visible in its registers — the oracle for "torn" and
 * "stale" in the acceptance tests.
 *
 * ```
 * L0:  add r1, r1, #1      iterations
 * SA:  add r5, r5, #1      probe site: the probed instruction, or the kprobe UDF breakpoint
 * SB:  nop                 jump site: architected NOP / mov r0, r0 (fall through), B T1, B T2
 * F:   add r2, r2, #1      fell through SB
 *      b L0
 * T1:  add r3, r3, #1      SB branched to T1
 *      b L0
 * T2:  add r4, r4, #1      SB branched to T2
 *      b L0
 * ```
 *
 * The kprobe-style UND hook recognises its breakpoint the way the kernel does — by reading the word at
 * the PC from memory — counts a hit for the CPU and emulates the probed `add r5, r5, #1` (so r5 counts
 * every pass through SA either way and `hits` tells the two apart). A trap whose breakpoint is no longer
 * in memory is the trap-window race (in Linux no undef hook would match and the task would get SIGILL):
 * it is recorded, and the CPU re-executes what memory now holds.
 */
import { encodeB } from '@armprobe/decoder';
import { type ExceptionEvent, Machine, type MachineOptions, MODE_SVC, Random } from '@armprobe/emulator';
import { ARCHITECTED_NOP, KERNEL_JUMP_LABEL_NOP, kprobeArmBreakpoint } from '../src/index.js';

export const CODE = 0x10000;
export const L0 = CODE;
export const SA = CODE + 0x04;
export const SB = CODE + 0x08;
export const F = CODE + 0x0c;
export const T1 = CODE + 0x14;
export const T2 = CODE + 0x1c;

export const ADD_R5 = 0xe2855001; // add r5, r5, #1 — the probed instruction (outside the safe set)
export const UDF_BP = kprobeArmBreakpoint(ADD_R5); // 0xe7f001f8
export const NOP = ARCHITECTED_NOP;
export const MOV_R0_R0 = KERNEL_JUMP_LABEL_NOP;
export const B_T1 = encodeB(SB, T1);
export const B_T2 = encodeB(SB, T2);

export function loopWords(sb: number = NOP): number[] {
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
  /** The word the CPU trapped on (event.word). */
  readonly trapped: number | null;
  /** What the handler found in memory at the PC. */
  readonly memory: number;
}

export interface HotLoop {
  readonly machine: Machine;
  /** Breakpoint hits per CPU (recognised traps). */
  readonly hits: number[];
  /** UND traps whose breakpoint was gone from memory when the handler read it. */
  readonly races: RaceRecord[];
  /** Every word a UND trap reported executing (for the torn check). */
  readonly trappedWords: Set<number>;
}

/** A second, unpatched loop (`add r1, r1, #1; b` back), for CPUs that must not run the patch sites. */
export const SIDE_LOOP = CODE + 0x200;

export function hotLoop(
  options: MachineOptions & {
    sb?: number;
    /** CPUs started (default all). */
    cpusRunning?: number;
    /** CPUs from this index on run SIDE_LOOP instead of the patched loop (default: none). */
    sideFrom?: number;
  } = {},
): HotLoop {
  const { sb, cpusRunning, sideFrom, ...machineOptions } = options;
  const machine = new Machine({
    cpus: 4,
    fetch: 'architectural',
    linuxUser: false,
    tickPeriod: 0,
    quantum: [1, 24],
    ...machineOptions,
  });
  const words = loopWords(sb);
  machine.memory.map(CODE, 0x1000, 'rwx');
  for (const [i, w] of words.entries()) machine.memory.poke32(CODE + 4 * i, w);
  machine.memory.poke32(SIDE_LOOP, 0xe2811001); // add r1, r1, #1
  machine.memory.poke32(SIDE_LOOP + 4, encodeB(SIDE_LOOP + 4, SIDE_LOOP));
  machine.registerText(CODE, words.length * 4);
  const hits = new Array<number>(machine.cpus.length).fill(0);
  const races: RaceRecord[] = [];
  const trappedWords = new Set<number>();
  machine.hooks.on(
    'und',
    (e: ExceptionEvent) => {
      if (e.word !== null) trappedWords.add(e.word >>> 0);
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
  const n = cpusRunning ?? machine.cpus.length;
  for (let k = 0; k < n; k++) machine.startCpu(k, k >= (sideFrom ?? n) ? SIDE_LOOP : CODE, { mode: MODE_SVC });
  return { machine, hits, races, trappedWords };
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
export interface Outcomes {
  /** Executions of SA / SB. */
  readonly sa: number;
  readonly sb: number;
  /** SA executed as the probed add / as the breakpoint. */
  readonly add: number;
  readonly bp: number;
  /** SB executed as a NOP (fell through) / as B T1 / as B T2. */
  readonly nop: number;
  readonly t1: number;
  readonly t2: number;
}

/**
 * Counts, exactly, what a CPU executed at SA and SB between snapshots `a` and `b`. r1 counts passes
 * through L0; a CPU whose PC is at SA or SB has counted the pass but not executed the site yet; a CPU
 * whose PC is at a marker (F, T1, T2) has executed SB but not yet counted its outcome.
 */
export function outcomes(a: CpuSnapshot, b: CpuSnapshot): Outcomes {
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

export type SaWord = typeof ADD_R5 | typeof UDF_BP;

/**
 * The acceptance oracle between two snapshots taken right after a patch took effect and later:
 * - not torn: every execution of a site is one of the instructions the site was ever written with
 *   (outcome counts add up to the executions);
 * - not stale: every execution is of the word memory holds now (the old instruction's count is 0).
 * Returns a list of complaints (empty = fine).
 */
export function checkInterval(
  before: readonly CpuSnapshot[],
  after: readonly CpuSnapshot[],
  expected: { sa: number; sb: number },
): string[] {
  const problems: string[] = [];
  before.forEach((a, k) => {
    const o = outcomes(a, after[k]!);
    if (o.add + o.bp !== o.sa) problems.push(`CPU ${k}: SA executed ${o.sa}× but add ${o.add} + bp ${o.bp} (torn)`);
    if (o.nop + o.t1 + o.t2 !== o.sb) {
      problems.push(`CPU ${k}: SB executed ${o.sb}× but nop ${o.nop} + t1 ${o.t1} + t2 ${o.t2} (torn)`);
    }
    const saRight = expected.sa === UDF_BP ? o.bp : o.add;
    if (saRight !== o.sa) problems.push(`CPU ${k}: SA stale: ${o.sa - saRight} of ${o.sa} executions ran the old word`);
    const sbRight = expected.sb === B_T1 ? o.t1 : expected.sb === B_T2 ? o.t2 : o.nop;
    if (sbRight !== o.sb) problems.push(`CPU ${k}: SB stale: ${o.sb - sbRight} of ${o.sb} executions ran the old word`);
  });
  return problems;
}

/** Sum of SA and SB executions over all CPUs between two snapshots (to show the check had work to do). */
export function executions(before: readonly CpuSnapshot[], after: readonly CpuSnapshot[]): number {
  return before.reduce((n, a, k) => {
    const o = outcomes(a, after[k]!);
    return n + o.sa + o.sb;
  }, 0);
}

export { Random };
