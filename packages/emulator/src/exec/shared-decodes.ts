import { decodeA32, decodeThumb, itAdvance } from '@armprobe/decoder';
import type { Emitted, Instruction } from './emit.js';
import { emitInstruction } from './emitters.js';
import { ChainedCache, finish, mix } from './hash.js';

/**
 * What an instruction is decoded under: `ARM_KEY` in ARM state; in Thumb state the ITSTATE (0–255) in force,
 * because a Thumb unit decodes differently inside an IT block (its condition, the 16-bit flag-setting forms).
 * Decoded lines and blocks are keyed by address and this key.
 */
export const ARM_KEY = 0x100;

/** An instruction decoded at an address under a state key, with its emitted semantics: immutable, shared. */
export interface Decoded {
  readonly insn: Instruction;
  readonly emitted: Emitted;
  /** Bytes: 4 in ARM state, 2 or 4 in Thumb state. */
  readonly length: 2 | 4;
  /** The key of the instruction after it. */
  readonly nextKey: number;
}

/*
 * Decoded instructions shared by every CPU of every machine. Decoding is a function of the fetched input (the
 * ARM word; the Thumb unit, or hw1 << 16 | hw2 for a 32-bit one), the address and the key (ARM, or the
 * ITSTATE), and the decoded instruction and its emitted semantics are never modified; so a machine running
 * code another machine ran — every seed of an experiment — takes the other's decode instead of decoding and
 * emitting again. Bounded: when full, the oldest half of the hash buckets is dropped (insertion order).
 */
const DECODE_CACHE_LIMIT = 16384;

interface Entry extends Decoded {
  readonly address: number;
  readonly key: number;
  readonly input: number;
  next: Entry | undefined;
}

const decodeCache = new ChainedCache<Entry>(DECODE_CACHE_LIMIT);
type DecodeHash = (address: number, key: number, input: number) => number;
let hashOf: DecodeHash = decodeHash;

function decodeHash(address: number, key: number, input: number): number {
  return finish(mix(mix(mix(0, address), key), input));
}

/** Tests only: hashes with `hash` (e.g. a constant: one bucket for everything); null restores the real hash. */
export function useDecodeHashForTesting(hash: DecodeHash | null): void {
  hashOf = hash ?? decodeHash;
}

/**
 * The instruction `input` decodes to at `address` under `key`: for ARM_KEY the word; otherwise the Thumb unit
 * (below 0x10000), or hw1 << 16 | hw2 for a 32-bit Thumb instruction.
 */
export function decodeShared(address: number, key: number, input: number): Decoded {
  const hash = hashOf(address, key, input);
  for (let e = decodeCache.chain(hash); e !== undefined; e = e.next) {
    if (e.address === address && e.key === key && e.input === input) return e;
  }
  let insn: Instruction;
  let nextKey = ARM_KEY;
  if (key === ARM_KEY) insn = decodeA32(input, address);
  else {
    const thumb =
      input > 0xffff ? decodeThumb(input >>> 16, input & 0xffff, address, key) : decodeThumb(input, 0, address, key);
    insn = thumb;
    nextKey = thumb.kind === 'if-then' ? ((thumb.firstCond << 4) | thumb.mask) & 0xff : itAdvance(key);
  }
  const entry: Entry = {
    insn,
    emitted: emitInstruction(insn),
    length: insn.isa === 'thumb' ? insn.length : 4,
    nextKey,
    address,
    key,
    input,
    next: undefined,
  };
  decodeCache.add(hash, entry);
  return entry;
}
