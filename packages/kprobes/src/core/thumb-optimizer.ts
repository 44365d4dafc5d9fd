import { inItBlock } from '@armprobe/decoder';
import type { Machine } from '@armprobe/emulator';
import { scanThumbFunction, type ThumbCodeRange, type ThumbFunctionScan } from '@armprobe/optprobe';
import type { ThumbProbeSite } from './probe.js';

/**
 * What a Thumb optprobe needs to know about the code around a probe: the function's Thumb code ranges (its
 * symbol's extent intersected with the program's Thumb code map), scanned once per function from the
 * original text. The original text is memory with every probe site's own instruction put back (breakpoints
 * and B.Ws are sites' bytes: a B.W covers its site and, for a pair, the next site).
 */
export class ThumbScopes {
  private readonly scans = new Map<number, ThumbFunctionScan>();

  constructor(
    private readonly machine: Machine,
    /** The Thumb site whose instruction covers `address` (its first or second halfword), if any. */
    private readonly siteAt: (address: number) => ThumbProbeSite | undefined,
  ) {}

  /** The original halfword at `address`. */
  readonly readHalfword = (address: number): number => {
    const site = this.siteAt(address) ?? this.siteAt(address - 2);
    if (site !== undefined && address >= site.address && address < site.address + site.length) {
      const word = site.insn.word >>> 0;
      if (site.length === 2) return word & 0xffff;
      return address === site.address ? word >>> 16 : word & 0xffff;
    }
    return this.machine.memory.peek16(address);
  };

  /**
   * The scan of the function containing `site` (its symbol's extent within the Thumb code map), else of the
   * Thumb code range around it, else — without a program — of the covered instructions alone (`next`: the
   * site after a 16-bit one), whose IT states kprobes' own decode gives.
   */
  scanFor(
    site: ThumbProbeSite,
    next: ThumbProbeSite | null,
  ): { readonly ok: true; readonly scan: ThumbFunctionScan } | { readonly ok: false; readonly detail: string } {
    const program = this.machine.program;
    if (program === null || program === undefined) {
      const covered = next === null ? [site] : [site, next];
      if (covered.some((s) => inItBlock(s.insn.itState))) return { ok: false, detail: 'inside an IT block' };
      const end = covered.at(-1)!.address + covered.at(-1)!.length;
      return { ok: true, scan: scanThumbFunction([{ start: site.address, end }], { readHalfword: this.readHalfword }) };
    }
    const located = program.symbols.lookup(site.address);
    let start: number;
    let end: number;
    if (located !== null) ({ start, end } = program.symbols.extent(located.symbol));
    else {
      const place = program.code.at(site.address);
      if (place.kind !== 'code') return { ok: false, detail: 'the probe is not in the code map' };
      ({ start, end } = place.range);
    }
    const cached = this.scans.get(start);
    if (cached !== undefined) return { ok: true, scan: cached };
    const ranges: ThumbCodeRange[] = [];
    for (const r of program.code.ranges) {
      if (r.state !== 'thumb' || r.end <= start || r.start >= end) continue;
      ranges.push({ start: Math.max(r.start, start), end: Math.min(r.end, end) });
    }
    const scan = scanThumbFunction(ranges, { readHalfword: this.readHalfword });
    this.scans.set(start, scan);
    return { ok: true, scan };
  }
}

/** One pair's text change: halfwords written at `address` and after it. */
export interface PairWrite {
  readonly address: number;
  readonly halfwords: readonly number[];
}

/**
 * Writes pairs' halfwords under ONE stop_machine with every CPU writing (the kernel's breakpoint → branch
 * rule): a B.W over two instructions is not one instruction, so no patch request can carry it. Trampolines
 * written for them are maintained first; each write is followed by cache maintenance, and leaving the
 * rendezvous synchronises every CPU's context. A CPU parked between the two instructions needs nothing
 * special: the B.W's second halfword is a `bkpt` that sends it to the trampoline (see the optimizer).
 */
export function writePairs(
  machine: Machine,
  writes: readonly PairWrite[],
  maintain: readonly [number, number][],
): void {
  if (writes.length === 0) return;
  for (const [start, end] of maintain) machine.cacheMaintenance(start, end - start);
  machine.stopMachine(
    () => {
      for (const w of writes) {
        w.halfwords.forEach((h, k) => {
          machine.write(w.address + 2 * k, h, 2);
        });
        machine.cacheMaintenance(w.address, 2 * w.halfwords.length);
      }
    },
    { writers: 'all' },
  );
}
