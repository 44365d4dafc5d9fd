import { isThumb32 } from '@armprobe/decoder';
import type { Cpu } from '../cpu/cpu.js';
import { MemoryFault } from '../memory/fault.js';
import type { PhysicalMemory } from '../memory/memory.js';
import { PAGE_SHIFT } from '../memory/page.js';
import { compileBlock, endsBlock } from './compile.js';
import type { Emitted, Instruction } from './emit.js';
import { ARM_KEY, decodeShared } from './shared-decodes.js';

export { ARM_KEY };

/** The key a CPU decodes its next instruction under. */
export function stateKey(cpu: Cpu): number {
  return cpu.thumb === 0 ? ARM_KEY : cpu.itState;
}

/** One instruction decoded once at its address (under one state key), with its emitted semantics. */
export interface DecodedLine {
  readonly address: number;
  /** The ARM word, the 16-bit Thumb unit, or `hw1 << 16 | hw2` for a 32-bit Thumb instruction. */
  readonly word: number;
  readonly insn: Instruction;
  readonly emitted: Emitted;
  /** ARM_KEY, or the ITSTATE the Thumb instruction was decoded under. */
  readonly key: number;
  /** Bytes: 4 in ARM state, 2 or 4 in Thumb state. */
  readonly length: 2 | 4;
  /** The key of the instruction after it (ARM_KEY; in Thumb state the IT state after this instruction). */
  readonly nextKey: number;
  /** This line compiled alone (built on first use by the interpreter path). */
  single: Block | undefined;
  /** The same address decoded under another key (a short chain; almost always empty). */
  other: DecodedLine | undefined;
}

/** Compiled code for a run of decoded lines: returns how many instructions retired. */
export type BlockFunction = (cpu: Cpu, r: Int32Array, mem: PhysicalMemory, h: unknown, limit: number) => number;

export interface Block {
  readonly start: number;
  /** The state key the block starts under (see `ARM_KEY`). */
  readonly key: number;
  readonly length: number;
  readonly run: BlockFunction;
  /** costPrefix[k] = emulated cycles of the first k instructions. */
  readonly costPrefix: Int32Array;
  /** The lines compiled into it (for partial retirement when one of them aborts). */
  readonly lines: readonly DecodedLine[];
  /** A block at the same address under another key. */
  other: Block | undefined;
}

/** Where a CPU's instruction side gets its words from (the fetch model: the point of unification). */
export interface FetchSource {
  /**
   * The aligned word at `address` was read from memory for decoding an instruction of state `isa` (a
   * Thumb instruction uses the one or two halfwords of it it needs); returns the word the instruction side sees.
   */
  fetched(address: number, word: number, isa: 'arm' | 'thumb'): number;
}

/**
 * Compiled blocks a CPU keeps before it drops them all (they are rebuilt from its decoded lines when next
 * entered, and code that runs again finds its function in compile.ts's cache). A block function costs the
 * JavaScript engine ≈ 10 KB (source, bytecode, feedback); code that is entered once and never again —
 * millions of distinct kprobes trampoline instructions — would otherwise keep every one alive.
 */
export const RETAINED_BLOCKS = 16384;

/**
 * Decoded lines a CPU keeps, when they are only a cache of memory (the coherent fetch model), before it drops
 * them all (≈ 500 bytes each). In the architectural model the lines are the instruction cache, whose stale
 * contents are architecturally visible: they are kept.
 */
export const RETAINED_LINES = 262144;

/** Longest basic block the compiler builds (also bounds how far a run may overshoot nothing: see run.ts). */
export const MAX_BLOCK_LENGTH = 64;

/**
 * Decoded lines and blocks are kept in slot arrays of one slot per halfword (Thumb instructions are halfword
 * aligned), one array per 256-byte chunk of the address space: `address >>> CHUNK_SHIFT` picks the array,
 * `(address & CHUNK_MASK) >>> 1` the slot. A chunk, not a 4 KiB page: each CPU of every new machine makes its
 * own arrays for the code it runs, which is a few short stretches (a loop, a handler, a trampoline) — 16 KiB
 * arrays per page were most of what a seeded experiment allocated per machine.
 */
export const CHUNK_SHIFT = 8;
export const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
const SLOTS_PER_CHUNK = 1 << (CHUNK_SHIFT - 1);
/** Chunks per 4 KiB page. */
const CHUNKS_PER_PAGE = 1 << (PAGE_SHIFT - CHUNK_SHIFT);

