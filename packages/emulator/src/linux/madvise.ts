/**
 * madvise(2) advice values (include/uapi/asm-generic/mman-common.h, which ARM uses) and what each does to the
 * emulated process, as Linux 6.1's mm/madvise.c on an ARMv7-A Cortex-A9 (no LPAE) built like Debian's armmp
 * kernel: CONFIG_SWAP and CONFIG_KSM on; no transparent huge pages (on 32-bit ARM they need LPAE), so
 * MADV_HUGEPAGE, MADV_NOHUGEPAGE and MADV_COLLAPSE are not valid advice; no CONFIG_MEMORY_FAILURE (32-bit ARM
 * does not support it), so neither are MADV_HWPOISON and MADV_SOFT_OFFLINE.
 */

export const MADV_NORMAL = 0;
export const MADV_RANDOM = 1;
export const MADV_SEQUENTIAL = 2;
export const MADV_WILLNEED = 3;
export const MADV_DONTNEED = 4;
export const MADV_FREE = 8;
export const MADV_REMOVE = 9;
export const MADV_DONTFORK = 10;
export const MADV_DOFORK = 11;
export const MADV_MERGEABLE = 12;
export const MADV_UNMERGEABLE = 13;
export const MADV_HUGEPAGE = 14;
export const MADV_NOHUGEPAGE = 15;
export const MADV_DONTDUMP = 16;
export const MADV_DODUMP = 17;
export const MADV_WIPEONFORK = 18;
export const MADV_KEEPONFORK = 19;
export const MADV_COLD = 20;
export const MADV_PAGEOUT = 21;
export const MADV_POPULATE_READ = 22;
export const MADV_POPULATE_WRITE = 23;
export const MADV_DONTNEED_LOCKED = 24;
export const MADV_COLLAPSE = 25;
export const MADV_HWPOISON = 100;
export const MADV_SOFT_OFFLINE = 101;

/**
 * What a valid advice does to each mapped page of the range, in address order (Linux visits the range's
 * mappings in order; the first error ends the call, a hole makes it end in ENOMEM once the rest is done):
 * - `drop`: MADV_DONTNEED(_LOCKED): the page's private contents are dropped; an anonymous page reads back as
 *   zeroes, a page mapped from a file as the file's bytes again.
 * - `free`: MADV_FREE: lazy freeing of anonymous memory — Linux frees the pages only under memory pressure and a
 *   later write cancels it, so until then they read back unchanged; the emulator has no memory pressure and
 *   keeps them (one of the outcomes Linux allows, and the one an unloaded Linux shows). A page mapped from a
 *   file is EINVAL (only anonymous memory can be freed lazily).
 * - `remove`: MADV_REMOVE punches a hole in a shared writable file mapping; the emulator's mappings are
 *   private: EINVAL for anonymous memory, EACCES for a private mapping of a file.
 * - `populate-read` / `populate-write`: fault the pages in (demand-zero pages are backed); EINVAL when the
 *   mapping lacks read (write) permission.
 * - `wipe-on-fork`: MADV_WIPEONFORK, a flag of anonymous memory only: EINVAL for a mapping of a file.
 * - `hint`: only a hint or a flag of the mapping that nothing here reads (NORMAL, RANDOM, SEQUENTIAL,
 *   WILLNEED, DONTFORK, DOFORK, KEEPONFORK, DONTDUMP, DODUMP, MERGEABLE, UNMERGEABLE, COLD, PAGEOUT): 0.
 */
export type AdviceAction = 'drop' | 'free' | 'remove' | 'populate-read' | 'populate-write' | 'wipe-on-fork' | 'hint';

/** The action of `advice`, or null when it is not valid advice (EINVAL before anything else is checked). */
export function adviceAction(advice: number): AdviceAction | null {
  switch (advice) {
    case MADV_DONTNEED:
    case MADV_DONTNEED_LOCKED:
      return 'drop';
    case MADV_FREE:
      return 'free';
    case MADV_REMOVE:
      return 'remove';
    case MADV_POPULATE_READ:
      return 'populate-read';
    case MADV_POPULATE_WRITE:
      return 'populate-write';
    case MADV_WIPEONFORK:
      return 'wipe-on-fork';
    case MADV_NORMAL:
    case MADV_RANDOM:
    case MADV_SEQUENTIAL:
    case MADV_WILLNEED:
    case MADV_DONTFORK:
    case MADV_DOFORK:
    case MADV_KEEPONFORK:
    case MADV_DONTDUMP:
    case MADV_DODUMP:
    case MADV_MERGEABLE:
    case MADV_UNMERGEABLE:
    case MADV_COLD:
    case MADV_PAGEOUT:
      return 'hint';
    default:
      return null;
  }
}
