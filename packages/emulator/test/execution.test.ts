import { describe, expect, it } from 'vitest';
import { COST, MODE_IRQ, MODE_SVC, MODE_USR, RoundRobinScheduler } from '../src/index.js';
import { CODE, DATA, EXECUTION_MODES, encodeB, machineWith, reg, runWords } from './helpers.js';

describe('execution engine', () => {
  for (const execution of EXECUTION_MODES) {
    describe(execution, () => {
      it('sees a store over a later instruction of the same block (coherent fetch)', () => {
        const m = runWords(
          [
            0xe3003000, // movw r3, #0
            0xe3403001, // movt r3, #1         r3 = CODE
            0xe3004009, // movw r4, #9
            0xe34e43a0, // movt r4, #0xe3a0    r4 = `mov r0, #9`
            0xe5834014, // str r4, [r3, #20]   overwrite the next instruction
            0xe3a00001, // mov r0, #1          (replaced)
          ],
          undefined,
          { execution },
        );
        expect(reg(m, 0)).toBe(9);
        expect(m.statistics().invalidations).toBeGreaterThan(0);
      });

      it('reads the PC as address + 8, stores PC + 8, and sets flags for conditions', () => {
        const m = runWords(
          [
            0xe3003000, // movw r3, #0
            0xe3403002, // movt r3, #2         r3 = DATA
            0xe1a0700f, // mov r7, pc
            0xe583f100, // str pc, [r3, #256]
            0xe3a00102, // mov r0, #0x80000000
            0xe0900000, // adds r0, r0, r0     → 0, C = 1, V = 1, Z = 1
            0x22866001, // addcs r6, r6, #1
            0x32866002, // addcc r6, r6, #2
          ],
          undefined,
          { execution },
        );
        expect(reg(m, 7)).toBe(CODE + 16);
        expect(m.memory.peek32(DATA + 0x100)).toBe(CODE + 20);
        expect(reg(m, 6)).toBe(1);
        const cpu = m.cpus[0]!;
        expect([cpu.n, cpu.z, cpu.c, cpu.v]).toEqual([0, 1, 1, 1]);
      });

      it('divides by zero to 0 and INT_MIN / -1 to INT_MIN', () => {
        const m = runWords(
          [0xe3a00007, 0xe3a01000, 0xe712f110, 0xe733f110, 0xe3a00102, 0xe3e01000, 0xe715f110],
          undefined,
          { execution },
        );
        expect(reg(m, 2)).toBe(0);
        expect(reg(m, 3)).toBe(0);
        expect(reg(m, 5)).toBe(0x80000000);
      });

      it('stops exactly at maxInstructions inside a block', () => {
        const words = Array.from({ length: 10 }, (_, i) => 0xe2800001 + 0 * i); // add r0, r0, #1
        const m = machineWith([...words, encodeB(CODE + 40, CODE)], { execution });
        const result = m.run({ maxInstructions: 7 });
        expect(result).toMatchObject({ reason: 'limit', instructions: 7, cycles: 7 * COST.alu });
        expect(reg(m, 0)).toBe(7);
        expect(m.cpus[0]!.pc).toBe(CODE + 28);
        const more = m.run({ maxInstructions: 100 });
        expect(more.instructions).toBe(100);
        expect(reg(m, 0)).toBe(7 + 100 - Math.floor((100 + 7) / 11));
      });

      it('charges cycles by instruction class', () => {
        const m = machineWith(
          [
            0xe3003000, // movw r3, #0         alu
            0xe3403002, // movt r3, #2         alu
            0xe0000291, // mul r0, r1, r2      multiply
            0xe0810392, // umull r0, r1, r2, r3  long multiply
            0xe5930000, // ldr r0, [r3]        load
            0xe5830000, // str r0, [r3]        store
            0xeafffffe, // b .                 branch
          ],
          { execution },
        );
        const result = m.run({ maxInstructions: 7 });
        expect(result.cycles).toBe(
          2 * COST.alu + COST.multiply + COST.multiplyLong + COST.load + COST.store + COST.branch,
        );
      });

      it('faults on misaligned LDRD and LDREX (alignment) and fails a STREX without a reservation', () => {
        for (const [word, expectFault] of [
          [0xe1c900d0, true], // ldrd r0, r1, [r9]
          [0xe1990f9f, true], // ldrex r0, [r9]
          [0xe5990000, false], // ldr r0, [r9]: unaligned is allowed
        ] as const) {
          const m = machineWith([word], { execution });
          m.cpus[0]!.regs[9] = DATA + 2;
          const result = m.run({ maxInstructions: 1 });
          if (expectFault) {
            expect(result.reason).toBe('fault');
            expect(result.fault).toMatchObject({ kind: 'dabt', cause: 'alignment', address: DATA + 2 });
          } else expect(result.reason).toBe('limit');
        }
        const m = runWords([0xe1891f90], (m) => (m.cpus[0]!.regs[9] = DATA), { execution }); // strex r1, r0, [r9]
        expect(reg(m, 1)).toBe(1);
      });
    });
  }
});

