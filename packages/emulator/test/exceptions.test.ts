import { describe, expect, it } from 'vitest';
import { Machine, MODE_ABT, MODE_IRQ, MODE_SVC, MODE_UND, MODE_USR } from '../src/index.js';
import { EXECUTION_MODES, encodeB, machineWith, reg } from './helpers.js';

const USER = 0x1000;
const MMIO = 0x00f00000;

/** Vectors at 0 with guest handlers for SVC, UND, data abort and IRQ; user code at 0x1000 in USR mode. */
function guestWithVectors(execution: 'blocks' | 'interpreter', highVectors = false): Machine {
  const m = new Machine({ linuxUser: false, execution });
  const base = highVectors ? 0xffff0000 : 0;
  m.memory.map(base, 0x1000, 'rwx');
  m.memory.map(USER, 0x1000, 'rwx');
  const handlers: Record<number, number[]> = {
    8: [0xe2800064, 0xe14f1000, 0xe1a0200e, 0xe1b0f00e], // svc: add r0,#100; mrs r1,spsr; mov r2,lr; movs pc,lr
    4: [0xe1a0800e, 0xe1b0f00e], // und: mov r8, lr; movs pc, lr
    12: [0xe1a0b00e, 0xe1b0f00e], // pabt (bkpt): mov fp, lr; movs pc, lr
    16: [0xe1a0500e, 0xe25ef004], // dabt: mov r5, lr; subs pc, lr, #4 (skip the faulting load)
    24: [0xe1a0900e, 0xe58a0000, 0xe25ef004], // irq: mov r9, lr; str r0, [sl] (ack); subs pc, lr, #4
  };
  for (const [offset, code] of Object.entries(handlers)) {
    const vector = base + Number(offset);
    const handler = base + 0x100 + Number(offset) * 0x10;
    m.memory.poke32(vector, encodeB(vector, handler));
    code.forEach((w, i) => {
      m.memory.poke32(handler + i * 4, w);
    });
  }
  const user = [
    0xe3a00001, // mov r0, #1
    0xef000005, // svc #5
    0xe2800001, // add r0, r0, #1
    0xe7f000f7, // udf #7
    0xe2800001, // add r0, r0, #1
    0xe5943000, // ldr r3, [r4]      (r4 unmapped: data abort)
    0xe2800001, // add r0, r0, #1
    0xe1200172, // bkpt #0x12
    0xe2800001, // add r0, r0, #1
    encodeB(USER + 36, USER + 36), // b .
  ];
  user.forEach((w, i) => {
    m.memory.poke32(USER + i * 4, w);
  });
  const cpu = m.cpus[0]!;
  if (highVectors) cpu.cp15.sctlr |= 1 << 13;
  cpu.regs[10] = MMIO;
  cpu.writeCpsr(MODE_USR, -1);
  cpu.regs[4] = 0x00900000;
  cpu.pc = USER;
  m.memory.mapMmio(MMIO, 0x1000, {
    read: () => 0,
    write: () => {
      cpu.irqLine = false;
    },
  });
  return m;
}

describe('exception entry and return into guest vectors', () => {
  for (const execution of EXECUTION_MODES) {
    for (const high of [false, true]) {
      it(`SVC, UND, data abort, BKPT and IRQ (${execution}, ${high ? 'high' : 'low'} vectors)`, () => {
        const m = guestWithVectors(execution, high);
        const cpu = m.cpus[0]!;
        const result = m.run({ maxInstructions: 30 });
        expect(result.reason).toBe('limit');
        expect(reg(m, 0)).toBe(105);
        expect(reg(m, 1)).toBe(MODE_USR); // SPSR_svc = user CPSR (flags clear, I/F clear)
        expect(reg(m, 2)).toBe(USER + 8); // LR_svc = SVC address + 4
        expect(reg(m, 8)).toBe(USER + 16); // LR_und = UDF address + 4
        expect(reg(m, 5)).toBe(USER + 28); // LR_abt = faulting LDR + 8
        expect(reg(m, 11)).toBe(USER + 32); // LR_abt after BKPT = BKPT + 4
        expect(cpu.mode).toBe(MODE_USR);
        expect(cpu.pc).toBe(USER + 36);
        // IRQ: taken at the next instruction boundary, LR = next instruction + 4.
        cpu.irqLine = true;
        cpu.attention = 1;
        m.run({ maxInstructions: 10 });
        expect(reg(m, 9)).toBe(USER + 36 + 4);
        expect(cpu.irqLine).toBe(false);
        expect(cpu.mode).toBe(MODE_USR);
        expect(cpu.pc).toBe(USER + 36);
      });
    }
  }

  it('banks LR and SPSR per mode and masks interrupts on entry', () => {
    const m = guestWithVectors('blocks');
    const cpu = m.cpus[0]!;
    m.run({ maxInstructions: 2 }); // mov, svc → now at the SVC vector
    expect(cpu.mode).toBe(MODE_SVC);
    expect(cpu.maskI).toBe(1);
    expect(cpu.spsr).toBe(MODE_USR);
    expect(cpu.regs[14]! >>> 0).toBe(USER + 8);
    expect(cpu.readRegisterOf(MODE_USR, 14)).toBe(0);
    expect(cpu.pc).toBe(0x08);
  });

  it('reports the abort to hooks (declined) and enters ABT with A and I masked; UND for UDF', () => {
    const m = guestWithVectors('interpreter');
    const cpu = m.cpus[0]!;
    const events: string[] = [];
    m.hooks.on('dabt', (e) => {
      events.push(`${e.faultAddress?.toString(16)} ${e.access} ${e.reason} mode ${e.cpu.mode.toString(16)}`);
    });
    m.run({ maxInstructions: 9 }); // mov, svc, b, 4 handler insns, add, udf
    expect(cpu.mode).toBe(MODE_UND);
    expect(cpu.pc).toBe(0x04);
    m.run({ maxInstructions: 4 }); // b, mov, movs, add
    expect(events).toEqual([]);
    m.run({ maxInstructions: 1 }); // the LDR aborts (not retired); the vector's branch retires
    expect(events).toEqual(['900000 read unmapped mode 10']);
    expect(cpu.mode).toBe(MODE_ABT);
    expect(cpu.maskA).toBe(1);
    expect(cpu.maskI).toBe(1);
    expect(cpu.pc).toBe(0x200);
    void MODE_IRQ;
  });
});

