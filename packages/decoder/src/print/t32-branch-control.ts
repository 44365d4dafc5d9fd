/**
 * GNU objdump 2.40's spelling of 32-bit Thumb branches and miscellaneous control, keyed by kind.
 *
 * Conditions: `%c` is the IT block's condition (`al` and `<und>` included) and nothing outside a block;
 * B<c>.W prints its own. Value comments follow objdump's Thumb rule: a decimal immediate above 32 is repeated
 * in hex. Only the register operands objdump checks (`%S` of the loop and branch-future forms) get
 * `<UNPREDICTABLE>`.
 */
import type { BranchExchangeInsn, BranchImmediateInsn } from '../a32/branch.js';
import { SPECIAL_REGISTER_NAMES } from '../a32/miscellaneous.js';
import type {
  BarrierInsn,
  ChangeProcessorStateInsn,
  HintInsn,
  MoveFromStatusInsn,
  MoveToBankedInsn,
  MoveToStatusRegisterInsn,
} from '../a32/system.js';
import type { ThumbForm } from '../thumb/common.js';
import type { NamedUndefinedInsn } from '../thumb/types.js';
import { COND_SUFFIX, type Disassembly, hex, REG_COMMA, REG_NAMES, reg, UNPREDICTABLE } from './format.js';
import type { FormatContext } from './table.js';
import { IT_COND_NAMES, itBranchComment, itHeads, itIndex, itUnpredictableComment } from './thumb-cond.js';
import type { ThumbFormatterMap } from './thumb-format.js';

/** A lookup of `op` + the IT condition + `after`, per op (each op's heads built on first use). */
function headCache(after: string): (op: string, itState: number) => string {
  const byOp = new Map<string, readonly string[]>();
  return (op, itState) => {
    let heads = byOp.get(op);
    if (heads === undefined) {
      heads = itHeads(op, after);
      byOp.set(op, heads);
    }
    return heads[itIndex(itState)]!;
  };
}

const tabHead = headCache('\t');
const wideHead = headCache('.w');
const bareHead = headCache('');
const NOP_BRACE_HEADS = itHeads('nop', '.w\t{');
const DBG_HEADS = itHeads('dbg', '\t#');
const SUBS_HEADS = itHeads('subs', '\tpc, lr, #');
const HVC_HEADS = itHeads('hvc', '\t#');
const SMC_HEADS = itHeads('smc', '\t#');
const UDF_HEADS = itHeads('udf', '.w\t#');

/** objdump's value comment on a decimal immediate: above 32, in hex. */
function valueComment(value: number): string | null {
  return value > 32 ? hex(value) : null;
}

/* Branches. B<c>.W (T3) prints its own condition; the others the IT block's. */
const B_T3_HEADS: readonly string[] = COND_SUFFIX.map((c) => 'b' + c + '.w\t');
const B_W_HEADS = itHeads('b', '.w\t');
const BL_HEADS = itHeads('bl', '\t');
const BLX_HEADS = itHeads('blx', '\t');

function formatBranchImmediate(insn: ThumbForm<BranchImmediateInsn>, context: FormatContext): Disassembly {
  const target = context.formatAddress(insn.target);
  // Bit 12 (hw2) tells B<c>.W (T3, 0) from B.W (T4, 1): the two print differently.
  if (!insn.link && (insn.word & 0x1000) === 0) {
    return { text: B_T3_HEADS[insn.cond]! + target, comment: itUnpredictableComment(insn.itState) };
  }
  const heads = insn.link ? (insn.exchange ? BLX_HEADS : BL_HEADS) : B_W_HEADS;
  return { text: heads[itIndex(insn.itState)]! + target, comment: itBranchComment(insn.itState) };
}

/* Hints: the named ones are `.w` forms with the IT condition, except the ARMv8 / v8.1-M additions. */
function formatHint(insn: ThumbForm<HintInsn>): Disassembly {
  switch (insn.op) {
    case 'nop':
      if (insn.hint === 0) return { text: wideHead('nop', insn.itState), comment: null };
      return { text: NOP_BRACE_HEADS[itIndex(insn.itState)]! + insn.hint + '}', comment: valueComment(insn.hint) };
    case 'dbg':
      return { text: DBG_HEADS[itIndex(insn.itState)]! + (insn.hint & 15), comment: null };
    case 'yield':
    case 'wfe':
    case 'wfi':
    case 'sev':
    case 'sevl':
      return { text: wideHead(insn.op, insn.itState), comment: null };
    case 'aut':
    case 'pac':
    case 'pacbti':
      return { text: insn.op + '\tr12, lr, sp', comment: null };
    default:
      // esb, csdb, bti: no condition.
      return { text: insn.op, comment: null };
  }
}