describe('system instructions', () => {
  it('CP15: MPIDR and TPIDRURO at PL1, UND for privileged registers at PL0, maintenance events', () => {
    const m = runWords([0xee100fb0, 0xe1a01000, 0xee0d0f70, 0xee070f15, 0xee070fba]);
    const cpu = m.cpus[0]!;
    expect(reg(m, 1)).toBe(0x80000000);
    expect(cpu.cp15.tpidruro).toBe(0x80000000);
    const user = machineWith([0xee1d0f70, 0xee100fb0]); // mrc TPIDRURO (ok), mrc MPIDR (UND at PL0)
    const events: string[] = [];
    user.cpus[0]!.cp15.onOperation((op) => events.push(op.name));
    user.cpus[0]!.writeCpsr(MODE_USR, -1);
    user.cpus[0]!.cp15.tpidruro = 0x1234;
    const result = user.run({ maxInstructions: 2 });
    expect(reg(user, 0)).toBe(0x1234);
    expect(result.fault?.kind).toBe('und');
    const maint = machineWith([0xee070f15, 0xee070fba, 0xf57ff06f]);
    maint.cpus[0]!.cp15.onOperation((op) => events.push(op.name));
    maint.run({ maxInstructions: 3 });
    expect(events).toEqual(['ICIALLU', 'CP15DMB']);
  });

  it('MSR from USR changes flags but not the mode; MRS reads the CPSR', () => {
    const m = machineWith([0xe321f013, 0xe328f20f, 0xe10f0000]);
    m.cpus[0]!.writeCpsr(MODE_USR, -1);
    m.run({ maxInstructions: 3 });
    expect(m.cpus[0]!.mode).toBe(MODE_USR);
    expect(reg(m, 0)).toBe(0xf0000010);
  });

  it('CPS masks interrupts and switches mode with banked SP', () => {
    const m = runWords([0xf10c00c0, 0xf1020012, 0xe3a0dc01, 0xf1020013], (m) => (m.cpus[0]!.regs[13] = 0x5000));
    const cpu = m.cpus[0]!;
    expect(cpu.mode).toBe(MODE_SVC);
    expect([cpu.maskI, cpu.maskF]).toEqual([1, 1]);
    expect(reg(m, 13)).toBe(0x5000);
    expect(cpu.readRegisterOf(MODE_IRQ, 13)).toBe(0x100);
  });

  it('WFI with no interrupt source halts the machine', () => {
    const m = machineWith([0xe320f003, 0xe3a00001]);
    const result = m.run({ maxInstructions: 10 });
    expect(result.reason).toBe('halt');
    expect(result.instructions).toBe(1);
    m.cpus[0]!.irqLine = true; // masked, but WFI still wakes
    const resumed = m.run({ maxInstructions: 1 });
    expect(resumed.reason).toBe('limit');
    expect(reg(m, 0)).toBe(1);
  });
});

describe('events', () => {
  it('WFE consumes a pending event (SEV) instead of sleeping; without one it sleeps (halt on one CPU)', () => {
    const m = machineWith([0xe320f004, 0xe320f002, 0xe3a00001, 0xe320f002, 0xe3a00002]); // sev; wfe; mov; wfe; mov
    const result = m.run({ maxInstructions: 10 });
    expect(reg(m, 0)).toBe(1);
    expect(result).toMatchObject({ reason: 'halt', instructions: 4 });
    expect(m.cpus[0]!.waitingForEvent).toBe(true);
  });
});

