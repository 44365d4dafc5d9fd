import { encodeThumbBLX, itAdvance } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import { type ExceptionEvent, Machine, MODE_USR } from '../src/index.js';
import { buildElf } from './elf-builder.js';
import { EXECUTION_MODES } from './helpers.js';

/*
 * Thumb state: IT blocks, interworking, exceptions from Thumb state, the Thumb-only branches and the
 * PC-relative bases. The images were assembled with GNU as 2.40 (-march=armv7-a); the listing is beside each.
 */

/** Writes hex byte strings at their addresses. */
function load(m: Machine, segments: readonly (readonly [number, string])[]): void {
  for (const [address, hex] of segments) {
    m.memory.writeBytes(address, Uint8Array.from(hex.match(/../g)!.map((b) => Number.parseInt(b, 16))));
  }
}

/** A machine with an rwx page at 0x10000, CPU 0 in `mode` at `pc` in Thumb state (bit 0 of `pc`) or ARM state. */
function machine(execution: 'blocks' | 'interpreter', segments: readonly (readonly [number, string])[], pc: number) {
  const m = new Machine({ linuxUser: false, execution });
  m.memory.map(0x10000, 0x1000, 'rwx');
  load(m, segments);
  const cpu = m.cpus[0]!;
  cpu.pc = pc & ~1;
  cpu.writeCpsr(0x1d3 | ((pc & 1) << 5), -1);
  return { m, cpu };
}

const hex = (v: number | undefined): string => (v === undefined ? 'undefined' : `0x${(v >>> 0).toString(16)}`);

