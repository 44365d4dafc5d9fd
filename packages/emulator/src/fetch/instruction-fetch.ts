import { EmulatorError } from '../cpu/stop.js';
import { ARM_KEY, type DecodedLine, type DecodedLines, type FetchSource } from '../exec/decoded-lines.js';
import type { PhysicalMemory, WriteObserver } from '../memory/memory.js';
import { PAGE_MASK, PAGE_SHIFT } from '../memory/page.js';
import { isArmSafe, isThumb16Safe, isThumb32Prefix } from './safe-set.js';

/**
 * `coherent`: a write reaches every CPU's instruction side at once (like QEMU). `architectural`: each
 * CPU's decoded lines are its instruction cache; a write reaches a CPU's instruction side only after cache
 * maintenance to the point of unification and a context-synchronisation event on that CPU.
 */
export type FetchMode = 'coherent' | 'architectural';

/** Cache line size of the model (Cortex-A9: CTR DminLine = IminLine = 8 words). */
export const CACHE_LINE = 32;

/** A write to instruction memory that ARMv7 A3.5.4 does not allow while another CPU may execute it. */
export interface CmodxViolation {
  /** Machine clock (`machine.cycles()`) when the write happened. */
  readonly cycle: number;
  /** Index of the CPU whose store it was, or `'host'` for a host write. */
  readonly writer: number | 'host';
  /** Address of the instruction written (word-aligned for ARM, halfword-aligned for Thumb). */
  readonly address: number;
  /**
   * The instruction before and after the write: the ARM word, the 16-bit Thumb unit, or `hw1 << 16 | hw2` for a
   * 32-bit Thumb instruction (as decoded lines spell it; the old or new one, whichever is 32-bit, sets the size).
   */
  readonly old: number;
  readonly new: number;
  readonly isa: 'arm' | 'thumb';
  /** CPUs that were running (not parked in a rendezvous, not halted, not the writer). */
  readonly running: readonly number[];
  /**
   * Why it is outside the rule: `not-atomic` (the store is not single-copy atomic for the instruction),
   * `old-not-safe` / `new-not-safe` (outside the A3.5.4 set), `thumb32` (a 32-bit Thumb instruction, never in
   * the set, written by one aligned word store), `torn` (a 32-bit Thumb instruction written one halfword at a
   * time or at an address ≡ 2 mod 4: another CPU may fetch one half old and the other new — an instruction
   * neither the old nor the new program contains).
   */
  readonly reason: 'not-atomic' | 'old-not-safe' | 'new-not-safe' | 'thumb32' | 'torn';
}

export class CmodxViolationError extends EmulatorError {
  constructor(readonly violation: CmodxViolation) {
    super(
      'cmodx-violation',
      `CMODX violation (${violation.reason}): ${violation.writer === 'host' ? 'host' : `CPU ${violation.writer}`} wrote ` +
        `0x${hex(violation.new)} over 0x${hex(violation.old)} at 0x${hex(violation.address)} while CPUs ` +
        `${violation.running.join(', ')} were running`,
    );
  }
}

/** What the fetch model needs from the machine. */
export interface FetchHost {
  readonly memory: PhysicalMemory;
  /** CPUs that count as running for a write by `writer` (a CPU index, or -1 for the host). */
  runningFor(writer: number): number[];
  /** The machine clock (cycles) a violation is stamped with. */
  clock(): number;
}

/** `codeWords` bits: the word was decoded as ARM / as (part of) Thumb code. */
const DECODED_ARM = 1;
const DECODED_THUMB = 2;

/** A Thumb instruction a write changed: its first halfword's address, before and after (see CmodxViolation). */
interface ThumbUnit {
  readonly address: number;
  readonly old: number;
  readonly now: number;
  /** The old or the new instruction is 32-bit. */
  readonly wide: boolean;
}

interface TextRange {
  readonly start: number;
  readonly end: number;
  readonly isa: 'arm' | 'thumb';
}

/** Per-CPU invalidations performed by maintenance but not yet synchronised (applied at the next CSE). */
interface Pending {
  all: boolean;
  /** [address, size] pairs. */
  ranges: number[];
}

