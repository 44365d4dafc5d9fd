/**
 * Guest signal delivery (src/linux/signal-*.ts): the frame layout against the offsets the cross toolchain's
 * headers give (fixtures/signal-frame/offsets.json, from scripts/fixtures/gen-signal-frame-offsets.mjs), the
 * frame's encoding and the kernel's sigreturn checks, and small programs (assembled with arm-linux-gnueabihf-as)
 * for what the glibc fixtures cannot show: the return code in the vectors page without SA_RESTORER, the frame a
 * handler sees, a fault while its signal is blocked or its handler runs, SIGSTOP, a bad sigreturn frame and an
 * uncatchable signal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Machine, type RunResult } from '../src/index.js';
import {
  decodeUcontext,
  encodeSiginfo,
  encodeUcontext,
  type FrameState,
  RT_SIGFRAME_SIZE,
  SC_CPSR,
  SC_ERROR_CODE,
  SC_FAULT_ADDRESS,
  SC_OLDMASK,
  SC_R0,
  SC_TRAP_NO,
  SI_ADDR,
  SI_CODE,
  SI_ERRNO,
  SI_PID,
  SI_SIGNO,
  SI_UID,
  SI_VALUE,
  SIGCONTEXT_SIZE,
  SIGFRAME_RETCODE,
  SIGFRAME_SIZE,
  SIGINFO_SIZE,
  UC_FLAGS,
  UC_LINK,
  UC_MCONTEXT,
  UC_REGSPACE,
  UC_SIGMASK,
  UC_STACK,
  UCONTEXT_SIZE,
  VFP_FPEXC,
  VFP_FPINST,
  VFP_FPINST2,
  VFP_FPREGS,
  VFP_FPSCR,
  VFP_MAGIC,
  VFP_STORAGE_SIZE,
} from '../src/linux/signal-frame.js';
import { buildElf, CODE_OFFSET } from './elf-builder.js';

const offsets = JSON.parse(
  readFileSync(join(__dirname, '../../../fixtures/signal-frame/offsets.json'), 'utf8'),
) as Record<string, number>;

describe('the ARM signal frame has the layout of the toolchain headers (Linux 6.1 ABI)', () => {
  it('sizes and offsets', () => {
    expect({
      siginfo_size: SIGINFO_SIZE,
      ucontext_size: UCONTEXT_SIZE,
      sigframe_size: SIGFRAME_SIZE,
      rt_sigframe_size: RT_SIGFRAME_SIZE,
      rt_sigframe_uc: SIGINFO_SIZE,
      sigframe_retcode: SIGFRAME_RETCODE,
      uc_flags: UC_FLAGS,
      uc_link: UC_LINK,
      uc_stack: UC_STACK,
      uc_mcontext: UC_MCONTEXT,
      uc_sigmask: UC_SIGMASK,
      uc_regspace: UC_REGSPACE,
      ss_sp: 0,
      ss_flags: 4,
      ss_size: 8,
      sc_trap_no: SC_TRAP_NO,
      sc_error_code: SC_ERROR_CODE,
      sc_oldmask: SC_OLDMASK,
      sc_r0: SC_R0,
      sc_r10: SC_R0 + 40,
      sc_fp: SC_R0 + 44,
      sc_ip: SC_R0 + 48,
      sc_sp: SC_R0 + 52,
      sc_lr: SC_R0 + 56,
      sc_pc: SC_R0 + 60,
      sc_cpsr: SC_CPSR,
      sc_fault_address: SC_FAULT_ADDRESS,
      sigcontext_size: SIGCONTEXT_SIZE,
      vfp_size: VFP_STORAGE_SIZE,
      vfp_fpregs: VFP_FPREGS,
      vfp_fpscr: VFP_FPSCR,
      vfp_fpexc: VFP_FPEXC,
      vfp_fpinst: VFP_FPINST,
      vfp_fpinst2: VFP_FPINST2,
      si_signo: SI_SIGNO,
      si_errno: SI_ERRNO,
      si_code: SI_CODE,
      si_pid: SI_PID,
      si_uid: SI_UID,
      si_value: SI_VALUE,
      si_addr: SI_ADDR,
    }).toEqual(offsets);
  });

  const state = (): FrameState => {
    const regs = Int32Array.from({ length: 16 }, (_, i) => 0x1000 * i + i);
    const vfp = Uint32Array.from({ length: 64 }, (_, i) => (0xd0000000 + i) >>> 0);
    return { regs, cpsr: 0x600f0030, vfp, fpscr: 0x03c00010 };
  };
  const extras = {
    trapNo: 14,
    errorCode: 0x807,
    faultAddress: 0x10,
    mask: new Uint32Array([0x400, 0x80000001]),
    stack: [0x40000000, 1, 0x10000] as [number, number, number],
  };

  it('encodes every field at its offset; the non-rt frame marks uc_flags; siginfo is zero beyond its fields', () => {
    const bytes = new Uint8Array(RT_SIGFRAME_SIZE).fill(0xee);
    const view = new DataView(bytes.buffer);
    encodeSiginfo(view, 0, { signo: 11, code: 1, fields: [0x10] });
    const uc = offsets.rt_sigframe_uc!;
    encodeUcontext(view, uc, state(), extras, true);
    const u32 = (at: number): number => view.getUint32(at, true);
    const sc = uc + offsets.uc_mcontext!;
    const vfp = uc + offsets.uc_regspace!;
    expect([u32(offsets.si_signo!), view.getInt32(offsets.si_code!, true), u32(offsets.si_addr!), u32(124)]).toEqual([
      11, 1, 0x10, 0,
    ]);
    expect([u32(uc + offsets.uc_flags!), u32(uc + offsets.uc_link!)]).toEqual([0, 0]);
    expect([u32(uc + 8 + offsets.ss_sp!), u32(uc + 8 + offsets.ss_flags!), u32(uc + 8 + offsets.ss_size!)]).toEqual(
      extras.stack,
    );
    expect([u32(sc + offsets.sc_trap_no!), u32(sc + offsets.sc_error_code!), u32(sc + offsets.sc_oldmask!)]).toEqual([
      14, 0x807, 0x400,
    ]);
    expect([
      u32(sc + offsets.sc_r0!),
      u32(sc + offsets.sc_r10!),
      u32(sc + offsets.sc_fp!),
      u32(sc + offsets.sc_ip!),
    ]).toEqual([0, 0xa00a, 0xb00b, 0xc00c]);
    expect([
      u32(sc + offsets.sc_sp!),
      u32(sc + offsets.sc_lr!),
      u32(sc + offsets.sc_pc!),
      u32(sc + offsets.sc_cpsr!),
    ]).toEqual([0xd00d, 0xe00e, 0xf00f, 0x600f0030]);
    expect(u32(sc + offsets.sc_fault_address!)).toBe(0x10);
    expect([u32(uc + offsets.uc_sigmask!), u32(uc + offsets.uc_sigmask! + 4)]).toEqual([0x400, 0x80000001]);
    // The rest of glibc's 128-byte sigset_t is not written (the kernel's sigset_t is 8 bytes).
    expect(u32(uc + offsets.uc_sigmask! + 8)).toBe(0xeeeeeeee);
    expect([u32(vfp), u32(vfp + 4)]).toEqual([VFP_MAGIC, offsets.vfp_size]);
    expect([u32(vfp + offsets.vfp_fpregs!), u32(vfp + offsets.vfp_fpregs! + 8 * 31 + 4)]).toEqual([
      0xd0000000, 0xd000003f,
    ]);
    expect([u32(vfp + offsets.vfp_fpscr!), u32(vfp + offsets.vfp_fpexc!), u32(vfp + offsets.vfp_fpinst!)]).toEqual([
      0x03c00010, 0x40000000, 0,
    ]);
    // end_magic after the VFP record.
    expect(u32(vfp + offsets.vfp_size!)).toBe(0);
    const plain = new DataView(new ArrayBuffer(SIGFRAME_SIZE));
    encodeUcontext(plain, 0, state(), extras, false);
    expect(plain.getUint32(0, true)).toBe(0x5ac3c35a);
  });

  it('decodes what it encoded; rejects a CPSR that is not user mode with IRQs enabled, or a wrong VFP record', () => {
    const view = new DataView(new ArrayBuffer(UCONTEXT_SIZE));
    const s = state();
    s.cpsr = 0x600f0170; // A and F set: cleared on the way back, as valid_user_regs does
    encodeUcontext(view, 0, s, extras, true);
    const d = decodeUcontext(view, 0);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect([...d.regs]).toEqual([...state().regs]);
    expect(d.cpsr).toBe(0x600f0030);
    expect([...d.vfp]).toEqual([...state().vfp]);
    expect([d.fpscr, ...d.mask, ...d.stack]).toEqual([0x03c00010, 0x400, 0x80000001, ...extras.stack]);
    const cpsrAt = offsets.uc_mcontext! + offsets.sc_cpsr!;
    view.setUint32(cpsrAt, 0x600f00b0, true); // I set
    expect(decodeUcontext(view, 0).ok).toBe(false);
    view.setUint32(cpsrAt, 0x600f0033, true); // SVC mode
    expect(decodeUcontext(view, 0).ok).toBe(false);
    view.setUint32(cpsrAt, 0x600f0010, true);
    expect(decodeUcontext(view, 0).ok).toBe(true);
    view.setUint32(offsets.uc_regspace! + 4, 280, true);
    expect(decodeUcontext(view, 0).ok).toBe(false);
  });
});

const TEXT = 0x10000 + CODE_OFFSET;
const DATA = 0x20000;

interface Run {
  readonly result: RunResult;
  readonly stderr: string;
  readonly machine: Machine;
  readonly word: (address: number) => number;
}

function run(code: readonly number[], entry = TEXT): Run {
  let stderr = '';
  const decoder = new TextDecoder('latin1');
  const machine = new Machine({ onStderr: (b) => (stderr += decoder.decode(b)) });
  machine.loadElf(buildElf({ code, entry, bss: 4096 }));
  const result = machine.run({ maxInstructions: 10_000 });
  return { result, stderr, machine, word: (a) => machine.memory.peek32(a) >>> 0 };
}

// A SIGUSR1 handler with SA_SIGINFO and no SA_RESTORER; tgkill(pid, tid, SIGUSR1) with known r5, r6, r8–r12;
// the handler stores r0, r1, r2, SP and LR at DATA + 32…48, clobbers r5, r6, r12 and returns with BX LR.
const HANDLER_PROGRAM = [
  0xe3004000, // movw r4, #0
  0xe3404002, // movt r4, #2
  0xe28f0078, // add r0, pc, #120        handler
  0xe5840000, // str r0, [r4]            sa_handler
  0xe3a00004, // mov r0, #4
  0xe5840004, // str r0, [r4, #4]        sa_flags = SA_SIGINFO
  0xe3a00000, // mov r0, #0
  0xe5840008, // str r0, [r4, #8]
  0xe584000c, // str r0, [r4, #12]
  0xe5840010, // str r0, [r4, #16]
  0xe3a0000a, // mov r0, #10
  0xe1a01004, // mov r1, r4
  0xe3a02000, // mov r2, #0
  0xe3a03008, // mov r3, #8
  0xe3a070ae, // mov r7, #174            rt_sigaction(SIGUSR1, act, NULL, 8)
  0xef000000, // svc 0
  0xe3a070e0, // mov r7, #224            gettid
  0xef000000, // svc 0
  0xe1a01000, // mov r1, r0
  0xe30003e8, // movw r0, #1000
  0xe3a0200a, // mov r2, #10
  0xe3055555, // movw r5, #0x5555
  0xe3066666, // movw r6, #0x6666
  0xe3088888, // movw r8, #0x8888
  0xe3099999, // movw r9, #0x9999
  0xe30aaaaa, // movw sl, #0xaaaa
  0xe30bbbbb, // movw fp, #0xbbbb
  0xe30ccccc, // movw ip, #0xcccc
  0xe300710c, // movw r7, #268           tgkill(1000, tid, SIGUSR1)
  0xef000000, // svc 0
  0xe1a03000, // mov r3, r0              after: the handler has run and returned
  0xe3a00000, // mov r0, #0
  0xe3a070f8, // mov r7, #248            exit_group(0)
  0xef000000, // svc 0
  0xe5840020, // handler: str r0, [r4, #32]
  0xe5841024, // str r1, [r4, #36]
  0xe5842028, // str r2, [r4, #40]
  0xe584d02c, // str sp, [r4, #44]
  0xe584e030, // str lr, [r4, #48]
  0xe3a05000, // mov r5, #0
  0xe3a06000, // mov r6, #0
  0xe3a0c000, // mov ip, #0
  0xe12fff1e, // bx lr
];

// SIGSEGV handler (exit(99)); SIGSEGV blocked with rt_sigprocmask; a load from 0x10.
const FAULT_PROGRAM = [
  0xe3004000, // movw r4, #0
  0xe3404002, // movt r4, #2
  0xe28f006c, // add r0, pc, #108        handler
  0xe5840000, // str r0, [r4]
  0xe3a00004, // mov r0, #4
  0xe5840004, // str r0, [r4, #4]
  0xe3a00000, // mov r0, #0
  0xe5840008, // str r0, [r4, #8]
  0xe584000c, // str r0, [r4, #12]
  0xe5840010, // str r0, [r4, #16]
  0xe3a0000b, // mov r0, #11
  0xe1a01004, // mov r1, r4
  0xe3a02000, // mov r2, #0
  0xe3a03008, // mov r3, #8
  0xe3a070ae, // mov r7, #174            rt_sigaction(SIGSEGV, act, NULL, 8)
  0xef000000, // svc 0
  0xe3a00b01, // mov r0, #0x400
  0xe5840040, // str r0, [r4, #64]
  0xe3a00000, // mov r0, #0
  0xe5840044, // str r0, [r4, #68]
  0xe3a00000, // mov r0, #0
  0xe2841040, // add r1, r4, #64
  0xe3a02000, // mov r2, #0
  0xe3a03008, // mov r3, #8
  0xe3a070af, // mov r7, #175            rt_sigprocmask(SIG_BLOCK, {SIGSEGV}, NULL, 8)
  0xef000000, // svc 0                   (word 25)
  0xe3a00010, // mov r0, #16
  0xe5900000, // ldr r0, [r0]            (word 27) the fault
  0xe3a00000, // mov r0, #0
  0xe3a070f8, // mov r7, #248
  0xef000000, // svc 0
  0xe3a00063, // handler: mov r0, #99    (word 31)
  0xe3a070f8, // mov r7, #248            exit_group(99)
  0xef000000, // svc 0
];
const NOP = 0xe320f000;

// Three entry points: kill(pid, SIGSTOP); rt_sigreturn with SP misaligned; rt_sigaction(SIGKILL, act) → exit(r0).
const MISC_PROGRAM = [
  0xe30003e8, // movw r0, #1000
  0xe3a01013, // mov r1, #19
  0xe3a07025, // mov r7, #37             kill(1000, SIGSTOP)
  0xef000000, // svc 0
  0xe3a00000, // mov r0, #0
  0xe3a070f8, // mov r7, #248
  0xef000000, // svc 0
  0xe24dd004, // sub sp, sp, #4          (word 7)
  0xe3a070ad, // mov r7, #173            rt_sigreturn with SP & 7 ≠ 0
  0xef000000, // svc 0
  0xe3a00001, // mov r0, #1
  0xe3a070f8, // mov r7, #248
  0xef000000, // svc 0
  0xe3004000, // movw r4, #0             (word 13)
  0xe3404002, // movt r4, #2
  0xe3a00009, // mov r0, #9
  0xe1a01004, // mov r1, r4
  0xe3a02000, // mov r2, #0
  0xe3a03008, // mov r3, #8
  0xe3a070ae, // mov r7, #174            rt_sigaction(SIGKILL, act, NULL, 8)
  0xef000000, // svc 0
  0xe3a070f8, // mov r7, #248            exit_group(result)
  0xef000000, // svc 0
];

describe('signal delivery in small programs', () => {
  it('without SA_RESTORER the handler returns through the vectors page; it sees the rt frame; sigreturn restores', () => {
    const r = run(HANDLER_PROGRAM);
    expect({ reason: r.result.reason, status: r.result.status, stderr: r.stderr }).toEqual({
      reason: 'exit',
      status: 0,
      stderr: '',
    });
    const signo = r.word(DATA + 32);
    const info = r.word(DATA + 36);
    const uc = r.word(DATA + 40);
    const sp = r.word(DATA + 44);
    const lr = r.word(DATA + 48);
    // LR: the ARM rt_sigreturn code (index 3) of the return code at 0xffff0500, which holds sigreturn_codes.
    expect(lr).toBe(0xffff050c);
    expect([r.word(0xffff050c), r.word(0xffff0510)]).toEqual([0xe3a070ad, 0xef9000ad]);
    expect([signo, info, uc - info, sp & 7]).toEqual([10, sp, 128, 0]);
    // siginfo: SIGUSR1, SI_TKILL, the sender's pid and uid.
    expect([r.word(info), r.word(info + 8) | 0, r.word(info + 12), r.word(info + 16)]).toEqual([10, -6, 1000, 0]);
    // The saved context: the registers at the return from tgkill (r0 = its result 0), PC after the SVC.
    const sc = uc + 20;
    const saved = Array.from({ length: 16 }, (_, i) => r.word(sc + 12 + 4 * i));
    expect(saved.slice(0, 1)).toEqual([0]);
    expect([saved[5], saved[6], saved[8], saved[9], saved[10], saved[11], saved[12]]).toEqual([
      0x5555, 0x6666, 0x8888, 0x9999, 0xaaaa, 0xbbbb, 0xcccc,
    ]);
    expect(saved[15]).toBe(TEXT + 30 * 4);
    expect(r.word(sc + 76) & 0x1f).toBe(0x10);
    // The mask the handler ran with was restored: SIGUSR1 is unblocked again; the registers are back.
    const cpu = r.machine.cpus[0]!;
    expect(r.machine.linux!.threadOf(cpu).signalMask[0]).toBe(0);
    expect([3, 5, 6, 12].map((i) => cpu.regs[i]! >>> 0)).toEqual([0, 0x5555, 0x6666, 0xcccc]);
  });

  it('a fault while its signal is blocked takes the default action (force_sig); unblocked, the handler runs', () => {
    const blocked = run(FAULT_PROGRAM);
    expect(blocked.result.status).toBe(139);
    expect(blocked.stderr).toMatch(/^armprobe: uncaught target signal 11 \(Segmentation fault\) at pc 0x0001016c /);
    const open = FAULT_PROGRAM.slice();
    open[25] = NOP;
    expect(run(open).result.status).toBe(99);
  });

  it('a fault inside its own handler (the signal blocked while it runs) takes the default action', () => {
    const code = FAULT_PROGRAM.slice();
    code[25] = NOP;
    code[31] = 0xe5900000; // handler: ldr r0, [r0] — r0 = 11, unmapped
    const r = run(code);
    expect(r.result.status).toBe(139);
    expect(r.stderr).toMatch(/^armprobe: uncaught target signal 11 \(Segmentation fault\) at pc 0x0001017c /);
  });

  // The handler (SA_SIGINFO) exits with one word of what it was given: the siginfo at r1, the ucontext at r2.
  const faultWith = (handlerLoad: number, edit: (code: number[]) => void = () => {}): number | null => {
    const code = FAULT_PROGRAM.slice();
    code[25] = NOP;
    code[31] = handlerLoad;
    edit(code);
    return run(code).result.status;
  };
  it('SIGSEGV on an unmapped read: si_code SEGV_MAPERR, si_addr the address, trap_no 14, error_code the FSR', () => {
    expect(faultWith(0xe5910008)).toBe(1); // ldr r0, [r1, #8]: si_code
    expect(faultWith(0xe591000c)).toBe(0x10); // ldr r0, [r1, #12]: si_addr
    expect(faultWith(0xe5920014)).toBe(14); // ldr r0, [r2, #20]: uc_mcontext.trap_no
    expect(faultWith(0xe5920018)).toBe(7); // ldr r0, [r2, #24]: error_code, a translation fault on a read
  });
  it('SIGBUS on a misaligned LDM: si_code BUS_ADRALN, si_addr the address', () => {
    const misaligned = (code: number[]): void => {
      code[10] = 0xe3a00007; // mov r0, #7: the handler is SIGBUS's
      code[26] = 0xe2840002; // add r0, r4, #2
      code[27] = 0xe890000c; // ldm r0, {r2, r3}
    };
    expect(faultWith(0xe5910008, misaligned)).toBe(1);
    expect(faultWith(0xe591000c, misaligned)).toBe(0x02); // exit status: the low byte of 0x20002
  });

  it('SIGSTOP stops a lone process for good: the run ends as a deadlock, saying why', () => {
    const r = run(MISC_PROGRAM);
    expect(r.result.reason).toBe('fault');
    expect(r.result.error?.code).toBe('guest-deadlock');
    expect(r.result.error?.message).toMatch(/SIGSTOP/);
  });

  it('rt_sigreturn with a misaligned SP is a bad frame: SIGSEGV, here its default action', () => {
    const r = run(MISC_PROGRAM, TEXT + 7 * 4);
    expect({ status: r.result.status, stderr: r.stderr }).toEqual({
      status: 139,
      stderr: 'armprobe: uncaught target signal 11 (Segmentation fault) - core dumped\n',
    });
  });

  it('SIGKILL cannot be caught: rt_sigaction answers EINVAL', () => {
    expect(run(MISC_PROGRAM, TEXT + 13 * 4).result.status).toBe(256 - 22);
  });
});

// Two threads on one CPU: main installs a SIGUSR1 handler (it stores 1 at DATA + 0x104), clones a thread and
// blocks in futex(DATA + 0x100, FUTEX_WAIT, 0); the thread runs, sends main SIGUSR1 (tgkill), sets the word to 1,
// FUTEX_WAKEs it and exits; main ends with exit_group(the futex result).
const INTERRUPT_PROGRAM = [
  0xe3004000, // movw r4, #0
  0xe3404002, // movt r4, #2
  0xe28f00b4, // add r0, pc, #180        handler
  0xe5840000, // str r0, [r4]
  0xe3a00000, // mov r0, #0              (word 4: sa_flags, mask and restorer words)
  0xe5840004, // str r0, [r4, #4]
  0xe5840008, // str r0, [r4, #8]
  0xe584000c, // str r0, [r4, #12]
  0xe5840010, // str r0, [r4, #16]
  0xe3a00064, // mov r0, #100
  0xe5840300, // str r0, [r4, #0x300]    timespec {100 s, 0}
  0xe3a0000a, // mov r0, #10
  0xe1a01004, // mov r1, r4
  0xe3a02000, // mov r2, #0
  0xe3a03008, // mov r3, #8
  0xe3a070ae, // mov r7, #174            rt_sigaction(SIGUSR1, act, NULL, 8)
  0xef000000, // svc 0
  0xe3000f00, // movw r0, #0xf00
  0xe3400005, // movt r0, #5             CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM
  0xe2841b02, // add r1, r4, #0x800      the thread's stack
  0xe3a02000, // mov r2, #0
  0xe3a03000, // mov r3, #0
  0xe3a07078, // mov r7, #120            clone
  0xef000000, // svc 0
  0xe3500000, // cmp r0, #0
  0x0a000007, // beq child
  0xe2840c01, // add r0, r4, #0x100      (word 26)
  0xe3a01000, // mov r1, #0              FUTEX_WAIT
  0xe3a02000, // mov r2, #0
  0xe3a03000, // mov r3, #0
  0xe3a070f0, // mov r7, #240            futex
  0xef000000, // svc 0
  0xe3a070f8, // mov r7, #248            exit_group(result)
  0xef000000, // svc 0
  0xe30003e8, // child: movw r0, #1000
  0xe30013e8, // movw r1, #1000
  0xe3a0200a, // mov r2, #10
  0xe300710c, // movw r7, #268           tgkill(1000, 1000, SIGUSR1)
  0xef000000, // svc 0
  0xe3a00001, // mov r0, #1
  0xe5840100, // str r0, [r4, #0x100]
  0xe2840c01, // add r0, r4, #0x100
  0xe3a01001, // mov r1, #1
  0xe3a02001, // mov r2, #1
  0xe3a070f0, // mov r7, #240            futex(FUTEX_WAKE, 1)
  0xef000000, // svc 0
  0xe3a00000, // mov r0, #0
  0xe3a07001, // mov r7, #1              exit(0)
  0xef000000, // svc 0
  0xe3a00001, // handler: mov r0, #1
  0xe5840104, // str r0, [r4, #0x104]
  0xe12fff1e, // bx lr
];
const SA_RESTART_FLAGS = 0xe3a00201; // mov r0, #0x10000000 (SA_RESTART; the restorer and mask words get it too)
const NANOSLEEP = [
  0xe2840c03, // add r0, r4, #0x300
  0xe3a01000, // mov r1, #0
  0xe3a070a2, // mov r7, #162            nanosleep({100, 0}, NULL)
  NOP,
  NOP,
];

describe('a signal interrupts a blocked thread', () => {
  const status = (code: number[]): [number | null, number] => {
    const r = run(code);
    return [r.result.status, r.word(DATA + 0x104)];
  };
  it('futex wait: -EINTR after the handler ran', () => {
    expect(status(INTERRUPT_PROGRAM)).toEqual([256 - 4, 1]);
  });
  it('futex wait with SA_RESTART: the wait restarts after the handler (here: -EAGAIN, the word changed)', () => {
    const code = INTERRUPT_PROGRAM.slice();
    code[4] = SA_RESTART_FLAGS;
    expect(status(code)).toEqual([256 - 11, 1]);
  });
  it('nanosleep: -EINTR even with SA_RESTART (the kernel restarts it only without a handler)', () => {
    const code = INTERRUPT_PROGRAM.slice();
    code[4] = SA_RESTART_FLAGS;
    code.splice(26, 5, ...NANOSLEEP);
    expect(status(code)).toEqual([256 - 4, 1]);
  });
});

// SIGTERM blocked, sent to the thread itself with tgkill (it pends, SIG_DFL), its action set to SIG_IGN (word 19:
// the handler), then unblocked; exit_group(42).
const BLOCKED_DEFAULT_PROGRAM = [
  0xe3004000, // movw r4, #0
  0xe3404002, // movt r4, #2
  0xe3a00901, // mov r0, #0x4000         {SIGTERM}
  0xe5840040, // str r0, [r4, #64]
  0xe3a00000, // mov r0, #0
  0xe5840044, // str r0, [r4, #68]
  0xe3a00000, // mov r0, #0
  0xe2841040, // add r1, r4, #64
  0xe3a02000, // mov r2, #0
  0xe3a03008, // mov r3, #8
  0xe3a070af, // mov r7, #175            rt_sigprocmask(SIG_BLOCK, {SIGTERM}, NULL, 8)
  0xef000000, // svc 0
  0xe3a070e0, // mov r7, #224            gettid
  0xef000000, // svc 0
  0xe1a01000, // mov r1, r0
  0xe30003e8, // movw r0, #1000
  0xe3a0200f, // mov r2, #15
  0xe300710c, // movw r7, #268           tgkill(1000, tid, SIGTERM)
  0xef000000, // svc 0
  0xe3a00001, // mov r0, #1              (word 19) SIG_IGN
  0xe5840000, // str r0, [r4]
  0xe3a00000, // mov r0, #0
  0xe5840004, // str r0, [r4, #4]
  0xe5840008, // str r0, [r4, #8]
  0xe584000c, // str r0, [r4, #12]
  0xe5840010, // str r0, [r4, #16]
  0xe3a0000f, // mov r0, #15
  0xe1a01004, // mov r1, r4
  0xe3a02000, // mov r2, #0
  0xe3a03008, // mov r3, #8
  0xe3a070ae, // mov r7, #174            rt_sigaction(SIGTERM, act, NULL, 8)
  0xef000000, // svc 0
  0xe3a00001, // mov r0, #1
  0xe2841040, // add r1, r4, #64
  0xe3a02000, // mov r2, #0
  0xe3a03008, // mov r3, #8
  0xe3a070af, // mov r7, #175            rt_sigprocmask(SIG_UNBLOCK, {SIGTERM}, NULL, 8)
  0xef000000, // svc 0
  0xe3a0002a, // mov r0, #42
  0xe3a070f8, // mov r7, #248            exit_group(42)
  0xef000000, // svc 0
];

describe('a blocked signal with a fatal default action', () => {
  it('pends instead of killing; SIG_IGN then discards it', () => {
    expect(run(BLOCKED_DEFAULT_PROGRAM).result.status).toBe(42);
  });
  it('kills once unblocked (terminate: 128 + 15, and no core line, as qemu-arm)', () => {
    const code = BLOCKED_DEFAULT_PROGRAM.slice();
    code[19] = 0xe3a00000; // mov r0, #0: SIG_DFL
    const r = run(code);
    expect({ status: r.result.status, stderr: r.stderr }).toEqual({ status: 143, stderr: '' });
  });
});

// setitimer(which = word 5, {it_interval = {0, 1,000,000 µs}, it_value = {0, 0}}, NULL) → exit_group(result).
const SETITIMER_PROGRAM = [
  0xe3004000, // movw r4, #0
  0xe3404002, // movt r4, #2
  0xe3040240, // movw r0, #0x4240
  0xe340000f, // movt r0, #0xf         1,000,000
  0xe5840004, // str r0, [r4, #4]      it_interval.tv_usec
  0xe3a00001, // mov r0, #1            (word 5) ITIMER_VIRTUAL
  0xe1a01004, // mov r1, r4
  0xe3a02000, // mov r2, #0
  0xe3a07068, // mov r7, #104          setitimer
  0xef000000, // svc 0
  0xe3a070f8, // mov r7, #248          exit_group(result)
  0xef000000, // svc 0
];

describe('setitimer arguments', () => {
  it('ITIMER_VIRTUAL (CPU time) is not modelled: ENOSYS; ITIMER_REAL with tv_usec ≥ 10^6: EINVAL; which > 2: EINVAL', () => {
    const status = (which: number): number | null => {
      const code = SETITIMER_PROGRAM.slice();
      code[5] = 0xe3a00000 | which; // mov r0, #which
      return run(code).result.status;
    };
    expect(status(1)).toBe(256 - 38);
    expect(status(0)).toBe(256 - 22);
    expect(status(3)).toBe(256 - 22);
  });
});

describe('alarm with SIGALRM at its default action', () => {
  it('pause waits (the clocks skip to the alarm), then the process ends: 128 + 14, nothing printed', () => {
    const r = run([
      0xe3a00001, // mov r0, #1
      0xe3a0701b, // mov r7, #27           alarm(1)
      0xef000000, // svc 0
      0xe3a0701d, // mov r7, #29           pause()
      0xef000000, // svc 0
      0xe3a00000, // mov r0, #0
      0xe3a070f8, // mov r7, #248          exit_group(0): not reached
      0xef000000, // svc 0
    ]);
    expect({ reason: r.result.reason, status: r.result.status, stderr: r.stderr }).toEqual({
      reason: 'exit',
      status: 142,
      stderr: '',
    });
    // One second of emulated time passed, nearly all of it skipped while the only thread waited.
    expect(r.machine.linux!.nanoseconds()).toBeGreaterThanOrEqual(1e9);
    expect(r.machine.linux!.threads.statistics().idleNanoseconds).toBeGreaterThan(0.99e9);
  });
});
