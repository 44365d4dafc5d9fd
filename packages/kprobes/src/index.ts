export { conditionPasses } from './core/condition.js';
export { KprobeError, type KprobeErrorCode } from './core/errors.js';
export { EXCLUSIVE_SCAN_LIMIT, insideExclusiveSequence } from './core/exclusive.js';
export {
  Kprobes,
  type KprobesOptions,
  type KprobesStatistics,
  KRETPROBE_TRAMPOLINE,
  SLOT_RETURN,
  SLOT_RETURN_CYCLES,
  TRAP_HANDLER_CYCLES,
} from './core/kprobes.js';
export { Kretprobe, type KretprobeInstance, KretprobeManager, type KretprobeSpec } from './core/kretprobe.js';
export { GATE_HANDLER_CYCLES } from './core/optimizer.js';
export { Kprobe, type KprobeSpec, type PostHandler, type PreHandler } from './core/probe.js';
export { PT_REGS_CPSR_WRITABLE, PtRegs } from './core/pt-regs.js';
export { SLOT_AREA_SIZE, SlotArea } from './core/slots.js';
