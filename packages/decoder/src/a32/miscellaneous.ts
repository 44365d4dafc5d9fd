/**
 * The miscellaneous space (A5.2.12: op = 0, op1 = 10xx0, op2 = 0xxx) minus the two members the
 * data-processing class owns (QADD family, CLZ): MRS / MSR (register, banked), BX / BXJ / BLX
 * (register), ERET, BKPT, HLT, HVC, SMC and the ARMv8 CRC32 instructions.
 *
 * GNU objdump recognises most of these only with their should-be bits exact, and prints whatever
 * else lands here as the old ARMv2 forms: TST / CMP / CMN with S = 0 (the data-processing rows,
 * which come later in the table, catch those) or MSR with a shifted register operand (the
 * `msr-shifted` kind here). The rows below fix exactly the bits objdump fixes, so a word with broken
 * should-be bits falls through to the form objdump prints. Where the ARM ARM decodes such a word as
 * something else with broken should-be bits, the result is marked `unpredictable`.
 *
 * objdump's MSR fallback also reaches into the halfword-multiply space (bit 7 set, bit 4 clear):
 * SMULW<y> and SMUL<x><y> with bits 15:12 = 1111 print as MSR, so those rows are here too.
 * HLT and CRC32 with a condition other than AL are the S = 0 compares objdump prints; their decoders
 * hand such words to the data-processing decoders.
 */

import { decodeBranchExchange } from './branch.js';
import { COND_AL, LR, NO_MEMORY, PC } from './common.js';
import { decodeDataProcessingRegister, decodeDataProcessingRegisterShifted } from './data-processing.js';
import { type Row, row } from './row.js';
import type {
  BreakpointInsn,
  Crc32Insn,
  ExceptionReturnInsn,
  HaltInsn,
  HypervisorCallInsn,
  MoveFromStatusInsn,
  MoveToBankedInsn,
  MoveToStatusRegisterInsn,
  MoveToStatusShiftedInsn,
  SecureMonitorCallInsn,
} from './system.js';
import type { A32Instruction } from './types.js';
import { undefinedInsn } from './undefined.js';

const PC_BIT = 1 << PC;

/**
 * Banked-register and special-register names, indexed by R:B:M:M1 (bit 22, bit 9, bit 8,
 * bits 19:16) — the numbering objdump uses, so plain MRS reads 15 (CPSR) or 79 (SPSR). null marks
 * an encoding the ARM ARM leaves UNPREDICTABLE (objdump prints `(UNDEF: n)`).
 */
export const SPECIAL_REGISTER_NAMES: readonly (string | null)[] = (() => {
  const names: (string | null)[] = new Array<string | null>(128).fill(null);
  names[15] = 'CPSR';
  names[79] = 'SPSR';
  const usr = ['R8_usr', 'R9_usr', 'R10_usr', 'R11_usr', 'R12_usr', 'SP_usr', 'LR_usr'];
  const fiq = ['R8_fiq', 'R9_fiq', 'R10_fiq', 'R11_fiq', 'R12_fiq', 'SP_fiq', 'LR_fiq'];
  for (let i = 0; i < 7; i++) {
    names[32 + i] = usr[i]!;
    names[40 + i] = fiq[i]!;
  }
  const pairs: [number, string][] = [
    [48, 'LR_irq'],
    [49, 'SP_irq'],
    [50, 'LR_svc'],
    [51, 'SP_svc'],
    [52, 'LR_abt'],
    [53, 'SP_abt'],
    [54, 'LR_und'],
    [55, 'SP_und'],
    [60, 'LR_mon'],
    [61, 'SP_mon'],
    [62, 'ELR_hyp'],
    [63, 'SP_hyp'],
    [110, 'SPSR_fiq'],
    [112, 'SPSR_irq'],
    [114, 'SPSR_svc'],
    [116, 'SPSR_abt'],
    [118, 'SPSR_und'],
    [124, 'SPSR_mon'],
    [126, 'SPSR_hyp'],
  ];
  for (const [n, name] of pairs) names[n] = name;
  return names;
})();

/** `mrs rd, <psr or banked register>` (bits 11:10 and 7:0 zero, as objdump requires). */
export function decodeMoveFromStatus(word: number, address: number, op: string): MoveFromStatusInsn {
  const rd = (word >>> 12) & 15;
  const readSpsr = (word & 0x00400000) !== 0;
  const banked = (word & 0x200) !== 0;
  const sysm = ((word >>> 4) & 0x10) | ((word >>> 16) & 15);
  const name = SPECIAL_REGISTER_NAMES[(readSpsr ? 64 : 0) | (banked ? 32 : 0) | sysm];
  return {
    isa: 'arm',
    kind: 'mrs',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 0,
    writes: 1 << rd,
    setsFlags: false,
    // Plain MRS wants M:M1 = 0:1111 ("(1)(1)(1)(1)" and "(0)"); banked MRS wants a valid SYSm.
    unpredictable: rd === PC || name === null,
    memory: NO_MEMORY,
    target: null,
    rd,
    readSpsr,
    banked,
    sysm,
  };
}

