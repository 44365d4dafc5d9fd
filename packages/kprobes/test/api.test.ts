import { describe, expect, it } from 'vitest';
import { KprobeError, Kprobes, type PtRegs } from '../src/index.js';
import { boot, program } from './helpers.js';

function setup(name = 'smp-mixed-O2') {
  const p = program(name);
  const { machine, out } = boot(p);
  const kprobes = new Kprobes(machine);
  const symbols = machine.program!.symbols;
  return { p, machine, out, kprobes, sym: (n: string) => symbols.address(n)! };
}

function codeOf(e: unknown): string {
  expect(e).toBeInstanceOf(KprobeError);
  return (e as KprobeError).code;
}

describe('registration errors', () => {
  it('names what is wrong with a typed error', () => {
    const { kprobes, sym, machine } = setup();
    const tryCode = (spec: Parameters<Kprobes['register']>[0]): string => {
      try {
        kprobes.register(spec);
      } catch (e) {
        return codeOf(e);
      }
      return 'registered';
    };
    expect(tryCode({ symbol: 'fib', offset: 2 })).toBe('unaligned');
    expect(tryCode({ symbol: 'no_such_function' })).toBe('unknown-symbol');
    expect(tryCode({ address: 0x00400000 })).toBe('outside-text');
    expect(tryCode({ address: 0 })).toBe('blacklisted');
    expect(tryCode({ address: kprobes.area.base + 16 })).toBe('blacklisted');
    expect(tryCode({})).toBe('bad-option');
    // A literal pool word ($d) inside the text.
    const program = machine.program!;
    const text = program.elf.segments.find((s) => s.flags & 1)!;
    let pool = -1;
    for (let a = text.vaddr; a < text.vaddr + text.filesz; a += 4) {
      if (program.symbols.mappingAt(a) === 'data') {
        pool = a;
        break;
      }
    }
    expect(pool).toBeGreaterThan(0);
    expect(tryCode({ address: pool })).toBe('in-data');
    // An SVC: rejected with the classifier's reason.
    let svc = -1;
    for (let a = sym('_start'); a < sym('_start') + 0x400; a += 4) {
      if ((machine.memory.peek32(a) & 0x0f000000) === 0x0f000000) {
        svc = a;
        break;
      }
    }
    try {
      kprobes.register({ address: svc });
      expect.unreachable();
    } catch (e) {
      expect(codeOf(e)).toBe('rejected');
      expect((e as Error).message).toMatch(/SVC and coprocessor instructions are not probed/);
    }
  });

  it('refuses to unregister twice or toggle an unregistered probe', () => {
    const { kprobes } = setup();
    const probe = kprobes.register({ symbol: 'fib' });
    kprobes.unregister(probe);
    expect(() => kprobes.unregister(probe)).toThrow(KprobeError);
    expect(() => kprobes.enable(probe)).toThrow(/not-registered/);
  });

  it('refuses probes inside an LDREX…STREX sequence but accepts the instruction after the STREX', () => {
    const p = program('smp-counter-O2');
    const { machine, out } = boot(p);
    const kprobes = new Kprobes(machine);
    const text = machine.program!.elf.segments.find((s) => s.flags & 1)!;
    const loads: number[] = [];
    for (let a = text.vaddr; a < text.vaddr + text.filesz; a += 4) {
      if ((machine.memory.peek32(a) & 0x0ff00fff) === 0x01900f9f) loads.push(a);
    }
    expect(loads.length).toBeGreaterThan(0);
    const ldrex = loads[0]!;
    expect(() => kprobes.register({ address: ldrex + 4 })).toThrow(/exclusive-sequence/);
    // The STREX is two words after the LDREX in this loop; the TEQ after it is outside the sequence.
    let after = ldrex + 4;
    while ((machine.memory.peek32(after) & 0x0ff00ff0) !== 0x01800f90) after += 4;
    after += 4;
    const probe = kprobes.register({ address: after });
    const result = machine.run({ maxInstructions: 50_000_000 });
    expect(out()).toBe(p.stdout);
    expect(result.status).toBe(p.status);
    expect(probe.hits).toBeGreaterThan(0);
  });
});

