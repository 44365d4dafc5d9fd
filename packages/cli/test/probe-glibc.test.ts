/**
 * Issue 19 acceptance: `armprobe probe` on the static glibc programs (fixtures/glibc-programs, each built
 * `-mthumb` and `-marm`, the pthread ones included) on 4 CPUs with the architectural fetch model. Every
 * instruction of `main`, of the memcpy glibc selects and of `strlen` is probed, with and without the
 * optimizer: stdout, stderr and exit status are what the manifest records (qemu-arm's; for linux-madvise, where
 * qemu-arm 7.2 is not Linux, the host kernel's — the manifest's `oracle`), the CMODX detector
 * records no violation, each probe's hits are the times its instruction ran with its condition passing, and
 * after the probes are unregistered the program's text is byte-identical to the loaded image.
 *
 * Which memcpy runs: `memcpy` is an IFUNC symbol (STT_GNU_IFUNC); its address is the resolver
 * `memcpy_ifunc`, which returns `__memcpy_neon` when AT_HWCAP has HWCAP_NEON and `__memcpy_vfp` otherwise.
 * The emulator advertises VFP without NEON, so glibc runs `__memcpy_vfp` (ARM code in both builds; `main` is
 * Thumb or ARM with the build, `strlen` is Thumb-2 in both). The test does not take that on trust: it reads
 * the R_ARM_IRELATIVE slot that glibc's startup fills from the resolver (the entries between
 * `__rel_iplt_start` and `__rel_iplt_end`) after the run and checks that it holds `__memcpy_vfp`.
 *
 * Hits oracle (the kernel self-test's counting): an unprobed run, one instruction at a time, counting each
 * time an address is reached with its condition passing (a Thumb instruction's own or its IT block's). A
 * single-threaded program takes the same path on 4 CPUs with probes, so its hits must equal those counts
 * exactly. A threaded program's threads meet in pthread_join and the mutex, condition-variable and atomic
 * code, not in these three functions, so probes there from the first instruction to the exit must count
 * exactly what the unprobed run counted too, whatever the interleaving; probes attached and removed while the
 * threads run count at most that.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeA32, decodeThumb, isThumb32, itAdvance } from '@armprobe/decoder';
import { Machine } from '@armprobe/emulator';
import { conditionPasses, type Kprobe, KprobeError, Kprobes } from '@armprobe/kprobes';
import { describe, expect, it } from 'vitest';
import { bootMachine, linuxOptions } from '../src/commands/machine-setup.js';

const DIR = join(import.meta.dirname, '../../../fixtures/glibc-programs');

interface ManifestProgram {
  readonly name: string;
  readonly isa: 'thumb' | 'arm';
  readonly elf: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
  readonly threads?: boolean;
}

const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  args: string[];
  env: Record<string, string>;
  programs: ManifestProgram[];
};
const ENV = Object.entries(manifest.env).map(([k, v]) => `${k}=${v}`);
const hex = (v: number) => `0x${v.toString(16)}`;

/** The functions probed instruction by instruction: the program's own, and two of libc's. */
const PROBED_FUNCTIONS = ['main', '__memcpy_vfp', 'strlen'] as const;

/** An instruction to probe: address, state, and the IT state it runs under (Thumb). */
interface Target {
  readonly address: number;
  readonly isa: 'arm' | 'thumb';
  readonly itState: number;
  readonly symbol: string;
}

/**
 * Every instruction of `name` in its state: ARM words of `$a` ranges, Thumb instruction starts of `$t`
 * ranges (decoded from the range's start so a 32-bit instruction's second halfword is never a target, with
 * the IT state each runs under), `$d` literal pools excluded.
 */
