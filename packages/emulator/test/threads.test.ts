import { describe, expect, it } from 'vitest';
import { EmulatorError, Machine } from '../src/index.js';
import { buildElf } from './elf-builder.js';

// Guest programs for the thread syscalls, assembled by arm-linux-gnueabihf-as (ARM state, text at 0x10100,
// data at 0x20000). Each was also linked and run under qemu-arm 7.2 (-strace) to check the results below,
// except where noted (qemu-arm forks for clone(SIGCHLD); armprobe has no processes and answers ENOSYS).

/**
 * Single-thread futex and clone errors. r8 = 0x20000: [0] = 5 (the futex word), [8] = timespec {0, 1 ms},
 * [16] = timespec {0, 1e9}; results from [0x40]; CLOCK_MONOTONIC before/after the timed wait at [0x80]/[0x90].
 */
const FUTEX_ERRORS = [
  0xe3008000, // movw r8, #0
  0xe3408002, // movt r8, #2
  0xe3a070f0, // mov r7, #240
  0xe1a00008, // mov r0, r8
  0xe3a01080, // mov r1, #128
  0xe3a02004, // mov r2, #4
  0xe3a03000, // mov r3, #0
  0xef000000, // svc 0                 @ FUTEX_WAIT_PRIVATE, value differs: -EAGAIN
  0xe5880040, // str r0, [r8, #0x40]
  0xe3007193, // movw r7, #403
  0xe3a00001, // mov r0, #1
  0xe2881080, // add r1, r8, #0x80
  0xef000000, // svc 0                 @ clock_gettime64(CLOCK_MONOTONIC)
  0xe3a070f0, // mov r7, #240
  0xe1a00008, // mov r0, r8
  0xe3a01080, // mov r1, #128
  0xe3a02005, // mov r2, #5
  0xe2883008, // add r3, r8, #8
  0xef000000, // svc 0                 @ FUTEX_WAIT_PRIVATE, 1 ms: -ETIMEDOUT
  0xe5880044, // str r0, [r8, #0x44]
  0xe3007193, // movw r7, #403
  0xe3a00001, // mov r0, #1
  0xe2881090, // add r1, r8, #0x90
  0xef000000, // svc 0                 @ clock_gettime64(CLOCK_MONOTONIC)
  0xe3a070f0, // mov r7, #240
  0xe1a00008, // mov r0, r8
  0xe3a01001, // mov r1, #1
  0xe3a02001, // mov r2, #1
  0xef000000, // svc 0                 @ FUTEX_WAKE, nobody waits: 0
  0xe5880048, // str r0, [r8, #0x48]
  0xe1a00008, // mov r0, r8
  0xe3a01009, // mov r1, #9
  0xe3a02005, // mov r2, #5
  0xe3a03000, // mov r3, #0
  0xe3a05000, // mov r5, #0
  0xef000000, // svc 0                 @ FUTEX_WAIT_BITSET with bitset 0: -EINVAL
  0xe588004c, // str r0, [r8, #0x4c]
  0xe2880002, // add r0, r8, #2
  0xe3a01080, // mov r1, #128
  0xe3a02005, // mov r2, #5
  0xe3a03000, // mov r3, #0
  0xef000000, // svc 0                 @ FUTEX_WAIT on an unaligned word: -EINVAL
  0xe5880050, // str r0, [r8, #0x50]
  0xe1a00008, // mov r0, r8
  0xe3a01080, // mov r1, #128
  0xe3a02005, // mov r2, #5
  0xe2883010, // add r3, r8, #16
  0xef000000, // svc 0                 @ FUTEX_WAIT with tv_nsec = 1e9: -EINVAL
  0xe5880054, // str r0, [r8, #0x54]
  0xe1a00008, // mov r0, r8
  0xe3001101, // movw r1, #0x101
  0xe3a02001, // mov r2, #1
  0xef000000, // svc 0                 @ FUTEX_WAKE with FUTEX_CLOCK_REALTIME: -ENOSYS
  0xe5880058, // str r0, [r8, #0x58]
  0xe3a07078, // mov r7, #120
  0xe3a00011, // mov r0, #17
  0xe3a01000, // mov r1, #0
  0xe3a02000, // mov r2, #0
  0xe3a03000, // mov r3, #0
  0xe3a04000, // mov r4, #0
  0xef000000, // svc 0                 @ clone(SIGCHLD): a fork, -ENOSYS
  0xe588005c, // str r0, [r8, #0x5c]
  0xe3a00c01, // mov r0, #0x100
  0xef000000, // svc 0                 @ clone(CLONE_VM): not a thread, -EINVAL
  0xe5880060, // str r0, [r8, #0x60]
  0xe3a070f0, // mov r7, #240
  0xe1a00008, // mov r0, r8
  0xe3a01004, // mov r1, #4
  0xe3a02001, // mov r2, #1
  0xe3a03001, // mov r3, #1
  0xe2884004, // add r4, r8, #4
  0xe3a05004, // mov r5, #4
  0xef000000, // svc 0                 @ FUTEX_CMP_REQUEUE, word 5 ≠ 4: -EAGAIN
  0xe5880064, // str r0, [r8, #0x64]
  0xe3a00000, // mov r0, #0
  0xe3a070f8, // mov r7, #248
  0xef000000, // svc 0
];

