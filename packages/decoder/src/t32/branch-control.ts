/**
 * 32-bit Thumb branches and miscellaneous control (A6.3.4): B<c>.W, B.W, BL, BLX (immediate), MSR/MRS (incl. banked), CPS, hints, barriers, CLREX, BXJ, SUBS PC, LR (ERET), SMC, HVC, UDF.W.
 *
 * Rows in GNU objdump 2.40's first-match order (its thumb32_opcodes table puts the specific patterns before
 * the general ones), including the units objdump names but ARMv7-A leaves UNDEFINED (named-undefined.ts).
 * Field letters: s = S, c = cond, i / k = immediates, j = J1 / J2, n = Rn, d = Rd, m = Rm, r = R, q = mask /
 * M1, t = option / mode, a = A:I:F, h = hint, x = don't care.
 */
import { type ThumbRow, t32 } from '../thumb/row.js';
import { decodeBranchConditional, decodeBranchWide } from './branch.js';
import {
  decodeBranchFuture,
  decodeDebugChangeState,
  decodeLowOverheadLoop,
  decodeReservedBranch,
} from './named-undefined.js';
import {
  decodeBarrier,
  decodeBranchExchangeJazelle,
  decodeChangeProcessorState,
  decodeClearExclusive,
  decodeExceptionReturn,
  decodeHint,
  decodeHypervisorCall,
  decodeMoveFromStatus,
  decodeMoveToBanked,
  decodeMoveToStatusRegister,
  decodePermanentlyUndefined,
  decodeSecureMonitorCall,
} from './system.js';

/** The hint space: `11110 0 1110 1 0 1111 | 10 0 0 0 000 hint`. */
const HINT = '11110 0 1110 1 0 1111 1000 0000';
/** The miscellaneous-control space: `11110 0 1110 1 1 1111 | 10 0 0 1111 op option`. */
const MISC = '11110 0 1110 1 1 1111 1000 1111';

