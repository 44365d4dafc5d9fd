/**
 * The kernel's Thumb-state kprobes decode tables (16-bit and 32-bit) and its Thumb32 stack checker, as data
 * (facts from arch/arm/probes/decode-thumb.c and kprobes/checkers-thumb.c, re-expressed here). Same
 * semantics as the ARM table (arm-table.ts): ordered entries, first match wins, a sub-table refines its
 * parent, an `or` entry makes the following entry apply to its pattern too. Thumb instructions are matched
 * as they are (no condition field to neutralise): a 16-bit one as its halfword, a 32-bit one as
 * `hw1 << 16 | hw2`.
 *
 * Register-type annotations apply to the 4-bit fields at bits 19:16, 15:12, 11:8, 7:4 and 3:0 of a 32-bit
 * instruction (the kernel annotates no 16-bit entry).
 */
import type { RegType } from './arm-table.js';

/** Thumb register types: the ARM ones plus two the Thumb32 table uses. */
export type ThumbRegType =
  | RegType
  /** Not SP or PC, where either would select another instruction (checked the same; coverage only). */
  | 'no-sp-pc-x'
  /** Any register; the slot copy names the register renamed for bits 19:16 (r2) here too. */
  | 'same-as-16';

/** Register types for fields [19:16, 15:12, 11:8, 7:4, 3:0]; null = not a register field. */
export type ThumbRegFields = readonly [
  ThumbRegType | null,
  ThumbRegType | null,
  ThumbRegType | null,
  ThumbRegType | null,
  ThumbRegType | null,
];

/**
 * How a probed Thumb instruction is single-stepped: the kernel's Thumb action for it (PROBES_T16_… and
 * PROBES_T32_…), in our vocabulary.
 */
export type ThumbProbeHandler =
  // 16-bit
  | 't16-add-sp-imm'
  | 't16-cbz'
  | 't16-sign-extend'
  | 't16-push'
  | 't16-pop'
  | 't16-sev'
  | 't16-wfe'
  | 't16-it'
  | 't16-cmp'
  | 't16-add-sub'
  | 't16-logical'
  | 't16-bx-blx'
  | 't16-hi-reg-ops'
  | 't16-ldr-literal'
  | 't16-load-store'
  | 't16-load-store-sp'
  | 't16-adr'
  | 't16-ldm-stm'
  | 't16-branch-cond'
  | 't16-branch'
  // 32-bit
  | 't32-ldm-stm'
  | 't32-ldrd-strd'
  | 't32-table-branch'
  | 't32-tst'
  | 't32-cmp'
  | 't32-mov'
  | 't32-add-sub'
  | 't32-logical'
  | 't32-addw-subw-pc'
  | 't32-addw-subw'
  | 't32-movw'
  | 't32-saturate'
  | 't32-bitfield'
  | 't32-sev'
  | 't32-wfe'
  | 't32-mrs'
  | 't32-branch-cond'
  | 't32-branch'
  | 't32-preload'
  | 't32-ldr-literal'
  | 't32-load-store'
  | 't32-sign-extend'
  | 't32-media'
  | 't32-reverse'
  | 't32-multiply-add'
  | 't32-multiply-add-2'
  | 't32-multiply-add-long';

/** What an emulated Thumb instruction's handler copies back after the slot ran (the kernel's emulate_*). */
export interface ThumbProbeEffect {
  /**
   * 32-bit: bit positions (16, 12, 8, 0) of the renamed fields whose slot registers hold results (a field
   * counts only when the instruction really writes that register). 16-bit: empty — the slot runs on r0–r7
   * themselves (loaded from and stored back to pt_regs), or, for the high-register forms, on r1 (Rdn) and
   * r0 (Rm), r1 copied back to Rdn.
   */
  readonly results: readonly number[];
  /**
   * APSR flags after the slot: 'write' (copied back), 'none' (kept), or 'write-outside-it' (copied back only
   * outside an IT block, where the 16-bit form sets flags; inside one it does not).
   */
  readonly flags: 'write' | 'none' | 'write-outside-it';
}

