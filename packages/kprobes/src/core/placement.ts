import { classifyArmProbe, classifyThumbProbe, decodeA32, decodeThumb, isThumb32 } from '@armprobe/decoder';
import type { Machine } from '@armprobe/emulator';
import { KPROBE_THUMB16_BREAKPOINT, KPROBE_THUMB32_BREAKPOINT, kprobeArmBreakpoint } from '@armprobe/patcher';
import { hex, KprobeError } from './errors.js';
import { insideExclusiveSequence, insideThumbExclusiveSequence } from './exclusive.js';
import type { KprobeSpec, ProbeSite } from './probe.js';
import type { ThumbLayout } from './thumb-layout.js';

/** Page permission bit for execute (the emulator's PERM_EXECUTE). */
const PERM_EXECUTE = 4;

/** A probe address, resolved. */
export interface ResolvedAddress {
  /** The instruction's address (bit 0 clear). */
  readonly address: number;
  readonly symbol: string | null;
  readonly offset: number;
  /**
   * Bit 0 of the address or of the symbol was set: the caller says Thumb (the kernel's convention for
   * Thumb code pointers). False says nothing: the program's code map decides.
   */
  readonly thumbHint: boolean;
}

/** Where an instruction may be probed: its state, length and the IT state it runs under. */
export interface ProbePlace {
  readonly isa: 'arm' | 'thumb';
  readonly length: 2 | 4;
  readonly itState: number;
}

/** Resolves `symbol+offset` or an address (bit 0 set on either selects Thumb state). */
export function resolveAddress(
  machine: Machine,
  spec: Pick<KprobeSpec, 'address' | 'symbol' | 'offset'>,
): ResolvedAddress {
  const symbols = machine.program?.symbols ?? null;
  let offset = spec.offset ?? 0;
  if (spec.symbol !== undefined) {
    const found = symbols?.symbol(spec.symbol);
    if (found === undefined || symbols === null)
      throw new KprobeError('unknown-symbol', `no symbol "${spec.symbol}" in the loaded program`);
    const { start, end } = symbols.extent(found);
    if (offset < 0 || (offset > 0 && start + offset >= end)) {
      throw new KprobeError(
        'outside-symbol',
        `${spec.symbol}+0x${offset.toString(16)} is outside ${spec.symbol} (${hex(start)}, ${end - start} bytes)`,
      );
    }
    const thumbHint = (found.address & 1) !== 0;
    return { address: ((found.address & ~1) + offset) >>> 0, symbol: spec.symbol, offset, thumbHint };
  }
  if (spec.address === undefined) throw new KprobeError('bad-option', 'a probe needs an address or a symbol');
  const thumbHint = (spec.address & 1) !== 0;
  const address = (spec.address & ~1) >>> 0;
  let symbol: string | null = null;
  const at = symbols?.lookup(address);
  if (at) {
    symbol = at.symbol.name;
    offset = at.offset;
  }
  return { address, symbol, offset, thumbHint };
}

/**
 * Checks that an instruction of a program can be probed at `address` and finds its state: ARM code
 * (word aligned), or the start of a Thumb instruction (not the second halfword of a 32-bit one) with the
 * IT state it runs under. Without a program: executable memory, Thumb when the caller said so (its IT
 * state is then taken as 0; at run time the trap's own ITSTATE decides the condition).
 */
