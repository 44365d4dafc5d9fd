/**
 * The kernel's kprobes self-test method applied to optprobes: every instruction form the kprobes
 * classifier accepts (random words for every deciding entry of its ARM table, plus SP/PC variants of
 * each register field — the same generator as kprobes' own self-test) runs in 16 scenarios without and
 * with an optprobe. Every form that `planOptimization` accepts must behave identically and fire exactly
 * when its condition passes; the rest must be refused with a typed reason.
 */
import { type A32Instruction, SP } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import { probeForms } from '../../decoder/test/probe-forms.js';
import { MAX_TRAMPOLINE_WORDS } from '../src/index.js';
import { Bench, conditionPasses, differences, INSN, STACK } from './bench.js';

/**
 * Loads that may read below SP read dead stack — where the trampoline's frame was — and so may load
 * other values than in the unprobed run. The ABI gives no meaning to memory below SP (an interrupt on
 * the same stack may overwrite it at any time); for these forms the loaded registers are exempt from the
 * comparison, everything else (addresses, writeback, flags, memory, where the run ends) is compared.
 */
function readsBelowSp(insn: A32Instruction): boolean {
  if (insn.memory === null || insn.memory.access === 'store') return false;
  const i = insn as A32Instruction & { rn?: number; add?: boolean; increment?: boolean };
  if (i.rn !== SP) return false;
  if (insn.kind === 'loadStoreMultiple') return i.increment === false;
  return i.add === false;
}

describe('optprobe self-test (the kernel method, every accepted form)', () => {
  const all = probeForms(INSN);

  it(`every optimisable form of ${all.length} behaves identically with and without its optprobe in 16 scenarios`, () => {
    const bench = new Bench();
    const failures: string[] = [];
    const modes = { direct: 0, relocated: 0 };
    const refused = new Map<string, string[]>();
    let deadStackForms = 0;
    let fired = 0;
    let longest = 0;
    for (const insn of all) {
      const text = `${insn.word.toString(16).padStart(8, '0')} (${insn.op})`;
      const belowSp = readsBelowSp(insn);
      if (belowSp) deadStackForms++;
      bench.load(insn.word);
      const plain = Array.from({ length: 16 }, (_, s) => bench.run(insn, { scenario: s }));
      const plan = bench.probe(insn.word);
      if (!plan.ok) {
        refused.set(plan.reason, [...(refused.get(plan.reason) ?? []), text]);
        continue;
      }
      modes[plan.trampoline.mode]++;
      longest = Math.max(longest, plan.trampoline.words.length);
      const frame: [number, number] = [STACK - plan.trampoline.frameBytes, STACK - plan.trampoline.frameBytes + 72];
      for (let s = 0; s < 16; s++) {
        const before = bench.calls.length;
        const probed = bench.run(insn, { scenario: s });
        const calls = bench.calls.length - before;
        fired += calls;
        const where = `${text} ${plan.trampoline.mode} scenario ${s}`;
        if (calls !== (conditionPasses(insn.cond, s) ? 1 : 0)) failures.push(`${where}: fired ${calls} times`);
        for (const d of differences(plain[s]!, probed, frame)) {
          // A load from below SP may see the frame instead: only the loaded registers may differ.
          const r = /^r(\d+) /.exec(d);
          const n = r === null ? -1 : Number(r[1]);
          const base = (insn as A32Instruction & { rn?: number }).rn;
          if (belowSp && n >= 0 && (insn.writes & (1 << n)) !== 0 && n !== base) continue;
          failures.push(`${where}: ${d}`);
        }
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
    const optimised = modes.direct + modes.relocated;
    const refusedCount = [...refused.values()].reduce((n, l) => n + l.length, 0);
    console.log(
      `optprobe self-test: ${all.length} forms, ${optimised} optimised (${modes.direct} direct, ${modes.relocated} relocated), ` +
        `${deadStackForms} of them loading from below SP (loaded values exempt), refused: ${JSON.stringify(Object.fromEntries(refused))}, ` +
        `${fired} handler calls, ${bench.redirectedFaults} faults redirected to the probe address, longest trampoline ${longest} words`,
    );
    expect(optimised + refusedCount).toBe(all.length);
    expect(longest).toBeLessThanOrEqual(MAX_TRAMPOLINE_WORDS);
    // Faulting forms (alignment, unmapped addresses) were exercised, and raised at the probe address.
    expect(bench.redirectedFaults).toBeGreaterThan(0);
    expect(fired).toBeGreaterThan(optimised * 8);
    // Only STM with the PC in its list reads the PC without a relocation.
    for (const text of refused.get('uses-pc-not-relocatable') ?? []) expect(text).toMatch(/\((stm|push)/);
  });
});
