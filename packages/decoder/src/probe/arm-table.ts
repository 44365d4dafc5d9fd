/**
 * The kernel's ARM-state kprobes decode table, as data (facts from arch/arm/probes/decode-arm.c,
 * re-expressed here). Ordered entries, first match wins; a sub-table refines its parent; an `or`
 * entry makes the following entry apply as well to words matching the `or`'s pattern.
 *
 * Register-type annotations apply to the 4-bit fields at bits 19:16, 15:12, 11:8, 7:4 and 3:0.
 */

/** What a register field must (not) be; a violation rejects the probe. */
export type RegType =
  | 'any'
  | 'no-pc'
  /** Not PC, in an encoding where PC there would select a different instruction (coverage only). */
  | 'no-pc-x'
  /** Not PC when the load/store writes back (P = 0 or W = 1). */
  | 'no-pc-wb'
  | 'no-sp'
  | 'no-sp-pc'
  | 'sp'
  | 'pc';

/** Register types for fields [19:16, 15:12, 11:8, 7:4, 3:0]; null = not a register field. */
export type RegFields = readonly [RegType | null, RegType | null, RegType | null, RegType | null, RegType | null];

/** How a probed instruction is single-stepped (the kernel's action names, in our vocabulary). */
export type ProbeHandler =
  | 'preload-imm'
  | 'preload-reg'
  | 'branch-imm-blx'
  | 'mrs'
  | 'branch-reg'
  | 'clz'
  | 'saturating-arithmetic'
  | 'multiply-long'
  | 'multiply'
  | 'ldrd-strd'
  | 'load-extra'
  | 'load'
  | 'store-extra'
  | 'store'
  | 'mov-ip-sp'
  | 'data-processing-reg'
  | 'data-processing-imm'
  | 'mov-halfword'
  | 'sev'
  | 'wfe'
  | 'saturate'
  | 'reverse'
  | 'parallel-add-sub'
  | 'pack'
  | 'extend'
  | 'extend-add'
  | 'multiply-add-long'
  | 'multiply-add'
  | 'bitfield'
  | 'branch'
  | 'ldm-stm';

/**
 * Which renamed register fields of an emulated instruction's slot copy hold results, per handler (what the
 * kernel's emulate_* handlers copy back): bit position 12 (Rd, Rt, RdLo) and/or 16 (Rd of MUL-style
 * encodings, RdHi, or a written-back base). A field only counts when the instruction really writes that
 * register (no result for CMP, no base update without writeback).
 */
export const PROBE_RESULT_FIELDS: Readonly<Partial<Record<ProbeHandler, readonly number[]>>> = {
  'data-processing-reg': [12],
  'data-processing-imm': [12],
  clz: [12],
  'saturating-arithmetic': [12],
  'mov-halfword': [12],
  saturate: [12],
  reverse: [12],
  'parallel-add-sub': [12],
  pack: [12],
  extend: [12],
  'extend-add': [12],
  bitfield: [12],
  multiply: [16],
  'multiply-add': [16],
  'multiply-long': [12, 16],
  'multiply-add-long': [12, 16],
  load: [12, 16],
  'load-extra': [12, 16],
  store: [16],
  'store-extra': [16],
  'ldrd-strd': [12, 16],
  sev: [],
};

export type ProbeEntry =
  | {
      readonly type: 'table';
      readonly mask: number;
      readonly value: number;
      readonly name: string;
      readonly table: readonly ProbeEntry[];
    }
  | { readonly type: 'or'; readonly mask: number; readonly value: number; readonly name: string }
  | {
      readonly type: 'simulate';
      readonly mask: number;
      readonly value: number;
      readonly name: string;
      readonly handler: ProbeHandler;
      readonly regs: RegFields | null;
    }
  | {
      readonly type: 'emulate';
      readonly mask: number;
      readonly value: number;
      readonly name: string;
      readonly handler: ProbeHandler;
      readonly regs: RegFields;
    }
  | {
      readonly type: 'custom';
      readonly mask: number;
      readonly value: number;
      readonly name: string;
      readonly handler: 'ldm-stm';
    }
  | {
      readonly type: 'reject';
      readonly mask: number;
      readonly value: number;
      readonly name: string;
      readonly reason: string;
    }
  | { readonly type: 'end'; readonly name: string };

