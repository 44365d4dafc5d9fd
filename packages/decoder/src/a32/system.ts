/**
 * The system class: status-register access, exception generation and return, hints, CRC32, SVC, and
 * the unconditional space's processor-state, memory-hint, barrier and exception-state instructions.
 * Types are declared here; decoders and rows live in miscellaneous.ts (A5.2.12), hints.ts (A5.2.11,
 * SVC) and unconditional.ts (A5.7).
 */
import type { A32Common, Reg } from './common.js';
import { hintRows, supervisorCallRows } from './hints.js';
import { miscellaneousRows } from './miscellaneous.js';
import type { Row } from './row.js';
import { unconditionalRows } from './unconditional.js';

/** Fields of a PSR write: bits 19:16 as objdump's `_fsxc` letters (bit 3 f, bit 2 s, bit 1 x, bit 0 c). */
interface StatusFields {
  /** R: the SPSR of the current mode instead of the CPSR. */
  readonly writeSpsr: boolean;
  readonly mask: number;
}

/**
 * `mrs rd, <spec_reg>`. Plain MRS (`banked` false) reads the CPSR or the SPSR (`readSpsr`, R); its
 * `sysm` should be 0b01111 (M = 0, M1 = 1111) and is anything else only in an UNPREDICTABLE word.
 * Banked MRS reads the register selected by R and SYSm = M:M1 (`sysm`, 5 bits).
 */
export interface MoveFromStatusInsn extends A32Common {
  readonly kind: 'mrs';
  readonly rd: Reg;
  readonly readSpsr: boolean;
  readonly banked: boolean;
  readonly sysm: number;
}

/** `msr <psr>_<fields>, #<const>`; imm32 = imm8 rotated right by `rotation`. */
export interface MoveToStatusImmediateInsn extends A32Common, StatusFields {
  readonly kind: 'msr-immediate';
  readonly imm32: number;
  readonly imm8: number;
  readonly rotation: number;
}

/** `msr <psr>_<fields>, rn`. */
export interface MoveToStatusRegisterInsn extends A32Common, StatusFields {
  readonly kind: 'msr-register';
  readonly rn: Reg;
}

/** `msr <banked register>, rn`: R (`writeSpsr`) and SYSm = M:M1 (`sysm`) select the register. */
export interface MoveToBankedInsn extends A32Common {
  readonly kind: 'msr-banked';
  readonly writeSpsr: boolean;
  readonly sysm: number;
  readonly rn: Reg;
}

/**
 * `msr <psr>_<fields>, rm, <shift>`: objdump's reading of a word the ARM ARM does not decode as MSR
 * (always `unpredictable`; execute it as UNDEFINED). `rs` is -1 for an immediate shift of
 * `shiftAmount` (encoded: type 3 amount 0 is RRX, types 1/2 amount 0 mean 32).
 */
export interface MoveToStatusShiftedInsn extends A32Common, StatusFields {
  readonly kind: 'msr-shifted';
  readonly rm: Reg;
  readonly shiftType: number;
  readonly shiftAmount: number;
  readonly rs: number;
}

/**
 * ERET, and Thumb's SUBS PC, LR, #imm8: return to LR − `imm32`, restoring CPSR from SPSR (ERET from Hyp mode
 * returns to ELR_hyp). ARM state's only form is ERET (`imm32` 0; its SUBS PC, LR, #imm is a data-processing
 * instruction).
 */
export interface ExceptionReturnInsn extends A32Common {
  readonly kind: 'exception-return';
  readonly imm32: number;
}

/** BKPT #imm16 (always unconditional in the form objdump knows). */
export interface BreakpointInsn extends A32Common {
  readonly kind: 'breakpoint';
  readonly imm16: number;
}

/** HLT #imm16 (ARMv8 halting debug). */
export interface HaltInsn extends A32Common {
  readonly kind: 'halt';
  readonly imm16: number;
}

/** HVC #imm16. */
export interface HypervisorCallInsn extends A32Common {
  readonly kind: 'hypervisor-call';
  readonly imm16: number;
}

/** SMC #imm4; `imm16` adds the should-be-zero bits 19:8 the way objdump prints them. */
export interface SecureMonitorCallInsn extends A32Common {
  readonly kind: 'secure-monitor-call';
  readonly imm4: number;
  readonly imm16: number;
}

/** SVC #imm24. */
export interface SupervisorCallInsn extends A32Common {
  readonly kind: 'supervisor-call';
  readonly imm24: number;
}

/** CRC32{C}{B,H,W} rd, rn, rm: `size` bytes of rm into the CRC in rn; `castagnoli` = CRC32C. */
export interface Crc32Insn extends A32Common {
  readonly kind: 'crc32';
  readonly rd: Reg;
  readonly rn: Reg;
  readonly rm: Reg;
  readonly size: number;
  readonly castagnoli: boolean;
}