export function probePlace(
  machine: Machine,
  layout: ThumbLayout,
  blacklist: readonly (readonly [number, number])[],
  resolved: ResolvedAddress,
): ProbePlace {
  const { address, thumbHint } = resolved;
  const memory = machine.memory;
  const program = machine.program;
  const place = program?.code.at(address) ?? null;
  const thumbCode = place?.kind === 'code' && place.range.state === 'thumb';
  // ARM state needs word alignment; checked first, as it always was.
  if (!thumbHint && !thumbCode && (address & 3) !== 0) {
    throw new KprobeError('unaligned', `${hex(address)} is not word aligned (ARM state)`);
  }
  for (const [from, to] of blacklist) {
    if (address >= from && address < to) throw new KprobeError('blacklisted', `${hex(address)} is blacklisted`);
  }
  if (program === null || place === null) {
    if ((memory.permissions(address) & PERM_EXECUTE) === 0) {
      throw new KprobeError('outside-text', `${hex(address)} is not executable memory`);
    }
    if (thumbHint) return { isa: 'thumb', length: isThumb32(memory.peek16(address)) ? 4 : 2, itState: 0 };
    return { isa: 'arm', length: 4, itState: 0 };
  }
  // Only instructions: bytes of executable sections outside the $d ranges (the code map).
  if (place.kind === 'outside') throw new KprobeError('outside-text', program.code.refusal(address, 2, 'thumb')!);
  if (place.kind === 'data') throw new KprobeError('in-data', program.code.refusal(address, 2, 'thumb')!);
  const range = place.range;
  if (range.state === 'arm') {
    if (thumbHint) {
      throw new KprobeError('wrong-state', `${hex(address)} is ARM code, but the probe was asked for in Thumb state`);
    }
    const why = program.code.refusal(address, 4, 'arm');
    if (why !== null) throw new KprobeError('in-data', why);
    return { isa: 'arm', length: 4, itState: 0 };
  }
  const thumb = layout.at(range, address);
  if (thumb === null) {
    throw new KprobeError(
      'unaligned',
      `${hex(address)} is not the start of a Thumb instruction (it is inside a 32-bit one, or past the last)`,
    );
  }
  return { isa: 'thumb', length: thumb.length, itState: thumb.itState };
}

/**
 * Decodes and classifies the instruction at a checked place into a new probe site (breakpoint chosen like
 * the kernel's: the ARM UDF with the probed condition, 16-bit 0xde18 over a 16-bit Thumb instruction,
 * 32-bit 0xf7f0a018 over a 32-bit one). Throws `rejected` with the classifier's reason, or
 * `exclusive-sequence` between a load-exclusive and its store-exclusive.
 */
export function newSite(
  machine: Machine,
  layout: ThumbLayout,
  address: number,
  place: ProbePlace,
  id: number,
): ProbeSite {
  const memory = machine.memory;
  const symbols = machine.program?.symbols ?? null;
  const common = {
    address,
    probes: [],
    state: 'disarmed' as const,
    slot: null,
    slotReturn: null,
    id,
    optimized: null,
    notOptimized: null,
    optimizeAt: null,
    timesOptimized: 0,
  };
  const refuseExclusive = () =>
    new KprobeError(
      'exclusive-sequence',
      `${hex(address)} is between a load-exclusive and its store-exclusive: the trap would clear the monitor`,
    );
  if (place.isa === 'arm') {
    const word = memory.peek32(address);
    const insn = decodeA32(word, address);
    const decision = classifyArmProbe(insn);
    if (decision.action === 'reject') {
      throw new KprobeError('rejected', `${hex(address)} (${insn.op}): ${decision.reason}`);
    }
    const code = (a: number) => ((memory.permissions(a) & PERM_EXECUTE) !== 0 ? memory.peek32(a) : null);
    if (insideExclusiveSequence(code, symbols, address)) throw refuseExclusive();
    return { ...common, isa: 'arm', length: 4, insn, decision, breakpoint: kprobeArmBreakpoint(word) };
  }
  const hw1 = memory.peek16(address);
  const hw2 = place.length === 4 ? memory.peek16(address + 2) : 0;
  const insn = decodeThumb(hw1, hw2, address, place.itState);
  const decision = classifyThumbProbe(insn);
  if (decision.action === 'reject') {
    throw new KprobeError('rejected', `${hex(address)} (${insn.op}): ${decision.reason}`);
  }
  const range = machine.program?.code.rangeAt(address) ?? null;
  if (range !== null && range.state === 'thumb') {
    // The instruction starts before this one in the same function (as far as the scan limit), nearest first.
    const floor = Math.max(range.start, (symbols?.lookup(address)?.symbol.address ?? 0) & ~1);
    const previous: number[] = [];
    for (let a = address - 2; a >= floor && previous.length < 16; a -= 2) {
      if (layout.at(range, a) !== null) previous.push(a);
    }
    const read = (a: number) => {
      const at = layout.at(range, a)!;
      return { hw1: memory.peek16(a), hw2: at.length === 4 ? memory.peek16(a + 2) : 0, itState: at.itState };
    };
    if (insideThumbExclusiveSequence(previous, read)) throw refuseExclusive();
  }
  return {
    ...common,
    isa: 'thumb',
    length: place.length,
    insn,
    decision,
    breakpoint: place.length === 4 ? KPROBE_THUMB32_BREAKPOINT : KPROBE_THUMB16_BREAKPOINT,
  };
}