/** Per emulated handler, what its slot's results are (kprobes copies them back). */
export const THUMB_PROBE_EFFECTS: Readonly<Partial<Record<ThumbProbeHandler, ThumbProbeEffect>>> = {
  't16-sign-extend': { results: [], flags: 'write' },
  't16-cmp': { results: [], flags: 'write' },
  't16-add-sub': { results: [], flags: 'write-outside-it' },
  't16-logical': { results: [], flags: 'write-outside-it' },
  't16-load-store': { results: [], flags: 'write' },
  't16-ldm-stm': { results: [], flags: 'write' },
  't16-hi-reg-ops': { results: [], flags: 'write' },
  't16-push': { results: [], flags: 'none' },
  't16-pop': { results: [], flags: 'none' },
  't16-sev': { results: [], flags: 'none' },
  't32-ldm-stm': { results: [], flags: 'none' },
  't32-ldrd-strd': { results: [12, 8, 16], flags: 'none' },
  't32-tst': { results: [8], flags: 'write' },
  't32-cmp': { results: [8], flags: 'write' },
  't32-mov': { results: [8], flags: 'write' },
  't32-add-sub': { results: [8], flags: 'write' },
  't32-logical': { results: [8], flags: 'write' },
  't32-addw-subw-pc': { results: [8], flags: 'none' },
  't32-addw-subw': { results: [8], flags: 'none' },
  't32-movw': { results: [8], flags: 'none' },
  't32-saturate': { results: [8], flags: 'write' },
  't32-bitfield': { results: [8], flags: 'none' },
  't32-sev': { results: [], flags: 'none' },
  't32-load-store': { results: [12, 16], flags: 'none' },
  't32-sign-extend': { results: [8], flags: 'write' },
  't32-media': { results: [8], flags: 'write' },
  't32-reverse': { results: [8], flags: 'none' },
  't32-multiply-add': { results: [8], flags: 'write' },
  't32-multiply-add-2': { results: [8], flags: 'none' },
  't32-multiply-add-long': { results: [12, 8], flags: 'none' },
};

/** The custom decoders of the Thumb tables (each decides its own way; see thumb.ts). */
export type ThumbCustomHandler = Extract<
  ThumbProbeHandler,
  't16-push' | 't16-pop' | 't16-it' | 't16-hi-reg-ops' | 't16-branch-cond' | 't32-ldm-stm' | 't32-branch-cond'
>;

export type ThumbProbeEntry =
  | {
      readonly type: 'table';
      readonly mask: number;
      readonly value: number;
      readonly name: string;
      readonly table: readonly ThumbProbeEntry[];
    }
  | { readonly type: 'or'; readonly mask: number; readonly value: number; readonly name: string }
  | {
      readonly type: 'simulate' | 'emulate';
      readonly mask: number;
      readonly value: number;
      readonly name: string;
      readonly handler: ThumbProbeHandler;
      readonly regs: ThumbRegFields | null;
    }
  | {
      readonly type: 'custom';
      readonly mask: number;
      readonly value: number;
      readonly name: string;
      readonly handler: ThumbCustomHandler;
    }
  | {
      readonly type: 'reject';
      readonly mask: number;
      readonly value: number;
      readonly name: string;
      readonly reason: string;
      /** Set on the rows armprobe adds where the kernel is wrong: why it differs from the kernel. */
      readonly deviation?: string;
    }
  | { readonly type: 'end'; readonly name: string };

type T = ThumbRegType | 0;
const R = (r16: T, r12: T, r8: T, r4: T, r0: T): ThumbRegFields => [
  r16 || null,
  r12 || null,
  r8 || null,
  r4 || null,
  r0 || null,
];
const table = (mask: number, value: number, name: string, t: readonly ThumbProbeEntry[]): ThumbProbeEntry => ({
  type: 'table',
  mask: mask >>> 0,
  value: value >>> 0,
  name,
  table: t,
});
const or = (mask: number, value: number, name: string): ThumbProbeEntry => ({
  type: 'or',
  mask: mask >>> 0,
  value: value >>> 0,
  name,
});
const sim = (
  mask: number,
  value: number,
  name: string,
  handler: ThumbProbeHandler,
  regs: ThumbRegFields | null = null,
): ThumbProbeEntry => ({ type: 'simulate', mask: mask >>> 0, value: value >>> 0, name, handler, regs });
const emu = (
  mask: number,
  value: number,
  name: string,
  handler: ThumbProbeHandler,
  regs: ThumbRegFields | null = null,
): ThumbProbeEntry => ({ type: 'emulate', mask: mask >>> 0, value: value >>> 0, name, handler, regs });
const custom = (mask: number, value: number, name: string, handler: ThumbCustomHandler): ThumbProbeEntry => ({
  type: 'custom',
  mask: mask >>> 0,
  value: value >>> 0,
  name,
  handler,
});
const reject = (mask: number, value: number, name: string, reason: string, deviation?: string): ThumbProbeEntry => ({
  type: 'reject',
  mask: mask >>> 0,
  value: value >>> 0,
  name,
  reason,
  ...(deviation === undefined ? {} : { deviation }),
});
const end = (name: string): ThumbProbeEntry => ({ type: 'end', name });

