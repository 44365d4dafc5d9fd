import { ARM_BREAKPOINT, REMOVE_BREAKPOINT } from './breakpoints.js';
import { JUMP_LABEL } from './jump-label.js';
import { OPTPROBE } from './optprobe.js';
import type { Scenario } from './scenario.js';
import { THUMB32_TORN } from './thumb32-torn.js';
import { USER } from './user.js';

/** Every built-in scenario, in report order (`user` runs only when a workload is given). */
export const SCENARIOS: readonly Scenario[] = [
  ARM_BREAKPOINT,
  REMOVE_BREAKPOINT,
  JUMP_LABEL,
  OPTPROBE,
  THUMB32_TORN,
  USER,
];

export function scenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