/**
 * A CPU's decoded lines: each address decoded once per state key (`decodeA32`, or `decodeThumb` under the
 * IT state; the decode itself is shared between machines, see shared-decodes.ts) into a line holding the
 * instruction and its emitted semantics, grouped per 256-byte chunk with a slot per halfword, plus the compiled
 * functions built from them — one per line (`single`) and one per basic block starting at an address under a
 * key (`block`). A write to a page that holds decoded code drops that
 * page's lines and blocks in the coherent fetch model; in the architectural model these lines are the CPU's
 * instruction cache (fetch/instruction-fetch.ts decides when they are dropped). A 32-bit Thumb instruction
 * may span two words, two cache lines and two pages: invalidating its second halfword drops it too.
 */
export class DecodedLines {
  /** Lines by address, one slot array per chunk (`CHUNK_SHIFT`). */
  private readonly lineChunks = new Map<number, (DecodedLine | undefined)[]>();
  /** Blocks by start address, one slot array per chunk (the run loop keeps the current chunk's array). */
  private readonly blockChunks = new Map<number, (Block | undefined)[]>();
  /** Statistics. */
  decodes = 0;
  compiles = 0;
  invalidations = 0;
  /** How many compiled blocks to keep before dropping them all (`RETAINED_BLOCKS`). */
  retainedBlocks = RETAINED_BLOCKS;
  /** How many decoded lines to keep before dropping them all, when they are only a cache (`RETAINED_LINES`). */
  retainedLines = RETAINED_LINES;
  /** Blocks and lines made since they were last dropped. */
  private blocksHeld = 0;
  private linesHeld = 0;

  constructor(
    private readonly cpu: Cpu,
    private readonly memory: PhysicalMemory,
    private readonly source: FetchSource | null = null,
    /** True when the lines are only a cache of memory (coherent fetch model) and may be dropped at any time. */
    private readonly linesAreCache = false,
  ) {}

  /**
   * The decoded line at `address` under state `key` (fetching and decoding it on first use; throws a
   * prefetch MemoryFault, for a 32-bit Thumb instruction possibly at its second halfword).
   */
  line(address: number, key: number = ARM_KEY): DecodedLine {
    const index = address >>> CHUNK_SHIFT;
    const slot = (address & CHUNK_MASK) >>> 1;
    for (let l = this.lineSlots(index)[slot]; l !== undefined; l = l.other) if (l.key === key) return l;
    const line = this.decode(address >>> 0, key);
    this.decodes++;
    if (this.linesAreCache && ++this.linesHeld > this.retainedLines) this.dropLines();
    const slots = this.lineSlots(index);
    line.other = slots[slot];
    slots[slot] = line;
    return line;
  }

  /** A function executing just the instruction at `address` (under `key`). */
  single(address: number, key: number = ARM_KEY): Block {
    const line = this.line(address, key);
    if (line.single === undefined) {
      line.single = compileBlock([line]);
      this.compiles++;
    }
    return line.single;
  }

  /**
   * The decoded-line slots of chunk `index` (address >>> CHUNK_SHIFT; slot: (address & CHUNK_MASK) >>> 1);
   * lines are created by `line()`.
   */
  lineSlots(index: number): (DecodedLine | undefined)[] {
    let slots = this.lineChunks.get(index);
    if (slots === undefined) {
      slots = new Array<DecodedLine | undefined>(SLOTS_PER_CHUNK);
      this.lineChunks.set(index, slots);
    }
    return slots;
  }

  /** The decoded line at `address` (any key) that `accept`s, if one is decoded (a look-up that creates nothing). */
  decodedAt(address: number, accept: (line: DecodedLine) => boolean): DecodedLine | undefined {
    const slots = this.lineChunks.get(address >>> CHUNK_SHIFT);
    if (slots === undefined) return undefined;
    for (let l = slots[(address & CHUNK_MASK) >>> 1]; l !== undefined; l = l.other) if (accept(l)) return l;
    return undefined;
  }

  /** A function executing the basic block starting at `address` under `key` (up to a terminal instruction or page end). */
  block(address: number, key: number = ARM_KEY): Block {
    const index = address >>> CHUNK_SHIFT;
    const slot = (address & CHUNK_MASK) >>> 1;
    for (let b = this.blockSlots(index)[slot]; b !== undefined; b = b.other) if (b.key === key) return b;
    const block = this.build(address, key, MAX_BLOCK_LENGTH);
    if (++this.blocksHeld > this.retainedBlocks) this.dropBlocks();
    // The slots again: building may have dropped every line and block (retainedLines).
    const slots = this.blockSlots(index);
    block.other = slots[slot];
    slots[slot] = block;
    return block;
  }

  /**
   * Drops every compiled block (they are rebuilt from the lines when next entered). The run loop's cached
   * slot array is emptied with the others, so its next look-up comes here; no `attention` is raised, which
   * would end the running block early (after its next store) and move later block boundaries.
   */
  private dropBlocks(): void {
    for (const slots of this.blockChunks.values()) slots.fill(undefined);
    this.blockChunks.clear();
    this.blocksHeld = 0;
  }

