import type { A32Instruction, A32Kind } from '@armprobe/decoder';
import { branchEmitters } from './branch.js';
import { coprocessorEmitters } from './coprocessor.js';
import { dataProcessingEmitters } from './data-processing.js';
import { type Emitted, type Emitter, undefinedInstruction } from './emit.js';
import { loadStoreEmitters } from './load-store.js';
import { mediaEmitters } from './media.js';
import { multiplyEmitters } from './multiply.js';
import { synchronizationEmitters } from './synchronization.js';
import { systemEmitters } from './system.js';

/** One emitter per kind: a kind the decoder adds without an emitter here fails the typecheck. */
type CompleteEmitterTable = { readonly [K in A32Kind]: Emitter<Extract<A32Instruction, { kind: K }>> };

/** Every class's emitters, keyed by instruction kind. */
const EMITTERS: CompleteEmitterTable = {
  ...dataProcessingEmitters,
  ...multiplyEmitters,
  ...mediaEmitters,
  ...loadStoreEmitters,
  ...synchronizationEmitters,
  ...branchEmitters,
  ...systemEmitters,
  ...coprocessorEmitters,
  undefined: undefinedInstruction,
};

/**
 * The emitted semantics of one decoded instruction. Kinds without an emitter (not modelled yet) raise
 * an UNDEFINED instruction exception, as an unallocated encoding would.
 */
export function emitInstruction(insn: A32Instruction): Emitted {
  const emitter = EMITTERS[insn.kind] as ((i: A32Instruction) => Emitted) | undefined;
  return emitter === undefined ? undefinedInstruction(insn) : emitter(insn);
}
