import type { ThumbProbeHandler } from '@armprobe/decoder';
import type { Cpu } from '@armprobe/emulator';
import { SimulationFault } from './simulate.js';

/**
 * Where a Thumb step continues, as BX would take it: bit 0 set continues in Thumb state at the address
 * with bit 0 cleared, bit 0 clear continues in ARM state.
 */
export type InterworkingAddress = number;

/** PC as a Thumb instruction reads it (its address + 4), and word-aligned as literal addressing uses it. */
function pcValue(address: number): number {
  return (address + 4) >>> 0;
}
function alignedPc(address: number): number {
  return (address + 4) & ~3;
}

function signExtend(value: number, bits: number): number {
  const shift = 32 - bits;
  return (value << shift) >> shift;
}

/** A load or store of the simulation; memory faults become a SimulationFault naming the access. */
function access<T>(address: number, kind: 'read' | 'write', fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const e = error as { address?: number; reason?: string };
    if (typeof e.reason !== 'string') throw error;
    throw new SimulationFault(e.address ?? address, kind, e.reason);
  }
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x & 0xffff; v !== 0; v &= v - 1) n++;
  return n;
}

/**
 * Simulates a probed Thumb instruction on the CPU's registers, as the kernel's Thumb simulate_* handlers
 * do (branches, CBZ/CBNZ, BX/BLX, LDR literal, ADR, SP-relative loads and stores, TBB/TBH, MRS, hints,
 * the IT instruction, and LDM/STM when no register window fits). `insn` is the 16-bit unit or
 * `hw1 << 16 | hw2`. Returns where execution continues (see InterworkingAddress). ITSTATE is the caller's
 * business, except for IT itself, which sets it.
 */
