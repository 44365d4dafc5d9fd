import { describe, expect, it } from 'vitest';
import { CmodxViolationError, type ExceptionEvent, isArmSafe, isThumb16Safe, MODE_SVC } from '../src/index.js';
import { CODE, DATA, encodeB, machineWith } from './helpers.js';

const UDF_KPROBE = 0xe7f001f8; // the kernel's ARM kprobe breakpoint
const ADD_R1 = 0xe2811001; // add r1, r1, #1
const NOP = 0xe320f000; // the architected NOP hint
const MOV_R0_R0 = 0xe1a00000; // the kernel's jump-label NOP: data-processing, outside the safe set
const B_NEXT = encodeB(CODE + 4, CODE + 8); // b to the next instruction (a no-op branch)

/** Four CPUs running the shared hot loop `add r1, r1, #1; nop; b` in the architectural fetch model. */
function hotLoop(options: { seed?: number; trapWindow?: number; tickPeriod?: number } = {}) {
  const m = machineWith([ADD_R1, NOP, encodeB(CODE + 8, CODE)], {
    cpus: 4,
    fetch: 'architectural',
    quantum: [1, 100],
    seed: options.seed ?? 1,
    ...(options.trapWindow === undefined ? {} : { trapWindow: options.trapWindow }),
    ...(options.tickPeriod === undefined ? {} : { tickPeriod: options.tickPeriod }),
  });
  for (let k = 0; k < 4; k++) m.startCpu(k, CODE, { mode: MODE_SVC });
  m.run({ maxInstructions: 4000 });
  return m;
}

describe('the ARMv7 safe set (A3.5.4), from decoded instructions', () => {
  it('ARM: B, BL, NOP hint, BKPT, SVC, HVC, SMC in; BLX, mov r0, r0, UDF, other hints out', () => {
    for (const w of [
      0xea000000,
      0x1a000010,
      0xeb000004,
      NOP,
      0x0320f000,
      0xe1200070,
      0xef000000,
      0xe1400070,
      0xe1600070,
    ]) {
      expect(isArmSafe(w), w.toString(16)).toBe(true);
    }
    for (const w of [0xfa000000, MOV_R0_R0, UDF_KPROBE, 0xe320f001, 0xe320f003, ADD_R1, 0xe12fff1e]) {
      expect(isArmSafe(w), w.toString(16)).toBe(false);
    }
  });

  it('Thumb: 16-bit B, NOP, BKPT, SVC in; UDF, other 16-bit and 32-bit prefixes out', () => {
    for (const h of [0xe7fe, 0xd0fe, 0xbf00, 0xbe01, 0xdf00]) expect(isThumb16Safe(h), h.toString(16)).toBe(true);
    for (const h of [0xde18, 0xbf10, 0x4770, 0xf7f0, 0x46c0]) expect(isThumb16Safe(h), h.toString(16)).toBe(false);
  });
});

