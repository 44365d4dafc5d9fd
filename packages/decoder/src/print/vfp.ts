/**
 * Printing of the floating-point (VFP) kinds exactly as GNU objdump 2.40 does it, in both states. What
 * differs between the states is given by the caller (see formatVfp): the condition suffix objdump prints, the
 * PC bias of a literal VLDR/VSTR, and whether the unit sits inside an IT block (Thumb), where objdump marks
 * the ARMv8 unconditional forms (VSEL, VMAXNM, VRINTA…, VCVTA…) and any coprocessor 9 form except the BF16
 * conversion UNPREDICTABLE. In ARM state a coprocessor 9 form with a condition other than AL is UNPREDICTABLE.
 */
import type {
  FpRegister,
  VfpArithmeticInsn,
  VfpCompareInsn,
  VfpConvertInsn,
  VfpDuplicateCoreInsn,
  VfpInsn,
  VfpLoadStoreInsn,
  VfpLoadStoreMultipleInsn,
  VfpMoveCorePairInsn,
  VfpMoveCoreScalarInsn,
  VfpMoveCoreSingleInsn,
  VfpMoveImmediateInsn,
  VfpSystemRegisterInsn,
  VfpUnaryInsn,
} from '../vfp/types.js';
import { addressOperand, joinComment } from './coprocessor.js';
import { cond, type Disassembly, REG_NAMES, UNPREDICTABLE } from './format.js';
import type { FormatContext, FormatterTable } from './table.js';

/** An instruction of either state: the printer reads its fields, never `isa`. */
type StateFree<T> = T extends unknown ? Omit<T, 'isa'> : never;

/** What the state decides (see the file comment). */
export interface VfpState {
  /** The condition suffix objdump prints for `%c`. */
  readonly suffix: string;
  /** Thumb and inside an IT block. */
  readonly inIt: boolean;
  /** What objdump adds to the address (less its misalignment) for a literal's address: 8 ARM, 4 Thumb. */
  readonly pcBias: number;
}

/** Core registers in the VFP forms: r9 keeps its number, as in objdump's coprocessor printer. */
function core(n: number): string {
  return n === 9 ? 'r9' : REG_NAMES[n & 15]!;
}

const S_NAMES: readonly string[] = Array.from({ length: 64 }, (_, i) => 's' + i);
const D_NAMES: readonly string[] = Array.from({ length: 64 }, (_, i) => 'd' + i);

function fp(r: FpRegister): string {
  return r.bank === 's' ? S_NAMES[r.index]! : r.bank === 'd' ? D_NAMES[r.index]! : 'q' + r.index;
}

/** The ARMv8 forms objdump prints with `%u` (unconditional in ARM state; in Thumb UNPREDICTABLE in an IT block). */
function isUnconditionalForm(insn: { readonly word: number }): boolean {
  return insn.word >>> 28 === 0xf;
}

/** Coprocessor 9 (half precision): objdump's UNPREDICTABLE unless AL (ARM) / outside an IT block (Thumb). */
function isCoprocessor9(insn: { readonly word: number }): boolean {
  return ((insn.word >>> 8) & 0xf) === 9;
}

function unpredictableFor(insn: StateFree<VfpInsn>, state: VfpState): boolean {
  if (state.inIt) {
    if (isUnconditionalForm(insn)) return (insn.op !== 'vins' && insn.op !== 'vmovx') || isCoprocessor9(insn);
    return isCoprocessor9(insn) && !(insn.kind === 'vfp-convert' && insn.to === 'bf16');
  }
  if (!isCoprocessor9(insn)) return false;
  const c = insn.word >>> 28;
  return c !== 14 && c !== 15 && !(insn.kind === 'vfp-convert' && insn.to === 'bf16');
}

function done(text: string, comment: string | null, unpredictable: boolean): Disassembly {
  if (!unpredictable) return { text, comment };
  return { text, comment: comment === null ? UNPREDICTABLE : `${comment}\t@ ${UNPREDICTABLE}` };
}

const SELECT_SUFFIX: Record<number, string> = { 0: 'eq', 6: 'vs', 10: 'ge', 12: 'gt' };

function arithmetic(insn: StateFree<VfpArithmeticInsn>, s: VfpState): Disassembly {
  const sel = insn.selectCond === null ? '' : SELECT_SUFFIX[insn.selectCond]!;
  return done(
    `${insn.op}${sel}${s.suffix}.${insn.dataType}\t${fp(insn.vd)}, ${fp(insn.vn)}, ${fp(insn.vm)}`,
    null,
    unpredictableFor(insn, s),
  );
}

const RINT_LETTER: Record<string, string> = { fpscr: 'r', exact: 'x', zero: 'z', a: 'a', n: 'n', p: 'p', m: 'm' };

function unaryText(insn: StateFree<VfpUnaryInsn>, s: VfpState): Disassembly {
  let op = insn.op;
  if (insn.rounding !== null) op += insn.architecturallyUndefined ? '?' : RINT_LETTER[insn.rounding]!;
  const c = insn.op === 'vins' ? '' : s.suffix;
  return done(`${op}${c}.${insn.dataType}\t${fp(insn.vd)}, ${fp(insn.vm)}`, null, unpredictableFor(insn, s));
}

