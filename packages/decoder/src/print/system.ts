/**
 * objdump's spelling of the system class: status-register moves, exception generation, hints, CRC32,
 * and the unconditional space's CPS / SETEND / preload / barrier / SRS / RFE forms.
 *
 * objdump marks `<UNPREDICTABLE>` by its own rules, which are narrower than the ARM ARM's
 * (`insn.unpredictable`): MRS with Rd = PC, BXJ / BLX (register) with the PC, CRC32 naming the PC,
 * and a hint with broken should-be bits. Value comments follow its usual rule: an immediate above 32
 * (or, for signed offsets, below -16) is repeated in hex.
 */
import { SPECIAL_REGISTER_NAMES } from '../a32/miscellaneous.js';
import type {
  BarrierInsn,
  ChangeProcessorStateInsn,
  HintInsn,
  MoveFromStatusInsn,
  MoveToStatusShiftedInsn,
  PreloadInsn,
  SystemInsn,
} from '../a32/system.js';
import {
  cond,
  type Disassembly,
  head,
  hex,
  hexPad,
  hexPad8,
  immShiftSuffix,
  reg,
  SHIFT_NAMES,
  swiComment,
  UNPREDICTABLE,
} from './format.js';
import type { FormatContext, FormatterTable } from './table.js';

/** `CPSR_` / `SPSR_` plus the field letters, indexed by R:mask. */
export const PSR_FIELD_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (let i = 0; i < 32; i++) {
    names.push(
      (i & 16 ? 'SPSR_' : 'CPSR_') + (i & 8 ? 'f' : '') + (i & 4 ? 's' : '') + (i & 2 ? 'x' : '') + (i & 1 ? 'c' : ''),
    );
  }
  return names;
})();

function psrFields(writeSpsr: boolean, mask: number): string {
  return PSR_FIELD_NAMES[(writeSpsr ? 16 : 0) | mask]!;
}

/** A banked / special register by objdump's R:B:M:M1 number, or `(UNDEF: n)`. */
function specialRegister(id: number): string {
  return SPECIAL_REGISTER_NAMES[id] ?? '(UNDEF: ' + id + ')';
}

/** objdump's value comment for an unsigned immediate: shown when above 32. */
function unsignedComment(value: number): string | null {
  return value > 32 ? hex(value) : null;
}

/** objdump's value comment for a signed offset: shown when above 32 or below -16, as 32-bit hex. */
function signedComment(value: number): string | null {
  return value > 32 || value < -16 ? hex(value) : null;
}

/**
 * A modified immediate: `#<value>` (signed decimal) when the rotation is the smallest that expresses the
 * value, otherwise the raw `#<imm8>, <rotation>`.
 */
function modifiedImmediate(imm32: number, imm8: number, rotation: number): string {
  let i = 0;
  while (i < 32 && ((imm32 << i) | (imm32 >>> ((32 - i) & 31))) >>> 0 > 0xff) i += 2;
  return i !== rotation ? '#' + imm8 + ', ' + rotation : '#' + (imm32 | 0);
}

function formatMoveFromStatus(insn: MoveFromStatusInsn): Disassembly {
  const id = (insn.readSpsr ? 64 : 0) | (insn.banked ? 32 : 0) | insn.sysm;
  return {
    text: 'mrs' + cond(insn.cond) + '\t' + reg(insn.rd) + ', ' + specialRegister(id),
    comment: insn.rd === 15 ? UNPREDICTABLE : null,
  };
}

function formatMoveToStatusShifted(insn: MoveToStatusShiftedInsn): Disassembly {
  const shift =
    insn.rs >= 0
      ? ', ' + SHIFT_NAMES[insn.shiftType] + ' ' + reg(insn.rs)
      : immShiftSuffix(insn.shiftType, insn.shiftAmount);
  return {
    text: 'msr' + cond(insn.cond) + '\t' + psrFields(insn.writeSpsr, insn.mask) + ', ' + reg(insn.rm) + shift,
    comment: null,
  };
}

function formatHint(insn: HintInsn): Disassembly {
  switch (insn.op) {
    case 'nop':
      return {
        text: 'nop' + cond(insn.cond) + '\t{' + insn.hint + '}',
        comment: insn.unpredictable ? UNPREDICTABLE : unsignedComment(insn.hint),
      };
    case 'dbg':
      return { text: 'dbg' + cond(insn.cond) + '\t#' + (insn.hint & 15), comment: null };
    // objdump prints these without a condition.
    case 'sevl':
    case 'esb':
    case 'csdb':
      return { text: insn.op, comment: null };
    default:
      return { text: insn.op + cond(insn.cond), comment: null };
  }
}

function formatChangeProcessorState(insn: ChangeProcessorStateInsn): Disassembly {
  if (insn.imod >= 2 && (insn.changeMode || insn.mode === 0)) {
    const flags = (insn.affectA ? 'a' : '') + (insn.affectI ? 'i' : '') + (insn.affectF ? 'f' : '');
    const text = insn.op + '\t' + flags + (insn.changeMode ? ',#' + insn.mode : '');
    return { text: flags === '' && !insn.changeMode ? insn.op : text, comment: null };
  }
  return { text: 'cps\t#' + insn.mode, comment: null };
}

