export type { PatchErrorCode, PatchErrorDetails } from './errors.js';
export { PatchError } from './errors.js';
export type { ExecutionReport, StepReport } from './execute/execute.js';
export { execute } from './execute/execute.js';
export { patchText, readText } from './execute/patch-text.js';
export type { JumpLabelNop, JumpLabelUpdate, JumpSite, StaticKeyOptions } from './jump-label/static-key.js';
export { ARCHITECTED_NOP, KERNEL_JUMP_LABEL_NOP, StaticKey } from './jump-label/static-key.js';
export type { CostModel } from './plan/cost.js';
export { DEFAULT_COST_MODEL } from './plan/cost.js';
export type { Plan, PlanDecision, PlanOptions, PlanStep, StepKind, Strategy } from './plan/plan.js';
export { plan } from './plan/plan.js';
export type { Platform, StopMachineOptions } from './platform.js';
export type { InstructionWidth, Isa, PatchPurpose, PatchRequest, PatchWrite } from './request.js';
export { bytesFromValue, normalizeRequest, normalizeRequests, valueFromBytes } from './request.js';
export type { BreakpointKind } from './rules/breakpoint.js';
export {
  breakpointKind,
  KPROBE_ARM_BREAKPOINT,
  KPROBE_THUMB16_BREAKPOINT,
  KPROBE_THUMB32_BREAKPOINT,
  kprobeArmBreakpoint,
} from './rules/breakpoint.js';
export type { RuleDecision, RuleInput } from './rules/decide.js';
export { decideWrite } from './rules/decide.js';
export type { SafeEncoding, SafeInstruction } from './rules/safe-set.js';
export { A32_SAFE_SET, matchA32SafeSet, matchSafeSet, matchT16SafeSet, T16_SAFE_SET } from './rules/safe-set.js';