/** objdump's data_barrier_option(): the named DMB / DSB options. */
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

function formatBarrier(insn: ThumbForm<BarrierInsn>): Disassembly {
  const op = insn.op;
  switch (op) {
    case 'dmb':
    case 'dsb':
      return {
        text: tabHead(op, insn.itState) + (BARRIER_OPTIONS[insn.option] ?? '#' + insn.option),
        comment: null,
      };
    case 'isb':
      return { text: tabHead(op, insn.itState) + (insn.option === 15 ? 'sy' : '#' + insn.option), comment: null };
    case 'dfb':
      return { text: bareHead(op, insn.itState), comment: null };
    default:
      // ssbb, pssbb, sb: no condition.
      return { text: op, comment: null };
  }
}

function formatChangeProcessorState(insn: ThumbForm<ChangeProcessorStateInsn>): Disassembly {
  const comment = itUnpredictableComment(insn.itState);
  if (insn.op === 'cps') return { text: 'cps\t#' + insn.mode, comment };
  const flags = (insn.affectA ? 'a' : '') + (insn.affectI ? 'i' : '') + (insn.affectF ? 'f' : '');
  if (insn.changeMode) return { text: insn.op + '\t' + flags + ', #' + insn.mode, comment };
  return { text: flags === '' ? insn.op + '.w' : insn.op + '.w\t' + flags, comment };
}

/** objdump's psr_name(): the Armv7-M / Armv8-M special registers it reads from MSR / MRS bits 7:0. */
const M_PROFILE_REGISTERS: readonly string[] = (() => {
  const names: string[] = new Array<string>(256).fill('<unknown>');
  const pairs: [number, string][] = [
    [0x0, 'APSR'],
    [0x1, 'IAPSR'],
    [0x2, 'EAPSR'],
    [0x3, 'PSR'],
    [0x5, 'IPSR'],
    [0x6, 'EPSR'],
    [0x7, 'IEPSR'],
    [0x8, 'MSP'],
    [0x9, 'PSP'],
    [0xa, 'MSPLIM'],
    [0xb, 'PSPLIM'],
    [0x10, 'PRIMASK'],
    [0x11, 'BASEPRI'],
    [0x12, 'BASEPRI_MAX'],
    [0x13, 'FAULTMASK'],
    [0x14, 'CONTROL'],
    [0x88, 'MSP_NS'],
    [0x89, 'PSP_NS'],
    [0x8a, 'MSPLIM_NS'],
    [0x8b, 'PSPLIM_NS'],
    [0x90, 'PRIMASK_NS'],
    [0x91, 'BASEPRI_NS'],
    [0x93, 'FAULTMASK_NS'],
    [0x94, 'CONTROL_NS'],
    [0x98, 'SP_NS'],
  ];
  for (const [n, name] of pairs) names[n] = name;
  return names;
})();

/** A banked / special register by objdump's R:B:M:M1 number, or `(UNDEF: n)`. */
function specialRegister(id: number): string {
  return SPECIAL_REGISTER_NAMES[id] ?? '(UNDEF: ' + id + ')';
}

/** `CPSR_` / `SPSR_` plus the field letters, indexed by R:mask. */
const PSR_FIELD_NAMES: readonly string[] = Array.from(
  { length: 32 },
  (_, i) =>
    (i & 16 ? 'SPSR_' : 'CPSR_') + (i & 8 ? 'f' : '') + (i & 4 ? 's' : '') + (i & 2 ? 'x' : '') + (i & 1 ? 'c' : ''),
);

function formatMoveFromStatus(insn: ThumbForm<MoveFromStatusInsn>): Disassembly {
  // objdump reads non-zero (0) bits 7:0 without the banked bit as an M-profile register number.
  const mProfile = insn.word & 0xff;
  const name =
    mProfile !== 0 && !insn.banked
      ? M_PROFILE_REGISTERS[mProfile]!
      : specialRegister((insn.readSpsr ? 64 : 0) | (insn.banked ? 32 : 0) | insn.sysm);
  return { text: tabHead('mrs', insn.itState) + REG_COMMA[insn.rd]! + name, comment: null };
}

