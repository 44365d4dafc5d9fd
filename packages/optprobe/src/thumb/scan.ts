/**
 * The function scan a Thumb optprobe needs before it replaces more than one instruction (x86's optprobes
 * scan the function the same way): decode the function's Thumb code from its start, track IT blocks, and
 * collect every address execution can land on other than by falling through — static branch targets (B,
 * B<c>, CBZ/CBNZ, BL/BLX) and the return address after every call — plus the first indirect branch (TBB/TBH
 * or a computed PC write that is not a return), whose targets cannot be known.
 */
import {
  decodeThumb,
  inItBlock,
  isThumb32,
  itAdvance,
  itStateOf,
  LR,
  PC,
  SP,
  type ThumbInstruction,
} from '@armprobe/decoder';

/** A run of Thumb code (no data) in a function: [start, end), starting at an instruction outside any IT block. */
export interface ThumbCodeRange {
  readonly start: number;
  readonly end: number;
}

/** Reads the *original* code: a probe's breakpoint or branch must read as the halfwords it replaced. */
export interface ThumbCodeReader {
  readHalfword(address: number): number;
}

/** Why execution can arrive at an address other than by falling through to it. */
export interface Landing {
  /** The instruction that branches there, or the call it is the return address of. */
  readonly from: number;
  readonly why: 'branch' | 'call-return';
}

export interface ThumbFunctionScan {
  readonly ranges: readonly ThumbCodeRange[];
  /** Every instruction, by address, decoded under its IT state. */
  readonly instructions: ReadonlyMap<number, ThumbInstruction>;
  /** Addresses inside the function execution may land on, with every reason found. */
  readonly landings: ReadonlyMap<number, readonly Landing[]>;
  /** The first branch whose target is not static (TBB/TBH, `bx r3`, `mov pc, r2`, `ldr pc, [r0]`), or null. */
  readonly indirect: ThumbInstruction | null;
}

const PC_BIT = 1 << PC;

/** A PC write that returns to the caller: `bx lr`, `mov pc, lr`, a pop of the PC from the stack. */
function isReturn(insn: ThumbInstruction): boolean {
  switch (insn.kind) {
    case 'branch-exchange':
      return insn.rm === LR && !insn.link;
    case 'dp-register':
      return insn.op === 'mov' && insn.rm === LR;
    case 'loadStoreMultiple':
      return insn.load && insn.rn === SP && insn.increment && !insn.before;
    case 'loadStoreImmediate':
      return insn.rn === SP && insn.rt === PC && !insn.index && insn.add;
    default:
      return false;
  }
}

/** A PC write whose destination is computed (not a return, not an exception-generating instruction). */
function isComputedBranch(insn: ThumbInstruction): boolean {
  switch (insn.kind) {
    case 'table-branch':
    case 'branch-exchange':
    case 'dp-register':
    case 'dp-immediate':
    case 'dp-register-shifted':
    case 'loadStoreMultiple':
    case 'loadStoreImmediate':
    case 'loadStoreRegister':
      return !isReturn(insn);
    default:
      return false;
  }
}

/** A call: its return address (the next instruction) is a landing. */
function isCall(insn: ThumbInstruction): boolean {
  return (insn.kind === 'branch-immediate' || insn.kind === 'branch-exchange') && insn.link;
}

/**
 * Decodes `ranges` (each from its start, outside IT blocks) with `reader` and collects the landings and
 * the first indirect branch. An instruction that would run past its range's end ends the range.
 */
export function scanThumbFunction(ranges: readonly ThumbCodeRange[], reader: ThumbCodeReader): ThumbFunctionScan {
  const instructions = new Map<number, ThumbInstruction>();
  const landings = new Map<number, Landing[]>();
  let indirect: ThumbInstruction | null = null;
  const inFunction = (a: number) => ranges.some((r) => a >= r.start && a < r.end);
  const land = (at: number, landing: Landing) => {
    if (!inFunction(at)) return;
    const list = landings.get(at);
    if (list === undefined) landings.set(at, [landing]);
    else list.push(landing);
  };
  for (const range of ranges) {
    if (range.start % 2 !== 0 || range.end % 2 !== 0 || range.end < range.start) {
      throw new RangeError(
        `Thumb code range 0x${range.start.toString(16)}–0x${range.end.toString(16)} is not halfword aligned`,
      );
    }
    let itState = 0;
    for (let a = range.start; a < range.end; ) {
      const hw1 = reader.readHalfword(a) & 0xffff;
      const length = isThumb32(hw1) ? 4 : 2;
      if (a + length > range.end) break;
      const hw2 = length === 4 ? reader.readHalfword(a + 2) & 0xffff : 0;
      const insn = decodeThumb(hw1, hw2, a, itState);
      instructions.set(a, insn);
      if (insn.target !== null && (insn.writes & PC_BIT) !== 0) land(insn.target >>> 0, { from: a, why: 'branch' });
      if (isCall(insn) || insn.kind === 'supervisor-call') land(a + length, { from: a, why: 'call-return' });
      else if (indirect === null && (insn.writes & PC_BIT) !== 0 && insn.target === null && isComputedBranch(insn)) {
        indirect = insn;
      }
      itState = insn.kind === 'if-then' ? itStateOf(insn.word) : inItBlock(itState) ? itAdvance(itState) : 0;
      a += length;
    }
  }
  return { ranges, instructions, landings, indirect };
}