const R = (r16: RegType | 0, r12: RegType | 0, r8: RegType | 0, r4: RegType | 0, r0: RegType | 0): RegFields => [
  r16 || null,
  r12 || null,
  r8 || null,
  r4 || null,
  r0 || null,
];

const table = (mask: number, value: number, name: string, t: readonly ProbeEntry[]): ProbeEntry => ({
  type: 'table',
  mask,
  value,
  name,
  table: t,
});
const or = (mask: number, value: number, name: string): ProbeEntry => ({ type: 'or', mask, value, name });
const sim = (
  mask: number,
  value: number,
  name: string,
  handler: ProbeHandler,
  regs: RegFields | null = null,
): ProbeEntry => ({
  type: 'simulate',
  mask,
  value,
  name,
  handler,
  regs,
});
const emu = (mask: number, value: number, name: string, handler: ProbeHandler, regs: RegFields): ProbeEntry => ({
  type: 'emulate',
  mask,
  value,
  name,
  handler,
  regs,
});
const reject = (mask: number, value: number, name: string, reason: string): ProbeEntry => ({
  type: 'reject',
  mask,
  value,
  name,
  reason,
});
const end = (name: string): ProbeEntry => ({ type: 'end', name });

// biome-ignore format: one row per encoding, aligned like the ARM ARM index
const UNCONDITIONAL: readonly ProbeEntry[] = [
  sim(0xfe300000, 0xf4100000, 'PLD/PLDW/PLI (immediate)', 'preload-imm'),
  sim(0xfe300010, 0xf6100000, 'PLD/PLDW/PLI (register)', 'preload-reg'),
  sim(0xfe000000, 0xfa000000, 'BLX (immediate)', 'branch-imm-blx'),
  end('unconditional space: CPS, SETEND, SRS, RFE, coprocessor, barriers and unallocated are not probed'),
];

// biome-ignore format: one row per encoding
const MISCELLANEOUS: readonly ProbeEntry[] = [
  // Not in the kernel: its MRS row also matches MRS (banked register), an ARMv7VE encoding it would
  // simulate as a CPSR read. armprobe refuses it instead of returning the wrong value.
  reject(0x0ff002f0, 0x01000200, 'MRS (banked register)', 'MRS (banked register) is not probed'),
  sim(0x0ff000f0, 0x01000000, 'MRS (CPSR)', 'mrs', R(0, 'no-pc', 0, 0, 0)),
  sim(0x0ff000f0, 0x01200010, 'BX', 'branch-reg'),
  sim(0x0ff000f0, 0x01200030, 'BLX (register)', 'branch-reg', R(0, 0, 0, 0, 'no-pc')),
  emu(0x0ff000f0, 0x01600010, 'CLZ', 'clz', R(0, 'no-pc', 0, 0, 'no-pc')),
  emu(0x0f9000f0, 0x01000050, 'QADD/QSUB/QDADD/QDSUB', 'saturating-arithmetic', R('no-pc', 'no-pc', 0, 0, 'no-pc')),
  end('miscellaneous: BXJ, MSR, MRS (SPSR), BKPT, SMC, HVC, ERET and unallocated are not probed'),
];

// biome-ignore format: one row per encoding
const HALFWORD_MULTIPLY: readonly ProbeEntry[] = [
  emu(0x0ff00090, 0x01400080, 'SMLALxy', 'multiply-long', R('no-pc', 'no-pc', 'no-pc', 0, 'no-pc')),
  or(0x0ff000b0, 0x012000a0, 'SMULWy'),
  emu(0x0ff00090, 0x01600080, 'SMULxy', 'multiply', R('no-pc', 0, 'no-pc', 0, 'no-pc')),
  or(0x0ff00090, 0x01000080, 'SMLAxy'),
  emu(0x0ff000b0, 0x01200080, 'SMLAWy', 'multiply', R('no-pc', 'no-pc', 'no-pc', 0, 'no-pc')),
  end('halfword multiply: unallocated'),
];

