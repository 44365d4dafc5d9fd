/**
 * The ARM kuser helper page (Documentation/arch/arm/kernel_user_helpers.rst) as guest code at 0xffff0000:
 * read-only and executable, ARM state, the helpers at the kernel's fixed addresses, SMP-safe through
 * exclusives and DMB as the kernel's ARMv7 SMP build has them. Only the last 160 bytes hold helpers, and
 * 0xffff0500 the signal return code; the rest of the page is zero.
 */

import type { PhysicalMemory } from '../memory/memory.js';
import { SIGRETURN_CODES } from './signal-frame.js';

export const KUSER_PAGE = 0xffff0000;
export const KUSER_HELPER_VERSION = 0xffff0ffc;
export const KUSER_GET_TLS = 0xffff0fe0;
export const KUSER_CMPXCHG = 0xffff0fc0;
export const KUSER_MEMORY_BARRIER = 0xffff0fa0;
export const KUSER_CMPXCHG64 = 0xffff0f60;
/** Number of 32-byte helper slots below 0xffff1000: the kernel's __kuser_helper_version. */
export const KUSER_VERSION = 5;
/**
 * The signal return code (signal-frame.ts SIGRETURN_CODES) for handlers without SA_RESTORER: a handler's LR is
 * this + 4 × index (+1 for Thumb), as Linux points it into its signal page (at 0xffff0500, where the vectors
 * page kept it before the kernel moved it to a page of its own).
 */
export const KUSER_SIGRETURN = 0xffff0500;

/** Address → the words placed there (checked against `arm-linux-gnueabihf-as`; see the test). */
export const KUSER_CODE: readonly (readonly [number, readonly number[]])[] = [
  [
    KUSER_CMPXCHG64,
    [
      0xe92d00f0, // push {r4, r5, r6, r7}
      0xe1c040d0, // ldrd r4, r5, [r0]        old value
      0xe1c160d0, // ldrd r6, r7, [r1]        new value
      0xf57ff05b, // dmb ish
      0xe1b20f9f, // 1: ldrexd r0, r1, [r2]
      0xe0303004, // eors r3, r0, r4
      0x00313005, // eorseq r3, r1, r5
      0x01a23f96, // strexdeq r3, r6, r7, [r2]
      0x03330001, // teqeq r3, #1             store failed: retry
      0x0afffff9, // beq 1b
      0xf57ff05b, // dmb ish
      0xe2730000, // rsbs r0, r3, #0          0 and C set when stored
      0xe8bd00f0, // pop {r4, r5, r6, r7}
      0xe12fff1e, // bx lr
    ],
  ],
  [
    KUSER_MEMORY_BARRIER,
    [
      0xf57ff05b, // dmb ish
      0xe12fff1e, // bx lr
    ],
  ],
  [
    KUSER_CMPXCHG,
    [
      0xf57ff05b, // dmb ish
      0xe1923f9f, // 1: ldrex r3, [r2]
      0xe0533000, // subs r3, r3, r0
      0x01823f91, // strexeq r3, r1, [r2]
      0x03330001, // teqeq r3, #1
      0x0afffffa, // beq 1b
      0xe2730000, // rsbs r0, r3, #0
      0xeaffffef, // b __kuser_memory_barrier (the trailing DMB and return)
    ],
  ],
  [
    KUSER_GET_TLS,
    [
      0xee1d0f70, // mrc p15, 0, r0, c13, c0, 3   TPIDRURO
      0xe12fff1e, // bx lr
    ],
  ],
  [KUSER_HELPER_VERSION, [KUSER_VERSION]],
  [KUSER_SIGRETURN, SIGRETURN_CODES],
];

/** Maps the helper page (r-x) and writes the helpers. */
export function mapKuserPage(memory: PhysicalMemory): void {
  memory.map(KUSER_PAGE, 0x1000, 'rw');
  for (const [address, words] of KUSER_CODE) {
    for (const [i, word] of words.entries()) memory.poke32(address + i * 4, word);
  }
  memory.protect(KUSER_PAGE, 0x1000, 'rx');
}