describe('host exception hooks', () => {
  it('a hook claims SVC before guest vectoring and chooses where to resume', () => {
    const m = machineWith([0xe3a00001, 0xef00002a, 0xe2800001, 0xe2800001]);
    const seen: number[] = [];
    m.hooks.on('svc', (e) => {
      seen.push(e.immediate!);
      e.cpu.regs[0] = 40;
      e.resumeAt = e.pc + 8; // skip one instruction
      return 'handled';
    });
    const result = m.run({ maxInstructions: 3 });
    expect(result.reason).toBe('limit');
    expect(seen).toEqual([42]);
    expect(reg(m, 0)).toBe(41);
  });

  it('a hook that declines leaves the exception to the guest (here: none, so a typed fault)', () => {
    const m = machineWith([0xe7f001f8]); // the kernel's kprobe breakpoint, udf #24
    let calls = 0;
    m.hooks.on('und', (e) => {
      calls++;
      expect(e.word).toBe(0xe7f001f8);
      return false;
    });
    const result = m.run({ maxInstructions: 5 });
    expect(calls).toBe(1);
    expect(result.reason).toBe('fault');
    expect(result.fault?.kind).toBe('und');
    expect(result.fault?.cause).toBe('undefined-instruction');
    expect(result.fault?.pc).toBe(0x10000);
    expect(result.fault?.text).toBe('udf\t#24');
    expect(result.fault?.message).toContain('udf #24');
  });

  it('a claimed UDF resumes at the next instruction by default (kprobes-style)', () => {
    const m = machineWith([0xe7f001f8, 0xe3a00007]);
    m.hooks.on('und', () => true);
    m.run({ maxInstructions: 2 });
    expect(reg(m, 0)).toBe(7);
  });

  it('hooks run by priority (highest first), then in registration order', () => {
    const m = machineWith([0xef000000]);
    const order: string[] = [];
    m.hooks.on('svc', () => void order.push('a0'));
    m.hooks.on('svc', () => void order.push('b5'), { priority: 5 });
    m.hooks.on('svc', () => void order.push('c0'));
    m.hooks.on(
      'svc',
      () => {
        order.push('d5');
        return true;
      },
      { priority: 5 },
    );
    m.run({ maxInstructions: 1 });
    expect(order).toEqual(['b5', 'd5']);
  });

  it('removing a hook with the returned function', () => {
    const m = machineWith([0xef000000, 0xef000000]);
    let n = 0;
    const off = m.hooks.on('svc', () => {
      n++;
      return true;
    });
    m.run({ maxInstructions: 1 });
    off();
    const result = m.run({ maxInstructions: 1 });
    expect(n).toBe(1);
    expect(result.reason).toBe('fault');
    expect(result.fault?.cause).toBe('supervisor-call');
  });
});

describe('interworking into Thumb state', () => {
  for (const execution of EXECUTION_MODES) {
    it(`BX to an odd address continues in Thumb state there (${execution})`, () => {
      // mov r0, #0x10000; add r0, r0, #0x11; bx r0; (pad); at 0x10010: movs r1, #7; b .
      const m = machineWith([0xe3a00801, 0xe2800011, 0xe12fff10, 0, 0xe7fe2107], { execution });
      const result = m.run({ maxInstructions: 100 });
      expect(result.reason).toBe('limit');
      expect(result.error).toBeUndefined();
      const cpu = m.cpus[0]!;
      expect(cpu.thumb).toBe(1);
      expect(reg(m, 1)).toBe(7);
      expect(cpu.pc).toBe(0x10012);
      expect(cpu.cpsr & 0x20).toBe(0x20);
    });
  }
});
