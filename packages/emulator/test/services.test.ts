import { describe, expect, it } from 'vitest';
import { COST, type ExceptionEvent, Machine, MODE_SVC, TIMER_PPI } from '../src/index.js';
import { CODE, DATA, encodeB, machineWith, reg } from './helpers.js';

const ADD_R1 = 0xe2811001;
const WFI = 0xe320f003;

/**
 * The patcher's Platform, restated here (the emulator must not import the patcher): a Machine has to be
 * assignable to it — a compile-time check that breaks `tsc` if the two drift apart.
 */
interface PlatformShape {
  cpuCount(): number;
  read(address: number, size: 2 | 4): number;
  write(address: number, value: number, size: 2 | 4): void;
  cacheMaintenance(address: number, size: number): void;
  syncCores(): void;
  stopMachine(fn: (cpu: number) => void, options: { readonly writers: 'one' | 'all' }): void;
  cycles?(): number;
}

function loop(cpus: number, options: ConstructorParameters<typeof Machine>[0] = {}) {
  const m = machineWith([ADD_R1, encodeB(CODE + 4, CODE)], { cpus, quantum: [10, 100], ...options });
  for (let k = 0; k < cpus; k++) m.startCpu(k, CODE, { mode: MODE_SVC });
  return m;
}

describe('Machine as the patcher’s Platform', () => {
  it('is assignable to the Platform interface and reads/writes through the data side', () => {
    const m = loop(2);
    const platform: PlatformShape = m;
    expect(platform.cpuCount()).toBe(2);
    platform.write(DATA, 0x12345678, 4);
    platform.write(DATA + 6, 0xabcd, 2);
    expect(platform.read(DATA, 4)).toBe(0x12345678);
    expect(platform.read(DATA + 6, 2)).toBe(0xabcd);
    expect(platform.cycles?.()).toBe(m.statistics().cycles);
  });

  it('cpuCount counts online CPUs (a powered-off CPU cannot execute anything)', () => {
    const m = new Machine({ cpus: 4 });
    expect(m.cpuCount()).toBe(1);
  });
});