function preloadOffset(insn: PreloadInsn): string {
  const sign = insn.add ? '' : '-';
  if (!insn.registerOffset) return '#' + sign + insn.imm32;
  const shift =
    insn.rs >= 0
      ? ', ' + SHIFT_NAMES[insn.shiftType] + ' ' + reg(insn.rs)
      : immShiftSuffix(insn.shiftType, insn.shiftAmount);
  return sign + reg(insn.rm) + shift;
}

function formatPreload(insn: PreloadInsn, context: FormatContext): Disassembly {
  const base = '[' + reg(insn.rn);
  let operand: string;
  if (insn.index) {
    operand =
      !insn.registerOffset && insn.add && insn.imm32 === 0 ? base + ']' : base + ', ' + preloadOffset(insn) + ']';
  } else {
    operand = base + '], ' + preloadOffset(insn);
  }
  let comment: string | null = null;
  if (!insn.registerOffset) {
    const offset = insn.add ? insn.imm32 : -insn.imm32;
    if (insn.rn === 15) comment = context.formatAddress(insn.address + 8 + (insn.index ? offset : 0));
    else comment = signedComment(offset);
  }
  return { text: insn.op + '\t' + operand, comment };
}

const BARRIER_OPTIONS: readonly (string | null)[] = [
  null,
  'oshld',
  'oshst',
  'osh',
  null,
  'nshld',
  'unst',
  'un',
  null,
  'ishld',
  'ishst',
  'ish',
  null,
  'ld',
  'st',
  'sy',
];

function formatBarrier(insn: BarrierInsn): Disassembly {
  const op = insn.op;
  if (op !== 'dsb' && op !== 'dmb' && op !== 'isb') return { text: op, comment: null };
  const name = op === 'isb' ? (insn.option === 15 ? 'sy' : null) : BARRIER_OPTIONS[insn.option]!;
  return { text: op + '\t' + (name ?? '#' + insn.option), comment: null };
}

export const systemFormatters: FormatterTable<SystemInsn> = {
  mrs: formatMoveFromStatus,
  'msr-immediate': (insn) => ({
    text:
      'msr' +
      cond(insn.cond) +
      '\t' +
      psrFields(insn.writeSpsr, insn.mask) +
      ', ' +
      modifiedImmediate(insn.imm32, insn.imm8, insn.rotation),
    comment: unsignedComment(insn.imm32),
  }),
  'msr-register': (insn) => ({
    text: 'msr' + cond(insn.cond) + '\t' + psrFields(insn.writeSpsr, insn.mask) + ', ' + reg(insn.rn),
    comment: null,
  }),
  'msr-banked': (insn) => ({
    text:
      'msr' + cond(insn.cond) + '\t' + specialRegister((insn.writeSpsr ? 96 : 32) | insn.sysm) + ', ' + reg(insn.rn),
    comment: null,
  }),
  'msr-shifted': formatMoveToStatusShifted,
  'exception-return': (insn) => ({ text: 'eret' + cond(insn.cond), comment: null }),
  breakpoint: (insn) => ({ text: 'bkpt\t' + hexPad(insn.imm16, 4), comment: null }),
  halt: (insn) => ({ text: 'hlt\t' + hexPad(insn.imm16, 4), comment: null }),
  'hypervisor-call': (insn) => ({
    text: 'hvc' + cond(insn.cond) + '\t' + insn.imm16,
    comment: unsignedComment(insn.imm16),
  }),
  'secure-monitor-call': (insn) => ({
    text: 'smc' + cond(insn.cond) + '\t' + insn.imm16,
    comment: unsignedComment(insn.imm16),
  }),
  'supervisor-call': (insn) => ({
    text: head('svc', insn.cond) + hexPad8(insn.imm24),
    comment: swiComment(insn.word),
  }),
  crc32: (insn) => ({
    text: insn.op + '\t' + reg(insn.rd) + ', ' + reg(insn.rn) + ', ' + reg(insn.rm),
    comment: insn.rd === 15 || insn.rn === 15 || insn.rm === 15 ? UNPREDICTABLE : null,
  }),
  hint: formatHint,
  'change-processor-state': formatChangeProcessorState,
  'set-endianness': (insn) => ({ text: insn.bigEndian ? 'setend\tbe' : 'setend\tle', comment: null }),
  'set-pan': (insn) => ({ text: 'setpan\t#' + insn.imm1, comment: null }),
  preload: formatPreload,
  'clear-exclusive': () => ({ text: 'clrex', comment: null }),
  barrier: formatBarrier,
  'store-return-state': (insn) => ({
    text: insn.op + '\tsp' + (insn.wback ? '!' : '') + ', #' + insn.mode,
    comment: null,
  }),
  'return-from-exception': (insn) => ({ text: insn.op + '\t' + reg(insn.rn) + (insn.wback ? '!' : ''), comment: null }),
};
