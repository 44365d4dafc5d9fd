/**
 * Decoder throughput on 1M seeded random words: decode-only and decode+format, next to
 * @alexaltea/capstone-js 5.0.9 (Capstone's npm port) disassembling the same words in the same run.
 *   npm run bench -w @armprobe/decoder   (or `npm run bench` at the root)
 *
 * Method: the library is first warmed up on a slice of the words (below); then every measurement runs WARMUP
 * untimed passes over all the words (JIT tiering), then PASSES timed passes; it reports the best pass (the one
 * least disturbed by other processes on a shared machine) and the median. Every pass decodes each of the N
 * distinct words at its own address (no caching by word) and consumes every result (a checksum of one field,
 * or of the printed text's length).
 *
 * The capstone-js comparison (A32, then Thumb) runs in rounds after a warm-up pass of each: a round times one
 * decode+format pass over the N words and one capstone-js pass over the first CAPSTONE_N of them, in
 * alternating order, by wall time and by the process's CPU time. Per round it takes the ratio of the two
 * adjacent passes; it prints the median of the per-round ratios (wall and CPU) and the ratio of the two sides'
 * fastest CPU passes. On a machine shared with other jobs the CPU-time figures are the ones to read: a pass
 * that waits for a core spends wall time but no CPU time. The load average is printed at the start and end.
 */
import { loadavg } from 'node:os';
import { matchA32RowIndex } from '../src/a32/decode.js';
import { decodeA32, decodeThumb, disassembleA32, formatA32, formatThumb } from '../src/index.js';

const N = Number(process.env.BENCH_WORDS ?? 1_000_000);
/* capstone-js takes ~2 µs a word: it disassembles the first 250k words in each round (a sample of the same words). */
const CAPSTONE_N = Math.min(N, Number(process.env.BENCH_CAPSTONE_WORDS ?? 250_000));
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const PASSES = Number(process.env.BENCH_PASSES ?? 5);
/* Rounds of the capstone comparison (each round: one decode+format pass, one capstone-js pass). */
const CAPSTONE_PASSES = Number(process.env.BENCH_CAPSTONE_PASSES ?? 7);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const rand = mulberry32(0xa32be9c);
const words = new Uint32Array(N);
for (let i = 0; i < N; i++) words[i] = rand();

interface Measured {
  readonly label: string;
  readonly fn: () => number;
}

/**
 * Runs each `fn` (one pass over `count` words) `warmup` untimed times, then `passes` timed passes, the
 * entries taking turns pass by pass (so a slow spell on a shared machine hits all of them alike); prints each
 * entry's best and median and returns the best rates, in order.
 */
function measureTogether(entries: readonly Measured[], count: number, warmup = WARMUP, passes = PASSES): number[] {
  let sink = 0;
  for (const { fn } of entries) for (let w = 0; w < warmup; w++) sink = (sink + fn()) | 0;
  const rates: number[][] = entries.map(() => []);
  const sinks = entries.map(() => 0);
  for (let p = 0; p < passes; p++) {
    entries.forEach(({ fn }, e) => {
      const t0 = performance.now();
      sinks[e] = (sinks[e]! + fn()) | 0;
      rates[e]!.push(count / ((performance.now() - t0) / 1000) / 1e6);
    });
  }
  return entries.map(({ label }, e) => {
    const sorted = [...rates[e]!].sort((a, b) => b - a);
    const best = sorted[0]!;
    const median = sorted[sorted.length >> 1]!;
    console.log(
      `${label.padEnd(40)} best ${best.toFixed(2).padStart(6)}  median ${median.toFixed(2).padStart(6)} M words/s` +
        `   (passes: ${rates[e]!.map((r) => r.toFixed(2)).join(' ')}; checksum ${(sinks[e]! + sink) | 0})`,
    );
    return best;
  });
}

/** One entry measured alone; returns its best pass's rate. */
function measure(label: string, count: number, fn: () => number, warmup = WARMUP, passes = PASSES): number {
  return measureTogether([{ label, fn }], count, warmup, passes)[0]!;
}

