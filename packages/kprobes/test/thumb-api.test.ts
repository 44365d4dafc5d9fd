/**
 * The kprobes API on Thumb code: where Thumb probes may go (instruction starts, the state asked for), the
 * kernel's two Thumb breakpoints in the text while armed, what handlers see (the Thumb bit and ITSTATE in
 * CPSR, the instruction's address), kretprobes on Thumb functions called from Thumb and from ARM code.
 */
import { itAdvance } from '@armprobe/decoder';
import { Machine } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import { KprobeError, Kprobes } from '../src/index.js';
import { boot, program, THUMB_FIXTURES, thumbInstructions } from './helpers.js';

function setup(name: string, options: ConstructorParameters<typeof Kprobes>[1] = {}) {
  const p = program(name, THUMB_FIXTURES);
  const { machine, out } = boot(p);
  const kprobes = new Kprobes(machine, options);
  return { p, machine, out, kprobes, symbols: machine.program!.symbols };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KprobeError);
    return (e as KprobeError).code;
  }
  return 'registered';
}

const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));

describe('Thumb probe placement', () => {
  it('instruction starts only, in the state the code map gives; breakpoints by instruction length', () => {
    const { machine, kprobes } = setup('smp-mixed-thumb-O2');
    const starts = thumbInstructions(machine);
    const wide = starts.find((a) => machine.memory.peek16(a) >>> 11 >= 0x1d)!;
    const narrow = starts.find((a) => machine.memory.peek16(a) >>> 11 < 0x1d && (a & 2) === 0 && a > wide)!;
    // The second halfword of a 32-bit instruction is not an instruction.
    expect(codeOf(() => kprobes.register({ address: (wide + 2) | 1 }))).toBe('unaligned');
    expect(codeOf(() => kprobes.register({ address: wide + 2 }))).toBe('unaligned');
    const original = [machine.memory.peek16(wide), machine.memory.peek16(wide + 2), machine.memory.peek16(narrow)];
    const p32 = kprobes.register({ address: wide | 1 });
    // Without bit 0, Thumb code is still probed in Thumb state (the code map says so).
    const p16 = kprobes.register({ address: narrow });
    expect([p32.isa, p16.isa]).toEqual(['thumb', 'thumb']);
    expect([p32.address, p16.address]).toEqual([wide, narrow]);
    expect([machine.memory.peek16(wide), machine.memory.peek16(wide + 2)]).toEqual([0xf7f0, 0xa018]);
    expect(machine.memory.peek16(narrow)).toBe(0xde18);
    kprobes.unregister(p32);
    kprobes.unregister(p16);
    expect([machine.memory.peek16(wide), machine.memory.peek16(wide + 2), machine.memory.peek16(narrow)]).toEqual(
      original,
    );
  });

  it('Thumb state asked for in ARM code is refused (wrong-state)', () => {
    const { kprobes, symbols, machine } = setup('dispatch-libgcc-O2');
    const main = symbols.address('main')!;
    expect(machine.program!.code.rangeAt(main)!.state).toBe('arm');
    expect(codeOf(() => kprobes.register({ address: main | 1 }))).toBe('wrong-state');
    expect(codeOf(() => kprobes.register({ address: main }))).toBe('registered');
  });
});

