import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type ArmProbeDecision, classifyArmProbe, decodeA32 } from '../src/index.js';

/**
 * The Linux 6.1 kernel's own ARM kprobes decoder, compiled on the host and run over 237k words by
 * scripts/fixtures/gen-kernel-probes.mjs: every decision classifyArmProbe makes must be the kernel's, except
 * the documented deviations below.
 */
const FIXTURE = join(import.meta.dirname, '../../../fixtures/kernel-probes/arm-decisions.txt.gz');

interface KernelDecision {
  readonly word: number;
  readonly result: 'simulate' | 'emulate' | 'reject' | 'reject-stack';
  readonly stackSpace: number;
  /** register_usage_flags, or 0xffff for the kernel's "all registers" (~0). */
  readonly registersUsed: number;
  readonly slotWord: number | null;
  readonly source: 'random' | 'table' | 'special';
}

const RESULTS = { s: 'simulate', e: 'emulate', r: 'reject', rs: 'reject-stack' } as const;
const SOURCES = { r: 'random', t: 'table', s: 'special' } as const;

function readDecisions(): KernelDecision[] {
  const out: KernelDecision[] = [];
  let word = 0;
  for (const line of gunzipSync(readFileSync(FIXTURE)).toString('utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [delta, result, stack, regs, slot, source] = line.split(' ') as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    word = (word + Number.parseInt(delta, 16)) >>> 0;
    out.push({
      word,
      result: RESULTS[result as keyof typeof RESULTS],
      stackSpace: Number(stack),
      registersUsed: regs === '*' ? 0xffff : Number.parseInt(regs, 16),
      slotWord: slot === '-' ? null : (Number.parseInt(slot, 16) ^ word) >>> 0,
      source: SOURCES[source as keyof typeof SOURCES],
    });
  }
  return out;
}

/** What differs between the kernel's decision and armprobe's, or null if they agree. */
function difference(k: KernelDecision, d: ArmProbeDecision): string | null {
  const kernelAction = k.result === 'reject-stack' ? 'reject' : k.result;
  if (d.action !== kernelAction) return `kernel ${k.result}, armprobe ${d.action}`;
  if (k.result === 'reject') return null;
  // The kernel's stack_space: negative = cannot be determined (armprobe 'unknown'), except STMDA's −4.
  const kernelStack = k.stackSpace < 0 && k.stackSpace !== -4 ? 'unknown' : k.stackSpace;
  if (d.stackUse !== kernelStack) return `stack use: kernel ${kernelStack}, armprobe ${d.stackUse}`;
  if (k.result === 'reject-stack') return null;
  if (d.registersUsed !== k.registersUsed) {
    return `registers used: kernel ${k.registersUsed.toString(16)}, armprobe ${d.registersUsed.toString(16)}`;
  }
  if (d.action === 'emulate' && d.slotWord !== k.slotWord) {
    return `slot word: kernel ${k.slotWord?.toString(16)}, armprobe ${d.slotWord.toString(16)}`;
  }
  return null;
}

/**
 * Deviations armprobe makes on purpose (packages/decoder/README.md): MRS (banked register), which the kernel's
 * table does not tell apart from MRS and simulates as a read of CPSR/SPSR, is rejected.
 */
const DOCUMENTED = [{ entry: 'MRS (banked register)', kernel: 'simulate', armprobe: 'reject' }] as const;

function isDocumented(k: KernelDecision, d: ArmProbeDecision): boolean {
  return DOCUMENTED.some((x) => x.entry === d.entry && x.kernel === k.result && x.armprobe === d.action);
}

describe('classifyArmProbe agrees with the Linux 6.1 kernel decoder', () => {
  const decisions = readDecisions();

  it('has the generated oracle: random, table-stratified and special words, every kind of result', () => {
    expect(decisions.length).toBeGreaterThan(230000);
    const count = (f: (k: KernelDecision) => boolean) => decisions.filter(f).length;
    expect(count((k) => k.source === 'random')).toBeGreaterThan(190000);
    expect(count((k) => k.source === 'table')).toBeGreaterThan(30000);
    expect(count((k) => k.source === 'special')).toBeGreaterThan(1000);
    for (const r of Object.values(RESULTS))
      expect(
        count((k) => k.result === r),
        r,
      ).toBeGreaterThan(500);
    // The two cases the kernel decides differently from what armprobe used to.
    expect(decisions.find((k) => k.word === 0xe80d0000)).toMatchObject({ result: 'reject-stack', stackSpace: -4 });
    expect(decisions.find((k) => k.word === 0xe82d0000)).toMatchObject({ result: 'reject-stack', stackSpace: -4 });
    expect(decisions.find((k) => k.word === 0x01a0c00d)).toMatchObject({ result: 'simulate' });
  });

  it('every decision (action, stack use, registers used, slot word) is the kernel’s, by entry', () => {
    const byEntry = new Map<string, { count: number; examples: string[] }>();
    let documented = 0;
    for (const k of decisions) {
      const d = classifyArmProbe(decodeA32(k.word, 0x8000));
      const diff = difference(k, d);
      if (diff === null) continue;
      if (isDocumented(k, d)) {
        documented++;
        continue;
      }
      const key = `${d.entry}: ${diff.replace(/[0-9a-f]{2,}/g, '…')}`;
      const slot = byEntry.get(key) ?? { count: 0, examples: [] };
      slot.count++;
      if (slot.examples.length < 3) slot.examples.push(`${k.word.toString(16).padStart(8, '0')} (${diff})`);
      byEntry.set(key, slot);
    }
    expect(Object.fromEntries(byEntry)).toEqual({});
    // The documented deviation is exercised, and stays small.
    expect(documented).toBeGreaterThan(0);
    expect(documented).toBeLessThan(500);
  });
});