const loadText = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`A32 decoder benchmark: ${N} seeded random words (node ${process.version}; load average ${loadText()})`);
console.log(
  `method: ${WARMUP} warm-up passes, then best and median of ${PASSES} timed passes; capstone-js in ${CAPSTONE_PASSES} rounds with decode+format (${CAPSTONE_N} words a pass)\n`,
);

interface Comparison {
  /** Median over the rounds of (our rate ÷ capstone's rate), wall time. */
  readonly wallRatio: number;
  /** The same by CPU time. */
  readonly cpuRatio: number;
  /** Our fastest CPU pass ÷ capstone's fastest CPU pass. */
  readonly bestCpuRatio: number;
}

/**
 * Times `ours` (a pass over N units) and `capstone` (a pass over CAPSTONE_N units) in CAPSTONE_PASSES rounds,
 * alternating which goes first, after one warm-up pass of each; prints both sides' rates and returns the ratios.
 */
function compareWithCapstone(label: string, ours: () => number, capstone: () => number): Comparison {
  const cpuSeconds = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1e6;
  };
  let sink = (ours() + capstone()) | 0;
  const wall: [number[], number[]] = [[], []];
  const cpu: [number[], number[]] = [[], []];
  const sides = [
    { fn: ours, count: N },
    { fn: capstone, count: CAPSTONE_N },
  ] as const;
  for (let round = 0; round < CAPSTONE_PASSES; round++) {
    for (const side of round & 1 ? [1, 0] : [0, 1]) {
      const { fn, count } = sides[side]!;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      sink = (sink + fn()) | 0;
      const seconds = cpuSeconds(c0);
      wall[side]!.push(count / ((performance.now() - t0) / 1000) / 1e6);
      cpu[side]!.push(count / seconds / 1e6);
    }
  }
  const median = (v: readonly number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  const rates = (v: readonly number[]) => v.map((r) => r.toFixed(2)).join(' ');
  console.log(`${label}, ${CAPSTONE_PASSES} rounds (M units/s; checksum ${sink}):`);
  console.log(`  decode+format  wall ${rates(wall[0])}   CPU ${rates(cpu[0])}`);
  console.log(`  capstone-js    wall ${rates(wall[1])}   CPU ${rates(cpu[1])}`);
  const comparison: Comparison = {
    wallRatio: median(wall[0].map((r, i) => r / wall[1][i]!)),
    cpuRatio: median(cpu[0].map((r, i) => r / cpu[1][i]!)),
    bestCpuRatio: Math.max(...cpu[0]) / Math.max(...cpu[1]),
  };
  console.log(
    `  decode+format ÷ capstone-js: median of per-round ratios ${comparison.wallRatio.toFixed(1)}x wall, ${comparison.cpuRatio.toFixed(1)}x CPU; fastest CPU passes ${comparison.bestCpuRatio.toFixed(1)}x`,
  );
  return comparison;
}

async function loadCapstone(): Promise<CapstoneModule> {
  const mod = (await import('@alexaltea/capstone-js')) as { default: unknown };
  const factory = mod.default as (() => Promise<CapstoneModule>) | CapstoneModule;
  return typeof factory === 'function' ? await factory() : factory;
}

/** One capstone-js pass: each unit's 4 bytes at its address, one call per unit; its first instruction is used. */
function capstonePassOver(d: CapstoneDisassembler, bytes: Uint8Array): () => number {
  return () => {
    let sink = 0;
    for (let i = 0; i < CAPSTONE_N; i++) {
      // The port throws when Capstone decodes nothing (an invalid word); that is its normal path here.
      try {
        const first = d.disasm(bytes.subarray(4 * i, 4 * i + 4), 0x8000 + 4 * i)[0];
        sink = (sink + (first ? first.mnemonic.length + first.op_str.length : 0)) | 0;
      } catch {
        sink = (sink + 1) | 0;
      }
    }
    return sink;
  };
}