const UNALLOCATED = 'unallocated encoding';

// ---------------------------------------------------------------------------------------------- 32-bit

// biome-ignore format: one row per encoding
const T32_LOAD_STORE_MULTIPLE: readonly ThumbProbeEntry[] = [
  reject(0xfe4f0000, 0xe80f0000, 'LDM/STM with Rn = PC', 'LDM/STM with PC as the base register is not probed'),
  reject(0xffc00000, 0xe8000000, 'SRS/RFE (DB)', 'SRS and RFE are not probed'),
  reject(0xffc00000, 0xe9800000, 'SRS/RFE (IA)', 'SRS and RFE are not probed'),
  reject(0xfe508000, 0xe8008000, 'STM with PC in the list', 'STM storing PC is not probed'),
  reject(0xfe50c000, 0xe810c000, 'LDM with LR and PC in the list', 'LDM loading both LR and PC is not probed'),
  reject(0xfe402000, 0xe8002000, 'LDM/STM with SP in the list', 'LDM/STM transferring SP is not probed'),
  custom(0xfe400000, 0xe8000000, 'LDM/STM (IA/DB)', 't32-ldm-stm'),
  end('load/store multiple: unallocated'),
];

// biome-ignore format: one row per encoding
const T32_DUAL_EXCLUSIVE_TABLE_BRANCH: readonly ThumbProbeEntry[] = [
  or(0xff600000, 0xe8600000, 'LDRD/STRD (immediate, post-indexed)'),
  emu(0xff400000, 0xe9400000, 'LDRD/STRD (immediate)', 't32-ldrd-strd', R('no-pc-wb', 'no-sp-pc', 'no-sp-pc', 0, 0)),
  sim(0xfff000e0, 0xe8d00000, 'TBB/TBH', 't32-table-branch', R('no-sp', 0, 0, 0, 'no-sp-pc')),
  end('load/store exclusive (LDREX/STREX family) and unallocated are not probed'),
];

// biome-ignore format: one row per encoding
const T32_DATA_PROCESSING_SHIFTED: readonly ThumbProbeEntry[] = [
  emu(0xff700f00, 0xea100f00, 'TST/TEQ (register)', 't32-tst', R('no-sp-pc', 0, 0, 0, 'no-sp-pc')),
  or(0xfff00f00, 0xeb100f00, 'CMN (register)'),
  emu(0xfff00f00, 0xebb00f00, 'CMP/CMN (register)', 't32-tst', R('no-pc', 0, 0, 0, 'no-sp-pc')),
  emu(0xffcf0000, 0xea4f0000, 'MOV/MVN (register)', 't32-mov', R(0, 0, 'no-sp-pc', 0, 'no-sp-pc')),
  reject(0xffa00000, 0xeaa00000, 'data-processing (shifted register) 1010 1x1x', UNALLOCATED),
  reject(0xffe00000, 0xeb200000, 'data-processing (shifted register) 1011 001x', UNALLOCATED),
  reject(0xffe00000, 0xeb800000, 'data-processing (shifted register) 1011 100x', UNALLOCATED),
  reject(0xffe00000, 0xebe00000, 'data-processing (shifted register) 1011 111x', UNALLOCATED),
  emu(0xff4f7f30, 0xeb0d0d00, 'ADD/SUB SP, SP, Rm, LSL #0–3', 't32-add-sub', R('sp', 0, 'sp', 0, 'no-sp-pc')),
  reject(0xff4f0f00, 0xeb0d0d00, 'ADD/SUB SP, SP, Rm, <other shift>', 'ADD/SUB SP, SP, Rm with a shift other than LSL #0–3 is not probed'),
  emu(0xff4f0000, 0xeb0d0000, 'ADD/SUB Rd, SP, Rm, shift', 't32-add-sub', R('sp', 0, 'no-pc', 0, 'no-sp-pc')),
  emu(0xfe000000, 0xea000000, 'AND … RSB (register)', 't32-logical', R('no-sp-pc', 0, 'no-sp-pc', 0, 'no-sp-pc')),
  end('data-processing (shifted register): unallocated'),
];

