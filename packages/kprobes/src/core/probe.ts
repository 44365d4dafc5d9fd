import type { A32Instruction, ArmProbeDecision, ThumbInstruction, ThumbProbeDecision } from '@armprobe/decoder';
import type { PtRegs } from './pt-regs.js';

/**
 * Called before the probed instruction runs. Returning a truthy value means "I changed the PC: skip the
 * single-step" (the kernel's convention); the CPU then continues at `regs.pc`.
 */
export type PreHandler = (probe: Kprobe, regs: PtRegs, cpu: number) => unknown;
/** Called after the probed instruction ran (regs show its effect; `regs.pc` is where execution goes next). */
export type PostHandler = (probe: Kprobe, regs: PtRegs, cpu: number) => void;

export interface KprobeSpec {
  /** Where to probe: an address, or a symbol (plus `offset` bytes). */
  readonly address?: number;
  readonly symbol?: string;
  readonly offset?: number;
  readonly pre?: PreHandler;
  readonly post?: PostHandler;
  /** Register disabled (armed later by `enable`). */
  readonly disabled?: boolean;
}

/** A registered probe. Counters are live. */
export class Kprobe {
  /** Times the probe fired (the probed instruction's condition passed). */
  hits = 0;
  /** Times the probe was hit while this CPU was already handling a probe (handlers not run). */
  missed = 0;
  enabled: boolean;
  registered = false;

  constructor(
    readonly address: number,
    readonly symbol: string | null,
    readonly offset: number,
    /** The probe site (shared by every probe at this address). */
    readonly site: ProbeSite,
    public pre: PreHandler | undefined,
    public post: PostHandler | undefined,
    enabled: boolean,
  ) {
    this.enabled = enabled;
  }

  /** The probed instruction, decoded in its state (a Thumb one under the IT state it runs under). */
  get insn(): A32Instruction | ThumbInstruction {
    return this.site.insn;
  }

  get decision(): ArmAccepted | ThumbAccepted {
    return this.site.decision;
  }

  /** The instruction set state of the probed instruction. */
  get isa(): 'arm' | 'thumb' {
    return this.site.isa;
  }

  /** True while the probe is an optprobe (a branch to a trampoline) rather than a breakpoint. */
  get optimized(): boolean {
    return this.site.state === 'optimized';
  }

  /** True if the probe has been an optprobe at some point (it may have been unoptimised since). */
  get everOptimized(): boolean {
    return this.site.timesOptimized > 0;
  }

  /**
   * Why this probe is a breakpoint rather than an optprobe, while the optimizer is on: the reason it was
   * left one (the analysis' answer, or no trampoline room within branch range), or `pending` while its
   * optimization delay runs; null when it is optimized or was never a candidate.
   */
  get notOptimized(): string | null {
    if (this.site.notOptimized !== null) return this.site.notOptimized;
    if (this.site.state === 'armed' && this.site.optimizeAt !== null) {
      return 'pending: armed, waiting for the optimization delay to pass';
    }
    return null;
  }

  /** The probed instruction: the ARM word, the Thumb halfword, or `hw1 << 16 | hw2` for a 32-bit Thumb one. */
  get word(): number {
    return this.insn.word;
  }
}

/** An accepted ARM decision. */
export type ArmAccepted = Exclude<ArmProbeDecision, { action: 'reject' }>;
/** An accepted Thumb decision. */
export type ThumbAccepted = Exclude<ThumbProbeDecision, { action: 'reject' }>;

/** All probes at one address share the breakpoint, the original instruction and the slot (an aggregate). */
interface ProbeSiteCommon {
  readonly address: number;
  readonly probes: Kprobe[];
  /**
   * The breakpoint written over the instruction while armed: the ARM word, the 16-bit Thumb 0xde18, or the
   * 32-bit Thumb 0xf7f0a018 (first halfword in the top half).
   */
  readonly breakpoint: number;
  /** What the text holds: the original instruction, the breakpoint, or the branch to a trampoline. */
  state: 'disarmed' | 'armed' | 'optimized';
  /**
   * Instruction slot (emulated instructions): two words holding the (renamed) copy and the return trap,
   * whose address is `slotReturn`.
   */
  slot: number | null;
  slotReturn: number | null;
  /** Identifies the site at the optprobe gate (r0). */
  readonly id: number;
  /** While optimized (or being optimized): the trampoline and the branch written over the instruction. */
  optimized: {
    readonly trampoline: number;
    /** Its length in words (code and literal pool). */
    readonly words: number;
    readonly branchWord: number;
    /** Trampoline address of the word standing for the probed instruction (its faults are the probe's). */
    readonly originalAt: number | null;
    readonly mode: 'direct' | 'relocated';
  } | null;
  /** Why the optimizer left this site a breakpoint (null: not tried yet, or optimized). */
  notOptimized: string | null;
  /** Emulated time (optimizer ticks) at which the site becomes due for optimization, or null. */
  optimizeAt: number | null;
  /** How many times the site has been turned into an optprobe. */
  timesOptimized: number;
}

/** A probe site in ARM state (one 4-byte instruction). */
export interface ArmProbeSite extends ProbeSiteCommon {
  readonly isa: 'arm';
  readonly length: 4;
  readonly insn: A32Instruction;
  readonly decision: ArmAccepted;
}

/** A probe site in Thumb state (a 16-bit or 32-bit instruction). */
export interface ThumbProbeSite extends ProbeSiteCommon {
  readonly isa: 'thumb';
  readonly length: 2 | 4;
  readonly insn: ThumbInstruction;
  readonly decision: ThumbAccepted;
}

export type ProbeSite = ArmProbeSite | ThumbProbeSite;