export const t32BranchControlRows: readonly ThumbRow[] = [
  // Armv8.1-M pointer-authentication hints (NOPs in ARMv7-A's hint space).
  t32(`${HINT} 0010 1101`, 'aut', decodeHint),
  t32(`${HINT} 0000 1111`, 'bti', decodeHint),
  t32(`${HINT} 0001 1101`, 'pac', decodeHint),
  t32(`${HINT} 0000 1101`, 'pacbti', decodeHint),

  // Armv8.1-M low-overhead loops and branch future: BLX (immediate) with H = 1, UNDEFINED in ARMv7-A.
  t32('11110 0 0000 0 0 1111 1110 0000 0000 0001', 'lctp', decodeLowOverheadLoop),
  t32('11110 0 0000 1 0 1111 1100 kiii iiii iii1', 'le', decodeLowOverheadLoop),
  t32('11110 0 0000 0 0 1111 1100 kiii iiii iii1', 'le', decodeLowOverheadLoop),
  t32('11110 0 0000 0 1 1111 1100 kiii iiii iii1', 'letp', decodeLowOverheadLoop),
  t32('11110 0 0001 0 0 nnnn 1100 kiii iiii iii1', 'wls', decodeLowOverheadLoop),
  t32('11110 0 0000 t t nnnn 1100 kiii iiii iii1', 'wlstp', decodeLowOverheadLoop),
  t32('11110 0 0001 0 0 nnnn 1110 0000 0000 0001', 'dls', decodeLowOverheadLoop),
  t32('11110 0 0000 t t nnnn 1110 0000 0000 0001', 'dlstp', decodeLowOverheadLoop),
  t32('11110 i iii 1 0 iiiii 1110 kiii iiii iii1', 'bf', decodeBranchFuture),
  t32('11110 i ii 0 1 1 0 nnnn 1110 xxxx xxxx xxx1', 'bfx', decodeBranchFuture),
  t32('11110 i iiiiiiiiii 1100 kiii iiii iii1', 'bfl', decodeBranchFuture),
  t32('11110 i ii 0 1 1 1 nnnn 1110 xxxx xxxx xxx1', 'bflx', decodeBranchFuture),
  t32('11110 i iii 0 cccc t i 1110 kiii iiii iii1', 'bfcsel', decodeBranchFuture),

  // Hints, ARMv8 DCPS, barriers.
  t32(`${HINT} 0001 0000`, 'esb', decodeHint),
  t32(`${HINT} 0000 0101`, 'sevl', decodeHint),
  t32('11110 1 1110 0 0 1111 1000 0000 0000 00tt', 'dcps', decodeDebugChangeState),
  t32(`${MISC} 0100 1100`, 'dfb', decodeBarrier),
  t32(`${HINT} 0001 0100`, 'csdb', decodeHint),
  t32(`${MISC} 0100 0000`, 'ssbb', decodeBarrier),
  t32(`${MISC} 0100 0100`, 'pssbb', decodeBarrier),
  t32(`${HINT} 1111 hhhh`, 'dbg', decodeHint),
  t32(`${MISC} 0101 tttt`, 'dmb', decodeBarrier),
  t32(`${MISC} 0100 tttt`, 'dsb', decodeBarrier),
  t32(`${MISC} 0110 tttt`, 'isb', decodeBarrier),
  t32('11110 1 1111 1 0 iiii 1000 iiii iiii iiii', 'hvc', decodeHypervisorCall),
  t32('11110 1 1111 1 1 iiii 1000 iiii iiii iiii', 'smc', decodeSecureMonitorCall),
  t32(`${MISC} 0111 0000`, 'sb', decodeBarrier),
  t32(`${HINT} 0000 0000`, 'nop', decodeHint),
  t32(`${HINT} 0000 0001`, 'yield', decodeHint),
  t32(`${HINT} 0000 0010`, 'wfe', decodeHint),
  t32(`${HINT} 0000 0011`, 'wfi', decodeHint),
  t32(`${HINT} 0000 0100`, 'sev', decodeHint),
  t32(`${HINT} hhhh hhhh`, 'nop', decodeHint),
  t32('11110 1 1111 1 1 iiii 1010 iiii iiii iiii', 'udf', decodePermanentlyUndefined),

  // CLREX, CPS, BXJ, MRS, SUBS PC, LR, MSR.
  t32(`${MISC} 0010 1111`, 'clrex', decodeClearExclusive),
  t32('11110 0 1110 1 0 1111 1000 0100 aaa0 0000', 'cpsie', decodeChangeProcessorState),
  t32('11110 0 1110 1 0 1111 1000 0110 aaa0 0000', 'cpsid', decodeChangeProcessorState),
  t32('11110 0 1111 0 0 mmmm 1000 1111 0000 0000', 'bxj', decodeBranchExchangeJazelle),
  t32('11110 0 1111 1 r qqqq 1000 dddd xxxx xxxx', 'mrs', decodeMoveFromStatus),
  t32('11110 0 1110 1 0 1111 1000 0001 000t tttt', 'cps', decodeChangeProcessorState),
  t32('11110 0 1110 1 0 1111 1000 0101 aaat tttt', 'cpsie', decodeChangeProcessorState),
  t32('11110 0 1110 1 0 1111 1000 0111 aaat tttt', 'cpsid', decodeChangeProcessorState),
  t32('11110 0 1111 0 1 1110 1000 1111 iiii iiii', 'subs', decodeExceptionReturn),
  // MSR: PSR fields when bits 7:0 are zero; banked when bit 5 is set; else objdump's M-profile reading.
  t32('11110 0 1110 0 r nnnn 1000 qqqq 0000 0000', 'msr', decodeMoveToStatusRegister),
  t32('11110 0 1110 0 r nnnn 1000 qqqq xx1x xxxx', 'msr', decodeMoveToBanked),
  t32('11110 0 1110 0 r nnnn 1000 qqqq xxxx xxxx', 'msr', decodeMoveToStatusRegister),

  // The rest of B<c>.W's cond = 111x space (S either way).
  t32('11110 x 1111 xxxxxx 10x0 xxxx xxxx xxxx', 'bcc', decodeReservedBranch),
  t32('11110 x 1110 xxxxxx 10x0 xxxx xxxx xxxx', 'bcc', decodeReservedBranch),

  // B<c>.W (T3), B.W (T4), BLX (immediate, H = 0), BL.
  t32('11110 s cccc iiiiii 10j0 kiii iiii iiii', 'b', decodeBranchConditional),
  t32('11110 s iiiiiiiiii 10j1 kiii iiii iiii', 'b', decodeBranchWide),
  t32('11110 s iiiiiiiiii 11j0 kiii iiii iii0', 'blx', decodeBranchWide),
  t32('11110 s iiiiiiiiii 11j1 kiii iiii iiii', 'bl', decodeBranchWide),
];