describe('handlers', () => {
  it('pre and post see pt_regs; aggregates run in registration order; removing one keeps the others', () => {
    const { kprobes, machine, out, p } = setup();
    const calls: string[] = [];
    const args: number[] = [];
    const a = kprobes.register({
      symbol: 'fib',
      pre: (_probe, regs: PtRegs) => {
        calls.push('a');
        args.push(regs.r(0));
        expect(regs.pc).toBe(kprobes.probes()[0]!.address);
      },
    });
    const b = kprobes.register({
      symbol: 'fib',
      pre: () => void calls.push('b'),
      post: () => void calls.push('b-post'),
    });
    expect(kprobes.probes()).toEqual([a, b]);
    machine.run({ maxInstructions: 20_000 });
    expect(calls.slice(0, 3)).toEqual(['a', 'b', 'b-post']);
    kprobes.unregister(a);
    const before = b.hits;
    const result = machine.run({ maxInstructions: 50_000_000 });
    expect(out()).toBe(p.stdout);
    expect(result.status).toBe(p.status);
    expect(b.hits).toBeGreaterThan(before);
    expect(a.hits).toBe(args.length);
    expect(args.every((n) => n < 100)).toBe(true);
  });

  it('a truthy pre return skips the single-step: a handler can make fib(n) return 0 at once', () => {
    const { kprobes, machine, out } = setup();
    kprobes.register({
      symbol: 'fib',
      pre: (_probe, regs) => {
        regs.setR(0, 0);
        regs.pc = regs.lr;
        return 1;
      },
    });
    machine.run({ maxInstructions: 50_000_000 });
    const normal = setup();
    normal.machine.run({ maxInstructions: 50_000_000 });
    expect(out()).not.toBe(normal.out());
  });

  it('a disabled probe does not fire; enabling it arms it; the text is restored on unregister', () => {
    const { kprobes, machine, sym } = setup();
    const address = sym('checksum');
    const original = machine.memory.peek32(address);
    const probe = kprobes.register({ symbol: 'checksum', disabled: true });
    expect(machine.memory.peek32(address)).toBe(original);
    machine.run({ maxInstructions: 30_000 });
    expect(probe.hits).toBe(0);
    kprobes.enable(probe);
    expect(machine.memory.peek32(address) & 0x0fffffff).toBe(0x07f001f8);
    machine.run({ maxInstructions: 200_000 });
    expect(probe.hits).toBeGreaterThan(0);
    kprobes.unregister(probe);
    expect(machine.memory.peek32(address)).toBe(original);
  });

  it('a failing condition skips the instruction without calling handlers', () => {
    const { kprobes, machine, sym, out, p } = setup();
    // fib: `popls {r4, r5, r6, pc}` — LS fails for every n > 1.
    const popls = sym('fib') + 12;
    expect(machine.memory.peek32(popls) >>> 28).toBe(9);
    let calls = 0;
    const probe = kprobes.register({ address: popls, pre: () => void calls++ });
    const result = machine.run({ maxInstructions: 50_000_000 });
    expect(out()).toBe(p.stdout);
    expect(result.status).toBe(p.status);
    expect(calls).toBe(probe.hits);
    expect(probe.hits).toBeGreaterThan(0);
  });
});

describe('kretprobes', () => {
  it('see every return value of a recursive function and return to the real caller', () => {
    const { kprobes, machine, out, p } = setup();
    const entries: number[] = [];
    const returns: { n: number; value: number }[] = [];
    const rp = kprobes.registerKretprobe({
      symbol: 'fib',
      maxactive: 64,
      entry: (instance, regs) => {
        instance.data.n = regs.r(0);
        entries.push(regs.r(0));
      },
      handler: (instance, regs) => returns.push({ n: instance.data.n as number, value: regs.r(0) }),
    });
    const result = machine.run({ maxInstructions: 50_000_000 });
    expect(out()).toBe(p.stdout);
    expect(result.status).toBe(p.status);
    expect(returns.length).toBe(entries.length);
    expect(rp.hits).toBe(entries.length);
    expect(rp.missed).toBe(0);
    const fib = (n: number): number => {
      let [a, b] = [0, 1];
      for (let i = 0; i < n; i++) [a, b] = [b, (a + b) >>> 0];
      return a;
    };
    // This fib is the naive recursion; its value is the Fibonacci number (mod 2^32).
    for (const r of returns) expect(r.value).toBe(fib(r.n));
  });

  it('counts entries beyond maxactive as missed and still runs correctly', () => {
    const { kprobes, machine, out, p } = setup();
    const rp = kprobes.registerKretprobe({ symbol: 'fib', maxactive: 2, handler: () => {} });
    const result = machine.run({ maxInstructions: 50_000_000 });
    expect(out()).toBe(p.stdout);
    expect(result.status).toBe(p.status);
    expect(rp.missed).toBeGreaterThan(0);
    expect(rp.hits).toBeGreaterThan(0);
    kprobes.unregisterKretprobe(rp);
  });
});

describe('with no CPU online', () => {
  it('unregistering restores the text directly (nothing can be executing it)', () => {
    // The emulator reports no CPU online when every CPU has powered off: a Linux process whose threads all wait
    // (killed by a signal in pause(), a deadlock), or halted bare-metal CPUs. Planned for 0 CPUs, the patch was
    // refused ("cpus must be a positive integer").
    const { p, machine, out, kprobes, sym } = setup('crc-O2');
    const target = sym('main');
    const before = machine.memory.peek32(target);
    const probe = kprobes.register({ symbol: 'main' });
    machine.run({ maxInstructions: 50_000_000 });
    expect(out()).toBe(p.stdout);
    expect(probe.hits).toBe(1);
    const cpuCount = machine.cpuCount;
    machine.cpuCount = () => 0;
    try {
      kprobes.unregister(probe);
    } finally {
      machine.cpuCount = cpuCount;
    }
    expect(probe.registered).toBe(false);
    expect(machine.memory.peek32(target)).toBe(before);
  });
});