describe('CMODX detector: host-scripted patching on a running 4-CPU machine', () => {
  it('a UDF written directly over a running instruction is a violation', () => {
    const m = hotLoop();
    m.write(CODE, UDF_KPROBE, 4);
    expect(m.violations()).toEqual([
      {
        cycle: expect.any(Number),
        writer: 'host',
        address: CODE,
        old: ADD_R1,
        new: UDF_KPROBE,
        isa: 'arm',
        running: [1, 2, 3],
        reason: 'old-not-safe',
      },
    ]);
    expect(m.statistics().violations).toBe(1);
    m.clearViolations();
    expect(m.violations()).toEqual([]);
  });

  it('the same write inside stopMachine is not (one writer or every CPU writing)', () => {
    const m = hotLoop();
    m.stopMachine(() => m.write(CODE, UDF_KPROBE, 4), { writers: 'one' });
    m.stopMachine(() => m.write(CODE, ADD_R1, 4), { writers: 'all' });
    expect(m.violations()).toEqual([]);
    expect(m.statistics().rendezvous.count).toBe(2);
  });

  it('NOP ↔ B written directly is not a violation; the kernel NOP (mov r0, r0) ↔ B is', () => {
    const m = hotLoop();
    m.write(CODE + 4, B_NEXT, 4);
    m.cacheMaintenance(CODE + 4, 4);
    m.syncCores();
    m.run({ maxInstructions: 2000 });
    m.write(CODE + 4, NOP, 4);
    expect(m.violations()).toEqual([]);
    m.write(CODE + 4, MOV_R0_R0, 4);
    m.write(CODE + 4, B_NEXT, 4);
    expect(m.violations().map((v) => v.reason)).toEqual(['new-not-safe', 'old-not-safe']);
  });

  it('a B written as two halfword stores is not single-copy atomic', () => {
    const m = hotLoop();
    m.write(CODE + 4, B_NEXT & 0xffff, 2);
    m.write(CODE + 6, B_NEXT >>> 16, 2);
    expect(m.violations().map((v) => v.reason)).toEqual(['not-atomic', 'not-atomic']);
  });

  it('a guest store over another CPU’s code is a violation with that CPU as writer', () => {
    const m = machineWith([ADD_R1, encodeB(CODE + 4, CODE)], { cpus: 2, fetch: 'architectural', quantum: 10 });
    m.memory.map(CODE + 0x1000, 0x1000, 'rwx');
    const writer = CODE + 0x1000;
    m.memory.poke32(writer, 0xe5821000); // str r1, [r2]
    m.memory.poke32(writer + 4, encodeB(writer + 4, writer + 4));
    m.startCpu(0, CODE, { mode: MODE_SVC });
    m.run({ maxInstructions: 100 });
    m.startCpu(1, writer, { mode: MODE_SVC, regs: { 1: UDF_KPROBE, 2: CODE } });
    m.run({ maxInstructions: 200 });
    expect(m.violations()).toMatchObject([{ writer: 1, running: [0], old: ADD_R1, new: UDF_KPROBE }]);
  });

  it('halted and parked CPUs are not running; writes of unchanged words and data next to code are ignored', () => {
    const m = hotLoop();
    for (const k of [1, 2, 3]) m.cpus[k]!.poweredOn = false;
    m.write(CODE, UDF_KPROBE, 4);
    m.cpus[1]!.poweredOn = true;
    m.write(CODE, UDF_KPROBE, 4); // unchanged
    m.write(CODE + 0x800, 1234, 4); // never decoded: data
    expect(m.violations()).toEqual([]);
  });

  it('registered text counts as instruction memory before any CPU decoded it', () => {
    const m = hotLoop();
    m.memory.map(CODE + 0x2000, 0x1000, 'rwx');
    m.memory.poke32(CODE + 0x2000, ADD_R1);
    m.registerText(CODE + 0x2000, 0x1000);
    m.write(CODE + 0x2000, UDF_KPROBE, 4);
    expect(m.violations()).toHaveLength(1);
  });

  it('throwOnViolation throws for host writes and stops the run for guest writes', () => {
    const m = hotLoop();
    m.throwOnViolation = true;
    expect(() => m.write(CODE, UDF_KPROBE, 4)).toThrow(CmodxViolationError);
    const g = machineWith([ADD_R1, encodeB(CODE + 4, CODE)], {
      cpus: 2,
      fetch: 'architectural',
      throwOnViolation: true,
    });
    g.memory.map(CODE + 0x1000, 0x1000, 'rwx');
    g.memory.poke32(CODE + 0x1000, 0xe5821000); // str r1, [r2]
    g.startCpu(0, CODE, { mode: MODE_SVC });
    g.run({ maxInstructions: 10 });
    g.startCpu(1, CODE + 0x1000, { mode: MODE_SVC, regs: { 1: UDF_KPROBE, 2: CODE } });
    const result = g.run({ maxInstructions: 100_000 });
    expect(result.reason).toBe('fault');
    expect(result.error).toBeInstanceOf(CmodxViolationError);
  });

  it('coherent fetch has no detector', () => {
    const m = machineWith([ADD_R1, encodeB(CODE + 4, CODE)], { cpus: 2 });
    m.startCpu(1, CODE, { mode: MODE_SVC });
    m.run({ maxInstructions: 100 });
    m.write(CODE, UDF_KPROBE, 4);
    expect(m.violations()).toEqual([]);
  });
});

/** Arms the breakpoint the safe way: rendezvous, write, maintenance (the release synchronises every CPU). */
function armSafely(m: ReturnType<typeof hotLoop>): void {
  m.stopMachine(
    () => {
      m.write(CODE, UDF_KPROBE, 4);
      m.cacheMaintenance(CODE, 4);
    },
    { writers: 'one' },
  );
}