/*
 * Library warm-up: every entry point sees a slice of the words before any loop is timed, so each timed
 * loop is compiled against warmed-up callees. (Without it the first loop that inlines the printers is
 * compiled while their type feedback is still young and stays ~30% slower than the same loop compiled
 * later; which loop that is would depend on the order of this file.)
 */
{
  const W = Math.min(N, 100_000);
  let sink = 0;
  for (let pass = 0; pass < 3; pass++) {
    for (let i = 0; i < W; i++) {
      const insn = decodeA32(words[i]!, 0x8000 + 4 * i);
      sink = (sink + insn.reads + formatA32(insn).text.length + disassembleA32(words[i]!, 4 * i).text.length) | 0;
    }
  }
  console.log(`library warm-up: ${W} words × 3 (checksum ${sink})`);
}

/*
 * The ceiling for decode-only on this machine: what a decoder producing this result model costs when it does
 * no decoding at all. It walks the same dispatch trie (matchA32RowIndex), makes the same indirect call per row,
 * and allocates an object with exactly the property names, in order, that decodeA32 returns for that row, filled
 * with cheap small integers derived from the word (no HeapNumbers, no tables, no flags). One generated function
 * per result shape, so the call targets are as varied as the real decoders'. decodeA32 cannot beat this figure;
 * the gap between the two is the cost of the decoding itself.
 */
const ceiling = (() => {
  type Alloc = (word: number, address: number) => { reads: number };
  const byShape = new Map<string, Alloc>();
  const perRow: Alloc[] = [];
  for (let i = 0; i < N; i++) {
    const row = matchA32RowIndex(words[i]! | 0);
    if (perRow[row] !== undefined) continue;
    const keys = Object.keys(decodeA32(words[i]!, 0x8000 + 4 * i));
    let alloc = byShape.get(keys.join(','));
    if (alloc === undefined) {
      const props = keys.map((k, j) => `${k}: (w >>> ${j % 28}) & ${(j * 7 + 3) & 0xffff}`).join(', ');
      alloc = new Function('w', 'a', `/* shape ${byShape.size} */ return { ${props} };`) as Alloc;
      byShape.set(keys.join(','), alloc);
    }
    perRow[row] = alloc;
  }
  const fallback = perRow.find((f) => f !== undefined)!;
  const table: Alloc[] = Array.from({ length: perRow.length }, (_, r) => perRow[r] ?? fallback);
  const allocate = (word: number, address: number) => table[matchA32RowIndex(word | 0)]!(word | 0, address);
  const rows = Int32Array.from(words, (w) => matchA32RowIndex(w | 0));
  /** As `allocate`, with the row looked up before the timed loop: the cost of the results alone. */
  const allocateRow = (word: number, address: number, row: number) => table[row]!(word | 0, address);
  return { shapes: byShape.size, allocate, rows, allocateRow };
})();

const [decodeRate, ceilingRate, resultsRate] = measureTogether(
  [
    {
      label: 'armprobe decodeA32',
      fn: () => {
        let sink = 0;
        for (let i = 0; i < N; i++) sink = (sink + decodeA32(words[i]!, 0x8000 + 4 * i).reads) | 0;
        return sink;
      },
    },
    {
      label: `ceiling (${ceiling.shapes} shapes, no decoding)`,
      fn: () => {
        let sink = 0;
        for (let i = 0; i < N; i++) sink = (sink + ceiling.allocate(words[i]!, 0x8000 + 4 * i).reads) | 0;
        return sink;
      },
    },
    {
      label: 'ceiling with rows precomputed',
      fn: () => {
        const rows = ceiling.rows;
        let sink = 0;
        for (let i = 0; i < N; i++) sink = (sink + ceiling.allocateRow(words[i]!, 0x8000 + 4 * i, rows[i]!).reads) | 0;
        return sink;
      },
    },
  ],
  N,
) as [number, number, number];

const formatRate = measure('armprobe decodeA32 + formatA32', N, () => {
  let sink = 0;
  for (let i = 0; i < N; i++) sink = (sink + formatA32(decodeA32(words[i]!, 0x8000 + 4 * i)).text.length) | 0;
  return sink;
});

measure('armprobe disassembleA32', N, () => {
  let sink = 0;
  for (let i = 0; i < N; i++) sink = (sink + disassembleA32(words[i]!, 0x8000 + 4 * i).text.length) | 0;
  return sink;
});

