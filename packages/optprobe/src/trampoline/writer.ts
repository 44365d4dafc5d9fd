/**
 * A tiny assembler over the decoder's encoders: instruction words, PC-relative literal loads and
 * branches to local labels, laid out at a base address with a literal pool after the code (deduplicated
 * by value, first use first). Literal loads and branches are encoded once the layout is known.
 */
import { COND_AL, encodeB, encodeLdrLiteral, PC } from '@armprobe/decoder';

type Item =
  | { readonly kind: 'word'; readonly word: number }
  | { readonly kind: 'literal'; readonly rt: number; readonly value: number; readonly cond: number }
  | { readonly kind: 'branch'; readonly label: string; readonly cond: number }
  | { readonly kind: 'jump'; readonly target: number };

export class TrampolineWriter {
  private readonly items: Item[] = [];
  private readonly labels = new Map<string, number>();

  constructor(readonly base: number) {}

  /** Address the next instruction will have. */
  get here(): number {
    return (this.base + 4 * this.items.length) >>> 0;
  }

  word(word: number): void {
    this.items.push({ kind: 'word', word: word >>> 0 });
  }

  /** `ldr<c> rt, [pc, #…]` loading `value` from the literal pool (`ldr rt, =value`). */
  literal(rt: number, value: number, cond = COND_AL): void {
    this.items.push({ kind: 'literal', rt, value: value >>> 0, cond });
  }

  /** `b<c> label` to a label in this trampoline. */
  branch(label: string, cond = COND_AL): void {
    this.items.push({ kind: 'branch', label, cond });
  }

  /** An unconditional jump out of the trampoline: `b target` when it reaches, else `ldr pc, =target`. */
  jump(target: number): void {
    this.items.push({ kind: 'jump', target: target >>> 0 });
  }

  label(name: string): void {
    if (this.labels.has(name)) throw new Error(`label ${name} defined twice`);
    this.labels.set(name, this.items.length);
  }

  /** Address of a label (after `finish`'s layout: labels take no space). */
  addressOf(name: string): number | null {
    const index = this.labels.get(name);
    return index === undefined ? null : this.at(index);
  }

  /** Encodes everything: the code words, then the literal pool. */
  finish(): number[] {
    const reaches = (from: number, to: number) => {
      const offset = (to - ((from + 8) >>> 0)) | 0;
      return offset >= -33554432 && offset <= 33554428;
    };
    const pool: number[] = [];
    const slotOf = (value: number): number => {
      let i = pool.indexOf(value);
      if (i < 0) i = pool.push(value) - 1;
      return i;
    };
    // Jumps that cannot be a B become literal loads: decide first, so the pool is complete.
    const jumpsByLiteral = this.items.map((item, i) => item.kind === 'jump' && !reaches(this.at(i), item.target));
    this.items.forEach((item, i) => {
      if (item.kind === 'literal') slotOf(item.value);
      else if (item.kind === 'jump' && jumpsByLiteral[i]) slotOf(item.target);
    });
    const poolBase = this.at(this.items.length);
    const words = this.items.map((item, i): number => {
      const from = this.at(i);
      switch (item.kind) {
        case 'word':
          return item.word;
        case 'literal':
          return encodeLdrLiteral(item.rt, from, poolBase + 4 * slotOf(item.value), item.cond);
        case 'branch': {
          const index = this.labels.get(item.label);
          if (index === undefined) throw new Error(`undefined label ${item.label}`);
          return encodeB(from, this.at(index), item.cond);
        }
        case 'jump':
          return jumpsByLiteral[i]
            ? encodeLdrLiteral(PC, from, poolBase + 4 * slotOf(item.target))
            : encodeB(from, item.target);
        default:
          throw new Error('unreachable');
      }
    });
    return [...words, ...pool];
  }

  private at(index: number): number {
    return (this.base + 4 * index) >>> 0;
  }
}
