import { describe, expect, it } from 'vitest';
import { Machine } from '../src/index.js';

describe('host-call gates', () => {
  it('a BL to a mapped address runs the JavaScript function and returns like a call, without an exception', () => {
    const machine = new Machine({ linuxUser: false });
    machine.memory.map(0x10000, 0x1000, 'rx');
    // 10000: mov r0, #7 ; bl 10100 ; add r0, r0, #1 ; udf #0 (end)      10100: udf #74 (the gate)
    const code = [0xe3a00007, 0xeb00003d, 0xe2800001, 0xe7f000f0];
    code.forEach((w, i) => {
      machine.memory.poke32(0x10000 + 4 * i, w);
    });
    machine.memory.poke32(0x10100, 0xe7f004fa);
    const seen: number[] = [];
    const undHooks: number[] = [];
    machine.hooks.on('und', (e) => {
      undHooks.push(e.pc);
      return false;
    });
    const remove = machine.hooks.onHostCall(0x10100, (cpu) => {
      seen.push(cpu.regs[0]!);
      cpu.regs[0] = (cpu.regs[0]! * 6) | 0;
      return cpu.regs[14]! >>> 0;
    });
    const cpu = machine.cpus[0]!;
    cpu.writeCpsr(0x10, -1);
    cpu.pc = 0x10000;
    cpu.nextPc = 0x10000;
    const result = machine.run({ maxInstructions: 100 });
    expect(seen).toEqual([7]);
    expect(cpu.regs[0]).toBe(43);
    expect(result.reason).toBe('fault');
    expect(result.fault?.pc).toBe(0x1000c);
    // Only the end marker reached the exception hooks; the gate cost a call, not an exception entry.
    expect(undHooks).toEqual([0x1000c]);
    expect(() => machine.hooks.onHostCall(0x10100, () => 0)).toThrow(/already mapped/);
    remove();
    expect(machine.hooks.hostCall(0x10100)).toBeUndefined();
  });

  it('a gate opens no trap window (it is a call), while a real UND trap does', () => {
    const machine = new Machine({ linuxUser: false, cpus: 2, trapWindow: 500 });
    machine.memory.map(0x10000, 0x1000, 'rwx');
    // CPU 0: 10000: bl 10100 (the gate) ; udf #0 (end).  CPU 1: 10200: b 10200.
    machine.memory.poke32(0x10000, 0xeb00003e);
    machine.memory.poke32(0x10004, 0xe7f000f0);
    machine.memory.poke32(0x10100, 0xe7f004fa);
    machine.memory.poke32(0x10200, 0xeafffffe);
    machine.hooks.onHostCall(0x10100, (cpu) => cpu.regs[14]! >>> 0);
    machine.startCpu(1, 0x10200);
    const cpu = machine.cpus[0]!;
    cpu.writeCpsr(0x10, -1);
    cpu.pc = 0x10000;
    cpu.nextPc = 0x10000;
    const result = machine.run({ maxInstructions: 1000 });
    expect(result.fault?.pc).toBe(0x10004);
    // One window: the end marker's. The gate was a call.
    expect(machine.statistics().trapWindows).toBe(1);
  });
});