// biome-ignore format: one row per encoding
const T32_DATA_PROCESSING_MODIFIED_IMMEDIATE: readonly ThumbProbeEntry[] = [
  emu(0xfb708f00, 0xf0100f00, 'TST/TEQ (immediate)', 't32-tst', R('no-sp-pc', 0, 0, 0, 0)),
  or(0xfbf08f00, 0xf1100f00, 'CMN (immediate)'),
  emu(0xfbf08f00, 0xf1b00f00, 'CMP/CMN (immediate)', 't32-cmp', R('no-pc', 0, 0, 0, 0)),
  emu(0xfbcf8000, 0xf04f0000, 'MOV/MVN (immediate)', 't32-mov', R(0, 0, 'no-sp-pc', 0, 0)),
  reject(0xfbe08000, 0xf0a00000, 'data-processing (modified immediate) 0x00 101x', UNALLOCATED),
  reject(0xfbc08000, 0xf0c00000, 'data-processing (modified immediate) 0x00 11xx', UNALLOCATED),
  reject(0xfbe08000, 0xf1200000, 'data-processing (modified immediate) 0x01 001x', UNALLOCATED),
  reject(0xfbe08000, 0xf1800000, 'data-processing (modified immediate) 0x01 100x', UNALLOCATED),
  reject(0xfbe08000, 0xf1e00000, 'data-processing (modified immediate) 0x01 111x', UNALLOCATED),
  emu(0xfb4f8000, 0xf10d0000, 'ADD/SUB Rd, SP, #imm', 't32-add-sub', R('sp', 0, 'no-pc', 0, 0)),
  emu(0xfa008000, 0xf0000000, 'AND … RSB (immediate)', 't32-logical', R('no-sp-pc', 0, 'no-sp-pc', 0, 0)),
  end('data-processing (modified immediate): unallocated'),
];

// biome-ignore format: one row per encoding
const T32_DATA_PROCESSING_PLAIN_IMMEDIATE: readonly ThumbProbeEntry[] = [
  or(0xfbff8000, 0xf20f0000, 'ADDW Rd, PC, #imm (ADR)'),
  emu(0xfbff8000, 0xf2af0000, 'ADDW/SUBW Rd, PC, #imm (ADR)', 't32-addw-subw-pc', R('pc', 0, 'no-sp-pc', 0, 0)),
  or(0xfbff8f00, 0xf20d0d00, 'ADDW SP, SP, #imm'),
  emu(0xfbff8f00, 0xf2ad0d00, 'ADDW/SUBW SP, SP, #imm', 't32-addw-subw', R('sp', 0, 'sp', 0, 0)),
  or(0xfbf08000, 0xf2000000, 'ADDW'),
  emu(0xfbf08000, 0xf2a00000, 'ADDW/SUBW', 't32-addw-subw', R('no-pc-x', 0, 'no-sp-pc', 0, 0)),
  emu(0xfb708000, 0xf2400000, 'MOVW/MOVT', 't32-movw', R(0, 0, 'no-sp-pc', 0, 0)),
  emu(0xfb508000, 0xf3000000, 'SSAT/SSAT16/USAT/USAT16', 't32-saturate', R('no-sp-pc', 0, 'no-sp-pc', 0, 0)),
  emu(0xfb708000, 0xf3400000, 'SBFX/UBFX', 't32-bitfield', R('no-sp-pc', 0, 'no-sp-pc', 0, 0)),
  emu(0xfbff8000, 0xf36f0000, 'BFC', 't32-bitfield', R(0, 0, 'no-sp-pc', 0, 0)),
  emu(0xfbf08000, 0xf3600000, 'BFI', 't32-bitfield', R('no-sp-pc-x', 0, 'no-sp-pc', 0, 0)),
  end('data-processing (plain binary immediate): unallocated'),
];