/** `msr <psr>_<fields>, rn` (register form: bits 11:4 all zero). */
export function decodeMoveToStatusRegister(word: number, address: number, op: string): MoveToStatusRegisterInsn {
  const rn = word & 15;
  const writeSpsr = (word & 0x00400000) !== 0;
  const mask = (word >>> 16) & 15;
  return {
    isa: 'arm',
    kind: 'msr-register',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 1 << rn,
    writes: 0,
    // CPSR_f writes N, Z, C, V, Q; CPSR_s writes GE.
    setsFlags: !writeSpsr && (mask & 0b1100) !== 0,
    unpredictable: mask === 0 || rn === PC,
    memory: NO_MEMORY,
    target: null,
    writeSpsr,
    mask,
    rn,
  };
}

/** `msr <banked register>, rn` (bit 9 set). */
export function decodeMoveToBanked(word: number, address: number, op: string): MoveToBankedInsn {
  const rn = word & 15;
  const writeSpsr = (word & 0x00400000) !== 0;
  const sysm = ((word >>> 4) & 0x10) | ((word >>> 16) & 15);
  return {
    isa: 'arm',
    kind: 'msr-banked',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 1 << rn,
    writes: 0,
    setsFlags: false,
    // Bits 11:10 and 7:4 are "(0)" / 0000 in the ARM ARM; objdump ignores them.
    unpredictable: (word & 0xcf0) !== 0 || rn === PC || SPECIAL_REGISTER_NAMES[(writeSpsr ? 96 : 32) | sysm] === null,
    memory: NO_MEMORY,
    target: null,
    writeSpsr,
    sysm,
    rn,
  };
}

/**
 * `msr <psr>_<fields>, rm, <shift>`: the pre-ARMv6 spelling objdump keeps for a word with bits 15:12 =
 * 1111 and bit 21 set whose bits 11:4 are not MSR's zeros. The ARM ARM decodes no MSR here (these are
 * BX/BXJ/BLX/CRC32/QSUB/BKPT encodings with broken fields, or unallocated), so it is UNPREDICTABLE;
 * `rs` is -1 for an immediate shift.
 */
export function decodeMoveToStatusShifted(word: number, address: number, op: string): MoveToStatusShiftedInsn {
  const rm = word & 15;
  const registerShift = (word & 0x10) !== 0;
  const rs = registerShift ? (word >>> 8) & 15 : -1;
  return {
    isa: 'arm',
    kind: 'msr-shifted',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: registerShift ? (1 << rm) | (1 << rs) : 1 << rm,
    writes: 0,
    setsFlags: false,
    unpredictable: true,
    memory: NO_MEMORY,
    target: null,
    writeSpsr: (word & 0x00400000) !== 0,
    mask: (word >>> 16) & 15,
    rm,
    shiftType: (word >>> 5) & 3,
    shiftAmount: registerShift ? 0 : (word >>> 7) & 31,
    rs,
  };
}

/** ERET (Virtualization Extensions): return from Hyp mode, or SUBS PC, LR, #0 elsewhere. */
export function decodeExceptionReturn(word: number, address: number, op: string): ExceptionReturnInsn {
  return {
    isa: 'arm',
    kind: 'exception-return',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 1 << LR,
    writes: PC_BIT,
    setsFlags: true,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    imm32: 0,
  };
}

/**
 * BKPT #imm16. objdump knows it only with cond = AL (the ARM ARM: any other condition is
 * UNPREDICTABLE); it prints the other conditions as MSR with a shifted or banked operand when
 * bits 15:12 are 1111 and as UNDEFINED otherwise.
 */
export function decodeBreakpoint(word: number, address: number, op: string): A32Instruction {
  if (word >>> 28 !== COND_AL) return decodeMsrFallback(word, address);
  return {
    isa: 'arm',
    kind: 'breakpoint',
    address,
    word: word >>> 0,
    cond: COND_AL,
    op,
    reads: 0,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    imm16: ((word >>> 4) & 0xfff0) | (word & 15),
  } satisfies BreakpointInsn;
}

