import { describe, expect, it } from 'vitest';
import { LinuxUser, MODE_SVC, MODE_USR } from '../src/index.js';
import { CODE, DATA, EXECUTION_MODES, encodeB, machineWith, reg } from './helpers.js';

const MOV_R0_1 = 0xe3a00001;
const MOV_R0_2 = 0xe3a00002;
const NOP = 0xe320f000;
const DCCMVAU_R2 = 0xee072f3b; // mcr p15, 0, r2, c7, c11, 1
const ICIMVAU_R2 = 0xee072f35; // mcr p15, 0, r2, c7, c5, 1
const BPIALL = 0xee070fd5; // mcr p15, 0, r0, c7, c5, 6
const DSB = 0xf57ff04f;
const ISB = 0xf57ff06f;

/**
 * A loop that executes `mov r0, #1` at CODE, then (first pass only) stores r1 (= `mov r0, #2`) over it,
 * runs `fix` (maintenance instructions or NOPs), and loops back once: r0 afterwards tells which
 * instruction the second pass executed.
 */
function selfPatching(fix: readonly number[]): number[] {
  const words = [
    MOV_R0_1, // CODE+0: the instruction being patched
    0xe3530000, // cmp r3, #0
    0, // bne done (filled below)
    0xe3a03001, // mov r3, #1
    0xe5821000, // str r1, [r2]
    ...fix,
  ];
  words.push(encodeB(CODE + words.length * 4, CODE));
  const done = CODE + words.length * 4;
  words[2] = (0x1a000000 | (((done - (CODE + 8 + 8)) >> 2) & 0xffffff)) >>> 0;
  words.push(encodeB(done, done)); // done: b done
  return words;
}

function runSelfPatching(
  fetch: 'coherent' | 'architectural',
  fix: readonly number[],
  execution: 'blocks' | 'interpreter',
) {
  const m = machineWith(selfPatching(fix), { fetch, execution });
  const cpu = m.cpus[0]!;
  cpu.regs[1] = MOV_R0_2;
  cpu.regs[2] = CODE;
  m.run({ maxInstructions: 200 });
  return reg(m, 0);
}

describe('architectural instruction fetch: a CPU patching its own code', () => {
  for (const execution of EXECUTION_MODES) {
    it(`without maintenance keeps executing the old instruction; coherent fetch sees the new one (${execution})`, () => {
      expect(runSelfPatching('architectural', [NOP, NOP], execution)).toBe(1);
      expect(runSelfPatching('coherent', [NOP, NOP], execution)).toBe(2);
    });

    it(`D-clean + I-invalidate + ISB makes it execute the new instruction (${execution})`, () => {
      expect(runSelfPatching('architectural', [DCCMVAU_R2, DSB, ICIMVAU_R2, BPIALL, DSB, ISB], execution)).toBe(2);
    });

    it(`maintenance without the ISB is not enough, nor is an ISB without maintenance (${execution})`, () => {
      expect(runSelfPatching('architectural', [DCCMVAU_R2, DSB, ICIMVAU_R2, BPIALL, DSB], execution)).toBe(1);
      expect(runSelfPatching('architectural', [DSB, ISB], execution)).toBe(1);
    });
  }

  it('invalidating the I-cache without cleaning the D-cache refetches the old word from the point of unification', () => {
    expect(runSelfPatching('architectural', [DSB, ICIMVAU_R2, DSB, ISB], 'blocks')).toBe(1);
  });

  it('an exception return is a context-synchronisation event too', () => {
    // ... maintenance, then an SVC whose host hook claims it (entry and return).
    const words = selfPatching([DCCMVAU_R2, DSB, ICIMVAU_R2, DSB, 0xef000000]);
    const m = machineWith(words, { fetch: 'architectural' });
    m.hooks.on('svc', () => true);
    m.cpus[0]!.regs[1] = MOV_R0_2;
    m.cpus[0]!.regs[2] = CODE;
    m.run({ maxInstructions: 200 });
    expect(reg(m, 0)).toBe(2);
  });
});