// biome-ignore format: one row per encoding
const T32_BRANCHES_MISC: readonly ThumbProbeEntry[] = [
  or(0xfff0d7ff, 0xf3a08001, 'YIELD.W'),
  emu(0xfff0d7ff, 0xf3a08004, 'SEV.W', 't32-sev'),
  sim(0xfff0d7fc, 0xf3a08000, 'NOP.W/WFE.W/WFI.W', 't32-wfe'),
  reject(0xfff0d020, 0xf3e08020, 'MRS (banked register)', 'MRS (banked register) is not probed',
    'not in the kernel: its MRS row also matches MRS (banked register), an ARMv7VE encoding (bit 5 of the second halfword set) that it would simulate as a CPSR read; armprobe refuses it instead of returning the wrong value (as for ARM)'),
  sim(0xfff0d000, 0xf3e08000, 'MRS Rd, CPSR', 't32-mrs', R(0, 0, 'no-sp-pc', 0, 0)),
  reject(0xfb80d000, 0xf3808000, 'MSR/CPS/DBG/barriers/BXJ/SUBS PC, LR/MRS SPSR/SMC/UDF', 'system and exception-return instructions (MSR, CPS, DBG, barriers, BXJ, SUBS PC, LR, MRS SPSR, SMC, UDF) are not probed'),
  custom(0xf800d000, 0xf0008000, 'B<c>.W', 't32-branch-cond'),
  or(0xf800d001, 0xf000c000, 'BLX (immediate)'),
  sim(0xf8009000, 0xf0009000, 'B.W/BL/BLX (immediate)', 't32-branch'),
  end('branches and miscellaneous control: unallocated'),
];

// biome-ignore format: one row per encoding
const T32_MEMORY_HINTS: readonly ThumbProbeEntry[] = [
  sim(0xfe7ff000, 0xf81ff000, 'PLD/PLI (literal)', 't32-preload'),
  or(0xffd0f000, 0xf890f000, 'PLD/PLDW (immediate, 12-bit)'),
  or(0xffd0ff00, 0xf810fc00, 'PLD/PLDW (immediate, negative)'),
  or(0xfff0f000, 0xf990f000, 'PLI (immediate, 12-bit)'),
  sim(0xfff0ff00, 0xf910fc00, 'PLD/PLDW/PLI (immediate)', 't32-preload', R('no-pc-x', 0, 0, 0, 0)),
  or(0xffd0ffc0, 0xf810f000, 'PLD/PLDW (register)'),
  sim(0xfff0ffc0, 0xf910f000, 'PLD/PLDW/PLI (register)', 't32-preload', R('no-pc-x', 0, 0, 0, 'no-sp-pc')),
  end('memory hints: unallocated'),
];