/**
 * clone with glibc's pthread flags and CLONE_CHILD_SETTID: parent tid word [0x00], child tid word [0x04] (both
 * get the tid), the child's stack tops at 0x21000; the main thread waits on the child tid word (shared futex)
 * until CLONE_CHILD_CLEARTID clears it.
 */
const CLONE_JOIN = [
  0xe3008000, // movw r8, #0
  0xe3408002, // movt r8, #2
  0xe3000f00, // movw r0, #0x0f00
  0xe340013d, // movt r0, #0x013d      @ VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID|CHILD_SETTID
  0xe3011000, // movw r1, #0x1000
  0xe3401002, // movt r1, #2           @ child stack 0x21000
  0xe1a02008, // mov r2, r8            @ parent_tid
  0xe3013234, // movw r3, #0x1234
  0xe3453678, // movt r3, #0x5678      @ tls
  0xe2884004, // add r4, r8, #4        @ child_tid
  0xe3a06099, // mov r6, #0x99         @ the child inherits the other registers
  0xe3a07078, // mov r7, #120
  0xef000000, // svc 0
  0xe3500000, // cmp r0, #0
  0x0a000012, // beq child
  0xe5880040, // str r0, [r8, #0x40]   @ clone's result in the parent: the tid
  0xe3a070e0, // mov r7, #224
  0xef000000, // svc 0
  0xe5880044, // str r0, [r8, #0x44]   @ the parent's gettid
  0xe5982004, // wait: ldr r2, [r8, #4]
  0xe3520000, // cmp r2, #0
  0x0a000005, // beq joined
  0xe2880004, // add r0, r8, #4
  0xe3a01000, // mov r1, #0            @ FUTEX_WAIT, shared
  0xe3a03000, // mov r3, #0
  0xe3a070f0, // mov r7, #240
  0xef000000, // svc 0
  0xeafffff6, // b wait
  0xe5980048, // joined: ldr r0, [r8, #0x48]
  0xe2800001, // add r0, r0, #1
  0xe5880048, // str r0, [r8, #0x48]   @ waits done (≥ 1)
  0xe3a00007, // mov r0, #7
  0xe3a070f8, // mov r7, #248
  0xef000000, // svc 0
  0xee1d0f70, // child: mrc p15, 0, r0, c13, c0, 3
  0xe5880050, // str r0, [r8, #0x50]   @ the child's TPIDRURO
  0xe3a070e0, // mov r7, #224
  0xef000000, // svc 0
  0xe5880054, // str r0, [r8, #0x54]   @ the child's gettid
  0xe588d058, // str sp, [r8, #0x58]   @ the child's SP
  0xe588605c, // str r6, [r8, #0x5c]   @ an inherited register
  0xe3a00000, // mov r0, #0
  0xe3a07001, // mov r7, #1
  0xef000000, // svc 0                 @ exit (this thread only)
];

/** The only thread waits forever on a private futex. */
const DEADLOCK = [
  0xe3000000, // movw r0, #0
  0xe3400002, // movt r0, #2
  0xe3a01080, // mov r1, #128
  0xe3a02000, // mov r2, #0
  0xe3a03000, // mov r3, #0
  0xe3a070f0, // mov r7, #240
  0xef000000, // svc 0
  0xe3a00001, // mov r0, #1
  0xe3a070f8, // mov r7, #248
  0xef000000, // svc 0
];