/** Four CPUs looping over `mov r0, #1; str r0, [r9, r8, lsl #2]; b` (r8 = CPU index, r9 = DATA). */
function fourCpuLoop(fetch: 'coherent' | 'architectural') {
  const words = [MOV_R0_1, 0xe7890108, encodeB(CODE + 8, CODE)];
  const m = machineWith(words, { fetch, cpus: 4, quantum: [1, 50], seed: 3 });
  for (let k = 0; k < 4; k++) m.startCpu(k, CODE, { mode: MODE_SVC, regs: { 8: k, 9: DATA } });
  const seen = () => [0, 1, 2, 3].map((k) => m.memory.peek32(DATA + 4 * k));
  const reset = () => {
    for (let k = 0; k < 4; k++) m.memory.poke32(DATA + 4 * k, 0);
  };
  return { m, seen, reset };
}

describe('architectural instruction fetch: the host patching code other CPUs execute', () => {
  it('other CPUs keep the old instruction until maintenance and a context-synchronisation event', () => {
    const { m, seen, reset } = fourCpuLoop('architectural');
    m.run({ maxInstructions: 2000 });
    expect(seen()).toEqual([1, 1, 1, 1]);
    m.write(CODE, MOV_R0_2, 4);
    reset();
    m.run({ maxInstructions: 2000 });
    expect(seen()).toEqual([1, 1, 1, 1]); // no maintenance: stale
    m.cacheMaintenance(CODE, 4);
    reset();
    m.run({ maxInstructions: 2000 });
    expect(seen()).toEqual([1, 1, 1, 1]); // maintenance, no CSE yet: still stale
    expect([0, 1, 2, 3].map((k) => m.pendingSynchronization(k))).toEqual([true, true, true, true]);
    m.syncCores();
    reset();
    m.run({ maxInstructions: 2000 });
    expect(seen()).toEqual([2, 2, 2, 2]);
  });

  it('a stopMachine write without maintenance leaves every CPU on the old instruction (stale fetch)', () => {
    const { m, seen, reset } = fourCpuLoop('architectural');
    m.run({ maxInstructions: 2000 });
    m.stopMachine(() => m.write(CODE, MOV_R0_2, 4), { writers: 'one' });
    reset();
    m.run({ maxInstructions: 2000 });
    expect(seen()).toEqual([1, 1, 1, 1]);
    expect(m.violations()).toEqual([]);
    m.stopMachine(() => m.cacheMaintenance(CODE, 4), { writers: 'one' });
    reset();
    m.run({ maxInstructions: 2000 });
    expect(seen()).toEqual([2, 2, 2, 2]);
  });

  it('coherent fetch: the write is visible at once', () => {
    const { m, seen, reset } = fourCpuLoop('coherent');
    m.run({ maxInstructions: 2000 });
    m.write(CODE, MOV_R0_2, 4);
    reset();
    m.run({ maxInstructions: 2000 });
    expect(seen()).toEqual([2, 2, 2, 2]);
  });
});

describe('architectural instruction fetch: user mode', () => {
  it('the cacheflush syscall (0xf0002) makes a user-mode patch visible on return', () => {
    const run = (flush: boolean) => {
      const words = [
        0xe3a04001, // CODE+0: mov r4, #1 (patched to mov r4, #2)
        0xe3530000, // cmp r3, #0
        0x1a000006, // bne done (CODE+40)
        0xe3a03001, // mov r3, #1
        0xe5865000, // str r5, [r6]
        0xe1a00006, // mov r0, r6
        0xe2861004, // add r1, r6, #4
        0xe3a02000, // mov r2, #0
        flush ? 0xef000000 : NOP, // svc #0 (cacheflush)
        encodeB(CODE + 36, CODE),
        encodeB(CODE + 40, CODE + 40), // done
      ];
      const m = machineWith(words, { fetch: 'architectural' });
      new LinuxUser(m, { start: 0x30000, limit: 0x40000 });
      const cpu = m.cpus[0]!;
      cpu.writeCpsr(MODE_USR, -1);
      Object.assign(cpu.regs, { 5: 0xe3a04002, 6: CODE, 7: 0xf0002 });
      m.run({ maxInstructions: 100 });
      return reg(m, 4);
    };
    expect(run(false)).toBe(1);
    expect(run(true)).toBe(2);
  });
});
