/*
 * Thumb state in an objdump-style listing: 16- and 32-bit units, the IT state carried from one unit to the next
 * exactly as objdump 2.40 carries it (quirks included), and the lines as objdump spaces them.
 */
import { decodeThumb, formatThumb } from '@armprobe/decoder';
import type { ListingContext, StateLister } from './disasm-elf.js';
import { keptLine, type ListingOutput, OTHER_ADDRESS } from './listing-output.js';

/**
 * objdump's IT state, which lives for the whole listing (it is not reset at a label, a section or another
 * state): the state of the unit at `address` (`state`), the state the unit being printed hands on (`next`),
 * and the address the state belongs to. A Thumb unit anywhere else (after ARM code or data, at the start)
 * makes objdump look for it again by scanning backwards (`recoverItState`).
 */
export class ThumbItTracker {
  state = 0;
  next = 0;
  /** objdump starts with 0: the first Thumb unit it meets at another address scans backwards. */
  address = 0;
}

/**
 * objdump's backward search for the IT state at `pc`: up to four instructions back (stopping at a symbol, the
 * start of the section or address 0), a halfword `1011 1111 cccc mmmm` with a non-zero mask that sits where an
 * instruction starts (and in Thumb code by the mapping symbols, as objdump judges it) is taken as the IT
 * instruction, and its state is advanced by the number of instructions between it and `pc`.
 */
function recoverItState(context: ListingContext, pc: number): void {
  const it = context.it;
  it.address = pc;
  it.state = 0;
  const { view, section, base } = context;
  let address = pc;
  let count = 1;
  let itCount = 0;
  let seenIt = 0;
  for (;;) {
    if (address === 0 || context.isLabel(address)) {
      // A symbol is an instruction boundary, and nothing at one is inside an IT block.
      if (seenIt !== 0 && (count & 1) !== 0) break;
      return;
    }
    address -= 2;
    if (address < section.address) return;
    const unit = view.getUint16(address - base, true);
    if (seenIt !== 0 && (unit & 0xf800) < 0xe800) {
      // address + 2 is an instruction boundary: is it where the IT candidate's block needs one?
      if ((count & 1) !== 0) break;
      seenIt = 0;
    }
    if ((unit & 0xff00) === 0xbf00 && (unit & 0xf) !== 0 && context.itCandidateIsThumb(address, pc)) {
      seenIt = unit;
      itCount = count >> 1;
    }
    if ((unit & 0xf800) >= 0xe800) count++;
    else count = (count + 2) | 1;
    // An IT block holds at most four instructions.
    if (count >= 8 && seenIt === 0) return;
  }
  let state = (seenIt & 0xe0) | ((seenIt << itCount) & 0x1f);
  if ((state & 0xf) === 0) state = 0;
  it.state = state;
}

/** objdump's preparation of a Thumb unit at `pc`: the state it prints under, and the state it hands on. */
function prepareItState(context: ListingContext, pc: number): number {
  const it = context.it;
  if (it.address !== pc) recoverItState(context, pc);
  const state = it.state;
  // Outside an IT block `next` keeps whatever it held (objdump's behaviour: a block cut short by data or a
  // jump hands its stale state on to the unit after the next one).
  if (state !== 0) it.next = (state & 0xf) === 0x8 ? 0 : (state & 0xe0) | ((state & 0xf) << 1);
  return state;
}

/**
 * What objdump puts between the instruction and a comment in Thumb state (the tabs are part of its format
 * strings): an undefined unit prints its comment alone after two tabs, a mnemonic without operands is
 * followed by three, as is the `nop` that `mov r8, r8` is; everything else by one.
 */
function thumbCommentSeparator(text: string, comment: string): string {
  if (text === '') return '\t\t@ ';
  if (comment === '(mov r8, r8)') return '\t\t\t@ ';
  if (text.indexOf('\t') < 0 && comment.charCodeAt(0) === 0x3c /* < */) return '\t\t\t@ ';
  return '\t@ ';
}

const HEX = '0123456789abcdef';

function hex4(value: number): string {
  return HEX[(value >>> 12) & 15]! + HEX[(value >>> 8) & 15]! + HEX[(value >>> 4) & 15]! + HEX[value & 15]!;
}

/** Room for the address column of a line. */
const COLUMN = 10;

/**
 * What ends a unit's line: a newline, and a second one after a branch inside an IT block (objdump's format string
 * for that comment ends with its own newline, which leaves an empty line after it).
 */
function lineEnd(comment: string | null): string {
  return comment?.endsWith(BRANCH_IN_IT) ? '\n\n' : '\n';
}

const BRANCH_IN_IT = 'unpredictable branch in IT block';