/**
 * The instruction-fetch model and the CMODX hazard detector.
 *
 * Architectural mode, precisely:
 * - **I-side** = a CPU's decoded lines. A line stays until an I-cache invalidation covering it has been
 *   performed (ICIMVAU and ICIALLUIS broadcast to every CPU, ICIALLU is local, or the host's
 *   `cacheMaintenance`) *and* that CPU has passed a context-synchronisation event (ISB, CP15ISB, exception
 *   entry or return, `syncCores`, release from `stopMachine`). Between the two the invalidation is pending
 *   and the CPU keeps executing the old line (the most adversarial behaviour the architecture allows).
 * - **D-side to PoU**: a write to instruction memory is not at the point of unification until a D-cache
 *   clean covers it (DCCMVAU, DCCMVAC, DCCIMVAC, DCIMVAC by line; DCCSW/DCCISW/DCISW clean everything; or
 *   the host's `cacheMaintenance`). A CPU that fetches a line it does not hold reads the PoU: the value
 *   before the first uncleaned write.
 * - Branch-predictor maintenance is accepted and costs its cycles; the predictor is not modelled.
 * - **Instruction memory** = words some CPU has decoded (ever) plus ranges registered with `registerText`.
 *
 * The detector (architectural mode) classifies every write to instruction memory, guest or host, made
 * while another CPU is running: safe only if single-copy atomic for the instruction and both the old and
 * the new instruction are in the A3.5.4 safe set; a write that leaves the instruction unchanged is ignored.
 * Thumb code is judged per instruction: a 32-bit Thumb instruction is two halfwords, and one written other
 * than by one aligned word store can be fetched torn by a running CPU (reason `torn`).
 */
export class InstructionFetch implements WriteObserver, FetchSource {
  private readonly pending: Pending[];
  /**
   * Per CPU: halfword address → the halfword its instruction side still holds from a cache line no
   * invalidation has reached, kept when a 32-bit Thumb instruction straddling two lines lost the other line
   * (see `contextSynchronize`); its next fetch of that word sees this half, old, next to a refetched half.
   */
  private readonly held: Map<number, number>[];
  /** Word address → the word at the point of unification (before the first uncleaned write). */
  private readonly unclean = new Map<number, number>();
  /** Page index → one byte per word: bit 0 when some CPU decoded it as ARM, bit 1 as Thumb. */
  private readonly codeWords = new Map<number, Uint8Array>();
  private readonly textRanges: TextRange[] = [];
  private readonly recorded: CmodxViolation[] = [];
  /** Instruction words captured before a write (address, old) pairs, compared after it. */
  private captured: number[] = [];
  private capturedAtomic = false;
  throwOnViolation = false;
  /** Total violations ever recorded (not reset by `clearViolations`). */
  violationCount = 0;
  maintenanceOperations = 0;

  constructor(
    readonly mode: FetchMode,
    /** Each CPU's decoded lines (filled by the machine after construction). */
    private readonly lines: readonly DecodedLines[],
    private readonly host: FetchHost,
    cpuCount: number,
  ) {
    this.pending = Array.from({ length: cpuCount }, () => ({ all: false, ranges: [] }));
    this.held = Array.from({ length: cpuCount }, () => new Map<number, number>());
  }

  /** The fetch source of CPU `index`'s decoded lines: the PoU, except halves its I-cache still holds. */
  sourceFor(index: number): FetchSource {
    const held = this.held[index]!;
    return {
      fetched: (address, word, isa) => {
        const seen = this.fetched(address, word, isa);
        if (held.size === 0) return seen;
        const lo = held.get(address >>> 0) ?? seen & 0xffff;
        const hi = held.get((address + 2) >>> 0) ?? seen >>> 16;
        return ((hi << 16) | lo) >>> 0;
      },
    };
  }

  get architectural(): boolean {
    return this.mode === 'architectural';
  }

  // ---- I-side fills ------------------------------------------------------------------------------

  /**
   * FetchSource: a CPU decodes from the aligned word at `address` (ARM, or one or both halfwords of a Thumb
   * instruction); returns the word its instruction side sees — the PoU's. The two halfwords of a 32-bit Thumb
   * instruction at an address ≡ 2 (mod 4) come from two words fetched separately, each as the PoU holds it at
   * that moment: if one word's write has been cleaned to the PoU and the other's not, the instruction is torn
   * (first half new and second old, or the reverse), as the architecture allows.
   */
  fetched(address: number, word: number, isa: 'arm' | 'thumb' = 'arm'): number {
    if (this.mode !== 'architectural') return word;
    const index = address >>> PAGE_SHIFT;
    let words = this.codeWords.get(index);
    if (words === undefined) {
      words = new Uint8Array(1 << (PAGE_SHIFT - 2));
      this.codeWords.set(index, words);
    }
    words[(address & PAGE_MASK) >>> 2]! |= isa === 'thumb' ? DECODED_THUMB : DECODED_ARM;
    if (this.unclean.size !== 0) {
      const pou = this.unclean.get(address >>> 0);
      if (pou !== undefined) return pou;
    }
    return word;
  }

  /** Declares [address, address + size) as instruction memory for the detector (whether decoded or not). */
  registerText(address: number, size: number, isa: 'arm' | 'thumb' = 'arm'): void {
    this.textRanges.push({ start: address >>> 0, end: (address >>> 0) + size, isa });
    const memory = this.host.memory;
    for (let a = address & ~PAGE_MASK; a < address + size; a += PAGE_MASK + 1) {
      const page = memory.page(a);
      if (page !== null) page.containsCode = true;
    }
  }

