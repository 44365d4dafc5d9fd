/** Instruction samples shared by the tests. */

/** ARM safe-set members, one or more encodings each (several conditions where the instruction has one). */
export const ARM_SAFE = {
  b: [0xeafffffe, 0x0a000010, 0xda800000, 0x1a7fffff],
  bl: [0xeb000000, 0x4bffffff],
  nop: [0xe320f000, 0x0320f000, 0xd320f000],
  bkpt: [0xe1200070, 0xe12fff7f],
  svc: [0xef000000, 0x1f123456],
  hvc: [0xe1400070, 0xe14fff7f],
  smc: [0xe1600070, 0x0160007f],
} as const;

/** ARM words outside the set, with why. */
export const ARM_UNSAFE: readonly (readonly [number, string])[] = [
  [0xe1a00000, 'mov r0, r0 (the kernel jump-label NOP)'],
  [0xe7f001f8, 'kprobe UDF breakpoint'],
  [0x07f001f8, 'kprobe UDF breakpoint, EQ'],
  [0xe7f000f0, 'udf #0'],
  [0xfa000000, 'blx imm (unconditional space, not BL)'],
  [0xfb000000, 'blx imm H=1'],
  [0xf320f000, 'NOP pattern in the unconditional space'],
  [0xe320f001, 'yield'],
  [0xe320f002, 'wfe'],
  [0xe320f003, 'wfi'],
  [0xe320f004, 'sev'],
  [0xe320f0f0, 'dbg #0'],
  [0xe320f005, 'unallocated hint'],
  [0xe3200000, 'nop with broken (1) bits'],
  [0xe320ff00, 'nop with broken (0) bits'],
  [0x01200070, 'bkpt with cond EQ (UNPREDICTABLE)'],
  [0x01400070, 'hvc with cond EQ (UNPREDICTABLE)'],
  [0xe1600170, 'smc with broken (0) bits'],
  [0xe12fff1e, 'bx lr'],
  [0xe12fff3e, 'blx lr'],
  [0xe2800001, 'add r0, r0, #1'],
  [0xe92d4010, 'push {r4, lr}'],
  [0xe8bd8010, 'pop {r4, pc}'],
  [0xe1a0f00e, 'mov pc, lr'],
  [0xe59ff000, 'ldr pc, [pc]'],
  [0xff000000, 'unconditional space 0xff'],
  [0x00000000, 'andeq r0, r0, r0'],
];

export const THUMB_SAFE = {
  b: [0xd000, 0xd1fe, 0xdd80, 0xe000, 0xe7fe, 0xe400],
  nop: [0xbf00],
  bkpt: [0xbe00, 0xbeff],
  svc: [0xdf00, 0xdfff],
} as const;

export const THUMB_UNSAFE: readonly (readonly [number, string])[] = [
  [0xde18, 'kprobe UDF breakpoint'],
  [0xde00, 'udf #0'],
  [0x4600, 'mov r0, r0'],
  [0xbf10, 'yield'],
  [0xbf20, 'wfe'],
  [0xbf08, 'it eq (hint space, not NOP)'],
  [0x4770, 'bx lr'],
  [0x4780, 'blx r0'],
  [0x3001, 'adds r0, #1'],
  [0xb510, 'push {r4, lr}'],
];

export const THUMB32_SAMPLES: readonly number[] = [
  0xf7f0a018, // kprobe breakpoint
  0xf000b800, // b.w
  0xf000f800, // bl
  0xf3af8000, // nop.w
  0xe92d4010, // push.w
];
