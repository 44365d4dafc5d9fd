import type { Block, BlockFunction, DecodedLine } from './decoded-lines.js';
import { conditionExpression } from './emit.js';
import { ChainedCache, finish, mix } from './hash.js';

/**
 * Compiles decoded lines (consecutive instructions of one state) into one JavaScript function. Contract
 * with the run loop: on entry `cpu.pc` is the first line's address; on return `cpu.nextPc` is where
 * execution continues and the return value is the number of instructions that retired. If an instruction
 * throws a MemoryFault, `cpu.pc` holds its address and the instructions before it have retired.
 *
 * Thumb IT blocks compile inline: each line was decoded under the IT state it executes under (its `cond` is
 * the block's condition), and a line inside an IT block advances `cpu.itState` whether or not its condition
 * passed — after its body, so that an abort or UNDEFINED exception sees the instruction's own IT state.
 */
export function compileBlock(lines: readonly DecodedLine[]): Block {
  const first = lines[0]!;
  const start = first.address >>> 0;
  const hash = hashOf(lines);
  let compiled = cachedBlock(hash, lines);
  if (compiled === undefined) {
    const costPrefix = new Int32Array(lines.length + 1);
    for (let i = 0; i < lines.length; i++) costPrefix[i + 1] = costPrefix[i]! + lines[i]!.emitted.cost;
    const run = new Function('cpu', 'r', 'mem', 'h', 'limit', `'use strict';\n${blockSource(lines)}`) as BlockFunction;
    compiled = remember(hash, lines, run, costPrefix);
  }
  return {
    start,
    key: first.key,
    length: lines.length,
    run: compiled.run,
    costPrefix: compiled.costPrefix,
    lines,
    other: undefined,
  };
}

/**
 * The body of a block's function (the text after `'use strict'`). It reads, of each line, only what
 * decoding its word at its address under its key determines (see `shapeHash`).
 */
export function blockSource(lines: readonly DecodedLine[]): string {
  const first = lines[0]!;
  const start = first.address >>> 0;
  let source = '';
  let loops = false;
  const costPrefix = new Int32Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) costPrefix[i + 1] = costPrefix[i]! + lines[i]!.emitted.cost;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const e = line.emitted;
    const next = (line.address + line.length) >>> 0;
    const cond = condition(line);
    const inIt = line.key !== 0 && line.key < 0x100;
    if (branchesToStart(line, start, first.key)) {
      // A branch back to this block's first instruction: loop inside the function while the budget allows,
      // retiring each iteration here (the run loop adds nothing for the `return 0`).
      loops = true;
      if (inIt) source += `cpu.itState = ${line.nextKey};\n`;
      const again =
        `cpu.instructions += ${i + 1}; cpu.cycles += ${costPrefix[i + 1]};\n` +
        `if (cpu.attention !== 0 || cpu.instructions + ${lines.length} > limit) { cpu.nextPc = ${start}; return 0; }\n` +
        'continue;\n';
      source += cond === null ? again : `if (${cond}) {\n${again}}\n`;
      if (cond === null) break;
      continue;
    }
    if (cond !== null && isSideExit(line)) {
      // A conditional branch: leaves the block only when taken; the not-taken path falls through.
      if (inIt) source += `cpu.itState = ${line.nextKey};\n`;
      source += `if (${cond}) {\n${e.code}\nreturn ${i + 1};\n}\n`;
      continue;
    }
    if ((i > 0 || loops) && (e.memory || e.terminal)) source += `cpu.pc = ${line.address >>> 0};\n`;
    if (e.terminal) source += `cpu.nextPc = ${next};\n`;
    // A branch (it raises nothing) advances ITSTATE first; any other instruction after its body.
    if (inIt && e.sideExit === true) source += `cpu.itState = ${line.nextKey};\n`;
    source += cond === null ? `{\n${e.code}\n}\n` : `if (${cond}) {\n${e.code}\n}\n`;
    if (inIt && e.sideExit !== true) {
      // A terminal body may have taken an exception (entry clears ITSTATE; a claiming host hook may have set
      // it, or resume at the instruction itself to retry it) or returned from one (ITSTATE from SPSR):
      // advance only what it left alone.
      source += e.terminal
        ? `if (cpu.itState === ${line.key} && cpu.nextPc !== ${line.address >>> 0}) cpu.itState = ${line.nextKey};\n`
        : `cpu.itState = ${line.nextKey};\n`;
    }
    if (e.terminal) source += `return ${i + 1};\n`;
    else if (e.store) source += `if (cpu.attention !== 0) { cpu.nextPc = ${next}; return ${i + 1}; }\n`;
  }
  const last = lines[lines.length - 1]!;
  if (!endsBlock(last)) source += `cpu.nextPc = ${(last.address + last.length) >>> 0};\nreturn ${lines.length};\n`;
  if (loops) source = `for (;;) {\ncpu.pc = ${start};\n${source}}\n`;
  return source;
}