/**
 * A hint (`hint` = bits 7:0): NOP 0, YIELD 1, WFE 2, WFI 3, SEV 4, SEVL 5, ESB 16, CSDB 20, DBG 0xF0
 * + option; every other number is an unallocated hint that executes as NOP (`op` 'nop').
 */
export interface HintInsn extends A32Common {
  readonly kind: 'hint';
  readonly hint: number;
}

/**
 * CPS / CPSIE / CPSID. `imod` 2 enables and 3 disables the interrupt masks selected by `affectA/I/F`
 * (0 leaves them, 1 is UNPREDICTABLE); `changeMode` (M) writes `mode`.
 */
export interface ChangeProcessorStateInsn extends A32Common {
  readonly kind: 'change-processor-state';
  readonly imod: number;
  readonly affectA: boolean;
  readonly affectI: boolean;
  readonly affectF: boolean;
  readonly changeMode: boolean;
  readonly mode: number;
}

/** SETEND BE / LE. */
export interface SetEndiannessInsn extends A32Common {
  readonly kind: 'set-endianness';
  readonly bigEndian: boolean;
}

/** SETPAN #imm1. */
export interface SetPrivilegedAccessNeverInsn extends A32Common {
  readonly kind: 'set-pan';
  readonly imm1: number;
}

/**
 * PLD / PLDW / PLI. Address = rn ± offset (`add`), where the offset is `imm32` or, when
 * `registerOffset`, rm shifted by (`shiftType`, `shiftAmount`) as encoded (type 3 with amount 0 is
 * RRX; types 1 and 2 with amount 0 shift by 32) — or by register `rs` when `rs` ≥ 0, a form the ARM ARM
 * leaves UNDEFINED. `index` false (no P bit) marks the unallocated memory hints objdump prints as
 * post-indexed PLDW; they execute as NOP. PC-relative (rn = PC) forms use Align(PC, 4).
 */
export interface PreloadInsn extends A32Common {
  readonly kind: 'preload';
  readonly rn: Reg;
  readonly add: boolean;
  readonly index: boolean;
  readonly registerOffset: boolean;
  readonly imm32: number;
  readonly rm: number;
  readonly shiftType: number;
  readonly shiftAmount: number;
  readonly rs: number;
}

/** CLREX. */
export interface ClearExclusiveInsn extends A32Common {
  readonly kind: 'clear-exclusive';
}

/** DSB / DMB / ISB (`option` = bits 3:0, 15 = SY) and SSBB / PSSBB / DFB / SB. */
export interface BarrierInsn extends A32Common {
  readonly kind: 'barrier';
  readonly option: number;
}

/** SRS: store LR and SPSR to the `mode` stack (see `decodeStoreReturnState`). */
export interface StoreReturnStateInsn extends A32Common {
  readonly kind: 'store-return-state';
  readonly mode: number;
  readonly increment: boolean;
  readonly wordHigher: boolean;
  readonly wback: boolean;
}

/** RFE: load PC and CPSR from the two words at rn. */
export interface ReturnFromExceptionInsn extends A32Common {
  readonly kind: 'return-from-exception';
  readonly rn: Reg;
  readonly increment: boolean;
  readonly wordHigher: boolean;
  readonly wback: boolean;
}

/** Instructions of this class. */
export type SystemInsn =
  | MoveFromStatusInsn
  | MoveToStatusImmediateInsn
  | MoveToStatusRegisterInsn
  | MoveToBankedInsn
  | MoveToStatusShiftedInsn
  | ExceptionReturnInsn
  | BreakpointInsn
  | HaltInsn
  | HypervisorCallInsn
  | SecureMonitorCallInsn
  | SupervisorCallInsn
  | Crc32Insn
  | HintInsn
  | ChangeProcessorStateInsn
  | SetEndiannessInsn
  | SetPrivilegedAccessNeverInsn
  | PreloadInsn
  | ClearExclusiveInsn
  | BarrierInsn
  | StoreReturnStateInsn
  | ReturnFromExceptionInsn;

/**
 * Rows in first-match order. A row whose pattern fixes bits 31:28 to 1111 belongs to the unconditional
 * space; any other row applies only when cond ≠ 0b1111. These rows come first in the A32 table, so
 * they fix every bit objdump fixes and leave the rest of the 0b00x space to the data-processing rows.
 */
export const systemRows: readonly Row[] = [
  ...miscellaneousRows,
  ...hintRows,
  ...supervisorCallRows,
  ...unconditionalRows,
];