let a32Comparison: Comparison | null = null;
try {
  const cs = await loadCapstone();
  const d = new cs.Capstone(cs.ARCH_ARM, cs.MODE_ARM);
  const formatPass = () => {
    let sink = 0;
    for (let i = 0; i < N; i++) sink = (sink + formatA32(decodeA32(words[i]!, 0x8000 + 4 * i)).text.length) | 0;
    return sink;
  };
  a32Comparison = compareWithCapstone(
    'A32 decode+format vs capstone-js 5.0.9 (ARM mode)',
    formatPass,
    capstonePassOver(d, new Uint8Array(words.buffer, 0, CAPSTONE_N * 4)),
  );
  d.close();
} catch (error) {
  console.log(`capstone-js unavailable: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Thumb: decodeThumb + formatThumb next to capstone-js in Thumb mode, in rounds as above, on N seeded random
 * units: half with a first halfword of the 16-bit space (0x0000–0xe7ff), half of the 32-bit space
 * (0xe800–0xffff) with a random second halfword; outside IT blocks. Capstone gets the unit's 4 bytes and its
 * first instruction is used.
 */
let thumbComparison: Comparison | null = null;
{
  const trand = mulberry32(0x7b32be9c);
  const hw1s = new Uint16Array(N);
  const hw2s = new Uint16Array(N);
  for (let i = 0; i < N; i++) {
    const r = trand();
    hw1s[i] = i & 1 ? 0xe800 + (r % 0x1800) : r % 0xe800;
    hw2s[i] = trand() & 0xffff;
  }
  const thumbPass = () => {
    let sink = 0;
    for (let i = 0; i < N; i++)
      sink = (sink + formatThumb(decodeThumb(hw1s[i]!, hw2s[i]!, 0x8000 + 4 * i, 0)).text.length) | 0;
    return sink;
  };
  measure('armprobe decodeThumb + formatThumb', N, thumbPass);
  try {
    const cs = await loadCapstone();
    const d = new cs.Capstone(cs.ARCH_ARM, cs.MODE_THUMB);
    const bytes = new Uint8Array(CAPSTONE_N * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < CAPSTONE_N; i++) {
      view.setUint16(4 * i, hw1s[i]!, true);
      view.setUint16(4 * i + 2, hw2s[i]!, true);
    }
    thumbComparison = compareWithCapstone(
      'Thumb decode+format vs capstone-js 5.0.9 (Thumb mode)',
      thumbPass,
      capstonePassOver(d, bytes),
    );
    d.close();
  } catch (error) {
    console.log(`capstone-js (Thumb) unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
}

console.log('');
// The decode-only 20 M words/s target was withdrawn (issue 13): the ceiling below shows this result model's
// allocation bounds it on this machine. decode-only is still measured and printed.
console.log(`target: decode+format >= 3 M words/s (${formatRate >= 3 ? 'met' : 'NOT met'})`);
console.log(
  `decode-only vs the no-decoding ceiling: ${decodeRate.toFixed(2)} / ${ceilingRate.toFixed(2)} M words/s = ${((100 * decodeRate) / ceilingRate).toFixed(0)}%` +
    ` (allocating the results alone, rows known: ${resultsRate.toFixed(2)} M words/s)`,
);
const verdict = (label: string, c: Comparison | null) => {
  if (c === null) return;
  console.log(
    `${label} decode+format vs capstone-js: ${c.cpuRatio.toFixed(1)}x by CPU time (median of rounds; fastest passes ${c.bestCpuRatio.toFixed(1)}x), ${c.wallRatio.toFixed(1)}x by wall time` +
      ` (target >= 10x by CPU time: ${c.cpuRatio >= 10 ? 'met' : 'NOT met'})`,
  );
};
verdict('A32', a32Comparison);
verdict('Thumb', thumbComparison);
console.log(`load average at the end: ${loadText()}`);

interface CapstoneDisassembler {
  disasm(bytes: Uint8Array | number[], address: number): { mnemonic: string; op_str: string }[];
  close(): void;
}

interface CapstoneModule {
  ARCH_ARM: number;
  MODE_ARM: number;
  MODE_THUMB: number;
  Capstone: new (arch: number, mode: number) => CapstoneDisassembler;
}
