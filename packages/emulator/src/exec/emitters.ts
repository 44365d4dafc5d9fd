import { asimdEmitters } from './asimd.js';
import { branchEmitters } from './branch.js';
import { coprocessorEmitters } from './coprocessor.js';
import { dataProcessingEmitters } from './data-processing.js';
import {
  type Emitted,
  type Emitter,
  type EmitterTable,
  type InsnOf,
  type Instruction,
  type Kind,
  undefinedInstruction,
} from './emit.js';
import { loadStoreEmitters } from './load-store.js';
import { mediaEmitters } from './media.js';
import { multiplyEmitters } from './multiply.js';
import { synchronizationEmitters } from './synchronization.js';
import { systemEmitters } from './system.js';
import { vfpEmitters } from './vfp.js';

/**
 * VFP (./vfp.ts) and Advanced SIMD (./asimd.ts) share the register file; the Advanced SIMD forms the emulator
 * does not implement are UNDEFINED (see ./asimd.ts).
 */
const floatingPointEmitters = {
  ...vfpEmitters,
  ...asimdEmitters,
} satisfies EmitterTable;

/** One emitter per kind: a kind the decoder adds without an emitter here fails the typecheck. */
type CompleteEmitterTable = { readonly [K in Kind]: Emitter<InsnOf<K>> };

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
  // Thumb units ARMv7-A does not execute that objdump names (branch-future, low-overhead loops, DCPS, bcc 111x).
  'named-undefined': undefinedInstruction,
  ...floatingPointEmitters,
};

/**
 * The emitted semantics of one decoded instruction. Kinds without an emitter (not modelled yet) raise
 * an UNDEFINED instruction exception, as an unallocated encoding would.
 */
export function emitInstruction(insn: Instruction): Emitted {
  const emitter = EMITTERS[insn.kind] as ((i: Instruction) => Emitted) | undefined;
  return emitter === undefined ? undefinedInstruction(insn) : emitter(insn);
}