// biome-ignore format: one row per encoding
const MULTIPLY: readonly ProbeEntry[] = [
  emu(0x0fe000f0, 0x00000090, 'MUL/MULS', 'multiply', R('no-pc', 0, 'no-pc', 0, 'no-pc')),
  or(0x0fe000f0, 0x00200090, 'MLA/MLAS'),
  emu(0x0ff000f0, 0x00600090, 'MLS', 'multiply', R('no-pc', 'no-pc', 'no-pc', 0, 'no-pc')),
  or(0x0ff000f0, 0x00400090, 'UMAAL'),
  emu(0x0f8000f0, 0x00800090, 'UMULL/UMLAL/SMULL/SMLAL', 'multiply-long', R('no-pc', 'no-pc', 'no-pc', 0, 'no-pc')),
  end('multiply: unallocated'),
];

// biome-ignore format: one row per encoding
const SYNCHRONIZATION: readonly ProbeEntry[] = [
  end('synchronization primitives (SWP/SWPB, LDREX/STREX family) are not probed on ARMv7'),
];

// biome-ignore format: one row per encoding
const EXTRA_LOAD_STORE: readonly ProbeEntry[] = [
  reject(0x0f200090, 0x00200090, 'LDRHT/STRHT/LDRSBT/LDRSHT', 'unprivileged load/store (LDRT family) is not probed'),
  reject(0x0e10e0d0, 0x0000e0d0, 'LDRD/STRD with Rt = LR', 'LDRD/STRD with Rt = LR would transfer PC as Rt2'),
  emu(0x0e5000d0, 0x000000d0, 'LDRD/STRD (register)', 'ldrd-strd', R('no-pc-wb', 'no-pc-x', 0, 0, 'no-pc')),
  emu(0x0e5000d0, 0x004000d0, 'LDRD/STRD (immediate)', 'ldrd-strd', R('no-pc-wb', 'no-pc-x', 0, 0, 0)),
  emu(0x0e5000f0, 0x000000b0, 'STRH (register)', 'store-extra', R('no-pc-wb', 'no-pc', 0, 0, 'no-pc')),
  emu(0x0e500090, 0x00100090, 'LDRH/LDRSB/LDRSH (register)', 'load-extra', R('no-pc-wb', 'no-pc', 0, 0, 'no-pc')),
  emu(0x0e5000f0, 0x004000b0, 'STRH (immediate)', 'store-extra', R('no-pc-wb', 'no-pc', 0, 0, 0)),
  emu(0x0e500090, 0x00500090, 'LDRH/LDRSB/LDRSH (immediate)', 'load-extra', R('no-pc-wb', 'no-pc', 0, 0, 0)),
  end('extra load/store: unallocated'),
];

// biome-ignore format: one row per encoding
const DATA_PROCESSING_REGISTER: readonly ProbeEntry[] = [
  reject(0x0e10f000, 0x0010f000, '<op>S PC, … (register)', 'flag-setting data-processing with Rd = PC is an exception return'),
  sim(0xffffffff, 0xe1a0c00d, 'MOV IP, SP', 'mov-ip-sp'),
  emu(0x0f900010, 0x01100000, 'TST/TEQ/CMP/CMN (register)', 'data-processing-reg', R('any', 0, 0, 0, 'any')),
  emu(0x0fa00010, 0x01a00000, 'MOV/MVN (register)', 'data-processing-reg', R(0, 'any', 0, 0, 'any')),
  emu(0x0e000010, 0x00000000, 'AND … BIC (register)', 'data-processing-reg', R('any', 'any', 0, 0, 'any')),
  emu(0x0f900090, 0x01100010, 'TST/TEQ/CMP/CMN (register-shifted register)', 'data-processing-reg', R('no-pc', 0, 'no-pc', 0, 'no-pc')),
  emu(0x0fa00090, 0x01a00010, 'MOV/MVN (register-shifted register)', 'data-processing-reg', R(0, 'no-pc', 'no-pc', 0, 'no-pc')),
  emu(0x0e000090, 0x00000010, 'AND … BIC (register-shifted register)', 'data-processing-reg', R('no-pc', 'no-pc', 'no-pc', 0, 'no-pc')),
  end('data-processing (register): unallocated'),
];