/** The line after the address column: the hex column objdump prints for the unit, then the instruction. */
function thumbLine(hw1: number, hw2: number, size: 2 | 4, text: string, comment: string | null): string {
  const head = size === 2 ? hex4(hw1) + '      \t' : hex4(hw1) + ' ' + hex4(hw2) + ' \t';
  return comment === null
    ? head + text + '\n'
    : head + text + thumbCommentSeparator(text, comment) + comment + lineEnd(comment);
}

/** The line cache's tag of a Thumb unit: 32-bit or 16-bit, and the IT state it is printed under. */
function thumbTag(size: 2 | 4, state: number): number {
  return (size === 4 ? 0x300 : 0x100) | state;
}

function thumbText(
  hw1: number,
  hw2: number,
  size: 2 | 4,
  address: number,
  state: number,
  context: ListingContext,
  probe: boolean,
): string {
  context.spy.reset(probe);
  const d = formatThumb(decodeThumb(hw1, hw2, address, state), context.spy.format);
  return thumbLine(hw1, hw2, size, d.text, d.comment);
}

/** Writes a unit's line after the address column, as it is printed at `address`, without making it a string. */
function writeThumbLine(
  out: ListingOutput,
  hw1: number,
  hw2: number,
  size: 2 | 4,
  address: number,
  state: number,
  context: ListingContext,
): void {
  context.spy.reset(false);
  const d = formatThumb(decodeThumb(hw1, hw2, address, state), context.spy.format);
  out.reserve(12);
  out.hex4(hw1);
  if (size === 2) out.text('      \t');
  else {
    out.buffer[out.length++] = 0x20; // ' '
    out.hex4(hw2);
    out.text(' \t');
  }
  out.text(d.text);
  if (d.comment !== null) {
    out.text(thumbCommentSeparator(d.text, d.comment));
    out.text(d.comment);
  }
  out.text(lineEnd(d.comment));
}

/**
 * Thumb state: a 16-bit unit, or a 32-bit instruction (first halfword 0b11101/0b11110/0b11111…), at a time,
 * under the IT state objdump tracks. A unit's line (hex column and instruction) is kept in the listing's line
 * cache, keyed by the unit (the 16-bit unit, or both halfwords as an int32) and a tag (16 or 32 bits, the IT
 * state), when it does not depend on the unit's address or only through one spelled address at a fixed
 * distance (`bl`, `b`, `cbz`; PC-relative forms, from the address rounded down to a word). A 32-bit
 * instruction that does not fit before the end of the region (the next label, the end of the section) is left
 * to the caller, which prints objdump's out-of-bounds line for it.
 */
export const THUMB_LISTER: StateLister = {
  unit: 2,
  list(context, from, to, end) {
    const { view, bytes, base, out, lines, spy, spell } = context;
    const it = context.it;
    let address = from;
    while (address < to && address + 2 <= end) {
      const offset = address - base;
      if (bytes[offset] === 0 && context.zeroRun(address, end) > 0) break;
      const hw1 = view.getUint16(offset, true);
      const size = hw1 >= 0xe800 ? 4 : 2;
      if (address + size > end) {
        // objdump reads the second halfword, fails, and prints an error; it has prepared the IT state by then.
        prepareItState(context, address);
        break;
      }
      const hw2 = size === 4 ? view.getUint16(offset + 2, true) : 0;
      const state = prepareItState(context, address);
      if (size === 2 && (hw1 & 0xff00) === 0xbf00 && (hw1 & 0xf) !== 0) it.next = hw1 & 0xff;
      const key = size === 2 ? hw1 : (hw1 << 16) | hw2;
      const tag = thumbTag(size, state);
      let slot = lines.find(key, tag);
      if (slot === -2) {
        // The first time: printed, not kept.
        out.reserve(COLUMN);
        out.addressColumn(address);
        writeThumbLine(out, hw1, hw2, size, address, state, context);
      } else if (slot === -1) {
        // A unit seen before: keep its line if it can be kept.
        const line = thumbText(hw1, hw2, size, address, state, context, false);
        const { count, target, spelled } = spy;
        const other = (address ^ OTHER_ADDRESS) >>> 0;
        const otherLine = thumbText(hw1, hw2, size, other, state, context, true);
        const kept = keptLine(line, address, count, target, spelled, otherLine, other, spy.count, spy.target);
        if (kept !== null) slot = lines.put(key, tag, kept);
        if (slot < 0) {
          out.reserve(COLUMN);
          out.addressColumn(address);
          out.text(line);
        }
      }
      if (slot >= 0) {
        out.reserve(COLUMN);
        out.addressColumn(address);
        lines.write(slot, out, address, spell);
      }
      it.state = it.next;
      it.address += size;
      address += size;
    }
    return address;
  },
};
