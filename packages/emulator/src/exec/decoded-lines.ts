import { type A32Instruction, decodeA32 } from '@armprobe/decoder';
import type { Cpu } from '../cpu/cpu.js';
import type { PhysicalMemory } from '../memory/memory.js';
import { PAGE_MASK, PAGE_SHIFT, PAGE_SIZE } from '../memory/page.js';
import { compileBlock, endsBlock } from './compile.js';
import type { Emitted } from './emit.js';
import { emitInstruction } from './emitters.js';

/** One instruction decoded once at its address, with its emitted semantics. */
export interface DecodedLine {
  readonly address: number;
  readonly word: number;
  readonly insn: A32Instruction;
  readonly emitted: Emitted;
  /** This line compiled alone (built on first use by the interpreter path). */
  single: Block | undefined;
}

/** Compiled code for a run of decoded lines: returns how many instructions retired. */
export type BlockFunction = (cpu: Cpu, r: Int32Array, mem: PhysicalMemory, h: unknown, limit: number) => number;

export interface Block {
  readonly start: number;
  readonly length: number;
  readonly run: BlockFunction;
  /** costPrefix[k] = emulated cycles of the first k instructions. */
  readonly costPrefix: Int32Array;
}

/** Where a CPU's instruction side gets its words from (the fetch model: the point of unification). */
export interface FetchSource {
  /** `word` was read from memory at `address` for decoding; returns the word the instruction side sees. */
  fetched(address: number, word: number): number;
}

/** Longest basic block the compiler builds (also bounds how far a run may overshoot nothing: see run.ts). */
export const MAX_BLOCK_LENGTH = 64;

/**
 * A CPU's decoded lines: each address decoded once (`decodeA32`) into a line holding the instruction and
 * its emitted semantics, grouped per 4 KiB page, plus the compiled functions built from them — one per
 * line (`single`) and one per basic block starting at an address (`block`). A write to a page that holds
 * decoded code drops that page's lines and blocks in the coherent fetch model; in the architectural model
 * these lines are the CPU's instruction cache (fetch/instruction-fetch.ts decides when they are dropped).
 */
export class DecodedLines {
  private readonly pages = new Map<number, (DecodedLine | undefined)[]>();
  /** Blocks by start address, one slot array per page (the run loop keeps the current page's array). */
  private readonly blockPages = new Map<number, (Block | undefined)[]>();
  /** Statistics. */
  decodes = 0;
  compiles = 0;
  invalidations = 0;

  constructor(
    private readonly cpu: Cpu,
    private readonly memory: PhysicalMemory,
    private readonly source: FetchSource | null = null,
  ) {}

  /** The decoded line at `address` (fetching and decoding it on first use; throws a prefetch MemoryFault). */
  line(address: number): DecodedLine {
    const page = this.linePage(address >>> PAGE_SHIFT);
    const slot = (address & PAGE_MASK) >>> 2;
    let line = page[slot];
    if (line === undefined) {
      let word = this.memory.fetch32(address) >>> 0;
      if (this.source !== null) word = this.source.fetched(address >>> 0, word) >>> 0;
      const memPage = this.memory.page(address);
      if (memPage !== null) memPage.containsCode = true;
      const insn = decodeA32(word, address);
      line = { address: address >>> 0, word, insn, emitted: emitInstruction(insn), single: undefined };
      page[slot] = line;
      this.decodes++;
    }
    return line;
  }

  /** A function executing just the instruction at `address`. */
  single(address: number): Block {
    const line = this.line(address);
    if (line.single === undefined) {
      line.single = compileBlock([line]);
      this.compiles++;
    }
    return line.single;
  }

  /** The decoded-line slots of a page (index: (address & 0xfff) >>> 2); lines are created by `line()`. */
  linePage(index: number): (DecodedLine | undefined)[] {
    let page = this.pages.get(index);
    if (page === undefined) {
      page = new Array<DecodedLine | undefined>(1 << (PAGE_SHIFT - 2));
      this.pages.set(index, page);
    }
    return page;
  }

  /** A function executing the basic block starting at `address` (up to a terminal instruction or page end). */
  block(address: number): Block {
    const slots = this.blockPage(address >>> PAGE_SHIFT);
    const slot = (address & PAGE_MASK) >>> 2;
    let block = slots[slot];
    if (block === undefined) {
      block = this.build(address, MAX_BLOCK_LENGTH);
      slots[slot] = block;
    }
    return block;
  }

  /** The block slots of a page (index: (address & 0xfff) >>> 2); stays valid until the page is invalidated. */
  blockPage(index: number): (Block | undefined)[] {
    let slots = this.blockPages.get(index);
    if (slots === undefined) {
      slots = new Array<Block | undefined>(1 << (PAGE_SHIFT - 2));
      this.blockPages.set(index, slots);
    }
    return slots;
  }

  /** Drops lines and compiled code covering [address, address + size) (whole pages for compiled code). */
  invalidate(address: number, size: number): void {
    const first = address >>> PAGE_SHIFT;
    const last = (address + size - 1) >>> PAGE_SHIFT;
    for (let index = first; index <= last; index++) {
      const page = this.pages.get(index);
      if (page !== undefined) {
        const from = Math.max(address, index * PAGE_SIZE) & PAGE_MASK;
        const to = Math.min(address + size - 1, (index + 1) * PAGE_SIZE - 1) & PAGE_MASK;
        for (let slot = from >>> 2; slot <= to >>> 2; slot++) page[slot] = undefined;
      }
      const slots = this.blockPages.get(index);
      if (slots !== undefined) {
        slots.fill(undefined);
        this.blockPages.delete(index);
      }
    }
    this.invalidations++;
    this.cpu.attention = 1;
  }

  /** Drops everything (e.g. ICIALLU in the architectural model, or a new program). */
  clear(): void {
    for (const page of this.pages.values()) page.fill(undefined);
    this.pages.clear();
    for (const slots of this.blockPages.values()) slots.fill(undefined);
    this.blockPages.clear();
    this.cpu.attention = 1;
  }

  private build(start: number, maxLength: number): Block {
    const lines: DecodedLine[] = [];
    let address = start >>> 0;
    const pageIndex = address >>> PAGE_SHIFT;
    for (;;) {
      const line = this.line(address);
      lines.push(line);
      if (endsBlock(line) || lines.length >= maxLength) break;
      address = (address + 4) >>> 0;
      if (address >>> PAGE_SHIFT !== pageIndex || address === 0) break;
    }
    const block = compileBlock(lines);
    this.compiles++;
    return block;
  }
}
