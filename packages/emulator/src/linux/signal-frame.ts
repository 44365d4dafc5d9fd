/**
 * The ARM signal frames Linux 6.1 builds on the user stack (arch/arm/kernel/signal.c, asm/ucontext.h,
 * uapi/asm/sigcontext.h), as byte offsets, and the encoding of a thread context into one and back.
 *
 *   struct rt_sigframe { siginfo_t info;            // 0, 128 bytes
 *                        struct sigframe sig; };    // 128
 *   struct sigframe    { struct ucontext uc;        // 0, 744 bytes
 *                        unsigned long retcode[2]; } // 744
 *   struct ucontext    { uc_flags 0, uc_link 4, uc_stack 8 (ss_sp, ss_flags, ss_size), uc_mcontext 20 (the
 *                        sigcontext, 84 bytes), uc_sigmask 104 (8 bytes, then padding to 128 bytes for glibc's
 *                        sigset_t), uc_regspace 232 (128 words, 8-byte aligned) }
 *   struct sigcontext  { trap_no, error_code, oldmask, r0–r10, fp, ip, sp, lr, pc, cpsr, fault_address }
 *   uc_regspace        { struct vfp_sigframe { magic 0x56465001, size 288, struct user_vfp at 8 (fpregs[32] as
 *                        u64, fpscr at 264, padded to 8 bytes), struct user_vfp_exc at 272 (fpexc, fpinst,
 *                        fpinst2) }, end_magic 0 at 288 }
 *
 * The frame sits at (sp − size) & ~7 (8-byte alignment, AAPCS); the handler's SP is the frame.
 */

/** sizeof(siginfo_t). */
export const SIGINFO_SIZE = 128;
/** sizeof(struct ucontext). */
export const UCONTEXT_SIZE = 744;
/** sizeof(struct sigframe): the ucontext and two retcode words. */
export const SIGFRAME_SIZE = UCONTEXT_SIZE + 8;
/** sizeof(struct rt_sigframe). */
export const RT_SIGFRAME_SIZE = SIGINFO_SIZE + SIGFRAME_SIZE;

/** Offsets inside struct ucontext. */
export const UC_FLAGS = 0;
export const UC_LINK = 4;
export const UC_STACK = 8;
export const UC_MCONTEXT = 20;
export const UC_SIGMASK = 104;
export const UC_REGSPACE = 232;
/** Offset of retcode[] inside struct sigframe. */
export const SIGFRAME_RETCODE = UCONTEXT_SIZE;

/** Offsets inside struct sigcontext (words). */
export const SC_TRAP_NO = 0;
export const SC_ERROR_CODE = 4;
export const SC_OLDMASK = 8;
/** arm_r0; r1–r15 follow, one word each (fp = r11, ip = r12, sp, lr, pc). */
export const SC_R0 = 12;
export const SC_CPSR = 76;
export const SC_FAULT_ADDRESS = 80;
export const SIGCONTEXT_SIZE = 84;

/** The VFP record in uc_regspace. */
export const VFP_MAGIC = 0x56465001;
export const VFP_STORAGE_SIZE = 288;
export const VFP_FPREGS = 8;
export const VFP_FPSCR = 264;
export const VFP_FPEXC = 272;
export const VFP_FPINST = 276;
export const VFP_FPINST2 = 280;
/** FPEXC.EN: the thread's VFP is enabled (what a thread that used VFP has saved). */
export const FPEXC_EN = 0x40000000;

/** uc_flags of a non-rt frame: a value trap_no never has (setup_frame). */
export const SIGFRAME_UC_FLAGS = 0x5ac3c35a;

/** siginfo_t fields (ARM, 32-bit). */
export const SI_SIGNO = 0;
export const SI_ERRNO = 4;
export const SI_CODE = 8;
/** _kill/_rt: si_pid, si_uid, si_value; _sigfault: si_addr. */
export const SI_PID = 12;
export const SI_UID = 16;
export const SI_VALUE = 20;
export const SI_ADDR = 12;

/** The words of `sigreturn_codes` (arch/arm/kernel/sigreturn_codes.S): the return path without SA_RESTORER. */
export const SIGRETURN_CODES: readonly number[] = [
  0xe3a07077, // ARM:   mov r7, #119 (sigreturn)
  0xef900077, //        svc #0x900077
  0xdf002777, // Thumb: movs r7, #119; svc #0
  0xe3a070ad, // ARM:   mov r7, #173 (rt_sigreturn)
  0xef9000ad, //        svc #0x9000ad
  0xdf0027ad, // Thumb: movs r7, #173; svc #0
];

/** What a signal frame saves: the registers at the point the signal interrupted, and the signal bookkeeping. */
export interface FrameState {
  /** r0–r15 (r15: the address execution resumes at). */
  readonly regs: Int32Array;
  cpsr: number;
  /** D0–D31 as 64 words (D[n] = words 2n (low), 2n + 1). */
  readonly vfp: Uint32Array;
  fpscr: number;
}

/** What the kernel writes about the thread besides its registers. */
export interface FrameExtras {
  readonly trapNo: number;
  readonly errorCode: number;
  readonly faultAddress: number;
  /** The blocked mask to restore on return (two words). */
  readonly mask: Uint32Array;
  /** uc_stack: ss_sp, ss_flags (as sas_ss_flags(sp) reports them), ss_size. */
  readonly stack: readonly [number, number, number];
}

