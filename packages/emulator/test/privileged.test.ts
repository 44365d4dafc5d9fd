import { describe, expect, it } from 'vitest';
import { MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_USR } from '../src/index.js';
import { CODE, DATA, EXECUTION_MODES, machineWith, reg } from './helpers.js';

describe('privileged state instructions', () => {
  for (const execution of EXECUTION_MODES) {
    it(`SRS then RFE round-trips the return state through the SVC stack (${execution})`, () => {
      const m = machineWith([0xf96d0513, 0xf8bd0a00], { execution }); // srsdb sp!, #0x13; rfeia sp!
      const cpu = m.cpus[0]!;
      cpu.regs[13] = DATA + 0x100;
      cpu.regs[14] = CODE + 0x40;
      cpu.spsr = (MODE_USR | 0x80000000) >>> 0;
      const result = m.run({ maxInstructions: 2 });
      expect(result.reason).toBe('limit');
      expect(m.memory.peek32(DATA + 0xf8)).toBe(CODE + 0x40);
      expect(m.memory.peek32(DATA + 0xfc)).toBe((MODE_USR | 0x80000000) >>> 0);
      expect(cpu.mode).toBe(MODE_USR);
      expect(cpu.n).toBe(1);
      expect(cpu.pc).toBe(CODE + 0x40);
      expect(cpu.readRegisterOf(MODE_SVC, 13)).toBe(DATA + 0x100);
    });

    it(`LDM with PC and ^ is an exception return (${execution})`, () => {
      const m = machineWith([0xe8fd8001], { execution }); // ldm sp!, {r0, pc}^
      const cpu = m.cpus[0]!;
      cpu.regs[13] = DATA;
      m.memory.poke32(DATA, 0x1234);
      m.memory.poke32(DATA + 4, CODE + 0x80);
      cpu.spsr = MODE_USR;
      m.run({ maxInstructions: 1 });
      expect(cpu.mode).toBe(MODE_USR);
      expect(reg(m, 0)).toBe(0x1234);
      expect(cpu.pc).toBe(CODE + 0x80);
      expect(cpu.readRegisterOf(MODE_SVC, 13)).toBe(DATA + 8);
    });
  }

  it('STM/LDM ^ transfer the user-mode SP and LR', () => {
    const m = machineWith([0xe8c06000, 0xe3a0d000, 0xe8d06000]); // stmia r0, {sp, lr}^; mov sp, #0; ldm r0, {sp, lr}^
    const cpu = m.cpus[0]!;
    cpu.writeRegisterOf(MODE_USR, 13, 0x1111);
    cpu.writeRegisterOf(MODE_USR, 14, 0x2222);
    cpu.regs[0] = DATA;
    m.run({ maxInstructions: 1 });
    expect(m.memory.peek32(DATA)).toBe(0x1111);
    expect(m.memory.peek32(DATA + 4)).toBe(0x2222);
    m.memory.poke32(DATA, 0x3333);
    m.run({ maxInstructions: 2 });
    expect(cpu.readRegisterOf(MODE_USR, 13)).toBe(0x3333);
    expect(reg(m, 13)).toBe(0);
  });

  it('MRS/MSR of the SPSR and of banked registers', () => {
    const m = machineWith([0xe14f0000, 0xe16ff001, 0xe1052200, 0xe125f203, 0xe1084200, 0xe120f305, 0xe1406300]);
    const cpu = m.cpus[0]!;
    cpu.spsr = 0x600001d0;
    cpu.regs[1] = 0x80000010;
    cpu.regs[3] = 0x7000;
    cpu.regs[5] = 0x5555;
    cpu.writeRegisterOf(MODE_USR, 13, 0x6000);
    cpu.writeRegisterOf(MODE_FIQ, 8, 0x88);
    cpu.setSpsrOf(MODE_IRQ, 0x12);
    m.run({ maxInstructions: 7 });
    expect(reg(m, 0)).toBe(0x600001d0);
    expect(cpu.spsr).toBe(0x80000010);
    expect(reg(m, 2)).toBe(0x6000);
    expect(cpu.readRegisterOf(MODE_USR, 13)).toBe(0x7000);
    expect(reg(m, 4)).toBe(0x88);
    expect(cpu.readRegisterOf(MODE_IRQ, 14)).toBe(0x5555);
    expect(reg(m, 6)).toBe(0x12);
  });

  it('banked MRS is UNDEFINED in User mode', () => {
    const m = machineWith([0xe1052200]);
    m.cpus[0]!.writeCpsr(MODE_USR, -1);
    expect(m.run({ maxInstructions: 1 }).fault?.kind).toBe('und');
  });

  it('FIQ banks r8–r12 and masks F; an IRQ hook may claim the interrupt', () => {
    const m = machineWith([0xe1a00000, 0xe1a00000, 0xe1a00000, 0xe1a00000]);
    m.memory.map(0, 0x1000, 'rwx');
    m.memory.poke32(0x1c, 0xe3a08001); // fiq vector: mov r8, #1
    m.memory.poke32(0x20, 0xe25ef004); // subs pc, lr, #4
    const cpu = m.cpus[0]!;
    cpu.writeCpsr(MODE_SVC, -1); // I and F clear
    cpu.regs[8] = 0x42;
    cpu.fiqLine = true;
    cpu.attention = 1;
    m.run({ maxInstructions: 1 });
    expect(cpu.mode).toBe(MODE_FIQ);
    expect(cpu.maskF).toBe(1);
    expect(reg(m, 8)).toBe(1);
    cpu.fiqLine = false;
    m.run({ maxInstructions: 1 }); // subs pc, lr, #4
    expect(cpu.mode).toBe(MODE_SVC);
    expect(reg(m, 8)).toBe(0x42);
    expect(cpu.pc).toBe(CODE);
    let claimed = 0;
    m.hooks.on('irq', (e) => {
      claimed++;
      e.cpu.irqLine = false;
      return 'handled';
    });
    cpu.irqLine = true;
    cpu.attention = 1;
    m.run({ maxInstructions: 2 });
    expect(claimed).toBe(1);
    expect(cpu.mode).toBe(MODE_SVC);
    expect(cpu.pc).toBe(CODE + 8);
  });
});