describe('stopMachine', () => {
  it("writers 'one' calls fn once with the caller's index, 'all' once per online CPU; everyone is parked meanwhile", () => {
    const m = loop(4);
    m.run({ maxInstructions: 1000 });
    const calls: number[] = [];
    const parked: boolean[][] = [];
    m.stopMachine(
      (k) => {
        calls.push(k);
        parked.push(m.cpus.map((c) => c.parked));
      },
      { writers: 'one' },
    );
    m.stopMachine((k) => calls.push(k), { writers: 'all' });
    expect(calls).toEqual([0, 0, 1, 2, 3]);
    expect(parked).toEqual([[true, true, true, true]]);
    expect(m.cpus.map((c) => c.parked)).toEqual([false, false, false, false]);
  });

  it('releases the CPUs and rethrows when fn throws', () => {
    const m = loop(2);
    expect(() =>
      m.stopMachine(
        () => {
          throw new Error('boom');
        },
        { writers: 'one' },
      ),
    ).toThrow('boom');
    expect(m.cpus.map((c) => c.parked)).toEqual([false, false]);
    expect(m.run({ maxInstructions: 100 }).reason).toBe('limit');
  });

  it('charges the join latency: the next tick with preemption "tick", an IPI with "ipi"', () => {
    const cost = (preemption: 'tick' | 'ipi') => {
      const m = loop(4, { preemption, tickPeriod: 100_000 });
      m.run({ maxInstructions: 4000 });
      const before = m.cycles();
      m.stopMachine(() => {}, { writers: 'one' });
      const s = m.statistics().rendezvous;
      expect(s.count).toBe(1);
      expect(s.cycles).toBe(m.cycles() - before);
      return s;
    };
    const tick = cost('tick');
    const ipi = cost('ipi');
    expect(ipi.latency).toBe(COST.ipiDelivery + COST.exceptionEntry + 4 * COST.rendezvousStep);
    expect(tick.latency).toBeGreaterThan(90_000); // the CPUs were ~1000 cycles into a 100,000-cycle tick period
    expect(tick.cycles).toBeGreaterThan(ipi.cycles * 100);
  });

  it('back-to-back rendezvous with preemption "tick": each waits for a tick of its own', () => {
    const m = loop(4, { preemption: 'tick', tickPeriod: 100_000 });
    m.run({ maxInstructions: 4000 });
    const latencies: number[] = [];
    for (let k = 0; k < 3; k++) {
      const before = m.statistics().rendezvous.latency;
      m.stopMachine(() => {}, { writers: 'one' });
      latencies.push(m.statistics().rendezvous.latency - before);
    }
    // The first joins at the CPUs' next tick (~99,000 cycles away). The tick a CPU joined at is spent: the
    // next rendezvous waits for the one after it, a whole period later on that CPU's clock, and so on.
    const steps = 4 * COST.rendezvousStep;
    expect(latencies[0]).toBeGreaterThan(90_000);
    for (const latency of latencies.slice(1)) {
      expect(latency).toBeGreaterThan(steps);
      expect(latency).toBeLessThanOrEqual(100_000 + steps);
    }
    expect(latencies[1]! + latencies[2]!).toBeGreaterThan(100_000);
  });

  it('works from inside a host hook: the hook’s CPU is the writer, the others are parked', () => {
    // CPU 2 executes SVC; its hook patches code under a rendezvous.
    const m = machineWith([ADD_R1, encodeB(CODE + 4, CODE)], { cpus: 4, fetch: 'architectural', quantum: [5, 20] });
    m.memory.map(CODE + 0x1000, 0x1000, 'rwx');
    m.memory.poke32(CODE + 0x1000, 0xef000000); // svc #0
    m.memory.poke32(CODE + 0x1004, encodeB(CODE + 0x1004, CODE));
    for (const k of [0, 1, 3]) m.startCpu(k, CODE, { mode: MODE_SVC });
    m.run({ maxInstructions: 1000 });
    m.startCpu(2, CODE + 0x1000, { mode: MODE_SVC });
    const writers: number[] = [];
    m.hooks.on('svc', (e: ExceptionEvent) => {
      m.stopMachine(
        (k) => {
          writers.push(k);
          m.write(CODE, 0xe7f001f8, 4);
          m.cacheMaintenance(CODE, 4);
        },
        { writers: 'one' },
      );
      expect(e.cpu.index).toBe(2);
      return true;
    });
    const und: number[] = [];
    m.hooks.on('und', (e: ExceptionEvent) => {
      und.push(e.cpu.index);
      return true;
    });
    m.run({ maxInstructions: 1000 });
    expect(writers).toEqual([2]);
    expect(m.violations()).toEqual([]);
    expect(new Set(und)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('nests: a stopMachine inside fn runs fn directly', () => {
    const m = loop(2);
    const calls: number[] = [];
    m.stopMachine(() => m.stopMachine((k) => calls.push(k), { writers: 'all' }), { writers: 'one' });
    expect(calls).toEqual([0, 1]);
    expect(m.statistics().rendezvous.count).toBe(1);
  });
});

describe('syncCores and cache maintenance', () => {
  it('charges IPIs, synchronises every CPU and wakes sleepers', () => {
    const m = machineWith([WFI, encodeB(CODE + 4, CODE)], { cpus: 3, tickPeriod: 0 });
    for (let k = 0; k < 3; k++) m.startCpu(k, CODE, { mode: MODE_SVC });
    expect(m.run({ maxInstructions: 100 }).reason).toBe('halt');
    const before = m.cycles();
    m.syncCores();
    const s = m.statistics();
    expect(s.syncCores.count).toBe(1);
    expect(s.ipis).toBe(2);
    expect(s.syncCores.cycles).toBe(m.cycles() - before);
    expect(m.cpus.slice(1).map((c) => c.waitingForInterrupt)).toEqual([false, false]);
    expect(m.run({ maxInstructions: 100 }).instructions).toBeGreaterThan(0);
  });

  it('cacheMaintenance is charged per cache line to the acting CPU', () => {
    const m = loop(1);
    m.cacheMaintenance(CODE, 64);
    expect(m.statistics().maintenance).toMatchObject({
      count: 1,
      cycles: 3 * 2 * COST.maintenanceLine + 2 * COST.barrier,
    });
  });
});

describe('ticks, interrupts and IPIs', () => {
  it('a host irq hook sees one timer tick (PPI 29) per tickPeriod cycles of each CPU', () => {
    const m = loop(2, { tickPeriod: 1000 });
    const ticks = [0, 0];
    m.hooks.on('irq', (e: ExceptionEvent) => {
      expect(e.interrupt).toBe(TIMER_PPI);
      ticks[e.cpu.index]!++;
      return true;
    });
    m.run({ maxInstructions: 20_000 });
    const s = m.statistics();
    for (const k of [0, 1]) {
      expect(ticks[k]).toBe(s.perCpu[k]!.interrupts);
      expect(Math.abs(ticks[k]! - s.perCpu[k]!.cycles / 1000)).toBeLessThan(2);
    }
    expect(s.ticksDropped).toBe(0);
  });

  it('CPSR.I masks the tick; without a hook or a guest vector ticks are dropped and do not stop the run', () => {
    const m = loop(1, { tickPeriod: 500 });
    m.cpus[0]!.writeCpsr(MODE_SVC | 0x80, -1);
    let taken = 0;
    const remove = m.hooks.on('irq', () => {
      taken++;
      return true;
    });
    m.run({ maxInstructions: 5000 });
    expect(taken).toBe(0);
    remove();
    const r = m.run({ maxInstructions: 5000 });
    expect(r.reason).toBe('limit');
    expect(m.statistics().ticksDropped).toBeGreaterThan(0);
  });

  it('a guest IRQ vector takes the tick (exception entry and return cost cycles)', () => {
    const m = loop(1, { tickPeriod: 1000 });
    m.memory.map(0, 0x1000, 'rwx');
    m.memory.poke32(0x18, 0xe2822001); // add r2, r2, #1
    m.memory.poke32(0x1c, 0xe25ef004); // subs pc, lr, #4
    m.run({ maxInstructions: 10_000 });
    expect(reg(m, 2)).toBeGreaterThan(5);
    expect(m.statistics().interrupts).toBe(reg(m, 2));
  });

  it('WFI sleeps until an IPI; a WFI with only dropped ticks halts', () => {
    const m = machineWith([WFI, 0xe2811001, encodeB(CODE + 8, CODE)], { cpus: 2, tickPeriod: 1000 });
    m.startCpu(0, CODE, { mode: MODE_SVC });
    expect(m.run({ maxInstructions: 100 }).reason).toBe('halt');
    const ids: (number | null)[] = [];
    m.hooks.on('irq', (e: ExceptionEvent) => {
      if (e.interrupt !== TIMER_PPI) ids.push(e.interrupt);
      return true;
    });
    m.sendIpi(0, 3);
    m.run({ maxInstructions: 2 });
    expect(ids).toEqual([3]);
    expect(reg(m, 1)).toBe(1);
  });

  it('the global monitor: another CPU’s or the host’s store to the granule clears a reservation', () => {
    const LDREX = 0xe1921f9f; // ldrex r1, [r2]
    const STREX = 0xe1823f91; // strex r3, r1, [r2]
    const attempt = (disturb: (m: Machine) => void) => {
      const m = machineWith([LDREX, STREX, encodeB(CODE + 8, CODE + 8)], { cpus: 2 });
      m.cpus[0]!.regs[2] = DATA;
      m.run({ maxInstructions: 1 });
      disturb(m);
      m.run({ maxInstructions: 1 });
      return reg(m, 3);
    };
    expect(attempt(() => {})).toBe(0);
    expect(attempt((m) => m.memory.poke32(DATA + 28, 1))).toBe(1); // same 32-byte granule
    expect(attempt((m) => m.memory.poke32(DATA + 32, 1))).toBe(0); // the next granule
    // CPU 1 stores into the granule with a guest STR.
    expect(
      attempt((m) => {
        m.memory.map(CODE + 0x1000, 0x1000, 'rwx');
        m.memory.poke32(CODE + 0x1000, 0xe5821004); // str r1, [r2, #4]
        m.startCpu(1, CODE + 0x1000, { mode: MODE_SVC, regs: { 2: DATA } });
        m.cpus[0]!.poweredOn = false;
        m.run({ maxInstructions: 1 });
        m.cpus[0]!.poweredOn = true;
        m.cpus[1]!.poweredOn = false;
      }),
    ).toBe(1);
  });
});
