import type { A32Instruction, ThumbInstruction } from '@armprobe/decoder';

/** A decoded instruction of either state: the emitters key off `kind` and its fields, state-aware only where the architecture differs. */
export type Instruction = A32Instruction | ThumbInstruction;
export type Kind = Instruction['kind'];
/** The instruction (ARM or Thumb form) of kind K. */
export type InsnOf<K extends Kind> = Extract<Instruction, { readonly kind: K }>;

/**
 * Execution semantics are written once, as JavaScript source emitted per decoded instruction. The same
 * snippet is compiled alone (one decoded line = one function) or concatenated with its neighbours into a
 * basic-block function, so both paths share one definition of every instruction.
 *
 * Scope of a snippet: `cpu` (Cpu), `r` (cpu.regs, Int32Array), `mem` (PhysicalMemory), `h` (runtime
 * helpers, ./runtime.ts). Reads of r15 are emitted as the constant address + 8 in ARM state, address + 4 in
 * Thumb state (Align(PC, 4) for the literal and ADR forms). The snippet runs only when the condition passed
 * (the compiler wraps it; in Thumb state `cond` is the IT block's). A `terminal` snippet may set
 * `cpu.nextPc` (which the compiler presets to the next instruction's address) and ends its block. A snippet must finish every memory access before
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
  /**
   * A JavaScript condition the snippet runs under besides `cond` (CBZ/CBNZ: the register test); with
   * `sideExit` the block compiler makes it a side exit like a conditional branch.
   */
  readonly guard?: string;
}

export type Emitter<I extends Instruction = Instruction> = (insn: I) => Emitted;

/** Emitters keyed by instruction kind; each class's file contributes its entries. */
export type EmitterTable = { readonly [K in Kind]?: Emitter<InsnOf<K>> };

/** The PC as the instruction reads it: its address + 8 in ARM state, + 4 in Thumb state. */
export function pcValue(insn: Instruction): number {
  return (insn.address + (insn.isa === 'thumb' ? 4 : 8)) | 0;
}

/** Align(PC, 4): the base of the literal and ADR forms (the same as the PC in ARM state). */
export function alignedPc(insn: Instruction): number {
  return pcValue(insn) & ~3;
}

/** The value of register `n` as the instruction reads it: r15 reads as address + 8 (ARM), + 4 (Thumb). */
export function readReg(insn: Instruction, n: number): string {
  return n === 15 ? String(pcValue(insn)) : `r[${n}]`;
}

/** Address of the instruction after `insn` (address + 4 in ARM state, + its length in Thumb state). */
export function nextAddress(insn: Instruction): number {
  return (insn.address + (insn.isa === 'thumb' ? insn.length : 4)) >>> 0;
}

/** The return address a BL/BLX stores in LR: the next instruction, with bit 0 set in Thumb state. */
export function linkValue(insn: Instruction): number {
  return insn.isa === 'thumb' ? nextAddress(insn) | 1 | 0 : nextAddress(insn) | 0;
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
export function undefinedInstruction(insn: Instruction): Emitted {
  return terminal(`h.undefinedInstruction(cpu, ${insn.address >>> 0}, ${insn.word >>> 0});`, 1);
}

/** Code that writes `value` to register `rd`; for the PC, an interworking (BX-like) write (ARMv7 rules). */
export function writeRegInterworking(rd: number, value: string): string {
  return rd === 15 ? `h.bxWritePc(cpu, ${value});` : `r[${rd}] = ${value};`;
}

/**
 * Code that writes `value` to register `rd` as an ALU result (ALUWritePC for the PC): ARM state interworks
 * (BXWritePC), Thumb state branches (BranchWritePC: bit 0 cleared, the state unchanged).
 */
export function writeRegAlu(insn: Instruction, rd: number, value: string): string {
  if (rd !== 15) return `r[${rd}] = ${value};`;
  return insn.isa === 'thumb' ? `cpu.nextPc = ((${value}) & ~1) >>> 0;` : `h.bxWritePc(cpu, ${value});`;
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
