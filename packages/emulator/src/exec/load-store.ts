import { COST } from './cost-model.js';
import { alignedPc, type Emitted, type EmitterTable, type InsnOf, readReg } from './emit.js';
import { immediateShift, SRTYPE_ROR, SRTYPE_RRX } from './shifter.js';

type Single = InsnOf<'loadStoreImmediate' | 'loadStoreRegister'>;

function memoryOp(code: string, terminal: boolean, store: boolean, cost: number): Emitted {
  return { code, terminal, memory: true, store, cost };
}

/** Expression loading `size` bytes from `a` (sign-extending when `signed`). */
export function loadExpression(size: number, signed: boolean, a = 'a'): string {
  switch (size) {
    case 1:
      return signed ? `((mem.read8(${a}) << 24) >> 24)` : `mem.read8(${a})`;
    case 2:
      return signed ? `((mem.read16(${a}) << 16) >> 16)` : `mem.read16(${a})`;
    default:
      return `mem.read32(${a})`;
  }
}

export function storeStatement(size: number, value: string, a = 'a'): string {
  return size === 1
    ? `mem.write8(${a}, ${value});`
    : size === 2
      ? `mem.write16(${a}, ${value});`
      : `mem.write32(${a}, ${value});`;
}

/**
 * LDR/STR and their byte, halfword, signed, doubleword and unprivileged forms (A8.8.63 ff.), immediate and
 * register offsets, offset / pre-indexed / post-indexed. ARMv7 alignment: word and halfword accesses may be
 * unaligned; LDRD/STRD need word alignment (else an alignment fault). Unprivileged forms use the same
 * (flat) permissions. Documented UNPREDICTABLE choices: a load with writeback to its own base keeps the
 * loaded value; writeback with Rn = PC is ignored; a store with writeback to its base stores the old value.
 */
function singleTransfer(insn: Single): Emitted {
  // A PC base (the literal forms) is Align(PC, 4): address + 8 in ARM state, (address + 4) & ~3 in Thumb.
  const base = insn.rn === 15 ? String(alignedPc(insn)) : readReg(insn, insn.rn);
  let offset: string;
  let setup = '';
  if (insn.kind === 'loadStoreImmediate') offset = String(insn.imm32);
  else {
    const type = insn.shiftType === SRTYPE_ROR && insn.shiftAmount === 0 ? SRTYPE_RRX : insn.shiftType;
    setup = `const m = ${readReg(insn, insn.rm)};`;
    offset = immediateShift('m', type, insn.shiftAmount).value;
  }
  const offsetAddress = (b: string) => (offset === '0' ? b : `(${b} ${insn.add ? '+' : '-'} ${offset}) | 0`);
  const wback = insn.wback && insn.rn !== 15;
  let code = setup;
  if (wback || !insn.index) code += ` const b = ${base}; const oa = ${offsetAddress('b')};`;
  code += ` const a = ${insn.index ? (wback ? 'oa' : offsetAddress(base)) : 'b'};`;
  const writeback = wback ? ` r[${insn.rn}] = oa;` : '';
  const { rt } = insn;
  if (insn.size === 8) {
    code += " if ((a & 3) !== 0) h.alignmentFault(a, '" + (insn.load ? 'read' : 'write') + "');";
    const rt2 = insn.rt2 >= 0 ? insn.rt2 : (rt + 1) & 15;
    if (insn.load) {
      code += ` const v1 = mem.read32(a), v2 = mem.read32((a + 4) | 0);${writeback}`;
      code += ` r[${rt}] = v1;${rt2 === 15 ? ' h.bxWritePc(cpu, v2);' : ` r[${rt2}] = v2;`}`;
      return memoryOp(code, rt2 === 15 || rt === 15, false, COST.load + 1);
    }
    code += ` mem.write32(a, ${readReg(insn, rt)}); mem.write32((a + 4) | 0, ${readReg(insn, rt2)});${writeback}`;
    return memoryOp(code, false, true, COST.store + 1);
  }
  if (insn.load) {
    code += ` const v = ${loadExpression(insn.size, insn.signed)};${writeback}`;
    if (rt === 15) return memoryOp(`${code} h.bxWritePc(cpu, v);`, true, false, COST.load + COST.branch);
    return memoryOp(`${code} r[${rt}] = v;`, false, false, COST.load);
  }
  code += ` ${storeStatement(insn.size, wback && rt === insn.rn ? 'b' : readReg(insn, rt))}${writeback}`;
  return memoryOp(code, false, true, COST.store);
}

type Multiple = InsnOf<'loadStoreMultiple'>;

/**
 * LDM/STM (all four addressing modes), PUSH/POP, the user-register forms and LDM exception return.
 * Word alignment is required (alignment fault otherwise). Loads complete before any register is written.
 * Documented UNPREDICTABLE choices: an empty list transfers nothing (writeback still applies); LDM with
 * writeback and Rn in the list keeps the loaded value; STM stores Rn's original value; the user-register
 * forms in USR/SYS mode behave as the plain forms.
 */
function loadStoreMultiple(insn: Multiple): Emitted {
  const list: number[] = [];
  for (let i = 0; i < 16; i++) if ((insn.registers >>> i) & 1) list.push(i);
  const n = list.length;
  const startOffset = insn.increment ? (insn.before ? 4 : 0) : insn.before ? -4 * n : -4 * n + 4;
  const delta = insn.increment ? 4 * n : -4 * n;
  let code = `const b = ${readReg(insn, insn.rn)}; const a = (b + ${startOffset}) | 0;`;
  code += " if ((a & 3) !== 0) h.alignmentFault(a, '" + (insn.load ? 'read' : 'write') + "');";
  const wback = insn.wback && insn.rn !== 15 && !(insn.load && list.includes(insn.rn));
  const writeback = wback ? ` r[${insn.rn}] = (b + ${delta}) | 0;` : '';
  const user = insn.userRegisters;
  const cost = COST.multipleBase + n + (insn.load ? 1 : 0);
  if (insn.load) {
    list.forEach((reg, i) => {
      code += ` const v${reg} = mem.read32((a + ${4 * i}) | 0);`;
    });
    code += writeback;
    for (const reg of list) {
      if (reg === 15) continue;
      code += user && reg >= 8 && reg <= 14 ? ` h.writeUserRegister(cpu, ${reg}, v${reg});` : ` r[${reg}] = v${reg};`;
    }
    if (list.includes(15)) {
      code += insn.exceptionReturn ? ' h.ldmExceptionReturn(cpu, v15);' : ' h.bxWritePc(cpu, v15);';
      return memoryOp(code, true, false, cost + COST.branch);
    }
    return memoryOp(code, false, false, cost);
  }
  list.forEach((reg, i) => {
    const value =
      user && reg >= 8 && reg <= 14 ? `h.readUserRegister(cpu, ${reg})` : reg === insn.rn ? 'b' : readReg(insn, reg);
    code += ` mem.write32((a + ${4 * i}) | 0, ${value});`;
  });
  code += writeback;
  return memoryOp(code, false, true, cost);
}

export const loadStoreEmitters = {
  loadStoreImmediate: singleTransfer,
  loadStoreRegister: singleTransfer,
  loadStoreMultiple,
} satisfies EmitterTable;
