import { describe, expect, it } from 'vitest';
import {
  Cpu,
  MODE_ABT,
  MODE_FIQ,
  MODE_IRQ,
  MODE_SVC,
  MODE_SYS,
  MODE_UND,
  MODE_USR,
  PhysicalMemory,
} from '../src/index.js';

function cpu(index = 0): Cpu {
  const memory = new PhysicalMemory();
  const c = new Cpu(index, { memory, raise: () => {} });
  c.reset(0);
  return c;
}

describe('CPU state', () => {
  it('resets into SVC mode, ARM state, A/I/F masked', () => {
    const c = cpu();
    expect(c.mode).toBe(MODE_SVC);
    expect(c.cpsr).toBe(0x1d3);
  });

  it('banks SP and LR per mode and r8–r12 for FIQ; USR and SYS share a bank', () => {
    const c = cpu();
    const modes = [MODE_USR, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_ABT, MODE_UND];
    for (const [i, mode] of modes.entries()) {
      c.switchMode(mode);
      c.regs[13] = 0x1000 * (i + 1);
      c.regs[14] = 0x100 * (i + 1);
      c.regs[8] = i;
    }
    for (const [i, mode] of modes.entries()) {
      c.switchMode(mode);
      expect(c.regs[13]).toBe(0x1000 * (i + 1));
      expect(c.regs[14]).toBe(0x100 * (i + 1));
      expect(c.regs[8]).toBe(mode === MODE_FIQ ? 1 : 5);
    }
    c.switchMode(MODE_SYS);
    expect(c.regs[13]).toBe(0x1000);
    expect(c.readRegisterOf(MODE_FIQ, 13)).toBe(0x2000);
    expect(c.readRegisterOf(MODE_FIQ, 8)).toBe(1);
    c.writeRegisterOf(MODE_IRQ, 14, 77);
    c.switchMode(MODE_IRQ);
    expect(c.regs[14]).toBe(77);
  });

  it('packs and unpacks the CPSR, including GE, IT and Q, and keeps an SPSR per mode', () => {
    const c = cpu();
    const value = 0xf80f0000 | (0x3 << 25) | (0x3f << 10) | 0x200 | 0x1d3;
    c.writeCpsr(value >>> 0, -1);
    expect(c.cpsr).toBe(value >>> 0);
    expect([c.n, c.z, c.c, c.v, c.q, c.ge, c.itState]).toEqual([1, 1, 1, 1, 1, 0xf, 0xff]);
    c.spsr = 0x10;
    c.switchMode(MODE_IRQ);
    c.spsr = 0x1f;
    c.switchMode(MODE_SVC);
    expect(c.spsr).toBe(0x10);
    expect(c.spsrOf(MODE_IRQ)).toBe(0x1f);
    c.writeCpsr(0x16, 0x1f); // MON is not implemented: ignored
    expect(c.mode).toBe(MODE_SVC);
  });

  it('reports MPIDR per CPU index and high vectors through SCTLR.V', () => {
    expect(cpu(3).cp15.mpidr).toBe(0x80000003);
    const c = cpu();
    expect(c.cp15.vectorBase).toBe(0);
    expect(c.cp15.write(1, 0, 0, 0, c.cp15.sctlr | 0x2000, true)).toBe(true);
    expect(c.cp15.vectorBase).toBe(0xffff0000);
    expect(c.cp15.read(0, 0, 0, 5, false)).toBeUndefined();
    expect(c.cp15.write(13, 0, 0, 3, 1, false)).toBe(false);
  });

  it('has a local exclusive monitor', () => {
    const c = cpu();
    c.monitor.markExclusive(0x1000, 4);
    expect(c.monitor.checkAndClear(0x1004, 4)).toBe(false);
    c.monitor.markExclusive(0x1000, 4);
    expect(c.monitor.checkAndClear(0x1000, 4)).toBe(true);
    expect(c.monitor.checkAndClear(0x1000, 4)).toBe(false);
  });
});
