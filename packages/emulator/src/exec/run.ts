import type { Cpu } from '../cpu/cpu.js';
import { EmulatorError } from '../cpu/stop.js';
import { requestStop } from '../exceptions/dispatcher.js';
import { MemoryFault } from '../memory/fault.js';
import {
  ARM_KEY,
  type Block,
  CHUNK_MASK,
  CHUNK_SHIFT,
  type DecodedLine,
  type DecodedLines,
  MAX_BLOCK_LENGTH,
  stateKey,
} from './decoded-lines.js';
import * as runtime from './runtime.js';
import { UndefinedInstructionFault } from './undefined-fault.js';

/** How a CPU's slice of execution ended. */
export type SliceEnd = 'budget' | 'stopped' | 'waiting' | 'off';

/** Execution granularity: one decoded line per call, or compiled basic blocks (same semantics). */
export type ExecutionMode = 'interpreter' | 'blocks';

/**
 * Runs `cpu` until it has retired `limit` instructions in total (or, given a larger `hardLimit`, until the
 * first block boundary at or after `limit`), stops, or sleeps (WFI/WFE).
 * Never throws for guest behaviour: guest faults become exceptions or typed stop requests; an
 * unexpected host error becomes a stop request with an `internal-error` EmulatorError.
 */
/**
 * The block being executed, for partial retirement when an instruction inside it aborts. Not cleared after
 * a normal return (that would cost a store per block); only data aborts, which happen inside a block, read it.
 */
let current: Block | null = null;

export function runSlice(
  cpu: Cpu,
  lines: DecodedLines,
  limit: number,
  mode: ExecutionMode,
  hardLimit: number = limit,
): SliceEnd {
  const r = cpu.regs;
  const mem = cpu.system.memory;
  // With a hard limit beyond `limit`, the slice ends at the first block boundary at or after `limit` (a
  // compiled loop may run up to MAX_BLOCK_LENGTH further), never beyond `hardLimit`.
  const runLimit = hardLimit > limit ? Math.min(hardLimit, limit + MAX_BLOCK_LENGTH) : limit;
  for (;;) {
    if (cpu.attention !== 0) {
      const end = serviceAttention(cpu);
      if (end !== null) return end;
    }
    if (cpu.instructions >= limit) return 'budget';
    try {
      if (mode === 'blocks') {
        // The current chunk's block slots are cached while the PC stays in the chunk; anything that could
        // invalidate them (a write to decoded code) raises attention, which leaves this loop.
        let chunk = -1;
        let slots: (Block | undefined)[] = [];
        for (;;) {
          const pc = cpu.pc;
          if (pc >>> CHUNK_SHIFT !== chunk) {
            chunk = pc >>> CHUNK_SHIFT;
            slots = lines.blockSlots(chunk);
          }
          const key = cpu.thumb === 0 ? ARM_KEY : cpu.itState;
          let b = slots[(pc & CHUNK_MASK) >>> 1];
          if (b === undefined || b.key !== key) b = lines.block(pc, key);
          if (b.length > runLimit - cpu.instructions) b = lines.single(pc, key);
          current = b;
          const n = b.run(cpu, r, mem, runtime, runLimit);
          cpu.instructions += n;
          cpu.cycles += b.costPrefix[n]!;
          cpu.pc = cpu.nextPc;
          if (cpu.attention !== 0 || cpu.instructions >= limit) break;
        }
      } else {
        let chunk = -1;
        let slots: (DecodedLine | undefined)[] = [];
        for (;;) {
          const pc = cpu.pc;
          if (pc >>> CHUNK_SHIFT !== chunk) {
            chunk = pc >>> CHUNK_SHIFT;
            slots = lines.lineSlots(chunk);
          }
          const key = cpu.thumb === 0 ? ARM_KEY : cpu.itState;
          const line = slots[(pc & CHUNK_MASK) >>> 1];
          const b = (line !== undefined && line.key === key ? line.single : undefined) ?? lines.single(pc, key);
          current = b;
          const n = b.run(cpu, r, mem, runtime, limit);
          cpu.instructions += n;
          cpu.cycles += b.costPrefix[n]!;
          cpu.pc = cpu.nextPc;
          if (cpu.attention !== 0 || cpu.instructions >= limit) break;
        }
      }
    } catch (error) {
      handleThrown(cpu, lines, error);
    }
  }
}

