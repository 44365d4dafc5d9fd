import { isThumb32, itAdvance } from '@armprobe/decoder';
import type { CodeRange, PhysicalMemory } from '@armprobe/emulator';

/** A Thumb instruction's place in its code range. */
export interface ThumbPlace {
  /** 2 or 4 bytes. */
  readonly length: 2 | 4;
  /** ITSTATE it runs under when reached in program order (0 outside an IT block). */
  readonly itState: number;
}

const START = 0x100;

/**
 * Where the Thumb instructions of a program's Thumb code ranges start, and the IT state each runs under:
 * a range (it begins at a `$t` mapping symbol, an instruction boundary) is decoded halfword by halfword
 * once, in order, as a disassembler does, so that the second halfword of a 32-bit instruction is never
 * taken for an instruction and an instruction inside an IT block is known to be one.
 */
export class ThumbLayout {
  /** Per range start: per halfword, 0 (not an instruction start) or START | ITSTATE (| 0x200 for 32-bit). */
  private readonly ranges = new Map<number, Uint16Array>();

  constructor(private readonly memory: PhysicalMemory) {}

  /** The instruction starting at `address` in `range` (a Thumb code range), or null if none starts there. */
  at(range: CodeRange, address: number): ThumbPlace | null {
    let marks = this.ranges.get(range.start);
    if (marks === undefined) {
      marks = this.scan(range);
      this.ranges.set(range.start, marks);
    }
    const offset = address - range.start;
    if (offset < 0 || (offset & 1) !== 0) return null;
    const m = marks[offset >>> 1] ?? 0;
    if ((m & START) === 0) return null;
    return { length: (m & 0x200) !== 0 ? 4 : 2, itState: m & 0xff };
  }

  /** Every instruction start of a Thumb code range, in order. */
  starts(range: CodeRange): number[] {
    const out: number[] = [];
    for (let a = range.start; a < range.end; a += 2) if (this.at(range, a) !== null) out.push(a);
    return out;
  }

  private scan(range: CodeRange): Uint16Array {
    const halfwords = (range.end - range.start) >>> 1;
    const marks = new Uint16Array(halfwords);
    let itState = 0;
    for (let i = 0; i < halfwords; ) {
      const hw1 = this.memory.peek16(range.start + 2 * i);
      const wide = isThumb32(hw1);
      if (wide && i + 1 >= halfwords) break;
      marks[i] = START | itState | (wide ? 0x200 : 0);
      // IT (1011 1111 cccc mmmm, mask non-zero) starts a block; anything else advances the state.
      itState = !wide && (hw1 & 0xff00) === 0xbf00 && (hw1 & 0xf) !== 0 ? hw1 & 0xff : itAdvance(itState);
      i += wide ? 2 : 1;
    }
    return marks;
  }
}
