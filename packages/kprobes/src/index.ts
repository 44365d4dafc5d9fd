export {
  armBreakpointFor,
  isArmBreakpoint,
  isThumb16Breakpoint,
  isThumb32Breakpoint,
  KPROBE_ARM_BREAKPOINT,
  KPROBE_THUMB16_BREAKPOINT,
  KPROBE_THUMB32_BREAKPOINT,
} from './arm/breakpoint.js';