/**
 * HLT #imm16 (ARMv8, in the AArch32 NOP space). objdump knows it only with cond = AL and prints the
 * other conditions as TST with S = 0 (a data-processing form).
 */
export function decodeHalt(word: number, address: number, op: string): A32Instruction {
  if (word >>> 28 !== COND_AL)
    return decodeDataProcessingRegisterShifted(word, address, 'tst', rdNotZero(word), rdNotZero(word) ? 1 : 0);
  return {
    isa: 'arm',
    kind: 'halt',
    address,
    word: word >>> 0,
    cond: COND_AL,
    op,
    reads: 0,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: false,
    memory: NO_MEMORY,
    target: null,
    imm16: ((word >>> 4) & 0xfff0) | (word & 15),
  } satisfies HaltInsn;
}

/** HVC #imm16 (Virtualization Extensions). A condition other than AL is UNPREDICTABLE. */
export function decodeHypervisorCall(word: number, address: number, op: string): HypervisorCallInsn {
  return {
    isa: 'arm',
    kind: 'hypervisor-call',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 0,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: word >>> 28 !== COND_AL,
    memory: NO_MEMORY,
    target: null,
    imm16: ((word >>> 4) & 0xfff0) | (word & 15),
  };
}

/**
 * SMC #imm4 (Security Extensions). Bits 19:8 are "(0)"; objdump folds them into the number it prints
 * (`imm16`, the same layout as HVC's).
 */
export function decodeSecureMonitorCall(
  word: number,
  address: number,
  op: string,
  shouldBeBroken: boolean,
): SecureMonitorCallInsn {
  return {
    isa: 'arm',
    kind: 'secure-monitor-call',
    address,
    word: word >>> 0,
    cond: word >>> 28,
    op,
    reads: 0,
    writes: PC_BIT,
    setsFlags: false,
    unpredictable: shouldBeBroken,
    memory: NO_MEMORY,
    target: null,
    imm4: word & 15,
    imm16: ((word >>> 4) & 0xfff0) | (word & 15),
  };
}

/**
 * CRC32{C}{B,H,W} rd, rn, rm (ARMv8). objdump knows them only with cond = AL (the ARM ARM: other
 * conditions are UNPREDICTABLE) and prints the rest as the S = 0 compare or the MSR form that shares
 * the encoding.
 */
export function decodeCrc32(word: number, address: number, op: string): A32Instruction {
  const sz = (word >>> 21) & 3;
  if (word >>> 28 !== COND_AL) {
    if (sz === 1) return decodeMsrFallback(word, address);
    return decodeDataProcessingRegister(
      word,
      address,
      sz === 0 ? 'tst' : 'cmp',
      rdNotZero(word),
      rdNotZero(word) ? 1 : 0,
    );
  }
  const rn = (word >>> 16) & 15;
  const rd = (word >>> 12) & 15;
  const rm = word & 15;
  return {
    isa: 'arm',
    kind: 'crc32',
    address,
    word: word >>> 0,
    cond: COND_AL,
    op,
    reads: (1 << rn) | (1 << rm),
    writes: 1 << rd,
    setsFlags: false,
    unpredictable: rd === PC || rn === PC || rm === PC,
    memory: NO_MEMORY,
    target: null,
    rd,
    rn,
    rm,
    size: 1 << sz,
    castagnoli: (word & 0x200) !== 0,
  } satisfies Crc32Insn;
}

/** The data-processing compare rows mark Rd "(0)(0)(0)(0)"; a delegated word breaks it the same way. */
function rdNotZero(word: number): boolean {
  return (word & 0xf000) !== 0;
}

/** What objdump makes of a bit-21 miscellaneous word it did not recognise: banked or shifted MSR, or nothing. */
function decodeMsrFallback(word: number, address: number): A32Instruction {
  if (((word >>> 12) & 15) !== 15) return undefinedInsn(word, address);
  if ((word & 0x200) !== 0) return decodeMoveToBanked(word, address, 'msr');
  return decodeMoveToStatusShifted(word, address, 'msr');
}

/**
 * Rows in first-match order. Fields: c = condition, m = Rm, n = Rn, d = Rd, i = immediate,
 * R = SPSR (bit 22), k = MSR field mask, s = Rs, t = shift type, B = banked, M / j = banked SYSm (M, M1),
 * z = "(0)".
 */
