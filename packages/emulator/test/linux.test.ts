import { describe, expect, it } from 'vitest';
import { Machine, type RunResult } from '../src/index.js';
import { buildElf, CODE_OFFSET } from './elf-builder.js';
import { EXECUTION_MODES } from './helpers.js';

const TEXT = 0x10000 + CODE_OFFSET;

interface Run {
  result: RunResult;
  stdout: string;
  stderr: string;
  warnings: string[];
  machine: Machine;
}

function run(code: readonly number[], data?: readonly number[], execution: 'blocks' | 'interpreter' = 'blocks'): Run {
  const out: string[] = [];
  const err: string[] = [];
  const warnings: string[] = [];
  const decoder = new TextDecoder('latin1');
  const machine = new Machine({
    execution,
    onStdout: (b) => out.push(decoder.decode(b)),
    onStderr: (b) => err.push(decoder.decode(b)),
    onWarning: (w) => warnings.push(w),
  });
  machine.loadElf(buildElf({ code, ...(data ? { data } : {}) }));
  const result = machine.run({ maxInstructions: 10_000 });
  return { result, stdout: out.join(''), stderr: err.join(''), warnings, machine };
}

// "hello" at 0x20000.
const HELLO = [0x6c6c6568, 0x0000006f];

const SYSCALLS = [
  0xe3a00001, // mov r0, #1
  0xe3001000, // movw r1, #0
  0xe3401002, // movt r1, #2
  0xe3a02005, // mov r2, #5
  0xe3a07004, // mov r7, #4            write(1, "hello", 5)
  0xef000000, // svc 0
  0xe1a04000, // mov r4, r0
  0xe3a00002, // mov r0, #2            write(2, …)
  0xef000000, // svc 0
  0xe1a05000, // mov r5, r0
  0xe3a00003, // mov r0, #3            write(3, …) → -EBADF
  0xef000000, // svc 0
  0xe1a06000, // mov r6, r0
  0xe3a00001, // mov r0, #1
  0xe3a01609, // mov r1, #0x900000     write(1, unmapped, 5) → -EFAULT
  0xef000000, // svc 0
  0xe1a08000, // mov r8, r0
  0xe30073e7, // movw r7, #999         unknown → -ENOSYS
  0xef000000, // svc 0
  0xe1a09000, // mov r9, r0
  0xe3a0702d, // mov r7, #45           brk(0)
  0xe3a00000, // mov r0, #0
  0xef000000, // svc 0
  0xe1a0a000, // mov sl, r0
  0xe2800801, // add r0, r0, #0x10000  brk(cur + 64 KiB)
  0xef000000, // svc 0
  0xe1a0b000, // mov fp, r0
  0xe58ab000, // str fp, [sl]          the new memory is usable
  0xe59ac000, // ldr ip, [sl]
  0xe3a00f4b, // mov r0, #300
  0xe3a070f8, // mov r7, #248          exit_group(300) → status 44
  0xef000000, // svc 0
];

describe('Linux user-mode personality', () => {
  for (const execution of EXECUTION_MODES) {
    it(`write, brk, unknown syscalls and exit_group (${execution})`, () => {
      const r = run(SYSCALLS, HELLO, execution);
      const regs = r.machine.cpus[0]!.regs;
      expect(r.stdout).toBe('hello');
      expect(r.stderr).toBe('hello');
      expect(regs[4]).toBe(5);
      expect(regs[5]).toBe(5);
      expect(regs[6]).toBe(-9); // EBADF
      expect(regs[8]).toBe(-14); // EFAULT
      expect(regs[9]).toBe(-38); // ENOSYS
      expect(r.warnings).toEqual([`unsupported syscall 999 at pc 0x${(TEXT + 18 * 4).toString(16).padStart(8, '0')}`]);
      expect(regs[10]! >>> 0).toBe(0x21000); // break after the data segment, page-aligned
      expect(regs[11]! >>> 0).toBe(0x31000);
      expect(regs[12]! >>> 0).toBe(0x31000);
      expect(r.result).toMatchObject({ reason: 'exit', status: 44, instructions: SYSCALLS.length });
    });
  }

  it('exit(1) ends the run with the status in r0', () => {
    const r = run([0xe3a00007, 0xe3a07001, 0xef000000, 0xe3a00008]);
    expect(r.result).toMatchObject({ reason: 'exit', status: 7, instructions: 3 });
  });
});