describe('Thumb state', () => {
  for (const execution of EXECUTION_MODES) {
    it(`IT blocks: conditions, ITSTATE in CPSR after each instruction, no flags from 16-bit forms inside (${execution})`, () => {
      //   0: 2001 movs r0, #1      2: 2801 cmp r0, #1      4: bf0c ite eq     6: 2101 moveq r1, #1
      //   8: 2102 movne r1, #2     a: 2300 movs r3, #0     c: bf08 it eq      e: 3301 addeq r3, #1 (no flags)
      //  10: bf1c itt ne          12: 2409 movne r4, #9   14: 2509 movne r5, #9   16: e7fe b .
      const { m, cpu } = machine(execution, [[0x10000, '012001280cbf01210221002308bf01331cbf09240925fee7']], 0x10001);
      const itBits = () => cpu.cpsr & 0x0600fc00;
      const trace: number[] = [];
      for (let n = 0; n < 12; n++) {
        m.run({ maxInstructions: 1 });
        trace.push(itBits());
      }
      // ITE EQ = ITSTATE 0x0c (IT[7:2] in CPSR 15:10), then 0x18, then out of the block; IT EQ 0x08; ITT NE 0x1c, 0x18.
      expect(trace.map(hex)).toEqual([0, 0, 0x0c00, 0x1800, 0, 0, 0x0800, 0, 0x1c00, 0x1800, 0, 0].map(hex));
      const r = cpu.regs;
      expect([r[1], r[3], r[4], r[5]]).toEqual([1, 1, 0, 0]);
      expect(cpu.z).toBe(1); // addeq inside the block did not set flags, so ITT NE skipped both moves
      expect(cpu.pc).toBe(0x10016);
    });

    it(`interworking: BLX register and immediate both ways, POP {pc}, ARM ALU write to PC interworks, Thumb's does not (${execution})`, () => {
      // ARM   0x10000: adr r0, thumb_fn+1; blx r0; mov r6, r1; adr r0, thumb_alu+1; mov pc, r0; arm_back: b .
      // Thumb 0x10100: push {lr}; movs r1, #5; blx arm_fn; adds r1, #1; pop {pc}
      //       0x1010c: thumb_alu: adr r2, t2 (addw r2, pc, #4); mov pc, r2; movs r7, #1; t2: movs r7, #2;
      //                ldr r3, =arm_back; bx r3
      // ARM   0x10200: arm_fn: add r1, r1, #10; bx lr
      const { m, cpu } = machine(
        execution,
        [
          [0x10000, 'f9008fe230ff2fe10160a0e1f9008fe200f0a0e1feffffea'],
          [0x10100, '00b5052100f07ce8013100bd0ff20402974601270227014b1847000014000100'],
          [0x10200, '0a1081e21eff2fe1'],
        ],
        0x10000,
      );
      cpu.regs[13] = 0x10800;
      const result = m.run({ maxInstructions: 40 });
      expect(result.reason).toBe('limit');
      expect(cpu.regs[1]).toBe(16);
      expect(cpu.regs[6]).toBe(16);
      expect(cpu.regs[7]).toBe(2); // MOV PC in Thumb state is BranchWritePC: Thumb at t2, not ARM
      expect(cpu.thumb).toBe(0);
      expect(cpu.pc).toBe(0x10014);
      expect(cpu.regs[13]).toBe(0x10800);
    });

    it(`exceptions from Thumb state into ARM vectors: LR offsets, SPSR with T and ITSTATE, return to Thumb (${execution})`, () => {
      // ARM vectors at 0 (und → r8/r9, svc → r10/r11, pabt → r5 and skip 2, dabt → r12 and skip 2).
      // Thumb at 0x1000: movs r4, #15; lsls r4, r4, #20; movs r0, #0; cmp r0, #0; itt eq; svceq 1 (0x100a);
      //   addeq r0, #1; udf #7 (0x100e); adds r0, #2; ldr r1, [r4] (0x1012, unmapped); adds r0, #4;
      //   bkpt 3 (0x1016); adds r0, #8; b .
      const m = new Machine({ linuxUser: false, execution });
      m.memory.map(0, 0x2000, 'rwx');
      load(m, [
        [0, 'feffffea3d0000ea3f0000ea410000ea420000ea'],
        [0x100, '0e80a0e100904fe10ef0b0e10ea0a0e100b04fe10ef0b0e10e50a0e102f05ee20ec0a0e106f05ee2'],
        [0x1000, '0f2424050020002804bf01df013007de02302168043003be0830fee7'],
      ]);
      const cpu = m.cpus[0]!;
      cpu.pc = 0x1000;
      cpu.writeCpsr(MODE_USR | 0x20, -1);
      const result = m.run({ maxInstructions: 40 });
      expect(result.reason).toBe('limit');
      expect(cpu.regs[0]).toBe(15);
      expect(cpu.thumb).toBe(1);
      expect(cpu.pc).toBe(0x101a);
      // SVC inside the IT block: LR = address + 2; SPSR holds the IT state after it (0x08) and T.
      expect(hex(cpu.readRegisterOf(0x13, 14))).toBe(hex(0x100c));
      expect(hex(cpu.regs[11]! & 0x0600fc3f)).toBe(hex(0x0800 | 0x20 | MODE_USR));
      expect(hex(cpu.regs[10]!)).toBe(hex(0x100c));
      // UDF: LR_und = address + 2; prefetch abort (BKPT): address + 4; data abort: address + 8.
      expect(hex(cpu.regs[8]!)).toBe(hex(0x1010));
      expect(hex(cpu.regs[9]! & 0x0600fc3f)).toBe(hex(0x20 | MODE_USR));
      expect(hex(cpu.regs[5]!)).toBe(hex(0x101a));
      expect(hex(cpu.regs[12]!)).toBe(hex(0x101a));
    });

    it(`a Thumb UDF.W in an IT block reaches an und hook with its state, length and IT state; resuming after or retrying it (${execution})`, () => {
      //   0: 2000 movs r0, #0   2: 2800 cmp r0, #0   4: bf06 itte eq   6: f7f0 a123 udf.w #0x123 (under EQ)
      //   a: 3001 addeq r0, #1  c: 3002 addne r0, #2  e: e7fe b .
      for (const retry of [false, true]) {
        const { m, cpu } = machine(execution, [[0x10000, '0020002806bff0f723a101300230fee7']], 0x10001);
        const events: Omit<ExceptionEvent, 'cpu' | 'stop'>[] = [];
        const defaults: number[] = [];
        m.hooks.on('und', (e) => {
          const { cpu: _cpu, stop: _stop, ...seen } = e;
          events.push({ ...seen });
          defaults.push(e.resumeAt);
          if (retry) {
            // Replace the breakpoint with NOP.W and execute it, under its own IT condition.
            m.write(0x10006, 0xf3af, 2);
            m.write(0x10008, 0x8000, 2);
            e.resumeAt = e.pc;
          }
          return 'handled';
        });
        const result = m.run({ maxInstructions: 20 });
        expect(result.reason).toBe('limit');
        expect(events.length).toBe(1);
        expect(events[0]).toMatchObject({
          kind: 'und',
          pc: 0x10006,
          word: 0xf7f0a123,
          thumb: true,
          length: 4,
          itState: 0x06,
        });
        expect(defaults).toEqual([0x1000a]); // the next instruction: pc + length
        expect(itAdvance(0x06)).toBe(0x0c);
        // ADDEQ ran in the block's second slot and ADDNE was skipped: the IT state advanced exactly once.
        expect(cpu.regs[0]).toBe(1);
        expect(cpu.pc).toBe(0x1000e);
      }
    });

    it(`TBB/TBH, CBZ/CBNZ, ADR and LDR literal at both PC alignments (${execution})`, () => {
      //  4: tbb [pc, r0] over a 4-entry table (sum 1 + 10 + 100, then exit); 20: tbh [r7, r0, lsl #1];
      // 26: cbz r6; 2a: cbnz r5; 30: adr r1, lit; 32: ldr r2, lit; 34: ldr.w r3, lit; 3a: adr r4, lit;
      // 3c: ldr r6, lit; lit at 0x44.
      const { m, cpu } = machine(
        execution,
        [
          [
            0x10000,
            '00200025dfe800f00204060a013503e00a3501e06435ffe70130f3e7012008a7d7e810f0002506b1002505b9002500bf04a1044adff80c3000bf02a4014efee70000010078563412',
          ],
        ],
        0x10001,
      );
      const result = m.run({ maxInstructions: 60 });
      expect(result.reason).toBe('limit');
      const r = Array.from(cpu.regs, (v) => v >>> 0);
      expect(r[5]).toBe(111);
      expect(r[0]).toBe(1);
      expect([r[1], r[4]].map(hex)).toEqual([hex(0x10044), hex(0x10044)]);
      expect([r[2], r[3], r[6]].map(hex)).toEqual([hex(0x12345678), hex(0x12345678), hex(0x12345678)]);
      expect(cpu.pc).toBe(0x1003e);
    });

    it(`a host-call gate called from Thumb state (BLX to the ARM gate) returns to Thumb state (${execution})`, () => {
      const blx = encodeThumbBLX(0x10000, 0x10100);
      // 0x10000: blx gate; 0x10004: movs r1, #3; 0x10006: b .   gate at 0x10100: udf (ARM)
      const { m, cpu } = machine(execution, [[0x10000, '00000000' + '0321fee7']], 0x10001);
      m.memory.poke16(0x10000, blx >>> 16);
      m.memory.poke16(0x10002, blx & 0xffff);
      m.memory.poke32(0x10100, 0xe7f000f0);
      const seen: number[] = [];
      m.hooks.onHostCall(0x10100, (c) => {
        seen.push(c.thumb, c.regs[14]! >>> 0);
        c.regs[0] = 77;
        return c.regs[14]! >>> 0;
      });
      m.run({ maxInstructions: 4 });
      expect(seen).toEqual([0, 0x10005]);
      expect(cpu.thumb).toBe(1);
      expect([cpu.regs[0], cpu.regs[1]]).toEqual([77, 3]);
      expect(cpu.pc).toBe(0x10006);
    });

    it(`a 32-bit instruction across a page boundary: executed, dropped when its second halfword is written, prefetch abort at that halfword (${execution})`, () => {
      const m = new Machine({ linuxUser: false, execution });
      m.memory.map(0x10000, 0x2000, 'rwx');
      // 0x10ffe: movw r0, #0x1234 (f241 2034, second halfword at 0x11000); 0x11002: b .
      load(m, [[0x10ffe, '41f23420fee7']]);
      const cpu = m.cpus[0]!;
      cpu.pc = 0x10ffe;
      cpu.writeCpsr(0x1d3 | 0x20, -1);
      m.run({ maxInstructions: 3 });
      expect(cpu.regs[0]).toBe(0x1234);
      expect(cpu.pc).toBe(0x11002);
      // Rewrite the second halfword (movw r0, #0x1235) and run it again: the new instruction executes.
      m.write(0x11000, 0x2035, 2);
      cpu.pc = 0x10ffe;
      m.run({ maxInstructions: 3 });
      expect(cpu.regs[0]).toBe(0x1235);
      // With the second page not executable, the fetch of the second halfword aborts: the abort is the
      // instruction's (pc 0x10ffe), at the halfword's address.
      m.memory.protect(0x11000, 0x1000, 'rw');
      m.decodedLines(0).clear();
      const aborts: ExceptionEvent[] = [];
      m.hooks.on('pabt', (e) => {
        aborts.push(e);
        e.stop({ reason: 'fault', status: null });
        return 'handled';
      });
      cpu.pc = 0x10ffc;
      m.memory.poke16(0x10ffc, 0x2100); // movs r1, #0
      const result = m.run({ maxInstructions: 3 });
      expect(result.reason).toBe('fault');
      expect(aborts.map((e) => [hex(e.pc), hex(e.faultAddress ?? 0), e.thumb])).toEqual([
        [hex(0x10ffe), hex(0x11000), true],
      ]);
      expect(result.instructions).toBe(1);
    });
  }
});

describe('Thumb faults in the Linux personality', () => {
  it('an UNDEFINED Thumb instruction kills the process with SIGILL, named by its Thumb symbol and disassembled as Thumb', () => {
    const err: Uint8Array[] = [];
    const m = new Machine({ onStderr: (b) => err.push(b) });
    // _start (Thumb): movs r0, #1; udf #7
    m.loadElf(
      buildElf({
        code: [0xde072001],
        entry: 0x10101,
        symbols: [
          { name: '$t', value: 0x10100, type: 0 },
          { name: '_start', value: 0x10101, size: 4, type: 2 },
        ],
      }),
    );
    const result = m.run({ maxInstructions: 10 });
    expect(result.status).toBe(132);
    expect(result.fault).toMatchObject({ kind: 'und', pc: 0x10102, word: 0xde07, text: 'udf\t#7' });
    expect(Buffer.concat(err).toString()).toBe(
      'armprobe: uncaught target signal 4 (Illegal instruction) at pc 0x00010102 <_start+0x2>: de07 udf #7\n',
    );
  });
});