function compareText(insn: StateFree<VfpCompareInsn>, s: VfpState): Disassembly {
  const second = insn.vm === null ? '#0.0' : fp(insn.vm);
  return done(`${insn.op}${s.suffix}.${insn.dataType}\t${fp(insn.vd)}, ${second}`, null, unpredictableFor(insn, s));
}

/** objdump's value of a VFP immediate: the fewest of 1, 3 or 7 decimals that print it exactly, sign or space. */
function immediateValue(value: number): string {
  let digits = value.toFixed(1);
  if (Number(digits) !== value) digits = value.toFixed(3);
  if (Number(digits) !== value) digits = value.toFixed(7);
  return value < 0 || Object.is(value, -0) ? digits : ' ' + digits;
}

function hex8(bits: number): string {
  return '0x' + (bits >>> 0).toString(16).padStart(8, '0');
}

function moveImmediateText(insn: StateFree<VfpMoveImmediateInsn>, s: VfpState): Disassembly {
  // objdump shows the single-precision bits of the constant, whatever the precision.
  const bits32 = singleBits(insn.value);
  return done(
    `vmov${s.suffix}.${insn.dataType}\t${fp(insn.vd)}, #${insn.imm8}`,
    `${hex8(bits32)} ${immediateValue(insn.value)}`,
    unpredictableFor(insn, s),
  );
}

const F32 = new DataView(new ArrayBuffer(4));
function singleBits(value: number): number {
  F32.setFloat32(0, value);
  return F32.getUint32(0);
}

function convertText(insn: StateFree<VfpConvertInsn>, s: VfpState): Disassembly {
  const unpredictable = unpredictableFor(insn, s);
  if (insn.fbits !== null) {
    return done(
      `${insn.op}${s.suffix}.${insn.to}.${insn.from}\t${fp(insn.vd)}, ${fp(insn.vd)}, #${insn.fbits}`,
      null,
      unpredictable,
    );
  }
  return done(`${insn.op}${s.suffix}.${insn.to}.${insn.from}\t${fp(insn.vd)}, ${fp(insn.vm)}`, null, unpredictable);
}

function loadStoreText(insn: StateFree<VfpLoadStoreInsn>, context: FormatContext, s: VfpState): Disassembly {
  const a = addressOperand(
    insn.word,
    insn.address,
    insn.word & 0xff,
    insn.size === 2 ? 2 : 4,
    context.formatAddress,
    s.pcBias,
  );
  const size = insn.size === 2 ? '.16' : '';
  return {
    text: `${insn.op}${s.suffix}${size}\t${fp(insn.vd)}, ${a.text}`,
    comment: joinComment(a.pcComment, a.value, unpredictableFor(insn, s)),
  };
}

/** The register list as objdump spells it for each form. */
function listText(insn: StateFree<VfpLoadStoreMultipleInsn>): string {
  const first = insn.first;
  if (insn.bank === 's') {
    return insn.count === 1 ? `{s${first}}` : `{s${first}-s${first + insn.count - 1}}`;
  }
  if (insn.op.endsWith('x')) {
    return insn.count === 1 ? `{d${first}}` : `{d${first}-d${first + insn.count - 1}}`;
  }
  // VLDM/VSTM/VPUSH/VPOP of D registers: objdump counts bits 6:1 of imm8.
  const count = (insn.imm8 >>> 1) & 0x3f;
  if (count === 1) return `{d${first}}`;
  if (first + count > 32) return `{d${first}-<overflow reg d${first + count - 1}>}`;
  return `{d${first}-d${first + count - 1}}`;
}

/** VSCCLRM's list (Thumb only): the registers then VPR; past S31 / D15 objdump names the D register reached. */
function clearListText(insn: StateFree<VfpLoadStoreMultipleInsn>): string {
  if (insn.count === 0) return '{VPR}';
  const b = insn.bank;
  const first = insn.first;
  const last = first + insn.count - 1;
  if (b === 's' ? last > 31 : last > 15) return `{${b}${first}-<overflow reg d${b === 's' ? last >>> 1 : last}, VPR}`;
  return insn.count === 1 ? `{${b}${first}, VPR}` : `{${b}${first}-${b}${last}, VPR}`;
}

function loadStoreMultipleText(insn: StateFree<VfpLoadStoreMultipleInsn>, s: VfpState): Disassembly {
  if (insn.op === 'vlldm' || insn.op === 'vlstm') return { text: `${insn.op}\t${core(insn.rn)}`, comment: null };
  if (insn.op === 'vscclrm') return { text: `vscclrm${s.suffix}\t${clearListText(insn)}`, comment: null };
  const list = listText(insn);
  const unpredictable = unpredictableFor(insn, s);
  if (insn.op === 'vpush' || insn.op === 'vpop') return done(`${insn.op}${s.suffix}\t${list}`, null, unpredictable);
  const text = `${insn.op}${s.suffix}\t${core(insn.rn)}${insn.wback ? '!' : ''}, ${list}`;
  return done(text, insn.op.endsWith('x') ? 'Deprecated' : null, unpredictable);
}

