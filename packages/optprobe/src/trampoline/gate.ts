/**
 * The host-call gate: how a trampoline (guest code) calls the JavaScript handlers.
 *
 * The gate is one guest word holding a permanently-undefined instruction. A trampoline calls it like a
 * function — `ldr r2, =gate; blx r2` with r0 = probe id, r1 = the pt_regs frame, SP 8-byte aligned — and
 * the CPU raises an undefined-instruction exception at the gate address. The host's `und` hook claims
 * that exception when `pc === gate` (no guest vector, no mode change), reads the 18-word frame at r1,
 * runs the handlers on that pt_regs view, writes the view back to the frame, and resumes at LR (the
 * word after `blx`). The hook changes nothing but the frame in guest memory: the trampoline reloads
 * every register, the flags and the PC from it.
 */
import { encodeUdf } from '@armprobe/decoder';

/**
 * A suggested gate word: `udf #74` (0xE7F004FA), next to kprobes' own permanently-undefined words
 * (breakpoint 0xE7F001F8, slot return 0xE7F002FA, kretprobe trampoline 0xE7F003FA). The gate is
 * recognised by its address, so any UDF encoding works.
 */
export const OPTPROBE_GATE_WORD = encodeUdf(0x4a);