function handleThrown(cpu: Cpu, lines: DecodedLines, error: unknown): void {
  if (error instanceof MemoryFault) {
    // Instructions of the block before the faulting one have retired (cpu.pc was kept up to date). An
    // instruction fetch fault happens while building a block, before any of it ran.
    if (error.access !== 'execute') retirePartialBlock(cpu, lines);
    current = null;
    const pc = cpu.pc >>> 0;
    cpu.nextPc = pc;
    if (error.access === 'execute') {
      cpu.system.raise(cpu, { kind: 'pabt', pc, faultAddress: error.address, access: 'execute', reason: error.reason });
    } else {
      let word: number | null = null;
      try {
        word = lines.line(pc, stateKey(cpu)).word;
      } catch {
        word = null;
      }
      cpu.system.raise(cpu, {
        kind: 'dabt',
        pc,
        word,
        faultAddress: error.address,
        access: error.access,
        reason: error.reason,
      });
    }
    cpu.pc = cpu.nextPc;
    return;
  }
  if (error instanceof UndefinedInstructionFault) {
    retirePartialBlock(cpu, lines);
    current = null;
    const pc = cpu.pc >>> 0;
    cpu.nextPc = pc;
    cpu.system.raise(cpu, { kind: 'und', pc, word: lines.line(pc, stateKey(cpu)).word });
    cpu.pc = cpu.nextPc;
    return;
  }
  if (error instanceof EmulatorError) {
    // e.g. a CMODX violation with `throwOnViolation`: the run stops with it.
    requestStop(cpu, { reason: 'fault', status: null, error });
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  requestStop(cpu, {
    reason: 'fault',
    status: null,
    error: new EmulatorError('internal-error', `internal error at pc 0x${(cpu.pc >>> 0).toString(16)}: ${message}`),
  });
}

/** Counts the instructions of the current block that retired before the faulting one (at cpu.pc). */
function retirePartialBlock(cpu: Cpu, _lines: DecodedLines): void {
  const block = current;
  current = null;
  if (block === null) return;
  let retired = 0;
  while (retired < block.length && block.lines[retired]!.address !== cpu.pc >>> 0) retired++;
  if (retired > 0 && retired < block.length) {
    cpu.instructions += retired;
    cpu.cycles += block.costPrefix[retired]!;
  }
}

/** Handles whatever raised `cpu.attention`; returns how the slice ends, or null to keep running. */
function serviceAttention(cpu: Cpu): SliceEnd | null {
  cpu.attention = 0;
  if (cpu.stopRequest !== null) return 'stopped';
  if (!cpu.poweredOn) {
    cpu.attention = 1;
    return 'off';
  }
  if (cpu.fiqLine && cpu.maskF === 0) {
    takeInterrupt(cpu, 'fiq');
    if (cpu.stopRequest !== null) return 'stopped';
  } else if (cpu.irqLine && cpu.maskI === 0) {
    takeInterrupt(cpu, 'irq');
    if (cpu.stopRequest !== null) return 'stopped';
  }
  if (cpu.waitingForInterrupt) {
    if (cpu.irqLine || cpu.fiqLine) cpu.waitingForInterrupt = false;
    else {
      cpu.attention = 1;
      return 'waiting';
    }
  }
  if (cpu.waitingForEvent) {
    // WFE wake-up events: the event register, or an interrupt that is not masked.
    if (cpu.eventRegister || (cpu.irqLine && cpu.maskI === 0) || (cpu.fiqLine && cpu.maskF === 0)) {
      cpu.waitingForEvent = false;
      cpu.eventRegister = false;
    } else {
      cpu.attention = 1;
      return 'waiting';
    }
  }
  return null;
}

function takeInterrupt(cpu: Cpu, kind: 'irq' | 'fiq'): void {
  cpu.waitingForInterrupt = false;
  cpu.nextPc = cpu.pc;
  cpu.system.raise(cpu, { kind, pc: cpu.pc >>> 0 });
  cpu.pc = cpu.nextPc;
}
