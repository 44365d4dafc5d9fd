import type { A32Instruction, A32Kind } from '@armprobe/decoder';

/**
 * Execution semantics are written once, as JavaScript source emitted per decoded instruction. The same
 * snippet is compiled alone (one decoded line = one function) or concatenated with its neighbours into a
 * basic-block function, so both paths share one definition of every instruction.
 *
 * Scope of a snippet: `cpu` (Cpu), `r` (cpu.regs, Int32Array), `mem` (PhysicalMemory), `h` (runtime
 * helpers, ./runtime.ts). Reads of r15 are emitted as the constant address + 8. The snippet runs only
 * when the condition passed (the compiler wraps it). A `terminal` snippet may set `cpu.nextPc` (which the
 * compiler presets to address + 4) and ends its block. A snippet must finish every memory access before
 * it writes a register, so a data abort leaves registers untouched.
 */
export interface Emitted {
  readonly code: string;
  /** May write the PC, raise an exception, change mode or wake/sleep the CPU: ends the block. */
  readonly terminal: boolean;
  /** Reads or writes data memory (the compiler records the PC first, for precise aborts). */
  readonly memory: boolean;
  /** Writes data memory (the compiler re-checks `cpu.attention` afterwards: self-modifying code). */
  readonly store: boolean;
  /** Emulated cycles (see cost-model.ts). */
  readonly cost: number;
  /**
   * Always writes the PC (and only that: no exception, no mode change) when it executes: under a condition
   * the block compiler makes it a side exit and keeps compiling the not-taken path.
   */
  readonly sideExit?: boolean;
}

export type Emitter<I extends A32Instruction = A32Instruction> = (insn: I) => Emitted;

/** Emitters keyed by instruction kind; each class's file contributes its entries. */
export type EmitterTable = { readonly [K in A32Kind]?: Emitter<Extract<A32Instruction, { kind: K }>> };

/** The value of register `n` as the instruction reads it: r15 reads as address + 8 (ARM state). */
export function readReg(insn: A32Instruction, n: number): string {
  return n === 15 ? String((insn.address + 8) | 0) : `r[${n}]`;
}

export function hexLiteral(v: number): string {
  return `${v | 0}`;
}

export function plain(code: string, cost: number): Emitted {
  return { code, terminal: false, memory: false, store: false, cost };
}

export function terminal(code: string, cost: number): Emitted {
  return { code, terminal: true, memory: false, store: false, cost };
}

/** Raises an UNDEFINED instruction exception for this instruction (also used for encodings not modelled). */
export function undefinedInstruction(insn: A32Instruction): Emitted {
  return terminal(`h.undefinedInstruction(cpu, ${insn.address >>> 0}, ${insn.word >>> 0});`, 1);
}

/** Code that writes `value` to register `rd`; for the PC, an interworking (BX-like) write (ARMv7 rules). */
export function writeRegInterworking(rd: number, value: string): string {
  return rd === 15 ? `h.bxWritePc(cpu, ${value});` : `r[${rd}] = ${value};`;
}

/** Code that writes `value` to register `rd`; for the PC, a plain branch (BranchWritePC). */
export function writeRegBranch(rd: number, value: string): string {
  return rd === 15 ? `cpu.nextPc = (${value}) & ~3;` : `r[${rd}] = ${value};`;
}

/** Condition test as an expression over the unpacked flags (ARM ARM A8.3); null for AL / unconditional. */
export function conditionExpression(cond: number): string | null {
  switch (cond) {
    case 0:
      return 'cpu.z === 1';
    case 1:
      return 'cpu.z === 0';
    case 2:
      return 'cpu.c === 1';
    case 3:
      return 'cpu.c === 0';
    case 4:
      return 'cpu.n === 1';
    case 5:
      return 'cpu.n === 0';
    case 6:
      return 'cpu.v === 1';
    case 7:
      return 'cpu.v === 0';
    case 8:
      return '(cpu.c === 1 && cpu.z === 0)';
    case 9:
      return '(cpu.c === 0 || cpu.z === 1)';
    case 10:
      return 'cpu.n === cpu.v';
    case 11:
      return 'cpu.n !== cpu.v';
    case 12:
      return '(cpu.z === 0 && cpu.n === cpu.v)';
    case 13:
      return '(cpu.z === 1 || cpu.n !== cpu.v)';
    default:
      return null;
  }
}
