/** Does `cond` (0–15) pass for the flags? 14 (AL) and 15 (the unconditional space) always pass. */
export function conditionPasses(cond: number, n: number, z: number, c: number, v: number): boolean {
  switch (cond) {
    case 0:
      return z === 1;
    case 1:
      return z === 0;
    case 2:
      return c === 1;
    case 3:
      return c === 0;
    case 4:
      return n === 1;
    case 5:
      return n === 0;
    case 6:
      return v === 1;
    case 7:
      return v === 0;
    case 8:
      return c === 1 && z === 0;
    case 9:
      return c === 0 || z === 1;
    case 10:
      return n === v;
    case 11:
      return n !== v;
    case 12:
      return z === 0 && n === v;
    case 13:
      return z === 1 || n !== v;
    default:
      return true;
  }
}