function instructionsOf(machine: Machine, name: string): Target[] {
  const { symbols, code } = machine.program!;
  const symbol = symbols.symbol(name);
  if (symbol === undefined) throw new Error(`no symbol ${name}`);
  const { start, end } = symbols.extent(symbol);
  const out: Target[] = [];
  for (const r of code.ranges) {
    if (r.end <= start || r.start >= end) continue;
    if (r.state === 'arm') {
      for (let a = Math.max(r.start, start); a + 4 <= Math.min(r.end, end); a += 4) {
        out.push({ address: a, isa: 'arm', itState: 0, symbol: name });
      }
      continue;
    }
    let itState = 0;
    for (let a = r.start; a + 2 <= r.end && a < end; ) {
      const hw1 = machine.memory.peek16(a);
      const wide = isThumb32(hw1);
      if (wide && a + 4 > r.end) break;
      if (a >= start) out.push({ address: a, isa: 'thumb', itState, symbol: name });
      itState = !wide && (hw1 & 0xff00) === 0xbf00 && (hw1 & 0xf) !== 0 ? hw1 & 0xff : itAdvance(itState);
      a += wide ? 4 : 2;
    }
  }
  return out;
}

/** The bytes of every code range of the program (executable sections minus `$d`), as halfwords. */
function textImage(machine: Machine): Uint16Array {
  const ranges = machine.program!.code.ranges;
  const out = new Uint16Array(ranges.reduce((s, r) => s + ((r.end - r.start) >>> 1), 0));
  let i = 0;
  for (const r of ranges) for (let a = r.start; a + 2 <= r.end; a += 2) out[i++] = machine.memory.peek16(a);
  return out;
}

/** Addresses whose halfword differs between two text images of the same program. */
function textDifferences(machine: Machine, before: Uint16Array, after: Uint16Array): number[] {
  const out: number[] = [];
  let i = 0;
  for (const r of machine.program!.code.ranges) {
    for (let a = r.start; a + 2 <= r.end; a += 2, i++) if (before[i] !== after[i]) out.push(a);
  }
  return out;
}

/**
 * The R_ARM_IRELATIVE slots of a static glibc program: each `Elf32_Rel` between `__rel_iplt_start` and
 * `__rel_iplt_end` names a word that holds its resolver until startup replaces it with what the resolver
 * returned.
 */
function irelativeSlots(machine: Machine): number[] {
  const { symbols } = machine.program!;
  const from = symbols.symbol('__rel_iplt_start')!.address;
  const to = symbols.symbol('__rel_iplt_end')!.address;
  const out: number[] = [];
  for (let a = from; a < to; a += 8) {
    expect(machine.memory.peek32(a + 4) & 0xff, 'R_ARM_IRELATIVE').toBe(160);
    out.push(machine.memory.peek32(a));
  }
  return out;
}

