/**
 * kprobes cost per hit: a tight ARM loop with one probed instruction, run with and without the probe.
 * Prints host nanoseconds and emulated cycles per hit for a simulated instruction (B) and an emulated
 * one (ADD), next to the cost of the unprobed loop iteration.
 *   npm run bench -w @armprobe/kprobes
 */
import { Machine } from '@armprobe/emulator';
import { Kprobes } from '../src/index.js';

const CODE = 0x10000;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200_000);

/**
 *   mov r0, #0
 *   ldr r1, =ITERATIONS     (movw/movt)
 * loop:
 *   add r0, r0, #1          <- emulated probe target
 *   cmp r0, r1
 *   b   next                <- simulated probe target
 * next:
 *   bne loop
 *   udf #0                  (end)
 */
function program(): number[] {
  const lo = ITERATIONS & 0xffff;
  const hi = ITERATIONS >>> 16;
  const movw = 0xe3001000 | ((lo >>> 12) << 16) | (lo & 0xfff);
  const movt = 0xe3401000 | ((hi >>> 12) << 16) | (hi & 0xfff);
  return [0xe3a00000, movw, movt, 0xe2800001, 0xe1500001, 0xeaffffff, 0x1afffffb, 0xe7f000f0];
}

function run(
  probeAt: number | null,
  optimize = false,
): { seconds: number; cycles: number; hits: number; instructions: number } {
  const machine = new Machine({ linuxUser: false });
  machine.memory.map(CODE, 0x1000, 'rx');
  program().forEach((w, i) => {
    machine.memory.poke32(CODE + 4 * i, w);
  });
  const cpu = machine.cpus[0]!;
  cpu.writeCpsr(0x10 | 0xc0, -1);
  cpu.regs[13] = 0x20000 + 0x1000;
  machine.memory.map(0x20000, 0x1000, 'rw');
  cpu.pc = CODE;
  cpu.nextPc = CODE;
  let hits = 0;
  if (probeAt !== null) {
    const kprobes = new Kprobes(machine, { areaBase: 0x100000, areaSize: 0x10000, optimize });
    const probe = kprobes.register({ address: CODE + probeAt, pre: () => void hits++ });
    if (optimize && !probe.optimized) throw new Error(`not optimised: ${probe.notOptimized}`);
  }
  const t0 = performance.now();
  const r = machine.run({ maxInstructions: 100_000_000 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.reason !== 'fault' || r.fault?.pc !== CODE + 28) throw new Error(`bench loop ended unexpectedly: ${r.reason}`);
  return { seconds, cycles: r.cycles, hits, instructions: r.instructions };
}

console.log(`kprobes cost per hit: ${ITERATIONS} loop iterations (node ${process.version})\n`);
run(null); // warm-up
const base = run(null);
console.log(
  `unprobed loop            ${((base.seconds / ITERATIONS) * 1e9).toFixed(0).padStart(6)} ns/iteration   ${(base.cycles / ITERATIONS).toFixed(1).padStart(6)} cycles/iteration`,
);
const perHit: Record<string, { ns: number; cycles: number }> = {};
for (const [label, offset, optimize] of [
  ['kprobe, simulated (b next)', 20, false],
  ['kprobe, emulated (add r0, #1)', 12, false],
  ['optprobe (b next)', 20, true],
  ['optprobe (add r0, #1)', 12, true],
] as const) {
  run(offset, optimize);
  const r = run(offset, optimize);
  if (r.hits !== ITERATIONS) throw new Error(`${label}: ${r.hits} hits, expected ${ITERATIONS}`);
  const ns = ((r.seconds - base.seconds) / r.hits) * 1e9;
  const cycles = (r.cycles - base.cycles) / r.hits;
  perHit[label] = { ns, cycles };
  console.log(
    `${label.padEnd(30)} ${ns.toFixed(0).padStart(6)} ns/hit  ${cycles.toFixed(1).padStart(6)} cycles/hit  (+${((r.instructions - base.instructions) / r.hits).toFixed(1)} guest instructions/hit)`,
  );
}
const ratio = (a: string, b: string, k: 'ns' | 'cycles') => perHit[a]![k] / perHit[b]![k];
console.log('');
for (const insn of ['b next', 'add r0, #1']) {
  const kp = insn === 'b next' ? 'kprobe, simulated (b next)' : 'kprobe, emulated (add r0, #1)';
  const op = `optprobe (${insn})`;
  console.log(
    `optprobe / kprobe hit (${insn}): ${ratio(op, kp, 'cycles').toFixed(2)}x emulated cycles, ${ratio(op, kp, 'ns').toFixed(2)}x host time (target <= 0.25x emulated)`,
  );
}
