import { describe, expect, it } from 'vitest';
import { Machine, MemoryFileSystem, normalizeGuestPath } from '../src/index.js';
import { ARM_HWCAP } from '../src/loader/stack.js';
import { buildElf } from './elf-builder.js';

/** The kuser helpers called as guest code (words assembled by arm-linux-gnueabihf-as). */
const KUSER_PROGRAM = [
  0xe3a00005, // mov r0, #5              cmpxchg(5 → 9, [0x20000] = 5): stores
  0xe3a01009, // mov r1, #9
  0xe3002000, // movw r2, #0
  0xe3402002, // movt r2, #2
  0xe300cfc0, // movw ip, #0xfc0
  0xe34fcfff, // movt ip, #0xffff
  0xe12fff3c, // blx ip                  __kuser_cmpxchg
  0xe1a04000, // mov r4, r0              0
  0xe10f5000, // mrs r5, CPSR            C set
  0xe3a00005, // mov r0, #5              cmpxchg(5 → 7) with [0x20000] = 9: fails
  0xe3a01007, // mov r1, #7
  0xe3002000, // movw r2, #0
  0xe3402002, // movt r2, #2
  0xe12fff3c, // blx ip
  0xe1a06000, // mov r6, r0              non-zero
  0xe3010234, // movw r0, #0x1234
  0xe3450678, // movt r0, #0x5678
  0xe3007005, // movw r7, #5
  0xe340700f, // movt r7, #15            set_tls(0x56781234)
  0xef000000, // svc 0
  0xe300cfe0, // movw ip, #0xfe0
  0xe34fcfff, // movt ip, #0xffff
  0xe12fff3c, // blx ip                  __kuser_get_tls
  0xe1a08000, // mov r8, r0
  0xe300cffc, // movw ip, #0xffc
  0xe34fcfff, // movt ip, #0xffff
  0xe59c9000, // ldr r9, [ip]            __kuser_helper_version
  0xe3000008, // movw r0, #8
  0xe3400002, // movt r0, #2             &old64
  0xe3001010, // movw r1, #16
  0xe3401002, // movt r1, #2             &new64
  0xe3002000, // movw r2, #0
  0xe3402002, // movt r2, #2
  0xe2822018, // add r2, r2, #24         the 64-bit word
  0xe300cf60, // movw ip, #0xf60
  0xe34fcfff, // movt ip, #0xffff
  0xe12fff3c, // blx ip                  __kuser_cmpxchg64
  0xe1a0a000, // mov sl, r0
  0xe3a00000, // mov r0, #0
  0xe3a070f8, // mov r7, #248
  0xef000000, // svc 0
];
const KUSER_DATA = [5, 0, 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x11111111, 0x22222222];

describe('Linux personality: kuser helpers, initial stack, paths', () => {
  for (const execution of ['blocks', 'interpreter'] as const) {
    it(`the kuser helper page runs as guest code (${execution})`, () => {
      const machine = new Machine({ execution });
      machine.loadElf(buildElf({ code: KUSER_PROGRAM, data: KUSER_DATA }));
      const result = machine.run({ maxInstructions: 10_000 });
      expect(result.reason).toBe('exit');
      const r = machine.cpus[0]!.regs;
      expect(r[4]).toBe(0);
      expect((r[5]! >>> 29) & 1).toBe(1);
      expect(r[6]).not.toBe(0);
      expect(machine.memory.peek32(0x20000)).toBe(9);
      expect(r[8]! >>> 0).toBe(0x56781234);
      expect(r[9]).toBe(5);
      expect(r[10]).toBe(0);
      expect([machine.memory.peek32(0x20018), machine.memory.peek32(0x2001c)]).toEqual([0x33333333, 0x44444444]);
      expect(machine.memory.permissions(0xffff0000)).toBe(5); // r-x
    });
  }

  it('builds argc, argv, envp and auxv with the emulated HWCAP (VFP, no NEON) and seeded AT_RANDOM', () => {
    const auxvOf = (seed: number) => {
      const machine = new Machine({ randomSeed: seed });
      const program = machine.loadElf(buildElf({ code: [0xef000000] }), { argv: ['/bin/prog', 'one'], envp: ['A=1'] });
      const m = machine.memory;
      let p = program.stackPointer;
      const argc = m.peek32(p);
      const argv = [m.readCString(m.peek32(p + 4)), m.readCString(m.peek32(p + 8))];
      expect(m.peek32(p + 12)).toBe(0);
      const envp = m.readCString(m.peek32(p + 16));
      expect(m.peek32(p + 20)).toBe(0);
      p += 24;
      const aux = new Map<number, number>();
      for (; m.peek32(p) !== 0; p += 8) aux.set(m.peek32(p), m.peek32(p + 4));
      return { machine, argc, argv, envp, aux, sp: program.stackPointer };
    };
    const a = auxvOf(1);
    expect(a.argc).toBe(2);
    expect(a.argv).toEqual(['/bin/prog', 'one']);
    expect(a.envp).toBe('A=1');
    expect(a.sp % 16).toBe(0);
    const hwcap = a.aux.get(16)!;
    expect(hwcap).toBe(ARM_HWCAP);
    for (const bit of [6, 13, 15, 16, 19]) expect((hwcap >>> bit) & 1).toBe(1); // VFP VFPv3 TLS VFPv4 VFPD32
    expect((hwcap >>> 12) & 1).toBe(0); // no NEON
    expect(a.aux.get(6)).toBe(4096);
    expect(a.machine.memory.readCString(a.aux.get(15)!)).toBe('v7l');
    expect(a.machine.memory.readCString(a.aux.get(31)!)).toBe('/bin/prog');
    const random = (x: typeof a) => Array.from(x.machine.memory.readBytes(x.aux.get(25)!, 16));
    expect(random(auxvOf(1))).toEqual(random(a));
    expect(random(auxvOf(2))).not.toEqual(random(a));
  });

  it('normalises guest paths: ".." stops at "/"', () => {
    expect(normalizeGuestPath('/a/b', '../../../../etc/passwd')).toBe('/etc/passwd');
    expect(normalizeGuestPath('/a', './x//y/../z')).toBe('/a/x/z');
    expect(normalizeGuestPath('/a', '/')).toBe('/');
  });

  it('the in-memory file system resolves links inside itself only', () => {
    const fs = new MemoryFileSystem();
    fs.writeFile('/dir/file', 'content');
    fs.symlink('../../../../dir/file', '/up');
    fs.symlink('/dir', '/abs');
    const read = {
      read: true,
      write: false,
      create: false,
      exclusive: false,
      truncate: false,
      directory: false,
      mode: 0,
    };
    const h = fs.open('/up', read);
    expect(typeof h === 'number' ? h : new TextDecoder().decode(h.read(0, 100) as Uint8Array)).toBe('content');
    expect(fs.stat('/abs/file', true)).toMatchObject({ type: 'file', size: 7 });
    expect(fs.open('/etc/passwd', read)).toBe(-2);
  });
});