describe('guest faults become signals (exit status 128 + signal, message on stderr)', () => {
  const FAULTS = [
    0xe3a01802, // mov r1, #0x20000
    0xe2811002, // add r1, r1, #2
    0xe891000c, // ldm r1, {r2, r3}     misaligned LDM → SIGBUS
    0xe5910000, // ldr r0, [r1]         unaligned LDR is fine
    0xe3a04801, // mov r4, #0x10000
    0xe5840100, // str r0, [r4, #256]   text is read-only → SIGSEGV
    0xe3a04609, // mov r4, #0x900000
    0xe5940000, // ldr r0, [r4]         unmapped → SIGSEGV
    0xe1200073, // bkpt #3              → SIGTRAP
    0xe7f000f1, // udf #1               → SIGILL
    0xe3a04802, // mov r4, #0x20000
    0xe12fff34, // blx r4               data is not executable → SIGSEGV
  ];

  /** Runs FAULTS from `start` (word index) with r1 preset so each case faults where intended. */
  function runFrom(start: number): Run {
    const code = [...FAULTS];
    // Jump straight to the case: replace the first word with a branch.
    if (start > 0) code[0] = (0xea000000 | ((start - 2) & 0xffffff)) >>> 0;
    return run(code, [0x11223344, 0x55667788, 0]);
  }

  it('SIGBUS (135) for a misaligned LDM, with pc and instruction', () => {
    const r = run(FAULTS, [0x11223344, 0x55667788, 0]);
    expect(r.result.reason).toBe('fault');
    expect(r.result.status).toBe(135);
    expect(r.result.fault?.cause).toBe('alignment');
    expect(r.stderr).toBe(
      `armprobe: uncaught target signal 7 (Bus error) at pc 0x00010108 <_start+0x8>: e891000c ldm r1, {r2, r3} (alignment read at 0x00020002)\n`,
    );
  });

  it('SIGSEGV (139) for a store to read-only text', () => {
    const r = runFrom(4);
    expect(r.result.status).toBe(139);
    expect(r.result.fault).toMatchObject({ kind: 'dabt', cause: 'permission', address: 0x10100, access: 'write' });
    expect(r.stderr).toContain('signal 11 (Segmentation fault) at pc 0x00010114');
    expect(r.stderr).toContain('str r0, [r4, #256]');
  });

  it('SIGSEGV (139) for an unmapped load', () => {
    const r = runFrom(6);
    expect(r.result.status).toBe(139);
    expect(r.result.fault).toMatchObject({ cause: 'unmapped', address: 0x900000, access: 'read' });
  });

  it('SIGTRAP (133) for BKPT', () => {
    const r = runFrom(8);
    expect(r.result.status).toBe(133);
    expect(r.result.fault?.cause).toBe('breakpoint');
    expect(r.stderr).toContain('bkpt 0x0003');
  });

  it('SIGILL (132) for UDF', () => {
    const r = runFrom(9);
    expect(r.result.status).toBe(132);
    expect(r.result.fault).toMatchObject({
      kind: 'und',
      cause: 'undefined-instruction',
      pc: TEXT + 36,
      text: 'udf\t#1',
    });
    expect(r.stderr).toBe(
      'armprobe: uncaught target signal 4 (Illegal instruction) at pc 0x00010124 <_start+0x24>: e7f000f1 udf #1\n',
    );
  });

  it('SIGSEGV (139) for a jump to non-executable memory (prefetch abort)', () => {
    const r = runFrom(10);
    expect(r.result.status).toBe(139);
    expect(r.result.fault).toMatchObject({ kind: 'pabt', cause: 'permission', pc: 0x20000 });
  });
});