  /** Drops every line and block (as `clear`, without raising `attention`: see `dropBlocks`). */
  private dropLines(): void {
    for (const slots of this.lineChunks.values()) slots.fill(undefined);
    this.lineChunks.clear();
    this.linesHeld = 0;
    this.dropBlocks();
  }

  /**
   * The block slots of chunk `index` (as `lineSlots`). An invalidation empties them in place; only dropping
   * every block (`retainedBlocks`, `clear`) replaces them.
   */
  blockSlots(index: number): (Block | undefined)[] {
    let slots = this.blockChunks.get(index);
    if (slots === undefined) {
      slots = new Array<Block | undefined>(SLOTS_PER_CHUNK);
      this.blockChunks.set(index, slots);
    }
    return slots;
  }

  /**
   * Drops lines and compiled code covering [address, address + size) (whole pages for compiled code), and a
   * 32-bit Thumb instruction starting in the halfword before it (whose second halfword it covers).
   */
  invalidate(address: number, size: number): void {
    const from = address >= 2 ? address - 2 : address;
    const end = address + size;
    for (let index = from >>> CHUNK_SHIFT; index <= (end - 1) >>> CHUNK_SHIFT; index++) {
      const slots = this.lineChunks.get(index);
      if (slots === undefined) continue;
      const lo = Math.max(from, index << CHUNK_SHIFT) & CHUNK_MASK;
      const hi = Math.min(end - 1, ((index + 1) << CHUNK_SHIFT) - 1) & CHUNK_MASK;
      for (let slot = lo >>> 1; slot <= hi >>> 1; slot++) slots[slot] = undefined;
    }
    // Blocks: every block of the pages touched (a block may start anywhere before the range on its page).
    // Emptied in place and kept: the code is usually entered again (patched code runs on).
    for (let page = from >>> PAGE_SHIFT; page <= (end - 1) >>> PAGE_SHIFT; page++) {
      for (let index = page * CHUNKS_PER_PAGE; index < (page + 1) * CHUNKS_PER_PAGE; index++) {
        this.blockChunks.get(index)?.fill(undefined);
      }
    }
    this.invalidations++;
    this.cpu.attention = 1;
  }

  /** Drops everything (e.g. ICIALLU in the architectural model, or a new program). */
  clear(): void {
    this.dropLines();
    this.cpu.attention = 1;
  }

  /** The aligned word at `address` as the instruction side sees it; marks its page as holding code. */
  private fetchWord(address: number, isa: 'arm' | 'thumb'): number {
    let word = this.memory.fetch32(address) >>> 0;
    if (this.source !== null) word = this.source.fetched(address >>> 0, word, isa) >>> 0;
    const memPage = this.memory.page(address);
    if (memPage !== null) memPage.containsCode = true;
    return word;
  }

  private decode(address: number, key: number): DecodedLine {
    let input: number;
    if (key === ARM_KEY) input = this.fetchWord(address, 'arm');
    else {
      // Thumb: the first halfword, and for a 32-bit instruction the second (the next word when at 2 mod 4).
      const aligned = (address & ~3) >>> 0;
      const word = this.fetchWord(aligned, 'thumb');
      const hw1 = (address & 2) !== 0 ? word >>> 16 : word & 0xffff;
      input = hw1;
      if (isThumb32(hw1)) {
        const hw2 = (address & 2) !== 0 ? this.fetchWord((aligned + 4) >>> 0, 'thumb') & 0xffff : word >>> 16;
        input = ((hw1 << 16) | hw2) >>> 0;
      }
    }
    const d = decodeShared(address, key, input);
    return {
      address,
      word: d.insn.word >>> 0,
      insn: d.insn,
      emitted: d.emitted,
      key,
      length: d.length,
      nextKey: d.nextKey,
      single: undefined,
      other: undefined,
    };
  }

  private build(start: number, key: number, maxLength: number): Block {
    const lines: DecodedLine[] = [];
    let address = start >>> 0;
    let k = key;
    const pageIndex = address >>> PAGE_SHIFT;
    for (;;) {
      let line: DecodedLine;
      try {
        line = this.line(address, k);
      } catch (error) {
        // A 32-bit Thumb instruction whose second halfword cannot be fetched (the next page): the block ends
        // before it, and it faults as the first instruction of the next block, with its own address.
        if (lines.length === 0 || !(error instanceof MemoryFault)) throw error;
        break;
      }
      lines.push(line);
      if (endsBlock(line) || lines.length >= maxLength) break;
      address = (address + line.length) >>> 0;
      k = line.nextKey;
      if (address >>> PAGE_SHIFT !== pageIndex || address === 0) break;
    }
    const block = compileBlock(lines);
    this.compiles++;
    return block;
  }
}