/** The condition a line's body runs under (its `cond`, and a guard such as CBZ's register test), or null. */
function condition(line: DecodedLine): string | null {
  const cond = conditionExpression(line.insn.cond);
  const guard = line.emitted.guard;
  if (guard === undefined) return cond;
  return cond === null ? guard : `${cond} && ${guard}`;
}

/** B (no link, no state change) whose static target is `start`, leaving the state the block starts under. */
function branchesToStart(line: DecodedLine, start: number, key: number): boolean {
  const insn = line.insn;
  return (
    insn.kind === 'branch-immediate' &&
    !insn.link &&
    !insn.exchange &&
    (insn.target ?? -1) >>> 0 === start &&
    line.nextKey === key
  );
}

/** A conditional instruction that always writes the PC when it executes (B, BL, BX under a condition; CBZ/CBNZ). */
function isSideExit(line: DecodedLine): boolean {
  return line.emitted.sideExit === true && (line.insn.cond < 14 || line.emitted.guard !== undefined);
}

/** True when nothing after this line can run in the same block. */
export function endsBlock(line: DecodedLine): boolean {
  return line.emitted.terminal && !isSideExit(line);
}

/*
 * Compiled block functions, shared by every machine. A block's function closes over nothing (the CPU,
 * registers, memory and helpers are parameters) and its text is determined by its lines' shape: for each
 * line its address, its state key and its word (the ARM word, the Thumb unit or hw1 << 16 | hw2), because a
 * line's instruction and emitted semantics are `decodeA32(word, address)` or `decodeThumb(hw1, hw2, address,
 * key)` passed through `emitInstruction`, which read nothing else; the first line's address and key are the
 * block's, and the number of lines is where the builder stopped. So machines that run the same code — every
 * seed of an experiment, every test building a fresh machine — find the function by that shape, without
 * building the text again, parsing or optimising it. Bounded: when full, the oldest half of the hash
 * buckets is dropped (insertion order).
 */
const FUNCTION_CACHE_LIMIT = 16384;

/** One compiled shape: `shape` holds address, key and word of each line in turn; `next` chains equal hashes. */
interface CompiledShape {
  readonly shape: Int32Array;
  readonly run: BlockFunction;
  readonly costPrefix: Int32Array;
  next: CompiledShape | undefined;
}

const functionCache = new ChainedCache<CompiledShape>(FUNCTION_CACHE_LIMIT);
type ShapeHash = (lines: readonly Pick<DecodedLine, 'address' | 'key' | 'word'>[]) => number;
let hashOf: ShapeHash = shapeHash;

/**
 * Tests only: hashes shapes with `hash` (e.g. a constant, so that every shape shares one bucket and only the
 * comparison of shapes tells them apart); null restores `shapeHash`.
 */
export function useShapeHashForTesting(hash: ShapeHash | null): void {
  hashOf = hash ?? shapeHash;
}

/** A 32-bit hash of the lines' shape (murmur3's mixing; any collision is resolved by comparing shapes). */
export function shapeHash(lines: readonly Pick<DecodedLine, 'address' | 'key' | 'word'>[]): number {
  let h = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    h = mix(h, line.address);
    h = mix(h, line.key);
    h = mix(h, line.word);
  }
  return finish(h);
}

function cachedBlock(hash: number, lines: readonly DecodedLine[]): CompiledShape | undefined {
  for (let c = functionCache.chain(hash); c !== undefined; c = c.next) if (sameShape(c.shape, lines)) return c;
  return undefined;
}

function sameShape(shape: Int32Array, lines: readonly DecodedLine[]): boolean {
  if (shape.length !== 3 * lines.length) return false;
  for (let i = 0, j = 0; i < lines.length; i++, j += 3) {
    const line = lines[i]!;
    if (shape[j] !== (line.address | 0) || shape[j + 1] !== (line.key | 0) || shape[j + 2] !== (line.word | 0)) {
      return false;
    }
  }
  return true;
}

function remember(
  hash: number,
  lines: readonly DecodedLine[],
  run: BlockFunction,
  costPrefix: Int32Array,
): CompiledShape {
  const shape = new Int32Array(3 * lines.length);
  for (let i = 0, j = 0; i < lines.length; i++, j += 3) {
    const line = lines[i]!;
    shape[j] = line.address;
    shape[j + 1] = line.key;
    shape[j + 2] = line.word;
  }
  const compiled: CompiledShape = { shape, run, costPrefix, next: undefined };
  functionCache.add(hash, compiled);
  return compiled;
}