/**
 * The main thread sets its clear-child-tid word X = [0x00] (initially 1), starts a thread and exits (SYS_exit)
 * with 3; the thread waits on X until that exit clears it, then exits with 5: the last thread's status.
 */
const LAST_EXIT = [
  0xe3008000, // movw r8, #0
  0xe3408002, // movt r8, #2
  0xe1a00008, // mov r0, r8
  0xe3007100, // movw r7, #256
  0xef000000, // svc 0                 @ set_tid_address(X)
  0xe3000f00, // movw r0, #0x0f00
  0xe3400005, // movt r0, #0x0005      @ VM|FS|FILES|SIGHAND|THREAD|SYSVSEM
  0xe3011000, // movw r1, #0x1000
  0xe3401002, // movt r1, #2
  0xe3a07078, // mov r7, #120
  0xef000000, // svc 0
  0xe3500000, // cmp r0, #0
  0x0a000002, // beq child
  0xe3a00003, // mov r0, #3
  0xe3a07001, // mov r7, #1
  0xef000000, // svc 0
  0xe5982000, // child: ldr r2, [r8]
  0xe3520000, // cmp r2, #0
  0x0a000005, // beq done
  0xe1a00008, // mov r0, r8
  0xe3a01000, // mov r1, #0            @ FUTEX_WAIT, shared
  0xe3a03000, // mov r3, #0
  0xe3a070f0, // mov r7, #240
  0xef000000, // svc 0
  0xeafffff6, // b child
  0xe3a00005, // done: mov r0, #5
  0xe3a07001, // mov r7, #1
  0xef000000, // svc 0
];

/**
 * Two threads wait on X = [0x00] (value 0, private); main sleeps 1 ms so both block, CMP_REQUEUE wakes one
 * and moves one to Y = [0x04], FUTEX_WAKE(Y) wakes the other. Results: [0x40] CMP_REQUEUE's return, [0x44]
 * FUTEX_WAKE(Y)'s, [0x48] the children's wait results summed, [0x60] wake-ups counted (the exit status).
 */
const REQUEUE = [
  0xe3008000, // movw r8, #0
  0xe3408002, // movt r8, #2
  0xe3a09002, // mov r9, #2
  0xe3000f00, // spawn: movw r0, #0x0f00
  0xe3400005, // movt r0, #0x0005
  0xe3011000, // movw r1, #0x1000
  0xe3401002, // movt r1, #2
  0xe0811509, // add r1, r1, r9, lsl #10   @ stacks 0x21800, 0x21c00
  0xe3a07078, // mov r7, #120
  0xef000000, // svc 0
  0xe3500000, // cmp r0, #0
  0x0a00001a, // beq child
  0xe2599001, // subs r9, r9, #1
  0x1afffff4, // bne spawn
  0xe3a070a2, // mov r7, #162
  0xe2880008, // add r0, r8, #8            @ timespec {0, 1 ms}
  0xe3a01000, // mov r1, #0
  0xef000000, // svc 0                     @ nanosleep
  0xe3a070f0, // mov r7, #240
  0xe1a00008, // mov r0, r8
  0xe3a01084, // mov r1, #132              @ FUTEX_CMP_REQUEUE_PRIVATE
  0xe3a02001, // mov r2, #1
  0xe3a03001, // mov r3, #1
  0xe2884004, // add r4, r8, #4
  0xe3a05000, // mov r5, #0
  0xef000000, // svc 0
  0xe5880040, // str r0, [r8, #0x40]
  0xe2880004, // add r0, r8, #4
  0xe3a01081, // mov r1, #129              @ FUTEX_WAKE_PRIVATE on Y
  0xe3a0200a, // mov r2, #10
  0xef000000, // svc 0
  0xe5880044, // str r0, [r8, #0x44]
  0xe3a070a2, // mov r7, #162
  0xe2880008, // add r0, r8, #8
  0xe3a01000, // mov r1, #0
  0xef000000, // svc 0
  0xe5980060, // ldr r0, [r8, #0x60]
  0xe3a070f8, // mov r7, #248
  0xef000000, // svc 0
  0xe1a00008, // child: mov r0, r8
  0xe3a01080, // mov r1, #128              @ FUTEX_WAIT_PRIVATE on X, value 0
  0xe3a02000, // mov r2, #0
  0xe3a03000, // mov r3, #0
  0xe3a070f0, // mov r7, #240
  0xef000000, // svc 0
  0xe2882048, // add r2, r8, #0x48
  0xe1923f9f, // 1: ldrex r3, [r2]
  0xe0833000, // add r3, r3, r0
  0xe1824f93, // strex r4, r3, [r2]
  0xe3540000, // cmp r4, #0
  0x1afffffa, // bne 1b
  0xe2882060, // add r2, r8, #0x60
  0xe1923f9f, // 2: ldrex r3, [r2]
  0xe2833001, // add r3, r3, #1
  0xe1824f93, // strex r4, r3, [r2]
  0xe3540000, // cmp r4, #0
  0x1afffffa, // bne 2b
  0xe3a00000, // mov r0, #0
  0xe3a07001, // mov r7, #1
  0xef000000, // svc 0
];