export const miscellaneousRows: readonly Row[] = [
  // Branch and exchange (decoders in branch.ts).
  row('cccc 0001 0010 1111 1111 1111 0001 mmmm', 'bx', decodeBranchExchange),
  row('cccc 0001 0010 1111 1111 1111 0010 mmmm', 'bxj', decodeBranchExchange),
  row('cccc 0001 0010 1111 1111 1111 0011 mmmm', 'blx', decodeBranchExchange),

  // Exception generation and return.
  row('cccc 0001 0110 0000 0000 0000 0110 1110', 'eret', decodeExceptionReturn),
  row('cccc 0001 0010 iiii iiii iiii 0111 iiii', 'bkpt', decodeBreakpoint),
  row('cccc 0001 0000 iiii iiii iiii 0111 iiii', 'hlt', decodeHalt),
  row('cccc 0001 0100 iiii iiii iiii 0111 iiii', 'hvc', decodeHypervisorCall),
  row('cccc 0001 0110 zzzz zzzz zzzz 0111 iiii', 'smc', decodeSecureMonitorCall),

  // CRC32 (op2 = 100; sz = bits 22:21, C = bit 9).
  row('cccc 0001 0000 nnnn dddd 0000 0100 mmmm', 'crc32b', decodeCrc32),
  row('cccc 0001 0010 nnnn dddd 0000 0100 mmmm', 'crc32h', decodeCrc32),
  row('cccc 0001 0100 nnnn dddd 0000 0100 mmmm', 'crc32w', decodeCrc32),
  row('cccc 0001 0000 nnnn dddd 0010 0100 mmmm', 'crc32cb', decodeCrc32),
  row('cccc 0001 0010 nnnn dddd 0010 0100 mmmm', 'crc32ch', decodeCrc32),
  row('cccc 0001 0100 nnnn dddd 0010 0100 mmmm', 'crc32cw', decodeCrc32),

  // MRS, plain (B = 0) and banked (B = 1).
  row('cccc 0001 0R00 jjjj dddd 00BM 0000 0000', 'mrs', decodeMoveFromStatus),

  // MSR (register): bits 11:4 zero.
  row('cccc 0001 0R10 kkkk 1111 0000 0000 nnnn', 'msr', decodeMoveToStatusRegister),

  // MSR (banked register): bit 9 set. objdump ignores bits 11:10 and 7:4; the ARM ARM wants them zero.
  // With R = 1 the rows step around CLZ (0001 0110 1111 dddd 1111 0001 mmmm) when Rd is PC.
  row('cccc 0001 0010 jjjj 1111 zz1M 0zzz nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0110 jjjj 1111 0z1M 0zzz nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0110 jjjj 1111 z01M 0zzz nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0110 jjjj 1111 zz10 0zzz nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0110 jjjj 1111 1111 0000 nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0110 jjjj 1111 1111 001z nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0110 jjjj 1111 1111 01zz nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0110 jjj0 1111 1111 0001 nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0110 jj0j 1111 1111 0001 nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0110 j0jj 1111 1111 0001 nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0110 0jjj 1111 1111 0001 nnnn', 'msr', decodeMoveToBanked),

  // MSR with a shifted operand (objdump's pre-ARMv6 form), bit 9 clear. The register-shift rows step
  // around QSUB / QDSUB (bits 11:8 = 0000, bits 7:4 = 0101); op2 = 111 is BKPT / SMC above.
  row('cccc 0001 0R10 kkkk 1111 ii0i 0tt0 mmmm', 'msr', decodeMoveToStatusShifted),
  row('cccc 0001 0R10 kkkk 1111 ss0s 00t1 mmmm', 'msr', decodeMoveToStatusShifted),
  row('cccc 0001 0R10 kkkk 1111 ss01 0101 mmmm', 'msr', decodeMoveToStatusShifted),
  row('cccc 0001 0R10 kkkk 1111 s10s 0101 mmmm', 'msr', decodeMoveToStatusShifted),
  row('cccc 0001 0R10 kkkk 1111 1s0s 0101 mmmm', 'msr', decodeMoveToStatusShifted),

  // The same two MSR readings of the halfword-multiply space (bit 7 set, bit 4 clear) where objdump's
  // SMULW<y> / SMUL<x><y> want bits 15:12 zero and find 1111; SMLAW<y> (0010, 1y00) keeps its name.
  row('cccc 0001 0010 jjjj 1111 zz1M 1z10 nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0110 jjjj 1111 zz1M 1zz0 nnnn', 'msr', decodeMoveToBanked),
  row('cccc 0001 0010 kkkk 1111 ii0i 1t10 mmmm', 'msr', decodeMoveToStatusShifted),
  row('cccc 0001 0110 kkkk 1111 ii0i 1tt0 mmmm', 'msr', decodeMoveToStatusShifted),
];