// biome-ignore format: one row per encoding
const T32_LOAD_STORE_SINGLE: readonly ThumbProbeEntry[] = [
  reject(0xfe600000, 0xf8600000, 'load/store single 100x x11x', UNALLOCATED),
  reject(0xfff00000, 0xf9500000, 'load/store single 1001 0101', UNALLOCATED),
  reject(0xfe800d00, 0xf8000800, 'load/store single 0xxx … 10x0', UNALLOCATED),
  reject(0xfe800f00, 0xf8000e00, 'LDRT/STRT family', 'unprivileged load/store (LDRT family) is not probed'),
  reject(0xff1f0000, 0xf80f0000, 'STR{,B,H} Rt, [PC, …]', 'stores with PC as the base register are not probed'),
  reject(0xff10f000, 0xf800f000, 'STR{,B,H} PC, […]', 'stores of PC are not probed'),
  sim(0xff7f0000, 0xf85f0000, 'LDR (literal)', 't32-ldr-literal', R('pc', 'any', 0, 0, 0)),
  or(0xffe00800, 0xf8400800, 'LDR/STR (immediate, 8-bit)'),
  emu(0xffe00000, 0xf8c00000, 'LDR/STR (immediate)', 't32-load-store', R('no-pc-x', 'any', 0, 0, 0)),
  emu(0xffe00fc0, 0xf8400000, 'LDR/STR (register)', 't32-load-store', R('no-pc-x', 'any', 0, 0, 'no-sp-pc')),
  sim(0xfe5f0000, 0xf81f0000, 'LDRB/LDRSB/LDRH/LDRSH (literal)', 't32-ldr-literal', R('pc', 'no-sp-pc-x', 0, 0, 0)),
  or(0xfec00800, 0xf8000800, 'LDRB/LDRSB/LDRH/LDRSH/STRB/STRH (immediate, 8-bit)'),
  emu(0xfec00000, 0xf8800000, 'LDRB/LDRSB/LDRH/LDRSH/STRB/STRH (immediate)', 't32-load-store', R('no-pc-x', 'no-sp-pc-x', 0, 0, 0)),
  emu(0xfe800fc0, 0xf8000000, 'LDRB/LDRSB/LDRH/LDRSH/STRB/STRH (register)', 't32-load-store', R('no-pc-x', 'no-sp-pc-x', 0, 0, 'no-sp-pc')),
  end('load/store single: unallocated'),
];

// biome-ignore format: one row per encoding
const T32_DATA_PROCESSING_REGISTER: readonly ThumbProbeEntry[] = [
  reject(0xffe0f080, 0xfa60f080, 'data-processing (register) 011x … 1xxx', UNALLOCATED),
  emu(0xff8ff080, 0xfa0ff080, 'SXTH/UXTH/SXTB16/UXTB16/SXTB/UXTB', 't32-sign-extend', R(0, 0, 'no-sp-pc', 0, 'no-sp-pc')),
  reject(0xff80f0b0, 0xfa80f030, 'data-processing (register) 1xxx … 0x11', UNALLOCATED),
  reject(0xffb0f080, 0xfab0f000, 'data-processing (register) 1x11 … 0xxx', UNALLOCATED),
  or(0xff80f080, 0xfa80f000, 'parallel add/subtract'),
  or(0xff80f080, 0xfa00f080, 'SXTAH/UXTAH/SXTAB16/UXTAB16/SXTAB/UXTAB'),
  or(0xfff0f0c0, 0xfa80f080, 'QADD/QDADD/QSUB/QDSUB'),
  or(0xfff0f0f0, 0xfaa0f080, 'SEL'),
  emu(0xff80f0f0, 0xfa00f000, 'LSL/LSR/ASR/ROR (register)', 't32-media', R('no-sp-pc', 0, 'no-sp-pc', 0, 'no-sp-pc')),
  or(0xfff0f0f0, 0xfab0f080, 'CLZ'),
  emu(0xfff0f0c0, 0xfa90f080, 'REV/REV16/RBIT/REVSH', 't32-reverse', R('no-sp-pc', 0, 'no-sp-pc', 0, 'same-as-16')),
  end('data-processing (register): unallocated'),
];

// biome-ignore format: one row per encoding
const T32_MULTIPLY: readonly ThumbProbeEntry[] = [
  reject(0xfff0f0f0, 0xfb00f010, 'multiply 0000 … 1111 … 0001', UNALLOCATED),
  reject(0xfff0f0f0, 0xfb70f010, 'multiply 0111 … 1111 … 0001', UNALLOCATED),
  or(0xfff0f0c0, 0xfb10f000, 'SMULxy'),
  emu(0xff80f0e0, 0xfb00f000, 'MUL/SMUAD/SMULWy/SMUSD/SMMUL/USAD8', 't32-multiply-add', R('no-sp-pc', 0, 'no-sp-pc', 0, 'no-sp-pc')),
  reject(0xfff000f0, 0xfb700010, 'multiply 0111 … 0001', UNALLOCATED),
  or(0xfff000c0, 0xfb100000, 'SMLAxy'),
  emu(0xff8000c0, 0xfb000000, 'MLA/MLS/SMLAD/SMLAWy/SMLSD/SMMLA/SMMLS/USADA8', 't32-multiply-add-2', R('no-sp-pc', 'no-sp-pc-x', 'no-sp-pc', 0, 'no-sp-pc')),
  end('multiply: unallocated'),
];