  // ---- writes (WriteObserver) --------------------------------------------------------------------

  beforeWrite(address: number, size: number, _writer: number, atomic: boolean): void {
    if (this.mode !== 'architectural') return;
    this.captured.length = 0;
    const first = address & ~1;
    const end = address + size;
    const memory = this.host.memory;
    for (let a = first; a < end; a += 2) {
      const isa = this.isaAt(a);
      if (isa === null) continue;
      if (isa === 'arm') {
        const w = a & ~3;
        if (this.captured.length >= 2 && this.captured[this.captured.length - 2] === w) continue;
        const old = memory.peek32(w);
        this.captured.push(w, old);
        if (!this.unclean.has(w)) this.unclean.set(w, old);
      } else {
        const old = memory.peek16(a);
        this.captured.push(a, old);
        const w = a & ~3;
        if (!this.unclean.has(w)) this.unclean.set(w, memory.peek32(w));
      }
    }
    this.capturedAtomic = atomic;
  }

  afterWrite(address: number, size: number, writer: number): void {
    if (this.mode !== 'architectural' || this.captured.length === 0) return;
    const captured = this.captured;
    this.captured = [];
    const running = this.host.runningFor(writer);
    if (running.length === 0) return;
    const memory = this.host.memory;
    let lastThumbUnit = -1;
    for (let i = 0; i < captured.length; i += 2) {
      const at = captured[i]!;
      const isa = this.isaAt(at)!;
      let unit: ThumbUnit | null = null;
      let old = captured[i + 1]!;
      let now: number;
      if (isa === 'arm') now = memory.peek32(at);
      else {
        now = memory.peek16(at);
        if (now === old) continue;
        unit = this.thumbUnit(at, captured);
        if (unit.address === lastThumbUnit) continue; // both halves of one 32-bit instruction changed
        lastThumbUnit = unit.address;
        old = unit.old;
        now = unit.now;
      }
      if (now === old) continue;
      const reason =
        unit === null ? this.classifyArm(at, old, now, address, size) : this.classifyThumb(unit, address, size);
      if (reason === null) continue;
      const violation: CmodxViolation = {
        cycle: this.host.clock(),
        writer: writer < 0 ? 'host' : writer,
        address: (unit?.address ?? at) >>> 0,
        old: old >>> 0,
        new: now >>> 0,
        isa,
        running,
        reason,
      };
      this.recorded.push(violation);
      this.violationCount++;
      if (this.throwOnViolation) throw new CmodxViolationError(violation);
    }
  }

  private classifyArm(
    at: number,
    old: number,
    now: number,
    address: number,
    size: number,
  ): CmodxViolation['reason'] | null {
    if (!this.capturedAtomic || address !== at || size !== 4) return 'not-atomic';
    if (!isArmSafe(old)) return 'old-not-safe';
    if (!isArmSafe(now)) return 'new-not-safe';
    return null;
  }

  /**
   * The Thumb instruction a changed halfword at `at` belongs to, before and after the write: its second half
   * when the halfword before it (old or new) is a 32-bit prefix, else its first. Halfwords outside the write
   * read the same before and after.
   */
  private thumbUnit(at: number, captured: readonly number[]): ThumbUnit {
    const memory = this.host.memory;
    const oldAt = (a: number): number => {
      for (let i = 0; i < captured.length; i += 2) if (captured[i] === a) return captured[i + 1]!;
      return memory.peek16(a);
    };
    let start = at;
    if (
      at >= 2 &&
      this.isaAt(at - 2) === 'thumb' &&
      (isThumb32Prefix(oldAt(at - 2)) || isThumb32Prefix(memory.peek16(at - 2)))
    )
      start = at - 2;
    const oldFirst = oldAt(start);
    const newFirst = memory.peek16(start);
    const wide = isThumb32Prefix(oldFirst) || isThumb32Prefix(newFirst);
    const old = isThumb32Prefix(oldFirst) ? ((oldFirst << 16) | oldAt(start + 2)) >>> 0 : oldFirst;
    const now = isThumb32Prefix(newFirst) ? ((newFirst << 16) | memory.peek16(start + 2)) >>> 0 : newFirst;
    return { address: start >>> 0, old, now, wide };
  }

  private classifyThumb(unit: ThumbUnit, address: number, size: number): CmodxViolation['reason'] | null {
    const at = unit.address;
    if (unit.wide) {
      // One aligned word store covering both halfwords is single-copy atomic; anything else can be seen torn.
      const whole = this.capturedAtomic && size === 4 && (address & 3) === 0 && address === at;
      return whole ? 'thumb32' : 'torn';
    }
    const covers = this.capturedAtomic && (address & (size - 1)) === 0 && address <= at && at + 2 <= address + size;
    if (!covers || size === 1) return 'not-atomic';
    if (!isThumb16Safe(unit.old)) return 'old-not-safe';
    if (!isThumb16Safe(unit.now)) return 'new-not-safe';
    return null;
  }

