/**
 * Register spelling for the load/store printers. objdump 2.40 (`-m arm` on a raw binary) names r9 `r9`,
 * not `sb`; format.ts's REG_NAMES still says `sb`, so these printers use their own table until that is
 * settled there.
 */
const NAMES: readonly string[] = [
  'r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'sl', 'fp', 'ip', 'sp', 'lr', 'pc',
];

export function reg(n: number): string {
  return NAMES[n & 15]!;
}

/** objdump's register list: `{r0, r2, sl, pc}` (every register named, no ranges). */
export function regList(mask: number): string {
  let s = '{';
  for (let r = 0; r < 16; r++) {
    if ((mask & (1 << r)) === 0) continue;
    s += s.length === 1 ? NAMES[r]! : ', ' + NAMES[r]!;
  }
  return s + '}';
}