/**
 * Demand-zero anonymous memory: a 1 MiB mmap; its last word stored, its first read, a syscall reads an untouched
 * page, mprotect(PROT_NONE) on another untouched page, which is then read: SIGSEGV (qemu-arm: the same bytes
 * on stdout and status 139).
 */
const DEMAND = [
  0xe3008000, // movw r8, #0
  0xe3408002, // movt r8, #2
  0xe3a070c0, // mov r7, #192
  0xe3a00000, // mov r0, #0
  0xe3a01601, // mov r1, #0x100000
  0xe3a02003, // mov r2, #3
  0xe3a03022, // mov r3, #0x22
  0xe3e04000, // mvn r4, #0
  0xe3a05000, // mov r5, #0
  0xef000000, // svc 0                 @ mmap2(NULL, 1 MiB, READ|WRITE, PRIVATE|ANONYMOUS, -1, 0)
  0xe1a09000, // mov r9, r0
  0xe5880040, // str r0, [r8, #0x40]
  0xe2891aff, // add r1, r9, #0xff000
  0xe30b2eef, // movw r2, #0xbeef
  0xe5812ffc, // str r2, [r1, #0xffc]  @ the last word: its page is backed on this store
  0xe5993000, // ldr r3, [r9]          @ the first word reads 0
  0xe5883044, // str r3, [r8, #0x44]
  0xe3a07004, // mov r7, #4
  0xe3a00001, // mov r0, #1
  0xe2891702, // add r1, r9, #0x80000
  0xe3a02004, // mov r2, #4
  0xef000000, // svc 0                 @ write(1, an untouched page, 4): four zero bytes
  0xe5880048, // str r0, [r8, #0x48]
  0xe3a0707d, // mov r7, #125
  0xe2890701, // add r0, r9, #0x40000
  0xe3a01a01, // mov r1, #4096
  0xe3a02000, // mov r2, #0
  0xef000000, // svc 0                 @ mprotect(an untouched page, PROT_NONE)
  0xe588004c, // str r0, [r8, #0x4c]
  0xe2891701, // add r1, r9, #0x40000
  0xe5910000, // ldr r0, [r1]          @ SIGSEGV
  0xe3a00000, // mov r0, #0
  0xe3a070f8, // mov r7, #248
  0xef000000, // svc 0
];

/** Two threads spinning forever (`b .`) after a clone with the thread flags. */
const SPIN = [
  0xe3000f00, // movw r0, #0x0f00
  0xe3400005, // movt r0, #0x0005      VM|FS|FILES|SIGHAND|THREAD|SYSVSEM
  0xe3001000, // movw r1, #0x1000
  0xe3401002, // movt r1, #2
  0xe3a07078, // mov r7, #120
  0xef000000, // svc 0
  0xeafffffe, // b .
];

function machine(code: readonly number[], data: readonly number[], options: { cpus?: number; seed?: number } = {}) {
  const warnings: string[] = [];
  const m = new Machine({ ...options, onWarning: (w) => warnings.push(w) });
  m.loadElf(buildElf({ code, data, bss: 0x2000 }));
  return { m, warnings, word: (offset: number) => m.memory.peek32(0x20000 + offset) | 0 };
}