export function simulateThumb(
  cpu: Cpu,
  handler: ThumbProbeHandler,
  insn: number,
  address: number,
  length: 2 | 4,
): InterworkingAddress {
  const regs = cpu.regs;
  const memory = cpu.system.memory;
  const next = ((address + length) | 1) >>> 0;
  switch (handler) {
    case 't16-add-sp-imm': {
      const imm = (insn & 0x7f) << 2;
      regs[13] = ((insn & 0x80) !== 0 ? regs[13]! - imm : regs[13]! + imm) | 0;
      return next;
    }
    case 't16-cbz': {
      const zero = regs[insn & 7] === 0;
      const nonzero = (insn & 0x800) !== 0;
      if (zero === nonzero) return next;
      const offset = (((insn >>> 9) & 1) << 6) | (((insn >>> 3) & 0x1f) << 1);
      return ((pcValue(address) + offset) | 1) >>> 0;
    }
    case 't16-it':
      cpu.itState = insn & 0xff;
      return next;
    case 't16-wfe':
    case 't32-wfe':
    case 't32-preload':
      // NOP/YIELD/WFE/WFI and preloads: nothing architecturally visible (the kernel simulates them so).
      return next;
    case 't16-bx-blx': {
      const rm = (insn >>> 3) & 0xf;
      const target = rm === 15 ? pcValue(address) : regs[rm]! >>> 0;
      if ((insn & 0x80) !== 0) regs[14] = (address + 2) | 1;
      return target;
    }
    case 't16-ldr-literal': {
      const at = (alignedPc(address) + ((insn & 0xff) << 2)) >>> 0;
      regs[(insn >>> 8) & 7] = access(at, 'read', () => memory.read32(at));
      return next;
    }
    case 't16-load-store-sp': {
      const rt = (insn >>> 8) & 7;
      const at = (regs[13]! + ((insn & 0xff) << 2)) >>> 0;
      if ((insn & 0x800) !== 0) regs[rt] = access(at, 'read', () => memory.read32(at));
      else access(at, 'write', () => memory.write32(at, regs[rt]!));
      return next;
    }
    case 't16-adr': {
      const imm = (insn & 0xff) << 2;
      const base = (insn & 0x800) !== 0 ? regs[13]! : alignedPc(address);
      regs[(insn >>> 8) & 7] = (base + imm) | 0;
      return next;
    }
    case 't16-branch-cond':
      return ((pcValue(address) + signExtend((insn & 0xff) << 1, 9)) | 1) >>> 0;
    case 't16-branch':
      return ((pcValue(address) + signExtend((insn & 0x7ff) << 1, 12)) | 1) >>> 0;
    case 't32-table-branch': {
      const rn = (insn >>> 16) & 0xf;
      const base = rn === 15 ? pcValue(address) : regs[rn]! >>> 0;
      const index = regs[insn & 0xf]! >>> 0;
      const half = (insn & 0x10) !== 0;
      const at = (base + (half ? index << 1 : index)) >>> 0;
      const entry = access(at, 'read', () => (half ? memory.read16(at) : memory.read8(at)));
      return ((pcValue(address) + 2 * entry) | 1) >>> 0;
    }
    case 't32-mrs':
      // The kernel masks out the execution-state bits (IT, J, T), as in ARM state.
      regs[(insn >>> 8) & 0xf] = (cpu.cpsr & 0xf8ff03df) | 0;
      return next;
    case 't32-branch-cond': {
      const s = (insn >>> 26) & 1;
      const j1 = (insn >>> 13) & 1;
      const j2 = (insn >>> 11) & 1;
      const imm = (s << 20) | (j2 << 19) | (j1 << 18) | (((insn >>> 16) & 0x3f) << 12) | ((insn & 0x7ff) << 1);
      return ((pcValue(address) + signExtend(imm, 21)) | 1) >>> 0;
    }
    case 't32-branch': {
      const s = (insn >>> 26) & 1;
      const i1 = ~(((insn >>> 13) & 1) ^ s) & 1;
      const i2 = ~(((insn >>> 11) & 1) ^ s) & 1;
      const imm = (s << 24) | (i1 << 23) | (i2 << 22) | (((insn >>> 16) & 0x3ff) << 12) | ((insn & 0x7ff) << 1);
      const offset = signExtend(imm, 25);
      const link = (insn & 0x4000) !== 0;
      const toThumb = (insn & 0x1000) !== 0;
      if (link) regs[14] = (address + 4) | 1;
      // BLX (immediate) goes to ARM state at Align(PC, 4) + offset.
      return toThumb ? ((pcValue(address) + offset) | 1) >>> 0 : ((alignedPc(address) + offset) & ~3) >>> 0;
    }
    case 't32-ldr-literal': {
      const imm = insn & 0xfff;
      const at = ((insn & 0x800000) !== 0 ? alignedPc(address) + imm : alignedPc(address) - imm) >>> 0;
      const rt = (insn >>> 12) & 0xf;
      const size = (insn >>> 21) & 3;
      const signed = (insn & 0x1000000) !== 0;
      let value: number;
      if (size === 2) value = access(at, 'read', () => memory.read32(at));
      else if (size === 1) {
        const h = access(at, 'read', () => memory.read16(at));
        value = signed ? (h << 16) >> 16 : h;
      } else {
        const b = access(at, 'read', () => memory.read8(at));
        value = signed ? (b << 24) >> 24 : b;
      }
      // LDR PC, [PC, #imm] is LoadWritePC: it interworks.
      if (rt === 15) return value >>> 0;
      regs[rt] = value | 0;
      return next;
    }
    case 't32-ldm-stm':
      return simulateLdmStm(cpu, insn, address);
    default:
      break;
  }
  throw new Error(`kprobes: no Thumb simulation for ${handler} (0x${(insn >>> 0).toString(16)})`);
}

/** LDMIA/LDMDB/STMIA/STMDB (32-bit) when the kernel's register window does not fit: simulated. */
function simulateLdmStm(cpu: Cpu, insn: number, address: number): InterworkingAddress {
  const memory = cpu.system.memory;
  const rn = (insn >>> 16) & 0xf;
  const list = insn & 0xffff;
  const load = (insn & 0x100000) !== 0;
  const wback = (insn & 0x200000) !== 0;
  const increment = (insn & 0x800000) !== 0;
  const count = popcount(list);
  const base = cpu.regs[rn]! >>> 0;
  const start = increment ? base : (base - 4 * count) >>> 0;
  const kind = load ? 'read' : 'write';
  access(start, kind, () => memory.checkAccess(start, 4 * count, kind));
  if ((start & 3) !== 0) throw new SimulationFault(start, kind, 'alignment');
  let at = start;
  let pcOut: number | null = null;
  for (let r = 0; r < 16; r++) {
    if ((list & (1 << r)) === 0) continue;
    if (load) {
      const v = memory.read32(at) >>> 0;
      if (r === 15) pcOut = v;
      else cpu.regs[r] = v | 0;
    } else memory.write32(at, cpu.regs[r]!);
    at = (at + 4) >>> 0;
  }
  if (wback && !(load && (list & (1 << rn)) !== 0)) {
    cpu.regs[rn] = (increment ? base + 4 * count : base - 4 * count) | 0;
  }
  return pcOut === null ? ((address + 4) | 1) >>> 0 : pcOut;
}