describe('trap window: a breakpoint removed after a CPU trapped on it, before its handler read memory', () => {
  it('the hook sees the UDF as executed (event.word) but memory without it, and re-executes the original', () => {
    const m = hotLoop({ trapWindow: 5000, tickPeriod: 500 });
    armSafely(m);
    let removed = false;
    // The remover: a host tick hook on another CPU that disarms the probe (directly: the racy way).
    m.hooks.on('irq', (e: ExceptionEvent) => {
      if (!removed && m.statistics().trapWindows > 0) {
        removed = true;
        m.write(CODE, ADD_R1, 4);
        m.cacheMaintenance(CODE, 4);
        expect(e.interrupt).toBe(29);
      }
      return true;
    });
    const seen: { cpu: number; word: number | null; memory: number }[] = [];
    m.hooks.on('und', (e: ExceptionEvent) => {
      if (seen.length === 0) seen.push({ cpu: e.cpu.index, word: e.word, memory: m.memory.peek32(e.pc) });
      // No probe at this address any more: return and re-execute the instruction (as the kernel does).
      e.resumeAt = e.pc;
      return true;
    });
    const before = m.cpus.map((c) => c.regs[1]!);
    m.run({ maxInstructions: 20000 });
    expect(removed).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.word).toBe(UDF_KPROBE);
    expect(seen[0]!.memory).toBe(ADD_R1);
    // Every CPU went on counting once the breakpoint was gone (the claimed exception synchronised them).
    m.cpus.forEach((c, k) => {
      expect(c.regs[1]!).toBeGreaterThan(before[k]! + 100);
    });
    expect(m.violations().length).toBeGreaterThan(0); // the direct removal itself is the hazard
  });

  it('a stopMachine requested inside the window waits for the trapped CPU: its handler runs first, then fn', () => {
    const m = hotLoop({ trapWindow: 5000, tickPeriod: 500 });
    armSafely(m);
    const order: string[] = [];
    let trappedCpu = -1;
    let removerCpu = -1;
    let removed = false;
    // The remover: the same tick hook as above, but removing through a rendezvous (the safe way).
    m.hooks.on('irq', (e: ExceptionEvent) => {
      if (!removed && m.statistics().trapWindows > 0) {
        removed = true;
        removerCpu = e.cpu.index;
        m.stopMachine(
          () => {
            order.push('fn');
            m.write(CODE, ADD_R1, 4);
            m.cacheMaintenance(CODE, 4);
          },
          { writers: 'one' },
        );
      }
      return true;
    });
    const seen: { word: number | null; memory: number }[] = [];
    m.hooks.on('und', (e: ExceptionEvent) => {
      if (seen.length === 0) {
        trappedCpu = e.cpu.index;
        order.push('handler');
        seen.push({ word: e.word, memory: m.memory.peek32(e.pc) });
      }
      e.resumeAt = e.pc;
      return true;
    });
    const statsBefore = m.statistics();
    m.run({ maxInstructions: 20000 });
    expect(removed).toBe(true);
    expect(removerCpu).not.toBe(trappedCpu);
    // The handler ran before the rendezvous' function, and saw its breakpoint still in memory.
    expect(order).toEqual(['handler', 'fn']);
    expect(seen[0]).toEqual({ word: UDF_KPROBE, memory: UDF_KPROBE });
    const stats = m.statistics();
    expect(stats.rendezvous.trapWaits - statsBefore.rendezvous.trapWaits).toBe(1);
    expect(stats.rendezvous.count - statsBefore.rendezvous.count).toBe(1);
    // The remover waited out the rest of the window: the rendezvous latency covers it.
    expect(stats.rendezvous.latency - statsBefore.rendezvous.latency).toBeGreaterThan(0);
    expect(m.violations()).toEqual([]);
  });

  it('without a trap window the same script never shows the race', () => {
    const m = hotLoop({ tickPeriod: 500 });
    armSafely(m);
    const words: number[] = [];
    m.hooks.on('und', (e: ExceptionEvent) => {
      words.push(m.memory.peek32(e.pc));
      return true;
    });
    m.run({ maxInstructions: 2000 });
    expect(words.length).toBeGreaterThan(0);
    expect(new Set(words)).toEqual(new Set([UDF_KPROBE]));
    expect(m.memory.peek32(DATA)).toBe(0);
  });
});