  /** 'arm' / 'thumb' when [a, a + 2) is instruction memory, else null. */
  private isaAt(a: number): 'arm' | 'thumb' | null {
    for (const r of this.textRanges) if (a >= r.start && a < r.end) return r.isa;
    const words = this.codeWords.get(a >>> PAGE_SHIFT);
    const decoded = words === undefined ? 0 : words[(a & PAGE_MASK) >>> 2]!;
    if ((decoded & DECODED_THUMB) !== 0) return 'thumb';
    return decoded !== 0 ? 'arm' : null;
  }

  violations(): CmodxViolation[] {
    return this.recorded.slice();
  }

  clearViolations(): void {
    this.recorded.length = 0;
  }

  // ---- maintenance -------------------------------------------------------------------------------

  /** D-cache clean to PoU of the lines covering [address, address + size) (`'all'`: everything). */
  cleanData(address: number | 'all', size = CACHE_LINE): void {
    this.maintenanceOperations++;
    if (this.unclean.size === 0) return;
    if (address === 'all') {
      this.unclean.clear();
      return;
    }
    const start = (address & ~(CACHE_LINE - 1)) >>> 0;
    const end = (address >>> 0) + size;
    if (end - start > this.unclean.size * 4) {
      for (const w of [...this.unclean.keys()]) if (w >= start && w < end) this.unclean.delete(w);
    } else for (let w = start; w < end; w += 4) this.unclean.delete(w >>> 0);
  }

  /** I-cache invalidation of [address, address + size) (or everything) on `cpus`, pending until each CSE. */
  invalidateInstructions(cpus: 'all' | number, address: number | 'all', size = CACHE_LINE): void {
    this.maintenanceOperations++;
    if (this.mode !== 'architectural') return;
    const targets = cpus === 'all' ? this.pending : [this.pending[cpus]!];
    for (const p of targets) {
      if (p.all) continue;
      if (address === 'all') {
        p.all = true;
        p.ranges.length = 0;
      } else {
        const start = (address & ~(CACHE_LINE - 1)) >>> 0;
        const end = (address >>> 0) + size;
        p.ranges.push(start, Math.ceil((end - start) / CACHE_LINE) * CACHE_LINE);
      }
    }
  }

  /** A context-synchronisation event on CPU `index`: pending invalidations reach its instruction side. */
  contextSynchronize(index: number): void {
    const p = this.pending[index]!;
    const held = this.held[index]!;
    if (p.all) {
      this.lines[index]!.clear();
      held.clear();
      p.all = false;
    } else if (p.ranges.length !== 0) {
      const l = this.lines[index]!;
      const ranges = p.ranges;
      const covered = (a: number): boolean => {
        for (let i = 0; i < ranges.length; i += 2) if (a >= ranges[i]! && a < ranges[i]! + ranges[i + 1]!) return true;
        return false;
      };
      if (held.size !== 0) for (const a of [...held.keys()]) if (covered(a)) held.delete(a);
      // A 32-bit Thumb instruction with one half in an invalidated line and the other in a line that stays:
      // the instruction is dropped (and refetched) but the staying line still holds its half as it was fetched.
      for (let i = 0; i < ranges.length; i += 2) {
        const start = ranges[i]!;
        const end = start + ranges[i + 1]!;
        const before = thumb32At(l, start - 2);
        if (before !== undefined && !covered(start - 2)) held.set((start - 2) >>> 0, before.word >>> 16);
        const last = thumb32At(l, end - 2);
        if (last !== undefined && !covered(end)) held.set(end >>> 0, last.word & 0xffff);
      }
      for (let i = 0; i < ranges.length; i += 2) l.invalidate(ranges[i]!, ranges[i + 1]!);
      ranges.length = 0;
    }
  }

  /** True when CPU `index` has invalidations waiting for a context-synchronisation event. */
  hasPending(index: number): boolean {
    const p = this.pending[index]!;
    return p.all || p.ranges.length !== 0;
  }

  /** Words written to instruction memory and not yet cleaned to the PoU. */
  uncleanWords(): number {
    return this.unclean.size;
  }
}

/** A 32-bit Thumb instruction decoded at `address` in `lines` (under any IT state), if any. */
function thumb32At(lines: DecodedLines, address: number): DecodedLine | undefined {
  return address < 0 ? undefined : lines.decodedAt(address, isThumb32Line);
}

function isThumb32Line(line: DecodedLine): boolean {
  return line.key !== ARM_KEY && line.length === 4;
}

function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
