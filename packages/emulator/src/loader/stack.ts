import type { PhysicalMemory } from '../memory/memory.js';

/** Top of the initial stack (exclusive): below 0xC0000000 like a 3G/1G Linux split. */
export const STACK_TOP = 0xc0000000;
/** Size of the stack mapping (8 MiB, the usual RLIMIT_STACK). */
export const STACK_SIZE = 8 << 20;

/** auxv tags (include/uapi/linux/auxvec.h). */
export const AT_NULL = 0;
export const AT_PHDR = 3;
export const AT_PHENT = 4;
export const AT_PHNUM = 5;
export const AT_PAGESZ = 6;
export const AT_BASE = 7;
export const AT_FLAGS = 8;
export const AT_ENTRY = 9;
export const AT_UID = 11;
export const AT_EUID = 12;
export const AT_GID = 13;
export const AT_EGID = 14;
export const AT_PLATFORM = 15;
export const AT_HWCAP = 16;
export const AT_CLKTCK = 17;
export const AT_SECURE = 23;
export const AT_RANDOM = 25;
export const AT_HWCAP2 = 26;
export const AT_EXECFN = 31;

/**
 * HWCAP bits of what executes (arch/arm/include/uapi/asm/hwcap.h): SWP 0, HALF 1, THUMB 2, FAST_MULT 4,
 * VFP 6, EDSP 7, VFPv3 13, TLS 15, VFPv4 16, IDIVA 17, IDIVT 18, VFPD32 19. No NEON (12; glibc then picks its
 * VFP/ARM routines), no LPAE, no IWMMXT/CRUNCH/JAVA/THUMBEE.
 */
export const ARM_HWCAP =
  (1 << 0) |
  (1 << 1) |
  (1 << 2) |
  (1 << 4) |
  (1 << 6) |
  (1 << 7) |
  (1 << 13) |
  (1 << 15) |
  (1 << 16) |
  (1 << 17) |
  (1 << 18) |
  (1 << 19);
/** HWCAP2: none of AES, PMULL, SHA1, SHA2, CRC32 executes. */
export const ARM_HWCAP2 = 0;

export interface InitialStack {
  readonly argv: readonly string[];
  readonly envp: readonly string[];
  readonly random: Uint8Array;
  readonly auxv: { readonly phdr: number; readonly phent: number; readonly phnum: number; readonly entry: number };
}

/**
 * Writes the initial process stack the way Linux's create_elf_tables lays it out and returns SP:
 * strings (execfn, envp, argv, platform) and AT_RANDOM bytes at the top, then 16-byte alignment, then
 * argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL.
 */
export function buildInitialStack(memory: PhysicalMemory, init: InitialStack): number {
  const encoder = new TextEncoder();
  let p = STACK_TOP - 16;
  const pushBytes = (bytes: Uint8Array): number => {
    p -= bytes.length;
    memory.writeBytes(p, bytes);
    return p;
  };
  const pushString = (s: string): number => pushBytes(Uint8Array.from([...encoder.encode(s), 0]));
  const execfn = pushString(init.argv[0] ?? '');
  const envPointers = init.envp.map(pushString);
  const argPointers = init.argv.map(pushString);
  const platform = pushString('v7l');
  p &= ~15;
  const random = pushBytes(init.random.subarray(0, 16));
  p &= ~15;
  const auxv: [number, number][] = [
    [AT_HWCAP, ARM_HWCAP],
    [AT_PAGESZ, 4096],
    [AT_CLKTCK, 100],
    [AT_PHDR, init.auxv.phdr],
    [AT_PHENT, init.auxv.phent],
    [AT_PHNUM, init.auxv.phnum],
    [AT_BASE, 0],
    [AT_FLAGS, 0],
    [AT_ENTRY, init.auxv.entry],
    [AT_UID, 0],
    [AT_EUID, 0],
    [AT_GID, 0],
    [AT_EGID, 0],
    [AT_SECURE, 0],
    [AT_RANDOM, random],
    [AT_HWCAP2, ARM_HWCAP2],
    [AT_EXECFN, execfn],
    [AT_PLATFORM, platform],
    [AT_NULL, 0],
  ];
  const words: number[] = [init.argv.length, ...argPointers, 0, ...envPointers, 0];
  for (const [tag, value] of auxv) words.push(tag, value);
  const sp = (p - words.length * 4) & ~15;
  for (let i = 0; i < words.length; i++) memory.poke32(sp + i * 4, words[i]!);
  return sp >>> 0;
}