describe('several CPUs (structure for SMP)', () => {
  it('secondary CPUs stay off until started, then share the round-robin scheduler', () => {
    // Each CPU adds 1 to its own counter word at DATA + 4 × r0, forever.
    const loop = [
      0xe3003000, // movw r3, #0
      0xe3403002, // movt r3, #2
      0xe7931100, // ldr r1, [r3, r0, lsl #2]
      0xe2811001, // add r1, r1, #1
      0xe7831100, // str r1, [r3, r0, lsl #2]
      encodeB(CODE + 20, CODE + 8),
    ];
    const m = machineWith(loop, { cpus: 3, scheduler: new RoundRobinScheduler(40) });
    expect(m.cpus.map((c) => c.poweredOn)).toEqual([true, false, false]);
    m.run({ maxInstructions: 400 });
    expect(m.statistics().perCpu.map((c) => c.instructions)).toEqual([400, 0, 0]);
    m.startCpu(1, CODE, { regs: { 0: 1 } });
    m.startCpu(2, CODE, { regs: { 0: 2 } });
    m.run({ maxInstructions: 1200 });
    const perCpu = m.statistics().perCpu.map((c) => c.instructions);
    expect(perCpu.reduce((a, b) => a + b)).toBe(1600);
    expect(perCpu[1]).toBeGreaterThan(300);
    expect(perCpu[2]).toBeGreaterThan(300);
    expect(m.memory.peek32(DATA + 4)).toBeGreaterThan(70);
    expect(m.memory.peek32(DATA + 8)).toBeGreaterThan(70);
    expect(m.cpus[1]!.cp15.mpidr).toBe(0x80000001);
  });
});

describe('loops compiled into one block function', () => {
  for (const execution of EXECUTION_MODES) {
    it(`stop exactly at the budget and notice an interrupt raised by an MMIO store inside the loop (${execution})`, () => {
      const loop = [
        0xe58a0000, // str r0, [sl]      (MMIO: the 5th write raises IRQ)
        0xe2811001, // add r1, r1, #1
        encodeB(CODE + 8, CODE), // b loop
      ];
      const m = machineWith(loop, { execution });
      const cpu = m.cpus[0]!;
      m.memory.map(0, 0x1000, 'rwx');
      m.memory.poke32(0x18, 0xe3a0904d); // irq vector: mov r9, #77
      m.memory.poke32(0x1c, encodeB(0x1c, 0x1c)); // b .
      let writes = 0;
      m.memory.mapMmio(0x00f00000, 0x1000, {
        read: () => 0,
        write: () => {
          if (++writes === 5) cpu.irqLine = true;
        },
      });
      cpu.regs[10] = 0x00f00000;
      cpu.writeCpsr(MODE_SVC, -1); // I and F clear
      expect(m.run({ maxInstructions: 7 })).toMatchObject({ reason: 'limit', instructions: 7 });
      expect(reg(m, 1)).toBe(2);
      expect(cpu.pc).toBe(CODE + 4);
      const result = m.run({ maxInstructions: 1000 });
      expect(result).toMatchObject({ reason: 'limit', instructions: 1000 });
      expect(reg(m, 1)).toBe(4);
      expect(reg(m, 9)).toBe(77);
      expect(cpu.mode).toBe(MODE_IRQ);
      expect(reg(m, 14)).toBe(CODE + 8);
      expect(cpu.pc).toBe(0x1c);
    });
  }

  it('a conditional BL falls through when not taken and links when taken', () => {
    const m = runWords(
      [
        0xe3500000, // cmp r0, #0
        0x0b000002, // bleq +8 (to CODE + 20)
        0xe3a01001, // mov r1, #1
        0xe3500001, // cmp r0, #1
        0x0b000000, // bleq +0 (to CODE + 24)
        0xe3a02002, // mov r2, #2
        0xe3a03003, // mov r3, #3
      ],
      (m) => (m.cpus[0]!.regs[0] = 1),
      { count: 6 },
    );
    expect([reg(m, 1), reg(m, 2), reg(m, 3)]).toEqual([1, 0, 3]);
    expect(reg(m, 14)).toBe(CODE + 20);
  });
});