// biome-ignore format: one row per encoding
const T32_LONG_MULTIPLY: readonly ThumbProbeEntry[] = [
  or(0xfff000f0, 0xfbe00060, 'UMAAL'),
  or(0xfff000c0, 0xfbc00080, 'SMLALxy'),
  or(0xffe000e0, 0xfbc000c0, 'SMLALD/SMLSLD'),
  emu(0xff9000f0, 0xfb800000, 'SMULL/UMULL/SMLAL/UMLAL/UMAAL/SMLALxy/SMLALD/SMLSLD', 't32-multiply-add-long', R('no-sp-pc', 'no-sp-pc', 'no-sp-pc', 0, 'no-sp-pc')),
  end('long multiply: SDIV/UDIV and unallocated are not probed'),
];

/** The root Thumb32 table (13 root entries and 10 sub-tables, as in the kernel). */
// biome-ignore format: one row per encoding
export const THUMB32_PROBE_TABLE: readonly ThumbProbeEntry[] = [
  table(0xfe400000, 0xe8000000, 'load/store multiple', T32_LOAD_STORE_MULTIPLE),
  table(0xfe400000, 0xe8400000, 'load/store dual, exclusive, table branch', T32_DUAL_EXCLUSIVE_TABLE_BRANCH),
  table(0xfe000000, 0xea000000, 'data-processing (shifted register)', T32_DATA_PROCESSING_SHIFTED),
  reject(0xfc000000, 0xec000000, 'coprocessor (1110 11xx)', 'coprocessor, VFP and Advanced SIMD instructions are not probed'),
  table(0xfa008000, 0xf0000000, 'data-processing (modified immediate)', T32_DATA_PROCESSING_MODIFIED_IMMEDIATE),
  table(0xfa008000, 0xf2000000, 'data-processing (plain binary immediate)', T32_DATA_PROCESSING_PLAIN_IMMEDIATE),
  table(0xf8008000, 0xf0008000, 'branches and miscellaneous control', T32_BRANCHES_MISC),
  reject(0xff100000, 0xf9000000, 'Advanced SIMD element/structure load/store', 'Advanced SIMD element and structure loads/stores are not probed'),
  table(0xfe50f000, 0xf810f000, 'memory hints', T32_MEMORY_HINTS),
  table(0xfe000000, 0xf8000000, 'load/store single', T32_LOAD_STORE_SINGLE),
  table(0xff00f000, 0xfa00f000, 'data-processing (register)', T32_DATA_PROCESSING_REGISTER),
  table(0xff800000, 0xfb000000, 'multiply, multiply accumulate, absolute difference', T32_MULTIPLY),
  table(0xff800000, 0xfb800000, 'long multiply, divide', T32_LONG_MULTIPLY),
  end('coprocessor (1111 11xx), Advanced SIMD data-processing and unallocated are not probed'),
];

// ---------------------------------------------------------------------------------------------- 16-bit

// biome-ignore format: one row per encoding
const T16_MISCELLANEOUS: readonly ThumbProbeEntry[] = [
  sim(0xff00, 0xb000, 'ADD/SUB SP, SP, #imm', 't16-add-sp-imm'),
  sim(0xf500, 0xb100, 'CBZ/CBNZ', 't16-cbz'),
  reject(0xffc0, 0xba80, 'miscellaneous 1011 1010 10xx', UNALLOCATED),
  emu(0xf500, 0xb000, 'SXTH/SXTB/UXTH/UXTB/REV/REV16/REVSH', 't16-sign-extend'),
  custom(0xfe00, 0xb400, 'PUSH', 't16-push'),
  custom(0xfe00, 0xbc00, 'POP', 't16-pop'),
  or(0xffff, 0xbf10, 'YIELD'),
  emu(0xffff, 0xbf40, 'SEV', 't16-sev'),
  sim(0xffcf, 0xbf00, 'NOP/WFE/WFI', 't16-wfe'),
  reject(0xff0f, 0xbf00, 'unallocated hints', 'unallocated hints are not probed'),
  custom(0xff00, 0xbf00, 'IT', 't16-it'),
  end('miscellaneous: SETEND, CPS, BKPT and unallocated are not probed'),
];

