import { ARM_BREAKPOINT, REMOVE_BREAKPOINT } from './breakpoints.js';
import { JUMP_LABEL } from './jump-label.js';
import { OPTPROBE } from './optprobe.js';
import type { Scenario } from './scenario.js';
import { USER } from './user.js';

/**
 * `thumb32-torn`: a 32-bit Thumb instruction at an address ≡ 2 (mod 4) rewritten while a CPU executes it (two
 * halfword stores, never single-copy atomic). Needs Thumb execution, which the emulator does not have yet.
 */
export const THUMB32_TORN: Scenario = {
  name: 'thumb32-torn',
  description: 'rewrite a 32-bit Thumb instruction at an address ≡ 2 (mod 4) while another CPU executes it',
  unavailable:
    'the emulator does not execute Thumb code yet (a CPU in Thumb state stops with thumb-not-supported), so no CPU can run the instruction being rewritten',
  run: () => {
    throw new Error(`thumb32-torn is unavailable: ${THUMB32_TORN.unavailable}`);
  },
};

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
