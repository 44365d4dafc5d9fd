/**
 * Instruction forms for the kernel's kprobes self-test method, shared by the kprobes and optprobe
 * self-tests: random words for every deciding entry of the ARM probe table (its patterns, parents and
 * or-chains), canonicalised where objdump and the decoder insist on should-be bits, plus SP/PC variants of
 * each register field; only forms the classifier accepts, not UNPREDICTABLE, with should-be bits intact.
 */
import {
  type A32Instruction,
  ARM_PROBE_TABLE,
  classifyArmProbe,
  decodeA32,
  matchA32Row,
  type ProbeEntry,
} from '../src/index.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

export interface Leaf {
  readonly entry: Extract<ProbeEntry, { type: 'simulate' | 'emulate' | 'custom' }>;
  readonly masks: readonly (readonly [number, number])[];
}

/** Every deciding entry of the probe table with the patterns that lead to it (parents and or-chain). */
export function probeLeaves(): Leaf[] {
  const out: Leaf[] = [];
  const walk = (entries: readonly ProbeEntry[], parents: (readonly [number, number])[]) => {
    let chain: (readonly [number, number])[] = [];
    for (const e of entries) {
      if (e.type === 'table') walk(e.table, [...parents, [e.mask, e.value]]);
      else if (e.type === 'or') chain.push([e.mask, e.value]);
      else if (e.type === 'simulate' || e.type === 'emulate' || e.type === 'custom') {
        out.push({ entry: e, masks: [...parents, [e.mask, e.value]] });
        for (const alt of chain) out.push({ entry: e, masks: [...parents, alt] });
        chain = [];
      } else chain = [];
    }
  };
  walk(ARM_PROBE_TABLE, []);
  return out;
}

/** Instruction forms: random words for every deciding entry, plus SP/PC variants of each register field. */
export function probeForms(address: number): A32Instruction[] {
  const rand = mulberry32(0x5e1f7e57);
  const seen = new Set<number>();
  const out: A32Instruction[] = [];
  const accept = (word: number): boolean => {
    word >>>= 0;
    if (seen.has(word)) return false;
    const insn = decodeA32(word, address);
    if (insn.kind === 'undefined' || insn.unpredictable) return false;
    // Broken should-be bits: the emulator (like many cores) treats those as UNDEFINED; not a probe question.
    const row = matchA32Row(word);
    if (row === undefined || (word & row.sbz) !== 0 || (word & row.sbo) >>> 0 !== row.sbo) return false;
    if (classifyArmProbe(insn).action === 'reject') return false;
    seen.add(word);
    out.push(insn);
    return true;
  };
  // Should-be-one / should-be-zero fields objdump and the decoder insist on (BX's 1111 1111 1111, the
  // hints' 1111 0000, register extra loads' 0000): random words rarely have them, so try them too.
  const canonical = [
    (w: number) => w,
    (w: number) => w | 0x000fff00,
    (w: number) => w | 0x000f0f00,
    (w: number) => (w & ~0xff00) | 0xf000,
    (w: number) => w & ~0xf00,
  ];
  for (const leaf of probeLeaves()) {
    let made = 0;
    for (let attempt = 0; attempt < 400 && made < 3; attempt++) {
      let random = rand();
      for (const [mask, value] of leaf.masks) random = (random & ~mask) | value;
      if (leaf.masks[0]![0] !== 0xf0000000 && random >>> 28 === 0xf) random = (random & 0x0fffffff) | 0xe0000000;
      const w = canonical
        .map((f) => f(random) >>> 0)
        .find((c) => leaf.masks.every(([mask, value]) => (c & mask) >>> 0 === value) && accept(c));
      if (w === undefined) continue;
      made++;
      // Register-type variants: each 4-bit register field as SP and as PC (kept only where allowed).
      for (const shift of [16, 12, 8, 0]) for (const reg of [13, 15]) accept((w & ~(0xf << shift)) | (reg << shift));
    }
  }
  return out;
}
