/**
 * Decoder throughput on 1M seeded random words: decode-only and decode+format, next to
 * @alexaltea/capstone-js 5.0.9 (Capstone's npm port) disassembling the same words in the same run.
 *   npm run bench -w @armprobe/decoder   (or `npm run bench` at the root)
 */
import { decodeA32, disassembleA32, formatA32 } from '../src/index.js';

const N = Number(process.env.BENCH_WORDS ?? 1_000_000);
const CAPSTONE_N = Number(process.env.BENCH_CAPSTONE_WORDS ?? N);

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

function measure(label: string, count: number, fn: () => number): number {
  fn(); // warm-up pass (JIT)
  const t0 = performance.now();
  const sink = fn();
  const seconds = (performance.now() - t0) / 1000;
  const rate = count / seconds / 1e6;
  console.log(
    `${label.padEnd(34)} ${rate.toFixed(2).padStart(8)} M words/s   (${seconds.toFixed(3)} s, checksum ${sink})`,
  );
  return rate;
}

console.log(`A32 decoder benchmark: ${N} seeded random words (node ${process.version})\n`);

const decodeRate = measure('armprobe decodeA32', N, () => {
  let sink = 0;
  for (let i = 0; i < N; i++) sink = (sink + decodeA32(words[i]!, 0x8000 + 4 * i).reads) | 0;
  return sink;
});

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

let capstoneRate: number | null = null;
try {
  const mod = (await import('@alexaltea/capstone-js')) as { default: unknown };
  const factory = mod.default as (() => Promise<CapstoneModule>) | CapstoneModule;
  const cs = typeof factory === 'function' ? await factory() : factory;
  const d = new cs.Capstone(cs.ARCH_ARM, cs.MODE_ARM);
  const bytes = new Uint8Array(words.buffer, 0, CAPSTONE_N * 4);
  capstoneRate = measure('capstone-js 5.0.9 disasm (1 word/call)', CAPSTONE_N, () => {
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
  });
  d.close();
} catch (error) {
  console.log(`capstone-js unavailable: ${error instanceof Error ? error.message : String(error)}`);
}

console.log('');
console.log(
  `targets: decode-only >= 20 M words/s (${decodeRate >= 20 ? 'met' : 'NOT met'}), decode+format >= 3 M words/s (${formatRate >= 3 ? 'met' : 'NOT met'})`,
);
if (capstoneRate !== null) {
  const ratio = formatRate / capstoneRate;
  console.log(`decode+format vs capstone: ${ratio.toFixed(1)}x (target >= 10x: ${ratio >= 10 ? 'met' : 'NOT met'})`);
}

interface CapstoneModule {
  ARCH_ARM: number;
  MODE_ARM: number;
  Capstone: new (
    arch: number,
    mode: number,
  ) => {
    disasm(bytes: Uint8Array | number[], address: number): { mnemonic: string; op_str: string }[];
    close(): void;
  };
}
