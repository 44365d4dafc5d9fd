/**
 * Thumb kprobes on a 4-CPU machine with the architectural fetch model: probes on every instruction of the
 * Thumb SMP programs attached and removed while they run (0 CMODX violations with `auto`), and the hazard
 * Thumb brings: a 32-bit breakpoint over a 32-bit instruction at an address ≡ 2 (mod 4) written `direct` is
 * two halfword stores, which the detector flags as a torn write.
 */
import { Machine, MODE_SVC } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import { Kprobes } from '../src/index.js';
import { armInstructions, program, THUMB_FIXTURES, textAt, thumbInstructions } from './helpers.js';

const SMP_PROGRAMS = ['smp-counter-thumb-O2', 'smp-ticket-thumb-O2', 'smp-flags-thumb-O2', 'smp-mixed-thumb-O2'];

function smpMachine(name: string, seed: number) {
  const p = program(name, THUMB_FIXTURES);
  let out = '';
  const decoder = new TextDecoder();
  const machine = new Machine({
    cpus: 4,
    seed,
    fetch: 'architectural',
    tickPeriod: 2_000,
    onStdout: (b) => {
      out += decoder.decode(b);
    },
  });
  machine.loadElf(p.elf);
  machine.startSmp({ entry: 'cpu_entry', cpus: 4 });
  return { p, machine, out: () => out };
}

describe('Thumb probes on 4 CPUs (architectural fetch), attached and removed while running', () => {
  for (const name of SMP_PROGRAMS) {
    it(`${name}: output unchanged, 0 violations, ≤ 2 rendezvous, text restored`, () => {
      for (const seed of [1, 2]) {
        const { p, machine, out } = smpMachine(name, seed);
        expect(machine.run({ maxInstructions: 5_000 }).reason).toBe('limit');
        const kprobes = new Kprobes(machine);
        const image = [
          ...thumbInstructions(machine).map((a) => [a, true, textAt(machine, a, true)] as const),
          ...armInstructions(machine).map((a) => [a, false, textAt(machine, a, false)] as const),
        ];
        kprobes.batch(() => {
          for (const [address, thumb] of image) {
            try {
              kprobes.register({ address: thumb ? address | 1 : address });
            } catch {
              // rejected instructions are covered by the single-CPU tests
            }
          }
        });
        const probes = kprobes.probes();
        expect(probes.filter((pr) => pr.isa === 'thumb').length).toBeGreaterThan(100);
        machine.run({ maxInstructions: 60_000 });
        kprobes.batch(() => {
          for (const probe of probes) kprobes.unregister(probe);
        });
        const result = machine.run({ maxInstructions: 200_000_000 });
        expect(out()).toBe(p.stdout);
        expect(result.status).toBe(p.status);
        expect(machine.violations()).toEqual([]);
        expect(kprobes.statistics().hits).toBeGreaterThan(0);
        expect(kprobes.statistics().rendezvous).toBeLessThanOrEqual(2);
        expect(image.filter(([a, thumb, w]) => textAt(machine, a, thumb) !== w)).toEqual([]);
      }
    });
  }
});

/** `adds r1, #1` at ≡ 0 (mod 4), `add.w r5, r5, #1` at ≡ 2 (mod 4), `b` back: every CPU loops through them. */
const CODE = 0x20000;
const ADD_W = CODE + 2;
const AREA = 0x01000000;

function thumbLoop(seed: number, strategy: 'auto' | 'direct') {
  const machine = new Machine({
    cpus: 4,
    seed,
    fetch: 'architectural',
    linuxUser: false,
    tickPeriod: 0,
    quantum: [1, 24],
  });
  machine.memory.map(CODE, 0x1000, 'rx');
  machine.memory.poke16(CODE, 0x3101);
  machine.memory.poke16(ADD_W, 0xf105);
  machine.memory.poke16(ADD_W + 2, 0x0501);
  machine.memory.poke16(ADD_W + 4, 0xe7fb);
  machine.registerText(CODE, 8, 'thumb');
  machine.memory.map(0x04000000, 0x4000, 'rw');
  for (let k = 0; k < 4; k++) {
    machine.startCpu(k, CODE | 1, { mode: MODE_SVC, regs: { 13: 0x04000000 + (k + 1) * 0x1000 } });
  }
  const kprobes = new Kprobes(machine, { strategy, areaBase: AREA, areaSize: 0x10000 });
  return { machine, kprobes };
}

/** Runs until no CPU is inside a kprobes slot (a CPU there has r1/r2 borrowed by the renamed copy). */
function settle(machine: Machine): void {
  const inArea = () => machine.cpus.some((cpu) => cpu.pc >>> 0 >= AREA && cpu.pc >>> 0 < AREA + 0x10000);
  for (let i = 0; i < 200 && inArea(); i++) machine.run({ maxInstructions: 1 });
  expect(inArea()).toBe(false);
}

describe('the 32-bit Thumb breakpoint at ≡ 2 (mod 4) on 4 CPUs', () => {
  it('auto: a rendezvous to arm and one to remove, 0 violations, every pass counted by the instruction or the probe', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { machine, kprobes } = thumbLoop(seed, 'auto');
      machine.run({ maxInstructions: 400 });
      const probe = kprobes.register({ address: ADD_W | 1 });
      expect([probe.isa, probe.site.length]).toEqual(['thumb', 4]);
      machine.run({ maxInstructions: 2_000 });
      kprobes.unregister(probe);
      machine.run({ maxInstructions: 400 });
      settle(machine);
      expect(machine.violations(), `seed ${seed}`).toEqual([]);
      expect(kprobes.statistics().rendezvous).toBe(2);
      expect(probe.hits).toBeGreaterThan(0);
      // r1 counts passes through the first instruction, r5 through add.w (probed or not).
      for (const cpu of machine.cpus) {
        const passes = cpu.regs[1]! - (cpu.pc >>> 0 === ADD_W ? 1 : 0);
        expect(cpu.regs[5], `seed ${seed} CPU ${cpu.index}`).toBe(passes);
      }
      expect(machine.memory.peek16(ADD_W)).toBe(0xf105);
      expect(machine.memory.peek16(ADD_W + 2)).toBe(0x0501);
    }
  });

  it('forced direct: the two halfword stores are flagged as a torn write within 10,000 seeds', () => {
    let torn: number | null = null;
    for (let seed = 1; seed <= 10_000 && torn === null; seed++) {
      const { machine, kprobes } = thumbLoop(seed, 'direct');
      machine.run({ maxInstructions: 400 });
      const probe = kprobes.register({ address: ADD_W | 1 });
      machine.run({ maxInstructions: 400 });
      kprobes.unregister(probe);
      if (machine.violations().some((v) => v.reason === 'torn' && v.address === ADD_W)) torn = seed;
    }
    expect(torn).not.toBeNull();
  });
});
