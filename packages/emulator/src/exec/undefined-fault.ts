/**
 * Thrown by emitted code whose UNDEFINED-ness depends on state only known when it runs (a VFP
 * data-processing instruction while FPSCR.Len or Stride is non-zero). The run loop retires the block's
 * earlier instructions and takes the Undefined Instruction exception at `cpu.pc`, which the snippet's
 * `memory` flag makes the compiler record first.
 */
export class UndefinedInstructionFault extends Error {
  constructor() {
    super('undefined instruction');
    this.name = 'UndefinedInstructionFault';
  }
}

export function undefinedAtRun(): never {
  throw new UndefinedInstructionFault();
}
