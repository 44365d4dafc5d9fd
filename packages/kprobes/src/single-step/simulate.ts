import type { A32Instruction, ProbeHandler } from '@armprobe/decoder';
import type { Cpu } from '@armprobe/emulator';

const PSR_T = 1 << 5;

/** Sets the next PC from a value written with interworking (ARMv7 BXWritePC): bit 0 selects Thumb. */
export function interworkingWritePc(cpu: Cpu, value: number): number {
  if ((value & 1) !== 0) {
    cpu.writeCpsr(PSR_T, PSR_T);
    return (value & ~1) >>> 0;
  }
  return (value & ~3) >>> 0;
}

/** Register value as the probed instruction would read it (PC reads as its address + 8). */
function read(cpu: Cpu, n: number, address: number): number {
  return n === 15 ? (address + 8) >>> 0 : cpu.regs[n]! >>> 0;
}

export class SimulationFault extends Error {
  override readonly name = 'SimulationFault';
  constructor(
    readonly address: number,
    readonly access: 'read' | 'write',
    readonly reason: string,
  ) {
    super(`${access} of 0x${(address >>> 0).toString(16)} failed (${reason}) while simulating a probed instruction`);
  }
}

/**
 * Simulates the probed instruction on the CPU's registers, as the kernel's simulate_* handlers do.
 * Returns the address execution continues at.
 */
export function simulate(cpu: Cpu, handler: ProbeHandler, insn: A32Instruction): number {
  const address = insn.address >>> 0;
  const next = (address + 4) >>> 0;
  switch (handler) {
    case 'branch':
    case 'branch-imm-blx': {
      if (insn.kind !== 'branch-immediate') break;
      if (insn.op === 'bl' || insn.op === 'blx') cpu.regs[14] = next;
      if (insn.op === 'blx') {
        cpu.writeCpsr(PSR_T, PSR_T);
        return insn.target >>> 0;
      }
      return insn.target >>> 0;
    }
    case 'branch-reg': {
      if (insn.kind !== 'branch-exchange') break;
      const target = read(cpu, insn.rm, address);
      if (insn.op === 'blx') cpu.regs[14] = next;
      return interworkingWritePc(cpu, target);
    }
    case 'mrs': {
      if (insn.kind !== 'mrs') break;
      // The kernel masks out the execution-state bits (IT, J, T) of the CPSR it returns.
      cpu.regs[insn.rd] = (cpu.cpsr & 0xf8ff03df) | 0;
      return next;
    }
    case 'mov-ip-sp':
      cpu.regs[12] = cpu.regs[13]!;
      return next;
    case 'preload-imm':
    case 'preload-reg':
    case 'wfe':
      // PLD/PLI/NOP/YIELD/WFE/WFI: nothing architecturally visible to do.
      return next;
    case 'ldm-stm':
      if (insn.kind === 'loadStoreMultiple') return simulateLdmStm(cpu, insn, address);
      break;
    default:
      break;
  }
  throw new Error(`kprobes: no simulation for ${handler} (${insn.kind} ${insn.op})`);
}

function simulateLdmStm(
  cpu: Cpu,
  insn: Extract<A32Instruction, { kind: 'loadStoreMultiple' }>,
  address: number,
): number {
  const memory = cpu.system.memory;
  const count = popcount(insn.registers);
  const base = read(cpu, insn.rn, address);
  let start = insn.increment ? base : (base - 4 * count) >>> 0;
  if (insn.before === insn.increment) start = (start + 4) >>> 0;
  const access = insn.load ? 'read' : 'write';
  try {
    memory.checkAccess(start, 4 * count, access);
  } catch (error) {
    const e = error as { address?: number; reason?: string };
    throw new SimulationFault(e.address ?? start, access, e.reason ?? 'fault');
  }
  if ((start & 3) !== 0) throw new SimulationFault(start, access, 'alignment');
  let at = start;
  let pcOut: number | null = null;
  for (let r = 0; r < 16; r++) {
    if ((insn.registers & (1 << r)) === 0) continue;
    if (insn.load) {
      const v = memory.read32(at) >>> 0;
      if (r === 15) pcOut = v;
      else cpu.regs[r] = v | 0;
    } else {
      // STM of the PC stores the instruction's address + 8 on ARMv7.
      memory.write32(at, r === 15 ? (address + 8) | 0 : cpu.regs[r]!);
    }
    at = (at + 4) >>> 0;
  }
  if (insn.wback && !(insn.load && (insn.registers & (1 << insn.rn)) !== 0)) {
    cpu.regs[insn.rn] = (insn.increment ? base + 4 * count : base - 4 * count) | 0;
  }
  return pcOut === null ? (address + 4) >>> 0 : interworkingWritePc(cpu, pcOut);
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x & 0xffff; v !== 0; v &= v - 1) n++;
  return n;
}