// biome-ignore format: one row per encoding
const DATA_PROCESSING_IMMEDIATE: readonly ProbeEntry[] = [
  emu(0x0fb00000, 0x03000000, 'MOVW/MOVT', 'mov-halfword', R(0, 'no-pc', 0, 0, 0)),
  or(0x0fff00ff, 0x03200001, 'YIELD'),
  emu(0x0fff00ff, 0x03200004, 'SEV', 'sev', R(0, 0, 0, 0, 0)),
  sim(0x0fff00fc, 0x03200000, 'NOP/WFE/WFI', 'wfe'),
  reject(0x0fb00000, 0x03200000, 'DBG/unallocated hints/MSR (immediate)', 'MSR (immediate), DBG and unallocated hints are not probed'),
  reject(0x0e10f000, 0x0210f000, '<op>S PC, … (immediate)', 'flag-setting data-processing with Rd = PC is an exception return'),
  emu(0x0f900000, 0x03100000, 'TST/TEQ/CMP/CMN (immediate)', 'data-processing-imm', R('any', 0, 0, 0, 0)),
  emu(0x0fa00000, 0x03a00000, 'MOV/MVN (immediate)', 'data-processing-imm', R(0, 'any', 0, 0, 0)),
  emu(0x0e000000, 0x02000000, 'AND … BIC (immediate)', 'data-processing-imm', R('any', 'any', 0, 0, 0)),
  end('data-processing (immediate): unallocated'),
];

// biome-ignore format: one row per encoding
const MEDIA_0110: readonly ProbeEntry[] = [
  emu(0x0ff000f0, 0x068000b0, 'SEL', 'saturate', R('no-pc', 'no-pc', 0, 0, 'no-pc')),
  or(0x0fa00030, 0x06a00010, 'SSAT/USAT'),
  emu(0x0fb000f0, 0x06a00030, 'SSAT16/USAT16', 'saturate', R(0, 'no-pc', 0, 0, 'no-pc')),
  emu(0x0fb00070, 0x06b00030, 'REV/REV16/RBIT/REVSH', 'reverse', R(0, 'no-pc', 0, 0, 'no-pc')),
  reject(0x0fb00010, 0x06000010, 'media 0110 0x00 … xxx1', 'unallocated media encoding'),
  reject(0x0f8000f0, 0x060000b0, 'media 0110 0xxx … 1011', 'unallocated media encoding'),
  reject(0x0f8000f0, 0x060000d0, 'media 0110 0xxx … 1101', 'unallocated media encoding'),
  emu(0x0f800010, 0x06000010, 'parallel add/subtract', 'parallel-add-sub', R('no-pc', 'no-pc', 0, 0, 'no-pc')),
  emu(0x0ff00030, 0x06800010, 'PKHBT/PKHTB', 'pack', R('no-pc', 'no-pc', 0, 0, 'no-pc')),
  reject(0x0fb000f0, 0x06900070, 'media 0110 1x01 … 0111', 'unallocated media encoding'),
  emu(0x0f8f00f0, 0x068f0070, 'SXTB16/SXTB/SXTH/UXTB16/UXTB/UXTH', 'extend', R(0, 'no-pc', 0, 0, 'no-pc')),
  emu(0x0f8000f0, 0x06800070, 'SXTAB16/SXTAB/SXTAH/UXTAB16/UXTAB/UXTAH', 'extend-add', R('no-pc-x', 'no-pc', 0, 0, 'no-pc')),
  end('media (0110): unallocated'),
];

