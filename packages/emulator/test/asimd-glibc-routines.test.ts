import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/index.js';

/*
 * glibc's own Advanced SIMD routines, called directly in the guest: __memcpy_neon and __memchr_neon of a static
 * glibc program (fixtures/glibc/bin/neon-loops-O3.elf). The Linux personality does not offer HWCAP_NEON, so
 * glibc's resolvers pick the VFP/ARM variants in ordinary runs; these tests show the NEON variants work too, over
 * sizes that take every path (short tails, the 64-byte NEON loop, unaligned heads) and every source/destination
 * misalignment. The oracle is the C library contract (memcpy copies exactly n bytes and returns dest; memchr
 * returns the first match in n bytes, or NULL).
 */
const ELF = join(__dirname, '../../../fixtures/glibc/bin/neon-loops-O3.elf');
const BUF = 0x40000000;
const BUF_SIZE = 0x4000;
/** Where the routine returns to: unmapped, so the return stops the run with a prefetch abort there. */
const RETURN = 0x7fff0000;

function guest() {
  const machine = new Machine({ linuxUser: false });
  machine.loadElf(new Uint8Array(readFileSync(ELF)));
  machine.memory.map(BUF, BUF_SIZE, 'rw');
  const address = (name: string) => {
    const s = machine.program!.symbols.symbol(name);
    if (s === undefined) throw new Error(`no ${name}`);
    return s.address;
  };
  const call = (fn: number, args: readonly number[]) => {
    const cpu = machine.cpus[0]!;
    cpu.writeCpsr(0x10 | (fn & 1 ? 0x20 : 0), -1);
    args.forEach((a, i) => {
      cpu.regs[i] = a;
    });
    cpu.regs[14] = RETURN;
    cpu.regs[13] = machine.program!.stackPointer;
    cpu.pc = fn & ~1;
    const r = machine.run({ maxInstructions: 1_000_000 });
    expect(r.reason).toBe('fault');
    expect(r.fault?.pc).toBe(RETURN);
    return cpu.regs[0]! >>> 0;
  };
  return { machine, address, call };
}

function pattern(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe("glibc's NEON routines run in the emulator", () => {
  it('__memcpy_neon copies exactly n bytes for every size class and misalignment', () => {
    const { machine, address, call } = guest();
    const memcpy = address('__memcpy_neon');
    const sizes = [0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 300, 1000, 4000];
    let calls = 0;
    for (const n of sizes)
      for (let sa = 0; sa < 8; sa++)
        for (let da = 0; da < 8; da += n > 256 ? 3 : 1) {
          const src = BUF + 0x100 + sa;
          const dst = BUF + 0x2000 + da;
          const before = pattern(BUF_SIZE, n * 64 + sa * 8 + da);
          machine.memory.writeBytes(BUF, before);
          expect(call(memcpy, [dst, src, n])).toBe(dst >>> 0);
          const want = Uint8Array.from(before);
          want.set(before.subarray(src - BUF, src - BUF + n), dst - BUF);
          const got = machine.memory.readBytes(BUF, BUF_SIZE);
          const first = got.findIndex((b, i) => b !== want[i]);
          expect(first, `n ${n} src+${sa} dst+${da}: first wrong byte`).toBe(-1);
          calls++;
        }
    expect(calls).toBeGreaterThan(1000);
  });

  it('__memchr_neon finds the first match (or none) for every length, start alignment and position', () => {
    const { machine, address, call } = guest();
    const memchr = address('__memchr_neon');
    let calls = 0;
    for (const n of [0, 1, 5, 8, 15, 16, 17, 31, 32, 33, 64, 100, 200])
      for (let sa = 0; sa < 16; sa += 3)
        for (const at of [-1, 0, 1, 7, 8, 15, 16, 31, n - 1, n]) {
          const bytes = new Uint8Array(512).fill(0x11);
          const start = 0x40 + sa;
          if (at >= 0) bytes[start + at] = 0xa7;
          bytes[start + n + 1] = 0xa7;
          machine.memory.writeBytes(BUF, bytes);
          const got = call(memchr, [BUF + start, 0x1a7, n]);
          const want = at >= 0 && at < n ? BUF + start + at : 0;
          expect(got, `n ${n} start+${sa} match at ${at}`).toBe(want >>> 0);
          calls++;
        }
    expect(calls).toBeGreaterThan(500);
  });
});