function moveCoreSingleText(insn: StateFree<VfpMoveCoreSingleInsn>, s: VfpState): Disassembly {
  const dt = insn.dataType === null ? '' : '.f16';
  const text = insn.toCore
    ? `vmov${s.suffix}${dt}\t${core(insn.rt)}, ${fp(insn.vn)}`
    : `vmov${s.suffix}${dt}\t${fp(insn.vn)}, ${core(insn.rt)}`;
  return done(text, null, unpredictableFor(insn, s));
}

function moveCorePairText(insn: StateFree<VfpMoveCorePairInsn>, s: VfpState): Disassembly {
  const regs = insn.vm.bank === 'd' ? fp(insn.vm) : `${fp(insn.vm)}, s${insn.vm.index + 1}`;
  const cores = `${core(insn.rt)}, ${core(insn.rt2)}`;
  const text = insn.toCore ? `vmov${s.suffix}\t${cores}, ${regs}` : `vmov${s.suffix}\t${regs}, ${cores}`;
  return done(text, null, unpredictableFor(insn, s));
}

function moveCoreScalarText(insn: StateFree<VfpMoveCoreScalarInsn>, s: VfpState): Disassembly {
  const dt = insn.signed === null ? String(insn.size) : (insn.signed ? 's' : 'u') + insn.size;
  const scalar = `${fp(insn.vn)}[${insn.lane}]`;
  const text = insn.toCore
    ? `vmov${s.suffix}.${dt}\t${core(insn.rt)}, ${scalar}`
    : `vmov${s.suffix}.${dt}\t${scalar}, ${core(insn.rt)}`;
  return done(text, null, unpredictableFor(insn, s));
}

function duplicateText(insn: StateFree<VfpDuplicateCoreInsn>, s: VfpState): Disassembly {
  // objdump spells a Q register with an odd D number `<illegal reg qN.5>`.
  const d = insn.architecturallyUndefined ? `<illegal reg q${insn.vd.index}.5>` : fp(insn.vd);
  return done(`vdup${s.suffix}.${insn.size}\t${d}, ${core(insn.rt)}`, null, unpredictableFor(insn, s));
}

function systemRegisterText(insn: StateFree<VfpSystemRegisterInsn>, s: VfpState): Disassembly {
  const name = insn.registerName ?? `<impl def 0x${insn.specialRegister.toString(16)}>`;
  const implementationDefined = insn.specialRegister === 9 || insn.specialRegister === 10;
  let text: string;
  if (insn.toFlags) text = `vmrs${s.suffix}\tAPSR_nzcv, fpscr`;
  else if (insn.toCore) text = `vmrs${s.suffix}\t${core(insn.rt)}, ${name}`;
  else text = `vmsr${s.suffix}\t${name}, ${core(insn.rt)}`;
  return done(text, implementationDefined ? 'Impl def' : null, unpredictableFor(insn, s));
}

/** Prints a VFP instruction of either state with what the state decides. */
export function formatVfp(insn: StateFree<VfpInsn>, context: FormatContext, state: VfpState): Disassembly {
  switch (insn.kind) {
    case 'vfp-arithmetic':
      return arithmetic(insn, state);
    case 'vfp-unary':
      return unaryText(insn, state);
    case 'vfp-compare':
      return compareText(insn, state);
    case 'vfp-move-immediate':
      return moveImmediateText(insn, state);
    case 'vfp-convert':
      return convertText(insn, state);
    case 'vfp-load-store':
      return loadStoreText(insn, context, state);
    case 'vfp-load-store-multiple':
      return loadStoreMultipleText(insn, state);
    case 'vfp-move-core-single':
      return moveCoreSingleText(insn, state);
    case 'vfp-move-core-pair':
      return moveCorePairText(insn, state);
    case 'vfp-move-core-scalar':
      return moveCoreScalarText(insn, state);
    case 'vfp-duplicate-core':
      return duplicateText(insn, state);
    default:
      return systemRegisterText(insn, state);
  }
}

const ARM_STATES: readonly VfpState[] = Array.from({ length: 16 }, (_, c) => ({
  suffix: cond(c),
  inIt: false,
  pcBias: 8,
}));

/** ARM state: the word's own condition (none for AL and the unconditional space); PC reads as address + 8. */
function formatA32(insn: VfpInsn, context: FormatContext): Disassembly {
  return formatVfp(insn, context, ARM_STATES[insn.cond & 15]!);
}

export const vfpFormatters: FormatterTable<VfpInsn> = {
  'vfp-arithmetic': formatA32,
  'vfp-unary': formatA32,
  'vfp-compare': formatA32,
  'vfp-move-immediate': formatA32,
  'vfp-convert': formatA32,
  'vfp-load-store': formatA32,
  'vfp-load-store-multiple': formatA32,
  'vfp-move-core-single': formatA32,
  'vfp-move-core-pair': formatA32,
  'vfp-move-core-scalar': formatA32,
  'vfp-duplicate-core': formatA32,
  'vfp-system-register': formatA32,
};