// biome-ignore format: one row per encoding
const MEDIA_0111: readonly ProbeEntry[] = [
  reject(0x0ff000f0, 0x07f000f0, 'UDF', 'permanently undefined (UDF) is not probed'),
  emu(0x0ff00090, 0x07400010, 'SMLALD/SMLSLD', 'multiply-add-long', R('no-pc', 'no-pc', 'no-pc', 0, 'no-pc')),
  or(0x0ff0f090, 0x0700f010, 'SMUAD/SMUSD'),
  or(0x0ff0f0d0, 0x0750f010, 'SMMUL'),
  emu(0x0ff0f0f0, 0x0780f010, 'USAD8', 'multiply-add', R('no-pc', 0, 'no-pc', 0, 'no-pc')),
  or(0x0ff00090, 0x07000010, 'SMLAD/SMLSD'),
  or(0x0ff000d0, 0x07500010, 'SMMLA'),
  emu(0x0ff000f0, 0x07800010, 'USADA8', 'multiply-add', R('no-pc', 'no-pc-x', 'no-pc', 0, 'no-pc')),
  emu(0x0ff000d0, 0x075000d0, 'SMMLS', 'multiply-add', R('no-pc', 'no-pc', 'no-pc', 0, 'no-pc')),
  emu(0x0fa00070, 0x07a00050, 'SBFX/UBFX', 'bitfield', R(0, 'no-pc', 0, 0, 'no-pc')),
  emu(0x0fe0007f, 0x07c0001f, 'BFC', 'bitfield', R(0, 'no-pc', 0, 0, 0)),
  emu(0x0fe00070, 0x07c00010, 'BFI', 'bitfield', R(0, 'no-pc', 0, 0, 'no-pc-x')),
  end('media (0111): SDIV/UDIV and unallocated are not probed'),
];

// biome-ignore format: one row per encoding
const LOAD_STORE_WORD_BYTE: readonly ProbeEntry[] = [
  reject(0x0c40f000, 0x0440f000, 'LDRB/STRB PC', 'LDRB/STRB with Rt = PC is not probed'),
  reject(0x0d200000, 0x04200000, 'STRT/LDRT/STRBT/LDRBT', 'unprivileged load/store (LDRT family) is not probed'),
  emu(0x0e100000, 0x04000000, 'STR/STRB (immediate)', 'store', R('no-pc-wb', 'any', 0, 0, 0)),
  emu(0x0e100000, 0x04100000, 'LDR/LDRB (immediate)', 'load', R('no-pc-wb', 'any', 0, 0, 0)),
  emu(0x0e100000, 0x06000000, 'STR/STRB (register)', 'store', R('no-pc-wb', 'any', 0, 0, 'no-pc')),
  emu(0x0e100000, 0x06100000, 'LDR/LDRB (register)', 'load', R('no-pc-wb', 'any', 0, 0, 'no-pc')),
  end('load/store word and byte: unallocated'),
];

// biome-ignore format: one row per encoding
const BLOCK_TRANSFER: readonly ProbeEntry[] = [
  { type: 'custom', mask: 0x0e400000, value: 0x08000000, name: 'LDM/STM', handler: 'ldm-stm' },
  end('LDM/STM user-register and exception-return forms are not probed'),
];

/** The root ARM table (14 root entries and 12 sub-tables, as in the kernel). */
// biome-ignore format: one row per encoding
export const ARM_PROBE_TABLE: readonly ProbeEntry[] = [
  table(0xf0000000, 0xf0000000, 'unconditional', UNCONDITIONAL),
  table(0x0f900080, 0x01000000, 'miscellaneous', MISCELLANEOUS),
  table(0x0f900090, 0x01000080, 'halfword multiply', HALFWORD_MULTIPLY),
  table(0x0f0000f0, 0x00000090, 'multiply', MULTIPLY),
  table(0x0f0000f0, 0x01000090, 'synchronization', SYNCHRONIZATION),
  table(0x0e000090, 0x00000090, 'extra load/store', EXTRA_LOAD_STORE),
  table(0x0e000000, 0x00000000, 'data-processing (register)', DATA_PROCESSING_REGISTER),
  table(0x0e000000, 0x02000000, 'data-processing (immediate)', DATA_PROCESSING_IMMEDIATE),
  table(0x0f000010, 0x06000010, 'media (0110)', MEDIA_0110),
  table(0x0f000010, 0x07000010, 'media (0111)', MEDIA_0111),
  table(0x0c000000, 0x04000000, 'load/store word and byte', LOAD_STORE_WORD_BYTE),
  table(0x0e000000, 0x08000000, 'block transfer', BLOCK_TRANSFER),
  sim(0x0e000000, 0x0a000000, 'B/BL', 'branch'),
  reject(0x0c000000, 0x0c000000, 'SVC/coprocessor', 'SVC and coprocessor instructions are not probed'),
  end('unallocated'),
];