/** The root Thumb16 table (as in the kernel, with one sub-table: miscellaneous 1011). */
// biome-ignore format: one row per encoding
export const THUMB16_PROBE_TABLE: readonly ThumbProbeEntry[] = [
  emu(0xf800, 0x2800, 'CMP (immediate)', 't16-cmp'),
  emu(0xc000, 0x0000, 'shift (immediate)/ADD/SUB/MOV (immediate)', 't16-add-sub'),
  emu(0xffc0, 0x4200, 'TST (register)', 't16-cmp'),
  emu(0xff80, 0x4280, 'CMP/CMN (register)', 't16-cmp'),
  emu(0xfc00, 0x4000, 'data-processing (register)', 't16-logical'),
  reject(0xfff8, 0x47f8, 'BLX PC', 'BLX PC is not probed'),
  sim(0xff00, 0x4700, 'BX/BLX (register)', 't16-bx-blx'),
  reject(0xffff, 0x44ff, 'ADD PC, PC', 'ADD PC, PC is not probed'),
  custom(0xfc00, 0x4400, 'ADD/CMP/MOV (high registers)', 't16-hi-reg-ops'),
  sim(0xf800, 0x4800, 'LDR (literal)', 't16-ldr-literal'),
  emu(0xc000, 0x4000, 'load/store (register, immediate)', 't16-load-store'),
  emu(0xf000, 0x8000, 'LDRH/STRH (immediate)', 't16-load-store'),
  sim(0xf000, 0x9000, 'LDR/STR (SP-relative)', 't16-load-store-sp'),
  sim(0xf000, 0xa000, 'ADR/ADD Rd, SP, #imm', 't16-adr'),
  table(0xf000, 0xb000, 'miscellaneous', T16_MISCELLANEOUS),
  emu(0xf000, 0xc000, 'LDM/STM', 't16-ldm-stm'),
  reject(0xfe00, 0xde00, 'UDF/SVC', 'UDF (including the kprobes breakpoints) and SVC are not probed'),
  custom(0xf000, 0xd000, 'B<c>', 't16-branch-cond'),
  sim(0xf800, 0xe000, 'B', 't16-branch'),
  end('unallocated'),
];

// ------------------------------------------------------------------------------- Thumb32 stack checker

/** How a Thumb32 store's stack use below SP is counted (the kernel's checker actions). */
export type ThumbStackUse = 'none' | 'unknown' | 'imm8' | 'imm8x4' | 'stmdb';

export type ThumbStackEntry =
  | { readonly type: 'or'; readonly mask: number; readonly value: number; readonly name: string }
  | {
      readonly type: 'use';
      readonly mask: number;
      readonly value: number;
      readonly name: string;
      readonly use: ThumbStackUse;
    };

const use = (mask: number, value: number, name: string, u: ThumbStackUse): ThumbStackEntry => ({
  type: 'use',
  mask: mask >>> 0,
  value: value >>> 0,
  name,
  use: u,
});

/**
 * The kernel's Thumb32 stack checker, run for the LDM/STM, LDRD/STRD and single load/store handlers on the
 * original instruction: first match wins; loads (bit 20 set) use no stack.
 */
// biome-ignore format: one row per encoding
export const THUMB32_STACK_TABLE: readonly ThumbStackEntry[] = [
  use(0x00100000, 0x00100000, 'loads', 'none'),
  { type: 'or', mask: 0xff9f0fc0, value: 0xf80d0000, name: 'STR{,B,H} Rt, [SP, Rm]' },
  use(0xff900fcf, 0xf800000d, 'STR{,B,H} Rt, [Rn, SP]', 'unknown'),
  use(0xff9f0e00, 0xf80d0c00, 'STR{,B,H} Rt, [SP, #-imm8]{!}', 'imm8'),
  use(0xffdf0000, 0xe94d0000, 'STRD Rt, Rt2, [SP, #-imm8*4]{!}', 'imm8x4'),
  use(0xffdf0000, 0xe90d0000, 'STMDB SP{!}, {…}', 'stmdb'),
  use(0, 0, 'other stores', 'none'),
];
