import { COST } from './cost-model.js';
import type { InsnOf, Kind } from './emit.js';
import { type Emitted, type EmitterTable, readReg } from './emit.js';
import { loadExpression, storeStatement } from './load-store.js';

type Insn<K extends Kind> = InsnOf<K>;

function memoryOp(code: string, store: boolean, cost: number, terminal = false): Emitted {
  return { code, terminal, memory: true, store, cost };
}

function alignment(size: number, access: 'read' | 'write'): string {
  return size === 1 ? '' : ` if ((a & ${size >= 4 ? 3 : 1}) !== 0) h.alignmentFault(a, '${access}');`;
}

/**
 * LDREX/STREX (byte, halfword, word, doubleword) and the acquire/release forms, with the local exclusive
 * monitor. Exclusives must be naturally aligned (doubleword: word-aligned is not enough — 8 bytes); a
 * misaligned one takes an alignment fault. A store-exclusive that fails writes nothing and returns 1.
 */
function loadStoreExclusive(insn: Insn<'loadStoreExclusive'>): Emitted {
  const { size } = insn;
  // Thumb's LDREX/STREX (word) address [Rn, #imm32]; every other form has no offset.
  const offset = 'imm32' in insn ? insn.imm32 : 0;
  let code = `const a = ${offset === 0 ? readReg(insn, insn.rn) : `(${readReg(insn, insn.rn)} + ${offset}) | 0`};`;
  if (insn.load) {
    code += size === 8 ? " if ((a & 7) !== 0) h.alignmentFault(a, 'read');" : alignment(size, 'read');
    if (size === 8) {
      code += ` const v1 = mem.read32(a), v2 = mem.read32((a + 4) | 0); cpu.monitor.markExclusive(a, 8); r[${insn.rt}] = v1; r[${insn.rt2}] = v2;`;
    } else {
      code += ` const v = ${loadExpression(size, false)}; cpu.monitor.markExclusive(a, ${size}); r[${insn.rt}] = v;`;
    }
    return memoryOp(code, false, COST.load, insn.rt === 15);
  }
  code += size === 8 ? " if ((a & 7) !== 0) h.alignmentFault(a, 'write');" : alignment(size, 'write');
  const stores =
    size === 8
      ? `mem.checkAccess(a, 8, 'write'); mem.write32(a, ${readReg(insn, insn.rt)}); mem.write32((a + 4) | 0, ${readReg(insn, insn.rt2)});`
      : storeStatement(size, readReg(insn, insn.rt));
  code += ` if (cpu.monitor.checkAndClear(a, ${size})) { ${stores} r[${insn.rd}] = 0; } else { r[${insn.rd}] = 1; }`;
  return memoryOp(code, true, COST.store + 1);
}

function loadAcquireStoreRelease(insn: Insn<'loadAcquireStoreRelease'>): Emitted {
  let code = `const a = ${readReg(insn, insn.rn)};`;
  if (insn.load) {
    code += `${alignment(insn.size, 'read')} r[${insn.rt}] = ${loadExpression(insn.size, false)};`;
    return memoryOp(code, false, COST.load);
  }
  code += `${alignment(insn.size, 'write')} ${storeStatement(insn.size, readReg(insn, insn.rt))}`;
  return memoryOp(code, true, COST.store);
}

/** SWP/SWPB: atomic load then store at [Rn] (word form needs word alignment). */
function swap(insn: Insn<'swap'>): Emitted {
  let code = `const a = ${readReg(insn, insn.rn)};${alignment(insn.size, 'write')}`;
  code += ` const old = ${loadExpression(insn.size, false)}; ${storeStatement(insn.size, readReg(insn, insn.rt2))} r[${insn.rt}] = old;`;
  return memoryOp(code, true, COST.load + COST.store);
}

export const synchronizationEmitters = {
  loadStoreExclusive,
  loadAcquireStoreRelease,
  swap,
} satisfies EmitterTable;