describe('futex and clone errors (one thread)', () => {
  it('EAGAIN, ETIMEDOUT after the timeout in emulated time, EINVAL, ENOSYS as Linux answers', () => {
    const { m, warnings, word } = machine(FUTEX_ERRORS, [5, 0, 0, 1_000_000, 0, 1_000_000_000]);
    const result = m.run({ maxInstructions: 10_000 });
    expect(result).toMatchObject({ reason: 'exit', status: 0 });
    expect([0x40, 0x44, 0x48, 0x4c, 0x50, 0x54, 0x58, 0x5c, 0x60, 0x64].map(word)).toEqual([
      -11, // FUTEX_WAIT, value differs: EAGAIN
      -110, // FUTEX_WAIT with 1 ms: ETIMEDOUT
      0, // FUTEX_WAKE with nobody waiting
      -22, // FUTEX_WAIT_BITSET, bitset 0: EINVAL
      -22, // unaligned word: EINVAL
      -22, // tv_nsec = 1e9: EINVAL
      -38, // FUTEX_CLOCK_REALTIME on FUTEX_WAKE: ENOSYS
      -38, // clone(SIGCHLD), a new process: ENOSYS (qemu-arm forks)
      -22, // clone(CLONE_VM) alone is not a thread: EINVAL
      -11, // FUTEX_CMP_REQUEUE, word ≠ val3: EAGAIN
    ]);
    const ns = (offset: number): number => word(offset) * 1e9 + word(offset + 8);
    // The clock skipped to the deadline while the only thread waited, and not much further.
    const waited = ns(0x90) - ns(0x80);
    expect(waited).toBeGreaterThanOrEqual(1_000_000);
    expect(waited).toBeLessThan(1_010_000);
    expect(m.linux!.threads.statistics()).toMatchObject({ timeouts: 1, blocks: 1 });
    expect(warnings).toEqual([
      'clone without CLONE_VM (a new process, flags 0x11) is not supported: ENOSYS',
      "clone flags 0x100 are not a thread's (CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM, optionally SETTLS, PARENT_SETTID, CHILD_SETTID, CHILD_CLEARTID): EINVAL",
    ]);
  });
});

describe('clone, exit and futex across threads', () => {
  for (const cpus of [1, 2, 4]) {
    it(`a thread with its own stack, TLS and tid; CLONE_CHILD_CLEARTID wakes the joiner (${cpus} CPU(s), 10 seeds)`, () => {
      for (let seed = 0; seed < 10; seed++) {
        const { m, word } = machine(CLONE_JOIN, [0], { cpus, seed });
        const result = m.run({ maxInstructions: 100_000 });
        expect({ seed, reason: result.reason, status: result.status }).toEqual({ seed, reason: 'exit', status: 7 });
        expect({
          cloneResult: word(0x40),
          parentTid: word(0x44),
          parentTidWord: word(0x00),
          childTidWord: word(0x04),
          joined: word(0x48),
          childTls: word(0x50) >>> 0,
          childTid: word(0x54),
          childSp: word(0x58),
          inherited: word(0x5c),
        }).toEqual({
          cloneResult: 1001,
          parentTid: 1000,
          parentTidWord: 1001, // CLONE_PARENT_SETTID
          childTidWord: 0, // cleared at the child's exit
          joined: 1,
          childTls: 0x56781234,
          childTid: 1001,
          childSp: 0x21000,
          inherited: 0x99,
        });
        const s = m.linux!.threads.statistics();
        expect(s).toMatchObject({ created: 2, exited: 1 });
        // On one CPU the child waits for the CPU, so the main thread always blocks in its join.
        if (cpus === 1) expect(s.blocks).toBeGreaterThan(0);
      }
    });
  }

  it('the process ends with the status of its last thread to exit', () => {
    for (const cpus of [1, 2]) {
      for (let seed = 0; seed < 5; seed++) {
        const { m } = machine(LAST_EXIT, [1], { cpus, seed });
        expect(m.run({ maxInstructions: 100_000 })).toMatchObject({ reason: 'exit', status: 5 });
      }
    }
  });

  it('FUTEX_CMP_REQUEUE wakes one waiter and moves one, which FUTEX_WAKE on the second word then wakes', () => {
    for (const cpus of [1, 2, 4]) {
      for (let seed = 0; seed < 5; seed++) {
        const { m, word } = machine(REQUEUE, [0, 0, 0, 1_000_000], { cpus, seed });
        const result = m.run({ maxInstructions: 100_000 });
        expect({ cpus, seed, ...result, cycles: 0, instructions: 0 }).toMatchObject({ reason: 'exit', status: 2 });
        expect([word(0x40), word(0x44), word(0x48), word(0x60)]).toEqual([2, 1, 0, 2]);
      }
    }
  });

  it('every thread blocked with no timeout pending: a guest-deadlock error naming the waits, not a hang', () => {
    for (const cpus of [1, 2]) {
      const { m } = machine(DEADLOCK, [0], { cpus });
      const result = m.run({ maxInstructions: 100_000 });
      expect(result.reason).toBe('fault');
      expect(result.status).toBeNull();
      expect(result.error).toBeInstanceOf(EmulatorError);
      expect(result.error!.code).toBe('guest-deadlock');
      expect(result.error!.message).toBe(
        'guest deadlock: every thread is blocked and no timeout is pending (tid 1000: futex wait on 0x00020000 (private))',
      );
    }
  });
});

