/**
 * `thumb32-torn`: the kernel's 32-bit Thumb kprobe breakpoint (`f7f0 a018`) written over, then taken away
 * from, a 32-bit Thumb instruction at an address ≡ 2 (mod 4) while every CPU runs through it. No single store
 * covers such an instruction: the patcher writes it as two halfword stores, so a CPU may fetch one half old
 * and the other new — an instruction neither program contains. Only a rendezvous makes it safe.
 *
 * ```
 * T_L0: adds  r1, #1           (16-bit, at ≡ 0 mod 4)  passes
 * T_SA: add.w r5, r5, #1       (32-bit, at ≡ 2 mod 4)  the probed instruction, or the 32-bit breakpoint
 *       b     T_L0             (16-bit)
 * ```
 *
 * An undefined-instruction hook recognises the breakpoint as the kernel does (both halfwords in memory at
 * the PC), counts a hit and emulates `add.w r5, r5, #1`, so r5 counts every pass through T_SA either way.
 * Violations: the detector's (`cmodx-torn`, `cmodx-*`), `trap-race` (a trap whose breakpoint was not in
 * memory: a torn fetch of the first halfword, or a trap racing the removal), `wrong-count` (a CPU's r5 is not
 * its passes through T_SA: it ran something else there), `guest-fault`.
 */
import { Machine, MODE_SVC, type PhysicalMemory, Random } from '@armprobe/emulator';
import { execute, KPROBE_THUMB32_BREAKPOINT, type PatchRequest, plan } from '@armprobe/patcher';
import { outcome, patchCounters, perThread, type Scenario, type SeedOutcome, type SeedRun } from './scenario.js';

export const THUMB_CODE = 0x20000;
export const T_L0 = THUMB_CODE;
/** The probed 32-bit instruction, at an address ≡ 2 (mod 4). */
export const T_SA = THUMB_CODE + 2;
const T_STACKS = 0x04000000;

/** `adds r1, #1` (T2). */
export const THUMB_ADDS_R1 = 0x3101;
/** `add.w r5, r5, #1` (T3), first halfword in the top half. */
export const THUMB_ADDW_R5 = 0xf1050501;
/** `b T_L0` from T_SA + 4 (16-bit B T2: offset −10). */
export const THUMB_B_L0 = 0xe7fb;

export interface ThumbLoop {
  readonly machine: Machine;
  readonly hits: number[];
  readonly races: number;
  readonly faults: number;
  run(maxInstructions: number): void;
}

export function thumbLoop(seed: number, cpus: number, memory?: PhysicalMemory): ThumbLoop {
  const machine = new Machine({
    ...(memory ? { memory } : {}),
    cpus,
    seed,
    fetch: 'architectural',
    linuxUser: false,
    tickPeriod: 0,
    quantum: [1, 24],
  });
  machine.memory.map(THUMB_CODE, 0x1000, 'rwx');
  machine.memory.poke16(T_L0, THUMB_ADDS_R1);
  machine.memory.poke16(T_SA, THUMB_ADDW_R5 >>> 16);
  machine.memory.poke16(T_SA + 2, THUMB_ADDW_R5 & 0xffff);
  machine.memory.poke16(T_SA + 4, THUMB_B_L0);
  machine.registerText(THUMB_CODE, 8, 'thumb');
  const loop = new Loop(machine, new Array<number>(cpus).fill(0));
  machine.hooks.on(
    'und',
    (e) => {
      const first = machine.memory.peek16(e.pc);
      const second = machine.memory.peek16(e.pc + 2);
      const inMemory = ((first << 16) | second) >>> 0;
      if (e.thumb && e.pc === T_SA && inMemory === KPROBE_THUMB32_BREAKPOINT) {
        loop.hits[e.cpu.index]!++;
        e.cpu.regs[5] = (e.cpu.regs[5]! + 1) | 0; // emulate the probed add.w r5, r5, #1
        e.resumeAt = T_SA + 4;
      } else {
        loop.races++;
        e.resumeAt = e.pc; // no breakpoint of ours here: re-execute what memory holds now
      }
      return true;
    },
    { priority: 10 },
  );
  machine.memory.map(T_STACKS, cpus * 0x1000, 'rw');
  for (let k = 0; k < cpus; k++) {
    machine.startCpu(k, T_L0 | 1, { mode: MODE_SVC, regs: { 13: T_STACKS + (k + 1) * 0x1000 } });
  }
  return loop;
}

/** A class, not an object literal with getters: see hot-loop.ts (a map per literal keeps each machine alive). */
class Loop implements ThumbLoop {
  races = 0;
  faults = 0;
  constructor(
    readonly machine: Machine,
    readonly hits: number[],
  ) {}

  run(maxInstructions: number): void {
    if (this.machine.run({ maxInstructions }).reason !== 'limit') this.faults++;
  }
}

/**
 * CPUs whose r5 differs from their passes through T_SA: r1 counts passes through T_L0; a CPU at T_SA has
 * counted the pass but not executed T_SA yet.
 */
export function wrongCounts(machine: Machine): number {
  let wrong = 0;
  for (const cpu of machine.cpus) {
    const passes = cpu.regs[1]! - (cpu.pc >>> 0 === T_SA ? 1 : 0);
    if (cpu.regs[5] !== passes) wrong++;
  }
  return wrong;
}

export function thumbProbeRequest(purpose: 'arm' | 'disarm'): PatchRequest[] {
  const [old, bp] = [THUMB_ADDW_R5, KPROBE_THUMB32_BREAKPOINT];
  return [
    purpose === 'arm'
      ? { address: T_SA, isa: 'thumb', width: 4, old, new: bp, purpose }
      : { address: T_SA, isa: 'thumb', width: 4, old: bp, new: old, purpose },
  ];
}

function thumb32Torn({ seed, strategy, cpus, memory }: SeedRun): SeedOutcome {
  const loop = thumbLoop(seed, cpus, memory);
  const m = loop.machine;
  const rng = new Random(seed * 104729 + 3);
  const budget = (): number => cpus * (100 + rng.below(100));
  loop.run(budget());
  const from = patchCounters(m);
  let changes = 0;
  for (const purpose of ['arm', 'disarm'] as const) {
    const change = perThread(`thumb32-torn/${purpose}/${strategy}/${cpus}`, () => {
      const requests = thumbProbeRequest(purpose);
      return { changes: requests.length, plan: plan(requests, { strategy, cpus }) };
    });
    execute(change.plan, m);
    changes += change.changes;
    loop.run(budget());
  }
  return outcome(m, from, changes, {
    'trap-race': loop.races,
    'wrong-count': loop.faults > 0 ? 0 : wrongCounts(m),
    'guest-fault': loop.faults,
  });
}

export const THUMB32_TORN: Scenario = {
  name: 'thumb32-torn',
  description:
    'arm, then remove, the 32-bit Thumb kprobe breakpoint over a 32-bit Thumb instruction at an address ≡ 2 (mod 4) every CPU is executing',
  unavailable: null,
  run: thumb32Torn,
};