function formatMoveToStatusRegister(insn: ThumbForm<MoveToStatusRegisterInsn>): Disassembly {
  const mProfile = insn.word & 0xff;
  const name =
    mProfile !== 0 ? M_PROFILE_REGISTERS[mProfile]! : PSR_FIELD_NAMES[(insn.writeSpsr ? 16 : 0) | insn.mask]!;
  return { text: tabHead('msr', insn.itState) + name + ', ' + reg(insn.rn), comment: null };
}

function formatMoveToBanked(insn: ThumbForm<MoveToBankedInsn>): Disassembly {
  return {
    text: tabHead('msr', insn.itState) + specialRegister((insn.writeSpsr ? 96 : 32) | insn.sysm) + ', ' + reg(insn.rn),
    comment: null,
  };
}

/** objdump's mve_vec_sizename[] for WLSTP / DLSTP. */
function elementSize(bits: number): string {
  return String(bits);
}

function formatNamedUndefined(insn: NamedUndefinedInsn, context: FormatContext): Disassembly {
  const rn = insn.rn;
  const regComment = rn === 13 || rn === 15 ? UNPREDICTABLE : null;
  const label = insn.label === null ? '' : context.formatAddress(insn.label);
  const offset = hex(insn.imm).slice(2);
  switch (insn.op) {
    case 'lctp':
      return { text: bareHead('lctp', insn.itState), comment: null };
    case 'le':
      return { text: rn === null ? 'le\t' + label : 'le\tlr, ' + label, comment: null };
    case 'letp':
      return { text: 'letp\tlr, ' + label, comment: null };
    case 'wls':
      return { text: 'wls\tlr, ' + REG_COMMA[rn!]! + label, comment: regComment };
    case 'wlstp':
      return {
        text: 'wlstp.' + elementSize(insn.elementSize) + '\tlr, ' + REG_COMMA[rn!]! + label,
        comment: regComment,
      };
    case 'dls':
      return { text: 'dls\tlr, ' + REG_NAMES[rn!]!, comment: regComment };
    case 'dlstp':
      return { text: 'dlstp.' + elementSize(insn.elementSize) + '\tlr, ' + REG_NAMES[rn!]!, comment: regComment };
    case 'bf':
    case 'bfl':
      return { text: tabHead(insn.op, insn.itState) + offset + ', ' + label, comment: null };
    case 'bfx':
    case 'bflx':
      return { text: tabHead(insn.op, insn.itState) + offset + ', ' + REG_NAMES[rn!]!, comment: regComment };
    case 'bfcsel':
      return {
        text:
          'bfcsel\t' +
          offset +
          ', ' +
          label +
          ', ' +
          hex(insn.elseOffset).slice(2) +
          ', ' +
          IT_COND_NAMES[insn.elseCond]!,
        comment: null,
      };
    case 'dcps':
      return { text: 'dcps' + insn.imm, comment: null };
    default:
      return { text: insn.imm === 14 ? 'undefined (bcc, cond=0xE)' : 'undefined (bcc, cond=0xF)', comment: null };
  }
}

export const t32BranchControlFormatters: ThumbFormatterMap = {
  'branch-immediate': formatBranchImmediate,
  'named-undefined': formatNamedUndefined,
  hint: formatHint,
  barrier: formatBarrier,
  'clear-exclusive': (insn) => ({ text: bareHead('clrex', insn.itState), comment: null }),
  'change-processor-state': formatChangeProcessorState,
  'branch-exchange': (insn: ThumbForm<BranchExchangeInsn>) => ({
    text: tabHead('bxj', insn.itState) + reg(insn.rm),
    comment: itBranchComment(insn.itState),
  }),
  mrs: formatMoveFromStatus,
  'msr-register': formatMoveToStatusRegister,
  'msr-banked': formatMoveToBanked,
  'exception-return': (insn) => ({
    text: SUBS_HEADS[itIndex(insn.itState)]! + insn.imm32,
    comment: valueComment(insn.imm32),
  }),
  'hypervisor-call': (insn) => ({
    text: HVC_HEADS[itIndex(insn.itState)]! + insn.imm16,
    comment: valueComment(insn.imm16),
  }),
  'secure-monitor-call': (insn) => ({
    text: SMC_HEADS[itIndex(insn.itState)]! + insn.imm16,
    comment: valueComment(insn.imm16),
  }),
  'permanently-undefined': (insn) => ({
    text: UDF_HEADS[itIndex(insn.itState)]! + insn.imm16,
    comment: valueComment(insn.imm16),
  }),
};
