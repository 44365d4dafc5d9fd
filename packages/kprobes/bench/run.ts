/**
 * kprobes cost per hit: a tight ARM loop, and the same loop in Thumb state, with one probed instruction, run
 * with and without the probe. Prints host nanoseconds and emulated cycles per hit for a simulated
 * instruction (B) and an emulated one (ADD; in Thumb the 32-bit add.w at an address ≡ 2 mod 4), next to
 * the cost of the unprobed loop iteration.
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

/** MOVW/MOVT (T3/T1) r1, #imm16: hw1 << 16 | hw2. */
function thumbMov16(top: boolean, imm: number): number {
  const hw1 = (top ? 0xf2c0 : 0xf240) | (((imm >>> 11) & 1) << 10) | (imm >>> 12);
  const hw2 = (((imm >>> 8) & 7) << 12) | (1 << 8) | (imm & 0xff);
  return ((hw1 << 16) | hw2) >>> 0;
}

/**
 *   +0  movs  r0, #0
 *   +2  movw  r1, #lo
 *   +6  movt  r1, #hi
 * loop:
 *   +10 add.w r0, r0, #1     <- emulated probe target (32-bit, at ≡ 2 mod 4)
 *   +14 cmp   r0, r1
 *   +16 b.n   next           <- simulated probe target
 * next:
 *   +18 bne.n loop
 *   +20 udf   #0xf0          (end)
 */
function thumbProgram(): number[] {
  const movw = thumbMov16(false, ITERATIONS & 0xffff);
  const movt = thumbMov16(true, ITERATIONS >>> 16);
  return [
    0x2000,
    movw >>> 16,
    movw & 0xffff,
    movt >>> 16,
    movt & 0xffff,
    0xf100,
    0x0001,
    0x4288,
    0xe7ff,
    0xd1fa,
    0xdef0,
  ];
}
const THUMB_END = 20;

function run(
  probeAt: number | null,
  optimize = false,
  thumb = false,
  /** A second probe (Thumb pairs: the instruction a 16-bit optprobe covers must be probed too). */
  also: number | null = null,
): { seconds: number; cycles: number; hits: number; instructions: number } {
  const machine = new Machine({ linuxUser: false });
  machine.memory.map(CODE, 0x1000, 'rx');
  if (thumb) {
    thumbProgram().forEach((h, i) => {
      machine.memory.poke16(CODE + 2 * i, h);
    });
  } else {
    program().forEach((w, i) => {
      machine.memory.poke32(CODE + 4 * i, w);
    });
  }
  const cpu = machine.cpus[0]!;
  cpu.writeCpsr(0x10 | 0xc0 | (thumb ? 0x20 : 0), -1);
  cpu.regs[13] = 0x20000 + 0x1000;
  machine.memory.map(0x20000, 0x1000, 'rw');
  cpu.pc = CODE;
  cpu.nextPc = CODE;
  let hits = 0;
  if (probeAt !== null) {
    const kprobes = new Kprobes(machine, { areaBase: 0x100000, areaSize: 0x10000, optimize });
    const probe = kprobes.register({ address: (CODE + probeAt) | (thumb ? 1 : 0), pre: () => void hits++ });
    const second =
      also === null ? null : kprobes.register({ address: (CODE + also) | (thumb ? 1 : 0), pre: () => void hits++ });
    // A Thumb pair is written once both breakpoints are in the text: one more optimizer step.
    if (optimize) kprobes.optimizeNow();
    for (const p of [probe, second]) {
      if (optimize && p !== null && !p.optimized) throw new Error(`not optimised: ${p.notOptimized}`);
    }
  }
  const t0 = performance.now();
  const r = machine.run({ maxInstructions: 100_000_000 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.reason !== 'fault' || r.fault?.pc !== CODE + (thumb ? THUMB_END : 28)) {
    throw new Error(`bench loop ended unexpectedly: ${r.reason}`);
  }
  return { seconds, cycles: r.cycles, hits, instructions: r.instructions };
}

console.log(`kprobes cost per hit: ${ITERATIONS} loop iterations (node ${process.version})\n`);
run(null); // warm-up
const base = run(null);
console.log(
  `unprobed loop            ${((base.seconds / ITERATIONS) * 1e9).toFixed(0).padStart(6)} ns/iteration   ${(base.cycles / ITERATIONS).toFixed(1).padStart(6)} cycles/iteration`,
);
run(null, false, true);
const thumbBase = run(null, false, true);
console.log(
  `unprobed loop (Thumb)    ${((thumbBase.seconds / ITERATIONS) * 1e9).toFixed(0).padStart(6)} ns/iteration   ${(thumbBase.cycles / ITERATIONS).toFixed(1).padStart(6)} cycles/iteration`,
);
const perHit: Record<string, { ns: number; cycles: number }> = {};
for (const [label, offset, optimize, thumb, also] of [
  ['kprobe, simulated (b next)', 20, false, false, null],
  ['kprobe, emulated (add r0, #1)', 12, false, false, null],
  ['optprobe (b next)', 20, true, false, null],
  ['optprobe (add r0, #1)', 12, true, false, null],
  ['Thumb kprobe, simulated (b.n)', 16, false, true, null],
  ['Thumb kprobe, emulated (add.w)', 10, false, true, null],
  ['Thumb optprobe (add.w)', 10, true, true, null],
  ['Thumb kprobes (b.n, bne.n)', 16, false, true, 18],
  ['Thumb optprobe pair (b.n, bne.n)', 16, true, true, 18],
] as const) {
  run(offset, optimize, thumb, also);
  const r = run(offset, optimize, thumb, also);
  const expected = also === null ? ITERATIONS : 2 * ITERATIONS - 1; // bne.n: its condition fails once
  if (r.hits !== expected) throw new Error(`${label}: ${r.hits} hits, expected ${expected}`);
  const unprobed = thumb ? thumbBase : base;
  const ns = ((r.seconds - unprobed.seconds) / r.hits) * 1e9;
  const cycles = (r.cycles - unprobed.cycles) / r.hits;
  perHit[label] = { ns, cycles };
  console.log(
    `${label.padEnd(34)} ${ns.toFixed(0).padStart(6)} ns/hit  ${cycles.toFixed(1).padStart(6)} cycles/hit  (+${((r.instructions - unprobed.instructions) / r.hits).toFixed(1)} guest instructions/hit)`,
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
for (const [op, kp] of [
  ['Thumb optprobe (add.w)', 'Thumb kprobe, emulated (add.w)'],
  ['Thumb optprobe pair (b.n, bne.n)', 'Thumb kprobes (b.n, bne.n)'],
] as const) {
  console.log(
    `${op} / ${kp} hit: ${ratio(op, kp, 'cycles').toFixed(2)}x emulated cycles, ${ratio(op, kp, 'ns').toFixed(2)}x host time (target <= 0.25x emulated)`,
  );
}