function withRoot<T>(p: ManifestProgram, fn: (file: string, root: string) => T): T {
  const root = mkdtempSync(join(tmpdir(), 'armprobe-probe-glibc-'));
  try {
    const file = join(root, 'prog.elf');
    copyFileSync(join(DIR, p.elf), file);
    const result = fn(file, root);
    // The guest wrote inside its root only and removed what it made there.
    expect(readdirSync(root)).toEqual(['prog.elf']);
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The unprobed program, one instruction at a time: how many times each target address was reached with its
 * condition passing, and what it printed (checked against qemu-arm, so the profile is of the real path). An
 * instruction whose data access faults on a demand-zero page and is retried once the page is backed is
 * reached twice, and a probe on it fires twice, as in the kernel (kprobe_fault_handler puts the PC back on the
 * probed address and the retry takes the breakpoint again). A threaded program runs on more CPUs than it has
 * threads: every `run` call is a scheduling slice, and with threads queued each single step would switch
 * threads, clearing the exclusive monitor (CLREX on a switch) so that no ldrex/strex loop ever succeeds.
 * An instruction whose fault is delivered to a guest signal handler (signals-*) is reached once per fault and
 * does not complete: the step goes on into the handler, whose first instruction is not this one's completion.
 */
function executionProfile(
  p: ManifestProgram,
  cpus: number,
  seed: number,
): { counts: Map<number, number>; out: string; status: number | null } {
  return withRoot(p, (file, root) => {
    let out = '';
    const linux = linuxOptions({ file, root, env: ENV, args: manifest.args, seed }, () => {});
    const machine = new Machine({
      ...linux.machine,
      cpus,
      seed,
      execution: 'interpreter',
      onStdout: (b) => {
        out += Buffer.from(b).toString('latin1');
      },
    });
    machine.loadElf(new Uint8Array(readFileSync(file)), { argv: linux.argv, envp: linux.envp });
    const wanted = new Set(PROBED_FUNCTIONS.flatMap((f) => instructionsOf(machine, f).map((t) => t.address)));
    const counts = new Map<number, number>();
    // Per CPU before each step: the target it is about to run with its condition passing, or -1.
    const next = new Array<number>(cpus).fill(-1);
    const ran = new Array<number>(cpus).fill(0);
    // Per CPU: data aborts of the instruction it was about to run, in this step (each one retried).
    const aborted = new Array<number>(cpus).fill(0);
    machine.hooks.on(
      'dabt',
      (e) => {
        if (e.pc >>> 0 === next[e.cpu.index]) aborted[e.cpu.index]!++;
        return false;
      },
      { priority: 1_000 },
    );
    for (;;) {
      aborted.fill(0);
      for (const cpu of machine.cpus) {
        const pc = cpu.pc >>> 0;
        next[cpu.index] = -1;
        ran[cpu.index] = cpu.instructions;
        if (!wanted.has(pc)) continue;
        const cond =
          cpu.thumb !== 0
            ? decodeThumb(machine.memory.peek16(pc), machine.memory.peek16(pc + 2), pc, cpu.itState).cond
            : decodeA32(machine.memory.peek32(pc), pc).cond;
        if (conditionPasses(cond, cpu.n, cpu.z, cpu.c, cpu.v)) next[cpu.index] = pc;
      }
      const entered = machine.linux?.signals.handlersEntered ?? 0;
      const r = machine.run({ maxInstructions: 1 });
      const diverted = (machine.linux?.signals.handlersEntered ?? 0) > entered;
      for (const cpu of machine.cpus) {
        const pc = next[cpu.index]!;
        const completed = cpu.instructions > ran[cpu.index]! && !(diverted && aborted[cpu.index]! > 0);
        const reached = (completed ? 1 : 0) + aborted[cpu.index]!;
        if (pc >= 0 && reached > 0) counts.set(pc, (counts.get(pc) ?? 0) + reached);
      }
      if (r.reason !== 'limit') return { counts, out, status: r.status };
    }
  });
}

interface ProbedRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
  readonly targets: readonly Target[];
  /** Per target: its probe, or the reason kprobes refused it. */
  readonly probes: readonly (Kprobe | KprobeError)[];
  /** Probes that were optprobes when they were unregistered. */
  readonly optimized: number;
  /** With the optimizer: why each other probe stayed a breakpoint. */
  readonly notOptimized: readonly string[];
  readonly violations: number;
  readonly rendezvous: number;
  readonly changedText: readonly number[];
  /** What the R_ARM_IRELATIVE slot of `memcpy` (the one that held its resolver) held when the program ended. */
  readonly memcpy: string;
  readonly instructions: number;
}

/**
 * The program on 4 CPUs (architectural fetch, seeded schedule) as `armprobe probe` boots it, with a probe on
 * every target registered in one batch: before the first instruction, or (`attachAtThreads`) once the program
 * has created that many threads, so the others run on other CPUs while the text changes; unregistered in one
 * batch `detachAfter` instructions after that (the threads still running), or after the program exited.
 */
function probedRun(
  p: ManifestProgram,
  options: { optimize: boolean; seed: number; attachAtThreads?: number; detachAfter?: number; optimizeDelay?: number },
): ProbedRun {
  return withRoot(p, (file, root) => {
    let stdout = '';
    let stderr = '';
    const machine = bootMachine(
      { file, root, env: ENV, args: manifest.args, cpus: 4, seed: options.seed, fetch: 'architectural' },
      {
        onStdout: (b) => {
          stdout += Buffer.from(b).toString('latin1');
        },
        onStderr: (b) => {
          stderr += Buffer.from(b).toString('latin1');
        },
        onWarning: (m) => {
          stderr += `armprobe: ${m}\n`;
        },
      },
      (s) => {
        stderr += s;
      },
    );
    if (typeof machine === 'number') throw new Error(`${p.name} did not load`);
    const image = textImage(machine);
    const { symbols } = machine.program!;
    const memcpySlots = irelativeSlots(machine).filter(
      (slot) => machine.memory.peek32(slot) === symbols.symbol('memcpy')!.address,
    );
    expect(memcpySlots.length, `${p.name}: memcpy's IRELATIVE slot`).toBe(1);
    const selected = () => {
      const at = symbols.lookup(machine.memory.peek32(memcpySlots[0]!) & ~1);
      return at === null ? 'nothing' : `${at.symbol.name}+${at.offset}`;
    };
    const targets = PROBED_FUNCTIONS.flatMap((f) => instructionsOf(machine, f));
    const kprobes = new Kprobes(machine, {
      strategy: 'auto',
      optimize: options.optimize,
      ...(options.optimizeDelay === undefined ? {} : { optimizeDelay: options.optimizeDelay }),
    });
    let instructions = 0;
    const run = (budget: number) => {
      const r = machine.run({ maxInstructions: budget });
      instructions += r.instructions;
      return r;
    };
    if (options.attachAtThreads !== undefined) {
      const threads = machine.linux!.threads;
      while (threads.statistics().created < options.attachAtThreads) expect(run(1_000).reason).toBe('limit');
    }
    const probes = kprobes.batch(() =>
      targets.map((t) => {
        try {
          return kprobes.register({ address: t.isa === 'thumb' ? t.address | 1 : t.address });
        } catch (error) {
          if (error instanceof KprobeError) return error;
          throw error;
        }
      }),
    );
    let optimized = 0;
    const notOptimized: string[] = [];
    const detach = () => {
      for (const x of probes) {
        if (x instanceof KprobeError) continue;
        if (x.optimized) optimized++;
        else if (options.optimize) notOptimized.push(x.notOptimized ?? `${hex(x.address)}: no reason given`);
      }
      kprobes.batch(() => {
        for (const probe of probes) if (!(probe instanceof KprobeError) && probe.registered) kprobes.unregister(probe);
      });
    };
    let result = options.detachAfter === undefined ? null : run(options.detachAfter);
    if (result === null || result.reason === 'limit') {
      if (result !== null) detach();
      result = run(2_000_000_000);
      if (options.detachAfter === undefined) detach();
    } else detach();
    expect(result.reason, `${p.name}: ${result.error?.message ?? ''}`).not.toBe('limit');
    const changedText = textDifferences(machine, image, textImage(machine));
    return {
      stdout,
      stderr,
      status: result.status,
      targets,
      probes,
      optimized,
      notOptimized,
      violations: machine.violations().length,
      rendezvous: kprobes.statistics().rendezvous,
      changedText,
      memcpy: selected(),
      instructions,
    };
  });
}

/** qemu-arm names itself in its fatal-signal line; armprobe prints the same line under its own name. */
function expectedStderr(p: ManifestProgram): string {
  return p.stderr.replace(/^qemu: (uncaught target signal)/m, 'armprobe: $1');
}

/** The kernel's reasons for refusing an instruction that occur in these functions (KprobeError codes). */
const REFUSALS = new Set(['rejected', 'exclusive-sequence']);

/** Output, violations, restored text, memcpy's selection and the refusals of one probed run. */
function checkRun(p: ManifestProgram, run: ProbedRun): { probes: Kprobe[]; rejected: number } {
  expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({
    stdout: p.stdout,
    stderr: expectedStderr(p),
    status: p.status,
  });
  expect(run.violations).toBe(0);
  expect(run.changedText.map(hex)).toEqual([]);
  expect(run.memcpy).toBe('__memcpy_vfp+0');
  const probes: Kprobe[] = [];
  let rejected = 0;
  for (const [i, x] of run.probes.entries()) {
    if (x instanceof KprobeError) {
      expect(REFUSALS.has(x.code), `${hex(run.targets[i]!.address)}: ${x.message}`).toBe(true);
      rejected++;
    } else probes.push(x);
  }
  // Every function has probes in its own state.
  for (const f of PROBED_FUNCTIONS) {
    const isa = f === '__memcpy_vfp' ? 'arm' : f === 'strlen' ? 'thumb' : p.isa;
    expect(probes.filter((x) => x.symbol === f && x.isa === isa).length, f).toBeGreaterThan(10);
  }
  return { probes, rejected };
}

const singleThreaded = manifest.programs.filter((p) => p.threads !== true);
const threaded = manifest.programs.filter((p) => p.threads === true);

describe('armprobe probe on the static glibc programs, 4 CPUs: every instruction of main, __memcpy_vfp and strlen', () => {
  for (const p of singleThreaded) {
    it(`${p.name}: output as qemu-arm, 0 violations, hits = condition-passing executions, text restored`, () => {
      const profile = executionProfile(p, 1, 0);
      expect(profile.out).toBe(p.stdout);
      for (const optimize of [false, true]) {
        const run = probedRun(p, { optimize, seed: 7 });
        const { probes, rejected } = checkRun(p, run);
        const wrong = probes
          .filter((x) => x.hits !== (profile.counts.get(x.address & ~1) ?? 0))
          .map((x) => `${x.symbol}+${x.offset} ${x.hits} != ${profile.counts.get(x.address & ~1) ?? 0}`);
        expect(wrong, `optimize ${optimize}`).toEqual([]);
        const optimized = run.optimized;
        if (!optimize) expect(optimized).toBe(0);
        else {
          expect(optimized).toBeGreaterThan(0);
          expect(optimized + run.notOptimized.length).toBe(probes.length);
          expect(run.notOptimized.filter((why) => why.includes('no reason given'))).toEqual([]);
        }
        console.log(
          `${p.name} optimize=${optimize}: ${run.targets.length} instructions, ${probes.length} probes ` +
            `(${rejected} refused), hits ${probes.reduce((s, x) => s + x.hits, 0)}, optimized ${optimized}, ` +
            `rendezvous ${run.rendezvous}, ${run.instructions} instructions run`,
        );
      }
    });
  }
});

describe('armprobe probe on the pthread glibc programs, 4 CPUs: every instruction of main, __memcpy_vfp and strlen', () => {
  for (const p of threaded) {
    it(`${p.name}: attached from the start and while the threads run; output as qemu-arm, 0 violations, text restored`, () => {
      const profile = executionProfile(p, 8, 3);
      expect(profile.out).toBe(p.stdout);
      for (const optimize of [false, true]) {
        // From the first instruction to the exit: main, memcpy and strlen take the same path whatever the
        // interleaving (the threads meet inside pthread_join and the mutex code, not in these functions).
        const whole = probedRun(p, { optimize, seed: 7 });
        const { probes, rejected } = checkRun(p, whole);
        const wrong = probes
          .filter((x) => x.hits !== (profile.counts.get(x.address & ~1) ?? 0))
          .map((x) => `${x.symbol}+${x.offset} ${x.hits} != ${profile.counts.get(x.address & ~1) ?? 0}`);
        expect(wrong, `optimize ${optimize}`).toEqual([]);
        if (optimize) expect(whole.optimized).toBeGreaterThan(0);
        // Attached once 3 threads exist (the workers run on the other CPUs while the text changes), optimized
        // after one tick, removed 300,000 instructions later with the threads still running.
        const live = probedRun(p, { optimize, seed: 11, attachAtThreads: 3, detachAfter: 300_000, optimizeDelay: 1 });
        const window = checkRun(p, live).probes;
        expect(live.rendezvous).toBeGreaterThan(0);
        const over = window
          .filter((x) => x.hits > (profile.counts.get(x.address & ~1) ?? 0))
          .map((x) => `${x.symbol}+${x.offset} ${x.hits} > ${profile.counts.get(x.address & ~1) ?? 0}`);
        expect(over).toEqual([]);
        const windowHits = window.reduce((s, x) => s + x.hits, 0);
        expect(windowHits).toBeGreaterThan(0);
        console.log(
          `${p.name} optimize=${optimize}: ${whole.targets.length} instructions, ${probes.length} probes ` +
            `(${rejected} refused), hits ${probes.reduce((s, x) => s + x.hits, 0)}, optimized ${whole.optimized}, ` +
            `rendezvous ${whole.rendezvous}; live window: hits ${windowHits}, optimized ${live.optimized}, ` +
            `rendezvous ${live.rendezvous}`,
        );
      }
    });
  }
});

const CLI = join(import.meta.dirname, '../dist/armprobe.cjs');

describe('the documented command, verbatim (packages/cli/dist)', () => {
  for (const [name, optimize] of [
    ['stdio-thumb', false],
    ['threads-atomic-arm', true],
  ] as const) {
    it(`armprobe probe ${name}.elf --cpus 4 --every-insn main --every-insn __memcpy_vfp --every-insn strlen${optimize ? ' --optimize' : ''}`, () => {
      const p = manifest.programs.find((x) => x.name === name)!;
      const profile = p.threads === true ? null : executionProfile(p, 1, 0);
      withRoot(p, (file, root) => {
        const report = join(root, 'report.json');
        const r = spawnSync(
          process.execPath,
          [
            CLI,
            'probe',
            file,
            '--root',
            root,
            ...ENV.flatMap((e) => ['--env', e]),
            '--cpus',
            '4',
            '--seed',
            '7',
            '--fetch',
            'architectural',
            '--every-insn',
            'main',
            '--every-insn',
            '__memcpy_vfp',
            '--every-insn',
            'strlen',
            ...(optimize ? ['--optimize'] : []),
            '--report',
            report,
            '--',
            ...manifest.args,
          ],
          { encoding: 'latin1', cwd: tmpdir() },
        );
        expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({
          stdout: p.stdout,
          stderr: expectedStderr(p),
          status: p.status,
        });
        const json = JSON.parse(readFileSync(report, 'utf8')) as {
          probes: {
            address: number;
            isa: string;
            symbol: string;
            hits: number;
            optimized: boolean;
            rejected: string | null;
          }[];
          totals: { violations: number; hits: number };
        };
        rmSync(report);
        expect(json.totals.violations).toBe(0);
        // The command probes exactly the instructions this test walks, each in its state.
        const machine = new Machine();
        machine.loadElf(new Uint8Array(readFileSync(file)));
        const targets = PROBED_FUNCTIONS.flatMap((f) => instructionsOf(machine, f));
        expect(json.probes.map((x) => [x.address, x.isa])).toEqual(targets.map((t) => [t.address, t.isa]));
        const accepted = json.probes.filter((x) => x.rejected === null);
        expect(accepted.length).toBeGreaterThan(json.probes.length / 2);
        expect(json.totals.hits).toBe(accepted.reduce((s, x) => s + x.hits, 0));
        if (profile !== null) {
          expect(accepted.filter((x) => x.hits !== (profile.counts.get(x.address) ?? 0))).toEqual([]);
        } else {
          expect(json.totals.hits).toBeGreaterThan(0);
        }
        // The report is written with the probes still registered, so optimized reflects the run.
        if (optimize) expect(accepted.filter((x) => x.optimized).length).toBeGreaterThan(0);
      });
    });
  }
});