describe('context switches', () => {
  it('a thread switch clears the local exclusive monitor (CLREX) and restores the other thread', () => {
    const { m } = machine(SPIN, [0], { cpus: 1, seed: 3 });
    expect(m.run({ maxInstructions: 50 }).reason).toBe('limit');
    const cpu = m.cpus[0]!;
    const threads = m.linux!.threads;
    const before = threads.threadOf(cpu).tid;
    cpu.monitor.markExclusive(0x20000, 4);
    threads.beforeSlice(cpu);
    expect(cpu.monitor.isExclusive).toBe(false);
    const after = threads.threadOf(cpu).tid;
    expect(new Set([before, after])).toEqual(new Set([1000, 1001]));
    // While preemption is disabled on the CPU (preemptCount), the thread stays on it.
    cpu.preemptCount = 1;
    threads.beforeSlice(cpu);
    expect(threads.threadOf(cpu).tid).toBe(after);
    cpu.preemptCount = 0;
    threads.beforeSlice(cpu);
    expect(threads.threadOf(cpu).tid).toBe(before);
    // Both threads keep running by turns (neither starves) and stay where `b .` left them.
    expect(m.run({ maxInstructions: 200_000 }).reason).toBe('limit');
    const s = threads.statistics();
    expect(s.preemptions).toBeGreaterThan(20);
    expect(cpu.pc).toBe(0x10100 + 6 * 4);
  });

  it('with more CPUs than threads the spare CPUs stay powered off (idle), and nothing preempts', () => {
    const { m } = machine(SPIN, [0], { cpus: 4, seed: 1 });
    expect(m.run({ maxInstructions: 100_000 }).reason).toBe('limit');
    expect(m.cpus.filter((c) => c.poweredOn).length).toBe(2);
    expect(m.linux!.threads.statistics().preemptions).toBe(0);
  });
});

describe('anonymous mmap is demand-zero', () => {
  it('pages are backed when first touched, by the guest or by a syscall; protections hold; the rest stays unbacked', () => {
    let stdout: number[] = [];
    let stderr = '';
    const m = new Machine({
      onStdout: (b) => {
        stdout = [...stdout, ...b];
      },
      onStderr: (b) => {
        stderr += new TextDecoder().decode(b);
      },
    });
    m.loadElf(buildElf({ code: DEMAND, data: [0], bss: 0x2000 }));
    const result = m.run({ maxInstructions: 10_000 });
    expect({ reason: result.reason, status: result.status }).toEqual({ reason: 'fault', status: 139 });
    expect(stderr).toBe(
      'armprobe: uncaught target signal 11 (Segmentation fault) at pc 0x00010178 <_start+0x78>: e5910000 ldr r0, [r1] (permission read at 0x40040000)\n',
    );
    expect(stdout).toEqual([0, 0, 0, 0]);
    const base = m.memory.peek32(0x20040);
    expect(base).toBe(0x40000000);
    expect([m.memory.peek32(0x20044), m.memory.peek32(0x20048), m.memory.peek32(0x2004c)]).toEqual([0, 4, 0]);
    expect(m.memory.peek32(base + 0xffffc)).toBe(0xbeef);
    const backed = [0, 0x40000, 0x80000, 0xff000].filter((o) => m.memory.isMapped(base + o));
    expect(backed).toEqual([0, 0x40000, 0x80000, 0xff000]);
    expect(m.memory.permissions(base + 0x40000)).toBe(0);
    // 256 pages mapped, 4 touched.
    expect(m.linux!.space.reservedPages).toBe(252);
    expect(m.memory.isMapped(base + 0x10000)).toBe(false);
  });
});