/** A signal's siginfo: the three header words and the union's first words. */
export interface SignalInfo {
  readonly signo: number;
  readonly code: number;
  /** The union's words from offset 12: [pid, uid] (kill), [addr] (faults). */
  readonly fields: readonly number[];
}

/** Writes a ucontext at `at` of `view` (the sigframe's first 744 bytes): only the fields Linux writes. */
export function encodeUcontext(view: DataView, at: number, state: FrameState, extras: FrameExtras, rt: boolean): void {
  const put = (offset: number, value: number): void => view.setUint32(at + offset, value >>> 0, true);
  if (rt) {
    put(UC_FLAGS, 0);
    put(UC_LINK, 0);
    put(UC_STACK, extras.stack[0]);
    put(UC_STACK + 4, extras.stack[1]);
    put(UC_STACK + 8, extras.stack[2]);
  } else {
    put(UC_FLAGS, SIGFRAME_UC_FLAGS);
  }
  const sc = UC_MCONTEXT;
  put(sc + SC_TRAP_NO, extras.trapNo);
  put(sc + SC_ERROR_CODE, extras.errorCode);
  put(sc + SC_OLDMASK, extras.mask[0]!);
  for (let i = 0; i < 16; i++) put(sc + SC_R0 + 4 * i, state.regs[i]!);
  put(sc + SC_CPSR, state.cpsr);
  put(sc + SC_FAULT_ADDRESS, extras.faultAddress);
  put(UC_SIGMASK, extras.mask[0]!);
  put(UC_SIGMASK + 4, extras.mask[1]!);
  const vfp = UC_REGSPACE;
  put(vfp, VFP_MAGIC);
  put(vfp + 4, VFP_STORAGE_SIZE);
  for (let i = 0; i < 64; i++) put(vfp + VFP_FPREGS + 4 * i, state.vfp[i]!);
  put(vfp + VFP_FPSCR, state.fpscr);
  put(vfp + VFP_FPSCR + 4, 0);
  put(vfp + VFP_FPEXC, FPEXC_EN);
  put(vfp + VFP_FPINST, 0);
  put(vfp + VFP_FPINST2, 0);
  put(vfp + VFP_STORAGE_SIZE, 0);
}

/** Writes a siginfo at `at`: the whole 128 bytes (zero beyond the fields given). */
export function encodeSiginfo(view: DataView, at: number, info: SignalInfo): void {
  for (let i = 0; i < SIGINFO_SIZE; i += 4) view.setUint32(at + i, 0, true);
  view.setUint32(at + SI_SIGNO, info.signo >>> 0, true);
  view.setUint32(at + SI_ERRNO, 0, true);
  view.setInt32(at + SI_CODE, info.code | 0, true);
  for (const [i, v] of info.fields.entries()) view.setUint32(at + 12 + 4 * i, v >>> 0, true);
}

/** What a ucontext read back holds, or why it is not a frame the kernel would accept. */
export type DecodedUcontext =
  | {
      readonly ok: true;
      readonly regs: Int32Array;
      readonly cpsr: number;
      readonly vfp: Uint32Array;
      readonly fpscr: number;
      readonly mask: Uint32Array;
      readonly stack: readonly [number, number, number];
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads a ucontext (restore_sigframe): the mask, r0–r15, CPSR (valid_user_regs: USR mode with IRQs enabled,
 * else a bad frame; F and A are cleared) and the VFP record (its magic and size must be Linux's).
 */
export function decodeUcontext(view: DataView, at: number): DecodedUcontext {
  const get = (offset: number): number => view.getUint32(at + offset, true);
  const mask = new Uint32Array([get(UC_SIGMASK), get(UC_SIGMASK + 4)]);
  const regs = new Int32Array(16);
  for (let i = 0; i < 16; i++) regs[i] = get(UC_MCONTEXT + SC_R0 + 4 * i) | 0;
  let cpsr = get(UC_MCONTEXT + SC_CPSR);
  cpsr = (cpsr & ~(PSR_F | PSR_A)) >>> 0;
  if ((cpsr & PSR_I) !== 0 || (cpsr & 0x1f) !== MODE_USR) {
    return { ok: false, reason: `the saved CPSR 0x${cpsr.toString(16)} is not user mode with IRQs enabled` };
  }
  const vfpAt = UC_REGSPACE;
  if (get(vfpAt) !== VFP_MAGIC || get(vfpAt + 4) !== VFP_STORAGE_SIZE) {
    return { ok: false, reason: 'the VFP record in uc_regspace has the wrong magic or size' };
  }
  const vfp = new Uint32Array(64);
  for (let i = 0; i < 64; i++) vfp[i] = get(vfpAt + VFP_FPREGS + 4 * i);
  return {
    ok: true,
    regs,
    cpsr,
    vfp,
    fpscr: get(vfpAt + VFP_FPSCR),
    mask,
    stack: [get(UC_STACK), get(UC_STACK + 4), get(UC_STACK + 8)],
  };
}

const PSR_F = 0x40;
const PSR_I = 0x80;
const PSR_A = 0x100;
const MODE_USR = 0x10;