describe('Thumb handlers and IT blocks', () => {
  it('pre handlers see the address, the Thumb bit and the ITSTATE in CPSR; post handlers the next PC', () => {
    const { machine, kprobes, out, p } = setup('sort-thumb-O2');
    const inIt = thumbInstructions(machine).filter((a) => {
      try {
        const probe = kprobes.register({ address: a | 1 });
        if ('itState' in probe.insn && probe.insn.itState !== 0) return true;
        kprobes.unregister(probe);
      } catch {
        // not probeable
      }
      return false;
    });
    expect(inIt.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let posts = 0;
    for (const probe of kprobes.probes()) {
      probe.pre = (pr, regs) => {
        const itState = (((regs.cpsr >>> 10) & 0x3f) << 2) | ((regs.cpsr >>> 25) & 3);
        const want = 'itState' in pr.insn ? pr.insn.itState : -1;
        if (regs.pc !== pr.address || (regs.cpsr & 0x20) === 0 || itState !== want) {
          seen.push(`${pr.address.toString(16)}: pc ${regs.pc.toString(16)} cpsr ${regs.cpsr.toString(16)}`);
        }
      };
      probe.post = (pr, regs) => {
        posts++;
        // Inside an IT block only non-branches: the next instruction follows this one.
        if (regs.pc !== pr.address + ('length' in pr.insn ? pr.insn.length : 4)) seen.push(`post ${regs.pc}`);
      };
    }
    machine.run({ maxInstructions: 50_000_000 });
    expect(out()).toBe(p.stdout);
    expect(seen).toEqual([]);
    const hits = kprobes.probes().reduce((n, pr) => n + pr.hits, 0);
    expect(hits).toBeGreaterThan(0);
    expect(posts).toBe(hits);
  });
});

describe('Thumb kretprobes', () => {
  it('a recursive Thumb function: every return seen with its value, output unchanged', () => {
    const { kprobes, machine, out, p } = setup('recurse-thumb-O2');
    const wrong: string[] = [];
    const rp = kprobes.registerKretprobe({
      symbol: 'fib',
      maxactive: 64,
      entry: (instance, regs) => {
        instance.data.n = regs.r(0);
      },
      handler: (instance, regs) => {
        if (regs.r(0) !== fib(instance.data.n as number)) wrong.push(`fib(${instance.data.n}) = ${regs.r(0)}`);
      },
    });
    expect(rp.entryProbe.isa).toBe('thumb');
    const result = machine.run({ maxInstructions: 100_000_000 });
    expect(out()).toBe(p.stdout);
    expect(result.status).toBe(p.status);
    expect(wrong).toEqual([]);
    expect(rp.hits).toBeGreaterThan(100);
    expect(rp.hits).toBe(rp.entryProbe.hits);
    expect(rp.missed).toBe(0);
  });

  it('a Thumb libgcc routine called from ARM code returns through the Thumb trampoline to ARM state', () => {
    const { kprobes, machine, out, p, symbols } = setup('arith-libgcc-O2');
    const name = ['__aeabi_uidiv', '__udivsi3', '__aeabi_idiv', '__divsi3'].find((n) => {
      const a = symbols.address(n);
      return a !== undefined && (a & 1) === 1;
    })!;
    expect(name).toBeDefined();
    const signed = name === '__aeabi_idiv' || name === '__divsi3';
    const wrong: string[] = [];
    let fromArm = 0;
    const rp = kprobes.registerKretprobe({
      symbol: name,
      entry: (instance, regs) => {
        instance.data.args = [regs.r(0), regs.r(1)];
        if ((regs.lr & 1) === 0) fromArm++;
      },
      handler: (instance, regs) => {
        const [a, b] = instance.data.args as [number, number];
        const q = signed ? Math.trunc((a | 0) / (b | 0)) | 0 : Math.trunc(a / b) >>> 0;
        if (regs.r(0) >>> 0 !== q >>> 0) wrong.push(`${a} / ${b} = ${regs.r(0)}`);
      },
    });
    const result = machine.run({ maxInstructions: 100_000_000 });
    expect(out()).toBe(p.stdout);
    expect(result.status).toBe(p.status);
    expect(wrong).toEqual([]);
    expect(rp.hits).toBeGreaterThan(0);
    expect(fromArm).toBeGreaterThan(0);
  });
});

describe('out-of-line steps and the thread scheduler', () => {
  it('a CPU in a slot holds its guest thread (preemptCount raised until the slot returns)', () => {
    const { machine, kprobes, out, p } = setup('sort-thumb-O2');
    for (const a of thumbInstructions(machine)) {
      try {
        kprobes.register({ address: a | 1 });
      } catch {
        // not probeable
      }
    }
    const cpu = machine.cpus[0]!;
    const inArea = () => kprobes.area.contains(cpu.pc);
    let inSlot = 0;
    for (let i = 0; i < 20_000; i++) {
      if (machine.run({ maxInstructions: 1 }).reason !== 'limit') break;
      expect(cpu.preemptCount).toBe(inArea() ? 1 : 0);
      if (inArea()) inSlot++;
    }
    expect(inSlot).toBeGreaterThan(100);
    machine.run({ maxInstructions: 100_000_000 });
    expect(out()).toBe(p.stdout);
    expect(cpu.preemptCount).toBe(0);
  });
});

describe('a trap taken under a failing IT condition', () => {
  it("is skipped without handlers, past the instruction, with ITSTATE advanced (the kernel's singlestep_skip)", () => {
    // This emulator does not trap on a breakpoint whose IT condition fails (it is skipped as a conditional
    // instruction); a core that does takes this path. `itt eq; addeq r0, #1; addeq r1, #1` with Z clear.
    const machine = new Machine({ linuxUser: false });
    machine.memory.map(0x10000, 0x1000, 'rx');
    [0xbf04, 0x3001, 0x3101, 0xdef0].forEach((h, i) => {
      machine.memory.poke16(0x10000 + 2 * i, h);
    });
    const kprobes = new Kprobes(machine, { areaBase: 0x100000, areaSize: 0x10000 });
    let calls = 0;
    const probe = kprobes.register({ address: 0x10002 | 1, pre: () => void calls++ });
    expect(machine.memory.peek16(0x10002)).toBe(0xde18);
    const cpu = machine.cpus[0]!;
    cpu.writeCpsr(0x10 | 0x20, -1); // USR, Thumb, Z clear
    // ITSTATE of the first instruction of `itt eq`: firstcond EQ (0000), mask 0100.
    const itState = 0x04;
    cpu.itState = itState;
    cpu.regs[0] = 5;
    machine.raise(cpu, { kind: 'und', pc: 0x10002, word: 0xde18 });
    expect(calls).toBe(0);
    expect(probe.hits).toBe(0);
    expect(cpu.regs[0]).toBe(5);
    expect(cpu.nextPc >>> 0).toBe(0x10004);
    expect(cpu.itState).toBe(itAdvance(itState));
    // Z set: the condition passes, the handler runs and the instruction steps out of line.
    cpu.writeCpsr(0x10 | 0x20 | (1 << 30), -1);
    cpu.itState = itState;
    machine.raise(cpu, { kind: 'und', pc: 0x10002, word: 0xde18 });
    expect(calls).toBe(1);
    expect(kprobes.area.contains(cpu.nextPc)).toBe(true);
    expect(cpu.itState).toBe(0);
  });
});
